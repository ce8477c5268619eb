"""The data facts of the assisted items' proposals (moved from app.scoring into the registry): staff,
the register, surveys, events, job seekers, complaints — each at the edges of its period."""

from fractions import Fraction

import pytest

from app.assessment.indicators import Period, compute
from app.core.errors import UserError, ValidationError
from db.models import Complaint, Event, Person, Referral, Staff
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P


def test_facts_are_in_the_registry_not_in_the_engine() -> None:
    import app.assessment.scoring

    assert not hasattr(app.assessment.scoring, "FACTS")
    assert not [name for name in dir(app.assessment.scoring) if name.startswith("fact_")]


def test_staff_count_all_and_by_nature(lg: Ledger) -> None:
    a = lg.staff("专职")
    b = lg.staff("专职")
    c = lg.staff("兼职")
    lg.staff("志愿者")
    everyone = compute("staff_count", P)
    assert everyone.numerator == 4 and everyone.params == {}
    full = compute("staff_count", P, nature="专职")
    assert full.sets["staff"] == sorted([a, b]) and full.numerator == 2
    assert full.params == {"nature": "专职"} and full.set_kinds["staff"] == "staff"
    assert compute("staff_count", P, nature="兼职").sets["staff"] == [c]


def test_staff_count_refuses_an_unknown_nature(lg: Ledger) -> None:
    with pytest.raises(ValidationError, match="岗位性质“外聘”不在可选值内"):
        compute("staff_count", P, nature="外聘")


def test_staff_trained_in_period_inclusive(lg: Ledger) -> None:
    ids = [lg.staff() for _ in range(5)]
    for sid, day in zip(ids, (FROM - DAY, FROM, TO, TO + DAY, None), strict=True):
        Staff.update(last_trained_on=day).where(Staff.id == sid).execute()
    r = compute("staff_trained", P)
    assert r.sets["trained"] == sorted([ids[1], ids[2]])
    assert r.numerator == 2


@pytest.mark.parametrize(("nature", "proposes"), [("专职", True), ("兼职", False), ("志愿者", False)])
def test_staff_trained_counts_only_full_time_staff(lg: Ledger, nature: str, proposes: bool) -> None:
    """Only staff who carry the service count for “参加培训”: a 志愿者's training date proposes nothing
    (Guangzhou 2.2 proposed 3 points for it before)."""
    sid = lg.staff(nature=nature)
    Staff.update(last_trained_on=FROM).where(Staff.id == sid).execute()
    assert (compute("staff_trained", P).numerator == 1) is proposes
    from app.assessment.scoring import assess
    from app.assessment.standards import get_standard

    r = assess(get_standard("guangzhou-full-employment-2024"), P).item("2.2")
    assert ("trained" in r.proposed_checked) is proposes


def test_register_size(lg: Ledger) -> None:
    assert compute("register_size", P).numerator == 0
    lg.persons(3)
    r = compute("register_size", P)
    assert r.numerator == 3 and r.counts["persons"] == 3


def _surveyed(lg: Ledger, day: object) -> int:
    pid = lg.person()
    Person.update(survey_date=day).where(Person.id == pid).execute()
    return pid


def test_survey_fresh_twelve_months_before_to(lg: Ledger) -> None:
    # to = 2024-09-30: fresh means 2023-09-30 < 调查日期 <= 2024-09-30.
    too_old = _surveyed(lg, D(2023, 9, 30))
    _surveyed(lg, D(2023, 10, 1))
    _surveyed(lg, TO)
    after_to = _surveyed(lg, TO + DAY)
    r = compute("survey_fresh", P, months=12)
    assert r.sets["stale"] == sorted([too_old, after_to])
    assert (r.numerator, r.denominator) == (2, 4)
    assert r.value == Fraction(1, 2)
    assert r.params == {"months": 12}


def test_survey_fresh_empty_register_is_empty(lg: Ledger) -> None:
    r = compute("survey_fresh", P)
    assert r.value is None and r.details["empty"] is True


def test_survey_fresh_refuses_a_bad_month_count(lg: Ledger) -> None:
    with pytest.raises(ValidationError, match="正整数"):
        compute("survey_fresh", P, months=0)


def test_surveys_in_period_inclusive(lg: Ledger) -> None:
    for day in (FROM - DAY, FROM, TO, TO + DAY):
        _surveyed(lg, day)
    r = compute("surveys_in_period", P)
    assert r.numerator == 2 and r.counts["surveyed"] == 2


def test_events_in_period_and_by_kind(lg: Ledger) -> None:
    first = Event.create(date=FROM, kind="专家坐诊", name="坐诊").id
    last = Event.create(date=TO, kind="招聘会", name="招聘会").id
    Event.create(date=FROM - DAY, kind="专家坐诊", name="早")
    Event.create(date=TO + DAY, kind="专家坐诊", name="晚")
    r = compute("events", P)
    assert r.sets["events"] == sorted([first, last]) and r.set_kinds["events"] == "event"
    expert = compute("events", P, kind="专家坐诊")
    assert expert.sets["events"] == [first] and expert.params == {"kind": "专家坐诊"}
    with pytest.raises(ValidationError, match="活动类型"):
        compute("events", P, kind="茶话会")


