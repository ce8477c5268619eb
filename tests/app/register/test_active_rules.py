"""The two active-in-period rules pinned through every caller.

*Active in P* (a row cancelled on P.start was active in P) and *open on d* (a row cancelled on d has
ended on d) are each one SQL fragment in ``app.register.active``. Every caller gets a probe below that
builds the boundary case and answers whether the caller applied the rule; the first tests say every
probe holds, the mutation tests change one comparison in ``app.register.active`` and show that every
probe of that rule then fails — so no caller can drift to its own comparison unnoticed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.assessment.indicators.difficulty import (
    difficulty_employment_rate,
    first_plan_dates,
)
from app.assessment.indicators.registration import long_term_unemployed, reemployment_rate, served_unemployed
from app.assessment.indicators.training import training_referral_level
from app.casework import groups
from app.core.period import Period
from app.documents import figures
from app.documents.ledgers import LEDGERS
from app.register import active, listing
from app.workbench import home, reminders
from db.models import Person
from tests.app.assessment.indicators.conftest import D, Ledger

P = Period(D(2024, 1, 1), D(2024, 3, 31))
DAY = D(2024, 2, 10)
BEFORE = D(2023, 6, 1)

Probe = Callable[[Ledger], bool]


# ---------------------------------------------------------------- active in P: cancelled on P.start counts


def _reg_cancelled_on_start(lg: Ledger, **person: object) -> int:
    pid = lg.person(**person)  # type: ignore[arg-type]
    lg.reg(pid, BEFORE, P.start, "连续6个月未联系")
    return pid


def _rec_cancelled_on_start(lg: Ledger, **person: object) -> int:
    pid = lg.person(**person)  # type: ignore[arg-type]
    lg.rec(pid, BEFORE, P.start, "其他")
    return pid


def _p_reemployment(lg: Ledger) -> bool:
    pid = _reg_cancelled_on_start(lg)
    return pid in reemployment_rate(P).sets["base"]


def _p_difficulty_rate(lg: Ledger) -> bool:
    pid = _rec_cancelled_on_start(lg)
    return pid in difficulty_employment_rate(P).sets["base"]


def _p_served(lg: Ledger) -> bool:
    pid = _reg_cancelled_on_start(lg)
    return pid in served_unemployed(P).sets["base"]


def _p_training_registered(lg: Ledger) -> bool:
    pid = _reg_cancelled_on_start(lg, training_need=True)
    return pid in training_referral_level(P).sets["T"]


def _p_training_recognized(lg: Ledger) -> bool:
    pid = _rec_cancelled_on_start(lg, training_need=True)
    return pid in training_referral_level(P).sets["T"]


def _p_plan_dates(lg: Ledger) -> bool:
    """The plans of a person whose recognition ended on P.start are read (difficulty_plan_timely and the
    reminders share ``first_plan_dates``)."""
    pid = lg.person()
    lg.rec(pid, D(2023, 12, 20), P.start, "其他")
    lg.plan(pid, D(2023, 12, 25))
    return first_plan_dates(P).get(pid) == D(2023, 12, 25)


def _p_month_series(lg: Ledger) -> bool:
    """The home page's monthly series counts a service of a recognition cancelled on the series' start."""
    today = D(2024, 3, 15)
    first = D(2023, 4, 1)  # twelve months back from March 2024
    pid = lg.person()
    lg.rec(pid, D(2023, 1, 1), first, "其他")
    lg.service(pid, first)
    return home.services_per_month(today).difficulty_services[0] == 1


def _p_ledger_unemployed(lg: Ledger) -> bool:
    _reg_cancelled_on_start(lg)
    count, _rows = LEDGERS["ledger-unemployed"].rows(P, True)
    return count == 1


def _p_ledger_difficulty(lg: Ledger) -> bool:
    _rec_cancelled_on_start(lg)
    count, _rows = LEDGERS["ledger-difficulty"].rows(P, True)
    return count == 1


IN_PERIOD: dict[str, Probe] = {
    "reemployment_rate": _p_reemployment,
    "difficulty_employment_rate": _p_difficulty_rate,
    "served_unemployed": _p_served,
    "training_referral_level (registration)": _p_training_registered,
    "training_referral_level (recognition)": _p_training_recognized,
    "first_plan_dates": _p_plan_dates,
    "home.services_per_month": _p_month_series,
    "ledger-unemployed": _p_ledger_unemployed,
    "ledger-difficulty": _p_ledger_difficulty,
}


# ---------------------------------------------------------------- open on d: cancelled on d has ended


def _reg_cancelled_on_day(lg: Ledger) -> int:
    pid = lg.person()
    lg.reg(pid, BEFORE, DAY, "连续6个月未联系")
    return pid


def _rec_cancelled_on_day(lg: Ledger) -> int:
    pid = lg.person()
    lg.rec(pid, BEFORE, DAY, "其他")
    return pid


def _p_long_term(lg: Ledger) -> bool:
    pid = _reg_cancelled_on_day(lg)
    return pid not in long_term_unemployed(Period(D(2023, 1, 1), DAY)).sets["open"]


def _p_home_registered(lg: Ledger) -> bool:
    _reg_cancelled_on_day(lg)
    numbers = {n.label: n.value for n in home.key_numbers(DAY, [])}
    return numbers["登记失业人员"] == 0


def _p_home_difficulty(lg: Ledger) -> bool:
    _rec_cancelled_on_day(lg)
    numbers = {n.label: n.value for n in home.key_numbers(DAY, [])}
    return numbers["就业困难人员"] == 0


def _six_clear(lg: Ledger, make: Callable[[Ledger], int]) -> bool:
    pid = make(lg)
    Person.update(employment_status="单位就业").where(Person.id == pid).execute()
    return pid not in {i.person_id for i in reminders.six_clear_items(DAY)}


def _p_six_clear_registered(lg: Ledger) -> bool:
    return _six_clear(lg, _reg_cancelled_on_day)


def _p_six_clear_recognized(lg: Ledger) -> bool:
    return _six_clear(lg, _rec_cancelled_on_day)


def _p_chip_registered(lg: Ledger) -> bool:
    pid = _reg_cancelled_on_day(lg)
    return pid not in listing.chip_sets(DAY)[listing.CHIP_REGISTERED]


def _p_chip_difficulty(lg: Ledger) -> bool:
    pid = _rec_cancelled_on_day(lg)
    return pid not in listing.chip_sets(DAY)[listing.CHIP_DIFFICULTY]


def _p_chip_zero_family(lg: Ledger) -> bool:
    h = lg.household()
    pid = lg.person(household=h)
    lg.zero(h, BEFORE, DAY)
    return pid not in listing.chip_sets(DAY)[listing.CHIP_ZERO_FAMILY]


def _p_figures_registered(lg: Ledger) -> bool:
    _reg_cancelled_on_day(lg)
    return figures.registered_unemployed_on(DAY) == 0


def _p_figures_difficulty(lg: Ledger) -> bool:
    _rec_cancelled_on_day(lg)
    return figures.difficulty_on(DAY) == 0


def _p_figures_zero_family(lg: Ledger) -> bool:
    h = lg.household()
    lg.person(household=h)
    lg.zero(h, BEFORE, DAY)
    return figures.zero_families_open_on(DAY) == 0


def _p_group(group: str, make: Callable[[Ledger], int]) -> Probe:
    def probe(lg: Ledger) -> bool:
        pid = make(lg)
        return pid not in groups.group_members(group, DAY)

    return probe


def _p_group_zero_family(lg: Ledger) -> bool:
    h = lg.household()
    pid = lg.person(household=h)
    lg.zero(h, BEFORE, DAY)
    return pid not in groups.group_members(groups.ZERO_FAMILY, DAY)


def _p_status_text(lg: Ledger) -> bool:
    """The 重点人员帮扶 page's status names the recognition in force, not a later one cancelled today."""
    pid = lg.person()
    lg.rec(pid, D(2023, 1, 1), None)
    lg.rec(pid, D(2023, 6, 1), DAY, "其他")
    rows = groups.key_group_rows(groups.DIFFICULTY, today=DAY)
    return [r.status.split(" ")[0] for r in rows if r.person_id == pid] == ["2023-01-01"]


