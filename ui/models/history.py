"""Small read-only table models for the person form's history tabs and the household view.

Each row is (record id, display texts). These lists are a handful of rows per person, so they are
simply reset on every change.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

AnyIndex = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Rows of texts under fixed Chinese headers, each row carrying the id of its record."""

    def __init__(self, headers: Sequence[str], parent=None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        self._ids: list[int] = []
        self._rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[tuple[int, Sequence[object]]]) -> None:
        self.beginResetModel()
        self._ids = [rid for rid, _ in rows]
        self._rows = [tuple("" if v is None else str(v) for v in texts) for _, texts in rows]
        self.endResetModel()

    def record_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def text(self, row: int, column: int) -> str:
        return self._rows[row][column]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row, col = index.row(), index.column()
        if 0 <= row < len(self._rows) and 0 <= col < len(self._headers):
            return self._rows[row][col]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if 0 <= section < len(self._headers) else None
        return str(section + 1)
