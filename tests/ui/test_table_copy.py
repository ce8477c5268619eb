"""Every table copies its selected rows (Ctrl+C: tab-separated with the header, IDs as shown) and
exports them to Excel (导出所选)."""

from __future__ import annotations

import openpyxl
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from app.documents.selection import write_selection
from ui import dialogs
from ui.pages.register import RegisterPage
from ui.widgets.tables import export_selection, selection_text, table_actions


def _select_rows(page: RegisterPage, rows: list[int]) -> None:
    selection = page.view.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for r in rows:
        selection.select(page.model.index(r, 0), flags)


def test_ctrl_c_copies_three_rows_with_the_header(qtbot, small_ledger):
    page = RegisterPage()
    qtbot.addWidget(page)
    page.show()
    _select_rows(page, [0, 1, 2])
    QGuiApplication.clipboard().clear()
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 4
    header = lines[0].split("\t")
    assert header[:2] == ["姓名", "身份证号"]
    first = lines[1].split("\t")
    assert len(first) == len(header)
    assert first[0] == page.model.data(page.model.index(0, 0))
    assert "*" in first[1]  # masked as shown
    assert small_ledger.id_number("zhang") not in QGuiApplication.clipboard().text()


def test_nothing_selected_copies_nothing(qtbot, small_ledger):
    page = RegisterPage()
    qtbot.addWidget(page)
    page.view.selectionModel().clearSelection()
    assert selection_text(page.view) == ""


def test_hidden_columns_are_left_out(qtbot, small_ledger):
    page = RegisterPage()
    qtbot.addWidget(page)
    page.view.setColumnHidden(1, True)
    _select_rows(page, [0])
    header = selection_text(page.view).splitlines()[0].split("\t")
    assert "身份证号" not in header


def test_every_table_has_the_actions(qtbot, small_ledger):
    page = RegisterPage()
    qtbot.addWidget(page)
    assert set(table_actions(page.view)) == {"copy_rows", "export_rows"}


def test_export_selected_rows_to_excel(qtbot, small_ledger, tmp_path, monkeypatch):
    page = RegisterPage()
    qtbot.addWidget(page)
    _select_rows(page, [0, 2])
    dest = tmp_path / "所选"
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: dest)
    out = export_selection(page.view)
    assert out == tmp_path / "所选.xlsx"
    ws = openpyxl.load_workbook(out).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][:2] == ["姓名", "身份证号"]
    assert len(values) == 3 and "*" in values[1][1]


def test_export_with_nothing_selected_says_so(qtbot, small_ledger, monkeypatch):
    page = RegisterPage()
    qtbot.addWidget(page)
    page.view.selectionModel().clearSelection()
    told: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text: told.append(text))
    assert export_selection(page.view) is None
    assert told and "请先在列表中选择" in told[0]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    out = write_selection(tmp_path / "x.xlsx", "所选", ["备注"], [["=1+1"]])
    ws = openpyxl.load_workbook(out).active
    assert ws["A2"].value == "=1+1" and ws["A2"].data_type == "s"
    assert not list(tmp_path.glob(".export-*"))
