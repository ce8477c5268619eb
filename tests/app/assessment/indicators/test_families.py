"""zero_family_cleared and zero_family_none."""

import pytest

from app.assessment.indicators import Period, compute
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P


def _family(lg: Ledger, members: int = 2) -> tuple[int, list[int]]:
    hid = lg.household()
    return hid, [lg.person(household=hid) for _ in range(members)]


def test_calendar_month_after_31_january(lg: Ledger) -> None:
    in_time_hh, in_time = _family(lg)
    late_hh, late = _family(lg)
    ok = lg.zero(in_time_hh, D(2024, 1, 31))
    bad = lg.zero(late_hh, D(2024, 1, 31))
    lg.emp(in_time[1], D(2024, 2, 29))  # deadline 2024-02-29
    lg.emp(late[0], D(2024, 3, 1))
    r = compute("zero_family_cleared", P)
    assert r.sets["F"] == sorted([ok, bad])
    assert r.sets["cleared"] == [ok]
    assert r.sets["failed"] == [bad]
    assert r.met is False
    assert r.details["rows"][ok]["deadline"] == D(2024, 2, 29)
    assert r.details["rows"][ok]["cleared_on"] == D(2024, 2, 29)
    assert r.set_kinds["F"] == "zero_family"


def test_cleared_on_field_is_used_before_employment_records(lg: Ledger) -> None:
    hh, members = _family(lg)
    zid = lg.zero(hh, D(2024, 3, 10), cleared=D(2024, 4, 10))
    lg.emp(members[0], D(2024, 5, 1))
    r = compute("zero_family_cleared", P)
    assert r.sets["cleared"] == [zid]
    hh2, _ = _family(lg)
    late = lg.zero(hh2, D(2024, 3, 10), cleared=D(2024, 4, 11))
    r = compute("zero_family_cleared", P)
    assert r.sets["failed"] == [late]


def test_employment_before_recognition_or_outside_household_does_not_clear(lg: Ledger) -> None:
    hh, members = _family(lg)
    zid = lg.zero(hh, D(2024, 3, 10))
    lg.emp(members[0], D(2024, 3, 9))
    stranger = lg.person()
    lg.emp(stranger, D(2024, 3, 15))
    r = compute("zero_family_cleared", P)
    assert r.sets["failed"] == [zid]
    lg.emp(members[1], D(2024, 3, 10))  # same day as recognition clears
    r = compute("zero_family_cleared", P)
    assert r.sets["cleared"] == [zid] and r.met is True


def test_deadline_equal_to_to_is_judged(lg: Ledger) -> None:
    hh, _ = _family(lg)
    zid = lg.zero(hh, D(2024, 8, 30))  # deadline 2024-09-30 == to
    r = compute("zero_family_cleared", P)
    assert r.sets["failed"] == [zid] and r.sets["pending"] == []


def test_deadline_after_to_is_pending_unless_cleared_by_to(lg: Ledger) -> None:
    hh1, m1 = _family(lg)
    hh2, m2 = _family(lg)
    hh3, _ = _family(lg)
    pending = lg.zero(hh1, D(2024, 9, 1))  # deadline 2024-10-01 > to
    cleared = lg.zero(hh2, D(2024, 9, 1))
    after = lg.zero(hh3, D(2024, 9, 1), cleared=TO + DAY)
    lg.emp(m2[0], TO)
    lg.emp(m1[0], TO + DAY)
    r = compute("zero_family_cleared", P)
    assert r.sets["pending"] == sorted([pending, after])
    assert r.sets["cleared"] == [cleared]
    assert r.sets["failed"] == []
    assert r.met is True


def test_recognitions_in_period_and_deadlines_in_period_count(lg: Ledger) -> None:
    """F = families whose 认定日期 or deadline is in P: one recognised the day before P starts has its
    deadline (2023-10-30) in P and is judged here (it failed: nobody in work)."""
    hh1, _ = _family(lg)
    hh2, _ = _family(lg)
    hh3, _ = _family(lg)
    before = lg.zero(hh1, FROM - DAY)
    on_from = lg.zero(hh2, FROM)
    on_to = lg.zero(hh3, TO)
    r = compute("zero_family_cleared", P)
    assert r.sets["F"] == sorted([before, on_from, on_to])
    assert r.sets["failed"] == sorted([before, on_from])
    assert r.sets["pending"] == [on_to]
    assert r.sets["households"] == sorted([hh1, hh2, hh3])


@pytest.mark.parametrize(
    ("recognized", "judged"),
    [
        (D(2023, 9, 1), True),  # deadline 2023-10-01 == from: judged in P
        (D(2023, 8, 31), False),  # deadline 2023-09-30, the day before P: judged in the period before
    ],
)
def test_deadline_on_the_first_day_is_judged(lg: Ledger, recognized: D, judged: bool) -> None:
    hh, _ = _family(lg)
    zid = lg.zero(hh, recognized)
    r = compute("zero_family_cleared", P)
    assert (zid in r.sets["F"], zid in r.sets["failed"]) == (judged, judged)


def test_a_family_recognised_in_the_last_month_is_judged_in_the_next_period(lg: Ledger) -> None:
    """The issue's case: recognised 2024-09-15, deadline 2024-10-15 — pending in P, judged (and failed,
    nobody in work) in the next period; it is never skipped."""
    hh, _ = _family(lg)
    zid = lg.zero(hh, D(2024, 9, 15))
    assert compute("zero_family_cleared", P).sets["pending"] == [zid]
    following = Period(D(2024, 10, 1), D(2025, 9, 30))
    r = compute("zero_family_cleared", following)
    assert r.sets["failed"] == [zid] and r.met is False


# ---------------------------------------------------------------- zero_family_none (Pingdingshan)


def test_zero_family_none_fails_an_old_family_left_without_work(lg: Ledger) -> None:
    """“动态为零”: a family recognised a year before P, never cleared, fails in P (zero_family_cleared
    does not judge it any more)."""
    hh, _ = _family(lg)
    old = lg.zero(hh, D(2022, 10, 1))
    assert compute("zero_family_cleared", P).met is True
    r = compute("zero_family_none", P)
    assert r.sets["failed"] == [old] and r.sets["old_failed"] == [old] and r.met is False


@pytest.mark.parametrize(
    ("cleared", "fails"),
    [
        (None, True),
        (FROM + DAY, True),  # cleared during P: still not cleared on from
        (FROM, False),  # cleared on from
        (FROM - DAY, False),  # cleared late, but before P
    ],
)
def test_zero_family_none_old_family_cleared_on_from(lg: Ledger, cleared: D | None, fails: bool) -> None:
    hh, _ = _family(lg)
    old = lg.zero(hh, D(2022, 10, 1), cleared)
    r = compute("zero_family_none", P)
    assert (old in r.sets["failed"]) is fails


def test_zero_family_none_keeps_an_old_family_cleared_in_time(lg: Ledger) -> None:
    hh, members = _family(lg)
    lg.zero(hh, D(2022, 10, 1))
    lg.emp(members[0], D(2022, 11, 1))
    assert compute("zero_family_none", P).met is True


def test_no_zero_family_is_met_and_empty(lg: Ledger) -> None:
    r = compute("zero_family_cleared", Period(D(2024, 1, 1), D(2024, 12, 31)))
    assert r.met is True
    assert r.details["empty"] is True
    assert r.counts["F"] == 0
