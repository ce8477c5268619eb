"""Working age with the 2024 gradual retirement-age reform (STANDARDS.md, "Working age")."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.dates import add_months
from app.core.workage import delay_months, is_working_age, retirement_age_text, retirement_date


def _ym(text: str) -> dt.date:
    year, month = text.split("-")
    return dt.date(int(year), int(month), 15)


def _age_months(birth: dt.date, retire: dt.date) -> int:
    """Whole months from birth to retirement (the day of month is kept by construction)."""
    assert retire.day == birth.day
    return (retire.year - birth.year) * 12 + retire.month - birth.month


@pytest.mark.parametrize(
    ("born", "months", "text"),
    [
        ("1960-01", 60 * 12, "60岁"),
        ("1964-12", 60 * 12, "60岁"),
        ("1965-01", 60 * 12 + 1, "60岁1个月"),
        ("1965-03", 60 * 12 + 1, "60岁1个月"),
        ("1965-04", 60 * 12 + 1, "60岁1个月"),
        ("1965-05", 60 * 12 + 2, "60岁2个月"),
        ("1966-12", 60 * 12 + 6, "60岁6个月"),
        ("1976-08", 60 * 12 + 35, "62岁11个月"),
        ("1976-09", 63 * 12, "63岁"),
        ("1976-12", 63 * 12, "63岁"),
        ("1990-06", 63 * 12, "63岁"),
    ],
)
def test_men(born: str, months: int, text: str) -> None:
    birth = _ym(born)
    assert _age_months(birth, retirement_date(birth, male=True)) == months
    assert retirement_age_text(birth, male=True) == text
    # The female base is irrelevant for men.
    assert retirement_date(birth, True, 55) == retirement_date(birth, True, 50)


@pytest.mark.parametrize(
    ("born", "months", "text"),
    [
        ("1970-01", 50 * 12, "50岁"),
        ("1974-12", 50 * 12, "50岁"),
        ("1975-01", 50 * 12 + 1, "50岁1个月"),
        ("1975-02", 50 * 12 + 1, "50岁1个月"),
        ("1975-03", 50 * 12 + 2, "50岁2个月"),
        ("1984-10", 50 * 12 + 59, "54岁11个月"),  # m = 118 -> 59
        ("1984-11", 55 * 12, "55岁"),  # m = 119 -> ceil = 60, the cap
        ("1984-12", 55 * 12, "55岁"),
        ("1995-01", 55 * 12, "55岁"),
    ],
)
def test_women_base_50(born: str, months: int, text: str) -> None:
    birth = _ym(born)
    assert _age_months(birth, retirement_date(birth, male=False)) == months
    assert _age_months(birth, retirement_date(birth, False, 50)) == months
    assert retirement_age_text(birth, male=False, female_base=50) == text


@pytest.mark.parametrize(
    ("born", "months", "text"),
    [
        ("1965-06", 55 * 12, "55岁"),
        ("1969-12", 55 * 12, "55岁"),
        ("1970-01", 55 * 12 + 1, "55岁1个月"),
        ("1970-04", 55 * 12 + 1, "55岁1个月"),
        ("1970-05", 55 * 12 + 2, "55岁2个月"),
        ("1981-08", 55 * 12 + 35, "57岁11个月"),  # m = 140
        ("1981-09", 58 * 12, "58岁"),  # m = 141 -> 36, the cap
        ("1990-01", 58 * 12, "58岁"),
    ],
)
def test_women_base_55(born: str, months: int, text: str) -> None:
    birth = _ym(born)
    assert _age_months(birth, retirement_date(birth, False, 55)) == months
    assert retirement_age_text(birth, False, 55) == text


def test_delay_months_boundaries() -> None:
    assert delay_months(dt.date(1964, 12, 31), True) == 0
    assert delay_months(dt.date(1965, 1, 1), True) == 1
    assert delay_months(dt.date(1974, 12, 31), False) == 0
    assert delay_months(dt.date(1975, 1, 1), False) == 1
    assert delay_months(dt.date(1969, 12, 31), False, 55) == 0
    assert delay_months(dt.date(1970, 1, 1), False, 55) == 1


def test_bad_female_base_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        retirement_date(dt.date(1980, 1, 1), False, 60)


def test_retirement_date_day_of_month_kept_and_clamped() -> None:
    # 1965-01-31 + 60 years + 1 month -> 2025-02-28 (February has no 31st).
    assert retirement_date(dt.date(1965, 1, 31), True) == dt.date(2025, 2, 28)
    assert retirement_date(dt.date(1964, 12, 1), True) == dt.date(2024, 12, 1)


# ---------------------------------------------------------------- is_working_age


def test_sixteenth_birthday_boundary() -> None:
    birth = dt.date(2008, 7, 10)
    assert is_working_age(birth, True, dt.date(2024, 7, 9)) is False
    assert is_working_age(birth, True, dt.date(2024, 7, 10)) is True
    assert is_working_age(birth, False, dt.date(2024, 7, 9)) is False
    assert is_working_age(birth, False, dt.date(2024, 7, 10)) is True


def test_sixteenth_birthday_born_29_february() -> None:
    birth = dt.date(2008, 2, 29)
    assert is_working_age(birth, True, dt.date(2024, 2, 28)) is False
    assert is_working_age(birth, True, dt.date(2024, 2, 29)) is True


@pytest.mark.parametrize(
    ("birth", "male", "base"),
    [
        (dt.date(1964, 12, 15), True, 50),
        (dt.date(1965, 3, 20), True, 50),
        (dt.date(1976, 9, 1), True, 50),
        (dt.date(1975, 3, 10), False, 50),
        (dt.date(1970, 1, 5), False, 55),
    ],
)
def test_retirement_boundary(birth: dt.date, male: bool, base: int) -> None:
    retire = retirement_date(birth, male, base)
    assert is_working_age(birth, male, retire - dt.timedelta(days=1), base) is True
    assert is_working_age(birth, male, retire, base) is False
    assert is_working_age(birth, male, retire + dt.timedelta(days=1), base) is False


def test_man_born_1964_12_retires_exactly_at_60() -> None:
    birth = dt.date(1964, 12, 15)
    assert is_working_age(birth, True, dt.date(2024, 12, 14)) is True
    assert is_working_age(birth, True, dt.date(2024, 12, 15)) is False


def test_man_born_1965_03_works_one_month_longer() -> None:
    birth = dt.date(1965, 3, 15)
    assert retirement_date(birth, True) == add_months(dt.date(2025, 3, 15), 1)
    assert is_working_age(birth, True, dt.date(2025, 4, 14)) is True
    assert is_working_age(birth, True, dt.date(2025, 4, 15)) is False


def test_female_base_changes_the_answer() -> None:
    birth = dt.date(1972, 6, 1)
    on = dt.date(2024, 6, 1)  # 52 years old
    assert is_working_age(birth, False, on, 50) is False
    assert is_working_age(birth, False, on, 55) is True


def test_fifteen_year_old_is_not_of_working_age() -> None:
    on = dt.date(2024, 5, 1)
    birth = dt.date(2009, 1, 1)  # 15
    assert is_working_age(birth, True, on) is False
    assert is_working_age(birth, False, on) is False


def test_retired_person_is_not_of_working_age() -> None:
    on = dt.date(2024, 5, 1)
    assert is_working_age(dt.date(1960, 3, 1), True, on) is False  # 64-year-old man
    assert is_working_age(dt.date(1970, 3, 1), False, on) is False  # 54-year-old woman, base 50


def test_adults_in_the_middle_are_of_working_age() -> None:
    on = dt.date(2024, 5, 1)
    assert is_working_age(dt.date(1990, 3, 1), True, on) is True
    assert is_working_age(dt.date(1990, 3, 1), False, on) is True
