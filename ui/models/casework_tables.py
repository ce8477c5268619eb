"""Table models of the 重点人员帮扶 page: the key-group list (sorted inside the model), a person's
timeline and plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.casework import KeyPersonRow, TimelineEntry
from db.models import ServicePlan

AnyIndex = QModelIndex | QPersistentModelIndex


class _ListModel(QAbstractTableModel):
    """Rows of objects under fixed headers; ``columns`` gives each column's text of a row."""

    headers: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def columns(self) -> tuple[Callable[[Any], str], ...]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if 0 <= row < len(self._rows) and 0 <= col < len(self.headers):
            return self.columns()[col](self._rows[row])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return str(section + 1)


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class KeyGroupModel(_ListModel):
    headers = ("姓名", "身份证号", "联系电话", "状态", "最近联系", "下次到期", "待办", "服务计划")

    def columns(self) -> tuple[Callable[[Any], str], ...]:
        return (
            lambda r: r.name,
            lambda r: r.masked_id,
            lambda r: r.phone,
            lambda r: r.status,
            lambda r: _d(r.last_contact) or "从未联系",
            lambda r: _d(r.next_due),
            lambda r: r.next_due_text,
            lambda r: r.plan,
        )

    _SORT_KEYS: tuple[Callable[[KeyPersonRow], Any], ...] = (
        lambda r: r.name,
        lambda r: r.masked_id,
        lambda r: r.phone,
        lambda r: r.status,
        lambda r: r.last_contact or dt.date.min,
        lambda r: r.next_due or dt.date.max,
        lambda r: r.next_due_text,
        lambda r: r.plan,
    )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._SORT_KEYS):
            return
        self.layoutAboutToBeChanged.emit()
        key = self._SORT_KEYS[column]
        self._rows.sort(key=lambda r: (key(r), r.person_id), reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()

    def person_id(self, row: int) -> int | None:
        r = self.row_object(row)
        return r.person_id if r is not None else None

    def row_of_person(self, person_id: int) -> int | None:
        for i, r in enumerate(self._rows):
            if r.person_id == person_id:
                return i
        return None


class TimelineModel(_ListModel):
    headers = ("日期", "类别", "事项", "详情")

    def columns(self) -> tuple[Callable[[Any], str], ...]:
        return (lambda e: e.date.isoformat(), lambda e: e.category, lambda e: e.title, lambda e: e.detail)

    def entry(self, row: int) -> TimelineEntry | None:
        return self.row_object(row)


class PlanModel(_ListModel):
    headers = ("制定日期", "帮扶等级", "帮扶目标", "帮扶措施", "责任人", "复核日期")

    def columns(self) -> tuple[Callable[[Any], str], ...]:
        return (
            lambda p: _d(p.made_on),
            lambda p: p.level,
            lambda p: p.goal,
            lambda p: p.measures,
            lambda p: p.responsible,
            lambda p: _d(p.review_on),
        )

    def plan(self, row: int) -> ServicePlan | None:
        return self.row_object(row)
