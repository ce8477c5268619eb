"""Ledger services over a real (temporary, migrated) database: every rule, and no half-written data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import FieldErrors, UserError, ValidationError
from app.core.idcard import make_id
from app.register import ledger
from db.models import (
    Employer,
    Employment,
    Household,
    Person,
    Recognition,
    Registration,
    Vacancy,
    database,
)

D = dt.date
ID_A = make_id("110101", D(1985, 3, 12), 123)  # male
ID_B = make_id("440106", D(1990, 7, 1), 222)  # female


def _snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to prove a refused write changed nothing."""
    out = {}
    tables = database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
    ).fetchall()
    for (table,) in tables:
        out[table] = sorted(database.execute_sql(f'SELECT * FROM "{table}"').fetchall(), key=repr)
    return out


@contextmanager
def unchanged() -> Iterator[None]:
    before = _snapshot()
    yield
    assert _snapshot() == before


def _refused(exc_type: type[UserError] = ValidationError) -> Any:
    """``with _refused() as info:`` — the write is refused and the database is unchanged."""

    @contextmanager
    def ctx() -> Iterator[Any]:
        with unchanged(), pytest.raises(exc_type) as info:
            yield info

    return ctx()


def _person_values(**over: object) -> dict[str, object]:
    values: dict[str, object] = {
        "id_number": ID_A,
        "name": "张三",
        "phone": "13812345678",
        "household_code": "H001",
        "relation": "户主",
        "employment_status": "未就业",
        "survey_date": "2024-03-01",
        "wants_work": "是",
    }
    values.update(over)
    return values


@pytest.fixture
def person(db: Path) -> Person:
    return ledger.save_person(_person_values())


# ---------------------------------------------------------------- persons


def test_save_person_create(db: Path) -> None:
    p = ledger.save_person(_person_values(id_number=ID_A.lower()))
    got = Person.get_by_id(p.id)
    assert got.id_number == ID_A
    assert got.name == "张三"
    assert got.gender == "男"
    assert got.birth_date == D(1985, 3, 12)
    assert got.survey_date == D(2024, 3, 1)
    assert got.wants_work is True
    assert got.labor_ability == "完全劳动能力"
    assert got.household.code == "H001"
    assert Household.select().count() == 1


def test_save_person_update(person: Person) -> None:
    values = _person_values(name="张三丰", phone="020-12345678", employment_status="灵活就业")
    updated = ledger.save_person(values, person_id=person.id)
    assert updated.id == person.id
    got = Person.get_by_id(person.id)
    assert (got.name, got.phone, got.employment_status) == ("张三丰", "020-12345678", "灵活就业")
    assert Person.select().count() == 1


def test_save_person_update_may_change_its_own_id_number(person: Person) -> None:
    ledger.save_person(_person_values(id_number=ID_B), person_id=person.id)
    got = Person.get_by_id(person.id)
    assert got.id_number == ID_B
    assert got.gender == "女"
    assert got.birth_date == D(1990, 7, 1)


def test_household_shared_and_members(person: Person) -> None:
    other = ledger.save_person(_person_values(id_number=ID_B, name="李四", relation="配偶"))
    assert Household.select().count() == 1
    members = ledger.household_members(other)
    assert [m.id for m in members] == [person.id, other.id]  # 户主 first
    alone = ledger.save_person(
        _person_values(id_number=make_id("110101", D(2000, 1, 1), 1), name="王五", household_code="")
    )
    assert alone.household is None
    assert [m.id for m in ledger.household_members(alone)] == [alone.id]


def test_duplicate_id_refused(person: Person) -> None:
    with _refused(FieldErrors) as info:
        ledger.save_person(_person_values(name="李四"))
    assert info.value.errors == {"id_number": f"身份证号 {ID_A} 已登记为 张三"}


def test_duplicate_id_refused_on_update(person: Person) -> None:
    other = ledger.save_person(_person_values(id_number=ID_B, name="李四"))
    with _refused(FieldErrors) as info:
        ledger.save_person(_person_values(id_number=ID_A, name="李四"), person_id=other.id)
    assert set(info.value.errors) == {"id_number"}


