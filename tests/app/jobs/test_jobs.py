"""Employers and vacancies: app/jobs.py."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

import pytest

from app.core.errors import FieldErrors, ValidationError
from app.core.validators import credit_code_check
from app.jobs import vacancies as jobs
from db.models import Employer, Referral, Vacancy

TODAY = dt.date(2026, 11, 22)


def employer(name: str = "广州市荔香食品有限公司", **extra: object) -> Employer:
    return jobs.save_employer({"name": name, "kind": "企业", **extra})


def vacancy_values(emp: Employer, code: str = "G2026-0001", **extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "code": code,
        "employer_id": emp.id,
        "title": "保洁员",
        "kind": "全日制",
        "headcount": 2,
        "hours": "8:00-17:00",
        "requirements": "18-45岁，初中以上学历",
        "pay_text": "3500-4500元/月",
        "pay_min": 3500,
        "pay_max": 4500,
        "contact": "陈小姐",
        "phone": "13912345678",
        "location": "塘尾村一组",
        "collected_on": "2026-11-01",
        "valid_until": "2026-12-31",
    }
    values.update(extra)
    return values


def vacancy(emp: Employer, code: str = "G2026-0001", **extra: object) -> Vacancy:
    return jobs.save_vacancy(vacancy_values(emp, code, **extra))


def valid_credit_code() -> str:
    first17 = "91440101MA5CXXXX0"
    return first17 + credit_code_check(first17)


# ---------------------------------------------------------------------------- employers


def test_save_employer_creates_and_updates(db):
    e = employer(contact="李先生", phone="020-12345678", credit_code=valid_credit_code())
    assert Employer.get_by_id(e.id).credit_code == valid_credit_code()
    jobs.save_employer({"name": "广州市荔香食品有限公司", "address": "良口镇"}, employer_id=e.id)
    again = Employer.get_by_id(e.id)
    assert again.address == "良口镇"
    assert again.contact == "李先生"  # fields left out keep their value
    assert Employer.select().count() == 1


def test_employer_name_required(db):
    with pytest.raises(FieldErrors) as err:
        jobs.save_employer({"name": "  ", "kind": "企业"})
    assert "单位名称不能为空" in err.value.errors["name"]


def test_employer_name_unique(db):
    employer()
    with pytest.raises(FieldErrors) as err:
        employer()
    assert "已存在" in err.value.errors["name"]
    assert Employer.select().count() == 1


def test_employer_rename_onto_another_name_refused(db):
    employer("甲公司")
    b = employer("乙公司")
    with pytest.raises(FieldErrors):
        jobs.save_employer({"name": "甲公司"}, employer_id=b.id)
    assert Employer.get_by_id(b.id).name == "乙公司"


def test_employer_kind_from_code_list(db):
    with pytest.raises(FieldErrors) as err:
        jobs.save_employer({"name": "某单位", "kind": "外企"})
    assert "家政" in err.value.errors["kind"]  # the allowed values are listed
    assert employer("某民宿", kind="民宿").kind == "民宿"


def test_credit_code_wrong_check_character_refused(db):
    good = valid_credit_code()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(FieldErrors) as err:
        employer(credit_code=bad)
    assert "校验位错误" in err.value.errors["credit_code"]
    assert f"末位应为 {good[17]}" in err.value.errors["credit_code"]
    assert Employer.select().count() == 0


def test_credit_code_length_refused(db):
    with pytest.raises(FieldErrors) as err:
        employer(credit_code="91440101")
    assert "18位" in err.value.errors["credit_code"]


def test_employer_phone_rule(db):
    with pytest.raises(FieldErrors) as err:
        employer(phone="12345")
    assert "格式不对" in err.value.errors["phone"]


def test_delete_employer_refused_while_it_has_vacancies(db):
    e = employer()
    vacancy(e)
    with pytest.raises(ValidationError) as err:
        jobs.delete_employer(e.id)
    assert "还有 1 个岗位" in err.value.message
    assert Employer.select().count() == 1


def test_delete_employer_without_vacancies(db):
    e = employer()
    jobs.delete_employer(e.id)
    assert Employer.select().count() == 0


def test_list_employers_counts_vacancies(db):
    a = employer("甲公司")
    employer("乙公司")
    vacancy(a, "G2026-0001")
    vacancy(a, "G2026-0002")
    assert [(name, n) for _i, name, _k, n in jobs.list_employers()] == [("乙公司", 0), ("甲公司", 2)]
    assert [name for _i, name, _k, _n in jobs.list_employers("甲")] == ["甲公司"]


# ---------------------------------------------------------------------------- vacancy codes


def test_next_vacancy_code_first_of_year(db):
    assert jobs.next_vacancy_code(2026) == "G2026-0001"


def test_next_vacancy_code_after_highest(db):
    e = employer()
    vacancy(e, "G2026-0001")
    vacancy(e, "G2026-0007")
    vacancy(e, "G2025-0042")
    vacancy(e, "自编-1")
    assert jobs.next_vacancy_code(2026) == "G2026-0008"
    assert jobs.next_vacancy_code(2025) == "G2025-0043"


def test_next_vacancy_code_defaults_to_this_year(db):
    assert jobs.next_vacancy_code() == f"G{dt.date.today().year}-0001"


# ---------------------------------------------------------------------------- vacancies


def test_save_vacancy_defaults(db):
    v = vacancy(employer())
    row = Vacancy.get_by_id(v.id)
    assert row.status == "招聘中"
    assert row.collected_on == dt.date(2026, 11, 1)
    assert row.headcount == 2


def test_save_vacancy_by_employer_name(db):
    e = employer()
    values = vacancy_values(e)
    del values["employer_id"]
    values["employer_name"] = e.name
    assert jobs.save_vacancy(values).employer_id == e.id


def test_save_vacancy_unknown_employer_refused(db):
    e = employer()
    values = vacancy_values(e)
    del values["employer_id"]
    values["employer_name"] = "不存在的公司"
    with pytest.raises(FieldErrors) as err:
        jobs.save_vacancy(values)
    assert "不存在" in err.value.errors["employer_id"]


def test_vacancy_code_unique_offers_next(db):
    e = employer()
    vacancy(e, "G2026-0001")
    with pytest.raises(FieldErrors) as err:
        vacancy(e, "G2026-0001")
    assert "G2026-0002" in err.value.errors["code"]
    assert Vacancy.select().count() == 1


def test_vacancy_kind_from_code_list(db):
    with pytest.raises(FieldErrors) as err:
        vacancy(employer(), kind="临时工")
    assert "零工" in err.value.errors["kind"]


@pytest.mark.parametrize("bad", [0, -1, "abc", ""])
def test_headcount_must_be_at_least_one(db, bad):
    with pytest.raises(FieldErrors) as err:
        vacancy(employer(), headcount=bad)
    assert "招聘人数" in err.value.errors["headcount"]


def test_headcount_one_accepted(db):
    assert vacancy(employer(), headcount=1).headcount == 1


def test_pay_min_above_max_refused(db):
    with pytest.raises(FieldErrors) as err:
        vacancy(employer(), pay_min=5000, pay_max=4000)
    assert "低于薪酬下限" in err.value.errors["pay_max"]
    assert Vacancy.select().count() == 0


def test_pay_min_equal_max_accepted(db):
    assert vacancy(employer(), pay_min=4000, pay_max=4000).pay_max == 4000


def test_pay_negative_refused(db):
    with pytest.raises(FieldErrors) as err:
        vacancy(employer(), pay_min=-1)
    assert "pay_min" in err.value.errors


def test_valid_until_before_collection_refused(db):
    with pytest.raises(FieldErrors) as err:
        vacancy(employer(), collected_on="2026-11-01", valid_until="2026-10-31")
    assert "早于收集日期" in err.value.errors["valid_until"]


def test_valid_until_on_collection_day_accepted(db):
    v = vacancy(employer(), collected_on="2026-11-01", valid_until="2026/11/1")
    assert v.valid_until == dt.date(2026, 11, 1)


def test_collected_on_required(db):
    with pytest.raises(FieldErrors) as err:
        vacancy(employer(), collected_on="")
    assert "收集日期不能为空" in err.value.errors["collected_on"]


def test_vacancy_several_errors_at_once(db):
    with pytest.raises(FieldErrors) as err:
        vacancy(employer(), title="", headcount=0, phone="123")
    assert {"title", "headcount", "phone"} <= set(err.value.errors)


def test_update_vacancy_partial_keeps_other_fields(db):
    v = vacancy(employer())
    jobs.save_vacancy({"title": "保洁主管", "headcount": 1}, vacancy_id=v.id)
    row = Vacancy.get_by_id(v.id)
    assert (row.title, row.headcount, row.pay_min, row.status) == ("保洁主管", 1, 3500, "招聘中")


def test_update_vacancy_cross_field_rule_sees_stored_values(db):
    v = vacancy(employer(), pay_min=3500, pay_max=4500)
    with pytest.raises(FieldErrors) as err:
        jobs.save_vacancy({"pay_max": 3000}, vacancy_id=v.id)
    assert "pay_max" in err.value.errors
    assert Vacancy.get_by_id(v.id).pay_max == 4500


def test_update_vacancy_same_code_allowed(db):
    v = vacancy(employer(), "G2026-0001")
    jobs.save_vacancy({"code": "G2026-0001", "headcount": 3}, vacancy_id=v.id)
    assert Vacancy.get_by_id(v.id).headcount == 3


def test_close_vacancy(db):
    e = employer()
    a, b = vacancy(e, "G2026-0001"), vacancy(e, "G2026-0002")
    jobs.close_vacancy(a.id)
    jobs.close_vacancy(b.id, "已招满")
    assert Vacancy.get_by_id(a.id).status == "已关闭"
    assert Vacancy.get_by_id(b.id).status == "已招满"


def test_close_vacancy_bad_status_refused(db):
    v = vacancy(employer())
    with pytest.raises(ValidationError):
        jobs.close_vacancy(v.id, "招聘中")
    assert Vacancy.get_by_id(v.id).status == "招聘中"


# ---------------------------------------------------------------------------- elements and expiry


def test_required_elements_match_the_standard():
    # STANDARDS.md posting_elements: 工作时间, 招聘要求, 薪酬待遇, 联系人, 联系电话.
    assert [label for _f, label in jobs.REQUIRED_ELEMENTS] == [
        "工作时间",
        "招聘要求",
        "薪酬待遇",
        "联系人",
        "联系电话",
    ]
    assert all(hasattr(Vacancy, field) for field, _label in jobs.REQUIRED_ELEMENTS)


def test_missing_elements_complete(db):
    assert jobs.missing_elements(vacancy(employer())) == []


def test_missing_elements_in_standard_order(db):
    v = vacancy(employer(), phone="", hours="")
    assert jobs.missing_elements(v) == ["工作时间", "联系电话"]


def test_missing_elements_of_a_mapping():
    assert jobs.missing_elements({"hours": "全天", "requirements": " ", "pay_text": "面议"}) == [
        "招聘要求",
        "联系人",
        "联系电话",
    ]


def test_is_expired_boundaries():
    assert not jobs.is_expired({"valid_until": None}, TODAY)
    assert not jobs.is_expired({"valid_until": TODAY}, TODAY)
    assert jobs.is_expired({"valid_until": TODAY - dt.timedelta(days=1)}, TODAY)


def test_elements_complete_expr_counts_in_sql(db):
    e = employer()
    vacancy(e, "G2026-0001")
    vacancy(e, "G2026-0002", contact="")
    assert Vacancy.select().where(jobs.elements_complete_expr()).count() == 1


# ---------------------------------------------------------------------------- list view


@pytest.fixture
def queries() -> Iterator[list[str]]:
    """SQL statements peewee runs while the fixture is active."""
    seen: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record.getMessage())

    logger = logging.getLogger("peewee")
    handler = Catch(level=logging.DEBUG)
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield seen
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def _listing_data() -> tuple[Vacancy, Vacancy, Vacancy, Vacancy]:
    a, b = employer("甲公司"), employer("乙家政服务部", kind="家政")
    complete = vacancy(a, "G2026-0001", collected_on="2026-11-01")
    incomplete = vacancy(
        b, "G2026-0002", title="钟点工", kind="非全日制", hours="", collected_on="2026-11-02"
    )
    expired = vacancy(a, "G2026-0003", collected_on="2026-10-01", valid_until="2026-11-21")
    closed = vacancy(a, "G2026-0004", collected_on="2026-10-02", status="已关闭")
    return complete, incomplete, expired, closed


def test_list_vacancies_rows(db, queries):
    complete, *_others = _listing_data()
    Referral.create(person=_person_id(), vacancy=complete.id, referred_on=dt.date(2026, 11, 3))
    queries.clear()
    rows = jobs.list_vacancies(today=TODAY)
    assert len(queries) == 1  # one query for the whole list
    by_code = {r.code: r for r in rows}
    assert [r.code for r in rows] == ["G2026-0002", "G2026-0001", "G2026-0004", "G2026-0003"]
    assert by_code["G2026-0001"].employer_name == "甲公司"
    assert by_code["G2026-0001"].referral_count == 1
    assert by_code["G2026-0001"].complete and by_code["G2026-0001"].open
    assert by_code["G2026-0002"].missing == ("工作时间",)
    assert by_code["G2026-0003"].expired and not by_code["G2026-0003"].open
    assert not by_code["G2026-0004"].open
    assert by_code["G2026-0001"].collected_on == dt.date(2026, 11, 1)


def test_list_vacancies_only_open(db):
    complete, incomplete, _expired, _closed = _listing_data()
    assert {r.id for r in jobs.list_vacancies(today=TODAY, only_open=True)} == {complete.id, incomplete.id}


def test_list_vacancies_filters(db):
    complete, incomplete, _expired, closed = _listing_data()
    assert [r.id for r in jobs.list_vacancies(today=TODAY, text="乙家政")] == [incomplete.id]
    assert [r.id for r in jobs.list_vacancies(today=TODAY, incomplete_only=True)] == [incomplete.id]
    assert [r.id for r in jobs.list_vacancies(today=TODAY, kind="非全日制")] == [incomplete.id]
    assert [r.id for r in jobs.list_vacancies(today=TODAY, status="已关闭")] == [closed.id]
    assert [r.id for r in jobs.list_vacancies(today=TODAY, ids=[complete.id])] == [complete.id]
    got = jobs.list_vacancies(today=TODAY, collected_from=dt.date(2026, 11, 1))
    assert {r.id for r in got} == {complete.id, incomplete.id}


def _person_id() -> int:
    from app.core.idcard import make_id
    from app.register.ledger import save_person

    return save_person(
        {
            "id_number": make_id("440117", dt.date(1990, 5, 1), 11),
            "name": "张三",
            "employment_status": "未就业",
            "survey_date": "2026-01-10",
        }
    ).id


# ---------------------------------------------------------------------------- employer_rows


def test_employer_rows_with_vacancy_counts(db):
    a = employer(contact="陈小姐", phone="13912345678", address="塘尾村一组")
    b = employer("从化区良口镇绿源民宿")
    vacancy(a, "G2026-0001")
    vacancy(a, "G2026-0002", valid_until="2026-11-21")  # expired on TODAY
    vacancy(a, "G2026-0003", status="已关闭")
    vacancy(a, "G2026-0004", valid_until="2026-11-22")  # last valid day: still open
    rows = jobs.employer_rows(today=TODAY)
    assert [r.name for r in rows] == sorted([a.name, b.name])
    ra = next(r for r in rows if r.id == a.id)
    assert (ra.vacancy_count, ra.open_count) == (4, 2)
    assert (ra.contact, ra.phone, ra.address, ra.kind) == ("陈小姐", "13912345678", "塘尾村一组", "企业")
    rb = next(r for r in rows if r.id == b.id)
    assert (rb.vacancy_count, rb.open_count) == (0, 0)


def test_employer_rows_filter(db):
    code = valid_credit_code()
    a = employer(credit_code=code, contact="陈小姐")
    employer("从化区良口镇绿源民宿")
    assert [r.id for r in jobs.employer_rows("陈小姐")] == [a.id]
    assert [r.id for r in jobs.employer_rows(code[:8].lower())] == [a.id]
    assert [r.name for r in jobs.employer_rows("民宿")] == ["从化区良口镇绿源民宿"]
    assert jobs.employer_rows("没有这家") == []
