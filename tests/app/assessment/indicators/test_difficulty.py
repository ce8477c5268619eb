"""difficulty_employment_rate, difficulty_plan_timely, monthly_contact."""

from fractions import Fraction

from app.assessment.indicators import Period, compute
from app.core.codes import DIFFICULTY_CANCEL_REASONS, CancelClass
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P

EMPLOYED_5 = "(五) 实现就业创业"
EMPLOYED_6 = "(六) 零就业家庭已有成员就业"


# ---------------------------------------------------------------------------- difficulty_employment_rate


def test_five_and_six_are_employed_every_other_reason_non_employment(lg: Ledger) -> None:
    employed, excluded = [], []
    for reason, cls in DIFFICULTY_CANCEL_REASONS.items():
        pid = lg.person()
        lg.rec(pid, D(2023, 5, 1), D(2024, 4, 1), reason)
        (employed if cls is CancelClass.EMPLOYED else excluded).append(pid)
    still = lg.person()
    lg.rec(still, D(2024, 1, 1))
    r = compute("difficulty_employment_rate", P)
    assert len(employed) == 2 and len(excluded) == 10
    assert r.sets["employed"] == sorted(employed)
    assert r.sets["excluded"] == sorted(excluded)
    assert r.sets["not_employed"] == [still]
    assert (r.numerator, r.denominator) == (2, 3)
    assert r.value == Fraction(2, 3)


def test_difficulty_tier_boundary_exactly_80_percent(lg: Ledger) -> None:
    for i in range(10):
        pid = lg.person()
        if i < 8:
            lg.rec(pid, D(2023, 1, 1), D(2024, 6, 1), EMPLOYED_5 if i % 2 else EMPLOYED_6)
        else:
            lg.rec(pid, D(2023, 1, 1))
    r = compute("difficulty_employment_rate", P)
    assert r.value == Fraction(4, 5)
    assert r.value >= Fraction(80, 100)


def test_recognition_period_edges(lg: Ledger) -> None:
    on_to, after_to, cancelled_from, cancelled_before = (lg.person() for _ in range(4))
    lg.rec(on_to, TO)
    lg.rec(after_to, TO + DAY)
    lg.rec(cancelled_from, D(2023, 1, 1), FROM, EMPLOYED_5)
    lg.rec(cancelled_before, D(2023, 1, 1), FROM - DAY, EMPLOYED_5)
    r = compute("difficulty_employment_rate", P)
    assert r.sets["base"] == sorted([on_to, cancelled_from])
    assert r.sets["employed"] == [cancelled_from]
    assert r.value == Fraction(1, 2)


def test_cancelled_after_to_stays_in_denominator(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2024, 1, 1), TO + DAY, EMPLOYED_5)
    r = compute("difficulty_employment_rate", P)
    assert (r.numerator, r.denominator) == (0, 1)


def test_latest_recognition_decides(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2023, 11, 1), D(2024, 1, 1), EMPLOYED_5)
    lg.rec(pid, D(2024, 5, 1))
    r = compute("difficulty_employment_rate", P)
    assert (r.numerator, r.denominator) == (0, 1)


def test_difficulty_denominator_zero(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2024, 1, 1), D(2024, 2, 1), "死亡")
    r = compute("difficulty_employment_rate", P)
    assert r.denominator == 0 and r.value is None and r.details["empty"] is True


# ---------------------------------------------------------------------------- difficulty_plan_timely


def test_plan_on_day_30_is_timely_day_31_is_late(lg: Ledger) -> None:
    on_30, on_31, none, early = (lg.person() for _ in range(4))
    for pid in (on_30, on_31, none, early):
        lg.rec(pid, D(2024, 1, 1))  # deadline 2024-01-31
    lg.plan(on_30, D(2024, 1, 31))
    lg.plan(on_31, D(2024, 2, 1))
    lg.plan(early, D(2024, 1, 1))
    r = compute("difficulty_plan_timely", P)
    assert r.sets["late"] == sorted([on_31, none])
    assert r.numerator == 2
    assert r.met is False
    assert r.details["deadline"][on_30] == D(2024, 1, 31)


def test_plan_deadline_equal_to_to_is_due(lg: Ledger) -> None:
    due, not_due = lg.person(), lg.person()
    lg.rec(due, TO - 30 * DAY)  # deadline == to
    lg.rec(not_due, TO - 29 * DAY)  # deadline == to + 1
    r = compute("difficulty_plan_timely", P)
    assert r.sets["due"] == [due]
    assert r.sets["late"] == [due]
    assert r.sets["not_yet_due"] == [not_due]


def test_plan_timely_all_met_and_empty(lg: Ledger) -> None:
    assert compute("difficulty_plan_timely", P).met is True
    pid = lg.person()
    lg.rec(pid, D(2024, 3, 1))
    lg.plan(pid, D(2024, 3, 10))
    r = compute("difficulty_plan_timely", P)
    assert r.met is True and r.sets["late"] == [] and r.sets["due"] == [pid]