def test_every_invalid_field_reported_at_once(person: Person) -> None:
    bad = _person_values(
        id_number="11010519491231002",
        name="张",
        phone="12345",
        relation="朋友",
        employment_status="",
        survey_date="2024-02-30",
        wants_work="也许",
        female_retire_base="60",
        expected_pay="很多",
    )
    with _refused(FieldErrors) as info:
        ledger.save_person(bad)
    assert info.value.errors == {
        "id_number": "身份证号应为18位，现为17位",
        "name": "姓名应为2至30个字，现为1个字",
        "phone": "联系电话 12345 格式不对：手机为11位（1开头），座机如 020-12345678",
        "relation": "与户主关系“朋友”不在可选值内，可选："
        "户主、配偶、子女、父母、兄弟姐妹、祖父母、孙子女、其他",
        "employment_status": "就业状态不能为空",
        "survey_date": "调查日期 2024-02-30 不存在（没有这一天）",
        "wants_work": "就业意愿应填 是 或 否，现为“也许”",
        "female_retire_base": "女性退休年龄基数只能是 50 或 55",
        "expected_pay": "期望月薪应为整数，现为“很多”",
    }


def test_required_fields_missing(db: Path) -> None:
    with _refused(FieldErrors) as info:
        ledger.save_person({})
    assert info.value.errors == {
        "id_number": "身份证号不能为空",
        "name": "姓名不能为空",
        "employment_status": "就业状态不能为空",
        "survey_date": "调查日期不能为空",
    }


def test_validate_person_field_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        ledger.validate_person_field("phone", "123")
    assert info.value.field == "phone"
    assert ledger.validate_person_field("wants_work", "") is None
    assert ledger.validate_person_field("female_retire_base", "55") == 55


def test_every_person_field_is_a_model_column() -> None:
    columns = set(Person._meta.fields)
    assert set(ledger.PERSON_FIELDS) - {"household_code"} <= columns
    assert set(ledger.PERSON_REQUIRED) <= set(ledger.PERSON_FIELDS)


def test_delete_person_cascades_history(person: Person) -> None:
    ledger.add_registration(person.id, "2024-01-01")
    ledger.delete_person(person.id)
    assert Person.select().count() == 0
    assert Registration.select().count() == 0


# ---------------------------------------------------------------- registrations


def test_registration_create_and_cancel(person: Person) -> None:
    reg = ledger.add_registration(person.id, "2024/1/5")
    assert ledger.open_registration(person.id) == reg
    ledger.cancel_registration(reg.id, "2024-06-30", "被用人单位录用")
    got = Registration.get_by_id(reg.id)
    assert (got.registered_on, got.cancelled_on, got.cancel_reason) == (
        D(2024, 1, 5),
        D(2024, 6, 30),
        "被用人单位录用",
    )
    assert ledger.open_registration(person.id) is None


def test_registration_cancelled_same_day_accepted(person: Person) -> None:
    reg = ledger.add_registration(person.id, "2024-01-05", cancelled_on="2024-01-05", cancel_reason="其他")
    assert reg.cancelled_on == D(2024, 1, 5)


def test_registration_end_before_start_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_registration(person.id, "2024-05-01", cancelled_on="2024-04-30", cancel_reason="灵活就业")
    assert info.value.message == "注销日期 2024-04-30 早于 登记日期 2024-05-01"


def test_cancel_registration_before_start_refused(person: Person) -> None:
    reg = ledger.add_registration(person.id, "2024-05-01")
    with _refused() as info:
        ledger.cancel_registration(reg.id, "2024-04-30", "灵活就业")
    assert info.value.message == "注销日期 2024-04-30 早于 登记日期 2024-05-01"


def test_registration_missing_start_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_registration(person.id, "")
    assert info.value.message == "登记日期不能为空"
    assert info.value.field == "registered_on"


def test_cancel_without_reason_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_registration(person.id, "2024-01-01", cancelled_on="2024-02-01")
    assert info.value.message == "注销时须选择注销原因"
    reg = ledger.add_registration(person.id, "2024-03-01")
    with _refused() as info:
        ledger.cancel_registration(reg.id, "2024-04-01", "  ")
    assert info.value.message == "注销时须选择注销原因"
    assert info.value.field == "cancel_reason"


def test_cancel_without_date_refused(person: Person) -> None:
    reg = ledger.add_registration(person.id, "2024-03-01")
    with _refused() as info:
        ledger.cancel_registration(reg.id, "", "灵活就业")
    assert info.value.message == "注销日期不能为空"


