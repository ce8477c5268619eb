"""The hub of a 街道/镇 or a 区: registered stations, received packages, status and reports."""