ON_DAY: dict[str, Probe] = {
    "casework.group_members (difficulty)": _p_group(groups.DIFFICULTY, _rec_cancelled_on_day),
    "casework.group_members (registered)": _p_group(groups.REGISTERED, _reg_cancelled_on_day),
    "casework.group_members (zero family)": _p_group_zero_family,
    "casework.key_group_rows status": _p_status_text,
    "long_term_unemployed": _p_long_term,
    "home.key_numbers (registered)": _p_home_registered,
    "home.key_numbers (difficulty)": _p_home_difficulty,
    "reminders.six_clear_items (registered)": _p_six_clear_registered,
    "reminders.six_clear_items (recognized)": _p_six_clear_recognized,
    "listing.chip_sets (registered)": _p_chip_registered,
    "listing.chip_sets (difficulty)": _p_chip_difficulty,
    "listing.chip_sets (zero family)": _p_chip_zero_family,
    "figures.registered_unemployed_on": _p_figures_registered,
    "figures.difficulty_on": _p_figures_difficulty,
    "figures.zero_families_open_on": _p_figures_zero_family,
}


# ---------------------------------------------------------------- the tests


@pytest.mark.parametrize("name", sorted(IN_PERIOD))
def test_a_row_cancelled_on_the_first_day_is_active_in_the_period(db: Path, name: str) -> None:
    assert IN_PERIOD[name](Ledger()), name


@pytest.mark.parametrize("name", sorted(ON_DAY))
def test_a_row_cancelled_on_the_day_is_no_longer_open_that_day(db: Path, name: str) -> None:
    assert ON_DAY[name](Ledger()), name


@pytest.mark.parametrize("name", sorted(IN_PERIOD))
def test_mutating_the_in_period_comparison_breaks_every_caller(
    db: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(active, "IN_PERIOD_END", ">")
    assert not IN_PERIOD[name](Ledger()), f"{name} does not use app.register.active's in-period rule"


@pytest.mark.parametrize("name", sorted(ON_DAY))
def test_mutating_the_on_day_comparison_breaks_every_caller(
    db: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setattr(active, "ON_DAY_END", ">=")
    assert not ON_DAY[name](Ledger()), f"{name} does not use app.register.active's open-on-day rule"


def test_the_two_rules_differ_only_on_the_boundary_day(db: Path) -> None:
    lg = Ledger()
    pid = lg.person()
    lg.reg(pid, BEFORE, DAY, "灵活就业")
    on_day = active.registration_open_sql()
    in_period = active.registration_active_sql()
    from app.core.sql import query

    def ids(sql: str, params: tuple[str, ...]) -> set[int]:
        return {int(r[0]) for r in query(f"SELECT person_id FROM registration WHERE {sql}", params)}

    assert ids(in_period, active.period_params(Period(DAY, DAY))) == {pid}
    assert ids(on_day, active.day_params(DAY)) == set()
    assert ids(on_day, active.day_params(DAY - dt.timedelta(days=1))) == {pid}
    assert ids(in_period, active.period_params(Period(DAY + dt.timedelta(days=1), D(2024, 12, 31)))) == set()
