"""A small read-only table model over a list of rows (station page, import report).

Each row carries its display texts, its sort keys and an optional payload (e.g. the record id).
Sorting happens inside the model (never a proxy); ``None`` sort keys go last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Row:
    texts: tuple[str, ...]
    keys: tuple[Any, ...]
    payload: Any = None
    tooltips: tuple[str, ...] = ()


class RowTableModel(QAbstractTableModel):
    """Rows of texts under fixed Chinese headers."""

    headers: tuple[str, ...] = ()
    header_tips: tuple[str, ...] = ()
    # Columns whose text is right-aligned (numbers).
    numeric_columns: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # --- data in -----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def row_at(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def payload(self, row: int) -> Any:
        item = self.row_at(row)
        return item.payload if item is not None else None

    # --- Qt model API --------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.headers):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.texts[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            if col < len(row.tooltips) and row.tooltips[col]:
                return row.tooltips[col]
            return row.texts[col] or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in self.numeric_columns:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return row.payload
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.ToolTipRole and horizontal and 0 <= section < len(self.header_tips):
            return self.header_tips[section]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.headers):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._sort_rows(column, order)
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        present = [r for r in self._rows if r.keys[column] is not None]
        missing = [r for r in self._rows if r.keys[column] is None]
        present.sort(key=lambda r: r.keys[column], reverse=order == Qt.SortOrder.DescendingOrder)
        self._rows = present + missing
