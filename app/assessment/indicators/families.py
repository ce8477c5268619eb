"""零就业家庭动态清零."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.assessment.indicators.base import IndicatorResult, make_result
from app.core.dates import add_months
from app.core.period import Period
from app.core.sql import query, to_date

# Wide enough for any calendar month before P.start (the exact test is done in Python).
MONTH = dt.timedelta(days=31)


def _judge(period: Period, *, old_failures: bool) -> IndicatorResult:
    to = period.end
    # Candidates: recognised in P, or earlier with the deadline (one calendar month later) in P; with
    # ``old_failures`` every family recognised up to ``to`` (an old one not cleared on ``from`` fails).
    where, args = "z.recognized_on <= ?", [to.isoformat()]
    if not old_failures:
        where, args = "z.recognized_on BETWEEN ? AND ?", [(period.start - MONTH).isoformat(), to.isoformat()]
    rows = query(
        "SELECT z.id, z.household_id, z.recognized_on, z.cleared_on, "
        "  (SELECT MIN(e.started_on) FROM employment e JOIN person p ON p.id = e.person_id "
        "   WHERE p.household_id = z.household_id AND e.started_on >= z.recognized_on) "
        f"FROM zero_family z WHERE {where}",
        args,
    )
    failed: set[int] = set()
    old: set[int] = set()
    pending: set[int] = set()
    cleared: set[int] = set()
    households: set[int] = set()
    info: dict[int, dict[str, Any]] = {}
    for zid, hid, recognized, cleared_on, first_job in rows:
        start = to_date(recognized)
        assert start is not None
        deadline = add_months(start, 1)
        done: dt.date | None = to_date(cleared_on) or to_date(first_job)
        judged = period.contains(start) or period.contains(deadline)
        if not judged:
            # Deadline before ``from`` (or recognised before the candidates' window): only with
            # old_failures, and then failed while still not cleared on ``from``.
            if old_failures and deadline < period.start and (done is None or done > period.start):
                old.add(int(zid))
            else:
                continue
        households.add(int(hid))
        info[int(zid)] = {
            "household_id": int(hid),
            "recognized_on": start,
            "deadline": deadline,
            "cleared_on": done,
        }
        if not judged:
            failed.add(int(zid))
        elif deadline <= to:
            if done is None or done > deadline:
                failed.add(int(zid))
            else:
                cleared.add(int(zid))
        elif done is None or done > to:
            pending.add(int(zid))
        else:
            cleared.add(int(zid))
    sets: dict[str, tuple[str, Any]] = {
        "F": ("zero_family", info),
        "failed": ("zero_family", failed),
        "pending": ("zero_family", pending),
        "cleared": ("zero_family", cleared),
        "households": ("household", households),
    }
    if old_failures:
        sets["old_failed"] = ("zero_family", old)
    return make_result(
        "zero_family_none" if old_failures else "zero_family_cleared",
        {},
        sets=sets,
        met=not failed,
        details={"rows": info},
        empty=not info,
    )


def zero_family_cleared(period: Period) -> IndicatorResult:
    """F = 零就业家庭 rows whose 认定日期 **or deadline** is in P (a family is judged in the period that
    holds its deadline, so one recognised in the last month of a period is not skipped); deadline = the
    calendar month after 认定日期; cleared date = 清零日期 or, when empty, the earliest 就业日期 of a
    household member on or after 认定日期.

    *failed*: deadline <= to and (no cleared date or cleared date > deadline).
    *pending*: deadline > to and not cleared by ``to``. *cleared*: the others (cleared in time).
    Met when nothing failed (F empty is met). Sets hold 零就业家庭 row ids.
    """
    return _judge(period, old_failures=False)


def zero_family_none(period: Period) -> IndicatorResult:
    """Pingdingshan “辖区内认定的零就业家庭动态为零”: as :func:`zero_family_cleared`, and also failed (set
    ``old_failed``, counted in ``failed`` and ``F``): a family whose deadline is before ``from`` and that
    was not cleared in time and is still not cleared on ``from`` — an old family left without work breaks
    “动态为零” in every later period until cleared."""
    return _judge(period, old_failures=True)
