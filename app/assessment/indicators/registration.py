"""Indicators over 失业登记: reemployment rate, excluded share, long-term unemployed, served unemployed."""

from __future__ import annotations

import datetime as dt

from app.assessment.indicators.base import IndicatorResult, make_result
from app.assessment.indicators.shared import EMPLOYED, NON_EMPLOYMENT, latest_registrations
from app.core.dates import add_months
from app.core.period import Period
from app.core.sql import positive_int, query, to_date
from app.register.active import (
    day_params,
    period_params,
    registered_persons_sql,
    registration_open_sql,
)

COMPLETE_LOSS = "完全丧失劳动能力"


def reemployment_rate(period: Period) -> IndicatorResult:
    """E / (B − X): B = persons whose latest registration active in P is not 个人原因未就业; X / E = those of
    B whose registration was cancelled in P as non-employment / employed."""
    base: list[int] = []
    excluded: list[int] = []
    employed: list[int] = []
    kept: list[int] = []
    for pid, _start, personal, ended in latest_registrations(period):
        if personal:
            continue
        base.append(pid)
        if ended == NON_EMPLOYMENT:
            excluded.append(pid)
        elif ended == EMPLOYED:
            employed.append(pid)
        else:
            kept.append(pid)
    return make_result(
        "reemployment_rate",
        {},
        sets={
            "base": ("person", base),
            "excluded": ("person", excluded),
            "employed": ("person", employed),
            "not_employed": ("person", kept),
        },
        numerator=len(employed),
        denominator=len(base) - len(excluded),
        rate=True,
    )


def excluded_share(period: Period) -> IndicatorResult:
    """Among persons with an active registration in P (latest per person), the share marked
    个人原因未就业."""
    latest = latest_registrations(period)
    base = [row[0] for row in latest]
    personal = [pid for pid, _start, is_personal, _ended in latest if is_personal]
    return make_result(
        "excluded_share",
        {},
        sets={"base": ("person", base), "excluded": ("person", personal)},
        numerator=len(personal),
        denominator=len(base),
        rate=True,
    )


def long_term_unemployed(period: Period, months: int = 12) -> IndicatorResult:
    """Persons whose registration is open on ``to`` (注销日期 empty or > to), not 个人原因未就业, with
    登记日期 + ``months`` calendar months <= to. Met when there are none."""
    months = positive_int(months, "月数")
    to = period.end
    rows = query(
        "SELECT person_id, registered_on FROM registration "
        f"WHERE {registration_open_sql()} AND personal_reason = 0 "
        "ORDER BY person_id, registered_on",
        day_params(period.end),
    )
    open_on_to: set[int] = set()
    long_term: dict[int, dt.date] = {}
    for pid, registered in rows:
        start = to_date(registered)
        assert start is not None
        open_on_to.add(int(pid))
        if add_months(start, months) <= to:
            long_term[int(pid)] = start
    return make_result(
        "long_term_unemployed",
        {"months": months},
        sets={"open": ("person", open_on_to), "long_term": ("person", long_term)},
        numerator=len(long_term),
        met=not long_term,
        details={"registered_on": long_term},
    )


def served_unemployed(period: Period, min: int = 1) -> IndicatorResult:
    """Persons with an active registration in P, 劳动能力 not 完全丧失, 就业意愿=是: those with >= ``min``
    服务记录 dated in P. Met when all of them are."""
    least = positive_int(min, "服务次数")
    rows = query(
        # The correlated count walks the (person, served_on) index per person: far cheaper than
        # grouping every service of the period.
        "SELECT p.id, (SELECT COUNT(*) FROM service s WHERE s.person_id = p.id "
        "              AND s.served_on BETWEEN ? AND ?) FROM person p "
        f"WHERE p.wants_work = 1 AND p.labor_ability <> ? AND p.id IN ({registered_persons_sql()})",
        (period.start_iso, period.end_iso, COMPLETE_LOSS, *period_params(period)),
    )
    base = {int(r[0]) for r in rows}
    served = {int(r[0]) for r in rows if int(r[1]) >= least}
    return make_result(
        "served_unemployed",
        {"min": least},
        sets={
            "base": ("person", base),
            "served": ("person", served),
            "not_served": ("person", base - served),
        },
        numerator=len(served),
        denominator=len(base),
        rate=True,
        met=len(served) == len(base),
        details={"services": {int(r[0]): int(r[1]) for r in rows if int(r[1]) < least}},
    )
