"""The one rule for the date of something that happened to a person (a service, a plan, the start of
work): not later than today, not before the person's birth.

The windows (:mod:`app.casework`) and the workbook importer (:mod:`app.workbook.importer`) both call
:func:`check_event_date`, so a workbook cannot bring in a record the window would refuse.
"""

from __future__ import annotations

import datetime as dt

from app.core.errors import ValidationError


def check_event_date(
    day: dt.date,
    label: str,
    *,
    today: dt.date | None = None,
    birth: dt.date | None = None,
    name: str = "",
) -> None:
    """Raise ValidationError (Chinese message naming ``label``) when ``day`` is after ``today`` or before
    ``birth`` (the birth date of the person called ``name``). A check whose bound is None is skipped.
    The day itself is allowed on both bounds."""
    if today is not None and day > today:
        raise ValidationError(f"{label} {day} 晚于今天（{today}），不能记录将来的事")
    if birth is not None and day < birth:
        raise ValidationError(f"{label} {day} 早于{name or '此人'}的出生日期 {birth}")