def test_reason_without_cancel_date_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_registration(person.id, "2024-01-01", cancel_reason="灵活就业")
    assert info.value.message == "未填注销日期时不能填写注销原因"


def test_reason_not_in_list_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_registration(
            person.id, "2024-01-01", cancelled_on="2024-02-01", cancel_reason="找到工作了"
        )
    assert info.value.message.startswith("注销原因“找到工作了”不在可选值内，可选：被用人单位录用、")
    assert "连续6个月未联系" in info.value.message


def test_second_open_registration_refused(person: Person) -> None:
    ledger.add_registration(person.id, "2024-01-01")
    for start in ("2024-06-01", "2023-06-01"):
        with _refused() as info:
            ledger.add_registration(person.id, start)
        assert info.value.message == "此人已有一条未注销的失业登记（2024-01-01 登记），请先注销再新登记"


def test_overlapping_closed_registrations_refused(person: Person) -> None:
    ledger.add_registration(person.id, "2024-01-01", cancelled_on="2024-03-01", cancel_reason="灵活就业")
    cases = [
        ("2024-02-01", "2024-04-01"),  # starts inside
        ("2023-12-01", "2024-01-15"),  # ends inside
        ("2023-12-01", "2024-05-01"),  # contains
        ("2024-01-10", "2024-02-10"),  # inside
        ("2024-01-01", "2024-01-02"),  # same start
        ("2024-02-28", None),  # open, starts inside
        ("2023-06-01", None),  # open, starts before
    ]
    for start, end in cases:
        with _refused() as info:
            ledger.add_registration(person.id, start, cancelled_on=end, cancel_reason="其他" if end else "")
        assert info.value.message == "与已有失业登记（2024-01-01 至 2024-03-01）时间重叠", (start, end)


def test_adjacent_registrations_accepted(person: Person) -> None:
    first = ledger.add_registration(person.id, "2024-01-01")
    ledger.cancel_registration(first.id, "2024-03-01", "灵活就业")
    second = ledger.add_registration(person.id, "2024-03-01")  # starts on the day the old one was cancelled
    # ... and one that ends on the day the first one started.
    ledger.add_registration(person.id, "2023-10-01", cancelled_on="2024-01-01", cancel_reason="其他")
    assert Registration.select().where(Registration.person == person.id).count() == 3
    assert ledger.open_registration(person.id) == second


def test_same_day_registration_twice_refused(person: Person) -> None:
    ledger.add_registration(person.id, "2024-01-05", cancelled_on="2024-01-05", cancel_reason="其他")
    with _refused() as info:
        ledger.add_registration(person.id, "2024-01-05", cancelled_on="2024-01-05", cancel_reason="其他")
    assert "2024-01-05" in info.value.message


def test_cancel_already_cancelled_refused(person: Person) -> None:
    reg = ledger.add_registration(person.id, "2024-01-01", cancelled_on="2024-02-01", cancel_reason="入学")
    with _refused() as info:
        ledger.cancel_registration(reg.id, "2024-03-01", "灵活就业")
    assert info.value.message == "该失业登记已于 2024-02-01 注销"


def test_personal_reason_without_note_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_registration(person.id, "2024-01-01", personal_reason=True, exclusion_note=" ")
    assert info.value.message == "标记为个人原因未就业时须填写剔除说明"
    assert info.value.field == "exclusion_note"
    reg = ledger.add_registration(person.id, "2024-01-01", personal_reason=True, exclusion_note="照顾老人")
    assert (reg.personal_reason, reg.exclusion_note) == (True, "照顾老人")


def test_registrations_of_different_people_are_independent(person: Person) -> None:
    other = ledger.save_person(_person_values(id_number=ID_B, name="李四"))
    ledger.add_registration(person.id, "2024-01-01")
    ledger.add_registration(other.id, "2024-01-01")
    assert Registration.select().count() == 2


# ---------------------------------------------------------------- recognitions


def test_recognition_multi_valued_categories(person: Person) -> None:
    rec = ledger.add_recognition(person.id, "2024-02-01", "低保；残疾、低保", level="二级")
    got = Recognition.get_by_id(rec.id)
    assert got.categories == "低保、残疾"
    assert got.level == "二级"
    assert ledger.open_recognition(person.id) == got


