"""Every cell this program writes to Excel goes through here: text stays text.

openpyxl turns any string that starts with ``=`` into a formula (and ``#N/A`` and friends into error
values); Excel re-reads a text that starts with ``+``, ``-``, ``@`` or a tab as a formula as soon as the
cell is edited. A name typed as ``=HYPERLINK(...)`` or ``=cmd|' /C calc'!A0`` would run on the machine
of whoever opens the file. So a text cell is written as a string cell (``t="s"``/inline) with Excel's
“quote prefix” set (the leading apostrophe Excel shows for text typed as ``'=...``): it is shown and
re-saved as the text it is. This program writes no formula anywhere.

- :func:`literal` / :func:`row` for write-only sheets (cells are streamed, there is no later sweep);
- :func:`set_value` for normal sheets;
- :func:`print_setup` — A4, fit to the page width, header rows repeated, page numbers (every sheet meant
  to be printed: the documents' tables and the ledger workbook);
- :func:`save_workbook` — the one save of a workbook: it sweeps a normal workbook (any text cell that
  openpyxl made a formula or an error becomes literal) and writes it atomically (:mod:`app.core.files`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from app.core.files import atomic_write
from app.core.validators import MAX_TEXT

# A text starting with one of these is a formula (or becomes one when edited) in a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The text limit of one Excel cell: a longer text is cut by Excel and openpyxl, so it is refused where it
# would enter the data file (:data:`app.core.validators.MAX_TEXT`).
MAX_CELL_TEXT = MAX_TEXT
PAPER_A4 = "9"


def needs_quote(value: object) -> bool:
    """Whether a value written as is would not stay plain text (a formula, an error value)."""
    if not isinstance(value, str) or not value:
        return False
    return value.startswith(FORMULA_STARTS) or (value.startswith("#") and _is_error_code(value))


def _is_error_code(value: str) -> bool:
    from openpyxl.cell.cell import ERROR_CODES

    return value in ERROR_CODES


def make_literal(cell: Any) -> Any:
    """Force ``cell`` (whose value is a text) to be a plain string cell shown as typed."""
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def literal(ws: Any, value: object) -> Any:
    """``value`` as it may be appended to a write-only sheet: unchanged, or a literal text cell."""
    if not needs_quote(value):
        return value
    from openpyxl.cell import WriteOnlyCell

    return make_literal(WriteOnlyCell(ws, value=value))


def row(ws: Any, values: Iterable[object]) -> list[Any]:
    """A row for ``ws.append`` in which no text can become a formula."""
    return [literal(ws, v) if isinstance(v, str) else v for v in values]


def set_value(cell: Any, value: object) -> Any:
    """``cell.value = value``, text kept literal (normal, not write-only, sheets)."""
    cell.value = value
    if needs_quote(value):
        make_literal(cell)
    return cell


def print_setup(ws: Any, *, landscape: bool, title_rows: str, freeze: str, pages_wide: int = 1) -> None:
    """A4, fit to ``pages_wide`` pages across (as many pages down as it takes), ``title_rows`` (e.g.
    ``"1:1"``) repeated on every printed page and frozen on screen above ``freeze``, “第 x 页 共 y 页” in
    the footer. For normal and write-only sheets (before the first row of a write-only sheet is
    appended)."""
    ws.freeze_panes = freeze
    ws.print_title_rows = title_rows
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = PAPER_A4
    ws.page_setup.fitToWidth = max(1, pages_wide)
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    # Inches; as in the PDFs, the right and bottom margins leave room for the stamp (>= 25 mm).
    ws.page_margins.left = 0.6
    ws.page_margins.right = 1.0
    ws.page_margins.top = 0.7
    ws.page_margins.bottom = 1.1
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


def sweep(wb: Any) -> int:
    """Make every formula or error cell of a normal workbook literal text; how many were changed."""
    changed = 0
    for ws in wb.worksheets:
        if not hasattr(ws, "iter_rows"):  # a chart sheet
            continue
        for cells in ws.iter_rows():
            for cell in cells:
                risky = cell.data_type in ("f", "e") or needs_quote(cell.value)
                if risky and isinstance(cell.value, str):
                    make_literal(cell)
                    changed += 1
    return changed


def save_workbook(
    wb: Any, dest: Path | str, *, action: str = "保存工作簿", make_folder: bool = False
) -> Path:
    """Save ``wb`` to ``dest`` atomically, every text cell literal (see the module's docstring)."""
    if not getattr(wb, "write_only", False):
        sweep(wb)
    dest = Path(dest)
    with atomic_write(dest, action=action, make_folder=make_folder) as tmp:
        _write(wb, tmp)
    return dest


def _utf8_worksheets() -> None:
    """Worksheets written in UTF-8. openpyxl writes them through lxml's ``xmlfile`` without an encoding,
    so every character outside ASCII becomes a character reference (``&#36523;``, 8 bytes where UTF-8
    takes 3): a station's ledger export unpacked to a third more XML than it needs, for Excel, WPS and the
    importer to parse. UTF-8 is XML's default encoding, so no declaration is needed."""
    from openpyxl.worksheet import _writer
    from openpyxl.xml import LXML

    if not LXML or getattr(_writer.xmlfile, "utf8", False):
        return
    from lxml.etree import xmlfile

    def utf8_xmlfile(output: Any, **options: Any) -> Any:
        options.setdefault("encoding", "utf-8")
        return xmlfile(output, **options)

    utf8_xmlfile.utf8 = True  # type: ignore[attr-defined]
    _writer.xmlfile = utf8_xmlfile


def new_workbook(*, write_only: bool = False) -> Any:
    """A new openpyxl workbook whose sheets are written in UTF-8 (:func:`_utf8_worksheets`; a write-only
    sheet writes its rows as they are appended, so this is done before the first sheet exists)."""
    from openpyxl import Workbook

    _utf8_worksheets()
    return Workbook(write_only=write_only)


def _write(wb: Any, path: Path) -> None:
    """``wb.save(path)``, but a failure (a full disk) leaves no open zip file or half-closed write-only
    sheet behind, whose clean-up would print tracebacks when the garbage collector meets them."""
    import datetime as dt
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    _utf8_worksheets()
    if wb.write_only and not wb.worksheets:
        wb.create_sheet()
    archive = zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    try:
        wb.properties.modified = dt.datetime.now(tz=dt.UTC).replace(tzinfo=None)
        ExcelWriter(wb, archive).save()
    except BaseException:
        for ws in wb.worksheets:
            if getattr(ws, "closed", True) is False:
                with contextlib.suppress(Exception):
                    ws.close()
        with contextlib.suppress(Exception):
            archive.close()
        raise
