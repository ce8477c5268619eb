"""Indicators over 就业困难认定: employment rate, timely service plans, monthly contact."""

from __future__ import annotations

import datetime as dt

from app.assessment.indicators.base import IndicatorResult, ids, make_result
from app.assessment.indicators.shared import (
    EMPLOYED,
    NON_EMPLOYMENT,
    cancelled_as_employed_sql,
    latest_recognitions,
)
from app.core.dates import month_end, months_between
from app.core.period import Period
from app.core.sql import query, to_date
from app.register.active import (
    period_params,
    recognized_persons_sql,
    registration_active_sql,
)

PLAN_DAYS = 30


def difficulty_employment_rate(period: Period, with_registrations: bool = False) -> IndicatorResult:
    """E / (D − X): D = persons with an active recognition in P; per person the latest such recognition
    decides: X = cancelled in P as non-employment, E = cancelled in P as employed ((五)/(六)).

    ``with_registrations`` (the Guangzhou sheets: “……第八条第(六)项及已实现就业创业或就业情形注销失业登记
    的人数”): a person of D whose recognition is not cancelled in P but whose 失业登记 was cancelled in P as
    employed counts in E too."""
    latest = latest_recognitions(period)
    base = [row[0] for row in latest]
    excluded = {pid for pid, _start, _personal, ended in latest if ended == NON_EMPLOYMENT}
    employed = {pid for pid, _start, _personal, ended in latest if ended == EMPLOYED}
    if with_registrations:
        # Registrations active in P and cancelled in P as employed, of persons recognised in P.
        employed.update(
            ids(
                f"SELECT g.person_id FROM registration g WHERE {registration_active_sql('g')} "
                "AND g.cancelled_on BETWEEN ? AND ? "
                f"AND {cancelled_as_employed_sql('registration', 'g')} "
                f"AND g.person_id IN ({recognized_persons_sql()})",
                (*period_params(period), period.start_iso, period.end_iso, *period_params(period)),
            )
        )
        employed -= excluded  # the person's own recognition decides first
    return make_result(
        "difficulty_employment_rate",
        {"with_registrations": True} if with_registrations else {},
        sets={
            "base": ("person", base),
            "excluded": ("person", excluded),
            "employed": ("person", employed),
            "not_employed": ("person", [pid for pid in base if pid not in excluded and pid not in employed]),
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
    latest = latest_recognitions(period)
    first_plan = first_plan_dates(period)
    due: list[int] = []
    late: list[int] = []
    waiting: list[int] = []
    deadlines: dict[int, dt.date] = {}
    days = dt.timedelta(days=PLAN_DAYS)
    for pid, start, _personal, _ended in latest:
        deadline = dt.date.fromisoformat(start) + days
        deadlines[pid] = deadline
        if deadline > period.end:
            waiting.append(pid)
            continue
        due.append(pid)
        plan = first_plan.get(pid)
        if plan is None or plan > deadline:
            late.append(pid)
    return make_result(
        "difficulty_plan_timely",
        {},
        sets={
            "base": ("person", deadlines),
            "due": ("person", due),
            "late": ("person", late),
            "not_yet_due": ("person", waiting),
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


def monthly_contact(period: Period) -> IndicatorResult:
    """Per person with an active recognition in P and each calendar month M inside P during all of
    which a recognition was active: at least one 服务记录 dated in M. *missed* lists the persons with a
    counted month without one; details["months"][person] lists those months (first days)."""
    months = _full_months(period)
    counted: dict[int, list[dt.date]] = {}
    missed: dict[int, list[dt.date]] = {}
    if months:
        firsts = {first.isoformat(): first for first, _last in months}
        values = ", ".join("(?, ?)" for _ in months)
        args = [d.isoformat() for pair in months for d in pair]
        # One row per (person, counted month), with whether a service is dated in that month: the
        # recognitions that cover a whole month (one covering a month inside P is active in P), and a
        # probe of the (person, served_on) index for each.
        for pid, first, lacking in query(
            f"WITH m(first, last) AS (VALUES {values}), "
            "pm AS (SELECT DISTINCT r.person_id AS pid, m.first AS first, m.last AS last "
            "  FROM recognition r JOIN m ON r.recognized_on <= m.first "
            "  AND (r.cancelled_on IS NULL OR r.cancelled_on >= m.last)) "
            "SELECT pid, first, NOT EXISTS (SELECT 1 FROM service s WHERE s.person_id = pm.pid "
            "  AND s.served_on BETWEEN pm.first AND pm.last) FROM pm ORDER BY pid, first",
            args,
        ):
            day = firsts[first]
            counted.setdefault(pid, []).append(day)
            if lacking:
                missed.setdefault(pid, []).append(day)
    base = [row[0] for row in latest_recognitions(period)]
    return make_result(
        "monthly_contact",
        {},
        sets={
            "base": ("person", base),
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
