"""posting_elements, public_welfare_posts."""

from fractions import Fraction

import pytest

from app.assessment.indicators import compute
from app.assessment.indicators.postings import OUTCOME_SETS
from app.core.codes import REFERRAL_OUTCOME
from app.core.errors import ValidationError
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P


def test_posting_elements_counts(lg: Ledger) -> None:
    full = lg.vacancy(FROM)
    unpublished = lg.vacancy(TO, channels="  ")
    no_pay = lg.vacancy(D(2024, 5, 1), pay_text="")
    no_phone = lg.vacancy(D(2024, 5, 1), phone="", contact="")
    lg.vacancy(FROM - DAY)
    lg.vacancy(TO + DAY)
    r = compute("posting_elements", P)
    assert r.sets["collected"] == sorted([full, unpublished, no_pay, no_phone])
    assert r.sets["published"] == sorted([full, no_pay, no_phone])
    assert r.sets["complete"] == sorted([full, unpublished])
    assert r.sets["incomplete"] == sorted([no_pay, no_phone])
    assert r.details["missing_elements"] == {no_pay: ["薪酬待遇"], no_phone: ["联系人", "联系电话"]}
    assert r.value == Fraction(1, 2)


def test_blank_elements_count_as_empty(lg: Ledger) -> None:
    """Whitespace-only text is empty — full-width and no-break spaces, tabs and invisible characters
    too (what ``textnorm.clean`` would reduce to nothing)."""
    wide = lg.vacancy(FROM, hours="\u3000\u3000")
    invisible = lg.vacancy(FROM, contact="\u200b\ufeff", pay_text="\u00a0\t")
    unpublished = lg.vacancy(FROM, channels="\u3000\u200d")
    r = compute("posting_elements", P)
    assert r.sets["incomplete"] == sorted([wide, invisible])
    assert r.details["missing_elements"] == {wide: ["工作时间"], invisible: ["薪酬待遇", "联系人"]}
    assert r.sets["published"] == sorted([wide, invisible])
    assert r.sets["complete"] == [unpublished]


def test_one_visible_character_among_blanks_fills_an_element(lg: Ledger) -> None:
    padded = lg.vacancy(FROM, hours="\u3000 面议 \u200b", phone="\t8\n", contact="\u00a0、")
    r = compute("posting_elements", P)
    assert r.sets["complete"] == [padded] and r.details["missing_elements"] == {}


def test_followed_up_referrals(lg: Ledger) -> None:
    v = lg.vacancy(D(2023, 1, 1))
    p1, p2, p3, p4, p5 = (lg.person() for _ in range(5))
    ok = lg.referral(p1, v, FROM, followed=TO)
    lg.referral(p2, v, D(2024, 1, 1), followed=TO + DAY)
    lg.referral(p3, v, D(2024, 1, 1))
    lg.referral(p4, v, FROM - DAY, followed=D(2024, 1, 1))
    on_to = lg.referral(p5, v, TO, followed=TO)
    r = compute("posting_elements", P)
    assert r.sets["followed_up_referrals"] == sorted([ok, on_to])
    assert r.set_kinds["followed_up_referrals"] == "referral"
    assert r.counts["collected"] == 0 and r.details["empty"] is True


def test_public_welfare_posts_sums_headcount(lg: Ledger) -> None:
    a = lg.vacancy(FROM, kind="公益性岗位", headcount=2)
    b = lg.vacancy(TO, kind="公益性岗位", headcount=3)
    lg.vacancy(TO + DAY, kind="公益性岗位", headcount=4)
    lg.vacancy(D(2024, 1, 1), kind="全日制", headcount=10)
    r = compute("public_welfare_posts", P)
    assert r.numerator == 5 and r.counts["headcount"] == 5
    assert r.sets["vacancies"] == sorted([a, b])
    assert r.counts["vacancies"] == 2


def test_public_welfare_posts_none(lg: Ledger) -> None:
    r = compute("public_welfare_posts", P)
    assert r.numerator == 0 and r.sets["vacancies"] == []


def test_vacancies_of_kind_collected_in_period(lg: Ledger) -> None:
    first = lg.vacancy(FROM, kind="全日制", headcount=2)
    last = lg.vacancy(TO, kind="全日制", headcount=3)
    lg.vacancy(FROM - DAY, kind="全日制")
    lg.vacancy(TO + DAY, kind="全日制")
    part = lg.vacancy(D(2024, 5, 1), kind="非全日制", headcount=4)
    r = compute("vacancies_of_kind", P, kind="全日制")
    assert r.sets["vacancies"] == sorted([first, last]) and r.numerator == 2
    assert r.counts["headcount"] == 5 and r.set_kinds["vacancies"] == "vacancy"
    assert r.params == {"kind": "全日制"}
    other = compute("vacancies_of_kind", P, kind="非全日制")
    assert other.sets["vacancies"] == [part] and other.counts["headcount"] == 4


