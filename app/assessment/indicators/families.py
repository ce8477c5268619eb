"""零就业家庭动态清零."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.assessment.indicators.base import IndicatorResult, make_result
from app.core.dates import add_months
from app.core.period import Period
from app.core.sql import query, to_date


def zero_family_cleared(period: Period) -> IndicatorResult:
    """F = 零就业家庭 rows with 认定日期 in P; deadline = the calendar month after 认定日期; cleared date =
    清零日期 or, when empty, the earliest 就业日期 of a household member on or after 认定日期.

    *failed*: deadline <= to and (no cleared date or cleared date > deadline).
    *pending*: deadline > to and not cleared by ``to``. *cleared*: the others (cleared in time).
    Met when nothing failed (F empty is met). Sets hold 零就业家庭 row ids.
    """
    rows = query(
        "SELECT z.id, z.household_id, z.recognized_on, z.cleared_on, "
        "  (SELECT MIN(e.started_on) FROM employment e JOIN person p ON p.id = e.person_id "
        "   WHERE p.household_id = z.household_id AND e.started_on >= z.recognized_on) "
        "FROM zero_family z WHERE z.recognized_on BETWEEN ? AND ?",
        (period.start_iso, period.end_iso),
    )
    to = period.end
    failed: set[int] = set()
    pending: set[int] = set()
    cleared: set[int] = set()
    households: set[int] = set()
    info: dict[int, dict[str, Any]] = {}
    for zid, hid, recognized, cleared_on, first_job in rows:
        start = to_date(recognized)
        assert start is not None
        deadline = add_months(start, 1)
        done: dt.date | None = to_date(cleared_on) or to_date(first_job)
        households.add(int(hid))
        info[int(zid)] = {
            "household_id": int(hid),
            "recognized_on": start,
            "deadline": deadline,
            "cleared_on": done,
        }
        if deadline <= to:
            if done is None or done > deadline:
                failed.add(int(zid))
            else:
                cleared.add(int(zid))
        elif done is None or done > to:
            pending.add(int(zid))
        else:
            cleared.add(int(zid))
    return make_result(
        "zero_family_cleared",
        {},
        sets={
            "F": ("zero_family", info),
            "failed": ("zero_family", failed),
            "pending": ("zero_family", pending),
            "cleared": ("zero_family", cleared),
            "households": ("household", households),
        },
        met=not failed,
        details={"rows": info},
        empty=not info,
    )
