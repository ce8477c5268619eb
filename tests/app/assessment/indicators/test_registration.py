"""reemployment_rate, excluded_share, long_term_unemployed, served_unemployed."""

import datetime as dt
from fractions import Fraction

from app.assessment.indicators import Period, compute
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P

EMPLOYED = "被用人单位录用"
NON_EMPLOYMENT = "入学"
KEPT = "连续6个月未联系"


# ---------------------------------------------------------------------------- reemployment_rate


def test_45_of_50_is_exactly_90_percent(lg: Ledger) -> None:
    employed = [lg.person() for _ in range(45)]
    open_ = [lg.person() for _ in range(5)]
    excluded = [lg.person() for _ in range(2)]
    for pid in employed:
        lg.reg(pid, D(2023, 6, 1), D(2024, 3, 1), EMPLOYED)
    for pid in open_:
        lg.reg(pid, D(2024, 1, 1))
    lg.reg(excluded[0], D(2024, 1, 1), D(2024, 2, 1), NON_EMPLOYMENT)
    lg.reg(excluded[1], D(2024, 1, 1), D(2024, 2, 1), "死亡")
    r = compute("reemployment_rate", P)
    assert (r.numerator, r.denominator) == (45, 50)
    assert r.value == Fraction(9, 10)
    assert r.value >= Fraction(90, 100)
    assert r.counts["base"] == 52 and r.counts["excluded"] == 2 and r.counts["employed"] == 45
    assert r.sets["excluded"] == sorted(excluded)
    assert r.sets["employed"] == sorted(employed)
    assert r.sets["not_employed"] == sorted(open_)
    assert r.set_kinds["base"] == "person"


def test_every_employed_reason_counts(lg: Ledger) -> None:
    reasons = ["被用人单位录用", "从事个体经营或创办企业", "灵活就业", "公益性岗位安置"]
    pids = [lg.person() for _ in reasons]
    for pid, reason in zip(pids, reasons, strict=True):
        lg.reg(pid, D(2024, 1, 1), D(2024, 2, 1), reason)
    r = compute("reemployment_rate", P)
    assert r.sets["employed"] == sorted(pids)
    assert r.value == 1


def test_every_non_employment_reason_leaves_the_denominator(lg: Ledger) -> None:
    reasons = [
        "享受基本养老保险待遇",
        "达到法定退休年龄",
        "完全丧失劳动能力",
        "入学",
        "服兵役",
        "移居境外",
        "被判刑收监执行",
        "死亡",
    ]
    pids = [lg.person() for _ in reasons]
    for pid, reason in zip(pids, reasons, strict=True):
        lg.reg(pid, D(2024, 1, 1), D(2024, 2, 1), reason)
    stay = lg.person()
    lg.reg(stay, D(2024, 1, 1))
    r = compute("reemployment_rate", P)
    assert r.sets["excluded"] == sorted(pids)
    assert (r.numerator, r.denominator) == (0, 1)
    assert r.value == 0


def test_kept_reasons_stay_in_the_denominator_not_employed(lg: Ledger) -> None:
    reasons = ["终止求职或拒绝公共就业服务", "连续6个月未联系", "其他"]
    pids = [lg.person() for _ in reasons]
    for pid, reason in zip(pids, reasons, strict=True):
        lg.reg(pid, D(2024, 1, 1), D(2024, 2, 1), reason)
    got = lg.person()
    lg.reg(got, D(2024, 1, 1), D(2024, 2, 1), EMPLOYED)
    r = compute("reemployment_rate", P)
    assert (r.numerator, r.denominator) == (1, 4)
    assert r.sets["excluded"] == []
    assert r.sets["not_employed"] == sorted(pids)


def test_registered_on_to_is_in_and_the_day_after_is_out(lg: Ledger) -> None:
    on_to, after = lg.person(), lg.person()
    lg.reg(on_to, TO)
    lg.reg(after, TO + DAY)
    r = compute("reemployment_rate", P)
    assert r.sets["base"] == [on_to]


def test_cancelled_on_from_is_in_and_counts_and_the_day_before_is_out(lg: Ledger) -> None:
    on_from, before = lg.person(), lg.person()
    lg.reg(on_from, D(2023, 1, 1), FROM, EMPLOYED)
    lg.reg(before, D(2023, 1, 1), FROM - DAY, EMPLOYED)
    r = compute("reemployment_rate", P)
    assert r.sets["base"] == [on_from]
    assert r.sets["employed"] == [on_from]
    assert r.value == 1


