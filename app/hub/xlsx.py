"""``hub report --month M --xlsx F``: the monthly statistics in the upper level's table shapes
(REAL_LEDGERS.md), one sheet per table — title, the hub and the month, 序号 / 统计用区划代码 / 站点 and the
table's columns, one row per station, a 合计 row — A4 landscape, fit to width, header repeated."""

from __future__ import annotations

import tempfile
from pathlib import Path

from app.documents.xlsx_common import column_letter, print_setup, save
from app.documents.xlsx_common import styles as xstyles
from app.hub.reports import MonthReport
from app.upward import tables as t


def write_month_xlsx(report: MonthReport, path: Path | str, hub_name: str) -> Path:
    from app.core.excel import new_workbook

    st = xstyles()
    wb = new_workbook()
    wb.remove(wb.active)
    for table in t.MONTHLY_TABLES:
        ws = wb.create_sheet(table.title[:31].replace("/", "／"))
        headers = ["序号", "统计用区划代码", "站点", *[label for _p, label in table.columns]]
        last = column_letter(len(headers))
        ws.merge_cells(f"A1:{last}1")
        ws["A1"] = table.title
        ws["A1"].font = st["title"]
        ws["A1"].alignment = st["center"]
        ws.merge_cells(f"A2:{last}2")
        ws["A2"] = f"填报单位：{hub_name}　　统计期：{report.title.removesuffix(' 月度统计')}　　单位：人"
        ws["A2"].alignment = st["center"]
        for col, h in enumerate(headers, start=1):
            c = ws.cell(row=3, column=col, value=h)
            c.font, c.fill, c.border, c.alignment = st["bold"], st["fill"], st["border"], st["center"]
            ws.column_dimensions[column_letter(col)].width = (
                6 if col == 1 else 16 if col == 2 else 22 if col == 3 else 11
            )
        ws.row_dimensions[3].height = 48
        row = 4
        for n, s in enumerate(report.stations, start=1):
            # The code is text (never a number Excel would round).
            cells = [
                n,
                s["code"],
                s["name"],
                *[s["values"].get(p, 0) if s["values"] else None for p, _l in table.columns],
            ]
            for col, v in enumerate(cells, start=1):
                c = ws.cell(row=row, column=col, value=v)
                c.border = st["border"]
                if col == 2:
                    c.number_format = "@"
            row += 1
        total = ["", "", "合计", *[report.totals.get(p, 0) for p, _l in table.columns]]
        for col, v in enumerate(total, start=1):
            c = ws.cell(row=row, column=col, value=v)
            c.border, c.font = st["border"], st["bold"]
        row += 2
        ws.cell(row=row, column=1, value="填报人：")
        ws.cell(row=row, column=4, value="审核人：")
        ws.cell(row=row, column=7 if len(headers) >= 7 else len(headers), value="填报日期：")
        print_setup(ws, landscape=True, title_rows="1:3", freeze="D4")
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        dir=out.parent, prefix=out.name + ".", suffix=".part.xlsx", delete=False
    ) as fh:
        tmp = Path(fh.name)
    try:
        save(wb, tmp)
        tmp.replace(out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return out
