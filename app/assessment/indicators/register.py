"""Register coverage: persons of working age in the register ÷ the station's 辖区法定劳动年龄人口数."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from app.assessment.indicators.base import IndicatorResult, ids, make_result
from app.core.dates import add_years
from app.core.period import Period
from app.core.settings import station_female_retire_base
from app.core.sql import query
from app.core.workage import MIN_WORKING_AGE, retirement_date

NO_POPULATION = "未填写辖区法定劳动年龄人口数"
_SPAN_YEARS = 200


def _first_true(pred: Callable[[dt.date], bool], lo: dt.date, hi: dt.date) -> dt.date:
    """Smallest d in [lo, hi] with pred(d), for a pred that is monotone (False..., True...)."""
    a, b = lo.toordinal(), hi.toordinal()
    while a < b:
        mid = (a + b) // 2
        if pred(dt.date.fromordinal(mid)):
            b = mid
        else:
            a = mid + 1
    return dt.date.fromordinal(a)


def working_age_births(on: dt.date, male: bool, female_base: int = 50) -> tuple[dt.date, dt.date] | None:
    """The birth dates [first, last] of exactly those who are of working age on ``on``.

    Both conditions of ``app.workage.is_working_age`` are monotone in the birth date (age >= 16 holds up
    to a last birth date; retirement_date never decreases with it), so the working-age births form one
    interval, found by binary search over the same functions. None when the interval is empty.
    """
    floor = dt.date(max(1, on.year - _SPAN_YEARS), 1, 1)
    # Last birth date old enough: first date that is too young, minus one day.
    too_young = _first_true(lambda b: add_years(b, MIN_WORKING_AGE) > on, floor, on + dt.timedelta(days=1))
    last = too_young - dt.timedelta(days=1)
    first = _first_true(lambda b: retirement_date(b, male, female_base) > on, floor, on)
    if first > last:
        return None
    return first, last


def working_age_persons(on: dt.date) -> set[int]:
    """Ids of the persons in the register who are of working age on ``on`` (female base: the person's
    own field, else the station setting)."""
    return set(_working_age_ids(on))


def _working_age_ids(on: dt.date) -> list[int]:
    """The ids of :func:`working_age_persons`, ascending (one scan of the table in id order): handed to
    ``make_result`` as they are, they need no sort — sorting the set of most of a town grew as n log n."""
    default_base = station_female_retire_base()
    clauses: list[str] = []
    args: list[object] = []
    for gender, male, base in (("男", True, None), ("女", False, 50), ("女", False, 55)):
        births = working_age_births(on, male, base or 50)
        if births is None:
            continue
        # "+birth_date": one scan of the table beats three index ranges over most of it.
        clause = "(gender = ? AND +birth_date BETWEEN ? AND ?"
        args += [gender, births[0].isoformat(), births[1].isoformat()]
        if base is not None:
            clause += " AND (CASE WHEN female_retire_base IN (50, 55) THEN female_retire_base ELSE ? END) = ?"
            args += [default_base, base]
        clauses.append(clause + ")")
    if not clauses:
        return []
    return ids("SELECT id FROM person WHERE " + " OR ".join(clauses), args)


def register_coverage(period: Period) -> IndicatorResult:
    """Persons of working age on ``to`` in the register ÷ StationProfile.working_age_population (manual).
    An unset figure gives value None and details["note"]; a figure of 0 gives details["empty"]."""
    persons = _working_age_ids(period.end)
    rows = query("SELECT working_age_population FROM station_profile ORDER BY id LIMIT 1")
    population = rows[0][0] if rows else None
    details: dict[str, object] = {}
    if population is None:
        details["note"] = NO_POPULATION
    return make_result(
        "register_coverage",
        {},
        sets={"working_age": ("person", persons)},
        numerator=len(persons),
        denominator=None if population is None else int(population),
        rate=population is not None,
        details=details,
    )