def test_plan_uses_latest_recognition_in_period(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2023, 11, 1), D(2024, 1, 5), EMPLOYED_5)
    lg.rec(pid, D(2024, 6, 1))  # deadline 2024-07-01
    lg.plan(pid, D(2024, 7, 1))
    r = compute("difficulty_plan_timely", P)
    assert r.sets["late"] == []
    assert r.details["deadline"][pid] == D(2024, 7, 1)


# ---------------------------------------------------------------------------- monthly_contact

# A period whose first and last months are only partly inside: counted months are Nov and Dec 2023.
PARTIAL = Period(D(2023, 10, 15), D(2024, 1, 20))


def test_months_partly_outside_period_are_not_counted(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2023, 1, 1))
    lg.service(pid, D(2023, 11, 30))
    lg.service(pid, D(2023, 12, 1))
    r = compute("monthly_contact", PARTIAL)
    assert r.counts["months_in_period"] == 2
    assert r.details["counted_months"][pid] == [D(2023, 11, 1), D(2023, 12, 1)]
    assert r.sets["missed"] == []
    assert r.met is True


def test_missed_month_is_listed(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2023, 1, 1))
    lg.service(pid, D(2023, 10, 31))  # October is not counted in PARTIAL
    lg.service(pid, D(2023, 12, 31))
    r = compute("monthly_contact", PARTIAL)
    assert r.sets["missed"] == [pid]
    assert r.details["months"] == {pid: [D(2023, 11, 1)]}
    assert r.counts["missed_months"] == 1
    assert r.counts["person_months"] == 2
    assert r.met is False


def test_recognition_must_cover_the_whole_month(lg: Ledger) -> None:
    first_day, second_day, mid_cancel, last_day_cancel = (lg.person() for _ in range(4))
    lg.rec(first_day, D(2023, 11, 1))  # covers Nov and Dec
    lg.rec(second_day, D(2023, 11, 2))  # covers Dec only
    lg.rec(mid_cancel, D(2023, 1, 1), D(2023, 12, 15), EMPLOYED_5)  # covers Nov only
    lg.rec(last_day_cancel, D(2023, 1, 1), D(2023, 12, 31), EMPLOYED_5)  # covers Nov and Dec
    r = compute("monthly_contact", PARTIAL)
    counted = r.details["counted_months"]
    assert counted[first_day] == [D(2023, 11, 1), D(2023, 12, 1)]
    assert counted[second_day] == [D(2023, 12, 1)]
    assert counted[mid_cancel] == [D(2023, 11, 1)]
    assert counted[last_day_cancel] == [D(2023, 11, 1), D(2023, 12, 1)]
    assert r.sets["missed"] == sorted([first_day, second_day, mid_cancel, last_day_cancel])
    assert r.details["months"][mid_cancel] == [D(2023, 11, 1)]


def test_recognised_person_with_no_full_month_is_not_counted(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2024, 1, 2))
    r = compute("monthly_contact", PARTIAL)
    assert r.sets["base"] == [pid]
    assert r.sets["counted"] == []
    assert r.met is True


def test_two_recognitions_months_are_united(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2023, 1, 1), D(2023, 11, 30), EMPLOYED_5)
    lg.rec(pid, D(2023, 12, 1))
    lg.service(pid, D(2023, 11, 5))
    r = compute("monthly_contact", PARTIAL)
    assert r.details["counted_months"][pid] == [D(2023, 11, 1), D(2023, 12, 1)]
    assert r.details["months"] == {pid: [D(2023, 12, 1)]}


def test_full_year_twelve_months(lg: Ledger) -> None:
    pid = lg.person()
    lg.rec(pid, D(2023, 1, 1))
    for m in range(10, 13):
        lg.service(pid, D(2023, m, 28))
    for m in range(1, 10):
        if m != 2:
            lg.service(pid, D(2024, m, 1))
    r = compute("monthly_contact", P)
    assert r.counts["months_in_period"] == 12
    assert r.details["months"] == {pid: [D(2024, 2, 1)]}


def test_with_registrations_counts_a_registration_cancelled_as_employed(lg: Ledger) -> None:
    """Guangzhou: “……第八条第(六)项及已实现就业创业或就业情形注销失业登记的人数”: a difficulty person whose
    recognition is still open but whose 失业登记 was cancelled in P as employed counts as employed."""
    by_reg, kept_reg, other = lg.person(), lg.person(), lg.person()
    for pid in (by_reg, kept_reg, other):
        lg.rec(pid, D(2023, 1, 1))
    lg.reg(by_reg, D(2023, 1, 1), TO, "灵活就业")
    lg.reg(kept_reg, D(2023, 1, 1), TO, "连续6个月未联系")
    lg.reg(other, D(2023, 1, 1), TO + DAY, "灵活就业")
    assert compute("difficulty_employment_rate", P).sets["employed"] == []
    r = compute("difficulty_employment_rate", P, with_registrations=True)
    assert r.sets["employed"] == [by_reg]
    assert (r.numerator, r.denominator) == (1, 3)