def test_job_seekers_and_referrals_in_period(lg: Ledger) -> None:
    seeker = lg.person()
    lg.person(wants_work=False)
    employed = lg.person()
    Person.update(employment_status="单位就业").where(Person.id == employed).execute()
    v = lg.vacancy(D(2023, 1, 1))
    inside = lg.referral(seeker, v, FROM)
    lg.referral(employed, v, FROM - DAY)
    r = compute("job_seekers", P)
    assert r.sets["seekers"] == [seeker] and r.numerator == 1
    assert r.sets["referrals"] == [inside] and r.counts["referrals"] == 1
    assert r.set_kinds["referrals"] == "referral"
    assert r.details["seekers_and_referrals"] is True


def test_job_seekers_proposal_needs_both_a_seeker_and_a_referral(lg: Ledger) -> None:
    """Guangzhou 3.4 proposes 求职登记和岗位推荐记录 only when a job seeker exists AND a referral is in P."""
    employed = lg.person()
    Person.update(employment_status="单位就业").where(Person.id == employed).execute()
    v = lg.vacancy(D(2023, 1, 1))
    lg.referral(employed, v, TO)
    r = compute("job_seekers", P)
    assert r.counts["referrals"] == 1 and r.numerator == 0
    assert r.details["seekers_and_referrals"] is False
    seeker = lg.person()
    assert compute("job_seekers", P).details["seekers_and_referrals"] is True
    lg.referral(seeker, v, TO + DAY)  # outside P: changes nothing
    Referral.delete().where(Referral.referred_on == TO).execute()
    assert compute("job_seekers", P).details["seekers_and_referrals"] is False


def test_job_seeking_registrations_in_period_on_both_bounds(lg: Ledger) -> None:
    first, last, before, after = lg.person(), lg.person(), lg.person(), lg.person()
    lg.seeking(first, FROM)
    lg.seeking(last, TO)
    lg.seeking(last, FROM + DAY)  # a second registration of the same person: one person, two rows
    lg.seeking(before, FROM - DAY)
    lg.seeking(after, TO + DAY)
    r = compute("job_seeking_registrations", P)
    assert r.sets["registered"] == sorted([first, last]) and r.set_kinds["registered"] == "person"
    assert r.numerator == 2 and r.counts["registrations"] == 3
    assert r.details["registered_and_referred"] is False  # no referral in P


def test_job_seeking_proposal_needs_a_registration_and_a_referral_in_the_period(lg: Ledger) -> None:
    """Guangzhou 3.4 “有求职登记记录、岗位推荐记录”: a 求职登记 dated in P and a 推荐记录 dated in P. A job
    seeker in the register (就业意愿=是, 未就业) without a 求职登记 proposes nothing."""
    seeker = lg.person()  # wants work, 未就业: the old reading's job seeker
    v = lg.vacancy(D(2023, 1, 1))
    lg.referral(seeker, v, TO)
    assert compute("job_seekers", P).details["seekers_and_referrals"] is True
    assert compute("job_seeking_registrations", P).details["registered_and_referred"] is False
    lg.seeking(seeker, FROM - DAY)  # registered before P: still nothing
    assert compute("job_seeking_registrations", P).details["registered_and_referred"] is False
    lg.seeking(seeker, FROM)
    r = compute("job_seeking_registrations", P)
    assert r.details["registered_and_referred"] is True and r.counts["referrals"] == 1
    Referral.delete().execute()
    lg.referral(seeker, v, TO + DAY)  # the only referral after P
    assert compute("job_seeking_registrations", P).details["registered_and_referred"] is False


def test_valid_complaints_in_period(lg: Ledger) -> None:
    Complaint.create(date=FROM - DAY, content="早", valid=True)
    Complaint.create(date=FROM, content="无效", valid=False)
    assert compute("valid_complaints", P).met is True
    inside = Complaint.create(date=TO, content="有效", valid=True).id
    r = compute("valid_complaints", P)
    assert r.sets["complaints"] == [inside] and r.met is False
    assert r.details["from"] == FROM


def test_valid_complaints_over_three_years_to_the_day(lg: Ledger) -> None:
    # Three years ending on 2024-09-30 start on 2021-10-01.
    Complaint.create(date=D(2021, 9, 30), content="三年前", valid=True)
    r = compute("valid_complaints", P, years=3)
    assert r.met is True and r.details["from"] == D(2021, 10, 1) and r.params == {"years": 3}
    Complaint.create(date=D(2021, 10, 1), content="三年内", valid=True)
    assert compute("valid_complaints", P, years=3).met is False


def test_complaint_channel(lg: Ledger) -> None:
    assert compute("complaint_channel", P).met is False  # no station profile yet
    lg.profile(complaint_channel="  ")
    assert compute("complaint_channel", P).met is False
    lg.profile(complaint_channel="12345 热线")
    r = compute("complaint_channel", P)
    assert r.met is True and r.details["channel"] == "12345 热线"


def test_facts_take_only_their_parameters(lg: Ledger) -> None:
    with pytest.raises(UserError, match="参数不正确"):
        compute("register_size", Period(FROM, TO), months=3)


@pytest.mark.parametrize(
    ("standard_id", "item_id"),
    [("guangzhou-full-employment-2024", "3.4"), ("guangzhou-quality-village-2024", "3.3")],
)
def test_guangzhou_proposes_records_from_job_seeking_registrations(standard_id: str, item_id: str) -> None:
    """“有求职登记记录、岗位推荐记录”: the proposal reads the 求职登记 table; the item's reading says so."""
    from app.assessment.standards import get_standard

    item = get_standard(standard_id).item(item_id)
    [entry] = [e for e in item.rule.entries if e.label == "有求职登记记录、岗位推荐记录"]
    assert entry.proposal is not None and entry.proposal.indicator == "job_seeking_registrations"
    assert "求职登记" in item.reading and "有就业意愿且未就业" not in item.reading
