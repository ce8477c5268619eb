"""The 服务记录 list: filtered and sorted in SQL (``app.casework.list_services``), fetched in pages as
the view scrolls (``canFetchMore`` / ``fetchMore``), so 200,000 records open at once."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app import casework
from app.casework import SERVICE_COLUMNS, ServiceFilter, ServiceRow

AnyIndex = QModelIndex | QPersistentModelIndex
PAGE = 500


class ServicesTableModel(QAbstractTableModel):
    def __init__(self, parent=None, page: int = PAGE) -> None:
        super().__init__(parent)
        self.page = page
        self.filter = ServiceFilter()
        self.sort_key = "served_on"
        self.descending = True
        self.today: dt.date | None = None
        self._rows: list[ServiceRow] = []
        self._total = 0

    # ------------------------------------------------------------------ loading

    def load(self, flt: ServiceFilter | None = None, today: dt.date | None = None) -> None:
        """Re-run the query (new filter, or the same after a change) and show its first page."""
        if flt is not None:
            self.filter = flt
        if today is not None:
            self.today = today
        self.beginResetModel()
        self._total = casework.count_services(self.filter, self.today)
        self._rows = casework.list_services(
            self.filter, self.sort_key, self.descending, self.page, 0, self.today
        )
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = casework.list_services(
            self.filter, self.sort_key, self.descending, self.page, len(self._rows), self.today
        )
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SERVICE_COLUMNS):
            return
        self.sort_key = SERVICE_COLUMNS[column][0]
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.load()

    # ------------------------------------------------------------------ access

    def row(self, row: int) -> ServiceRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of_service(self, service_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.id == service_id:
                return i
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SERVICE_COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if 0 <= row < len(self._rows) and 0 <= col < len(SERVICE_COLUMNS):
            return self._rows[row].texts()[col]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return SERVICE_COLUMNS[section][1] if 0 <= section < len(SERVICE_COLUMNS) else None
        return str(section + 1)
