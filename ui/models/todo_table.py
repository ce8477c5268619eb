"""The to-do list of the 工作台 (items of ``app.reminders``), filtered by rule and sorted inside the model
(by default most urgent first, as ``app.reminders`` orders it)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.workbench.reminders import RULES, TodoItem
from ui import theme

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}
# Sort key of each column; ties keep the urgency order. 到期 and 到期日 sort by urgency itself (overdue
# first, then by due date, the undated last).
_SORT_KEYS: tuple[Callable[[TodoItem], Any], ...] = (
    TodoItem.sort_key,
    TodoItem.sort_key,
    lambda i: (_RULE_ORDER[i.rule], i.sort_key()),
    lambda i: (i.text, i.sort_key()),
)

AnyIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("到期", "到期日", "类别", "事项")
OVERDUE_COLOR = theme.qcolor(theme.ERROR)
TODAY_COLOR = theme.qcolor(theme.TODAY)


class TodoTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[TodoItem] = []
        self._rows: list[TodoItem] = []
        self._rule = ""
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder

    def set_items(self, items: Sequence[TodoItem]) -> None:
        self.beginResetModel()
        self._all = list(items)
        self._rows = self._filtered()
        self.endResetModel()

    def set_rule(self, rule: str) -> None:
        """Show only ``rule`` ('' = every rule)."""
        if rule and rule not in RULES:
            raise ValueError(rule)
        self.beginResetModel()
        self._rule = rule
        self._rows = self._filtered()
        self.endResetModel()

    def _filtered(self) -> list[TodoItem]:
        rows = [i for i in self._all if i.rule == self._rule] if self._rule else list(self._all)
        rows.sort(key=_SORT_KEYS[self._sort_column], reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(HEADERS):
            return
        self.beginResetModel()
        self._sort_column, self._sort_order = column, order
        self._rows = self._filtered()
        self.endResetModel()

    def item(self, row: int) -> TodoItem | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def total(self) -> int:
        return len(self._all)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if col == 0:
                return item.when_text
            if col == 1:
                return item.due.isoformat() if item.due else ""
            if col == 2:
                return item.rule_title
            if col == 3:
                return item.text
            return None
        if role == Qt.ItemDataRole.ForegroundRole and col == 0:
            if item.overdue:
                return OVERDUE_COLOR
            if item.days_left == 0:
                return TODAY_COLOR
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return str(section + 1)
