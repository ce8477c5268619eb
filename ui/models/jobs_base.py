"""The table model every list of the 岗位与匹配 page uses: rows of app objects (dataclasses) under
declared columns, sorted inside the model (never a proxy), with colours and tooltips per cell.

A column says how to show a row (text, sort key, colours, tooltip); the model keeps the rows in the
current sort order and maps persistent indexes (the selection) to the same record after a sort. The
rows come from one query in ``app/`` each time the filters change (the filtering is SQL there).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id of the row
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2  # True: draw the cell as a badge (ui.models.jobs_delegates)
SCORE_ROLE = Qt.ItemDataRole.UserRole + 3  # int: draw the cell as a score bar

RED = "#c62828"
GREEN = "#2e7d32"
ORANGE = "#d35400"
GREY = "#8a94a3"
BLUE = "#1f6feb"
EXPIRED_BACKGROUND = "#fdf0ef"
OVERDUE_BACKGROUND = "#fff4e5"

_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)


def _none(_row: Any) -> None:
    return None


@dataclass(frozen=True)
class Column(Generic[T]):
    """How one column shows a row of type T."""

    title: str
    text: Callable[[T], str]
    key: Callable[[T], Any] | None = None  # sort key (default: the text); None values sort last
    align: str = "left"  # left / right / center
    foreground: Callable[[T], str | None] = _none
    background: Callable[[T], str | None] = _none
    tooltip: Callable[[T], str | None] = _none
    badge: bool = False  # drawn as a rounded badge in the foreground colour
    score: bool = False  # drawn as a score bar (the sort key is the score)
    sample: str = ""  # typical text, for the initial width
    header_tip: str = ""


class ListTableModel(QAbstractTableModel, Generic[T]):
    """Read-only rows of ``T`` under ``columns``; sorting inside the model."""

    def __init__(self, columns: Sequence[Column[T]], row_id: Callable[[T], int], parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: tuple[Column[T], ...] = tuple(columns)
        self._row_id = row_id
        self._rows: list[T] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ------------------------------------------------------------------ rows

    def set_rows(self, rows: Iterable[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_id(self, row: int) -> int | None:
        item = self.row(row)
        return self._row_id(item) if item is not None else None

    def row_of_id(self, record_id: int) -> int | None:
        for i, item in enumerate(self._rows):
            if self._row_id(item) == record_id:
                return i
        return None

    def column_of(self, title: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.title == title)

    def text(self, row: int, title: str) -> str:
        item = self.row(row)
        return self.columns[self.column_of(title)].text(item) if item is not None else ""

    # ------------------------------------------------------------------ Qt interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, c = index.row(), index.column()
        if not (0 <= r < len(self._rows) and 0 <= c < len(self.columns)):
            return None
        item, col = self._rows[r], self.columns[c]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(item)
        if role == ID_ROLE:
            return self._row_id(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(item) or col.text(item) or None
        if role == Qt.ItemDataRole.ForegroundRole:
            color = col.foreground(item)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.BackgroundRole:
            color = col.background(item)
            return QColor(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return {"right": _RIGHT, "center": _CENTER}.get(col.align, _LEFT)
        if role == BADGE_ROLE:
            return col.badge or None
        if role == SCORE_ROLE:
            return col.key(item) if col.score and col.key is not None else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.columns[section].title
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.columns[section].header_tip or None
            return None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        n = len(self._rows)
        before = [self._row_id(self._rows[p.row()]) if 0 <= p.row() < n else None for p in persistent]
        self._sort = (column, order)
        self._sort_rows(column, order)
        if persistent:
            where = {self._row_id(item): i for i, item in enumerate(self._rows)}
            for p, rid in zip(persistent, before, strict=True):
                row = where.get(rid) if rid is not None else None
                self.changePersistentIndex(p, QModelIndex() if row is None else self.index(row, p.column()))
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        col = self.columns[column]
        key = col.key or col.text
        desc = order == Qt.SortOrder.DescendingOrder
        present = [r for r in self._rows if key(r) is not None]
        missing = [r for r in self._rows if key(r) is None]
        present.sort(key=key, reverse=desc)  # stable: ties keep the query's order
        self._rows = present + missing


class CheckableListModel(ListTableModel[T]):
    """A ListTableModel whose first column carries a check box per row (checked ids kept across
    sorting; cleared when the rows are replaced)."""

    checked_changed = Signal()

    def __init__(self, columns: Sequence[Column[T]], row_id: Callable[[T], int], parent: Any = None) -> None:
        super().__init__(columns, row_id, parent)
        self._checked: set[int] = set()

    def set_rows(self, rows: Iterable[T]) -> None:
        self._checked = set()
        super().set_rows(rows)
        self.checked_changed.emit()

    def checked_ids(self) -> list[int]:
        """The checked record ids, in the current row order."""
        return [self._row_id(r) for r in self._rows if self._row_id(r) in self._checked]

    def set_checked(self, record_id: int, on: bool) -> None:
        row = self.row_of_id(record_id)
        if row is None:
            return
        if on:
            self._checked.add(record_id)
        else:
            self._checked.discard(record_id)
        index = self.index(row, 0)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.checked_changed.emit()

    def check_first(self, n: int) -> None:
        """Check the first ``n`` rows only."""
        self._checked = {self._row_id(r) for r in self._rows[:n]}
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0), [Qt.ItemDataRole.CheckStateRole]
            )
        self.checked_changed.emit()

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole:
            if not index.isValid() or index.column() != 0 or not 0 <= index.row() < len(self._rows):
                return None
            on = self._row_id(self._rows[index.row()]) in self._checked
            return Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        item = self.row(index.row())
        if item is None:
            return False
        on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self.set_checked(self._row_id(item), on)
        return True
