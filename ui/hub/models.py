"""The hub window's table model: rows of texts on the generic table base, with headers given per table
(the columns depend on the month's tables or the standard's items) and late stations marked."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from ui import theme
from ui.models.station_table import Row, row_columns
from ui.models.table_base import TableModel


def _late(row: Row) -> bool:
    return isinstance(row.payload, dict) and bool(row.payload.get("late"))


def _late_background(row: Row) -> str | None:
    return theme.WARNING_BACKGROUND if _late(row) else None


def _late_foreground(row: Row) -> str | None:
    return theme.ERROR if _late(row) else None


class HubTableModel(TableModel[Row]):
    """Rows of texts under the headers given to :meth:`set_table`; a row whose payload says ``late`` (a
    station that is late or has not sent) is tinted red."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__((), None, parent)

    def set_table(
        self,
        headers: Sequence[str],
        rows: Sequence[Row],
        numeric_from: int = 0,
        header_tips: Sequence[str] = (),
    ) -> None:
        numeric = frozenset(range(numeric_from, len(headers))) if numeric_from else frozenset()
        columns = [
            dataclasses.replace(c, background=_late_background, foreground=_late_foreground)
            for c in row_columns(tuple(headers), tuple(header_tips), numeric)
        ]
        self.set_columns(columns, rows)

    def payload(self, row: int) -> Any:
        item = self.row(row)
        return item.payload if item is not None else None

    def is_late(self, row: int) -> bool:
        item = self.row(row)
        return item is not None and _late(item)
