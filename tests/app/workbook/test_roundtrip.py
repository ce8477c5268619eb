"""Export a database with a row in every sheet, import it into a fresh database: the same data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import peewee as pw

from app.core import codes
from app.core.idcard import make_id
from app.core.validators import credit_code_check
from app.register.ledger import (
    add_employment,
    add_recognition,
    add_registration,
    add_zero_family,
    save_person,
)
from app.register.seeking import save_job_seeking
from app.workbook import export_workbook, import_workbook
from app.workbook.schema import SHEETS
from db.connection import close_database, open_database
from db.models import (
    DATA_MODELS,
    Complaint,
    Employer,
    Event,
    Graduate,
    Household,
    Person,
    Referral,
    Service,
    ServicePlan,
    Staff,
    TrainingReferral,
    Vacancy,
)

D = dt.date
NATURAL = {Person: "id_number", Household: "code", Employer: "name", Vacancy: "code"}
SKIP = {"id", "created_at", "updated_at"}


def fill() -> None:
    a = make_id("440106", D(1970, 5, 20), 31)
    b = make_id("440106", D(1975, 8, 9), 42)
    c = make_id("440106", D(2001, 1, 15), 53)
    save_person(
        {
            "id_number": a,
            "name": "陈大文",
            "employment_status": "未就业",
            "survey_date": "2024-01-05",
            "phone": "13912345678",
            "household_code": "H001",
            "relation": "户主",
            "hukou_type": "本市户籍",
            "address": "幸福路1号",
            "grid": "第一网格",
            "education": "初中",
            "labor_ability": "部分丧失劳动能力",
            "unemployment_reason": "单位裁员",
            "family_situation": "低保家庭",
            "job_intention": "保安",
            "skills": "电工证",
            "social_security": "城乡居民社保",
            "wants_work": True,
            "training_need": False,
            "training_intention": "",
            "disabled": True,
            "surveyor": "李站长",
            "note": "多行\n备注",
            "expected_pay": 4000,
            "desired_job_kind": "全日制",
            "employment_card": "4401060020240001",
            "person_category": "就业困难人员",
            "hukou_nature": "农业",  # stored as 农村
            "ethnicity": "壮",  # stored as 壮族
            "veteran": True,
            "skill_level": "中级",  # stored as 四级/中级工
            "certificate": "电工证",
            "insurance": "失业、职工养老、职工医疗",  # stored in the list's order
            "major": "机电一体化",
        }
    )
    save_person(
        {
            "id_number": b,
            "name": "陈太太",
            "employment_status": "灵活就业",
            "survey_date": "2024-01-05",
            "household_code": "H001",
            "relation": "配偶",
            "female_retire_base": 55,
            "veteran": False,
            "insurance": "未参保",
        }
    )
    save_person(
        {
            "id_number": c,
            "name": "陈小明",
            "employment_status": "未就业",
            "survey_date": "2024-02-01",
            "household_code": "007",
        }
    )
    pa, pb, pc = (Person.get(Person.id_number == x).id for x in (a, b, c))
    credit = "91440101MA5ABCDE0"
    emp = Employer.create(
        name="幸福家政服务有限公司",
        kind="家政",
        credit_code=credit + credit_code_check(credit),
        contact="周经理",
        phone="020-87654321",
        address="幸福路2号",
    )
    Employer.create(name="无岗位的个体户", kind="个体工商户")
    Vacancy.create(
        code="V2024-001",
        employer=emp,
        title="家政服务员",
        kind="全日制",
        headcount=3,
        hours="8:00-17:00",
        requirements="身体健康",
        pay_text="4500-6000元/月",
        pay_min=4500,
        pay_max=6000,
        contact="周经理",
        phone="13800138000",
        location="天河区",
        collected_on=D(2024, 1, 10),
        collect_method="走访企业",
        channels="公告栏、微信群",
        valid_until=D(2024, 6, 30),
        status="已招满",
    )
    Vacancy.create(
        code="00123", employer=emp, title="零工", kind="零工", headcount=1, collected_on=D(2024, 2, 1)
    )
    add_registration(pa, "2023-06-01", cancelled_on="2024-01-31", cancel_reason="被用人单位录用")
    add_registration(
        pa, "2024-03-01", unemployed_on="2024-02-29", prior_status="被企业解除或终止劳动关系"
    )  # open registration
    add_registration(pc, "2024-02-01", personal_reason=True, exclusion_note="在家照顾老人")
    add_recognition(
        pa,
        "2023-07-01",
        "大龄、低保",
        level="一级",
        cancelled_on="2024-02-01",
        cancel_reason="(五) 实现就业创业",
    )
    add_recognition(pa, "2024-03-05", "大龄")
    add_employment(
        pa,
        "2024-02-01",
        "单位就业",
        employer="幸福家政服务有限公司",
        vacancy_code="V2024-001",
        ended_on="2024-02-28",
        details={
            "employment_type": "失业人员再就业",
            "channel": "非公有制企业",
            "industry": "三产",
            "credit_code": credit + credit_code_check(credit),
            "position": "家政服务员",
            "monthly_income": 4800,
            "contract": True,
            "contract_term": "1年",
        },
    )
    add_employment(pb, "2023-01-01", "灵活就业")
    add_zero_family("H001", "2023-05-01")  # empty 清零日期
    add_zero_family("007", "2023-05-01", "2024-02-01")
    Graduate.create(
        person=pc,
        grad_year=2023,
        school="广州大学",
        major="会计",
        degree="大学本科",
        hardship=True,
        wants_work=True,
        placed_on=D(2024, 4, 1),
        destination="灵活就业",
    )
    Graduate.create(person=pa, grad_year=1992, wants_work=False)
    ServicePlan.create(
        person=pa,
        made_on=D(2024, 3, 6),
        level="一级",
        goal="三个月内就业",
        measures="推荐岗位、技能培训",
        responsible="李站长",
        review_on=D(2024, 6, 6),
    )
    Service.create(
        person=pa,
        served_on=D(2024, 3, 6),
        kind="职业指导",
        mode="上门",
        content="了解意向",
        result="有意向",
        staff="李站长",
        next_follow_up=D(2024, 4, 6),
    )
    Service.create(person=pc, served_on=D(2024, 3, 6), kind="政策宣介", content="讲解补贴")
    Referral.create(
        person=pa,
        vacancy=Vacancy.get(code="V2024-001"),
        referred_on=D(2024, 1, 20),
        outcome="已录用",
        followed_up_on=D(2024, 2, 2),
        note="已到岗",
    )
    TrainingReferral.create(
        person=pc,
        referred_on=D(2024, 3, 1),
        kind="职业技能培训",
        program="育婴员",
        result="已结业",
        completed_on=D(2024, 4, 1),
    )
    save_job_seeking(
        pa,
        {
            "registered_on": "2024-03-02",
            "intention": "保安、家政",
            "expected_pay": "4500",
            "area": "本地",
            "work_form": "长期",
            "guidance_count": "2",
            "introduction_count": "1",
        },
    )
    save_job_seeking(pc, {"registered_on": "2024-02-01", "area": "外省市", "work_form": "兼职"})
    Complaint.create(date=D(2024, 2, 3), content="办事等候时间长", valid=True, result="已改进")
    Complaint.create(date=D(2024, 2, 4), content="无效投诉", valid=False)
    Staff.create(
        name="李站长",
        id_number=make_id("440106", D(1980, 1, 1), 1),
        nature="专职",
        education="大学本科",
        started_service_on=D(2015, 9, 1),
        certificates="职业指导师",
        last_trained_on=D(2024, 1, 8),
    )
    Staff.create(name="王志愿", nature="志愿者")
    Event.create(date=D(2024, 2, 20), kind="招聘会", name="春风行动招聘会", participants=120, note="20家企业")
    Event.create(date=D(2024, 3, 20), kind="政策宣传", name="政策宣讲")


def dump() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, references as natural keys, without row ids and timestamps."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    for model in DATA_MODELS:
        fields = [f for f in model._meta.sorted_fields if f.name not in SKIP]
        rows = []
        for obj in model.select():
            row = []
            for f in fields:
                value = getattr(obj, f.name if not isinstance(f, pw.ForeignKeyField) else f.column_name)
                if isinstance(f, pw.ForeignKeyField) and value is not None:
                    rel = f.rel_model
                    value = getattr(rel.get_by_id(value), NATURAL[rel])
                row.append((f.name, value))
            rows.append(tuple(row))
        out[model.__name__] = sorted(rows, key=repr)
    return out


def test_round_trip_every_sheet(db, tmp_path: Path):
    fill()
    for sheet in SHEETS:
        assert sheet.model.select().count() >= 1, sheet.name
    before = dump()
    path = tmp_path / "全部.xlsx"
    counts = export_workbook(path)
    assert all(n >= 1 for n in counts.values()), counts

    close_database()
    open_database(tmp_path / "fresh.sqlite")
    summary = import_workbook(path)
    assert summary.updated == 0 and summary.unchanged == 0
    assert summary.created == sum(counts.values())
    assert summary.households_created == 2
    after = dump()
    assert after == before
    zero = [r for r in after["ZeroFamily"] if dict(r)["household"] == "H001"]
    assert dict(zero[0])["cleared_on"] is None
    assert codes.DIFFICULTY_CANCEL_EMPLOYED in repr(after["Recognition"])
    # The real ledgers' columns come back canonical (issue 13 item 5).
    chen = next(dict(r) for r in after["Person"] if dict(r)["name"] == "陈大文")
    assert (chen["hukou_nature"], chen["ethnicity"], chen["skill_level"], chen["veteran"]) == (
        "农村",
        "壮族",
        "四级/中级工",
        True,
    )
    assert chen["insurance"] == "职工养老、职工医疗、失业"
    assert {dict(r)["insurance"] for r in after["Person"]} == {"职工养老、职工医疗、失业", "未参保", ""}
    open_reg = next(dict(r) for r in after["Registration"] if dict(r)["registered_on"] == D(2024, 3, 1))
    assert (open_reg["unemployed_on"], open_reg["prior_status"]) == (
        D(2024, 2, 29),
        "被企业解除或终止劳动关系",
    )
    job = next(dict(r) for r in after["Employment"] if dict(r)["form"] == "单位就业")
    assert (job["industry"], job["monthly_income"], job["contract"], job["contract_term"]) == (
        "第三产业",
        4800,
        True,
        "1年",
    )
    seekings = sorted((dict(r)["registered_on"], dict(r)["guidance_count"]) for r in after["JobSeeking"])
    assert seekings == [(D(2024, 2, 1), 0), (D(2024, 3, 2), 2)]

    # Re-importing the same file changes nothing and duplicates nothing.
    again = import_workbook(path)
    assert again.created == 0 and again.updated == 0
    assert again.unchanged == sum(counts.values())
    assert dump() == before
