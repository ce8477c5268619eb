"""Import results: the problem list of a rejected workbook and the per-sheet summary of a good one."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ui.models.station_table import Row, RowTableModel


class ProblemTableModel(RowTableModel):
    """Every problem of a rejected import: 工作表 / 行 / 列 / 值 / 问题."""

    headers = ("工作表", "行", "列", "值", "问题")
    numeric_columns = frozenset({1})

    def set_problems(self, problems: Iterable[Any]) -> None:
        rows = []
        for p in problems:
            rows.append(
                Row(
                    texts=(
                        p.sheet or "",
                        "" if p.row is None else str(p.row),
                        p.column or "",
                        p.value or "",
                        p.message,
                    ),
                    keys=(p.sheet or "", p.row, p.column or "", p.value or "", p.message),
                    payload=p,
                )
            )
        self.set_rows(rows)


class ImportSummaryModel(RowTableModel):
    """Per sheet of a good import: 工作表 / 新增 / 更新 / 未变 / 提示."""

    headers = ("工作表", "新增", "更新", "未变", "提示")
    numeric_columns = frozenset({1, 2, 3, 4})

    def set_summary(self, summary: Any) -> None:
        rows = []
        for name, r in summary.sheets.items():
            counts = (r.created, r.updated, r.unchanged, len(r.warnings))
            rows.append(Row(texts=(name, *(str(c) for c in counts)), keys=(name, *counts), payload=name))
        self.set_rows(rows)
