"""Dates: parsing every format a station's ledgers use, and calendar-month arithmetic."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re

from app.core.errors import ValidationError
from app.core.textnorm import clean_token

_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
# A datetime text as Excel or another program may write it: keep the date part.
_WITH_TIME = re.compile(r"^(\S+)[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$")

FORMATS_HINT = "2024-05-01、2024/5/1、2024.5.1、20240501 或 2024年5月1日"


def _partial(text: str, label: str) -> ValidationError | None:
    """The message for a year (2024) or a year and month (202405, 2024-05) written where a day is due."""
    m = re.fullmatch(r"(\d{4})(?:[-/.年]?(\d{1,2})月?)?", text)
    if m is None or not 1900 <= int(m.group(1)) <= 2999:
        return None
    if m.group(2) is None:
        return ValidationError(f"{label} {text} 只有年份，不是日期，应写作 {FORMATS_HINT}")
    if 1 <= int(m.group(2)) <= 12:
        return ValidationError(f"{label} {text} 只有年和月，没有日，应写作 {FORMATS_HINT}")
    return None


def parse_date(value: object, label: str = "日期") -> dt.date | None:
    """A date from a cell or a form field; None for an empty value.

    Accepts ``datetime.date``/``datetime``, the texts 2024-05-01, 2024/5/1, 2024.5.1, 20240501,
    2024年5月1日 (full-width digits too), and the number 20240501. A number is NOT taken as an Excel
    serial: a cell with a date format reaches here as a date (the reader converts it), so a number is
    what the user typed: 2024 and 202405 are refused (a year, a month), as is an eight-digit number that
    is no day. Raises ValidationError naming ``label`` for anything else, including a date that does not
    exist (2023-02-29).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValidationError(f"{label}格式不对")
    if isinstance(value, int | float):
        if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
            raise ValidationError(f"{label} {value} 不是日期，应写作 {FORMATS_HINT}")
        n = int(value)
        if 19000101 <= n <= 29991231:
            return parse_date(str(n), label)
        partial = _partial(str(n), label)
        if partial is not None:
            raise partial
        raise ValidationError(
            f"{label} {value} 不是日期（数字不会当作日期，除非单元格设为日期格式），应写作 {FORMATS_HINT}"
        )
    text = clean_token(str(value))
    if not text:
        return None
    m = _WITH_TIME.match(text)
    if m:
        text = m.group(1)
    for pat in _PATTERNS:
        m = pat.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                return dt.date(y, mo, d)
            except ValueError:
                raise ValidationError(f"{label} {text} 不存在（没有这一天）") from None
    partial = _partial(text, label)
    if partial is not None:
        raise partial
    raise ValidationError(f"{label} {text} 格式不对，应写作 {FORMATS_HINT}")


def add_months(d: dt.date, months: int) -> dt.date:
    """Same day ``months`` calendar months later, clamped to the month's last day.

    2024-01-31 + 1 -> 2024-02-29.
    """
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(d.day, last))


def add_years(d: dt.date, years: int) -> dt.date:
    return add_months(d, 12 * years)


def age_on(birth: dt.date, on: dt.date) -> int:
    """Completed years of age on ``on``."""
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day):
        years -= 1
    return years


def month_start(d: dt.date) -> dt.date:
    return d.replace(day=1)


def month_end(d: dt.date) -> dt.date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    """First days of every calendar month touching [first, last]."""
    out = []
    cur = month_start(first)
    while cur <= last:
        out.append(cur)
        cur = add_months(cur, 1)
    return out


def fmt(d: dt.date | None) -> str:
    return d.isoformat() if d else ""


def fmt_cn(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


def years_on(start: dt.date, years: int, to: dt.date) -> bool:
    """start + ``years`` calendar years <= to."""
    return add_years(start, years) <= to