def test_cancelled_on_to_counts_but_after_to_does_not(lg: Ledger) -> None:
    on_to, after = lg.person(), lg.person()
    lg.reg(on_to, D(2024, 1, 1), TO, EMPLOYED)
    lg.reg(after, D(2024, 1, 1), TO + DAY, EMPLOYED)
    r = compute("reemployment_rate", P)
    assert r.sets["base"] == sorted([on_to, after])
    assert r.sets["employed"] == [on_to]
    assert r.value == Fraction(1, 2)


def test_latest_registration_per_person_counts(lg: Ledger) -> None:
    again = lg.person()
    lg.reg(again, D(2023, 11, 1), D(2024, 1, 10), EMPLOYED)
    lg.reg(again, D(2024, 5, 1))  # unemployed again, still open on `to`
    back = lg.person()
    lg.reg(back, D(2023, 11, 1))  # an older registration that is not active is ignored
    r = compute("reemployment_rate", P)
    assert r.sets["base"] == sorted([again, back])
    assert r.sets["employed"] == []
    assert r.value == 0


def test_latest_registration_cancelled_as_employed_counts_once(lg: Ledger) -> None:
    pid = lg.person()
    lg.reg(pid, D(2023, 11, 1), D(2024, 1, 10), KEPT)
    lg.reg(pid, D(2024, 3, 1), D(2024, 6, 1), EMPLOYED)
    r = compute("reemployment_rate", P)
    assert (r.numerator, r.denominator) == (1, 1)
    assert r.sets["employed"] == [pid]


def test_personal_reason_is_left_out_of_the_base(lg: Ledger) -> None:
    personal, normal = lg.person(), lg.person()
    lg.reg(personal, D(2024, 1, 1), personal=True)
    lg.reg(normal, D(2024, 1, 1), D(2024, 2, 1), EMPLOYED)
    r = compute("reemployment_rate", P)
    assert r.sets["base"] == [normal]
    assert r.value == 1


def test_personal_reason_on_an_older_registration_does_not_exclude_the_latest(lg: Ledger) -> None:
    pid = lg.person()
    lg.reg(pid, D(2023, 10, 1), D(2023, 12, 1), KEPT, personal=True)
    lg.reg(pid, D(2024, 1, 1))
    r = compute("reemployment_rate", P)
    assert r.sets["base"] == [pid]


def test_denominator_zero_gives_none_and_empty(lg: Ledger) -> None:
    pid = lg.person()
    lg.reg(pid, D(2024, 1, 1), D(2024, 2, 1), "死亡")
    r = compute("reemployment_rate", P)
    assert (r.numerator, r.denominator) == (0, 0)
    assert r.value is None
    assert r.details["empty"] is True


def test_nothing_registered_is_empty(lg: Ledger) -> None:
    r = compute("reemployment_rate", P)
    assert r.counts == {"base": 0, "excluded": 0, "employed": 0, "not_employed": 0}
    assert r.value is None and r.details["empty"] is True


# ---------------------------------------------------------------------------- excluded_share


def test_excluded_share_counts_latest_registrations(lg: Ledger) -> None:
    personal = lg.person()
    lg.reg(personal, D(2024, 1, 1), personal=True)
    others = [lg.person() for _ in range(32)]
    for pid in others:
        lg.reg(pid, D(2024, 1, 1))
    was_personal = lg.person()
    lg.reg(was_personal, D(2023, 10, 1), D(2023, 11, 1), KEPT, personal=True)
    lg.reg(was_personal, D(2024, 2, 1))
    outside = lg.person()
    lg.reg(outside, TO + DAY, personal=True)
    r = compute("excluded_share", P)
    assert (r.numerator, r.denominator) == (1, 34)
    assert r.value == Fraction(1, 34)
    assert r.value < Fraction(3, 100)
    assert r.sets["excluded"] == [personal]


def test_excluded_share_none_excluded_and_empty(lg: Ledger) -> None:
    assert compute("excluded_share", P).details["empty"] is True
    pid = lg.person()
    lg.reg(pid, D(2024, 1, 1))
    r = compute("excluded_share", P)
    assert r.value == 0 and r.sets["excluded"] == []


# ---------------------------------------------------------------------------- long_term_unemployed


