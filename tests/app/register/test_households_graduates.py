"""Households kept in the window (members added, moved, removed; 零就业家庭 with 清零 from the members'
work) and 高校毕业生 entered with field checks."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import make_id
from app.register import graduates, households, ledger
from db.models import Graduate, Household, Person, ZeroFamily

TODAY = dt.date(2026, 5, 15)


def _values(key: int, name: str, born: dt.date = dt.date(1980, 1, 1), **extra: object) -> dict[str, object]:
    return {
        "id_number": make_id("440106", born, key),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-03-01",
        **extra,
    }


@pytest.fixture
def head(db) -> Person:
    return ledger.save_person(
        _values(1, "王大山", household_code="H100", relation="户主", address="幸福路 8 号", grid="第三网格")
    )


def test_new_member_takes_the_shared_facts(head):
    member = households.add_member(head.household_id, _values(2, "李秀兰", relation="配偶"))
    assert member.household_id == head.household_id
    assert (member.address, member.grid) == ("幸福路 8 号", "第三网格")


def test_a_second_head_is_refused(head):
    with pytest.raises(FieldErrors) as info:
        households.add_member(head.household_id, _values(2, "王二", relation="户主"))
    assert "已有户主王大山" in info.value.errors["relation"]


def test_relation_is_required_for_a_member(head):
    with pytest.raises(FieldErrors) as info:
        households.add_member(head.household_id, _values(2, "王二"))
    assert "与户主关系" in info.value.errors["relation"]


def test_move_to_a_new_household_and_remove(head):
    child = households.add_member(
        head.household_id, _values(3, "王小明", dt.date(2000, 1, 1), relation="子女")
    )
    moved = households.move_member(child.id, "H200", "户主")
    assert moved.household.code == "H200" and moved.relation == "户主"
    with pytest.raises(FieldErrors):
        households.move_member(child.id, "H200", "户主")  # already there
    gone = households.remove_member(child.id)
    assert gone.household_id is None and gone.relation == ""
    assert Person.get_by_id(child.id).name == "王小明"


def test_zero_family_recorded_and_cleared_by_a_members_work(head):
    z = households.save_zero_family(head.household_id, "2026-01-10", today=TODAY)
    [row] = households.zero_family_rows(head.household_id)
    assert row.id == z.id and row.state == "未清零"
    ledger.add_employment(head.id, "2026-03-01", "单位就业", employer="某公司")
    [row] = households.zero_family_rows(head.household_id)
    assert row.state == "已清零（成员 2026-03-01 就业）"


def test_zero_family_dates_checked(head):
    with pytest.raises(FieldErrors) as info:
        households.save_zero_family(head.household_id, "", "2026-02-30", today=TODAY)
    assert set(info.value.errors) == {"recognized_on", "cleared_on"}
    with pytest.raises(FieldErrors) as info:
        households.save_zero_family(head.household_id, "2026-03-01", "2026-02-01", today=TODAY)
    assert "早于认定日期" in info.value.errors["cleared_on"]
    households.save_zero_family(head.household_id, "2026-03-01", today=TODAY)
    with pytest.raises(FieldErrors):
        households.save_zero_family(head.household_id, "2026-03-01", today=TODAY)
    assert ZeroFamily.select().count() == 1


def test_graduate_year_checked_as_typed():
    with pytest.raises(ValidationError, match="四位年份"):
        graduates.validate_graduate_field("grad_year", "24", TODAY)
    with pytest.raises(ValidationError, match="1950 至 2027"):
        graduates.validate_graduate_field("grad_year", "2028", TODAY)
    assert graduates.validate_graduate_field("grad_year", "2027", TODAY) == 2027


def test_graduate_saved_and_duplicate_year_refused(db):
    pid = ledger.save_person(_values(5, "赵小燕", dt.date(2003, 4, 1))).id
    g = graduates.save_graduate(
        pid, {"grad_year": "2025", "school": "广州大学", "degree": "大学本科"}, today=TODAY
    )
    assert (g.grad_year, g.wants_work, g.hardship) == (2025, True, False)
    with pytest.raises(FieldErrors) as info:
        graduates.save_graduate(pid, {"grad_year": "2025"}, today=TODAY)
    assert "已有 2025 年毕业的记录" in info.value.errors["grad_year"]
    graduates.save_graduate(pid, {"grad_year": "2025", "school": "广州大学"}, g.id, today=TODAY)
    assert Graduate.select().count() == 1


def test_graduate_destination_needs_a_date(db):
    pid = ledger.save_person(_values(5, "赵小燕", dt.date(2003, 4, 1))).id
    with pytest.raises(FieldErrors) as info:
        graduates.save_graduate(pid, {"grad_year": "2025", "destination": "就业"}, today=TODAY)
    assert "去向落实日期" in info.value.errors["placed_on"]


def test_graduate_year_must_fit_the_birth_date(db):
    pid = ledger.save_person(_values(5, "赵小燕", dt.date(2003, 4, 1))).id
    with pytest.raises(FieldErrors) as info:
        graduates.save_graduate(pid, {"grad_year": "2010"}, today=TODAY)
    assert "与出生日期" in info.value.errors["grad_year"]


def test_household_code_shared(head):
    assert (
        households.shared_facts(head.household_id)["household_code"]
        == Household.get_by_id(head.household_id).code
    )
