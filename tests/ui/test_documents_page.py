"""申报与报表 page: parameters from the registry, build with progress, preview, print, save PDF and Excel.

Most tests run against a small fake registry (real PDFs made with app.pdf.base.build_pdf), so the page
is tested on its own; the last tests use the real registry in app.documents when it is there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from reportlab.platypus import PageBreak

from app.assessment import assessments
from app.core.errors import UserError
from app.core.period import Period
from app.documents.pdf import build_pdf, data_table, para
from ui import dialogs, printing
from ui.forms import document_params as documents_module
from ui.forms.document_params import (
    CURRENT_DATA,
    BoolField,
    ComboField,
    DocumentListModel,
    MonthField,
    PeriodField,
    PersonField,
)
from ui.pages.documents import DocumentsPage

from .test_pdf_preview import dark_pixels


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    kind: str
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    default: object = None


@dataclass
class Doc:
    kind: str
    title: str
    params: tuple[Param, ...]
    pages: int = 2
    landscape: bool = False
    with_xlsx: bool = True
    fail: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)
    xlsx_calls: list[dict[str, Any]] = field(default_factory=list)
    progress_seen: list[tuple[int, int]] = field(default_factory=list)

    def build_pdf(self, path: Path, *, progress=None, **params: Any) -> Path:
        self.calls.append(params)
        if self.fail:
            raise UserError(self.fail)
        story: list[Any] = []
        for n in range(self.pages):
            if n:
                story.append(PageBreak())
            story.append(para(f"{self.title} 第{n + 1}页", "title"))
            story.append(data_table(["序号", "参数"], [[k, str(v)] for k, v in sorted(params.items())]))
        for i in range(self.pages):
            if progress is not None:
                progress(i + 1, self.pages, "正在排版")
                self.progress_seen.append((i + 1, self.pages))
        return build_pdf(path, self.title, story, landscape=self.landscape, station="测试社区就业服务站")

    def _build_xlsx(self, path: Path, *, progress=None, **params: Any) -> Path:
        self.xlsx_calls.append(params)
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["参数", "值"])
        for k, v in sorted(params.items()):
            ws.append([k, str(v)])
        if progress is not None:
            progress(1, 1, "")
        wb.save(path)
        return path

    @property
    def build_xlsx(self):
        return self._build_xlsx if self.with_xlsx else None


def make_registry() -> dict[str, Doc]:
    return {
        "ledger": Doc(
            "ledger-fake",
            "测试台账",
            (
                Param("period", "报告期", "period"),
                Param("mask_ids", "显示完整身份证号", "bool", required=False, default=False),
            ),
            pages=3,
            landscape=True,
        ),
        "score": Doc(
            "score-fake",
            "测试打分表",
            (
                Param("standard", "评估标准", "standard"),
                Param("assessment", "已保存的自评", "assessment", required=False),
                Param("period", "报告期", "period"),
            ),
            with_xlsx=False,
        ),
        "person": Doc("person-fake", "测试个人档案", (Param("person", "人员", "person"),), with_xlsx=False),
        "monthly": Doc(
            "monthly-fake",
            "测试月报",
            (
                Param("month", "月份", "month"),
                Param("layout", "版式", "choice", choices=(("a", "简表"), ("b", "详表")), default="b"),
            ),
        ),
        "broken": Doc("broken-fake", "出错的文档", (), fail="生成失败：测试用的错误"),
    }


@pytest.fixture
def registry() -> dict[str, Doc]:
    return make_registry()


@pytest.fixture
def page(qtbot, db, registry) -> DocumentsPage:
    widget = DocumentsPage(documents=list(registry.values()))
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    return widget


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    import ui.errors

    seen: list[str] = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: seen.append(text))
    return seen


def pdf_pages(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def set_period(p: DocumentsPage, start: dt.date, end: dt.date) -> None:
    f = p.fields["period"]
    assert isinstance(f, PeriodField)
    f.set_period(Period(start, start))  # always valid in between
    f.to_edit.setDate(documents_module._qdate(end))
    f.from_edit.setDate(documents_module._qdate(start))


# ------------------------------------------------------------------ list and form


def test_lists_the_documents_and_builds_the_first_form(page, registry) -> None:
    titles = [page.list_model.data(page.list_model.index(r, 0)) for r in range(page.list_model.rowCount())]
    assert titles == [d.title for d in registry.values()]
    assert page.doc_title.text() == "测试台账"
    assert set(page.fields) == {"period", "mask_ids"}
    assert isinstance(page.fields["period"], PeriodField)
    assert isinstance(page.fields["mask_ids"], BoolField)
    assert page.fields["mask_ids"].box.text() == "显示完整身份证号"
    assert not page.fields["mask_ids"].box.isChecked()  # default: IDs masked


def test_period_defaults_to_this_year_up_to_today_for_ledgers(page) -> None:
    today = dt.date.today()
    assert page.fields["period"].value() == Period(dt.date(today.year, 1, 1), today)


def test_real_documents_start_with_the_periods_the_command_line_uses(db, qtbot) -> None:
    """The real registry: the page starts each document with the period its builder would use."""
    from app.documents import DOCUMENTS, default_period_for

    page = DocumentsPage(documents=list(DOCUMENTS))
    qtbot.addWidget(page)
    page.select_document("yangpu-application")
    assert page.fields["period"].value() == default_period_for("yangpu-application")
    page.select_document("full-employment-application")
    expected = default_period_for("full-employment-application", "guangzhou-full-employment-2024")
    assert page.fields["period"].value() == expected
    assert (expected.start.month, expected.start.day, expected.end.month, expected.end.day) == (10, 1, 9, 30)
    page.select_document("monthly-report")
    assert page.fields["month"].value() == (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(
        day=1
    )


def test_score_document_period_follows_the_standard(page) -> None:
    page.select_document("score-fake")
    std = page.fields["standard"]
    assert isinstance(std, ComboField)
    i = std.combo.findData("guangzhou-full-employment-2024")
    assert i >= 0
    std.combo.setCurrentIndex(i)
    from app.assessment.scoring import default_period
    from app.assessment.standards import get_standard

    expected = default_period(get_standard("guangzhou-full-employment-2024"))
    assert page.fields["period"].value() == expected
    assert expected.start.month == 10 and expected.end.month == 9  # Guangzhou: October to September


def test_score_document_defaults_to_the_guangzhou_standard_and_its_year(page) -> None:
    page.select_document("score-fake")
    assert page.fields["standard"].value() == "guangzhou-full-employment-2024"
    period = page.fields["period"].value()
    assert (period.start.month, period.start.day, period.end.month, period.end.day) == (10, 1, 9, 30)


def test_saved_assessment_brings_its_period_and_locks_it(page) -> None:
    saved = assessments.create(
        "guangzhou-full-employment-2024", Period(dt.date(2024, 10, 1), dt.date(2025, 9, 30)), "2025年自评"
    )
    page.select_document("score-fake")
    std = page.fields["standard"]
    std.combo.setCurrentIndex(std.combo.findData("guangzhou-full-employment-2024"))
    combo = page.fields["assessment"].combo
    assert combo.itemText(0) == CURRENT_DATA
    assert combo.findData(saved.id) > 0
    combo.setCurrentIndex(combo.findData(saved.id))
    period = page.fields["period"]
    assert period.value() == Period(dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    assert not period.from_edit.isEnabled()
    combo.setCurrentIndex(0)
    assert period.from_edit.isEnabled()
    assert page.fields["assessment"].value() is None  # optional: current data


def test_assessments_of_another_standard_are_not_offered(page) -> None:
    other = assessments.create("yangpu-leye-recognition", Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)))
    page.select_document("score-fake")
    std = page.fields["standard"]
    std.combo.setCurrentIndex(std.combo.findData("guangzhou-full-employment-2024"))
    assert page.fields["assessment"].combo.findData(other.id) < 0
    std.combo.setCurrentIndex(std.combo.findData("yangpu-leye-recognition"))
    assert page.fields["assessment"].combo.findData(other.id) > 0


def test_reload_picks_up_a_new_saved_assessment(page) -> None:
    page.select_document("score-fake")
    std = page.fields["standard"]
    std.combo.setCurrentIndex(std.combo.findData("guangzhou-full-employment-2024"))
    saved = assessments.create(
        "guangzhou-full-employment-2024", Period(dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    )
    assert page.fields["assessment"].combo.findData(saved.id) < 0
    page.reload()
    assert page.fields["assessment"].combo.findData(saved.id) > 0


def test_month_and_choice_fields(page) -> None:
    page.select_document("monthly-fake")
    month = page.fields["month"]
    assert isinstance(month, MonthField)
    # The month a station reports: last month.
    assert month.value() == (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    month.edit.setDate(documents_module._qdate(dt.date(2025, 3, 17)))
    assert month.value() == dt.date(2025, 3, 1)
    layout = page.fields["layout"]
    assert isinstance(layout, ComboField)
    assert layout.value() == "b"  # the default
    assert [layout.combo.itemText(i) for i in range(layout.combo.count())] == ["简表", "详表"]


def test_excel_button_only_for_documents_with_excel(page) -> None:
    assert page.save_xlsx_button.isEnabled()
    page.select_document("score-fake")
    assert not page.save_xlsx_button.isEnabled()
    assert page.save_pdf_button.isEnabled() and page.print_button.isEnabled()


def test_unknown_document_is_refused(page) -> None:
    with pytest.raises(UserError, match="没有文档"):
        page.select_document("nope")


def test_empty_registry_shows_a_message(qtbot, db) -> None:
    widget = DocumentsPage(documents=[])
    qtbot.addWidget(widget)
    assert widget.doc_title.text() == "没有可用的文档"
    assert not widget.preview_button.isEnabled()
    assert widget.generate_preview() is None


# ------------------------------------------------------------------ validation


def test_end_before_start_shows_a_message_and_builds_nothing(page, registry) -> None:
    set_period(page, dt.date(2025, 6, 1), dt.date(2025, 5, 31))
    assert page.generate_preview() is None
    assert registry["ledger"].calls == []
    assert page.error_label.isVisible()
    assert "结束日期 2025-05-31 早于开始日期 2025-06-01" in page.error_label.text()
    assert page.preview.page_count() == 0


def test_same_day_period_is_accepted(page, registry) -> None:
    set_period(page, dt.date(2025, 6, 1), dt.date(2025, 6, 1))
    assert page.generate_preview() is not None
    assert registry["ledger"].calls[-1]["period"] == Period(dt.date(2025, 6, 1), dt.date(2025, 6, 1))
    assert not page.error_label.isVisible()


def test_error_clears_after_correction(page) -> None:
    set_period(page, dt.date(2025, 6, 1), dt.date(2025, 5, 1))
    page.generate_preview()
    assert page.error_label.isVisible()
    set_period(page, dt.date(2025, 1, 1), dt.date(2025, 5, 1))
    assert page.generate_preview() is not None
    assert not page.error_label.isVisible()


def test_invalid_period_blocks_save_and_print(page, registry, monkeypatch) -> None:
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a: pytest.fail("no dialog for invalid input"))
    monkeypatch.setattr(printing, "ask_printer", lambda *a, **k: pytest.fail("no dialog for invalid input"))
    set_period(page, dt.date(2025, 6, 1), dt.date(2025, 5, 31))
    assert page.save_pdf() is None
    assert page.save_excel() is None
    assert page.print_document() == 0
    assert registry["ledger"].calls == [] and registry["ledger"].xlsx_calls == []


def test_person_required(page, registry) -> None:
    page.select_document("person-fake")
    assert page.generate_preview() is None
    assert page.error_label.text() == "请先搜索并选择人员"
    assert registry["person"].calls == []


# ------------------------------------------------------------------ build and preview


def test_builds_through_the_registry_with_progress_and_previews(page, registry) -> None:
    set_period(page, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    page.fields["mask_ids"].box.setChecked(True)
    path = page.generate_preview()
    assert path is not None and path.is_file()
    doc = registry["ledger"]
    assert doc.calls == [{"period": Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), "mask_ids": True}]
    assert doc.progress_seen == [(1, 3), (2, 3), (3, 3)]  # the progress callback was handed in and used
    assert page.preview.page_count() == 3
    assert page.preview.count_label.text() == "/ 共 3 页"
    assert dark_pixels(page.preview.page_image(0)) > 50
    assert page.status_label.text().startswith("测试台账：共 3 页，生成用时")
    assert path.parent == page.temp_dir


def test_a_new_preview_replaces_the_old_file(page) -> None:
    first = page.generate_preview()
    set_period(page, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    second = page.generate_preview()
    assert first != second
    assert not first.exists()
    assert page.preview.path() == second


def test_build_error_is_shown_and_the_preview_kept(page, messages) -> None:
    page.generate_preview()
    page.select_document("broken-fake")
    assert page.generate_preview() is None
    assert messages == ["生成失败：测试用的错误"]
    assert page.preview.page_count() == 3  # the previous preview is still there


def test_person_search_and_pick(page, registry, small_ledger) -> None:
    page.select_document("person-fake")
    f = page.fields["person"]
    assert isinstance(f, PersonField)
    f.search_edit.setText("张三")
    assert f.search("张三") == 1
    assert f.hint.text().startswith("已选择：张三　110101")
    assert "*" in f.hint.text()  # masked ID in the list
    page.generate_preview()
    assert registry["person"].calls == [{"person": small_ledger.zhang}]


def test_person_search_by_phone_and_no_match(page, small_ledger) -> None:
    page.select_document("person-fake")
    f = page.fields["person"]
    assert f.search("13900000003") == 1
    assert f.selected_id() == small_ledger.wang
    assert f.search("没有这个人") == 0
    assert "没有匹配的人员" in f.hint.text()
    assert f.selected_id() is None


def test_person_search_as_you_type(page, qtbot, small_ledger) -> None:
    page.select_document("person-fake")
    f = page.fields["person"]
    f.search_edit.setText("1380000000")
    qtbot.waitUntil(lambda: f.model.rowCount() == 1)
    assert f.selected_id() == small_ledger.zhang


def test_several_matches_wait_for_a_click(page, small_ledger) -> None:
    page.select_document("person-fake")
    f = page.fields["person"]
    assert f.search("110101") == 6
    assert f.selected_id() is None
    assert f.hint.text().startswith("找到 6 人")
    f.view.setCurrentIndex(f.model.index(2, 0))
    assert f.selected_id() == f.model.row_id(2)


# ------------------------------------------------------------------ save


def test_save_pdf_copies_the_previewed_file(page, registry, monkeypatch, tmp_path) -> None:
    page.generate_preview()
    asked: list[Path] = []

    def ask(_parent, title, suggested, file_filter):
        asked.append(suggested)
        assert title == "保存PDF" and "pdf" in file_filter
        return tmp_path / "out" / "台账"  # no suffix typed

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(dialogs, "ask_save_file", ask)
    saved = page.save_pdf()
    assert saved == tmp_path / "out" / "台账.pdf"
    assert saved.read_bytes() == page.pdf_path.read_bytes()
    assert pdf_pages(saved) == 3
    assert len(registry["ledger"].calls) == 1  # not built again: the preview was current
    today = dt.date.today()
    assert asked[0].name == f"测试台账_{today.year}0101-{today:%Y%m%d}.pdf"
    assert page.status_label.text() == f"已保存PDF：{saved}"


def test_save_pdf_without_preview_builds_first(page, registry, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a: tmp_path / "a.pdf")
    assert page.save_pdf() == tmp_path / "a.pdf"
    assert len(registry["ledger"].calls) == 1
    assert page.preview.page_count() == 3


def test_changed_parameters_build_again_before_saving(page, registry, monkeypatch, tmp_path) -> None:
    page.generate_preview()
    page.fields["mask_ids"].box.setChecked(True)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a: tmp_path / "a.pdf")
    page.save_pdf()
    assert [c["mask_ids"] for c in registry["ledger"].calls] == [False, True]


def test_cancelled_save_writes_nothing(page, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a: None)
    assert page.save_pdf() is None
    assert page.save_excel() is None
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob("*.xlsx"))


def test_save_to_unwritable_place_gives_a_chinese_message(page, monkeypatch, tmp_path, messages) -> None:
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a: tmp_path / "no-such-folder" / "a.pdf")
    assert page.save_pdf() is None
    assert len(messages) == 1 and messages[0].startswith("无法保存到")


def test_save_excel_builds_the_workbook(page, registry, monkeypatch, tmp_path) -> None:
    page.select_document("monthly-fake")
    page.fields["month"].edit.setDate(documents_module._qdate(dt.date(2025, 3, 1)))
    asked: list[Path] = []

    def ask(_parent, title, suggested, file_filter):
        asked.append(suggested)
        assert title == "保存Excel" and "xlsx" in file_filter
        return tmp_path / "月报.xlsx"

    monkeypatch.setattr(dialogs, "ask_save_file", ask)
    saved = page.save_excel()
    assert saved == tmp_path / "月报.xlsx"
    assert registry["monthly"].xlsx_calls == [{"month": dt.date(2025, 3, 1), "layout": "b"}]
    ws = openpyxl.load_workbook(saved).active
    assert [c.value for c in ws[2]] == ["layout", "b"]
    assert asked[0].name == "测试月报_2025年03月.xlsx"
    assert list(page.temp_dir.glob("*.xlsx")) == []  # the temporary copy is gone


# ------------------------------------------------------------------ print


def test_print_to_a_pdf_printer_gives_the_same_page_count(page, monkeypatch, tmp_path) -> None:
    out = tmp_path / "printed.pdf"
    asked: dict[str, Any] = {}

    def ask(_parent, count, *, landscape=False, title=""):
        asked.update(count=count, landscape=landscape, title=title)
        p = printing.make_printer()
        printing.pdf_to_printer(out, p)
        return p

    monkeypatch.setattr(printing, "ask_printer", ask)
    assert page.print_document() == 3
    assert asked == {"count": 3, "landscape": True, "title": "测试台账"}
    assert pdf_pages(out) == 3
    doc = pdfium.PdfDocument(str(out))
    try:
        width, height = doc.get_page_size(0)
    finally:
        doc.close()
    assert width > height  # the landscape ledger printed on landscape sheets
    assert page.status_label.text() == f"已将 3 页发送到 {out}"


def test_cancelled_print_dialog_prints_nothing(page, monkeypatch) -> None:
    monkeypatch.setattr(printing, "ask_printer", lambda *a, **k: None)
    assert page.print_document() == 0
    assert page.preview.page_count() == 3  # built and previewed, just not printed


# ------------------------------------------------------------------ item models


def test_document_list_model(qtmodeltester, registry) -> None:
    model = DocumentListModel(list(registry.values()))
    qtmodeltester.check(model)
    assert model.row_of("monthly-fake") == 3
    assert model.row_of("nope") is None
    assert "Excel" in model.data(model.index(0, 0), 3)  # tooltip role
    assert "Excel" not in model.data(model.index(1, 0), 3)


def test_window_stays_responsive_while_a_document_builds(page, registry) -> None:
    """The build runs on a worker thread: a GUI-thread timer fires while it is still running."""
    import threading

    from PySide6.QtCore import QTimer

    doc = registry["ledger"]
    gui_ticked = threading.Event()
    real_build = doc.build_pdf

    def slow_build(path, *, progress=None, **params):
        QTimer.singleShot(0, page, gui_ticked.set)  # queued to the GUI thread
        assert gui_ticked.wait(10), "the GUI thread was blocked during the build"
        return real_build(path, progress=progress, **params)

    doc.build_pdf = slow_build  # type: ignore[method-assign]
    assert page.generate_preview() is not None
    assert gui_ticked.is_set()


# ------------------------------------------------------------------ the real registry (app.documents)


def real_documents() -> tuple[Any, ...]:
    try:
        from app.documents import DOCUMENTS
    except ImportError:
        pytest.skip("app.documents has no registry yet")
    return tuple(DOCUMENTS)


@pytest.fixture
def demo_page(qtbot, db) -> DocumentsPage:
    from app.demo.generator import generate_demo

    docs = real_documents()
    generate_demo(persons=120, seed=5)
    widget = DocumentsPage()  # the real registry
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    assert len(widget.documents) == len(docs)
    return widget


def test_every_real_document_gets_a_parameter_form(demo_page) -> None:
    for spec in demo_page.documents:
        demo_page.select_document(spec.kind)
        assert demo_page.doc_title.text() == spec.title
        assert set(demo_page.fields) == {p.name for p in spec.params}
        assert demo_page.save_xlsx_button.isEnabled() == (spec.build_xlsx is not None)


def test_real_labor_ledger_previews_prints_and_saves(demo_page, monkeypatch, tmp_path) -> None:
    kinds = {spec.kind for spec in demo_page.documents}
    if "ledger-labor" not in kinds:
        pytest.skip("no 劳动力资源台账 in the registry yet")
    demo_page.select_document("ledger-labor")
    path = demo_page.generate_preview()
    assert path is not None
    pages = demo_page.preview.page_count()
    assert pages >= 1
    assert dark_pixels(demo_page.preview.page_image(0)) > 50
    out = tmp_path / "printed.pdf"

    def ask(_parent, count, *, landscape=False, title=""):
        p = printing.make_printer()
        printing.pdf_to_printer(out, p)
        return p

    monkeypatch.setattr(printing, "ask_printer", ask)
    assert demo_page.print_document() == pages
    assert pdf_pages(out) == pages
    monkeypatch.setattr(dialogs, "ask_save_file", lambda _p, _t, suggested, _f: tmp_path / suggested.name)
    saved_pdf = demo_page.save_pdf()
    assert saved_pdf is not None and pdf_pages(saved_pdf) == pages
    if demo_page.spec.build_xlsx is not None:
        saved_xlsx = demo_page.save_excel()
        assert saved_xlsx is not None
        assert openpyxl.load_workbook(saved_xlsx).active.max_row > 1


def test_real_score_sheet_previews(demo_page) -> None:
    kinds = {spec.kind for spec in demo_page.documents}
    if "score-sheet" not in kinds:
        pytest.skip("no 自评打分表 in the registry yet")
    demo_page.select_document("score-sheet")
    assert demo_page.generate_preview() is not None
    assert demo_page.preview.page_count() >= 1
    assert dark_pixels(demo_page.preview.page_image(0)) > 50


def test_keyboard_preview_print_and_save(page, qtbot, monkeypatch) -> None:
    calls: list[str] = []
    for name in ("generate_preview", "print_document", "save_pdf"):
        monkeypatch.setattr(page, name, lambda name=name: calls.append(name))
    page.activateWindow()
    page.setFocus()
    qtbot.keyClick(page, Qt.Key.Key_F5)
    qtbot.keyClick(page, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert calls == ["generate_preview", "print_document", "save_pdf"]
    assert "Ctrl+P" in page.print_button.toolTip() and "Ctrl+S" in page.save_pdf_button.toolTip()