def test_twelve_months_to_the_day_is_long_term(lg: Ledger) -> None:
    exact, one_day_short = lg.person(), lg.person()
    lg.reg(exact, D(2023, 9, 30))  # + 12 months = 2024-09-30 <= to
    lg.reg(one_day_short, D(2023, 10, 1))
    r = compute("long_term_unemployed", P, months=12)
    assert r.sets["long_term"] == [exact]
    assert r.sets["open"] == sorted([exact, one_day_short])
    assert r.numerator == 1
    assert r.met is False
    assert r.details["registered_on"] == {exact: D(2023, 9, 30)}


def test_long_term_needs_the_registration_open_on_to(lg: Ledger) -> None:
    cancelled_on_to, cancelled_after = lg.person(), lg.person()
    lg.reg(cancelled_on_to, D(2022, 1, 1), TO, EMPLOYED)
    lg.reg(cancelled_after, D(2022, 1, 1), TO + DAY, EMPLOYED)
    r = compute("long_term_unemployed", P)
    assert r.sets["long_term"] == [cancelled_after]


def test_long_term_leaves_out_personal_reason(lg: Ledger) -> None:
    pid = lg.person()
    lg.reg(pid, D(2020, 1, 1), personal=True)
    r = compute("long_term_unemployed", P)
    assert r.sets["long_term"] == [] and r.met is True


def test_long_term_calendar_month_after_31_january(lg: Ledger) -> None:
    feb = Period(D(2024, 2, 1), D(2024, 2, 29))
    end_jan, jan_29, feb_1 = lg.person(), lg.person(), lg.person()
    lg.reg(end_jan, D(2024, 1, 31))  # + 1 month = 2024-02-29 <= to
    lg.reg(jan_29, D(2024, 1, 29))
    lg.reg(feb_1, D(2024, 2, 1))
    r = compute("long_term_unemployed", feb, months=1)
    assert r.sets["long_term"] == sorted([end_jan, jan_29])


def test_six_months_parameter(lg: Ledger) -> None:
    six, end_march = lg.person(), lg.person()
    lg.reg(six, D(2024, 3, 30))  # + 6 = 2024-09-30
    lg.reg(end_march, D(2024, 3, 31))  # + 6 = 2024-09-30 too (September has 30 days)
    later = lg.person()
    lg.reg(later, D(2024, 4, 1))
    r = compute("long_term_unemployed", P, months=6)
    assert r.sets["long_term"] == sorted([six, end_march])
    assert r.params == {"months": 6}


def test_no_registrations_is_met(lg: Ledger) -> None:
    r = compute("long_term_unemployed", P)
    assert r.met is True and r.numerator == 0


# ---------------------------------------------------------------------------- served_unemployed


def test_served_unemployed_min_one_and_two(lg: Ledger) -> None:
    once, twice, never = lg.person(), lg.person(), lg.person()
    for pid in (once, twice, never):
        lg.reg(pid, D(2024, 1, 1))
    lg.service(once, FROM)
    lg.service(twice, TO, "职业指导")
    lg.service(twice, TO, "政策宣介")
    lg.service(never, FROM - DAY)
    lg.service(never, TO + DAY)
    r1 = compute("served_unemployed", P, min=1)
    assert r1.sets["served"] == sorted([once, twice])
    assert (r1.numerator, r1.denominator) == (2, 3)
    assert r1.met is False
    assert r1.sets["not_served"] == [never]
    r2 = compute("served_unemployed", P, min=2)
    assert r2.sets["served"] == [twice]
    assert r2.value == Fraction(1, 3)


def test_served_unemployed_base_rules(lg: Ledger) -> None:
    lost = lg.person(labor_ability="完全丧失劳动能力")
    partial = lg.person(labor_ability="部分丧失劳动能力")
    unwilling = lg.person(wants_work=False)
    unknown = lg.person(wants_work=None)
    not_registered = lg.person()
    for pid in (lost, partial, unwilling, unknown):
        lg.reg(pid, D(2024, 1, 1))
    lg.service(partial, D(2024, 2, 1))
    lg.service(not_registered, D(2024, 2, 1))
    r = compute("served_unemployed", P)
    assert r.sets["base"] == [partial]
    assert r.met is True and r.value == 1


def test_served_unemployed_nobody_is_met_and_empty(lg: Ledger) -> None:
    r = compute("served_unemployed", P, min=2)
    assert r.met is True and r.value is None and r.details["empty"] is True


def test_registration_cancelled_before_period_is_not_in_base(lg: Ledger) -> None:
    pid = lg.person()
    lg.reg(pid, D(2023, 1, 1), FROM - DAY, EMPLOYED)
    r = compute("served_unemployed", Period(FROM, dt.date(2024, 9, 30)))
    assert r.sets["base"] == []
