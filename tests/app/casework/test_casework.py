"""Case work (app.casework): services CRUD and their rules, the filtered list, the batch round, plans,
key groups, the timeline, the consequences of starting work, the services export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app import casework
from app.casework.export import export_services
from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import make_id
from app.register import ledger
from db.models import (
    Employer,
    Graduate,
    Household,
    Referral,
    Service,
    ServicePlan,
    TrainingReferral,
    Vacancy,
    ZeroFamily,
)

D = dt.date
TODAY = D(2024, 5, 15)
BIRTH = D(1985, 1, 1)


def person(n: int, name: str, birth: dt.date = BIRTH, **extra: object) -> int:
    values: dict[str, object] = {
        "id_number": make_id("440106", birth, n),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2024-03-01",
    }
    values.update(extra)
    return ledger.save_person(values).id


def svc(pid: int, on: object = "2024-05-10", kind: str = "跟踪回访", **extra: object) -> dict[str, object]:
    return {"person_id": pid, "served_on": on, "kind": kind, "content": "电话联系", **extra}


# ---------------------------------------------------------------------------- services


def test_add_service_normalises_and_stores(db) -> None:
    pid = person(1, "张三")
    s = casework.add_service(
        svc(pid, "2024/5/10", mode="电话", staff="王站长", next_follow_up="20240601"), TODAY
    )
    assert (s.served_on, s.kind, s.mode, s.staff, s.next_follow_up) == (
        D(2024, 5, 10),
        "跟踪回访",
        "电话",
        "王站长",
        D(2024, 6, 1),
    )


def test_service_today_accepted_tomorrow_refused(db) -> None:
    pid = person(1, "张三")
    casework.add_service(svc(pid, TODAY), TODAY)
    with pytest.raises(FieldErrors) as exc:
        casework.add_service(svc(pid, TODAY + dt.timedelta(days=1)), TODAY)
    assert "晚于今天" in exc.value.errors["served_on"]
    assert Service.select().count() == 1


def test_service_before_birth_refused_on_birth_day_accepted(db) -> None:
    pid = person(1, "张三", birth=D(2000, 3, 3))
    with pytest.raises(FieldErrors) as exc:
        casework.add_service(svc(pid, "2000-03-02"), TODAY)
    assert exc.value.errors["served_on"] == "服务日期 2000-03-02 早于张三的出生日期 2000-03-03"
    casework.add_service(svc(pid, "2000-03-03"), TODAY)


def test_service_for_person_not_in_register(db) -> None:
    with pytest.raises(FieldErrors) as exc:
        casework.add_service(svc(9999), TODAY)
    assert "服务对象不在台账中" in exc.value.errors["person"]
    assert Service.select().count() == 0


def test_service_field_errors_listed_together(db) -> None:
    pid = person(1, "张三")
    with pytest.raises(FieldErrors) as exc:
        casework.add_service(
            {"person_id": pid, "served_on": "2024-02-30", "kind": "聊天", "mode": "飞鸽", "content": " "},
            TODAY,
        )
    assert set(exc.value.errors) == {"served_on", "kind", "mode", "content"}
    assert "不存在" in exc.value.errors["served_on"]
    assert "可选：政策宣介" in exc.value.errors["kind"]


def test_follow_up_before_service_refused(db) -> None:
    pid = person(1, "张三")
    with pytest.raises(FieldErrors) as exc:
        casework.add_service(svc(pid, next_follow_up="2024-05-09"), TODAY)
    assert exc.value.errors["next_follow_up"] == "下次跟进日期 2024-05-09 早于服务日期 2024-05-10"


def test_same_type_same_day_refused_other_type_accepted(db) -> None:
    pid = person(1, "张三")
    casework.add_service(svc(pid), TODAY)
    with pytest.raises(FieldErrors) as exc:
        casework.add_service(svc(pid), TODAY)
    assert exc.value.errors["kind"] == "张三 在 2024-05-10 已有一条“跟踪回访”服务记录"
    casework.add_service(svc(pid, kind="政策宣介"), TODAY)
    assert Service.select().count() == 2


def test_update_and_delete_service(db) -> None:
    pid = person(1, "张三")
    s = casework.add_service(svc(pid), TODAY)
    casework.update_service(s.id, {**casework.service_values(s.id), "result": "已联系，暂无意向"}, TODAY)
    assert Service.get_by_id(s.id).result == "已联系，暂无意向"
    with pytest.raises(FieldErrors):
        casework.update_service(s.id, {**casework.service_values(s.id), "served_on": "2099-01-01"}, TODAY)
    assert Service.get_by_id(s.id).served_on == D(2024, 5, 10)
    assert casework.delete_services([s.id]) == 1
    assert Service.select().count() == 0
    with pytest.raises(ValidationError):
        casework.update_service(s.id, svc(pid), TODAY)


def test_remembered_defaults(db) -> None:
    assert casework.entry_defaults() == {"kind": "", "mode": "", "staff": ""}
    casework.remember_defaults("跟踪回访", "电话", "王站长")
    assert casework.entry_defaults() == {"kind": "跟踪回访", "mode": "电话", "staff": "王站长"}


def test_resolve_person(db) -> None:
    pid = person(1, "张三")
    person(2, "李四")
    person(3, "李四", birth=D(1990, 2, 2))
    assert casework.resolve_person("张三").id == pid
    assert casework.resolve_person(make_id("440106", D(1985, 1, 1), 1)).id == pid
    with pytest.raises(ValidationError, match="多名“李四”"):
        casework.resolve_person("李四")
    with pytest.raises(ValidationError, match="没有名为“王五”"):
        casework.resolve_person("王五")
    with pytest.raises(ValidationError, match="没有身份证号为"):
        casework.resolve_person(make_id("440106", D(1999, 1, 1), 5))


# ---------------------------------------------------------------------------- the list


def _three_services() -> tuple[int, int]:
    a = person(1, "张三")
    b = person(2, "李四")
    ledger.add_recognition(b, "2024-01-01", "大龄")
    casework.add_service(svc(a, "2024-04-01", "政策宣介", staff="王站长"), TODAY)
    casework.add_service(svc(a, "2024-05-01", "职业指导", staff="刘专员", content="简历指导"), TODAY)
    casework.add_service(svc(b, "2024-05-02", "跟踪回访", staff="王站长"), TODAY)
    return a, b


def test_list_filters(db) -> None:
    a, b = _three_services()
    F = casework.ServiceFilter
    assert casework.count_services(F(), TODAY) == 3
    assert [r.kind for r in casework.list_services(F(kind="职业指导"), today=TODAY)] == ["职业指导"]
    rows = casework.list_services(F(date_from=D(2024, 5, 1), date_to=D(2024, 5, 1)), today=TODAY)
    assert [r.served_on for r in rows] == [D(2024, 5, 1)]
    assert casework.count_services(F(staff="王站长"), TODAY) == 2
    assert [r.person_id for r in casework.list_services(F(group=casework.DIFFICULTY), today=TODAY)] == [b]
    assert [r.content for r in casework.list_services(F(text="简历"), today=TODAY)] == ["简历指导"]
    assert casework.count_services(F(text="李四"), TODAY) == 1
    assert casework.count_services(F(person_id=a), TODAY) == 2


def test_list_sort_and_pages(db) -> None:
    _three_services()
    F = casework.ServiceFilter()
    newest = casework.list_services(F, today=TODAY)
    assert [r.served_on.day for r in newest] == [2, 1, 1] and newest[0].masked_id.count("*") == 8
    oldest = casework.list_services(F, "served_on", descending=False, today=TODAY)
    assert [r.served_on for r in oldest] == sorted(r.served_on for r in newest)
    page = casework.list_services(F, "kind", descending=False, limit=2, offset=1, today=TODAY)
    assert [r.kind for r in page] == ["职业指导", "跟踪回访"]  # code-point order, after the first
    with pytest.raises(ValueError):
        casework.list_services(F, "nonsense")


def test_unknown_group_refused(db) -> None:
    with pytest.raises(ValidationError, match="人员类别"):
        casework.count_services(casework.ServiceFilter(group="外星人"), TODAY)


def test_staff_names(db) -> None:
    _three_services()
    assert casework.staff_names() == ["刘专员", "王站长"]


def test_export_services(db, tmp_path: Path) -> None:
    a, _b = _three_services()
    out = tmp_path / "服务记录.xlsx"
    n = export_services(out, casework.ServiceFilter(person_id=a), mask_ids=True, today=TODAY)
    assert n == 2
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("身份证号", "姓名", "服务日期")
    assert rows[1][1] == "张三" and "********" in rows[1][0] and rows[1][3] == "政策宣介"
    assert rows[2][2].date() == D(2024, 5, 1)


# ---------------------------------------------------------------------------- batch round


def test_monthly_round_lists_the_uncontacted(db) -> None:
    a = person(1, "张三")
    b = person(2, "李四")
    for pid in (a, b):
        ledger.add_recognition(pid, "2024-01-01", "大龄")
    casework.add_service(svc(b, "2024-05-02"), TODAY)
    assert casework.monthly_round(TODAY) == [a]


def test_batch_confirm_skip_and_interrupt_keeps_confirmed(db) -> None:
    ids = [person(i, f"人员{i}") for i in range(1, 4)]
    batch = casework.ServiceBatch(
        ids, {"served_on": TODAY, "kind": "跟踪回访", "mode": "电话", "content": "每月电话联系"}, TODAY
    )
    assert batch.current == ids[0]
    batch.confirm({"result": "已联系"})
    batch.skip()
    assert batch.current == ids[2] and not batch.done
    # Interrupted here (window closed): what was confirmed is kept, nothing else written.
    assert [s.person_id for s in Service.select()] == [ids[0]]
    assert batch.summary() == "已记录 1 人，跳过 1 人，未处理 1 人"


def test_batch_bad_entry_writes_nothing_and_stays(db) -> None:
    ids = [person(i, f"人员{i}") for i in range(1, 3)]
    batch = casework.ServiceBatch(ids, {"served_on": TODAY, "kind": "跟踪回访", "content": "电话"}, TODAY)
    with pytest.raises(FieldErrors):
        batch.confirm({"served_on": "2099-01-01"})
    assert batch.current == ids[0] and Service.select().count() == 0
    batch.confirm()
    batch.confirm()
    assert batch.done and batch.current is None and Service.select().count() == 2
    with pytest.raises(ValidationError):
        batch.confirm()


# ---------------------------------------------------------------------------- plans


PLAN = {
    "made_on": "2024-05-01",
    "level": "二级",
    "goal": "三个月内就业",
    "measures": "每月推荐岗位",
    "review_on": "2024-08-01",
}


def test_save_update_delete_plan(db) -> None:
    pid = person(1, "张三")
    p = casework.save_plan(pid, PLAN, today=TODAY)
    assert (p.made_on, p.level, p.review_on) == (D(2024, 5, 1), "二级", D(2024, 8, 1))
    casework.save_plan(pid, {**PLAN, "responsible": "王站长"}, p.id, today=TODAY)
    assert ServicePlan.get_by_id(p.id).responsible == "王站长"
    assert [x.id for x in casework.plans_of(pid)] == [p.id]
    casework.delete_plan(p.id)
    assert casework.plans_of(pid) == []


def test_plan_review_before_start_refused_same_day_accepted(db) -> None:
    pid = person(1, "张三")
    with pytest.raises(FieldErrors) as exc:
        casework.save_plan(pid, {**PLAN, "review_on": "2024-04-30"}, today=TODAY)
    assert exc.value.errors == {"review_on": "复核日期 2024-04-30 早于制定日期 2024-05-01"}
    assert ServicePlan.select().count() == 0
    casework.save_plan(pid, {**PLAN, "review_on": "2024-05-01"}, today=TODAY)


def test_plan_rules(db) -> None:
    pid = person(1, "张三")
    with pytest.raises(FieldErrors) as exc:
        casework.save_plan(
            pid, {"made_on": "2024-05-16", "level": "四级", "goal": "", "measures": ""}, today=TODAY
        )
    assert set(exc.value.errors) == {"made_on", "level", "goal", "measures"}
    casework.save_plan(pid, PLAN, today=TODAY)
    with pytest.raises(FieldErrors) as exc:
        casework.save_plan(pid, PLAN, today=TODAY)
    assert exc.value.errors["made_on"] == "张三 在 2024-05-01 已有一份服务计划"
    with pytest.raises(FieldErrors, match="帮扶对象不在台账中"):
        casework.save_plan(424242, PLAN, today=TODAY)


def test_plan_defaults_take_the_recognition_level(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-01-01", "大龄", level="一级")
    d = casework.plan_defaults(pid, TODAY)
    assert d["made_on"] == TODAY and d["level"] == "一级" and d["goal"] == ""


# ---------------------------------------------------------------------------- key groups


def test_key_group_rows(db) -> None:
    a = person(1, "张三", phone="13800000001")
    ledger.add_recognition(a, "2024-04-01", "大龄、低保", level="二级")
    casework.add_service(svc(a, "2024-04-20"), TODAY)
    (row,) = casework.key_group_rows(casework.DIFFICULTY, today=TODAY)
    assert row.person_id == a and row.status == "2024-04-01 认定，大龄、低保，二级"
    assert row.last_contact == D(2024, 4, 20) and row.plan == "无"
    assert row.next_due == D(2024, 5, 1) and row.next_due_text == "一人一策，已逾期 14 天"
    casework.save_plan(a, PLAN, today=TODAY)
    (row,) = casework.key_group_rows(casework.DIFFICULTY, today=TODAY)
    assert row.plan == "2024-05-01 二级" and row.next_due_text == "每月联系，还剩 16 天"
    assert casework.key_group_rows(casework.DIFFICULTY, "1380000", TODAY)[0].person_id == a
    assert casework.key_group_rows(casework.DIFFICULTY, "王", TODAY) == []


def test_other_groups(db) -> None:
    r = person(1, "张三")
    ledger.add_registration(r, "2024-01-10")
    g = person(2, "李四", birth=D(2002, 1, 1))
    Graduate.create(person=g, grad_year=2024, degree="大学本科")
    z = person(3, "周八", household_code="H9", relation="户主")
    ZeroFamily.create(household=Household.get(Household.code == "H9"), recognized_on=D(2024, 5, 1))
    assert [x.status for x in casework.key_group_rows(casework.REGISTERED, today=TODAY)] == [
        "2024-01-10 登记，已 4 个月"
    ]
    assert [x.status for x in casework.key_group_rows(casework.GRADUATE, today=TODAY)] == [
        "2024届 大学本科，未落实去向"
    ]
    (zrow,) = casework.key_group_rows(casework.ZERO_FAMILY, today=TODAY)
    assert zrow.person_id == z and zrow.status == "户 H9，2024-05-01 认定" and zrow.next_due == D(2024, 6, 1)
    ledger.add_employment(z, "2024-05-10", "灵活就业")
    assert casework.key_group_rows(casework.ZERO_FAMILY, today=TODAY) == []
    assert casework.group_members(casework.REGISTERED, TODAY) == [r]


# ---------------------------------------------------------------------------- timeline


def test_timeline_in_date_order(db) -> None:
    pid = person(1, "张三", surveyor="王站长")
    ledger.add_registration(pid, "2024-03-05")
    ledger.add_recognition(pid, "2024-03-10", "大龄")
    casework.save_plan(pid, PLAN, today=TODAY)
    casework.add_service(svc(pid, "2024-04-01", "职业指导", result="有意向"), TODAY)
    emp = Employer.create(name="甲公司")
    vac = Vacancy.create(
        code="G1", employer=emp, title="文员", kind="全日制", headcount=1, collected_on=D(2024, 1, 1)
    )
    Referral.create(
        person=pid, vacancy=vac, referred_on=D(2024, 4, 2), followed_up_on=D(2024, 4, 20), outcome="已录用"
    )
    TrainingReferral.create(person=pid, referred_on=D(2024, 3, 20), kind="职业技能培训", program="电工")
    ledger.add_employment(pid, "2024-05-06", "单位就业", employer="甲公司")
    entries = casework.timeline(pid)
    assert [e.date for e in entries] == sorted(e.date for e in entries)
    assert [(e.date.isoformat(), e.category, e.title) for e in entries] == [
        ("2024-03-01", "调查", "入户调查"),
        ("2024-03-05", "失业登记", "失业登记"),
        ("2024-03-10", "就业困难", "认定为就业困难人员"),
        ("2024-03-20", "培训", "推荐参加职业技能培训：电工"),
        ("2024-04-01", "服务", "职业指导"),
        ("2024-04-02", "推荐", "推荐到 甲公司 文员（G1）"),
        ("2024-04-20", "推荐", "回访：甲公司 文员"),
        ("2024-05-01", "计划", "制定一人一策（二级）"),
        ("2024-05-06", "就业", "实现就业（单位就业）"),
    ]
    assert entries[4].detail == "电话联系；结果：有意向" and entries[4].record == "service"


# ---------------------------------------------------------------------------- one date rule with the importer


def test_window_and_workbook_refuse_a_service_date_with_the_same_message(db, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from app.workbook import validate_workbook

    birth = D(2000, 3, 3)
    pid = person(1, "张三", birth=birth)
    wb = Workbook()
    ws = wb.active
    ws.title = "服务记录"
    ws.append(["身份证号", "服务日期", "服务类型", "服务内容"])
    ws.append([make_id("440106", birth, 1), "2000-03-02", "跟踪回访", "电话联系"])
    ws.append([make_id("440106", birth, 1), "2024-05-16", "政策宣介", "电话联系"])
    path = tmp_path / "services.xlsx"
    wb.save(path)
    imported = [p.message for p in validate_workbook(path, today=TODAY).problems if p.sheet == "服务记录"]
    window = []
    for on in ("2000-03-02", "2024-05-16"):
        with pytest.raises(FieldErrors) as exc:
            casework.validate_service(svc(pid, on), TODAY)
        window.append(exc.value.errors["served_on"])
    assert (
        imported
        == window
        == [
            "服务日期 2000-03-02 早于张三的出生日期 2000-03-03",
            "服务日期 2024-05-16 晚于今天（2024-05-15），不能记录将来的事",
        ]
    )


def test_plan_made_before_birth_or_after_today_refused(db) -> None:
    pid = person(1, "张三", birth=D(2000, 3, 3))
    plan = {"goal": "就业", "measures": "推荐岗位"}
    for on, message in (
        ("2000-03-02", "制定日期 2000-03-02 早于张三的出生日期 2000-03-03"),
        ("2024-05-16", "制定日期 2024-05-16 晚于今天（2024-05-15），不能记录将来的事"),
    ):
        with pytest.raises(FieldErrors) as exc:
            casework.save_plan(pid, {**plan, "made_on": on}, today=TODAY)
        assert exc.value.errors["made_on"] == message
    casework.save_plan(pid, {**plan, "made_on": "2000-03-03"}, today=TODAY)
    casework.save_plan(pid, {**plan, "made_on": TODAY}, today=TODAY)
    assert ServicePlan.select().count() == 2


def test_key_groups_and_the_round_leave_out_who_left(db) -> None:
    a = person(1, "张三")
    b = person(2, "李四")
    for pid in (a, b):
        ledger.add_recognition(pid, "2024-04-01", "大龄")
    ledger.set_exit(b, "死亡", "2024-05-02", TODAY)
    assert [r.person_id for r in casework.key_group_rows(casework.DIFFICULTY, today=TODAY)] == [a]
    assert casework.monthly_round(TODAY) == [a]
    assert sorted(casework.monthly_round(D(2024, 5, 1))) == sorted([a, b])  # before the date


def test_key_group_search_uses_the_register_matcher(db) -> None:
    a = person(1, "张伟", phone="13800000001")
    ledger.add_recognition(a, "2024-04-01", "大龄")
    assert [r.person_id for r in casework.key_group_rows(casework.DIFFICULTY, "zw", TODAY)] == [a]
    assert [r.person_id for r in casework.key_group_rows(casework.DIFFICULTY, "138 0000", TODAY)] == [a]


def test_timeline_shows_job_seeking_after_the_registration_of_the_same_day(db) -> None:
    from app.register import seeking

    pid = person(1, "张三")
    ledger.add_registration(pid, "2024-03-05")
    seeking.save_job_seeking(
        pid,
        {"registered_on": "2024-03-05", "intention": "保洁", "area": "本地", "work_form": "短期"},
        today=TODAY,
    )
    entries = [e for e in casework.timeline(pid) if e.category != "调查"]
    assert [(e.category, e.title, e.detail, e.record) for e in entries] == [
        ("失业登记", "失业登记", "", "registration"),
        ("求职登记", "求职登记", "求职意向：保洁；本地；短期", "job_seeking"),
    ]