def test_vacancies_of_kind_by_collection_method(lg: Ledger) -> None:
    visited = lg.vacancy(D(2024, 5, 1), kind="全日制", method="走访企业")
    lg.vacancy(D(2024, 5, 1), kind="全日制", method="电话")
    lg.vacancy(D(2024, 5, 1), kind="全日制")
    lg.vacancy(D(2024, 5, 1), kind="非全日制", method="走访企业")
    r = compute("vacancies_of_kind", P, kind="全日制", method="走访企业")
    assert r.sets["vacancies"] == [visited]
    assert r.params == {"kind": "全日制", "method": "走访企业"}
    assert compute("vacancies_of_kind", P, kind="全日制").numerator == 3


def test_vacancies_of_kind_none(lg: Ledger) -> None:
    r = compute("vacancies_of_kind", P, kind="零工")
    assert r.numerator == 0 and r.counts["headcount"] == 0


def test_vacancies_of_kind_refuses_unknown_codes(lg: Ledger) -> None:
    with pytest.raises(ValidationError, match="岗位类型“临时工”不在可选值内"):
        compute("vacancies_of_kind", P, kind="临时工")
    with pytest.raises(ValidationError, match="收集方式“上门”不在可选值内"):
        compute("vacancies_of_kind", P, kind="全日制", method="上门")


def test_every_referral_outcome_has_a_set_name() -> None:
    assert set(OUTCOME_SETS) == set(REFERRAL_OUTCOME.values)
    assert all(name.isascii() and name.isidentifier() for name in OUTCOME_SETS.values())


def test_referrals_by_outcome_in_period(lg: Ledger) -> None:
    v = lg.vacancy(D(2023, 1, 1))
    pids = lg.persons(8)
    pending = lg.referral(pids[0], v, FROM)
    interviewed = lg.referral(pids[1], v, TO, outcome="已面试")
    hired = lg.referral(pids[2], v, D(2024, 3, 1), outcome="已录用")
    not_hired = lg.referral(pids[3], v, D(2024, 3, 1), outcome="未录用")
    no_show = lg.referral(pids[4], v, D(2024, 3, 1), outcome="未到岗")
    lg.referral(pids[5], v, FROM - DAY, outcome="已录用")  # before P
    lg.referral(pids[6], v, TO + DAY, outcome="已面试")  # after P
    odd = lg.referral(pids[7], v, D(2024, 3, 1), outcome="口头答应")
    r = compute("referrals_by_outcome", P)
    assert r.numerator == 6 and r.sets["referrals"] == sorted(
        [pending, interviewed, hired, not_hired, no_show, odd]
    )
    assert r.sets["pending"] == [pending]
    assert r.sets["interviewed"] == [interviewed]
    assert r.sets["hired"] == [hired]
    assert r.sets["not_hired"] == [not_hired]
    assert r.sets["no_show"] == [no_show]
    assert r.sets["other"] == [odd]
    assert r.sets["interviewed_or_hired"] == sorted([interviewed, hired])
    assert r.counts["interviewed_or_hired"] == 2
    assert all(kind == "referral" for kind in r.set_kinds.values())
    assert r.details["outcomes"] == {
        "待反馈": 1, "已面试": 1, "已录用": 1, "未录用": 1, "未到岗": 1, "口头答应": 1
    }  # fmt: skip


def test_referrals_by_outcome_strips_the_stored_text(lg: Ledger) -> None:
    """Outcomes stored with spaces (a careless import) count with the clean ones: grouped by the stored
    text in SQL, stripped as Python strips (full-width spaces too), then merged."""
    v = lg.vacancy(D(2023, 1, 1))
    pids = lg.persons(5)
    clean = lg.referral(pids[0], v, FROM, outcome="已录用")
    padded = lg.referral(pids[1], v, FROM, outcome=" 已录用\u3000")
    blank = lg.referral(pids[2], v, TO, outcome="  ")
    empty = lg.referral(pids[3], v, TO, outcome="")
    spaced_odd = lg.referral(pids[4], v, TO, outcome="口头答应 ")
    r = compute("referrals_by_outcome", P)
    assert r.sets["hired"] == sorted([clean, padded])
    assert r.sets["other"] == sorted([blank, empty, spaced_odd])
    assert r.sets["referrals"] == sorted([clean, padded, blank, empty, spaced_odd])
    assert r.numerator == 5
    assert r.details["outcomes"] == {"已录用": 2, "（空）": 2, "口头答应": 1}


def test_referrals_by_outcome_empty(lg: Ledger) -> None:
    r = compute("referrals_by_outcome", P)
    assert r.numerator == 0 and r.counts["interviewed_or_hired"] == 0 and r.details["outcomes"] == {}
