"""Printing a PDF through QPrinter: tested by printing to a PDF-format QPrinter and reading it back."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter

from app.core.errors import UserError
from ui import printing
from ui.printing import make_printer, pdf_to_printer, print_pdf
from ui.workers import run_with_progress

from .test_pdf_preview import dark_pixels, make_pdf


def page_info(path) -> list[tuple[float, float]]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [tuple(doc.get_page_size(i)) for i in range(len(doc))]
    finally:
        doc.close()


def first_page_ink(path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        page = doc[0]
        image = page.render(scale=0.5).to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    pixels = image.load()
    return sum(
        1 for y in range(0, image.height, 3) for x in range(0, image.width, 3) if sum(pixels[x, y]) < 600
    )


@pytest.fixture
def printer(qtbot, tmp_path) -> QPrinter:
    p = make_printer()
    pdf_to_printer(tmp_path / "printed.pdf", p)
    return p


def test_make_printer_is_a4_full_page(qtbot) -> None:
    p = make_printer()
    assert p.fullPage()
    size = p.pageLayout().pageSize()
    assert size.id() == size.PageSizeId.A4


def test_printed_file_has_the_same_page_count(printer, tmp_path) -> None:
    source = make_pdf(tmp_path / "doc.pdf", 4)
    assert print_pdf(source, printer) == 4
    out = tmp_path / "printed.pdf"
    sizes = page_info(out)
    assert len(sizes) == 4
    # A4 portrait sheets (595 x 842 pt).
    for w, h in sizes:
        assert abs(w - 595.3) < 2 and abs(h - 841.9) < 2
    assert first_page_ink(out) > 50  # the page picture is on the sheet, not a blank page


def test_landscape_document_prints_on_landscape_sheets(printer, tmp_path) -> None:
    source = make_pdf(tmp_path / "wide.pdf", 2, landscape=True)
    assert print_pdf(source, printer) == 2
    sizes = page_info(tmp_path / "printed.pdf")
    assert len(sizes) == 2
    assert all(w > h for w, h in sizes)
    assert printer.pageLayout().orientation() == QPageLayout.Orientation.Landscape


def test_page_range_prints_only_those_pages(printer, tmp_path) -> None:
    source = make_pdf(tmp_path / "doc.pdf", 5)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    assert print_pdf(source, printer) == 2
    assert len(page_info(tmp_path / "printed.pdf")) == 2


def test_page_range_beyond_the_document_is_refused(printer, tmp_path) -> None:
    source = make_pdf(tmp_path / "doc.pdf", 2)
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(3, 4)
    with pytest.raises(UserError, match="不在文档的 2 页之内"):
        print_pdf(source, printer)


def test_progress_reports_every_page(printer, tmp_path) -> None:
    source = make_pdf(tmp_path / "doc.pdf", 3)
    calls: list[tuple[int, int]] = []
    print_pdf(source, printer, progress=lambda done, total, text="": calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_prints_on_a_worker_thread_with_progress(qtbot, printer, tmp_path) -> None:
    source = make_pdf(tmp_path / "doc.pdf", 3)
    assert run_with_progress(None, "打印", print_pdf, source, printer) == 3
    assert len(page_info(tmp_path / "printed.pdf")) == 3


# Qt itself warns that the painter cannot open the output file; the test is about what the user sees.
@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")
def test_unwritable_output_gives_a_chinese_message(qtbot, tmp_path) -> None:
    source = make_pdf(tmp_path / "doc.pdf", 1)
    p = make_printer()
    pdf_to_printer(tmp_path / "missing-folder" / "x" / "printed.pdf", p)
    with pytest.raises(UserError, match="无法开始打印"):
        print_pdf(source, p)


def test_ask_printer_returns_none_when_cancelled(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    seen = {}

    def fake_exec(dialog) -> int:
        seen["title"] = dialog.windowTitle()
        seen["max"] = dialog.maxPage()
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(printing.QPrintDialog, "exec", fake_exec)
    assert printing.ask_printer(None, 7) is None
    assert seen == {"title": "打印", "max": 7}


def test_ask_printer_returns_the_configured_printer(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(printing.QPrintDialog, "exec", lambda _d: QDialog.DialogCode.Accepted.value)
    p = printing.ask_printer(None, 3, landscape=True, title="劳动力资源台账")
    assert p is not None
    assert p.pageLayout().orientation() == QPageLayout.Orientation.Landscape
    assert p.docName() == "劳动力资源台账"


def test_printed_picture_is_sharp_enough(printer, tmp_path, monkeypatch) -> None:
    """The page picture goes to the printer at up to 300 dpi (not at screen resolution)."""
    source = make_pdf(tmp_path / "doc.pdf", 1)
    captured = []
    real = printing.render_page

    def spy(document, index, scale):
        image = real(document, index, scale)
        captured.append(image)
        return image

    monkeypatch.setattr(printing, "render_page", spy)
    print_pdf(source, printer)
    dpi = min(printer.resolution(), printing.MAX_PRINT_DPI)
    assert dpi >= 300  # a high-resolution printer
    assert captured[0].width() == pytest.approx(210 / 25.4 * dpi, abs=2)
    assert dark_pixels(captured[0], step=16) > 20
