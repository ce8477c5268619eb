"""站点信息: figures of the station profile that condition lists test (场地面积, months running)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from app.assessment.indicators.base import IndicatorResult, make_result
from app.core.dates import add_months
from app.core.period import Period
from app.core.sql import query, to_date

NO_AREA = "未填写站点面积"
NO_OPENING = "未填写开始运行日期"


def _profile_value(column: str) -> object:
    rows = query(f"SELECT {column} FROM station_profile ORDER BY id LIMIT 1")
    return rows[0][0] if rows else None


def station_area(period: Period) -> IndicatorResult:
    """StationProfile.area_m2 (场地面积，平方米) as an exact value: ``value`` is the area as a Fraction,
    details["area_m2"] the Decimal. Not filled: value None, details["empty"] and details["note"]."""
    raw = _profile_value("area_m2")
    area: Decimal | None = None
    if raw is not None and str(raw).strip():
        try:
            area = Decimal(str(raw).strip())
        except InvalidOperation:
            area = None
        if area is not None and not area.is_finite():
            area = None
    if area is None:
        return make_result("station_area", {}, sets={}, details={"note": NO_AREA}, empty=True)
    result = make_result("station_area", {}, sets={}, details={"area_m2": area})
    result.value = Fraction(area)
    return result


def running_months(opened: object, to: object) -> int:
    """Full calendar months from ``opened`` to ``to``: the largest n >= 0 with opened + n calendar months
    <= to (a month after 31 January is the last day of February); 0 when ``opened`` is after ``to``."""
    first, last = to_date(opened), to_date(to)
    if first is None or last is None or first > last:
        return 0
    n = (last.year - first.year) * 12 + (last.month - first.month)
    while n > 0 and add_months(first, n) > last:
        n -= 1
    return n


def station_running_months(period: Period) -> IndicatorResult:
    """Full calendar months the station has run from StationProfile.opened_on (开始运行日期) to ``to``:
    numerator and counts["months"]; details["opened_on"]. Not filled: numerator None, details["empty"] and
    details["note"]."""
    opened = to_date(_profile_value("opened_on"))
    if opened is None:
        return make_result("station_running_months", {}, sets={}, details={"note": NO_OPENING}, empty=True)
    months = running_months(opened, period.end)
    return make_result(
        "station_running_months",
        {},
        sets={},
        numerator=months,
        counts={"months": months},
        details={"opened_on": opened},
    )
