"""The hub window (汇总库) of a 街道/镇 or 区: opened from 文件 → 新建汇总库/打开汇总库 (issue 16)."""
