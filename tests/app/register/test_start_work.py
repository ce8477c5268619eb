"""The consequences of someone starting work: app/register/start_work.py, as every caller gets them."""

from __future__ import annotations

import pytest

from app.core.errors import FieldErrors, ValidationError
from app.register import ledger, start_work
from db.models import (
    Employment,
    Household,
    Person,
    Recognition,
    Referral,
    Registration,
    ZeroFamily,
)

# The case-work tests' ledger helpers: the same people, the same today.
from tests.app.casework.test_casework import TODAY, D, person

# ---------------------------------------------------------------------------- consequences


def _case() -> tuple[int, int]:
    pid = person(1, "张三", household_code="H7", relation="户主")
    other = person(2, "李四", household_code="H7", relation="配偶")
    ledger.add_registration(pid, "2024-01-10")
    ledger.add_recognition(pid, "2024-02-01", "零就业家庭")
    ZeroFamily.create(household=Household.get(Household.code == "H7"), recognized_on=D(2024, 4, 20))
    return pid, other


def test_consequences_offered(db) -> None:
    pid, _ = _case()
    c = start_work.propose(pid, "2024-05-10", "单位就业", employer="甲公司", today=TODAY)
    assert [ch.text for ch in c.changes] == [
        "新增就业记录：2024-05-10 单位就业，甲公司",
        "注销失业登记，注销日期 2024-05-10，原因：被用人单位录用",
        "取消就业困难认定，取消日期 2024-05-10，原因：(五) 实现就业创业",
        "更新人员就业状态：未就业 → 单位就业，就业单位：甲公司",
        "零就业家庭（户 H7）清零，清零日期 2024-05-10",
    ]


def test_apply_all_consequences_in_one_go(db) -> None:
    pid, _ = _case()
    c = start_work.propose(pid, "2024-05-10", "灵活就业", today=TODAY)
    start_work.apply(c, c.keys)
    assert Employment.get(Employment.person == pid).form == "灵活就业"
    reg = Registration.get(Registration.person == pid)
    assert (reg.cancelled_on, reg.cancel_reason) == (D(2024, 5, 10), "灵活就业")
    rec = Recognition.get(Recognition.person == pid)
    assert (rec.cancelled_on, rec.cancel_reason) == (D(2024, 5, 10), "(五) 实现就业创业")
    assert ZeroFamily.get().cleared_on == D(2024, 5, 10)
    assert Person.get_by_id(pid).employment_status == "灵活就业"


def test_apply_only_the_accepted(db) -> None:
    pid, _ = _case()
    c = start_work.propose(pid, "2024-05-10", "单位就业", today=TODAY)
    start_work.apply(c, {start_work.EMPLOYMENT, start_work.CLEAR_ZERO_FAMILY})
    assert Registration.get(Registration.person == pid).cancelled_on is None
    assert Recognition.get(Recognition.person == pid).cancelled_on is None
    assert ZeroFamily.get().cleared_on == D(2024, 5, 10)


def test_failure_in_the_last_change_rolls_everything_back(db) -> None:
    pid, _ = _case()
    c = start_work.propose(pid, "2024-05-10", "单位就业", today=TODAY)
    ZeroFamily.update(cleared_on=D(2024, 5, 1)).execute()  # someone else cleared it meanwhile
    with pytest.raises(ValidationError, match="已于 2024-05-01 清零"):
        start_work.apply(c, c.keys)
    assert Employment.select().count() == 0
    assert Registration.get(Registration.person == pid).cancelled_on is None
    assert Recognition.get(Recognition.person == pid).cancelled_on is None


def test_consequences_for_a_family_member_and_statuses_after_the_start(db) -> None:
    pid, other = _case()
    c = start_work.propose(other, "2024-05-10", "单位就业", today=TODAY)
    # 李四 has no registration nor recognition.
    assert c.keys == {start_work.EMPLOYMENT, start_work.UPDATE_STATUS, start_work.CLEAR_ZERO_FAMILY}
    c = start_work.propose(pid, "2024-01-20", "单位就业", today=TODAY)
    # Recognised on 2024-02-01, after the start of work; the family was recognised later still.
    assert c.keys == {start_work.EMPLOYMENT, start_work.CANCEL_REGISTRATION, start_work.UPDATE_STATUS}


def test_consequences_bad_input(db) -> None:
    pid, _ = _case()
    with pytest.raises(ValidationError, match="晚于今天"):
        start_work.propose(pid, "2024-05-16", "单位就业", today=TODAY)
    with pytest.raises(ValidationError, match="就业形式"):
        start_work.propose(pid, "2024-05-10", "打零工", today=TODAY)
    with pytest.raises(FieldErrors):
        start_work.propose(31337, "2024-05-10", "单位就业", today=TODAY)
    with pytest.raises(ValueError):
        c = start_work.propose(pid, "2024-05-10", "单位就业", today=TODAY)
        start_work.apply(c, {"nonsense"})


def test_start_of_work_before_birth_refused(db) -> None:
    pid = person(1, "张三", birth=D(2000, 3, 3))
    with pytest.raises(ValidationError) as exc:
        start_work.propose(pid, "2000-03-02", "单位就业", today=TODAY)
    assert (exc.value.field, exc.value.message) == (
        "started_on",
        "就业日期 2000-03-02 早于张三的出生日期 2000-03-03",
    )
    assert start_work.propose(pid, "2000-03-03", "单位就业", today=TODAY).started_on == D(2000, 3, 3)


# ---------------------------------------------------------------------------- every caller gets the same


def test_a_hire_through_a_referral_clears_the_zero_employment_family_without_the_window(db) -> None:
    # Before: only the window merged the zero-family clearing into a hire; the app function now does.
    from app.jobs import referrals
    from app.jobs import vacancies as jobs

    pid, _ = _case()
    employer = jobs.save_employer({"name": "广州市荔香食品有限公司"})
    v = jobs.save_vacancy(
        {"code": "G2024-0001", "employer_id": employer.id, "title": "普工", "kind": "全日制", "headcount": 1,
         "collected_on": "2024-04-01", "valid_until": "2024-12-31"}
    )  # fmt: skip
    (r,) = referrals.refer([pid], v.id, "2024-05-01")
    proposal = referrals.record_outcome(r.id, "已录用", "2024-05-10", today=TODAY)
    assert proposal is not None
    assert start_work.CLEAR_ZERO_FAMILY in proposal.keys
    assert proposal == start_work.propose(
        pid,
        "2024-05-10",
        "单位就业",
        employer="广州市荔香食品有限公司",
        vacancy_code="G2024-0001",
        today=TODAY,
    )


def test_a_hire_dated_after_today_is_refused_before_anything_is_written(db) -> None:
    from app.jobs import referrals
    from app.jobs import vacancies as jobs

    pid, _ = _case()
    employer = jobs.save_employer({"name": "甲公司"})
    v = jobs.save_vacancy(
        {"code": "G2024-0002", "employer_id": employer.id, "title": "普工", "kind": "全日制", "headcount": 1,
         "collected_on": "2024-04-01", "valid_until": "2024-12-31"}
    )  # fmt: skip
    (r,) = referrals.refer([pid], v.id, "2024-05-01")
    with pytest.raises(ValidationError, match="晚于今天") as info:
        referrals.record_outcome(r.id, "已录用", "2024-05-16", today=TODAY)
    assert info.value.field == "followed_up_on"
    assert Referral.get_by_id(r.id).outcome == "待反馈"
