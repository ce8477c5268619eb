"""Correcting a history record: the rules of adding one (each boundary), the overlap rules leaving out the
record itself, roles, the audit trail, and nothing written when refused."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from app.accounts import audit, session
from app.core.errors import FieldErrors, UserError, ValidationError
from app.register import corrections, ledger
from db.models import Employer, Employment, Person, Recognition, Registration, Vacancy
from tests.app.register.test_ledger import _person_values, unchanged

D = dt.date


@contextmanager
def refused(exc_type: type[UserError] = ValidationError) -> Iterator[Any]:
    """The correction is refused and the database is as it was."""
    with unchanged(), pytest.raises(exc_type) as info:
        yield info


@pytest.fixture
def person(db: Path) -> Person:
    return ledger.save_person(_person_values())


@pytest.fixture
def reg(person: Person) -> Registration:
    return ledger.add_registration(
        person.id,
        "2024-01-10",
        cancelled_on="2024-06-30",
        cancel_reason="灵活就业",
        unemployed_on="2023-12-01",
        prior_status="从各类单位辞职",
    )


@pytest.fixture
def rec(person: Person) -> Recognition:
    return ledger.add_recognition(person.id, "2024-01-10", "大龄", level="二级")


@pytest.fixture
def emp(person: Person) -> Employment:
    return ledger.add_employment(
        person.id,
        "2024-07-01",
        "单位就业",
        employer="某公司",
        details={
            "employment_type": "单位就业",
            "monthly_income": "3000",
            "contract": "是",
            "contract_term": "1年",
        },
    )


@contextmanager
def operator(role: str, name: str) -> Iterator[None]:
    """A file with accounts and ``name`` (``role``) logged in."""
    session.file_opened(has_accounts=True)
    session.set_current(session.Operator(name, role))
    try:
        yield
    finally:
        session.file_opened(has_accounts=False)


# ---------------------------------------------------------------- registrations


def test_registration_corrected_and_the_rest_kept(reg: Registration) -> None:
    corrections.update_registration(reg.id, registered_on="2024-01-12", prior_status="退出灵活就业")
    got = Registration.get_by_id(reg.id)
    assert (got.registered_on, got.prior_status) == (D(2024, 1, 12), "退出灵活就业")
    assert (got.cancelled_on, got.cancel_reason, got.unemployed_on) == (
        D(2024, 6, 30),
        "灵活就业",
        D(2023, 12, 1),
    )
    assert Registration.select().count() == 1


def test_registration_cancellation_can_be_taken_back(reg: Registration) -> None:
    corrections.update_registration(reg.id, cancelled_on=None, cancel_reason="")
    got = Registration.get_by_id(reg.id)
    assert (got.cancelled_on, got.cancel_reason) == (None, "")


def test_registration_end_before_start_refused(reg: Registration) -> None:
    with refused() as info:
        corrections.update_registration(reg.id, cancelled_on="2024-01-09")
    assert info.value.message == "注销日期 2024-01-09 早于 登记日期 2024-01-10"
    assert info.value.field == "cancelled_on"


def test_registration_end_on_the_start_day_accepted(reg: Registration) -> None:
    corrections.update_registration(reg.id, cancelled_on="2024-01-10")
    assert Registration.get_by_id(reg.id).cancelled_on == D(2024, 1, 10)


def test_registration_overlap_with_another_refused(person: Person, reg: Registration) -> None:
    later = ledger.add_registration(person.id, "2024-08-01")
    with refused() as info:
        corrections.update_registration(later.id, registered_on="2024-06-29")
    assert info.value.message == "与已有失业登记（2024-01-10 至 2024-06-30）时间重叠"


def test_registration_adjacent_to_another_accepted(person: Person, reg: Registration) -> None:
    later = ledger.add_registration(person.id, "2024-08-01")
    corrections.update_registration(later.id, registered_on="2024-06-30")
    assert Registration.get_by_id(later.id).registered_on == D(2024, 6, 30)


def test_registration_overlap_with_itself_allowed(reg: Registration) -> None:
    corrections.update_registration(reg.id, registered_on="2024-02-01", cancelled_on="2024-07-31")
    got = Registration.get_by_id(reg.id)
    assert (got.registered_on, got.cancelled_on) == (D(2024, 2, 1), D(2024, 7, 31))


def test_registration_unknown_code_refused(reg: Registration) -> None:
    with refused() as info:
        corrections.update_registration(reg.id, prior_status="下岗")
    assert info.value.field == "prior_status" and "下岗" in info.value.message
    with refused() as info:
        corrections.update_registration(reg.id, cancel_reason="找到工作了")
    assert info.value.field == "cancel_reason"


def test_registration_shared_rules_refused(reg: Registration) -> None:
    with refused() as info:
        corrections.update_registration(reg.id, unemployed_on="2024-01-11")
    assert info.value.message == "失业时间 2024-01-11 晚于登记日期 2024-01-10"
    with refused() as info:
        corrections.update_registration(reg.id, unemployed_on="1980-01-01")
    assert info.value.field == "unemployed_on"
    with refused() as info:
        corrections.update_registration(reg.id, personal_reason=True)
    assert info.value.field == "exclusion_note"
    with refused() as info:
        corrections.update_registration(reg.id, registered_on="")
    assert info.value.field == "registered_on"


def test_registration_gone_meanwhile_refused(reg: Registration) -> None:
    ledger.delete_registration(reg.id)
    with refused() as info:
        corrections.update_registration(reg.id, prior_status="其他")
    assert "不存在" in info.value.message


def test_unknown_field_name_is_a_programming_error(reg: Registration) -> None:
    with unchanged(), pytest.raises(TypeError, match="registred_on"):
        corrections.update_registration(reg.id, registred_on="2024-01-12")


# ---------------------------------------------------------------- recognitions


def test_recognition_corrected_and_the_rest_kept(rec: Recognition) -> None:
    corrections.update_recognition(rec.id, categories="大龄、残疾")
    got = Recognition.get_by_id(rec.id)
    assert (got.recognized_on, got.categories, got.level) == (D(2024, 1, 10), "大龄、残疾", "二级")


def test_recognition_end_before_start_refused(rec: Recognition) -> None:
    with refused() as info:
        corrections.update_recognition(rec.id, cancelled_on="2024-01-09", cancel_reason="死亡")
    assert info.value.message == "取消日期 2024-01-09 早于 认定日期 2024-01-10"
    assert info.value.field == "cancelled_on"


def test_recognition_overlap_with_another_refused(person: Person, rec: Recognition) -> None:
    ledger.cancel_recognition(rec.id, "2024-06-30", "死亡")
    later = ledger.add_recognition(person.id, "2024-08-01", "残疾")
    with refused() as info:
        corrections.update_recognition(later.id, recognized_on="2024-06-01")
    assert info.value.message == "与已有就业困难认定（2024-01-10 认定，2024-06-30 取消）时间重叠"


def test_recognition_overlap_with_itself_allowed(rec: Recognition) -> None:
    corrections.update_recognition(
        rec.id, recognized_on="2024-01-05", cancelled_on="2024-03-01", cancel_reason="其他"
    )
    got = Recognition.get_by_id(rec.id)
    assert (got.recognized_on, got.cancelled_on, got.cancel_reason) == (D(2024, 1, 5), D(2024, 3, 1), "其他")


def test_recognition_unknown_code_refused(rec: Recognition) -> None:
    with refused() as info:
        corrections.update_recognition(rec.id, categories="大龄、下岗")
    assert info.value.field == "categories" and "下岗" in info.value.message
    with refused() as info:
        corrections.update_recognition(rec.id, level="四级")
    assert info.value.field == "level"
    with refused() as info:
        corrections.update_recognition(rec.id, categories="")
    assert info.value.message == "认定类别不能为空"


def test_recognition_cancel_reason_normalised_on_correction(rec: Recognition) -> None:
    corrections.update_recognition(rec.id, cancelled_on="2024-05-01", cancel_reason="(五) 实现就业创业")
    assert Recognition.get_by_id(rec.id).cancel_reason == "(五) 实现就业创业"


# ---------------------------------------------------------------- employment


def test_employment_corrected_and_the_rest_kept(emp: Employment) -> None:
    corrections.update_employment(emp.id, monthly_income="3500", position="保洁员", channel="非公有制企业")
    got = Employment.get_by_id(emp.id)
    assert (got.monthly_income, got.position, got.channel) == (3500, "保洁员", "非公有制企业")
    assert (got.started_on, got.form, got.employer, got.contract, got.contract_term) == (
        D(2024, 7, 1),
        "单位就业",
        "某公司",
        True,
        "1年",
    )


def test_employment_end_before_start_refused(emp: Employment) -> None:
    with refused() as info:
        corrections.update_employment(emp.id, ended_on="2024-06-30")
    assert info.value.message == "离职日期 2024-06-30 早于 就业日期 2024-07-01"
    assert info.value.field == "ended_on"


def test_employment_same_day_and_form_as_another_refused(person: Person, emp: Employment) -> None:
    other = ledger.add_employment(person.id, "2024-09-01", "单位就业")
    with refused() as info:
        corrections.update_employment(other.id, started_on="2024-07-01")
    assert info.value.message == "已有 2024-07-01 的单位就业记录"


def test_employment_same_day_and_form_as_itself_allowed(emp: Employment) -> None:
    corrections.update_employment(emp.id, started_on="2024-07-01", employer="某某公司")
    assert Employment.get_by_id(emp.id).employer == "某某公司"


def test_employment_unknown_code_refused(emp: Employment) -> None:
    with refused(FieldErrors) as info:
        corrections.update_employment(emp.id, employment_type="打零工", industry="第四产业")
    assert set(info.value.errors) == {"employment_type", "industry"}
    with refused() as info:
        corrections.update_employment(emp.id, form="打零工")
    assert info.value.field == "form"


def test_employment_contract_term_needs_a_contract(emp: Employment) -> None:
    with refused(FieldErrors) as info:
        corrections.update_employment(emp.id, contract="否")
    assert set(info.value.errors) == {"contract_term"}
    corrections.update_employment(emp.id, contract="否", contract_term="")
    assert Employment.get_by_id(emp.id).contract is False


def test_employment_vacancy_kept_changed_and_checked(person: Person) -> None:
    employer = Employer.create(name="某某公司")
    for code in ("GW001", "GW002"):
        Vacancy.create(
            code=code, employer=employer, title="保洁", kind="全日制", headcount=1, collected_on=D(2024, 1, 1)
        )
    emp = ledger.add_employment(person.id, "2024-04-01", "单位就业", vacancy_code="GW001")
    corrections.update_employment(emp.id, employer="某某公司")
    assert Employment.get_by_id(emp.id).vacancy.code == "GW001"
    corrections.update_employment(emp.id, vacancy_code="GW002")
    assert Employment.get_by_id(emp.id).vacancy.code == "GW002"
    with refused() as info:
        corrections.update_employment(emp.id, vacancy_code="GW999")
    assert (info.value.message, info.value.field) == ("岗位编号 GW999 不存在", "vacancy_code")
    corrections.update_employment(emp.id, vacancy_code="")
    assert Employment.get_by_id(emp.id).vacancy is None


def test_employment_before_birth_refused(emp: Employment) -> None:
    with refused() as info:
        corrections.update_employment(emp.id, started_on="1980-01-01")
    assert info.value.field == "started_on"


# ---------------------------------------------------------------- roles and the audit trail


@pytest.mark.parametrize("kind", ["registration", "recognition", "employment"])
def test_a_read_only_operator_is_refused(
    kind: str, reg: Registration, rec: Recognition, emp: Employment
) -> None:
    calls = {
        "registration": lambda: corrections.update_registration(reg.id, prior_status="其他"),
        "recognition": lambda: corrections.update_recognition(rec.id, level="一级"),
        "employment": lambda: corrections.update_employment(emp.id, position="保洁员"),
    }
    with operator(session.VIEWER, "检查组"), refused(session.PermissionDenied) as info:
        calls[kind]()
    assert "检查组" in info.value.message and "修改台账" in info.value.message


def test_staff_may_correct_and_the_change_is_audited_with_old_and_new(reg: Registration) -> None:
    with operator(session.STAFF, "小李"):
        corrections.update_registration(reg.id, prior_status="退出灵活就业", registered_on="2024-01-12")
    changes = {e.field: e for e in audit.entries(limit=2)}
    assert set(changes) == {"prior_status", "registered_on"}
    entry = changes["prior_status"]
    assert (entry.kind, entry.table, entry.operator, entry.person_id) == (
        "update",
        "registration",
        "小李",
        reg.person_id,
    )
    assert (entry.old, entry.new) == ("从各类单位辞职", "退出灵活就业")
    assert (changes["registered_on"].old, changes["registered_on"].new) == ("2024-01-10", "2024-01-12")


def test_employment_correction_is_audited(emp: Employment) -> None:
    corrections.update_employment(emp.id, monthly_income="3500")
    last = audit.last_change(emp.person_id)
    assert last is not None
    assert (last.table, last.kind, last.field, last.old, last.new) == (
        "employment",
        "update",
        "monthly_income",
        "3000",
        "3500",
    )


def test_a_correction_that_changes_nothing_writes_no_audit_entry(rec: Recognition) -> None:
    before = audit.count()
    corrections.update_recognition(rec.id, level="二级")
    assert audit.count() == before
