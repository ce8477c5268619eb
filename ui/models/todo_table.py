"""The to-do list of the 工作台 (items of ``app.reminders``) on the generic table model, filtered by rule
and sorted inside the model (by default most urgent first, as ``app.reminders`` orders it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt

from app.workbench.reminders import RULES, TodoItem
from ui import theme
from ui.models.table_base import Column, TableModel

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}


def _when_color(item: TodoItem) -> str | None:
    if item.overdue:
        return theme.ERROR
    if item.days_left == 0:
        return theme.TODAY
    return None


# Sort key of each column; ties keep the urgency order. 到期 and 到期日 sort by urgency itself (overdue
# first, then by due date, the undated last).
COLUMNS: tuple[Column[TodoItem], ...] = (
    Column("到期", lambda i: i.when_text, key=TodoItem.sort_key, align="", foreground=_when_color),
    Column("到期日", lambda i: i.due.isoformat() if i.due else "", key=TodoItem.sort_key, align=""),
    Column("类别", lambda i: i.rule_title, key=lambda i: (_RULE_ORDER[i.rule], i.sort_key()), align=""),
    Column("事项", lambda i: i.text, key=lambda i: (i.text, i.sort_key()), align=""),
)
HEADERS = tuple(c.title for c in COLUMNS)


class TodoTableModel(TableModel[TodoItem]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, None, parent)
        self._all: list[TodoItem] = []
        self._rule = ""
        self._sort = (0, Qt.SortOrder.AscendingOrder)

    def set_items(self, items: Sequence[TodoItem]) -> None:
        self._all = list(items)
        self._show()

    def set_rule(self, rule: str) -> None:
        """Show only ``rule`` ('' = every rule)."""
        if rule and rule not in RULES:
            raise ValueError(rule)
        self._rule = rule
        self._show()

    def _show(self) -> None:
        self.set_rows([i for i in self._all if i.rule == self._rule] if self._rule else self._all)

    def item(self, row: int) -> TodoItem | None:
        return self.row(row)

    def total(self) -> int:
        return len(self._all)
