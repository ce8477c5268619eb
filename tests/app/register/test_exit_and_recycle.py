"""People leave by status (迁出 / 死亡 / 退休 / 其他 with a date), not deletion; deletion of a record
entered by mistake goes to the 回收站, which restores it with everything it took along."""

from __future__ import annotations

import datetime as dt

import pytest

from app.casework import add_service
from app.core.errors import FieldErrors, UserError
from app.core.idcard import make_id
from app.register import ledger, recycle
from app.register.listing import CHIP_WORKING_AGE, load_register
from app.workbench import reminders
from db.models import Person, RecycleBin, Registration, Service

TODAY = dt.date(2026, 5, 15)


def _person(key: int, name: str, **extra: object) -> int:
    values = {
        "id_number": make_id("440106", dt.date(1985, 1, 1), key),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-03-01",
        **extra,
    }
    return ledger.save_person(values).id


def test_exit_needs_a_reason_and_a_date(db):
    pid = _person(1, "张三")
    with pytest.raises(FieldErrors) as info:
        ledger.set_exit(pid, "", "", TODAY)
    assert set(info.value.errors) == {"exit_status", "exit_date"}


def test_exit_reason_must_be_one_of_the_list(db):
    pid = _person(1, "张三")
    with pytest.raises(FieldErrors) as info:
        ledger.set_exit(pid, "出国", "2026-05-01", TODAY)
    assert "迁出、死亡、退休、其他" in info.value.errors["exit_status"]


def test_exit_date_not_in_the_future(db):
    pid = _person(1, "张三")
    with pytest.raises(FieldErrors) as info:
        ledger.set_exit(pid, "迁出", "2026-05-16", TODAY)
    assert "晚于今天" in info.value.errors["exit_date"]


def test_exit_today_is_accepted_and_kept(db):
    pid = _person(1, "张三")
    ledger.set_exit(pid, "已迁出", "2026-05-15", TODAY)
    p = Person.get_by_id(pid)
    assert (p.exit_status, p.exit_date) == ("迁出", TODAY)


def test_person_who_moved_away_leaves_the_working_age_register_from_that_date(db):
    pid = _person(1, "张三")
    ledger.add_registration(pid, "2025-01-01")
    ledger.set_exit(pid, "迁出", "2026-04-01", TODAY)
    before = load_register(dt.date(2026, 3, 31))
    after = load_register(dt.date(2026, 4, 1))
    assert before.is_working_age(pid) and not after.is_working_age(pid)  # from the row
    assert before.chip_count(CHIP_WORKING_AGE) == 1
    assert after.chip_count(CHIP_WORKING_AGE) == 0
    assert after.flags_text(pid).startswith("已迁出（2026-04-01）")
    assert not before.flags_text(pid).startswith("已迁出")
    assert Registration.select().count() == 1  # history kept


def test_person_who_left_is_off_the_todo_list(db):
    pid = _person(1, "张三")
    ledger.add_recognition(pid, "2026-04-01", "大龄")
    assert any(i.person_id == pid for i in reminders.todo_list(TODAY))
    ledger.set_exit(pid, "死亡", "2026-05-01", TODAY)
    assert not any(i.person_id == pid for i in reminders.todo_list(TODAY))
    assert any(i.person_id == pid for i in reminders.todo_list(dt.date(2026, 4, 30)))


def test_clear_exit_brings_the_person_back(db):
    pid = _person(1, "张三")
    ledger.set_exit(pid, "其他", "2026-05-01", TODAY)
    ledger.clear_exit(pid)
    assert load_register(TODAY).chip_count(CHIP_WORKING_AGE) == 1


def test_deletion_counts_what_it_takes_along(db):
    pid = _person(1, "张三")
    ledger.add_registration(pid, "2025-01-01")
    add_service({"person_id": pid, "served_on": "2026-05-01", "kind": "跟踪回访", "content": "电话"}, TODAY)
    assert recycle.takes_along([pid]) == {"失业登记": 1, "服务记录": 1}
    assert recycle.takes_along_text([pid]) == "失业登记 1 条、服务记录 1 条"
    assert recycle.takes_along_text([_person(2, "李四")]) == "没有其他记录"


def test_discard_then_restore_brings_everything_back(db):
    pid = _person(1, "张三", household_code="H001", relation="户主")
    ledger.add_registration(pid, "2025-01-01")
    add_service({"person_id": pid, "served_on": "2026-05-01", "kind": "跟踪回访", "content": "电话"}, TODAY)
    [entry] = recycle.discard([pid])
    assert Person.select().count() == 0 and Service.select().count() == 0
    [shown] = recycle.entries()
    assert shown.record_count == 2 and shown.label.startswith("张三（440106")
    back = recycle.restore(entry)
    p = Person.get_by_id(back)
    assert p.name == "张三" and p.household.code == "H001"
    assert Registration.select().count() == 1 and Service.select().count() == 1
    assert RecycleBin.select().count() == 0


def test_restore_refused_when_the_id_number_was_registered_again(db):
    pid = _person(1, "张三")
    [entry] = recycle.discard([pid])
    _person(1, "张叁")
    with pytest.raises(UserError, match="已重新登记为张叁"):
        recycle.restore(entry)
    assert RecycleBin.select().count() == 1


def test_restore_when_the_old_id_was_reused(db):
    pid = _person(1, "张三")
    ledger.add_registration(pid, "2025-01-01")
    [entry] = recycle.discard([pid])
    other = _person(2, "李四")
    ledger.add_registration(other, "2025-02-01")
    back = recycle.restore(entry)
    assert Person.get_by_id(back).name == "张三"
    assert Registration.select().where(Registration.person == back).count() == 1


def test_purge_empties_for_good(db):
    [entry] = recycle.discard([_person(1, "张三")])
    recycle.purge(entry)
    assert recycle.entries() == []
    with pytest.raises(UserError):
        recycle.restore(entry)
