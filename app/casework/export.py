"""Excel export of the service records (服务记录) as filtered in the window: the 服务记录 sheet's
columns of LEDGER_FORMAT.md plus 姓名, ready to print or to import back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

from app.accounts.audit import release_full_ids
from app.casework import ServiceFilter, count_services, service_where
from app.core import excel
from app.core.excel import new_workbook
from app.core.idcard import mask_id
from app.core.sql import query, to_date

SHEET = "服务记录"
COLUMNS: tuple[tuple[str, int], ...] = (
    ("身份证号", 21),
    ("姓名", 10),
    ("服务日期", 12),
    ("服务类型", 13),
    ("服务方式", 9),
    ("服务内容", 40),
    ("服务结果", 20),
    ("经办人", 10),
    ("下次跟进日期", 13),
)
DATE_FORMAT = "yyyy-mm-dd"
Progress = Callable[[int, int, str], None]


def export_services(
    path: Path | str,
    flt: ServiceFilter | None = None,
    *,
    mask_ids: bool = False,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the services matching ``flt`` (oldest first) to an .xlsx workbook; the row count."""
    flt = flt or ServiceFilter()
    if not mask_ids:
        release_full_ids("export", f"导出服务记录（完整身份证号）：{Path(path).name}")
    day = today or dt.date.today()
    total = count_services(flt, day)
    where, args = service_where(flt, day)
    wb = new_workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    for i, (_h, width) in enumerate(COLUMNS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    head_font = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    header = []
    for title, _w in COLUMNS:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = head_font
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    ws.append(header)
    rows = query(
        "SELECT p.id_number, p.name, s.served_on, s.kind, s.mode, s.content, s.result, s.staff, "
        "s.next_follow_up FROM service s JOIN person p ON p.id = s.person_id"
        f"{where} ORDER BY s.served_on, s.id",
        args,
    )
    n = 0
    for idn, name, served, kind, mode, content, result, staff, follow in rows:
        values: list[object] = [
            mask_id(idn) if mask_ids else idn,
            name,
            to_date(served),
            kind,
            mode,
            content,
            result,
            staff,
            to_date(follow),
        ]
        cells = []
        for v in values:
            cell = WriteOnlyCell(ws, value=v)
            if excel.needs_quote(v):
                excel.make_literal(cell)  # a text is never a formula
            if isinstance(v, dt.date):
                cell.number_format = DATE_FORMAT
            cells.append(cell)
        ws.append(cells)
        n += 1
        if progress is not None and n % 2000 == 0:
            progress(n, total, "正在写入服务记录…")
    excel.save_workbook(wb, Path(path), make_folder=True)
    if progress is not None:
        progress(total, total, "已完成")
    return n
