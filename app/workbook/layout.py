"""How a ledger sheet looks in Excel, the same in the exported workbook and the empty template.

Everything follows the sheet's columns in :mod:`app.workbook.schema` (no column is named here):

- a header row (bold, required columns red) that wraps and stays frozen on screen;
- column widths: the schema's width, wide enough that a header takes at most two lines;
- the columns of ID numbers and references formatted as text (``@``) as a whole, so a row a user adds in
  Excel keeps all 18 digits and leading zeros;
- a drop-down (data validation list) on every code column, down to Excel's last row, so rows a user adds
  have it too: the values inline when they fit Excel's 255-character list formula, otherwise a reference
  to the hidden 代码表 sheet (:class:`CodeSheet`);
- print setup: A4 landscape, fit to the page width, the header row repeated on every page, page numbers
  (:func:`app.core.excel.print_setup`).

It works for normal and write-only (streamed) sheets alike: call :func:`prepare_sheet` before the first
row is appended.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from app.core import excel
from app.workbook.schema import CODES_SHEET, Column, Kind, Ref, Sheet

TEXT_FORMAT = "@"
LAST_ROW = 1_048_576  # Excel's last row: drop-downs cover the column down to it
# Excel refuses a list formula longer than 255 characters (the quotes included).
INLINE_LIST_LIMIT = 255
HEADER_LINES = 2
HEADER_HEIGHT = 30.0  # points: two lines of the default 11 pt type
YES_NO_LIST = "是/否"


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def display_width(text: str) -> int:
    """The width of ``text`` in Excel's character units (a CJK character counts two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_width(col: Column) -> float:
    """The schema's width, widened so that the header fits on :data:`HEADER_LINES` lines."""
    return float(max(col.width, math.ceil(display_width(col.header) / HEADER_LINES) + 2))


# Column-width characters a landscape A4 page prints at a scale still readable (about 60 %: some 130 at
# 100 % between the margins of excel.print_setup).
PRINT_CHARS_PER_PAGE = 215


def pages_wide(sheet: Sheet) -> int:
    """Pages across a printed sheet needs: one, unless fitting its columns on one would shrink the text
    below about 60 % (the 38 columns of 人员 print 3 pages across at about 75 %, not one at 25 %)."""
    return max(1, math.ceil(sum(column_width(c) for c in sheet.columns) / PRINT_CHARS_PER_PAGE))


def is_text_column(col: Column) -> bool:
    """ID numbers and references are text: Excel must not turn them into numbers."""
    return col.kind in (Kind.ID, Kind.REFERENCE) or col.ref is Ref.PERSON


def header_cells(ws: Any, sheet: Sheet) -> list[Any]:
    """The header row's cells: bold on a pale fill, required columns red, wrapped and centred."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    fill = PatternFill(start_color="FFDDEBF7", end_color="FFDDEBF7", fill_type="solid")
    required_font = Font(bold=True, color="FFC00000")
    align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    cells = []
    for col in sheet.columns:
        cell = WriteOnlyCell(ws, value=col.header)
        if excel.needs_quote(col.header):
            excel.make_literal(cell)
        cell.font = required_font if col.required else bold
        cell.fill = fill
        cell.alignment = align
        cells.append(cell)
    return cells


def inline_list(values: tuple[str, ...]) -> str | None:
    """``"a,b,c"`` for a list formula, or None when the values cannot be given inline (too long, or a
    value holds a comma or a quote)."""
    if any("," in v or '"' in v for v in values):
        return None
    formula = '"' + ",".join(values) + '"'
    return formula if len(formula) <= INLINE_LIST_LIMIT else None


@dataclass
class CodeSheet:
    """The hidden 代码表 sheet: the code lists too long for an inline drop-down, one column each."""

    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def source(self, name: str, values: tuple[str, ...]) -> str:
        """The list formula of a drop-down over ``values``: inline, or a range of this sheet."""
        inline = inline_list(values)
        if inline is not None:
            return inline
        self.lists.setdefault(name, values)
        index = list(self.lists).index(name) + 1
        letter = column_letter(index)
        return f"'{CODES_SHEET}'!${letter}$2:${letter}${len(self.lists[name]) + 1}"

    def rows(self) -> Iterator[list[str | None]]:
        """The sheet's rows: the list names, then the values side by side."""
        columns = list(self.lists.values())
        yield list(self.lists)
        for i in range(max((len(v) for v in columns), default=0)):
            yield [v[i] if i < len(v) else None for v in columns]

    def write(self, ws: Any) -> None:
        """Fill ``ws`` (empty, normal or write-only) with the lists and hide it."""
        for i, name in enumerate(self.lists, start=1):
            width = max(display_width(v) for v in (name, *self.lists[name]))
            ws.column_dimensions[column_letter(i)].width = max(10, width + 2)
        for row in self.rows():
            ws.append(excel.row(ws, row))
        ws.sheet_state = "hidden"


def validation(col: Column, codes_sheet: CodeSheet) -> Any:
    """The drop-down of a code column (not added to a sheet)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    assert col.codes is not None
    # Several values in one cell (认定类别) or accepted variants (取消原因 by its number): the drop-down
    # offers the values but does not refuse what it does not list; the importer checks.
    multi = col.kind is Kind.CODES or col.normalize is not None
    name = YES_NO_LIST if col.kind is Kind.YES_NO else col.codes.name
    return DataValidation(
        type="list",
        formula1=codes_sheet.source(name, col.codes.values),
        allow_blank=True,
        showDropDown=False,  # (sic) False shows the arrow
        showErrorMessage=not multi,
        errorTitle="不在可选值内",
        error=f"{col.header}可选：{col.codes.allowed_text()}",
        promptTitle=col.header,
        prompt="可填多个，用 、 分隔" if col.kind is Kind.CODES else "",
        showInputMessage=col.kind is Kind.CODES,
    )


def prepare_sheet(ws: Any, sheet: Sheet, codes_sheet: CodeSheet) -> None:
    """Widths, text columns, frozen and repeated header, print setup and drop-downs of ``ws``, then its
    header row (appended: ``ws`` must be empty)."""
    for i, col in enumerate(sheet.columns, start=1):
        letter = column_letter(i)
        dim = ws.column_dimensions[letter]
        dim.width = column_width(col)
        if is_text_column(col):
            dim.number_format = TEXT_FORMAT
        if col.codes is not None:
            dv = validation(col, codes_sheet)
            dv.add(f"{letter}2:{letter}{LAST_ROW}")
            ws.data_validations.append(dv)
    excel.print_setup(ws, landscape=True, title_rows="1:1", freeze="A2", pages_wide=pages_wide(sheet))
    ws.row_dimensions[1].height = HEADER_HEIGHT
    ws.append(header_cells(ws, sheet))
