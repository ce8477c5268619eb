"""求职登记 entered in the window (app.register.seeking), the real ledgers' fields of a person, a
registration and an employment record through app.register.ledger, and what goes with a deleted person."""

from __future__ import annotations

import datetime as dt

import pytest

from app.accounts import audit
from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import make_id
from app.core.validators import credit_code_check
from app.register import ledger, recycle, seeking
from db.models import Employment, JobSeeking, Person, Registration

TODAY = dt.date(2026, 5, 15)
BIRTH = dt.date(1985, 1, 1)
CREDIT = "91440101MA5" + "ABCDE0"
CREDIT += credit_code_check(CREDIT)


def _person(key: int = 1, **extra: object) -> int:
    values = {
        "id_number": make_id("440106", BIRTH, key),
        "name": "张三",
        "employment_status": "未就业",
        "survey_date": "2026-03-01",
        **extra,
    }
    return ledger.save_person(values).id


def test_save_job_seeking_with_every_field(db):
    pid = _person()
    row = seeking.save_job_seeking(
        pid,
        {
            "registered_on": "2026-05-15",
            "intention": " 保洁 ",
            "expected_pay": "3500",
            "area": "外省市",
            "work_form": "长期工",
            "guidance_count": "2",
            "introduction_count": "",
        },
        today=TODAY,
    )
    got = JobSeeking.get_by_id(row.id)
    assert (got.registered_on, got.intention, got.expected_pay, got.area, got.work_form) == (
        TODAY,
        "保洁",
        3500,
        "外省市",
        "长期",
    )
    assert (got.guidance_count, got.introduction_count) == (2, 0)
    assert [r.id for r in seeking.job_seekings(pid)] == [row.id]


def test_job_seeking_today_and_on_the_birth_day_are_accepted(db):
    pid = _person()
    seeking.save_job_seeking(pid, {"registered_on": TODAY}, today=TODAY)
    seeking.save_job_seeking(pid, {"registered_on": BIRTH}, today=TODAY)
    assert JobSeeking.select().count() == 2


def test_job_seeking_tomorrow_is_refused(db):
    pid = _person()
    with pytest.raises(FieldErrors) as info:
        seeking.save_job_seeking(pid, {"registered_on": TODAY + dt.timedelta(days=1)}, today=TODAY)
    assert "晚于今天" in info.value.errors["registered_on"]


def test_job_seeking_before_birth_is_refused(db):
    pid = _person()
    with pytest.raises(FieldErrors) as info:
        seeking.save_job_seeking(pid, {"registered_on": BIRTH - dt.timedelta(days=1)}, today=TODAY)
    assert "出生日期" in info.value.errors["registered_on"]


def test_job_seeking_needs_a_date_and_checks_every_field(db):
    pid = _person()
    with pytest.raises(FieldErrors) as info:
        seeking.save_job_seeking(
            pid, {"area": "外地", "guidance_count": "-1", "expected_pay": "面议"}, today=TODAY
        )
    assert set(info.value.errors) == {"registered_on", "area", "guidance_count", "expected_pay"}
    assert "可选：本地、外省市" in info.value.errors["area"]
    assert JobSeeking.select().count() == 0


def test_one_job_seeking_per_person_and_day_and_editing_keeps_it(db):
    pid = _person()
    row = seeking.save_job_seeking(pid, {"registered_on": "2026-03-01"}, today=TODAY)
    with pytest.raises(FieldErrors) as info:
        seeking.save_job_seeking(pid, {"registered_on": "2026-03-01"}, today=TODAY)
    assert "已有 2026-03-01 的求职登记" in info.value.errors["registered_on"]
    seeking.save_job_seeking(pid, {"registered_on": "2026-03-01", "guidance_count": 3}, row.id, today=TODAY)
    assert JobSeeking.get_by_id(row.id).guidance_count == 3
    seeking.delete_job_seeking(row.id)
    assert JobSeeking.select().count() == 0


def test_validate_field_names_the_field(db):
    with pytest.raises(ValidationError) as info:
        seeking.validate_field("work_form", "临时")
    assert info.value.field == "work_form" and "长期、短期、兼职" in info.value.message


