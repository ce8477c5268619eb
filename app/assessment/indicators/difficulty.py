"""Indicators over 就业困难认定: employment rate, timely service plans, monthly contact."""

from __future__ import annotations

import datetime as dt

from app.assessment.indicators.base import IndicatorResult, make_result
from app.core.codes import CancelClass
from app.core.dates import month_end, months_between
from app.core.period import Period
from app.core.sql import query, to_date
from app.register.active import (
    Span,
    active_recognitions,
    active_registrations,
    cancelled_in,
    latest_per_person,
    period_params,
    recognition_class,
    recognized_persons_sql,
    registration_class,
)

PLAN_DAYS = 30


def difficulty_employment_rate(period: Period, with_registrations: bool = False) -> IndicatorResult:
    """E / (D − X): D = persons with an active recognition in P; per person the latest such recognition
    decides: X = cancelled in P as non-employment, E = cancelled in P as employed ((五)/(六)).

    ``with_registrations`` (the Guangzhou sheets: “……第八条第(六)项及已实现就业创业或就业情形注销失业登记
    的人数”): a person of D whose recognition is not cancelled in P but whose 失业登记 was cancelled in P as
    employed counts in E too."""
    latest = latest_per_person(active_recognitions(period))
    excluded: set[int] = set()
    employed: set[int] = set()
    for pid, s in latest.items():
        if not cancelled_in(s, period):
            continue
        if recognition_class(s.reason) is CancelClass.EMPLOYED:
            employed.add(pid)
        else:
            excluded.add(pid)
    if with_registrations:
        open_ones = {pid for pid, s in latest.items() if not cancelled_in(s, period)}
        for span in active_registrations(period):
            if (
                span.person_id in open_ones
                and cancelled_in(span, period)
                and registration_class(span.reason) is CancelClass.EMPLOYED
            ):
                employed.add(span.person_id)
    base = set(latest)
    return make_result(
        "difficulty_employment_rate",
        {"with_registrations": True} if with_registrations else {},
        sets={
            "base": ("person", base),
            "excluded": ("person", excluded),
            "employed": ("person", employed),
            "not_employed": ("person", base - excluded - employed),
        },
        numerator=len(employed),
        denominator=len(base) - len(excluded),
        rate=True,
    )


def first_plan_dates(period: Period) -> dict[int, dt.date]:
    """Per person with a recognition active in P: the 制定日期 of their earliest 服务计划 (persons without
    a plan are absent). Shared by ``difficulty_plan_timely`` and the to-do reminders."""
    out: dict[int, dt.date] = {}
    for pid, made in query(
        "SELECT person_id, MIN(made_on) FROM service_plan "
        f"WHERE person_id IN ({recognized_persons_sql()}) GROUP BY person_id",
        period_params(period),
    ):
        d = to_date(made)
        if d is not None:
            out[int(pid)] = d
    return out


def difficulty_plan_timely(period: Period) -> IndicatorResult:
    """Per person with an active recognition in P (the latest): deadline = 认定日期 + 30 days; *late*
    when deadline <= to and no 服务计划 has 制定日期 <= deadline."""
    latest = latest_per_person(active_recognitions(period))
    first_plan = first_plan_dates(period)
    due: set[int] = set()
    late: set[int] = set()
    deadlines: dict[int, dt.date] = {}
    for pid, s in latest.items():
        deadline = s.start + dt.timedelta(days=PLAN_DAYS)
        deadlines[pid] = deadline
        if deadline > period.end:
            continue
        due.add(pid)
        plan = first_plan.get(pid)
        if plan is None or plan > deadline:
            late.add(pid)
    return make_result(
        "difficulty_plan_timely",
        {},
        sets={
            "base": ("person", latest),
            "due": ("person", due),
            "late": ("person", late),
            "not_yet_due": ("person", set(latest) - due),
        },
        numerator=len(late),
        met=not late,
        details={"deadline": deadlines},
    )


def _full_months(period: Period) -> list[tuple[dt.date, dt.date]]:
    """(first day, last day) of every calendar month lying entirely inside P."""
    out = []
    for first in months_between(period.start, period.end):
        last = month_end(first)
        if first >= period.start and last <= period.end:
            out.append((first, last))
    return out


def _covers(spans: list[Span], first: dt.date, last: dt.date) -> bool:
    return any(s.start <= first and (s.end is None or s.end >= last) for s in spans)


def monthly_contact(period: Period) -> IndicatorResult:
    """Per person with an active recognition in P and each calendar month M inside P during all of
    which a recognition was active: at least one 服务记录 dated in M. *missed* lists the persons with a
    counted month without one; details["months"][person] lists those months (first days)."""
    by_person: dict[int, list[Span]] = {}
    for s in active_recognitions(period):
        by_person.setdefault(s.person_id, []).append(s)
    months = _full_months(period)
    counted: dict[int, list[dt.date]] = {}
    for pid, spans in by_person.items():
        mine = [first for first, last in months if _covers(spans, first, last)]
        if mine:
            counted[pid] = mine
    contacted: set[tuple[int, str]] = set()
    if counted and months:
        contacted = {
            (int(pid), str(ym))
            for pid, ym in query(
                "SELECT DISTINCT person_id, substr(served_on, 1, 7) FROM service "
                f"WHERE served_on BETWEEN ? AND ? AND person_id IN ({recognized_persons_sql()})",
                (months[0][0].isoformat(), months[-1][1].isoformat(), *period_params(period)),
            )
        }
    missed: dict[int, list[dt.date]] = {}
    for pid, firsts in counted.items():
        lacking = [m for m in firsts if (pid, m.isoformat()[:7]) not in contacted]
        if lacking:
            missed[pid] = lacking
    return make_result(
        "monthly_contact",
        {},
        sets={
            "base": ("person", by_person),
            "counted": ("person", counted),
            "missed": ("person", missed),
        },
        numerator=len(missed),
        met=not missed,
        counts={
            "person_months": sum(len(v) for v in counted.values()),
            "missed_months": sum(len(v) for v in missed.values()),
            "months_in_period": len(months),
        },
        details={"months": missed, "counted_months": counted},
    )
