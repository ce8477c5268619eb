"""station_area and station_running_months: figures of the station profile, exact, None when not filled."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from app.assessment.indicators import Period, compute
from app.assessment.indicators.station import NO_AREA, NO_OPENING, running_months
from tests.app.assessment.indicators.conftest import D, Ledger, P


def test_station_area_is_exact(lg: Ledger) -> None:
    lg.profile(area_m2=Decimal("49.9"))
    r = compute("station_area", P)
    assert r.value == Fraction(499, 10) and r.value < 50
    assert r.details["area_m2"] == Decimal("49.9")
    assert "empty" not in r.details
    lg.profile(area_m2=Decimal("50"))
    assert compute("station_area", P).value == 50


def test_station_area_not_filled(lg: Ledger) -> None:
    for fill in (False, True):
        if fill:
            lg.profile(working_age_population=100)  # a profile row without an area
        r = compute("station_area", P)
        assert r.value is None and r.numerator is None
        assert r.details["empty"] is True and r.details["note"] == NO_AREA == "未填写站点面积"


@pytest.mark.parametrize(
    ("opened", "to", "months"),
    [
        (D(2024, 1, 15), D(2024, 4, 15), 3),  # to the day
        (D(2024, 1, 15), D(2024, 4, 14), 2),  # one day short
        (D(2024, 1, 31), D(2024, 2, 29), 1),  # a month after 31 January is the end of February
        (D(2024, 1, 31), D(2024, 2, 28), 0),
        (D(2023, 11, 30), D(2024, 2, 29), 3),
        (D(2024, 3, 1), D(2024, 3, 1), 0),  # opened on `to`
        (D(2024, 3, 2), D(2024, 3, 1), 0),  # opened after `to`
        (D(2020, 6, 1), D(2024, 5, 31), 47),
    ],
)
def test_running_months(opened: dt.date, to: dt.date, months: int) -> None:
    assert running_months(opened, to) == months


def test_station_running_months_to_the_end_of_the_period(lg: Ledger) -> None:
    lg.profile(opened_on=D(2024, 6, 30))
    r = compute("station_running_months", Period(D(2024, 1, 1), D(2024, 9, 30)))
    assert r.numerator == 3 and r.counts["months"] == 3
    assert r.details["opened_on"] == D(2024, 6, 30)
    r = compute("station_running_months", Period(D(2024, 1, 1), D(2024, 9, 29)))
    assert r.numerator == 2


def test_station_running_months_not_filled(lg: Ledger) -> None:
    r = compute("station_running_months", P)
    assert r.numerator is None and r.details["empty"] is True and r.details["note"] == NO_OPENING
    lg.profile(working_age_population=10)
    assert compute("station_running_months", P).numerator is None
