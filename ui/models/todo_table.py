"""The to-do list of the 工作台 (items of ``app.reminders``), filtered by rule inside the model."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.reminders import RULES, TodoItem

AnyIndex = QModelIndex | QPersistentModelIndex
HEADERS = ("到期", "到期日", "类别", "事项")
OVERDUE_COLOR = QColor("#c62828")
TODAY_COLOR = QColor("#b26a00")


class TodoTableModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._all: list[TodoItem] = []
        self._rows: list[TodoItem] = []
        self._rule = ""

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
        return [i for i in self._all if i.rule == self._rule] if self._rule else list(self._all)

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