def test_recognition_bad_category_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_recognition(person.id, "2024-02-01", "低保、贫困、单亲")
    assert info.value.message.startswith("认定类别“贫困、单亲”不在可选值内，可选：大龄、残疾、")
    assert info.value.field == "categories"


def test_recognition_empty_category_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_recognition(person.id, "2024-02-01", " 、 ")
    assert info.value.message == "认定类别不能为空"


def test_recognition_bad_level_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_recognition(person.id, "2024-02-01", "大龄", level="四级")
    assert info.value.message == "帮扶等级“四级”不在可选值内，可选：一级、二级、三级"


def test_recognition_overlap_refused(person: Person) -> None:
    ledger.add_recognition(person.id, "2024-01-01", "大龄")
    with _refused() as info:
        ledger.add_recognition(person.id, "2024-05-01", "低保")
    assert info.value.message == "与已有就业困难认定（2024-01-01 认定，尚未取消）时间重叠"


def test_recognition_overlap_with_cancelled_refused(person: Person) -> None:
    ledger.add_recognition(person.id, "2024-01-01", "大龄", cancelled_on="2024-04-01", cancel_reason="五")
    with _refused() as info:
        ledger.add_recognition(
            person.id, "2023-12-01", "低保", cancelled_on="2024-01-02", cancel_reason="其他"
        )
    assert info.value.message == "与已有就业困难认定（2024-01-01 认定，2024-04-01 取消）时间重叠"
    ledger.add_recognition(person.id, "2024-04-01", "低保")  # adjacent: accepted


@pytest.mark.parametrize(
    "reason", ["实现就业创业", "五", "(五)", "（五）", "(五) 实现就业创业", "（五）实现就业创业"]
)
def test_recognition_cancel_reason_normalised(person: Person, reason: str) -> None:
    rec = ledger.add_recognition(person.id, "2024-01-01", "大龄")
    ledger.cancel_recognition(rec.id, "2024-03-01", reason)
    assert Recognition.get_by_id(rec.id).cancel_reason == "(五) 实现就业创业"


def test_recognition_added_cancelled_reason_normalised(person: Person) -> None:
    rec = ledger.add_recognition(
        person.id, "2024-01-01", "大龄", cancelled_on="2024-02-01", cancel_reason="六"
    )
    assert Recognition.get_by_id(rec.id).cancel_reason == "(六) 零就业家庭已有成员就业"


def test_recognition_cancel_rules(person: Person) -> None:
    rec = ledger.add_recognition(person.id, "2024-01-01", "大龄")
    with _refused() as info:
        ledger.cancel_recognition(rec.id, "2024-03-01", "(五) 错误文字")
    assert info.value.message.startswith("取消原因“(五) 错误文字”不在可选值内，可选：(一) ")
    with _refused() as info:
        ledger.cancel_recognition(rec.id, "2024-03-01", "")
    assert info.value.message == "取消认定时须选择取消原因"
    with _refused() as info:
        ledger.cancel_recognition(rec.id, "2023-12-31", "五")
    assert info.value.message == "取消日期 2023-12-31 早于 认定日期 2024-01-01"
    with _refused() as info:
        ledger.cancel_recognition(rec.id, None, "五")
    assert info.value.message == "取消日期不能为空"
    ledger.cancel_recognition(rec.id, "2024-03-01", "五")
    with _refused() as info:
        ledger.cancel_recognition(rec.id, "2024-04-01", "五")
    assert info.value.message == "该就业困难认定已于 2024-03-01 取消"


def test_recognition_reason_without_date_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_recognition(person.id, "2024-01-01", "大龄", cancel_reason="五")
    assert info.value.message == "未填取消日期时不能填写取消原因"


# ---------------------------------------------------------------- employment


def _vacancy(code: str = "GW001") -> Vacancy:
    employer = Employer.create(name="某某公司")
    return Vacancy.create(
        code=code, employer=employer, title="保洁", kind="全日制", headcount=2, collected_on=D(2024, 1, 1)
    )


def test_employment_with_vacancy(person: Person) -> None:
    vacancy = _vacancy()
    emp = ledger.add_employment(
        person.id, "2024-04-01", "单位就业", employer="某某公司", vacancy_code="GW001"
    )
    got = Employment.get_by_id(emp.id)
    assert got.vacancy_id == vacancy.id
    assert (got.started_on, got.form, got.employer) == (D(2024, 4, 1), "单位就业", "某某公司")


