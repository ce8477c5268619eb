"""training_referral_level, training_employment_share, trainings_in_period."""

from fractions import Fraction

import pytest

from app.assessment.indicators import compute
from app.core.errors import ValidationError
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P


def _needy(lg: Ledger, registered: bool = True) -> int:
    pid = lg.person(training_need=True)
    if registered:
        lg.reg(pid, D(2024, 1, 1))
    return pid


def test_level_is_the_minimum_capped_at_three(lg: Ledger) -> None:
    three, four, two = _needy(lg), _needy(lg), _needy(lg)
    for d in (1, 2, 3):
        lg.training(three, D(2024, 2, d))
    for d in (1, 2, 3, 4):
        lg.training(four, D(2024, 2, d))
    lg.training(two, FROM)
    lg.training(two, TO)
    lg.training(two, FROM - DAY)
    r = compute("training_referral_level", P)
    assert r.counts["level"] == 2
    assert r.details["n"] == {three: 3, four: 3, two: 2}
    assert r.sets["level_2"] == [two]
    assert r.sets["level_3"] == sorted([three, four])


def test_person_employed_in_period_counts_as_three(lg: Ledger) -> None:
    by_record, by_cancel, none = _needy(lg), lg.person(training_need=True), _needy(lg)
    lg.emp(by_record, TO)
    lg.reg(by_cancel, D(2024, 1, 1), D(2024, 3, 1), "灵活就业")
    lg.training(none, D(2024, 1, 5))
    r = compute("training_referral_level", P)
    assert r.details["n"] == {by_record: 3, by_cancel: 3, none: 1}
    assert r.counts["level"] == 1
    assert r.sets["employed"] == sorted([by_record, by_cancel])
    lg.emp(none, TO + DAY)
    assert compute("training_referral_level", P).counts["level"] == 1


def test_a_cancel_reason_padded_with_spaces_still_counts_as_employed(lg: Ledger) -> None:
    """The reason is stripped as ``registration_class`` / ``recognition_class`` strip it (full-width and
    no-break spaces too), in SQL as in Python."""
    by_registration, by_recognition = lg.person(training_need=True), lg.person(training_need=True)
    lg.reg(by_registration, D(2024, 1, 1), D(2024, 3, 1), "\u3000灵活就业 ")
    lg.rec(by_recognition, D(2024, 1, 1), D(2024, 3, 1), "\u00a0(五) 实现就业创业\t")
    r = compute("training_referral_level", P)
    assert r.sets["employed"] == sorted([by_registration, by_recognition])
    assert r.counts["level"] == 3


def test_a_person_with_two_active_recognitions_is_counted_once(lg: Ledger) -> None:
    pid = lg.person(training_need=True)
    lg.rec(pid, D(2023, 1, 1), D(2024, 1, 1), "其他")
    lg.rec(pid, D(2024, 2, 1))
    lg.training(pid, D(2024, 3, 1))
    r = compute("training_referral_level", P, group="就业困难人员")
    assert r.sets["T"] == [pid] and r.details["n"] == {pid: 1}


def test_membership_of_t(lg: Ledger) -> None:
    registered = _needy(lg)
    recognised = lg.person(training_need=True)
    lg.rec(recognised, D(2023, 1, 1))
    no_need = lg.person(training_need=False)
    lg.reg(no_need, D(2024, 1, 1))
    unknown_need = lg.person(training_need=None)
    lg.reg(unknown_need, D(2024, 1, 1))
    outside = lg.person(training_need=True)
    lg.reg(outside, D(2023, 1, 1), FROM - DAY, "其他")
    r = compute("training_referral_level", P)
    assert r.sets["T"] == sorted([registered, recognised])
    assert r.counts["level"] == 0
    assert r.sets["level_0"] == sorted([registered, recognised])


def test_kind_filter(lg: Ledger) -> None:
    pid = _needy(lg)
    lg.training(pid, D(2024, 2, 1), kind="创业培训")
    lg.training(pid, D(2024, 2, 2), kind="职业技能培训")
    lg.training(pid, D(2024, 2, 3), kind="职业技能培训")
    assert compute("training_referral_level", P).counts["level"] == 3
    assert compute("training_referral_level", P, kind="创业培训").counts["level"] == 1
    assert compute("training_referral_level", P, kind="职业技能培训").counts["level"] == 2
    with pytest.raises(ValidationError, match="培训类型"):
        compute("training_referral_level", P, kind="烹饪")


def test_empty_t_is_level_three(lg: Ledger) -> None:
    r = compute("training_referral_level", P)
    assert r.counts["level"] == 3 and r.details["empty"] is True


# ---------------------------------------------------------------------------- training_employment_share


def test_employment_after_completion(lg: Ledger) -> None:
    same_day, later, before, after_to, not_completed, completed_outside = (
        lg.person(training_need=True) for _ in range(6)
    )
    others = [lg.person(training_need=True) for _ in range(14)]
    lg.person(training_need=False)
    lg.training(same_day, D(2024, 1, 1), result="已结业", completed=D(2024, 3, 1))
    lg.emp(same_day, D(2024, 3, 1))
    lg.training(later, D(2024, 1, 1), result="已结业", completed=TO)
    lg.emp(later, TO)
    lg.training(before, D(2024, 1, 1), result="已结业", completed=D(2024, 3, 1))
    lg.emp(before, D(2024, 2, 29))
    lg.training(after_to, D(2024, 1, 1), result="已结业", completed=D(2024, 3, 1))
    lg.emp(after_to, TO + DAY)
    lg.training(not_completed, D(2024, 1, 1), result="已报名", completed=D(2024, 3, 1))
    lg.emp(not_completed, D(2024, 4, 1))
    lg.training(completed_outside, D(2023, 1, 1), result="已结业", completed=FROM - DAY)
    lg.emp(completed_outside, D(2024, 4, 1))
    r = compute("training_employment_share", P)
    assert r.sets["employed_after_training"] == sorted([same_day, later])
    assert (r.numerator, r.denominator) == (2, 20)
    assert r.value == Fraction(1, 10)
    assert len(others) == 14


