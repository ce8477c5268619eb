"""Small read-only tables for the person form's history tabs and the household view, on the generic
table model.

Each row is (record id, display texts). These lists are a handful of rows per person, so they are
simply reset on every change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ui.models.table_base import Column, TableModel

Record = tuple[int, tuple[str, ...]]


def _record_column(i: int, title: str) -> Column[Record]:
    return Column(title, lambda r: r[1][i], align="")


class RecordTableModel(TableModel[Record]):
    """Rows of texts under fixed Chinese headers, each row carrying the id of its record."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        columns = [_record_column(i, title) for i, title in enumerate(headers)]
        super().__init__(columns, lambda r: r[0], parent)

    def set_records(self, rows: Sequence[tuple[int, Sequence[object]]]) -> None:
        """(record id, cell values) per row; None shows as an empty cell."""
        self.set_rows((rid, tuple("" if v is None else str(v) for v in texts)) for rid, texts in rows)

    def record_id(self, row: int) -> int | None:
        item = self.row(row)
        return item[0] if item is not None else None
