"""Printing a generated PDF on the office printer.

:func:`ask_printer` shows the print dialog (printer, page range, copies) over an A4 full-page
:class:`QPrinter`; :func:`print_pdf` renders each page with pypdfium2 at the printer's resolution (capped,
so a 1,200 dpi driver does not need half a gigabyte a page) and paints it onto the whole sheet. The
document's own margins (room for the stamp) are kept because the page is drawn edge to edge.

:func:`print_pdf` may run on a worker thread (Qt allows QPainter on a QPrinter outside the GUI thread);
its PDFium calls go through :data:`ui.pdf_preview.PDFIUM_LOCK`. Tests print to a PDF-format QPrinter.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from app.core.errors import UserError
from ui.pdf_preview import PDFIUM_LOCK, POINTS_PER_INCH, open_pdf, page_sizes, render_page

# Pages are rendered at the printer's resolution, but never above this (dpi): text and thin grid lines
# are sharp at 300 dpi, and an A4 page is then 2480 x 3508 pixels (35 MB) instead of 139 MB at 1200.
MAX_PRINT_DPI = 300

Progress = Callable[..., None]


def make_printer() -> QPrinter:
    """A high-resolution A4 printer (the system default one) drawing on the whole sheet."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setFullPage(True)
    return printer


def ask_printer(
    parent: QWidget | None, page_count: int, *, landscape: bool = False, title: str = ""
) -> QPrinter | None:
    """Show the print dialog; the configured printer, or None when the user cancelled.

    Tests replace this function (``monkeypatch.setattr(ui.printing, "ask_printer", ...)``).
    """
    printer = make_printer()
    printer.setPageOrientation(
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    if title:
        printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("打印")
    dialog.setMinMax(1, max(page_count, 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintToFile, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def pdf_to_printer(pdf: Path | str, printer: QPrinter) -> None:
    """A PDF-format printer writing to ``pdf`` (printing to a file; used by tests)."""
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf))


def _page_range(printer: QPrinter, count: int) -> list[int]:
    """The 0-based pages to print, from the dialog's range (all when none was chosen)."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage(), 1)
        last = min(printer.toPage() or count, count)
        if first > last:
            raise UserError(f"打印范围第 {first} 页至第 {last} 页不在文档的 {count} 页之内")
        return list(range(first - 1, last))
    return list(range(count))


def print_pdf(pdf: Path | str, printer: QPrinter, *, progress: Progress | None = None) -> int:
    """Print the pages of ``pdf`` on ``printer``; the number of sheets printed.

    ``progress(done, total, text)`` is called after each page (it may raise to cancel). A page whose
    orientation differs from the printer's is turned a quarter so it fills the sheet.
    """
    document = open_pdf(pdf)
    try:
        sizes = page_sizes(document)
        if not sizes:
            raise UserError("文档没有页面，无需打印")
        pages = _page_range(printer, len(sizes))
        copies = 1 if printer.supportsMultipleCopies() else max(printer.copyCount(), 1)
        sequence = [i for _ in range(copies) for i in pages]
        first_w, first_h = sizes[pages[0]]
        printer.setFullPage(True)
        printer.setPageOrientation(
            QPageLayout.Orientation.Landscape if first_w > first_h else QPageLayout.Orientation.Portrait
        )
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise UserError("无法开始打印：打印机不可用或输出文件无法写入，请检查打印机后重试。")
        try:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            total = len(sequence)
            for n, index in enumerate(sequence):
                if n > 0 and not printer.newPage():
                    raise UserError("打印时无法换页：打印机可能已断开或缺纸，请检查后重试。")
                _paint_page(painter, printer, document, index, sizes[index], dpi)
                if progress is not None:
                    progress(n + 1, total, "正在打印")
        finally:
            painter.end()
        return len(sequence)
    finally:
        with PDFIUM_LOCK:
            document.close()


def _paint_page(
    painter: QPainter,
    printer: QPrinter,
    document: object,
    index: int,
    size: tuple[float, float],
    dpi: int,
) -> None:
    """Render page ``index`` and draw it over the whole sheet, keeping its proportions."""
    width_pt, height_pt = size
    image = render_page(document, index, dpi / POINTS_PER_INCH)
    sheet = printer.paperRect(QPrinter.Unit.DevicePixel)
    sheet_landscape = sheet.width() > sheet.height()
    page_landscape = width_pt > height_pt
    painter.save()
    try:
        if sheet_landscape != page_landscape:
            # Turn the page a quarter: draw into a rotated frame the size of the sheet turned.
            painter.translate(sheet.width(), 0)
            painter.rotate(90)
            target_w, target_h = sheet.height(), sheet.width()
        else:
            target_w, target_h = sheet.width(), sheet.height()
        factor = min(target_w / width_pt, target_h / height_pt)
        w, h = width_pt * factor, height_pt * factor
        target = QRectF((target_w - w) / 2, (target_h - h) / 2, w, h)
        painter.drawImage(target, image)
    finally:
        painter.restore()
