"""The reporting period P = [start, end] every count, document and package is computed over."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.errors import ValidationError


@dataclass(frozen=True)
class Period:
    """The reporting period P = [start, end], inclusive at both ends."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("报告期结束日期早于开始日期")

    @classmethod
    def guangzhou_default(cls, year: int) -> Period:
        """评估取数自 (year-1) 年 10 月至 year 年 9 月."""
        return cls(dt.date(year - 1, 10, 1), dt.date(year, 9, 30))

    def contains(self, d: dt.date | None) -> bool:
        return d is not None and self.start <= d <= self.end

    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()
