"""The 工作台: the to-do list (the standards' rules seen from today) and the month's key numbers."""
