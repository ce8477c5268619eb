"""The item models of the 自评 page (qtmodeltester on each) and the view built from results/snapshots."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.assessment import assessments, scoring
from app.assessment.standards import get_standard
from app.assessment.view import points_text, view_from_result, view_from_snapshot
from app.core.idcard import make_id
from app.core.period import Period
from app.register import ledger
from db.models import (
    Complaint,
    Employer,
    Event,
    Graduate,
    Household,
    Referral,
    Staff,
    Vacancy,
    ZeroFamily,
)
from ui.models.assessment_compare import CompareModel
from ui.models.assessment_evidence import EvidenceModel
from ui.models.assessment_items import AssessmentItemsModel, GapsModel, SavedAssessmentsModel
from ui.models.assessment_people import SetMembersModel

P = Period(dt.date(2024, 10, 1), dt.date(2025, 9, 30))


@pytest.fixture
def records(db) -> dict[str, int]:
    """One record of every kind a set can hold."""
    p1 = ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1990, 2, 3), 7),
            "name": "陈明",
            "employment_status": "未就业",
            "survey_date": "2025-01-01",
            "household_code": "H900",
            "relation": "户主",
            "phone": "13800000009",
        }
    ).id
    ledger.add_registration(p1, "2024-11-01")
    household = Household.get(Household.code == "H900")
    employer = Employer.create(name="南方物流有限公司")
    vacancy = Vacancy.create(
        code="G001",
        employer=employer,
        title="仓管员",
        kind="全日制",
        headcount=2,
        collected_on=dt.date(2025, 1, 5),
    )
    return {
        "person": p1,
        "graduate": Graduate.create(person=p1, grad_year=2025, school="广州大学").id,
        "household": household.id,
        "zero_family": ZeroFamily.create(household=household, recognized_on=dt.date(2025, 1, 1)).id,
        "vacancy": vacancy.id,
        "referral": Referral.create(person=p1, vacancy=vacancy, referred_on=dt.date(2025, 2, 1)).id,
        "staff": Staff.create(name="刘专干", nature="专职").id,
        "event": Event.create(date=dt.date(2025, 3, 1), kind="政策宣传", name="春风行动").id,
        "complaint": Complaint.create(date=dt.date(2025, 4, 1), content="态度不好", valid=True).id,
    }


def _result():
    std = get_standard("guangzhou-full-employment-2024")
    return scoring.assess(std, P)


def test_items_model(qtmodeltester, records):
    result = _result()
    model = AssessmentItemsModel()
    model.set_view(view_from_result(result, scoring.gaps(result)))
    qtmodeltester.check(model)
    assert model.rowCount() == len(result.items)
    assert model.data(model.index(0, model.COL_ID)) == "1.1"


def test_items_model_of_a_condition_list(qtmodeltester, records):
    std = get_standard("gansu-provincial-2023")
    result = scoring.assess(std, P)
    model = AssessmentItemsModel()
    model.set_view(view_from_result(result, scoring.gaps(result)))
    qtmodeltester.check(model)
    texts = {model.data(model.index(r, model.COL_POINTS)) for r in range(model.rowCount())}
    assert texts <= {"达标", "未达标"}


def test_items_model_empty(qtmodeltester, db):
    model = AssessmentItemsModel()
    model.set_view(None)
    qtmodeltester.check(model)
    assert model.rowCount() == 0


def test_gaps_model(qtmodeltester, records):
    result = _result()
    model = GapsModel()
    model.set_view(view_from_result(result, scoring.gaps(result)))
    qtmodeltester.check(model)
    assert model.rowCount() > 0
    first = model.gap(0)
    assert model.data(model.index(0, 2)) == f"{points_text(first.recoverable)} 分"
    assert first.hint in model.data(model.index(0, 3))


def test_saved_assessments_model(qtmodeltester, records):
    a = assessments.create("guangzhou-full-employment-2024", P, "二〇二五年自评")
    b = assessments.create("guangzhou-full-employment-2024", P)
    assessments.finalize(b.id)
    model = SavedAssessmentsModel()
    model.load(
        assessments.list_assessments("guangzhou-full-employment-2024"),
        "广州市充分就业社区(村)建设标准(2024年修订版)",
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.saved(0).id is None
    assert model.row_of(a.id) in (1, 2)
    texts = [model.data(model.index(r, 0)) for r in range(3)]
    assert "【定稿】2024-10-01 至 2025-09-30" in texts  # the default title without the standard's name
    assert "【草稿】二〇二五年自评" in texts
    assert model.data(model.index(model.row_of(a.id), 1)) == "2024-10-01 至 2025-09-30"


@pytest.mark.parametrize(
    "kind",
    ["person", "graduate", "household", "zero_family", "vacancy", "referral", "staff", "event", "complaint"],
)
def test_set_members_model_every_kind(qtmodeltester, records, kind):
    model = SetMembersModel(kind, [records[kind]])
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    values = [model.data(model.index(0, c)) for c in range(model.columnCount())]
    assert all(v is not None for v in values)
    persons = {"person", "graduate", "household", "zero_family", "referral"}
    assert (model.person_id(0) == records["person"]) == (kind in persons)
    for col, title in enumerate(model.titles()):
        if "身份证号" in title:
            assert "*" in model.data(model.index(0, col))


def test_set_members_model_with_details_and_a_missing_member(qtmodeltester, records):
    pid = records["person"]
    details = {"months": {pid: [dt.date(2025, 3, 1), dt.date(2025, 5, 1)]}}
    model = SetMembersModel("person", [pid, 99999], details)
    qtmodeltester.check(model)
    assert model.titles()[-1] == "说明"
    assert model.data(model.index(0, model.columnCount() - 1)) == "未联系月份：2025-03、2025-05"
    assert "已删除" in model.data(model.index(1, 0))
    assert model.person_id(1) is None


def test_compare_model(qtmodeltester, records):
    a = assessments.create("guangzhou-full-employment-2024", P)
    b = assessments.create("guangzhou-full-employment-2024", P)
    assessments.save_answer(b.id, "2.1", scoring.Answer(checked=frozenset({"window"})))
    diffs = assessments.compare(a.id, b.id)
    model = CompareModel(diffs, "甲", "乙", True)
    qtmodeltester.check(model)
    assert model.changed_count() == 1
    model.set_only_changed(True)
    qtmodeltester.check(model)
    assert model.rowCount() == 1
    assert model.data(model.index(0, 4)) == "+2"
    assert (
        model.headerData(4, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal) == "变化（乙−甲）"
    )


def test_evidence_model(qtmodeltester, records):
    a = assessments.create("guangzhou-full-employment-2024", P)
    assessments.add_evidence(a.id, "2.1", "照片.jpg", b"x" * 2048)
    model = EvidenceModel()
    model.load(assessments.evidence_list(a.id, "2.1"))
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "照片.jpg"
    assert model.data(model.index(0, 1)) == "2.0 KB"


def test_view_from_snapshot_matches_the_live_view(records):
    std = get_standard("guangzhou-full-employment-2024")
    a = assessments.create(std.id, P)
    assessments.save_answer(a.id, "2.1", scoring.Answer(checked=frozenset({"window", "sign"})))
    live_result = assessments.run(a.id)
    live = view_from_result(live_result, scoring.gaps(live_result))
    snap = view_from_snapshot(std, assessments.finalize(a.id))
    assert snap.snapshot and not live.snapshot
    assert snap.total == live.total and snap.base_total == live.base_total
    assert [(r.id, r.points, r.status) for r in snap.items] == [
        (r.id, r.points, r.status) for r in live.items
    ]
    assert [(s.id, s.points) for s in snap.sections] == [(s.id, s.points) for s in live.sections]
    assert {g.item_id for g in snap.gaps} == {g.item_id for g in live.gaps}
    recoverable = [g.recoverable for g in snap.gaps]
    assert recoverable == sorted(recoverable, reverse=True)
    one = snap.items[0]
    assert one.indicators and all(s.members is None for s in one.indicators[0].sets)
    assert snap.sections[1].points == Decimal(3)
