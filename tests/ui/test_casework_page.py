"""重点人员帮扶 page: key groups, the selected person's timeline and plans, the plan editor."""

from __future__ import annotations

import datetime as dt

from app import casework
from app.core.idcard import make_id
from app.register import ledger
from db.models import Graduate, ServicePlan
from ui.dialogs.consequences import ConsequencesDialog
from ui.dialogs.plan_editor import PlanEditorDialog
from ui.dialogs.service_entry import ServiceEntryDialog
from ui.forms import common
from ui.models.casework_tables import KeyGroupModel, PlanModel, TimelineModel
from ui.pages.casework import CaseworkPage

TODAY = dt.date(2024, 5, 15)


def person(n: int, name: str) -> int:
    return ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1985, 1, 1), n),
            "name": name,
            "employment_status": "未就业",
            "survey_date": "2024-03-01",
        }
    ).id


def _ledger() -> tuple[int, int, int]:
    a = person(1, "张三")
    b = person(2, "李四")
    ledger.add_recognition(a, "2024-04-01", "大龄", level="二级")
    ledger.add_recognition(b, "2024-01-01", "低保")
    casework.add_service(
        {"person_id": b, "served_on": "2024-05-02", "kind": "跟踪回访", "content": "电话"}, TODAY
    )
    casework.save_plan(b, {"made_on": "2024-01-20", "goal": "就业", "measures": "推荐岗位"}, today=TODAY)
    c = person(3, "王五")
    ledger.add_registration(c, "2024-01-10")
    return a, b, c


def test_models(db, qtmodeltester) -> None:
    _a, b, _c = _ledger()
    rows = casework.key_group_rows(casework.DIFFICULTY, today=TODAY)
    model = KeyGroupModel()
    model.set_rows(rows)
    qtmodeltester.check(model)
    model.sort(0)
    assert model.data(model.index(0, 0)) == "张三"
    model.sort(4)  # 最近联系: never contacted first
    assert model.data(model.index(0, 4)) == "从未联系"
    timeline = TimelineModel()
    timeline.set_rows(casework.timeline(b))
    qtmodeltester.check(timeline)
    plans = PlanModel()
    plans.set_rows(casework.plans_of(b))
    qtmodeltester.check(plans)
    assert plans.data(plans.index(0, 0)) == "2024-01-20"


def test_page_groups_and_person_panel(qtbot, db) -> None:
    a, _b, c = _ledger()
    page = CaseworkPage(today=TODAY)
    qtbot.addWidget(page)
    assert page.group_buttons[casework.DIFFICULTY].text() == "就业困难人员 2"
    assert page.count_label.text() == "共 2 人"
    assert page.select_person(a)
    assert page.person_title.text().startswith("张三")
    assert [
        page.timeline_model.data(page.timeline_model.index(r, 2))
        for r in range(page.timeline_model.rowCount())
    ] == [
        "入户调查",
        "认定为就业困难人员",
    ]
    row = page.model.row_of_person(a)
    assert page.model.data(page.model.index(row, 6)) == "一人一策，已逾期 14 天"
    page.set_group(casework.REGISTERED)
    assert page.model.rowCount() == 1 and page.model.person_id(0) == c
    assert not page.round_button.isEnabled()
    page.filter_edit.setText("不存在")
    assert page.model.rowCount() == 0 and page.person_title.text() == "请选择一名人员"


def test_plan_editor_from_the_page(qtbot, db) -> None:
    a, _b, _c = _ledger()
    page = CaseworkPage(today=TODAY)
    qtbot.addWidget(page)
    page.select_person(a)
    dlg = page.edit_plan()
    assert isinstance(dlg, PlanEditorDialog)
    assert dlg.made_on.text() == "2024-05-15" and dlg.level.currentData() == "二级"
    dlg.goal.setPlainText("三个月内就业")
    dlg.measures.setPlainText("每月推荐岗位；推荐家政培训")
    dlg.review_on.setText("2024-05-14")
    assert not dlg.save()
    assert dlg.errors["review_on"].text() == "复核日期 2024-05-14 早于制定日期 2024-05-15"
    assert ServicePlan.select().where(ServicePlan.person == a).count() == 0
    dlg.review_on.setText("2024-08-15")
    with qtbot.waitSignal(dlg.finished):
        assert dlg.save()
    assert page.plan_model.rowCount() == 1
    row = page.model.row_of_person(a)
    assert page.model.data(page.model.index(row, 7)) == "2024-05-15 二级"


def test_delete_plan_asks_first(qtbot, db, monkeypatch) -> None:
    _a, b, _c = _ledger()
    page = CaseworkPage(today=TODAY)
    qtbot.addWidget(page)
    page.select_person(b)
    page.plan_view.selectRow(0)
    monkeypatch.setattr(common, "confirm", lambda *_a: False)
    assert not page.delete_selected_plan()
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    assert page.delete_selected_plan()
    assert ServicePlan.select().count() == 0


def test_record_service_and_monthly_round(qtbot, db) -> None:
    a, _b, _c = _ledger()
    page = CaseworkPage(today=TODAY)
    qtbot.addWidget(page)
    page.select_person(a)
    dlg = page.record_service()
    assert isinstance(dlg, ServiceEntryDialog) and dlg.person_ids == [a]
    dlg.reject()
    round_dlg = page.monthly_round()
    assert isinstance(round_dlg, ServiceEntryDialog) and round_dlg.person_ids == [a]  # 李四 was contacted
    with qtbot.waitSignal(round_dlg.finished):
        round_dlg.save()
    row = page.model.row_of_person(a)
    assert page.model.data(page.model.index(row, 4)) == "2024-05-15"


def test_start_work_opens_the_consequences(qtbot, db) -> None:
    a, _b, _c = _ledger()
    page = CaseworkPage(today=TODAY)
    qtbot.addWidget(page)
    page.select_person(a)
    dlg = page.start_work()
    assert isinstance(dlg, ConsequencesDialog) and set(dlg.checks) >= {"employment", "cancel_recognition"}
    with qtbot.waitSignal(dlg.finished):
        assert dlg.save()
    assert page.group_buttons[casework.DIFFICULTY].text() == "就业困难人员 1"


def test_graduate_group(qtbot, db) -> None:
    g = person(5, "赵六")
    Graduate.create(person=g, grad_year=2024)
    page = CaseworkPage(today=TODAY)
    qtbot.addWidget(page)
    page.set_group(casework.GRADUATE)
    assert page.model.person_id(0) == g
    assert page.model.data(page.model.index(0, 6)).startswith("毕业生服务")


def test_timeline_opens_on_the_latest_entries(qtbot, db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2023-01-01", "大龄")
    for n in range(40):
        casework.add_service(
            {
                "person_id": pid,
                "served_on": dt.date(2023, 1, 2) + dt.timedelta(days=10 * n),
                "kind": "跟踪回访",
                "content": f"第{n}次",
            },
            TODAY,
        )
    from PySide6.QtCore import QCoreApplication

    page = CaseworkPage(today=TODAY)
    qtbot.addWidget(page)
    QCoreApplication.processEvents()  # built while hidden (as the window builds a page), shown later
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    bar = page.timeline_view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    last = page.timeline_model.rowCount() - 1
    assert page.timeline_view.rowAt(page.timeline_view.viewport().height() - 2) == last
