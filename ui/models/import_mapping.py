"""The import dialog's mapping step: each source column and the field it fills, and the first rows of
an app sheet as they will be stored."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ui.models.station_table import Row, RowTableModel, row_columns
from ui.models.table_base import TableModel


class ColumnMatchModel(RowTableModel):
    """工作表 / 列 / 对应 / 方式 of every column of the recognised sheets."""

    headers = ("工作表", "列", "对应", "方式")

    def set_sheets(self, sheets: Iterable[Any]) -> None:
        rows = []
        for sheet in sheets:
            for i, match in enumerate(sheet.columns):
                target = f"{match.target[0]}:{match.target[1]}" if match.target else "—"
                how = match.how + (f"（{match.note}）" if match.note else "")
                rows.append(
                    Row(
                        texts=(sheet.name, match.label, target, how),
                        keys=(sheet.name, i, target, how),
                        payload=match,
                    )
                )
        self.set_rows(rows)


class SampleTableModel(TableModel[Row]):
    """The first rows of one app sheet as they will be stored (a refused cell says why)."""

    def __init__(self, headers: Sequence[str] = (), parent: Any = None) -> None:
        super().__init__(row_columns(("行", *headers), numeric=frozenset({0})), None, parent)

    def set_sample(self, rows: Sequence[tuple[int, Sequence[Any]]]) -> None:
        out = []
        for number, cells in rows:
            texts = [str(number)]
            tips = [""]
            for cell in cells:
                value = "" if cell.value is None else str(cell.value)
                texts.append(f"⚠ {value}" if cell.error else value)
                tips.append(cell.error)
            out.append(Row(texts=tuple(texts), keys=(number, *texts[1:]), tooltips=tuple(tips)))
        self.set_rows(out)