def test_person_without_training_need_is_not_counted(lg: Ledger) -> None:
    pid = lg.person(training_need=False)
    lg.training(pid, D(2024, 1, 1), result="已结业", completed=D(2024, 3, 1))
    lg.emp(pid, D(2024, 3, 2))
    r = compute("training_employment_share", P)
    assert r.numerator == 0 and r.denominator == 0 and r.value is None and r.details["empty"] is True


def test_trainings_in_period_inclusive_and_by_kind(lg: Ledger) -> None:
    a, b, c = lg.person(), lg.person(), lg.person()
    lg.training(a, FROM, kind="职业技能培训", result="已结业", completed=D(2023, 12, 1))
    lg.training(a, TO, kind="创业培训")
    lg.training(b, D(2024, 5, 1), kind="职业技能培训")
    lg.training(c, FROM - DAY, kind="职业技能培训", result="已结业", completed=FROM)
    lg.training(c, TO + DAY, kind="职业技能培训")
    r = compute("trainings_in_period", P)
    assert r.numerator == 3 and r.counts["trainings"] == 3
    assert r.sets["persons"] == sorted([a, b]) and r.counts["persons"] == 2
    assert r.sets["completed"] == [a]
    assert r.params == {}
    skills = compute("trainings_in_period", P, kind="职业技能培训")
    assert skills.numerator == 2 and skills.sets["persons"] == sorted([a, b])
    assert skills.params == {"kind": "职业技能培训"}
    startup = compute("trainings_in_period", P, kind="创业培训")
    assert startup.numerator == 1 and startup.sets["completed"] == []


def test_trainings_in_period_none(lg: Ledger) -> None:
    r = compute("trainings_in_period", P, kind="就业见习")
    assert r.numerator == 0 and r.sets["persons"] == []


def test_trainings_in_period_refuses_an_unknown_kind(lg: Ledger) -> None:
    with pytest.raises(ValidationError, match="培训类型“电脑班”不在可选值内"):
        compute("trainings_in_period", P, kind="电脑班")


@pytest.mark.parametrize(
    ("reason", "employed"),
    [("(五) 实现就业创业", True), ("(六) 零就业家庭已有成员就业", True), ("死亡", False), ("其他", False)],
)
def test_recognition_cancelled_as_employed_in_period_counts_as_three(
    lg: Ledger, reason: str, employed: bool
) -> None:
    """STANDARDS.md *Employed in P*: a 就业困难认定 cancelled in P for (五)/(六) is employed (the seed's
    “均已实现就业创业”): a person with one referral gets 3, not 1 (Guangzhou 3.6: 5 points, not 2)."""
    pid = lg.person(training_need=True)
    lg.rec(pid, D(2023, 1, 1), D(2024, 5, 1), reason)
    lg.training(pid, D(2024, 2, 1))
    r = compute("training_referral_level", P)
    assert r.details["n"] == {pid: 3 if employed else 1}
    assert (pid in r.sets["employed"]) is employed


@pytest.mark.parametrize(
    ("cancelled", "employed"), [(FROM, True), (TO, True), (FROM - DAY, False), (TO + DAY, False)]
)
def test_recognition_cancelled_as_employed_counts_only_inside_the_period(
    lg: Ledger, cancelled: D, employed: bool
) -> None:
    pid = lg.person(training_need=True)
    lg.reg(pid, D(2023, 1, 1))
    lg.rec(pid, D(2023, 1, 1), cancelled, "(五) 实现就业创业")
    r = compute("training_referral_level", P)
    assert r.details["n"] == {pid: 3 if employed else 0}


def test_an_internship_is_not_training(lg: Ledger) -> None:
    """就业见习 is not training (“参加各类职业技能培训、创业培训”): three internships leave level 0."""
    pid = _needy(lg)
    for d in (1, 2, 3):
        lg.training(pid, D(2024, 2, d), kind="就业见习")
    r = compute("training_referral_level", P)
    assert r.details["n"] == {pid: 0}
    lg.training(pid, D(2024, 2, 4), kind="创业培训")
    assert compute("training_referral_level", P).details["n"] == {pid: 1}
    with pytest.raises(ValidationError, match="就业见习不计为培训"):
        compute("training_referral_level", P, kind="就业见习")


def test_trainings_in_period_leave_out_internships(lg: Ledger) -> None:
    pid = lg.person()
    lg.training(pid, D(2024, 2, 1), kind="就业见习")
    assert compute("trainings_in_period", P).numerator == 0
    assert compute("trainings_in_period", P, kind="就业见习").numerator == 1


def test_group_difficulty_restricts_t_to_recognitions(lg: Ledger) -> None:
    registered = _needy(lg)
    recognised = lg.person(training_need=True)
    lg.rec(recognised, D(2023, 1, 1))
    assert compute("training_referral_level", P).sets["T"] == sorted([registered, recognised])
    assert compute("training_referral_level", P, group="就业困难人员").sets["T"] == [recognised]
    assert compute("training_referral_level", P, group="登记失业人员").sets["T"] == [registered]
    with pytest.raises(ValidationError):
        compute("training_referral_level", P, group="高校毕业生")
