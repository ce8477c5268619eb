"""register_coverage and the working-age birth interval it relies on."""

import datetime as dt
from fractions import Fraction

import pytest

from app.assessment.indicators import compute
from app.assessment.indicators.register import NO_POPULATION, working_age_births
from app.core.dates import add_years
from app.core.workage import is_working_age
from tests.app.assessment.indicators.conftest import DAY, TO, D, Ledger, P


@pytest.mark.parametrize(
    "on", [D(2024, 9, 30), D(2024, 2, 29), D(2026, 3, 31), D(2031, 12, 31), D(2040, 1, 1)]
)
@pytest.mark.parametrize(("male", "base"), [(True, 50), (False, 50), (False, 55)])
def test_birth_interval_matches_is_working_age(on: dt.date, male: bool, base: int) -> None:
    births = working_age_births(on, male, base)
    assert births is not None
    first, last = births
    assert is_working_age(first, male, on, base)
    assert is_working_age(last, male, on, base)
    assert not is_working_age(first - DAY, male, on, base)
    assert not is_working_age(last + DAY, male, on, base)
    # A sweep of every tenth day across the whole range agrees too.
    d = first - dt.timedelta(days=400)
    while d <= last + dt.timedelta(days=400):
        assert is_working_age(d, male, on, base) == (first <= d <= last), d
        d += dt.timedelta(days=10)


def test_sixteenth_birthday_on_to_is_working_age(lg: Ledger) -> None:
    lg.profile(100)
    turns_16 = lg.person(birth=add_years(TO, -16))
    lg.person(birth=add_years(TO, -16) + DAY)
    r = compute("register_coverage", P)
    assert r.sets["working_age"] == [turns_16]
    assert r.value == Fraction(1, 100)


def test_retirement_day_is_no_longer_working_age(lg: Ledger) -> None:
    lg.profile(10)
    # A man born 1964-09-30 retires on 2024-09-30 (born before 1965: no delay).
    retired = lg.person(birth=D(1964, 9, 30))
    working = lg.person(birth=D(1964, 10, 1))
    r = compute("register_coverage", P)
    assert r.sets["working_age"] == [working]
    assert retired not in r.sets["working_age"]


def test_female_base_from_setting_and_person(lg: Ledger) -> None:
    lg.profile(4)
    # A woman born 1972-06-15: 50-base retired in 2022; 55-base (born before 1975-01 ... 1970+ delayed)
    # is still working on 2024-09-30.
    plain = lg.person(gender="女", birth=D(1972, 6, 15))
    own55 = lg.person(gender="女", birth=D(1972, 6, 15), female_retire_base=55)
    own50 = lg.person(gender="女", birth=D(1972, 6, 15), female_retire_base=50)
    r = compute("register_coverage", P)
    assert r.sets["working_age"] == [own55]
    lg.setting("female_retire_base", "55")
    r = compute("register_coverage", P)
    assert r.sets["working_age"] == sorted([plain, own55])
    assert own50 not in r.sets["working_age"]
    assert r.value == Fraction(2, 4)


def test_population_not_entered(lg: Ledger) -> None:
    lg.person()
    r = compute("register_coverage", P)
    assert r.numerator == 1
    assert r.denominator is None and r.value is None
    assert r.details["note"] == NO_POPULATION
    lg.profile(None)
    assert compute("register_coverage", P).details["note"] == NO_POPULATION


def test_population_zero_is_empty(lg: Ledger) -> None:
    lg.profile(0)
    r = compute("register_coverage", P)
    assert r.value is None and r.details["empty"] is True and "note" not in r.details


def test_exactly_95_percent(lg: Ledger) -> None:
    lg.profile(20)
    for _ in range(19):
        lg.person()
    lg.person(birth=D(1950, 1, 1))
    r = compute("register_coverage", P)
    assert r.value == Fraction(19, 20) and r.value >= Fraction(95, 100)
