"""The 服务记录 list on the generic paged table model: filtered and sorted in SQL
(``app.casework.list_services``), fetched in pages as the view scrolls, so 200,000 records open at
once."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from app import casework
from app.casework import SERVICE_COLUMNS, ServiceFilter, ServiceRow
from ui.models.table_base import Column, PagedTableModel

PAGE = 500


def _column(i: int, title: str) -> Column[ServiceRow]:
    return Column(title, lambda r: r.texts()[i], align="")


COLUMNS: tuple[Column[ServiceRow], ...] = tuple(
    _column(i, title) for i, (_k, title, _e) in enumerate(SERVICE_COLUMNS)
)


class ServicesTableModel(PagedTableModel[ServiceRow]):
    def __init__(self, parent: Any = None, page: int = PAGE) -> None:
        super().__init__(COLUMNS, self._query, self._count, lambda r: r.id, parent, page)
        self.filter = ServiceFilter()
        self.today: dt.date | None = None
        self._sort = (0, Qt.SortOrder.DescendingOrder)  # newest first

    @property
    def sort_key(self) -> str:
        return SERVICE_COLUMNS[self._sort[0] if self._sort else 0][0]

    @property
    def descending(self) -> bool:
        return self._sort is None or self._sort[1] == Qt.SortOrder.DescendingOrder

    def load(self, flt: ServiceFilter | None = None, today: dt.date | None = None) -> None:
        """Re-run the query (new filter, or the same after a change) and show its first page."""
        if flt is not None:
            self.filter = flt
        if today is not None:
            self.today = today
        super().load()

    def _query(self, limit: int, offset: int) -> list[ServiceRow]:
        return casework.list_services(self.filter, self.sort_key, self.descending, limit, offset, self.today)

    def _count(self) -> int:
        return casework.count_services(self.filter, self.today)

    def row_of_service(self, service_id: int) -> int | None:
        return self.row_of_id(service_id)
