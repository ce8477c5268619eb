"""Import, export and first-run dialogs, driven with qtbot; every modal box intercepted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt

from app.core import settings
from app.core.idcard import make_id, mask_id
from app.register import ledger
from app.station import profile as station
from db.connection import close_database, open_database
from db.models import Person
from ui import dialogs, errors
from ui.dialogs import first_run
from ui.dialogs.export_dialog import ExportDialog
from ui.dialogs.first_run import FirstRunDialog
from ui.dialogs.import_dialog import PAGE_PROBLEMS, PAGE_SUCCESS, ImportDialog

ID1 = make_id("110101", dt.date(1990, 3, 7), 11)
ID2 = make_id("440106", dt.date(1985, 12, 1), 22)
HEADERS = ["身份证号", "姓名", "就业状态", "调查日期"]


class Boxes:
    """Records every message the dialogs would have shown, and answers their questions."""

    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.bugs: list[str] = []
        self.confirms: list[str] = []
        self.confirm_answer = True
        self.open_path: Path | None = None
        self.save_path: Path | None = None


@pytest.fixture
def boxes(monkeypatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(dialogs, "inform", lambda parent, title, text: b.infos.append(text))

    def confirm(parent, title, text, yes="确定", no="取消") -> bool:
        b.confirms.append(text)
        return b.confirm_answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: b.open_path)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: b.save_path)
    monkeypatch.setattr(errors, "_message_box", lambda parent, title, text: b.warnings.append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda parent, report, log_file: b.bugs.append(report))
    return b


def _book(path: Path, rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _click(qtbot, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# ------------------------------------------------------------------------------------------ import


def test_import_good_workbook_reports_success(qtbot, db, boxes, tmp_path, qtmodeltester) -> None:
    boxes.open_path = _book(
        tmp_path / "台账.xlsx", [[ID1, "张三", "未就业", "2024-03-01"], [ID2, "李四", "单位就业", "2024/3/2"]]
    )
    dialog = ImportDialog()
    qtbot.addWidget(dialog)
    assert not dialog.import_button.isEnabled()
    _click(qtbot, dialog.choose_button)
    assert dialog.path_edit.text() == str(boxes.open_path)
    with qtbot.waitSignal(dialog.imported, timeout=20000) as blocker:
        _click(qtbot, dialog.import_button)
    summary = blocker.args[0]
    assert summary.sheets["人员"].created == 2
    assert dialog.stack.currentIndex() == PAGE_SUCCESS
    assert "导入成功：新增 2 条" in dialog.success_label.text()
    model = dialog.summary_model
    assert model.index(0, 0).data() == "人员" and model.index(0, 1).data() == "2"
    qtmodeltester.check(model)
    assert Person.select().count() == 2
    assert boxes.warnings == [] and boxes.bugs == []


def test_import_bad_workbook_lists_problems_and_saves_report(
    qtbot, db, boxes, tmp_path, qtmodeltester
) -> None:
    bad_id = ID1[:-1] + ("0" if ID1[-1] != "0" else "1")
    source = _book(
        tmp_path / "有错.xlsx",
        [
            [ID2, "李四", "单位就业", "2024-03-02"],  # fine
            [bad_id, "张三", "未就业", "2024-03-01"],  # check digit
            [make_id("110101", dt.date(1991, 1, 1), 5), "王五", "打工", "2024-03-01"],  # status
            [make_id("110101", dt.date(1992, 1, 1), 7), "赵六", "未就业", "2024-02-30"],  # date
        ],
    )
    dialog = ImportDialog()
    qtbot.addWidget(dialog)
    dialog.set_source(source)
    fired: list[object] = []
    dialog.imported.connect(fired.append)
    _click(qtbot, dialog.import_button)
    assert fired == []
    assert dialog.stack.currentIndex() == PAGE_PROBLEMS
    assert dialog.problems_label.text().startswith("未导入任何数据：请修改以下 3 处问题后重新导入")
    model = dialog.problem_model
    assert model.rowCount() == 3
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "工作表",
        "行",
        "列",
        "值",
        "问题",
    ]
    rows = {model.index(r, 1).data(): [model.index(r, c).data() for c in range(5)] for r in range(3)}
    assert rows["3"][0] == "人员" and rows["3"][2] == "身份证号" and "校验位" in rows["3"][4]
    assert rows["4"][2] == "就业状态" and rows["4"][3] == "打工"
    assert rows["5"][2] == "调查日期"
    qtmodeltester.check(model)
    # Sorting by row number (inside the model) puts row 5 first when descending.
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert model.index(0, 1).data() == "5"
    assert Person.select().count() == 0

    boxes.save_path = tmp_path / "错误报告"  # no suffix: .xlsx is added
    _click(qtbot, dialog.save_report_button)
    saved = tmp_path / "错误报告.xlsx"
    assert saved.exists()
    wb = openpyxl.load_workbook(saved)
    assert "错误清单" in wb.sheetnames
    assert wb["错误清单"].max_row == 1 + 3
    assert boxes.infos and str(saved) in boxes.infos[-1]


def test_error_report_never_overwrites_the_source(qtbot, db, boxes, tmp_path) -> None:
    source = _book(tmp_path / "有错.xlsx", [["123", "张三", "未就业", "2024-03-01"]])
    dialog = ImportDialog()
    qtbot.addWidget(dialog)
    dialog.set_source(source)
    _click(qtbot, dialog.import_button)
    before = source.read_bytes()
    boxes.save_path = source
    _click(qtbot, dialog.save_report_button)
    assert source.read_bytes() == before
    assert "不能覆盖原工作簿" in boxes.warnings[-1]


def test_import_of_a_non_workbook_shows_a_chinese_message(qtbot, db, boxes, tmp_path) -> None:
    junk = tmp_path / "不是表格.xlsx"
    junk.write_text("hello", encoding="utf-8")
    dialog = ImportDialog()
    qtbot.addWidget(dialog)
    dialog.set_source(junk)
    _click(qtbot, dialog.import_button)
    assert len(boxes.warnings) == 1 and boxes.bugs == []
    assert dialog.stack.currentIndex() == 0


def test_download_template(qtbot, db, boxes, tmp_path) -> None:
    boxes.save_path = tmp_path / "模板.xlsx"
    dialog = ImportDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.template_button)
    wb = openpyxl.load_workbook(boxes.save_path)
    assert "人员" in wb.sheetnames and "工作人员" in wb.sheetnames
    assert "模板" in boxes.infos[-1]


def test_cancelled_file_choice_changes_nothing(qtbot, db, boxes) -> None:
    dialog = ImportDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.choose_button)
    assert dialog.source is None and not dialog.import_button.isEnabled()


# ------------------------------------------------------------------------------------------ export


def _two_persons() -> None:
    for number, name in ((ID1, "张三"), (ID2, "李四")):
        ledger.save_person(
            {"id_number": number, "name": name, "employment_status": "未就业", "survey_date": "2024-03-01"}
        )


def test_export_masked(qtbot, db, boxes, tmp_path) -> None:
    _two_persons()
    dialog = ExportDialog()
    qtbot.addWidget(dialog)
    assert dialog.mask_check.isChecked()  # the setting's default
    dest = tmp_path / "导出"
    dialog.path_edit.setText(str(dest))
    _click(qtbot, dialog.export_button)
    out = tmp_path / "导出.xlsx"
    ws = openpyxl.load_workbook(out)["人员"]
    ids = {ws.cell(row=r, column=1).value for r in (2, 3)}
    assert ids == {mask_id(ID1), mask_id(ID2)}
    assert dialog.counts is not None and dialog.counts["人员"] == 2
    assert "已导出" in boxes.infos[-1] and "人员：2 行" in boxes.infos[-1] and "脱敏" in boxes.infos[-1]


def test_export_unmasked_when_setting_off_and_reimports(qtbot, db, boxes, tmp_path) -> None:
    _two_persons()
    settings.set_setting(settings.MASK_IDS_DEFAULT, False)
    dialog = ExportDialog()
    qtbot.addWidget(dialog)
    assert not dialog.mask_check.isChecked()
    dest = tmp_path / "全量.xlsx"
    dialog.path_edit.setText(str(dest))
    _click(qtbot, dialog.export_button)
    ws = openpyxl.load_workbook(dest)["人员"]
    assert {ws.cell(row=r, column=1).value for r in (2, 3)} == {ID1, ID2}


def test_export_over_existing_file_asks_first(qtbot, db, boxes, tmp_path) -> None:
    dest = tmp_path / "已有.xlsx"
    dest.write_bytes(b"old")
    dialog = ExportDialog()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(dest))
    boxes.confirm_answer = False
    _click(qtbot, dialog.export_button)
    assert dest.read_bytes() == b"old"
    assert "已经存在" in boxes.confirms[-1]
    boxes.confirm_answer = True
    _click(qtbot, dialog.export_button)
    assert openpyxl.load_workbook(dest).sheetnames


def test_export_to_missing_folder_is_a_user_error(qtbot, db, boxes, tmp_path) -> None:
    dialog = ExportDialog()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "没有这个文件夹" / "a.xlsx"))
    _click(qtbot, dialog.export_button)
    assert len(boxes.warnings) == 1 and boxes.bugs == []


# ------------------------------------------------------------------------------------------ first run


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    close_database()
    home = tmp_path / "home"
    monkeypatch.setenv("STATIONDESK_HOME", str(home))
    yield home
    close_database()


def test_first_run_new_station(qtbot, home, boxes) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    assert dialog.path_edit.text() == str(home / "station.sqlite")
    _click(qtbot, dialog.new_button)
    assert dialog.stack.currentIndex() == FirstRunDialog.PAGE_NEW
    assert dialog.kind_combo.currentData() == ""  # no default: a village is not a 社区
    dialog.name_edit.setText("幸福村就业服务点")
    assert dialog.kind_combo.currentData() == "村"  # from the name
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _click(qtbot, dialog.create_button)
    path = dialog.chosen_path()
    assert path == home / "station.sqlite" and path.exists()
    open_database(path)
    profile = station.get_profile()
    assert (profile.name, profile.kind) == ("幸福村就业服务点", "村")


def test_first_run_new_station_needs_a_kind(qtbot, home, boxes) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.new_button)
    dialog.name_edit.setText("滨江就业服务站")
    assert dialog.kind_combo.currentData() == ""
    _click(qtbot, dialog.create_button)
    assert dialog.new_error.text() == "请选择站点类型：社区或村"
    assert not (home / "station.sqlite").exists()
    dialog.name_edit.setText("滨江社区就业服务站")
    assert dialog.kind_combo.currentData() == "社区"


def test_first_run_new_station_needs_a_name(qtbot, home, boxes) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.new_button)
    _click(qtbot, dialog.create_button)
    assert dialog.new_error.text() == "站点名称不能为空"
    assert dialog.chosen_path() is None
    assert not (home / "station.sqlite").exists()


def test_first_run_new_station_refuses_existing_file(qtbot, home, boxes, tmp_path) -> None:
    existing = tmp_path / "已有.sqlite"
    existing.write_bytes(b"")
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.new_button)
    dialog.name_edit.setText("幸福社区")
    dialog.path_edit.setText(str(existing))
    _click(qtbot, dialog.create_button)
    assert "已有数据文件" in dialog.new_error.text()
    assert dialog.chosen_path() is None


def test_first_run_change_location(qtbot, home, boxes, tmp_path) -> None:
    boxes.save_path = tmp_path / "别处" / "我的站点"
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.new_button)
    _click(qtbot, dialog.browse_button)
    assert dialog.path_edit.text() == str(tmp_path / "别处" / "我的站点.sqlite")


def test_first_run_demo_generates_and_reuses(qtbot, home, boxes, monkeypatch) -> None:
    monkeypatch.setattr(first_run, "DEMO_PERSONS", 40)
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=60000):
        _click(qtbot, dialog.demo_button)
    path = dialog.chosen_path()
    assert path == home / "demo.sqlite" and path.exists()
    assert not (home / "demo.sqlite.part").exists()
    open_database(path)
    assert Person.select().count() > 0
    close_database()
    before = path.stat().st_mtime_ns
    again = FirstRunDialog()
    qtbot.addWidget(again)
    _click(qtbot, again.demo_button)
    assert again.chosen_path() == path
    assert path.stat().st_mtime_ns == before  # reused, not regenerated


def test_first_run_open_existing(qtbot, home, boxes, tmp_path) -> None:
    good = tmp_path / "旧电脑.sqlite"
    open_database(good)
    close_database()
    boxes.open_path = good
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.open_button)
    assert dialog.chosen_path() == good


def test_first_run_open_existing_refuses_foreign_file(qtbot, home, boxes, tmp_path) -> None:
    junk = tmp_path / "照片.sqlite"
    junk.write_bytes(b"\x89PNG not a database" * 10)
    boxes.open_path = junk
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    _click(qtbot, dialog.open_button)
    assert dialog.chosen_path() is None
    assert len(boxes.warnings) == 1 and boxes.bugs == []


def test_first_run_quit(qtbot, home, boxes) -> None:
    dialog = FirstRunDialog()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.rejected, timeout=5000):
        _click(qtbot, dialog.quit_button)
    assert dialog.chosen_path() is None
