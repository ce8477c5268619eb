"""Excel forms of the documents in the house style (see :mod:`app.jobs_export`): a title row, the
station and period, a bold shaded header, thin borders, column widths, frozen header, A4 print setup
with the header repeated and “第 &P 页 共 &N 页” in the footer.

Long tables (the ledgers) are written in openpyxl's write-only mode, which streams rows and keeps the
town's 50,000 rows fast and small in memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core import excel

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
HEADER_FILL = "DDEBF7"
PAPER_A4 = excel.PAPER_A4
CELL_STYLE = "台账单元格"
STYLED_ROWS = 5000  # above this, plain cells and printed grid lines (styling each cell is slow)


@dataclass(frozen=True)
class XColumn:
    header: str
    width: float
    kind: str = "text"  # text | int | date | id (kept as text, never a number)


def styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="888888")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "fill": PatternFill("solid", fgColor=HEADER_FILL),
        "bold": Font(bold=True),
        "title": Font(bold=True, size=14),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
        "wrap": Alignment(vertical="top", wrap_text=True),
        "right": Alignment(horizontal="right", vertical="top"),
    }


def cell_style() -> Any:
    """The bordered, top-aligned, wrapping body cell as one named style (cheaper than per-cell styles)."""
    from openpyxl.styles import NamedStyle

    st = styles()
    return NamedStyle(name=CELL_STYLE, border=st["border"], alignment=st["wrap"])


def print_setup(ws: Any, *, landscape: bool, title_rows: str, freeze: str) -> None:
    """A4, fit to the page width, the header rows repeated on every printed page, page numbers
    (:func:`app.core.excel.print_setup`, shared with the ledger workbook)."""
    excel.print_setup(ws, landscape=landscape, title_rows=title_rows, freeze=freeze)


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def save(wb: Any, path: Path | str) -> Path:
    """Save a document's workbook: every text literal (never a formula), atomically
    (:func:`app.core.excel.save_workbook`)."""
    return excel.save_workbook(wb, Path(path), make_folder=True)


@dataclass
class TableSheet:
    """One sheet of a long table: title, a line with station and period, header, rows."""

    name: str
    title: str
    subtitle: str
    columns: Sequence[XColumn]
    rows: Iterable[Sequence[object]]
    count: int = 0
    landscape: bool = True


def write_tables(
    path: Path | str,
    sheets: Sequence[TableSheet],
    *,
    progress: Callable[[int, int], None] | None = None,
    every: int = 1000,
) -> Path:
    """Write the sheets with openpyxl's write-only mode; ``progress(done, total)`` every ``every`` rows."""
    from openpyxl.cell import WriteOnlyCell

    from app.core.excel import new_workbook

    st = styles()
    wb = new_workbook(write_only=True)
    wb.add_named_style(cell_style())
    total = max(sum(s.count for s in sheets), 1)
    done = 0
    for sheet in sheets:
        ws = wb.create_sheet(sheet.name)
        for i, col in enumerate(sheet.columns, start=1):
            ws.column_dimensions[column_letter(i)].width = col.width
        print_setup(ws, landscape=sheet.landscape, title_rows="3:3", freeze="A4")
        title = WriteOnlyCell(ws, value=sheet.title)
        if excel.needs_quote(sheet.title):
            excel.make_literal(title)
        title.font = st["title"]
        ws.append([title])
        ws.append(excel.row(ws, [sheet.subtitle]))
        header = []
        for col in sheet.columns:
            cell = WriteOnlyCell(ws, value=col.header)
            cell.font = st["bold"]
            cell.fill = st["fill"]
            cell.border = st["border"]
            cell.alignment = st["center"]
            header.append(cell)
        ws.append(header)
        styled = sheet.count <= STYLED_ROWS
        if not styled:
            # Per-cell borders cost more than everything else at town scale: print the grid instead.
            ws.print_options.gridLines = True
        kinds = [c.kind for c in sheet.columns]
        for values in sheet.rows:
            row: list[Any] = []
            for kind, value in zip(kinds, values, strict=True):
                if value == "":
                    value = None
                if not styled and kind != "id":
                    row.append(excel.literal(ws, value))
                    continue
                cell = WriteOnlyCell(ws, value=value)
                if excel.needs_quote(value):
                    excel.make_literal(cell)
                if styled:
                    cell.style = CELL_STYLE
                if kind == "date" and isinstance(value, dt.date):
                    cell.number_format = DATE_FORMAT
                elif kind == "id":
                    cell.number_format = TEXT_FORMAT
                row.append(cell)
            ws.append(row)
            done += 1
            if progress is not None and done % every == 0:
                progress(min(done, total), total)
    if progress is not None:
        progress(total, total)
    return save(wb, path)
