"""Data facts the assisted items' proposals use: staff, the register, surveys, events, job seekers and
complaints. They are indicators like the others (registered in ``INDICATORS``): the scoring engine knows
no data function of its own.

Every function returns an :class:`IndicatorResult`; numerators are plain counts unless a docstring says
otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from app.assessment.indicators.base import IndicatorResult, ids, make_result
from app.core.codes import EVENT_TYPE, STAFF_NATURE
from app.core.dates import add_months, add_years
from app.core.period import Period
from app.core.sql import code_value, positive_int, query


def _ids(sql: str, args: tuple[Any, ...] = ()) -> list[int]:
    return ids(sql, args)


def _count(sql: str, args: tuple[Any, ...] = ()) -> int:
    rows = query(sql, args)
    return int(rows[0][0] or 0) if rows else 0


def staff_count(period: Period, nature: str | None = None) -> IndicatorResult:
    """Staff on the 工作人员 sheet (of one 岗位性质 when given)."""
    if nature is not None:
        nature = code_value(nature, STAFF_NATURE, "岗位性质")
        staff = _ids("SELECT id FROM staff WHERE nature = ?", (nature,))
    else:
        staff = _ids("SELECT id FROM staff")
    return make_result(
        "staff_count",
        {"nature": nature} if nature else {},
        sets={"staff": ("staff", staff)},
        numerator=len(staff),
    )


# Only staff who carry the employment service count for “参加培训” (STANDARDS.md, correction): 专职 staff
# (the sheet has no “主要负责” column: a 兼职 person in charge is ticked by the station).
TRAINED_NATURE = "专职"


def staff_trained(period: Period) -> IndicatorResult:
    """专职 staff whose 最近培训日期 is in P (a 志愿者's or 兼职 helper's training proposes nothing)."""
    trained = _ids(
        "SELECT id FROM staff WHERE nature = ? AND last_trained_on BETWEEN ? AND ?",
        (TRAINED_NATURE, period.start_iso, period.end_iso),
    )
    return make_result("staff_trained", {}, sets={"trained": ("staff", trained)}, numerator=len(trained))


def register_size(period: Period) -> IndicatorResult:
    """Persons in the labor-force register."""
    n = _count("SELECT COUNT(*) FROM person")
    return make_result("register_size", {}, sets={}, numerator=n, counts={"persons": n})


def survey_fresh(period: Period, months: int = 12) -> IndicatorResult:
    """Persons whose 调查日期 lies within ``months`` calendar months before ``to`` (after to − months,
    not after ``to``) ÷ persons in the register."""
    months = positive_int(months, "月数")
    since = add_months(period.end, -months)
    # One statement: the register's size, and the stale ids from two ranges of the survey_date index (a
    # column NOT NULL: no row of the table is read), joined as one text value.
    rows = query(
        "SELECT (SELECT COUNT(*) FROM person), "
        "(SELECT group_concat(id) FROM person WHERE survey_date <= ? OR survey_date > ?)",
        (since.isoformat(), period.end_iso),
    )
    total = int(rows[0][0] or 0)
    stale: list[int] = json.loads(f"[{rows[0][1]}]") if rows[0][1] is not None else []
    return make_result(
        "survey_fresh",
        {"months": months},
        sets={"stale": ("person", stale)},
        numerator=total - len(stale),
        denominator=total,
        rate=True,
    )


def surveys_in_period(period: Period) -> IndicatorResult:
    """Persons with 调查日期 in P."""
    n = _count(
        "SELECT COUNT(*) FROM person WHERE survey_date BETWEEN ? AND ?", (period.start_iso, period.end_iso)
    )
    return make_result("surveys_in_period", {}, sets={}, numerator=n, counts={"surveyed": n})


def events(period: Period, kind: str | None = None) -> IndicatorResult:
    """活动 dated in P (of one 活动类型 when given)."""
    args: tuple[Any, ...] = (period.start_iso, period.end_iso)
    sql = "SELECT id FROM event WHERE date BETWEEN ? AND ?"
    if kind is not None:
        kind = code_value(kind, EVENT_TYPE, "活动类型")
        sql += " AND kind = ?"
        args = (*args, kind)
    found = _ids(sql, args)
    return make_result(
        "events", {"kind": kind} if kind else {}, sets={"events": ("event", found)}, numerator=len(found)
    )


def job_seekers(period: Period) -> IndicatorResult:
    """Job seekers (就业意愿=是, 就业状态 未就业; numerator) and 推荐记录 dated in P (set ``referrals``).
    details["seekers_and_referrals"]: both exist (the Guangzhou proposal for 求职登记和岗位推荐记录)."""
    seekers = _ids("SELECT id FROM person WHERE wants_work = 1 AND employment_status = '未就业'")
    referrals = _ids(
        "SELECT id FROM referral WHERE referred_on BETWEEN ? AND ?", (period.start_iso, period.end_iso)
    )
    return make_result(
        "job_seekers",
        {},
        sets={"seekers": ("person", seekers), "referrals": ("referral", referrals)},
        numerator=len(seekers),
        details={"seekers_and_referrals": bool(seekers) and bool(referrals)},
    )


def job_seeking_registrations(period: Period) -> IndicatorResult:
    """Persons with a 求职登记 dated in P (numerator, set ``registered``; ``counts["registrations"]`` the
    rows) and 推荐记录 dated in P (set ``referrals``). details["registered_and_referred"]: both exist (a
    proposal for “有求职登记记录、岗位推荐记录”)."""
    p = (period.start_iso, period.end_iso)
    # One statement for the persons and the rows: grouped along the (person, registered_on) index, the
    # persons come ascending and each with how many rows.
    rows = query(
        "SELECT group_concat(person_id), SUM(n) FROM (SELECT person_id, COUNT(*) AS n FROM job_seeking "
        "WHERE +registered_on BETWEEN ? AND ? GROUP BY person_id)",
        p,
    )
    joined, total = rows[0] if rows else (None, None)
    registered: list[int] = json.loads(f"[{joined}]") if joined is not None else []
    registrations = int(total or 0)
    referrals = _ids("SELECT id FROM referral WHERE referred_on BETWEEN ? AND ?", p)
    return make_result(
        "job_seeking_registrations",
        {},
        sets={"registered": ("person", registered), "referrals": ("referral", referrals)},
        numerator=len(registered),
        counts={"registrations": registrations},
        details={"registered_and_referred": bool(registered) and bool(referrals)},
    )


def valid_complaints(period: Period, years: int = 0) -> IndicatorResult:
    """投诉 with 有效投诉=是 dated in P, or, with ``years``, in the ``years`` years ending on ``to``
    (from ``to`` − years + 1 day). Met when there are none."""
    if years:
        years = positive_int(years, "年数")
    start = add_years(period.end, -years) + dt.timedelta(days=1) if years else period.start
    found = _ids(
        "SELECT id FROM complaint WHERE valid = 1 AND date BETWEEN ? AND ?",
        (start.isoformat(), period.end_iso),
    )
    return make_result(
        "valid_complaints",
        {"years": years} if years else {},
        sets={"complaints": ("complaint", found)},
        numerator=len(found),
        met=not found,
        details={"from": start},
    )


def complaint_channel(period: Period) -> IndicatorResult:
    """Whether the station profile publishes a complaint channel (投诉渠道 not empty)."""
    rows = query("SELECT complaint_channel FROM station_profile ORDER BY id LIMIT 1")
    channel = str(rows[0][0] or "").strip() if rows else ""
    return make_result("complaint_channel", {}, sets={}, met=bool(channel), details={"channel": channel})
