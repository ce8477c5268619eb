"""Exporting the whole ledger as the workbook of LEDGER_FORMAT.md (import of it gives the data back).

The sheets are streamed (openpyxl's write-only mode) and laid out like the empty template
(:mod:`app.workbook.layout`): drop-downs on the code columns, ID columns as text, frozen header, widths and
print setup, so a station can go on keeping the exported file in Excel. The code lists too long for an
inline drop-down go on the hidden 代码表 sheet, last, which the importer skips.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.accounts.audit import release_full_ids
from app.core import excel
from app.core.idcard import mask_id
from app.workbook import station_sheet
from app.workbook.layout import TEXT_FORMAT, CodeSheet, prepare_sheet
from app.workbook.reader import check_destination, save_workbook
from app.workbook.report import Progress
from app.workbook.schema import CODES_SHEET, SHEETS, Column, Kind, Ref
from db.models import Employer, Household, Person, Vacancy

DATE_FORMAT = "yyyy-mm-dd"
PROGRESS_EVERY = 500


def _naturals() -> dict[Ref, dict[int, str]]:
    queries: dict[Ref, Any] = {
        Ref.PERSON: Person.select(Person.id, Person.id_number),
        Ref.HOUSEHOLD: Household.select(Household.id, Household.code),
        Ref.EMPLOYER: Employer.select(Employer.id, Employer.name),
        Ref.VACANCY: Vacancy.select(Vacancy.id, Vacancy.code),
    }
    return {ref: dict(q.tuples()) for ref, q in queries.items()}


def _is_id(col: Column) -> bool:
    return col.kind is Kind.ID or col.ref is Ref.PERSON


def export_workbook(
    path: Path, *, mask_ids: bool = False, progress: Progress | None = None
) -> dict[str, int]:
    """Write every sheet of the ledger to ``path``; rows written per sheet."""
    from app.core.excel import new_workbook

    path = Path(path)
    check_destination(path)
    if not mask_ids:
        release_full_ids("export", f"导出台账工作簿（完整身份证号）：{path.name}")
    naturals = _naturals()
    total = sum(s.model.select().count() for s in SHEETS)
    wb = new_workbook(write_only=True)
    try:
        codes_sheet = CodeSheet()
        counts = _write_sheets(wb, naturals, mask_ids, progress, total, codes_sheet)
        station_sheet.write_sheet(wb)  # the station's settings: not rows of a ledger, not counted
        if codes_sheet.lists:
            codes_sheet.write(wb.create_sheet(CODES_SHEET))
    except BaseException:
        for ws in wb.worksheets:  # close the write-only writers so nothing is left half open
            ws.close()
        raise
    if progress is not None:
        progress(total, total, "正在保存文件…")
    save_workbook(wb, path)
    return counts


def _write_sheets(
    wb: Any,
    naturals: dict[Ref, dict[int, str]],
    mask_ids: bool,
    progress: Progress | None,
    total: int,
    codes_sheet: CodeSheet,
) -> dict[str, int]:
    from openpyxl.cell import WriteOnlyCell

    done = 0
    counts: dict[str, int] = {}
    for sheet in SHEETS:
        text = f"正在导出 {sheet.name} 表…"
        if progress is not None:
            progress(done, total, text)
        ws = wb.create_sheet(sheet.name)
        prepare_sheet(ws, sheet, codes_sheet)
        model = sheet.model
        fields = [c.field for c in sheet.columns]
        query: Any = model.select(*(getattr(model, f) for f in fields)).order_by(model.id).tuples()
        n = 0
        for values in query:
            row: list[Any] = []
            for col, value in zip(sheet.columns, values, strict=True):
                if col.ref is not None:
                    value = naturals[col.ref].get(value, "") if value is not None else ""
                if _is_id(col):
                    if not value:
                        row.append(None)
                        continue
                    cell = WriteOnlyCell(ws, value=mask_id(value) if mask_ids else value)
                    if excel.needs_quote(cell.value):
                        excel.make_literal(cell)
                    cell.number_format = TEXT_FORMAT
                    row.append(cell)
                elif col.kind is Kind.DATE:
                    if value is None:
                        row.append(None)
                        continue
                    assert isinstance(value, dt.date)
                    cell = WriteOnlyCell(ws, value=value)
                    cell.number_format = DATE_FORMAT
                    row.append(cell)
                elif col.kind is Kind.YES_NO:
                    row.append(None if value is None else ("是" if value else "否"))
                else:
                    row.append(None if value == "" else excel.literal(ws, value))
            ws.append(row)
            n += 1
            done += 1
            if progress is not None and done % PROGRESS_EVERY == 0:
                progress(done, total, text)
        counts[sheet.name] = n
    return counts
