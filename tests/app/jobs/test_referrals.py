"""Referrals, outcomes, follow-ups and the consequences of a hire: app/referrals.py."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import codes
from app.core.errors import ValidationError
from app.core.idcard import make_id
from app.jobs import referrals
from app.jobs import vacancies as jobs
from app.register import ledger, start_work
from db.models import Employment, Person, Recognition, Referral, Registration, Vacancy

D = dt.date


def person(name: str, seq: int, **extra: object) -> int:
    values: dict[str, object] = {
        "id_number": make_id("440117", D(1985, 3, 1), seq),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-01-10",
        "wants_work": "是",
    }
    values.update(extra)
    return ledger.save_person(values).id


def vacancy(code: str = "G2026-0001", **extra: object) -> Vacancy:
    emp = jobs.list_employers("荔香")
    emp_id = emp[0][0] if emp else jobs.save_employer({"name": "广州市荔香食品有限公司"}).id
    values: dict[str, object] = {
        "code": code,
        "employer_id": emp_id,
        "title": "普工",
        "kind": "全日制",
        "headcount": 3,
        "collected_on": "2026-04-01",
        "valid_until": "2026-12-31",
    }
    values.update(extra)
    return jobs.save_vacancy(values)


# ---------------------------------------------------------------------------- refer


def test_refer_several_people_in_one_step(db):
    v = vacancy()
    ids = [person("张三", 11), person("李四", 13), person("王五", 15)]
    made = referrals.refer(ids, v.id, "2026-05-01", note="电话推荐")
    assert len(made) == 3
    rows = list(Referral.select().order_by(Referral.person))
    assert [r.person_id for r in rows] == sorted(ids)
    assert all(r.outcome == "待反馈" and r.note == "电话推荐" for r in rows)
    assert all(r.referred_on == D(2026, 5, 1) for r in rows)


def test_refer_nobody_refused(db):
    with pytest.raises(ValidationError) as err:
        referrals.refer([], vacancy().id, "2026-05-01")
    assert "至少选择" in err.value.message


def test_refer_date_required(db):
    with pytest.raises(ValidationError) as err:
        referrals.refer([person("张三", 11)], vacancy().id, "")
    assert "推荐日期不能为空" in err.value.message


def test_refer_before_collection_refused(db):
    with pytest.raises(ValidationError) as err:
        referrals.refer([person("张三", 11)], vacancy().id, "2026-03-31")
    assert "早于" in err.value.message


@pytest.mark.parametrize("status", ["已关闭", "已招满"])
def test_refer_to_closed_vacancy_warns(db, status):
    v = vacancy(status=status)
    with pytest.raises(referrals.ClosedVacancyWarning) as err:
        referrals.refer([person("张三", 11)], v.id, "2026-05-01")
    assert "该岗位已关闭/已过有效期，确需推荐请勾选‘仍然推荐’" in err.value.message
    assert status in err.value.message
    assert Referral.select().count() == 0


def test_refer_to_closed_vacancy_when_allowed(db):
    v = vacancy(status="已关闭")
    referrals.refer([person("张三", 11)], v.id, "2026-05-01", allow_closed=True)
    assert Referral.select().count() == 1


def test_refer_after_valid_until_warns(db):
    v = vacancy(valid_until="2026-06-30")
    with pytest.raises(referrals.ClosedVacancyWarning) as err:
        referrals.refer([person("张三", 11)], v.id, "2026-07-01")
    assert "已过期" in err.value.message


def test_refer_on_last_valid_day_allowed(db):
    v = vacancy(valid_until="2026-06-30")
    referrals.refer([person("张三", 11)], v.id, "2026-06-30")
    assert Referral.select().count() == 1


def test_same_person_twice_same_day_refused_by_name(db):
    v = vacancy()
    zhang, li = person("张三", 11), person("李四", 13)
    referrals.refer([zhang], v.id, "2026-05-01")
    with pytest.raises(ValidationError) as err:
        referrals.refer([li, zhang], v.id, "2026-05-01")
    assert "张三" in err.value.message and "李四" not in err.value.message
    assert Referral.select().count() == 1  # 李四 was not written either: all or nothing


def test_same_person_next_day_allowed(db):
    v = vacancy()
    zhang = person("张三", 11)
    referrals.refer([zhang], v.id, "2026-05-01")
    referrals.refer([zhang], v.id, "2026-05-02")
    assert Referral.select().count() == 2


def test_duplicate_ids_in_one_call_are_one_referral(db):
    zhang = person("张三", 11)
    referrals.refer([zhang, zhang], vacancy().id, "2026-05-01")
    assert Referral.select().count() == 1


def test_refer_unknown_person_refused(db):
    with pytest.raises(ValidationError):
        referrals.refer([person("张三", 11), 9999], vacancy().id, "2026-05-01")
    assert Referral.select().count() == 0


# ---------------------------------------------------------------------------- outcome


def _referral(kind: str = "全日制", on: str = "2026-05-01", **person_extra: object) -> Referral:
    v = vacancy(kind=kind)
    pid = person("张三", 11, **person_extra)
    return referrals.refer([pid], v.id, on)[0]


def test_record_outcome_without_hire_returns_nothing(db):
    r = _referral()
    assert referrals.record_outcome(r.id, "已面试", "2026-05-08") is None
    row = Referral.get_by_id(r.id)
    assert (row.outcome, row.followed_up_on) == ("已面试", D(2026, 5, 8))


def test_record_outcome_bad_value_refused(db):
    r = _referral()
    with pytest.raises(ValidationError) as err:
        referrals.record_outcome(r.id, "很好")
    assert "待反馈" in err.value.message  # lists the allowed values


def test_follow_up_before_referral_refused(db):
    r = _referral()
    with pytest.raises(ValidationError) as err:
        referrals.record_outcome(r.id, "已面试", "2026-04-30")
    assert "早于推荐日期" in err.value.message
    assert Referral.get_by_id(r.id).outcome == "待反馈"


def test_follow_up_on_referral_day_accepted(db):
    r = _referral()
    referrals.record_outcome(r.id, "未录用", "2026-05-01")
    assert Referral.get_by_id(r.id).followed_up_on == D(2026, 5, 1)


@pytest.mark.parametrize(
    ("kind", "form"),
    [("全日制", "单位就业"), ("非全日制", "灵活就业"), ("零工", "灵活就业"), ("公益性岗位", "公益性岗位")],
)
def test_hire_proposes_employment_by_vacancy_kind(db, kind, form):
    r = _referral(kind=kind)
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    assert proposal.form == form
    assert proposal.started_on == D(2026, 5, 10)
    assert proposal.employer == "广州市荔香食品有限公司"
    assert proposal.vacancy_code == "G2026-0001"
    assert proposal.registration_reason == codes.REGISTRATION_CANCEL_FOR_FORM[form]
    assert proposal.keys == {start_work.EMPLOYMENT, start_work.UPDATE_STATUS}  # nothing open to cancel
    assert Employment.select().count() == 0  # a proposal writes nothing


def test_hire_without_follow_up_date_starts_on_referral_day(db):
    r = _referral()
    proposal = referrals.record_outcome(r.id, "已录用")
    assert proposal is not None and proposal.started_on == D(2026, 5, 1)


def test_hire_recorded_twice_proposes_once(db):
    r = _referral()
    assert referrals.record_outcome(r.id, "已录用", "2026-05-10") is not None
    assert referrals.record_outcome(r.id, "已录用", "2026-05-10") is None


def _with_open_history(r: Referral) -> tuple[int, int]:
    reg = ledger.add_registration(r.person_id, "2026-02-01")
    rec = ledger.add_recognition(r.person_id, "2026-02-15", "大龄")
    return reg.id, rec.id


def test_hire_proposes_cancellations(db):
    r = _referral()
    reg_id, rec_id = _with_open_history(r)
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    assert proposal.registration_id == reg_id
    assert proposal.recognition_id == rec_id
    assert proposal.recognition_reason == codes.DIFFICULTY_CANCEL_EMPLOYED
    texts = [c.text for c in proposal.changes]
    assert texts[0].startswith("新增就业记录：2026-05-10 单位就业")
    assert "被用人单位录用" in texts[1]
    assert "(五) 实现就业创业" in texts[2]


def test_apply_all_consequences(db):
    r = _referral()
    reg_id, rec_id = _with_open_history(r)
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    start_work.apply(proposal, proposal.keys)
    emp = Employment.get(Employment.person == r.person_id)
    assert (emp.started_on, emp.form, emp.employer) == (D(2026, 5, 10), "单位就业", "广州市荔香食品有限公司")
    assert emp.vacancy_id == r.vacancy_id
    reg, rec = Registration.get_by_id(reg_id), Recognition.get_by_id(rec_id)
    assert (reg.cancelled_on, reg.cancel_reason) == (D(2026, 5, 10), "被用人单位录用")
    assert (rec.cancelled_on, rec.cancel_reason) == (D(2026, 5, 10), "(五) 实现就业创业")


def test_apply_only_accepted_consequences(db):
    r = _referral()
    reg_id, rec_id = _with_open_history(r)
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    start_work.apply(proposal, {start_work.EMPLOYMENT, start_work.CANCEL_REGISTRATION})
    assert Employment.select().count() == 1
    assert Registration.get_by_id(reg_id).cancelled_on == D(2026, 5, 10)
    assert Recognition.get_by_id(rec_id).cancelled_on is None


def test_apply_nothing_accepted_writes_nothing(db):
    r = _referral()
    _with_open_history(r)
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    start_work.apply(proposal, set())
    assert Employment.select().count() == 0
    assert Registration.get().cancelled_on is None


def _stale_proposal(r):  # type: ignore[no-untyped-def]
    """A proposal whose registration someone else cancels before it is applied: applying it fails."""
    reg = ledger.add_registration(r.person_id, "2026-04-01")
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None and start_work.CANCEL_REGISTRATION in proposal.keys
    ledger.cancel_registration(reg.id, "2026-05-05", "灵活就业")
    return reg, proposal


def test_apply_consequences_all_or_nothing(db):
    r = _referral(on="2026-05-01")
    reg, proposal = _stale_proposal(r)
    with pytest.raises(ValidationError):
        start_work.apply(proposal, proposal.keys)
    assert Employment.select().count() == 0
    assert Registration.get_by_id(reg.id).cancelled_on == D(2026, 5, 5)


def test_a_status_that_began_after_the_hire_is_not_proposed(db):
    r = _referral(on="2026-05-01")
    ledger.add_registration(r.person_id, "2026-06-01")
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    assert start_work.CANCEL_REGISTRATION not in proposal.keys
    start_work.apply(proposal, proposal.keys)  # what is offered can be applied
    assert Employment.select().count() == 1


def test_apply_unknown_key_is_a_bug(db):
    r = _referral()
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    with pytest.raises(ValueError):
        start_work.apply(proposal, {start_work.CANCEL_REGISTRATION})


def test_existing_employment_not_proposed_again(db):
    r = _referral()
    ledger.add_employment(r.person_id, "2026-05-10", "单位就业")
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    assert start_work.EMPLOYMENT not in proposal.keys


def test_employment_consequences_is_generic(db):
    pid = person("张三", 11)
    ledger.add_registration(pid, "2026-02-01")
    proposal = start_work.propose(pid, D(2026, 3, 1), "个体经营", employer="自营小卖部")
    assert proposal.registration_reason == "从事个体经营或创办企业"
    start_work.apply(proposal, proposal.keys)
    assert Employment.get().form == "个体经营"
    assert Registration.get().cancel_reason == "从事个体经营或创办企业"


def test_employment_consequences_bad_form_refused(db):
    with pytest.raises(ValidationError):
        start_work.propose(person("张三", 11), D(2026, 3, 1), "打工")


# ---------------------------------------------------------------------------- follow-ups


def test_due_follow_ups_after_fourteen_days(db):
    v = vacancy()
    a, b, c = person("张三", 11), person("李四", 13), person("王五", 15)
    today = D(2026, 6, 15)
    old = referrals.refer([a], v.id, today - dt.timedelta(days=14))[0]
    referrals.refer([b], v.id, today - dt.timedelta(days=13))
    done = referrals.refer([c], v.id, today - dt.timedelta(days=30))[0]
    referrals.record_outcome(done.id, "未录用", today - dt.timedelta(days=20))
    due = referrals.due_follow_ups(today)
    assert [f.referral_id for f in due] == [old.id]
    assert due[0].person_name == "张三"
    assert due[0].days_waiting == 14
    assert due[0].vacancy_title == "普工"
    assert "*" in due[0].masked_id


def test_due_follow_ups_other_threshold(db):
    v = vacancy()
    today = D(2026, 6, 15)
    referrals.refer([person("李四", 13)], v.id, today - dt.timedelta(days=7))
    assert referrals.due_follow_ups(today) == []
    assert len(referrals.due_follow_ups(today, days=7)) == 1


def test_outcome_without_follow_up_date_still_due(db):
    v = vacancy()
    today = D(2026, 6, 15)
    r = referrals.refer([person("张三", 11)], v.id, today - dt.timedelta(days=20))[0]
    referrals.record_outcome(r.id, "已面试")
    assert [f.referral_id for f in referrals.due_follow_ups(today)] == [r.id]


def test_referrals_of_person(db):
    v = vacancy()
    pid = person("张三", 11)
    referrals.refer([pid], v.id, "2026-05-01")
    referrals.refer([pid], v.id, "2026-05-03")
    rows = referrals.referrals_of_person(pid)
    assert [r[1] for r in rows] == [D(2026, 5, 3), D(2026, 5, 1)]
    assert rows[0][2:6] == ("G2026-0001", "普工", "广州市荔香食品有限公司", "待反馈")


# ---------------------------------------------------------------------------- hire: 就业状态 and 就业单位


def test_hire_proposes_status_and_employer_update(db):
    r = _referral()
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    assert (proposal.status_from, proposal.status_to) == ("未就业", "单位就业")
    assert proposal.employer_to == "广州市荔香食品有限公司"
    assert proposal.changes[-1].key == start_work.UPDATE_STATUS
    assert (
        proposal.changes[-1].text == "更新人员就业状态：未就业 → 单位就业，就业单位：广州市荔香食品有限公司"
    )


def test_status_update_applied_with_the_rest_in_one_go(db):
    r = _referral()
    reg_id, _rec_id = _with_open_history(r)
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    start_work.apply(proposal, proposal.keys)
    p = Person.get_by_id(r.person_id)
    assert (p.employment_status, p.employer) == ("单位就业", "广州市荔香食品有限公司")
    assert Employment.select().count() == 1
    assert Registration.get_by_id(reg_id).cancelled_on == D(2026, 5, 10)


def test_status_update_declined_leaves_the_person(db):
    r = _referral()
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    start_work.apply(proposal, {start_work.EMPLOYMENT})
    p = Person.get_by_id(r.person_id)
    assert (p.employment_status, p.employer) == ("未就业", "")
    assert Employment.select().count() == 1


def test_status_update_alone(db):
    r = _referral(kind="公益性岗位")
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    start_work.apply(proposal, {start_work.UPDATE_STATUS})
    assert Person.get_by_id(r.person_id).employment_status == "公益性岗位"
    assert Employment.select().count() == 0


def test_status_update_not_offered_when_already_so(db):
    r = _referral(employment_status="单位就业", employer="广州市荔香食品有限公司")
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    assert start_work.UPDATE_STATUS not in proposal.keys


def test_status_update_offered_for_another_employer_only(db):
    r = _referral(employment_status="单位就业", employer="旧单位")
    proposal = referrals.record_outcome(r.id, "已录用", "2026-05-10")
    assert proposal is not None
    assert start_work.UPDATE_STATUS in proposal.keys
    assert "单位就业 → 单位就业，就业单位：广州市荔香食品有限公司" in proposal.changes[-1].text


def test_status_update_rolls_back_with_a_failing_change(db):
    r = _referral(on="2026-05-01")
    _reg, proposal = _stale_proposal(r)
    with pytest.raises(ValidationError):
        start_work.apply(proposal, proposal.keys)
    assert Person.get_by_id(r.person_id).employment_status == "未就业"
    assert Employment.select().count() == 0


def test_generic_consequences_offer_no_status_update(db):
    proposal = start_work.propose(person("张三", 11), D(2026, 3, 1), "灵活就业", offer_status=False)
    assert start_work.UPDATE_STATUS not in proposal.keys
    with_status = start_work.with_status_update(proposal)
    assert start_work.UPDATE_STATUS in with_status.keys
    assert with_status.employer_to == ""  # no employer named: 就业单位 left as it is


def test_hire_consequences_again_later(db):
    r = _referral()
    referrals.record_outcome(r.id, "已录用", "2026-05-10")  # proposal declined at the time
    again = referrals.hire_consequences(r.id)
    assert again.keys == {start_work.EMPLOYMENT, start_work.UPDATE_STATUS}
    start_work.apply(again, again.keys)
    assert referrals.hire_consequences(r.id).keys == set()  # nothing left to do


def test_hire_consequences_refused_for_other_outcomes(db):
    r = _referral()
    with pytest.raises(ValidationError) as err:
        referrals.hire_consequences(r.id)
    assert "待反馈" in err.value.message


# ---------------------------------------------------------------------------- lists for the window


def test_list_referrals_with_reminders(db):
    v = vacancy()
    a, b, c = person("张三", 11, phone="13800000011"), person("李四", 13), person("王五", 15)
    today = D(2026, 6, 15)
    referrals.refer([a], v.id, today - dt.timedelta(days=20))
    referrals.refer([b], v.id, today - dt.timedelta(days=14))
    done = referrals.refer([c], v.id, today - dt.timedelta(days=3))[0]
    referrals.record_outcome(done.id, "已面试", today)
    rows = referrals.list_referrals(today=today)
    assert [r.person_name for r in rows] == ["王五", "李四", "张三"]  # newest first
    wang, li, zhang = rows
    assert zhang.reminder == "逾期 6 天未回访" and zhang.follow_up_due and zhang.days_overdue == 6
    assert li.reminder == "今天应回访" and li.follow_up_due and li.days_overdue == 0
    assert wang.reminder == f"已回访（{today}）" and not wang.follow_up_due
    assert "*" in zhang.masked_id and zhang.employer_name == "广州市荔香食品有限公司"
    due = referrals.list_referrals(today=today, due_only=True)
    assert {r.person_name for r in due} == {"张三", "李四"}
    assert {r.id for r in due} == {f.referral_id for f in referrals.due_follow_ups(today)}


def test_list_referrals_not_yet_due(db):
    v = vacancy()
    referrals.refer([person("张三", 11)], v.id, "2026-06-10")
    (row,) = referrals.list_referrals(today=D(2026, 6, 15))
    assert row.reminder == "9 天后回访（2026-06-24）"
    assert not row.follow_up_due


def test_list_referrals_filters(db):
    v = vacancy()
    w = vacancy("G2026-0002", title="保洁员")
    a, b = person("张三", 11, phone="13800000011"), person("李四", 13)
    referrals.refer([a, b], v.id, "2026-05-01")
    r = referrals.refer([b], w.id, "2026-05-02")[0]
    referrals.record_outcome(r.id, "已录用", "2026-05-05")
    assert [x.person_name for x in referrals.list_referrals(text="1380000001")] == ["张三"]
    assert {x.vacancy_code for x in referrals.list_referrals(text="保洁")} == {"G2026-0002"}
    assert [x.id for x in referrals.list_referrals(outcome="已录用")] == [r.id]
    assert len(referrals.list_referrals(vacancy_id=v.id)) == 2
    assert len(referrals.list_referrals(person_id=b)) == 2


def test_find_people_by_name_id_and_phone(db):
    a = person("张三", 11, phone="13800000011")
    person("张三丰", 13)
    assert [p.name for p in referrals.find_people("张三")] == ["张三", "张三丰"]  # exact name first
    assert [p.id for p in referrals.find_people("13800000011")] == [a]
    idn = make_id("440117", D(1985, 3, 1), 11)
    (hit,) = referrals.find_people(idn[-6:])
    assert hit.id == a and hit.masked_id != idn and "*" in hit.masked_id


def test_find_people_without_text_lists_job_seekers(db):
    seeker = person("张三", 11)
    working = person("李四", 13, employment_status="单位就业")
    registered = person("王五", 15, employment_status="灵活就业")
    ledger.add_registration(registered, "2026-02-01")
    ids = [p.id for p in referrals.find_people("")]
    assert seeker in ids and registered in ids and working not in ids


def test_people_briefs_flags(db):
    a, b = person("张三", 11), person("李四", 13)
    ledger.add_recognition(a, "2026-02-01", "大龄")
    briefs = referrals.people_briefs([a, b, 999], today=D(2026, 3, 1))
    assert set(briefs) == {a, b}
    assert briefs[a].difficulty and briefs[a].tags == "就业困难人员"
    assert not briefs[b].difficulty and briefs[b].age == 41  # born 1985-03-01: birthday today


def test_list_referrals_since(db):
    v = vacancy()
    a = person("张三", 11)
    referrals.refer([a], v.id, "2026-05-01")
    referrals.refer([a], v.id, "2026-06-01")
    assert [r.referred_on for r in referrals.list_referrals(since=D(2026, 6, 1))] == [D(2026, 6, 1)]


def test_count_due_follow_ups_matches_the_list(db):
    v = vacancy()
    today = D(2026, 6, 15)
    referrals.refer([person("张三", 11)], v.id, today - dt.timedelta(days=14))
    referrals.refer([person("李四", 13)], v.id, today - dt.timedelta(days=13))
    assert referrals.count_due_follow_ups(today) == len(referrals.due_follow_ups(today)) == 1