def test_employment_vacancy_code_must_exist(person: Person) -> None:
    _vacancy()
    with _refused() as info:
        ledger.add_employment(person.id, "2024-04-01", "单位就业", vacancy_code="GW999")
    assert info.value.message == "岗位编号 GW999 不存在"
    assert info.value.field == "vacancy_code"


def test_employment_form_and_dates_validated(person: Person) -> None:
    with _refused() as info:
        ledger.add_employment(person.id, "2024-04-01", "打零工")
    assert info.value.message.startswith("就业形式“打零工”不在可选值内")
    with _refused() as info:
        ledger.add_employment(person.id, "2024-04-01", "")
    assert info.value.message == "就业形式不能为空"
    with _refused() as info:
        ledger.add_employment(person.id, None, "灵活就业")
    assert info.value.message == "就业日期不能为空"
    with _refused() as info:
        ledger.add_employment(person.id, "2024-04-01", "灵活就业", ended_on="2024-03-01")
    assert info.value.message == "离职日期 2024-03-01 早于 就业日期 2024-04-01"


def test_employment_duplicate_refused(person: Person) -> None:
    ledger.add_employment(person.id, "2024-04-01", "灵活就业")
    with _refused() as info:
        ledger.add_employment(person.id, "2024/4/1", "灵活就业")
    assert info.value.message == "已有 2024-04-01 的灵活就业记录"


# ---------------------------------------------------------------- zero-employment families


def test_zero_family(person: Person) -> None:
    zf = ledger.add_zero_family("H001", "2024-01-10")
    assert zf.household.code == "H001"
    with _refused() as info:
        ledger.add_zero_family("H999", "2024-01-10")
    assert info.value.message == "户编号 H999 不存在"
    with _refused() as info:
        ledger.add_zero_family("H001", "2024-02-10", cleared_on="2024-02-01")
    assert info.value.message == "清零日期 2024-02-01 早于 认定日期 2024-02-10"


# ---------------------------------------------------------------- intervals


def test_overlapping_spans() -> None:
    a = ledger.Span(D(2024, 1, 1), D(2024, 3, 1), "a")
    b = ledger.Span(D(2024, 3, 1), None, "b")
    c = ledger.Span(D(2024, 2, 1), D(2024, 2, 2), "c")
    assert ledger.overlapping([a, b]) == []
    assert ledger.overlapping([b, a]) == []
    assert ledger.overlapping([a, b, c]) == [(a, c)]
    assert ledger.overlapping([ledger.Span(D(2024, 1, 1), None), ledger.Span(D(2025, 1, 1), None)]) != []


def test_overlapping_same_start_is_symmetric() -> None:
    day = ledger.Span(D(2024, 1, 5), D(2024, 1, 5), "day")
    later = ledger.Span(D(2024, 1, 5), D(2024, 2, 1), "later")
    assert ledger.overlapping([day, later]) == [(day, later)]
    assert ledger.overlapping([later, day]) == [(later, day)]
    nxt = ledger.Span(D(2024, 1, 6), None, "next")
    assert ledger.overlapping([day, nxt]) == []


def test_same_day_recognition_twice_refused(person: Person) -> None:
    ledger.add_recognition(person.id, "2024-01-05", "大龄", cancelled_on="2024-01-05", cancel_reason="其他")
    with _refused() as info:
        ledger.add_recognition(person.id, "2024-01-05", "低保")
    assert info.value.message == "与已有就业困难认定（2024-01-05 认定，2024-01-05 取消）时间重叠"


def test_employment_before_birth_refused_like_the_start_work_path(db) -> None:  # type: ignore[no-untyped-def]
    """ledger.add_employment shares the rule of app.daterules with case work and the importer."""
    from app.core.errors import ValidationError as VE
    from app.register import ledger as lg

    person = lg.save_person(_person_values())
    born = person.birth_date
    with pytest.raises(VE) as exc:
        lg.add_employment(person.id, born - dt.timedelta(days=1), "灵活就业")
    assert exc.value.field == "started_on" and "早于" in exc.value.message
    assert lg.add_employment(person.id, born, "灵活就业").started_on == born  # the day itself is allowed
