"""staff_experience."""

from app.assessment.indicators import Period, compute
from tests.app.assessment.indicators.conftest import D, Ledger, P


def test_five_years_to_the_day(lg: Ledger) -> None:
    exact = lg.staff("专职", D(2019, 9, 30))
    lg.staff("专职", D(2019, 10, 1))
    lg.staff("兼职", D(2010, 1, 1))
    lg.staff("志愿者", D(2010, 1, 1))
    lg.staff("专职", None)
    r = compute("staff_experience", P, years=5)
    assert r.sets["experienced"] == [exact]
    assert r.numerator == 1
    assert r.counts["full_time"] == 3
    assert r.set_kinds["experienced"] == "staff"


def test_two_years_and_leap_day(lg: Ledger) -> None:
    leap = lg.staff("专职", D(2022, 2, 28))
    r = compute("staff_experience", Period(D(2024, 1, 1), D(2024, 2, 28)), years=2)
    assert r.sets["experienced"] == [leap]
    s = lg.staff("专职", D(2020, 2, 29))  # + 4 years = 2024-02-29
    r4 = compute("staff_experience", Period(D(2024, 1, 1), D(2024, 2, 28)), years=4)
    assert s not in r4.sets["experienced"]
    r4b = compute("staff_experience", Period(D(2024, 1, 1), D(2024, 2, 29)), years=4)
    assert s in r4b.sets["experienced"]
