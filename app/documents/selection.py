"""导出所选: the rows a list shows (as shown: IDs masked), written to an Excel sheet.

Every value is written as text, never as a formula; the file is written to a temporary name beside
the destination and renamed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from app.documents.xlsx_common import save, styles


def write_selection(
    path: Path | str, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> Path:
    """Write ``headers`` and ``rows`` (text as shown) to the .xlsx file ``path``; returns it."""
    from app.core.excel import new_workbook

    out = Path(path)
    st = styles()
    wb = new_workbook()
    ws = wb.active
    ws.title = (title or "所选")[:31]
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = st["bold"]
        cell.fill = st["fill"]
    for values in rows:
        ws.append([None if v == "" else str(v) for v in values])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a text starting with = stays text
                cell.number_format = "@"
    for i, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(r[i - 1])) for r in rows[:200] if i - 1 < len(r))])
        ws.column_dimensions[ws.cell(1, i).column_letter].width = min(max(8, longest * 2 + 2), 40)
    ws.freeze_panes = "A2"
    return save(wb, out)  # the one atomic, formula-free workbook save
