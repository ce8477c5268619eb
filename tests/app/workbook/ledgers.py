"""Real-shape ledger workbooks (REAL_LEDGERS.md) built with openpyxl: a title merged across the
columns, a second line with the station and date, a header of one or two rows (a group heading merged
over its columns, the other headers merged down over both rows), a 序号 column first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

Header = str | tuple[str, Sequence[str]]  # a column, or (group heading, its columns)


def flat(headers: Sequence[Header]) -> list[str]:
    out: list[str] = []
    for h in headers:
        if isinstance(h, tuple):
            out.extend(h[1])
        else:
            out.append(h)
    return out


def real_ledger(
    path: Path,
    title: str,
    headers: Sequence[Header],
    rows: Sequence[Sequence[Any]],
    *,
    sheet: str = "Sheet1",
    subtitle: str | None = "填报单位：XX社区就业服务站      填报日期：2024年10月8日",
    numbered: bool = True,
) -> Path:
    """Rows are the values of the flat columns (without 序号); returns ``path``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    columns: list[Header] = (["序号"] if numbered else []) + list(headers)
    width = len(flat(columns))
    last = get_column_letter(width)
    ws.append([title])
    ws.merge_cells(f"A1:{last}1")
    top = 2
    if subtitle is not None:
        ws.append([subtitle])
        ws.merge_cells(f"A2:{last}2")
        top = 3
    grouped = any(isinstance(h, tuple) for h in columns)
    upper: list[Any] = []
    lower: list[Any] = []
    merges: list[str] = []
    for h in columns:
        col = len(upper) + 1
        if isinstance(h, tuple):
            group, subs = h
            upper.extend([group] + [None] * (len(subs) - 1))
            lower.extend(subs)
            merges.append(f"{get_column_letter(col)}{top}:{get_column_letter(col + len(subs) - 1)}{top}")
        else:
            upper.append(h)
            lower.append(None)
            if grouped:
                merges.append(f"{get_column_letter(col)}{top}:{get_column_letter(col)}{top + 1}")
    ws.append(upper)
    if grouped:
        ws.append(lower)
    for ref in merges:
        ws.merge_cells(ref)
    for i, row in enumerate(rows, start=1):
        ws.append(([i] if numbered else []) + list(row))
    wb.save(path)
    return path


def data_row(sheet_top: int, grouped: bool, subtitle: bool = True) -> int:
    """The Excel row number of the first data row."""
    return sheet_top + (1 if subtitle else 0) + (2 if grouped else 1)
