"""Figures the application forms and the monthly report print, each one SQL count over the ledgers.

Kept apart from the layouts so that tests (and the window) can compare a printed figure with the
query it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.codes import REGISTRATION_CANCEL_REASONS, CancelClass
from app.core.period import Period
from app.core.sql import query
from app.register.active import (
    day_params,
    recognition_open_sql,
    registration_open_sql,
    zero_family_day_params,
    zero_family_open_sql,
)


def scalar(sql: str, args: tuple[object, ...] = ()) -> int:
    rows = query(sql, args)
    return int(rows[0][0] or 0) if rows else 0


def grouped(sql: str, args: tuple[object, ...] = ()) -> list[tuple[str, int]]:
    return [(str(r[0] or "未填写"), int(r[1] or 0)) for r in query(sql, args)]


def _p(period: Period) -> tuple[str, str]:
    return period.start_iso, period.end_iso


def registered_unemployed_on(day: dt.date) -> int:
    """Persons whose 失业登记 is open on ``day`` (登记日期 <= day, 注销日期 empty or after it)."""
    return scalar(
        f"SELECT COUNT(DISTINCT person_id) FROM registration WHERE {registration_open_sql()}", day_params(day)
    )


def difficulty_on(day: dt.date) -> int:
    """Persons recognised as 就业困难人员 on ``day``."""
    return scalar(
        f"SELECT COUNT(DISTINCT person_id) FROM recognition WHERE {recognition_open_sql()}", day_params(day)
    )


def zero_families_open_on(day: dt.date) -> int:
    """零就业家庭 recognised on or before ``day`` and not cleared on it (no 清零日期 and no member in
    work since the recognition)."""
    return scalar(
        f"SELECT COUNT(*) FROM zero_family z WHERE {zero_family_open_sql('z')}", zero_family_day_params(day)
    )


def surveys(period: Period) -> int:
    return scalar("SELECT COUNT(*) FROM person WHERE survey_date BETWEEN ? AND ?", _p(period))


def vacancies(period: Period) -> tuple[int, int]:
    """(postings collected in P, head count they ask for)."""
    rows = query(
        "SELECT COUNT(*), SUM(headcount) FROM vacancy WHERE collected_on BETWEEN ? AND ?", _p(period)
    )
    return int(rows[0][0] or 0), int(rows[0][1] or 0)


def services(period: Period) -> tuple[int, int]:
    """(服务记录 in P, persons served)."""
    rows = query(
        "SELECT COUNT(*), COUNT(DISTINCT person_id) FROM service WHERE served_on BETWEEN ? AND ?", _p(period)
    )
    return int(rows[0][0] or 0), int(rows[0][1] or 0)


def referrals(period: Period) -> tuple[int, int]:
    """(推荐记录 in P, of them 已录用)."""
    rows = query(
        "SELECT COUNT(*), SUM(outcome = '已录用') FROM referral WHERE referred_on BETWEEN ? AND ?", _p(period)
    )
    return int(rows[0][0] or 0), int(rows[0][1] or 0)


@dataclass(frozen=True)
class MonthFigures:
    period: Period
    surveys: int
    registrations_new: int
    registrations_cancelled: int
    cancelled_by_class: list[tuple[str, int]]
    registered_at_end: int
    recognitions_new: int
    recognitions_cancelled: int
    difficulty_at_end: int
    employment_starts: int
    employment_by_form: list[tuple[str, int]]
    services: int
    persons_served: int
    services_by_kind: list[tuple[str, int]]
    vacancies: int
    vacancy_headcount: int
    vacancies_by_kind: list[tuple[str, int]]
    referrals: int
    referrals_by_outcome: list[tuple[str, int]]
    followed_up: int
    trainings: int
    trainings_by_kind: list[tuple[str, int]]
    trainings_completed: int
    events: list[tuple[str, str, str, int | None]]  # date, kind, name, participants


CLASS_TEXT = {
    CancelClass.EMPLOYED: "实现就业",
    CancelClass.NON_EMPLOYMENT: "非就业情形",
    CancelClass.KEPT: "其他原因",
}


def month_figures(period: Period) -> MonthFigures:
    """Everything the 月度工作信息报送表 shows for the month ``period``."""
    a = _p(period)
    by_class: dict[str, int] = {v: 0 for v in CLASS_TEXT.values()}
    for reason, n in query(
        "SELECT cancel_reason, COUNT(*) FROM registration WHERE cancelled_on BETWEEN ? AND ? "
        "GROUP BY cancel_reason",
        a,
    ):
        cls = REGISTRATION_CANCEL_REASONS.get(str(reason or "").strip(), CancelClass.KEPT)
        by_class[CLASS_TEXT[cls]] += int(n)
    n_services, persons = services(period)
    n_vac, headcount = vacancies(period)
    return MonthFigures(
        period=period,
        surveys=surveys(period),
        registrations_new=scalar("SELECT COUNT(*) FROM registration WHERE registered_on BETWEEN ? AND ?", a),
        registrations_cancelled=scalar(
            "SELECT COUNT(*) FROM registration WHERE cancelled_on BETWEEN ? AND ?", a
        ),
        cancelled_by_class=list(by_class.items()),
        registered_at_end=registered_unemployed_on(period.end),
        recognitions_new=scalar("SELECT COUNT(*) FROM recognition WHERE recognized_on BETWEEN ? AND ?", a),
        recognitions_cancelled=scalar(
            "SELECT COUNT(*) FROM recognition WHERE cancelled_on BETWEEN ? AND ?", a
        ),
        difficulty_at_end=difficulty_on(period.end),
        employment_starts=scalar("SELECT COUNT(*) FROM employment WHERE started_on BETWEEN ? AND ?", a),
        employment_by_form=grouped(
            "SELECT form, COUNT(*) FROM employment WHERE started_on BETWEEN ? AND ? GROUP BY form "
            "ORDER BY COUNT(*) DESC, form",
            a,
        ),
        services=n_services,
        persons_served=persons,
        services_by_kind=grouped(
            "SELECT kind, COUNT(*) FROM service WHERE served_on BETWEEN ? AND ? GROUP BY kind "
            "ORDER BY COUNT(*) DESC, kind",
            a,
        ),
        vacancies=n_vac,
        vacancy_headcount=headcount,
        vacancies_by_kind=grouped(
            "SELECT kind, COUNT(*) FROM vacancy WHERE collected_on BETWEEN ? AND ? GROUP BY kind "
            "ORDER BY COUNT(*) DESC, kind",
            a,
        ),
        referrals=scalar("SELECT COUNT(*) FROM referral WHERE referred_on BETWEEN ? AND ?", a),
        referrals_by_outcome=grouped(
            "SELECT outcome, COUNT(*) FROM referral WHERE referred_on BETWEEN ? AND ? GROUP BY outcome "
            "ORDER BY COUNT(*) DESC, outcome",
            a,
        ),
        followed_up=scalar("SELECT COUNT(*) FROM referral WHERE followed_up_on BETWEEN ? AND ?", a),
        trainings=scalar("SELECT COUNT(*) FROM training_referral WHERE referred_on BETWEEN ? AND ?", a),
        trainings_by_kind=grouped(
            "SELECT kind, COUNT(*) FROM training_referral WHERE referred_on BETWEEN ? AND ? GROUP BY kind "
            "ORDER BY COUNT(*) DESC, kind",
            a,
        ),
        trainings_completed=scalar(
            "SELECT COUNT(*) FROM training_referral WHERE completed_on BETWEEN ? AND ?", a
        ),
        events=[
            (str(r[0])[:10], str(r[1]), str(r[2]), None if r[3] is None else int(r[3]))
            for r in query(
                "SELECT date, kind, name, participants FROM event WHERE date BETWEEN ? AND ? "
                "ORDER BY date, id",
                a,
            )
        ],
    )
