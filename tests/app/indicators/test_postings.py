"""posting_elements, public_welfare_posts."""

from fractions import Fraction

from app.indicators import compute
from tests.app.indicators.conftest import DAY, FROM, TO, D, Ledger, P


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
