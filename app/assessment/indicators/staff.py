"""工作人员: years of employment-service experience."""

from __future__ import annotations

import datetime as dt

from app.assessment.indicators.base import IndicatorResult, make_result
from app.core.dates import years_on
from app.core.period import Period
from app.core.sql import positive_int, query, to_date

FULL_TIME = "专职"


def staff_experience(period: Period, years: int = 5) -> IndicatorResult:
    """专职 staff whose 从事就业服务起始日期 + ``years`` calendar years <= to (numerator = how many)."""
    years = positive_int(years, "年限")
    rows = query(
        "SELECT id, started_service_on FROM staff WHERE nature = ? AND started_service_on IS NOT NULL "
        "AND started_service_on <= ?",
        (FULL_TIME, period.end_iso),
    )
    full_time = {int(r[0]) for r in query("SELECT id FROM staff WHERE nature = ?", (FULL_TIME,))}
    experienced: dict[int, dt.date] = {}
    for sid, started in rows:
        d = to_date(started)
        if d is not None and years_on(d, years, period.end):
            experienced[int(sid)] = d
    return make_result(
        "staff_experience",
        {"years": years},
        sets={"full_time": ("staff", full_time), "experienced": ("staff", experienced)},
        numerator=len(experienced),
        details={"started_service_on": experienced},
    )
