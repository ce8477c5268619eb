"""Excel export of the vacancies (岗位): the 岗位 sheet's columns plus 缺少要素, formatted for print."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app.core import excel
from app.core.excel import new_workbook
from app.jobs.vacancies import VacancyRow, list_vacancies

SHEET = "岗位"
# (header, width in characters, value of a row); the 岗位 sheet of LEDGER_FORMAT.md, then 缺少要素.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("岗位编号", 12),
    ("单位名称", 24),
    ("岗位名称", 14),
    ("岗位类型", 10),
    ("招聘人数", 8),
    ("工作时间", 16),
    ("招聘要求", 30),
    ("薪酬待遇", 16),
    ("薪酬下限", 9),
    ("薪酬上限", 9),
    ("联系人", 9),
    ("联系电话", 14),
    ("工作地点", 16),
    ("收集日期", 11),
    ("收集方式", 10),
    ("发布渠道", 14),
    ("有效期至", 11),
    ("状态", 8),
    ("缺少要素", 20),
)
DATE_FORMAT = "yyyy-mm-dd"


def _values(r: VacancyRow) -> list[object]:
    return [
        r.code,
        r.employer_name,
        r.title,
        r.kind,
        r.headcount,
        r.hours,
        r.requirements,
        r.pay_text,
        r.pay_min,
        r.pay_max,
        r.contact,
        r.phone,
        r.location,
        r.collected_on,
        r.collect_method,
        r.channels,
        r.valid_until,
        r.status,
        "、".join(r.missing),
    ]


def export_vacancies(path: Path | str, only_open: bool = True, today: dt.date | None = None) -> int:
    """Write the vacancies (only the open ones on ``today`` unless ``only_open`` is False) to an .xlsx
    workbook at ``path``: frozen header, column widths, A4 landscape print setup. Returns the row count."""
    day = today or dt.date.today()
    rows = list_vacancies(today=day, only_open=only_open)
    rows.sort(key=lambda r: (r.code, r.id))
    wb = new_workbook()
    ws = wb.active
    ws.title = SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    thin = Side(style="thin", color="888888")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append([h for h, _w in COLUMNS])
    for col, (_h, width) in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=col)
        cell.font = bold
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    date_cols = {i + 1 for i, (h, _w) in enumerate(COLUMNS) if h in ("收集日期", "有效期至")}
    missing_col = len(COLUMNS)
    warn = Font(color="C00000")
    for r in rows:
        ws.append(_values(r))
        n = ws.max_row
        for col in range(1, len(COLUMNS) + 1):
            cell = ws.cell(row=n, column=col)
            cell.border = border
            cell.alignment = wrap
            if col in date_cols:
                cell.number_format = DATE_FORMAT
        if r.missing:
            ws.cell(row=n, column=missing_col).font = warn
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    excel.save_workbook(wb, Path(path), make_folder=True)  # text literal, never a formula; atomic
    return len(rows)
