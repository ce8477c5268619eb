"""The shared kernel: errors, code lists, dates, field rules, ID numbers, periods, SQL helpers,
settings and paths. Imports no other domain package."""
