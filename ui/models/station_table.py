"""Rows of ready-made texts on the generic table model (station page, import report).

Each :class:`Row` carries its display texts, its sort keys and an optional payload (e.g. the record
id); the subclasses name their headers. Sorting is the base's (inside the model, ``None`` keys last).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ui.models.table_base import Column, TableModel


@dataclass(frozen=True)
class Row:
    texts: tuple[str, ...]
    keys: tuple[Any, ...]
    payload: Any = None
    tooltips: tuple[str, ...] = ()


def row_columns(
    headers: tuple[str, ...], header_tips: tuple[str, ...] = (), numeric: frozenset[int] = frozenset()
) -> tuple[Column[Row], ...]:
    """One column per header: the i-th text, sort key and tooltip of a row."""

    def column(i: int, title: str) -> Column[Row]:
        return Column(
            title,
            lambda r: r.texts[i],
            key=lambda r: r.keys[i],
            align="right" if i in numeric else "",
            tooltip=lambda r: r.tooltips[i] if i < len(r.tooltips) else None,
            header_tip=header_tips[i] if i < len(header_tips) else "",
        )

    return tuple(column(i, title) for i, title in enumerate(headers))


class RowTableModel(TableModel[Row]):
    """Rows of texts under fixed Chinese headers."""

    headers: tuple[str, ...] = ()
    header_tips: tuple[str, ...] = ()
    # Columns whose text is right-aligned (numbers).
    numeric_columns: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(row_columns(self.headers, self.header_tips, self.numeric_columns), None, parent)

    def row_at(self, row: int) -> Row | None:
        return self.row(row)

    def payload(self, row: int) -> Any:
        item = self.row(row)
        return item.payload if item is not None else None