def test_person_real_ledger_fields_saved_canonical(db):
    pid = _person(
        hukou_nature="非农业",
        ethnicity="回",
        veteran="是",
        skill_level="技师",
        insurance="失业;职工养老",
        employment_card="4401060020240001",
        person_category="退役军人",
        certificate="电工",
        major="会计",
    )
    p = Person.get_by_id(pid)
    assert (p.hukou_nature, p.ethnicity, p.veteran, p.skill_level, p.insurance) == (
        "城镇",
        "回族",
        True,
        "二级/技师",
        "职工养老、失业",
    )
    assert (p.employment_card, p.person_category, p.certificate, p.major) == (
        "4401060020240001",
        "退役军人",
        "电工",
        "会计",
    )


def test_person_real_ledger_fields_refused_each_named(db):
    with pytest.raises(FieldErrors) as info:
        _person(ethnicity="火星族", insurance="未参保、失业", skill_level="六级", veteran="也许")
    assert set(info.value.errors) == {"ethnicity", "insurance", "skill_level", "veteran"}


def test_registration_unemployed_on_and_prior_status(db):
    pid = _person()
    reg = ledger.add_registration(
        pid, "2026-01-10", unemployed_on="2026-01-10", prior_status="从各类单位辞职"
    )
    got = Registration.get_by_id(reg.id)
    assert (got.unemployed_on, got.prior_status) == (dt.date(2026, 1, 10), "从各类单位辞职")


def test_registration_unemployed_after_registering_is_refused(db):
    pid = _person()
    with pytest.raises(ValidationError) as info:
        ledger.add_registration(pid, "2026-01-10", unemployed_on="2026-01-11")
    assert info.value.field == "unemployed_on" and "晚于登记日期" in info.value.message


def test_registration_prior_status_outside_the_list_is_refused(db):
    pid = _person()
    with pytest.raises(ValidationError) as info:
        ledger.add_registration(pid, "2026-01-10", prior_status="下岗")
    assert info.value.field == "prior_status"


def test_employment_details_saved(db):
    pid = _person()
    e = ledger.add_employment(
        pid,
        "2026-02-01",
        "单位就业",
        details={"industry": "一产", "credit_code": CREDIT.lower(), "monthly_income": "3000",
                 "contract": "是", "contract_term": "2年", "channel": "公有制企业",
                 "employment_type": "单位就业", "position": "司机"},
    )  # fmt: skip
    got = Employment.get_by_id(e.id)
    assert (got.industry, got.credit_code, got.monthly_income, got.contract, got.contract_term) == (
        "第一产业",
        CREDIT,
        3000,
        True,
        "2年",
    )


def test_employment_details_refused_with_nothing_written(db):
    pid = _person()
    wrong = CREDIT[:17] + ("0" if CREDIT[17] != "0" else "1")
    with pytest.raises(FieldErrors) as info:
        ledger.add_employment(
            pid,
            "2026-02-01",
            "单位就业",
            details={"credit_code": wrong, "monthly_income": "-5", "contract": "否", "contract_term": "3年"},
        )
    assert set(info.value.errors) == {"credit_code", "monthly_income", "contract_term"}
    assert "校验位" in info.value.errors["credit_code"]
    assert Employment.select().count() == 0


def test_job_seeking_goes_to_the_recycle_bin_and_comes_back(db):
    pid = _person()
    seeking.save_job_seeking(pid, {"registered_on": "2026-03-01", "intention": "保洁"}, today=TODAY)
    assert recycle.takes_along([pid]) == {"求职登记": 1}
    [entry] = recycle.discard([pid])
    assert JobSeeking.select().count() == 0
    recycle.restore(entry)
    assert JobSeeking.get().intention == "保洁"


def test_job_seeking_changes_are_in_the_audit_trail(db):
    pid = _person()
    row = seeking.save_job_seeking(pid, {"registered_on": "2026-03-01"}, today=TODAY)
    seeking.save_job_seeking(
        pid, {"registered_on": "2026-03-01", "introduction_count": 1}, row.id, today=TODAY
    )
    last = audit.last_change(pid)
    assert last is not None and (last.table, last.kind, last.field) == (
        "job_seeking",
        "update",
        "introduction_count",
    )
    assert last.key.endswith("2026-03-01") and (last.old, last.new) == ("0", "1")
