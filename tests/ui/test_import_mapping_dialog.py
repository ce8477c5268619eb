"""The import dialog's mapping step: what each column becomes, a drop-down per unmatched column, the
first rows as stored, the mapping remembered for the next file with the same headers and saved as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.workbook.mapping import IGNORE
from db.models import Person
from tests.app.workbook.ledgers import real_ledger
from tests.app.workbook.test_real_ledgers import P1, P2, unemployed_ledger
from tests.ui.test_dialogs import Boxes
from tests.ui.test_fit import assert_fits
from ui import dialogs, errors
from ui.dialogs.import_dialog import PAGE_MAPPING, PAGE_SUCCESS, ImportDialog


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    """The message boxes and file choosers answered and recorded (as in test_dialogs)."""
    b = Boxes()
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: b.infos.append(text))
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: b.open_path)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: b.save_path)
    monkeypatch.setattr(errors, "_message_box", lambda parent, title, text: b.warnings.append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda parent, report, log_file: b.bugs.append(report))
    return b


HEADERS = ["身份证号码", "姓名", "就业状态", "调查日期", "现住地"]


def roster(path: Path, number: str) -> Path:
    return real_ledger(path, "花名册", HEADERS, [[number, "张三", "失业", "2024-03-01", "XX路1号"]])


def click(qtbot, button) -> None:
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def opened(qtbot, path: Path, boxes: Boxes) -> ImportDialog:
    boxes.open_path = path
    dialog = ImportDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    click(qtbot, dialog.choose_button)  # choosing a file shows the mapping step
    assert dialog.stack.currentIndex() == PAGE_MAPPING
    return dialog


def test_the_mapping_step_shows_what_each_column_becomes(qtbot, db, boxes, tmp_path, qtmodeltester) -> None:
    dialog = opened(qtbot, unemployed_ledger(tmp_path / "失业.xlsx"), boxes)
    assert (
        "工作表“Sheet1” → 失业人员管理台帐（拆分为 人员、失业登记、就业记录）" in dialog.mapping_label.text()
    )
    model = dialog.match_model
    qtmodeltester.check(model)
    rows = {(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())}
    assert ("安置情况/再就业时间", "就业记录:就业日期") in rows and ("性别", "—") in rows
    assert [dialog.table_box.itemText(i) for i in range(dialog.table_box.count())] == [
        "人员",
        "失业登记",
        "就业记录",
    ]
    sample = dialog.sample_model
    qtmodeltester.check(sample)
    assert sample.rowCount() == 3
    headers = [sample.headerData(c, Qt.Orientation.Horizontal) for c in range(sample.columnCount())]
    column = headers.index("身份证号")
    assert sample.index(0, column).data() == "440106********0116"  # masked
    dialog.table_box.setCurrentText("就业记录")
    assert dialog.sample_model.rowCount() == 2
    assert_fits(dialog)
    assert boxes.warnings == [] and boxes.bugs == []


def test_an_unmatched_column_gets_a_field_and_the_mapping_is_remembered(qtbot, db, boxes, tmp_path) -> None:
    dialog = opened(qtbot, roster(tmp_path / "一.xlsx", P1), boxes)
    box = dialog.column_boxes[("Sheet1", "现住地")]
    assert box.currentData() == IGNORE
    box.setCurrentIndex(box.findData("人员:居住地址"))
    click(qtbot, dialog.apply_mapping_button)
    assert dialog.preview.sheets[0].unmatched == []
    with qtbot.waitSignal(dialog.imported, timeout=20000):
        click(qtbot, dialog.import_button)
    assert dialog.stack.currentIndex() == PAGE_SUCCESS
    assert Person.get().address == "XX路1号"
    # The next file with the same headers: the field is chosen already, and used.
    again = opened(qtbot, roster(tmp_path / "二.xlsx", P2), boxes)
    assert again.column_boxes[("Sheet1", "现住地")].currentData() == "人员:居住地址"
    with qtbot.waitSignal(again.imported, timeout=20000):
        click(qtbot, again.import_button)
    assert Person.get(Person.id_number == P2).address == "XX路1号"
    assert boxes.warnings == [] and boxes.bugs == []


def test_the_mapping_is_saved_as_json(qtbot, db, boxes, tmp_path) -> None:
    dialog = opened(qtbot, roster(tmp_path / "一.xlsx", P1), boxes)
    box = dialog.column_boxes[("Sheet1", "现住地")]
    box.setCurrentIndex(box.findData("人员:居住地址"))
    boxes.save_path = tmp_path / "我的映射"
    click(qtbot, dialog.save_mapping_button)
    data = json.loads((tmp_path / "我的映射.json").read_text(encoding="utf-8"))
    assert data["sheets"]["Sheet1"]["columns"] == {"现住地": "人员:居住地址"}
    assert any("映射已保存" in text for text in boxes.infos)


def test_an_unrecognised_sheet_can_be_told_what_it_is(qtbot, db, boxes, tmp_path) -> None:
    path = real_ledger(
        tmp_path / "a.xlsx", "名单", ["身份证号", "名字", "失业时间"], [[P1, "张三", "2024-01-15"]]
    )
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.active.title = "名单"
    ws = wb.create_sheet("附表")
    ws.append(["甲列", "乙列", "丙列"])
    ws.append(["1", "2", "3"])
    wb.save(path)
    dialog = opened(qtbot, path, boxes)
    box = dialog.sheet_boxes["附表"]
    assert box.currentData() == IGNORE
    box.setCurrentIndex(box.findData("人员"))
    click(qtbot, dialog.apply_mapping_button)
    (found,) = [s for s in dialog.preview.sheets if s.name == "附表"]
    assert found.kind == "人员" and {c.label for c in found.unmatched} == {"甲列", "乙列", "丙列"}
