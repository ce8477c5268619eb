"""导出所选: the rows a list shows (as shown: IDs masked), written to an Excel sheet.

Every value is written as text, never as a formula; the file is written to a temporary name beside
the destination and renamed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from app.core.errors import UserError
from app.documents.xlsx_common import styles


def write_selection(
    path: Path | str, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]
) -> Path:
    """Write ``headers`` and ``rows`` (text as shown) to the .xlsx file ``path``; returns it."""
    from openpyxl import Workbook

    out = Path(path)
    st = styles()
    wb = Workbook()
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
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".xlsx", dir=out.parent)
        os.close(fd)
        try:
            wb.save(tmp)
            os.replace(tmp, out)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        raise UserError(
            f"无法写入 {out}：文件可能正在 Excel 中打开，或位置不可写，请关闭或换个位置后重试。"
        ) from exc
    return out
