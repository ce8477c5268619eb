"""申报与报表: the 上报包 button writes the signed package of the month or of a saved assessment."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate

from app.assessment import assessments
from app.core.period import Period
from app.upward.format import read_package_file
from tests.app.upward.conftest import CODE, march  # noqa: F401  (the hand-made station)
from ui.pages.documents import DocumentsPage


def _page(qtbot) -> DocumentsPage:
    page = DocumentsPage()
    qtbot.addWidget(page)
    return page


def test_monthly_package_from_the_page(qtbot, march, tmp_path: Path) -> None:  # noqa: F811
    page = _page(qtbot)
    page.select_document("monthly-report")
    assert page.upward_button.isEnabled()
    page.fields["month"].edit.setDate(QDate(2026, 3, 1))
    path = page.save_package(tmp_path)
    assert path == tmp_path / f"{CODE}-2026-03.sdpkg"
    assert read_package_file(path).figures["ep1"]["new_employment"] == 3
    assert "已写出上报包" in page.status_label.text()


def test_button_disabled_for_other_documents(qtbot, march) -> None:  # noqa: F811
    page = _page(qtbot)
    page.select_document("ledger-labor")
    assert not page.upward_button.isEnabled()


def test_score_sheet_needs_a_saved_assessment(qtbot, march, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    import ui.errors

    shown: list[str] = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: shown.append(text))
    page = _page(qtbot)
    page.select_document("score-sheet")
    assert page.save_package(tmp_path) is None
    assert shown and "已保存的自评" in shown[0]


def test_assessment_package_from_the_page(qtbot, march, tmp_path: Path) -> None:  # noqa: F811
    row = assessments.create("guangzhou-full-employment-2024", Period.guangzhou_default(2026))
    page = _page(qtbot)
    page.select_document("score-sheet")
    field = page.fields["assessment"]
    field.set_items(field_items(page), keep=row.id)
    path = page.save_package(tmp_path)
    assert path is not None and read_package_file(path).manifest["kind"] == "assessment"


def field_items(page: DocumentsPage) -> list:
    combo = page.fields["assessment"].combo
    return [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
