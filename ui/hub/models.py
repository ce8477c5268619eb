"""Table models of the hub window: the generic row model with headers set per instance (the columns
depend on the month's tables or the standard's items) and late stations marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ui.models.station_table import Index, Row, RowTableModel

LATE_BACKGROUND = QColor("#fde2e1")
LATE_FOREGROUND = QColor("#a61b1b")


class HubTableModel(RowTableModel):
    """Rows of texts under headers given at :meth:`set_table`; rows whose payload says ``late`` are
    tinted red (a station that is late or has not sent)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = ()
        self.numeric_columns = frozenset()

    def set_table(self, headers: Sequence[str], rows: Sequence[Row], numeric_from: int = 0) -> None:
        self.beginResetModel()
        self.headers = tuple(headers)
        self.numeric_columns = (
            frozenset(range(numeric_from, len(self.headers))) if numeric_from else frozenset()
        )
        self._sort = None
        self.endResetModel()
        self.set_rows(rows)

    def is_late(self, row: int) -> bool:
        payload = self.payload(row)
        return bool(isinstance(payload, dict) and payload.get("late"))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole):
            if index.row() < self.rowCount() and self.is_late(index.row()):
                return QBrush(LATE_BACKGROUND if role == Qt.ItemDataRole.BackgroundRole else LATE_FOREGROUND)
            return None
        return super().data(index, role)
