"""Working age (法定劳动年龄) with the 2024 gradual retirement-age reform (in force 2025-01-01).

STANDARDS.md, "Working age": age >= 16 and below the statutory retirement age. Base ages: men 60,
women 50 (55 by a station setting or the person's own field). The reform delays retirement by
``min(cap, ceil(m / k))`` months, m counting birth months from the first affected one (1 = January
1965 for men, January 1975 for 50-base women, January 1970 for 55-base women; m <= 0: no delay),
k = 4, 2, 4 and cap = 36, 60, 36.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.core.dates import add_months, add_years

MIN_WORKING_AGE = 16


@dataclass(frozen=True)
class _Rule:
    base_years: int
    first_year: int  # first affected birth month is January of this year
    k: int
    cap: int


_MEN = _Rule(60, 1965, 4, 36)
_WOMEN_50 = _Rule(50, 1975, 2, 60)
_WOMEN_55 = _Rule(55, 1970, 4, 36)


def _rule(male: bool, female_base: int) -> _Rule:
    if male:
        return _MEN
    if female_base == 55:
        return _WOMEN_55
    if female_base == 50:
        return _WOMEN_50
    raise ValueError(f"female retirement base must be 50 or 55, not {female_base}")


def delay_months(birth: dt.date, male: bool, female_base: int = 50) -> int:
    r = _rule(male, female_base)
    m = (birth.year - r.first_year) * 12 + birth.month
    if m <= 0:
        return 0
    return min(r.cap, -(-m // r.k))


def retirement_date(birth: dt.date, male: bool, female_base: int = 50) -> dt.date:
    """The day the person reaches the statutory retirement age."""
    r = _rule(male, female_base)
    return add_months(add_years(birth, r.base_years), delay_months(birth, male, female_base))


def retirement_age_text(birth: dt.date, male: bool, female_base: int = 50) -> str:
    r = _rule(male, female_base)
    months = delay_months(birth, male, female_base)
    years, rest = divmod(r.base_years * 12 + months, 12)
    return f"{years}岁" + (f"{rest}个月" if rest else "")


def is_working_age(birth: dt.date, male: bool, on: dt.date, female_base: int = 50) -> bool:
    return add_years(birth, MIN_WORKING_AGE) <= on < retirement_date(birth, male, female_base)
