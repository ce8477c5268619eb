"""服务记录 page and the fast entry dialog: filters, keyboard entry with remembered defaults, the batch
round (Enter confirms, S skips, an interrupted round keeps what was confirmed), edit, delete, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app import casework
from app.core.idcard import make_id
from app.register import ledger
from db.models import Service
from ui import dialogs
from ui.dialogs.service_entry import ServiceEntryDialog
from ui.forms import common
from ui.models.services_table import ServicesTableModel
from ui.pages.services import ServicesPage

TODAY = dt.date(2024, 5, 15)


def person(n: int, name: str, birth: dt.date = dt.date(1985, 1, 1)) -> int:
    return ledger.save_person(
        {
            "id_number": make_id("440106", birth, n),
            "name": name,
            "employment_status": "未就业",
            "survey_date": "2024-03-01",
        }
    ).id


def services(n: int) -> list[int]:
    ids = [person(i, f"人员{i:02d}") for i in range(1, 4)]
    for k in range(n):
        casework.add_service(
            {
                "person_id": ids[k % 3],
                "served_on": TODAY - dt.timedelta(days=k),
                "kind": "跟踪回访" if k % 2 else "政策宣介",
                "content": f"第{k}次",
                "staff": "王站长" if k % 3 else "刘专员",
            },
            TODAY,
        )
    return ids


def test_services_model(db, qtmodeltester) -> None:
    services(12)
    model = ServicesTableModel(page=5)
    model.load(today=TODAY)
    assert model.total() == 12 and model.rowCount() == 5 and model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 10
    qtmodeltester.check(model)
    fresh = ServicesTableModel(page=5)
    fresh.load(today=TODAY)
    fresh.sort(3, Qt.SortOrder.AscendingOrder)
    assert fresh.data(fresh.index(0, 3)) == "政策宣介" and fresh.rowCount() == 5
    fresh.sort(3, Qt.SortOrder.DescendingOrder)
    assert fresh.data(fresh.index(0, 3)) == "跟踪回访"


def test_filters(qtbot, db) -> None:
    services(12)
    page = ServicesPage(today=TODAY)
    qtbot.addWidget(page)
    assert page.count_label.text() == "共 12 条服务记录"
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("政策宣介"))
    assert page.model.total() == 6
    page.staff_combo.setCurrentIndex(page.staff_combo.findData("刘专员"))
    assert page.model.total() == 2  # k = 0 and 6
    page.date_from.setText("2024-05-10")
    assert page.model.total() == 1
    page.date_to.setText("2024-05-01")
    assert page.filter_error.text() == "结束日期 2024-05-01 早于开始日期 2024-05-10"
    assert page.model.total() == 1  # a bad filter keeps the list as it was
    page.date_to.setText("")
    page.text_edit.setText("第0次")
    assert page.model.total() == 1 and page.model.row(0).content == "第0次"


def test_fast_entry_keyboard_and_remembered_defaults(qtbot, db) -> None:
    pid = person(1, "张三")
    page = ServicesPage(today=TODAY)
    qtbot.addWidget(page)
    dlg = page.new_record()
    assert isinstance(dlg, ServiceEntryDialog)
    dlg.person_edit.setText("张三")
    qtbot.keyClick(dlg.person_edit, Qt.Key.Key_Return)
    assert dlg.focusWidget() is dlg.served_on and dlg.served_on.text() == "2024-05-15"
    qtbot.keyClick(dlg.served_on, Qt.Key.Key_Return)
    assert dlg.focusWidget() is dlg.kind
    dlg.kind.setCurrentIndex(dlg.kind.findData("职业指导"))
    dlg.mode.setCurrentIndex(dlg.mode.findData("来访"))
    dlg.content.setText("简历指导")
    dlg.staff.setEditText("刘专员")
    with qtbot.waitSignal(dlg.finished):
        qtbot.keyClick(dlg.content, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    s = Service.get()
    assert (s.person_id, s.kind, s.mode, s.content, s.staff) == (
        pid,
        "职业指导",
        "来访",
        "简历指导",
        "刘专员",
    )
    assert page.model.total() == 1
    again = page.new_record()
    assert (again.kind.currentData(), again.mode.currentData(), again.staff.currentText()) == (
        "职业指导",
        "来访",
        "刘专员",
    )
    again.reject()


def test_entry_bad_input_shown_beside_the_field(qtbot, db) -> None:
    pid = person(1, "张三", birth=dt.date(2000, 1, 1))
    dlg = ServiceEntryDialog([pid], today=TODAY)
    qtbot.addWidget(dlg)
    dlg.served_on.setText("2024-05-16")
    assert not dlg.save()
    assert "晚于今天" in dlg.errors["served_on"].text()
    dlg.served_on.setText("1999-12-31")
    assert not dlg.save()
    assert dlg.errors["served_on"].text() == "服务日期 1999-12-31 早于张三的出生日期 2000-01-01"
    assert Service.select().count() == 0
    dlg.served_on.setText("2024-05-15")
    qtbot.keyClick(dlg.next_follow_up, Qt.Key.Key_Return)  # Enter on the last field saves
    assert Service.select().count() == 1


def test_entry_for_a_person_not_in_the_register(qtbot, db) -> None:
    dlg = ServiceEntryDialog(None, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.person_edit.setText(make_id("440106", dt.date(1999, 9, 9), 7))
    assert not dlg.save()
    assert "台账中没有身份证号为" in dlg.errors["person"].text()
    assert Service.select().count() == 0


def test_batch_round_enter_confirms_s_skips_interrupt_keeps(qtbot, db) -> None:
    ids = [person(i, f"人员{i}") for i in range(1, 4)]
    dlg = ServiceEntryDialog(ids, kind="跟踪回访", mode="电话", today=TODAY)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    assert dlg.progress_label.text().startswith("第 1 / 3 人")
    assert dlg.person_label.text().startswith("人员1")
    qtbot.keyClick(dlg.save_button, Qt.Key.Key_Return)
    assert dlg.person_label.text().startswith("人员2")
    qtbot.keyClick(dlg.save_button, Qt.Key.Key_S)
    assert dlg.person_label.text().startswith("人员3")
    dlg.reject()  # interrupted
    assert [(s.person_id, s.kind, s.mode) for s in Service.select()] == [(ids[0], "跟踪回访", "电话")]
    assert dlg.batch is not None and dlg.batch.summary() == "已记录 1 人，跳过 1 人，未处理 1 人"


def test_batch_bad_entry_stays_on_the_person(qtbot, db) -> None:
    ids = [person(i, f"人员{i}") for i in range(1, 3)]
    dlg = ServiceEntryDialog(ids, today=TODAY)
    qtbot.addWidget(dlg)
    dlg.content.setText("")
    assert not dlg.save()
    assert dlg.errors["content"].text() == "服务内容不能为空" and dlg.batch.current == ids[0]
    dlg.content.setText("电话联系")
    with qtbot.waitSignal(dlg.finished):
        dlg.save()
        dlg.save()
    assert Service.select().count() == 2


def test_monthly_round_from_the_page(qtbot, db, monkeypatch) -> None:
    a = person(1, "张三")
    ledger.add_recognition(a, "2024-01-01", "大龄")
    page = ServicesPage(today=TODAY)
    qtbot.addWidget(page)
    dlg = page.monthly_round()
    assert isinstance(dlg, ServiceEntryDialog) and dlg.person_ids == [a]
    dlg.save()
    assert page.model.total() == 1
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text: shown.append(text))
    assert page.monthly_round() is None and shown == ["本月应联系的就业困难人员都已联系。"]


def test_edit_and_delete_with_confirmation(qtbot, db, monkeypatch) -> None:
    services(2)
    page = ServicesPage(today=TODAY)
    qtbot.addWidget(page)
    page.view.selectRow(0)
    dlg = page.edit_selected()
    assert isinstance(dlg, ServiceEntryDialog) and dlg.windowTitle() == "编辑服务记录"
    dlg.result_edit.setText("已联系")
    dlg.save()
    assert Service.select().where(Service.result == "已联系").count() == 1
    answers = [False, True]
    asked: list[str] = []

    def confirm(_parent, _title, text):
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(common, "confirm", confirm)
    page.view.selectRow(0)
    assert not page.delete_selected()
    assert Service.select().count() == 2
    page.view.selectRow(0)
    assert page.delete_selected()
    assert Service.select().count() == 1 and page.model.total() == 1
    assert "删除后不能恢复" in asked[0]


def test_export(qtbot, db, monkeypatch, tmp_path: Path) -> None:
    services(4)
    page = ServicesPage(today=TODAY)
    qtbot.addWidget(page)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("跟踪回访"))
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text: shown.append(text))
    out = tmp_path / "服务.xlsx"
    assert page.export(out) == 2
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert len(rows) == 3 and {r[3] for r in rows[1:]} == {"跟踪回访"}
    assert shown and "已导出 2 条服务记录" in shown[0]


def test_monthly_round_keyboard_only_remembers_and_survives_interruption(qtbot, db) -> None:
    """A round of calls with the keyboard alone: Space on 本月联系, Enter confirms with the remembered
    values, Tab into the fields and Ctrl+S, S skips, Esc interrupts; confirmed entries are kept and the
    values typed are remembered for the next entry, also after the data file is reopened."""
    from db.connection import close_database, open_database
    from db.models import Staff

    Staff.create(name="王站长", nature="专职")
    ids = [person(i, f"人员{i}") for i in range(1, 5)]
    for pid in ids:
        ledger.add_recognition(pid, "2024-01-01", "大龄")
    page = ServicesPage(today=TODAY)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.round_button.setFocus()
    qtbot.keyClick(page.round_button, Qt.Key.Key_Space)
    dlg = page.current_dialog
    assert isinstance(dlg, ServiceEntryDialog) and dlg.person_ids == ids
    qtbot.waitUntil(lambda: dlg.focusWidget() is dlg.save_button)
    assert dlg.progress_label.text().startswith("第 1 / 4 人")

    # 人员1: Tab into the fields, the result typed, 经办人 picked with the arrow key, Ctrl+S.
    for _ in range(5):
        qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Tab)
    assert dlg.focusWidget() is dlg.result_edit
    qtbot.keyClicks(dlg.result_edit, "OK")
    qtbot.keyClick(dlg.result_edit, Qt.Key.Key_Tab)
    assert dlg.focusWidget() in (dlg.staff, dlg.staff.lineEdit())
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Down)
    assert dlg.staff.currentText() == "王站长"
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dlg.person_label.text().startswith("人员2") and dlg.focusWidget() is dlg.save_button
    assert (
        dlg.result_edit.text() == "" and dlg.staff.currentText() == "王站长"
    )  # result per person, staff kept

    qtbot.keyClick(dlg.save_button, Qt.Key.Key_S)  # 人员2 skipped
    assert dlg.person_label.text().startswith("人员3")
    qtbot.keyClick(dlg.save_button, Qt.Key.Key_Return)  # 人员3 confirmed with the same values
    assert dlg.progress_label.text() == "第 4 / 4 人　已记录 2 人，跳过 1 人，未处理 1 人"
    with qtbot.waitSignal(dlg.finished):
        qtbot.keyClick(dlg.save_button, Qt.Key.Key_Escape)  # interrupted before 人员4

    rows = [(s.person_id, s.kind, s.mode, s.result, s.staff) for s in Service.select().order_by(Service.id)]
    assert rows == [
        (ids[0], "跟踪回访", "电话", "OK", "王站长"),
        (ids[2], "跟踪回访", "电话", "", "王站长"),
    ]
    assert page.model.total() == 2
    assert casework.monthly_round(TODAY) == [ids[1], ids[3]]  # the next round: who is still missing

    close_database()  # a new session on the same file
    open_database(db)
    again = ServiceEntryDialog(None, today=TODAY)
    qtbot.addWidget(again)
    assert (again.kind.currentData(), again.mode.currentData(), again.staff.currentText()) == (
        "跟踪回访",
        "电话",
        "王站长",
    )
    again.reject()
