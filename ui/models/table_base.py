"""The one table-model base of the window: rows of app objects under columns declared as data.

A :class:`Column` says how to show a row (text, sort key, alignment, colours, tooltip, badge or score
cell); a :class:`TableModel` keeps the rows (fed by a query in ``app/``: the filtering is SQL or an
index there) in the current sort order and maps persistent indexes (the selection) to the same record
after a sort. Sorting happens inside the model, never in a proxy: by default over the rows in Python
(stable, ``None`` keys last); a model whose query sorts (SQL, the register index) overrides
:meth:`TableModel.sort_rows`. :class:`PagedTableModel` fetches its rows page by page as the view scrolls.
:class:`CheckableTableModel` adds a check box per row.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from ui import theme

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the record id of the row
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2  # True: draw the cell as a badge (ui.widgets.delegates)
SCORE_ROLE = Qt.ItemDataRole.UserRole + 3  # int: draw the cell as a score bar

_ALIGN = {
    "left": int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
    "right": int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
    "center": int(Qt.AlignmentFlag.AlignCenter),
}


def _none(_row: Any) -> None:
    return None


@dataclass(frozen=True)
class Column(Generic[T]):
    """How one column shows a row of type T."""

    title: str
    text: Callable[[T], str]
    key: Callable[[T], Any] | None = None  # sort key (default: the text); None values sort last
    align: str = "left"  # left / right / center; "" leaves the alignment to the view
    foreground: Callable[[T], str | QColor | None] = _none  # a theme colour
    background: Callable[[T], str | QColor | None] = _none
    tooltip: Callable[[T], str | None] = _none  # None: the text (see text_tip)
    text_tip: bool = True  # without a tooltip of its own, the cell's text is its tooltip
    badge: bool = False  # drawn as a rounded badge in the foreground colour
    score: bool = False  # drawn as a score bar (the sort key is the score)
    sample: str = ""  # typical text, for the initial width
    header_tip: str = ""


def _color(value: str | QColor | None) -> QColor | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, QColor) else theme.qcolor(value)


def sort_key_last_none(rows: list[T], key: Callable[[T], Any], descending: bool) -> list[T]:
    """``rows`` stably sorted by ``key``, the rows whose key is None last (in either order)."""
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    present.sort(key=key, reverse=descending)  # stable: ties keep the query's order
    return present + missing


class TableModel(QAbstractTableModel, Generic[T]):
    """Read-only rows of ``T`` under ``columns``; sorting inside the model.

    ``row_id`` names a row's record (ID_ROLE, selection kept across sorts); without it a row is known
    by its identity.
    """

    def __init__(
        self,
        columns: Sequence[Column[T]] = (),
        row_id: Callable[[T], Hashable] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self.columns: tuple[Column[T], ...] = tuple(columns)
        self._row_id: Callable[[T], Hashable] = row_id if row_id is not None else id
        self._has_ids = row_id is not None
        self._rows: list[T] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    # ------------------------------------------------------------------ rows in

    def set_rows(self, rows: Iterable[T], *, resort: bool = True) -> None:
        """Replace the rows (a reset), keeping the current sort (``resort=False``: the rows come in
        the current sort order already)."""
        self.beginResetModel()
        self._rows = list(rows)
        if resort and self._sort is not None:
            self._rows = self.sort_rows(self._rows, *self._sort)
        self.endResetModel()

    def set_columns(self, columns: Sequence[Column[T]], rows: Iterable[T] | None = None) -> None:
        """New columns (and rows), e.g. titles that depend on what is shown; the sort is dropped."""
        self.beginResetModel()
        self.columns = tuple(columns)
        self._sort = None
        if rows is not None:
            self._rows = list(rows)
        self.endResetModel()

    # ------------------------------------------------------------------ access

    def rows(self) -> list[T]:
        return list(self._rows)

    def row(self, row: int) -> T | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_id(self, row: int) -> Any:
        item = self.row(row)
        return self._row_id(item) if item is not None and self._has_ids else None

    def row_of_id(self, record_id: Hashable) -> int | None:
        for i, item in enumerate(self._rows):
            if self._row_id(item) == record_id:
                return i
        return None

    def titles(self) -> tuple[str, ...]:
        """The column titles."""
        return tuple(c.title for c in self.columns)

    def column_of(self, title: str) -> int:
        return next(i for i, c in enumerate(self.columns) if c.title == title)

    def text(self, row: int, column: int | str) -> str:
        """The shown text of a cell; ``column`` by number or title."""
        item = self.row(row)
        col = self.columns[column if isinstance(column, int) else self.column_of(column)]
        return col.text(item) if item is not None else ""

    def sort_state(self) -> tuple[int, Qt.SortOrder] | None:
        return self._sort

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
        return self.cell(self._rows[r], r, self.columns[c], role)

    def cell(self, item: T, row: int, col: Column[T], role: int) -> Any:
        """The data of one cell (a model may add roles, e.g. a font, by overriding this)."""
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(item)
        if role == ID_ROLE:
            return self._row_id(item) if self._has_ids else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = col.tooltip(item)
            if tip:
                return tip
            return (col.text(item) or None) if col.text_tip else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return _color(col.foreground(item))
        if role == Qt.ItemDataRole.BackgroundRole:
            return _color(col.background(item))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN.get(col.align)
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

    # ------------------------------------------------------------------ sorting

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        n = len(self._rows)
        before = [self._row_id(self._rows[p.row()]) if 0 <= p.row() < n else None for p in persistent]
        self._sort = (column, order)
        self._rows = self.sort_rows(self._rows, column, order)
        if persistent:
            where = {self._row_id(item): i for i, item in enumerate(self._rows)}
            for p, rid in zip(persistent, before, strict=True):
                row = where.get(rid) if rid is not None else None
                self.changePersistentIndex(p, QModelIndex() if row is None else self.index(row, p.column()))
        self.layoutChanged.emit()

    def sort_rows(self, rows: list[T], column: int, order: Qt.SortOrder) -> list[T]:
        """``rows`` in the order of ``column``; override where the query sorts (SQL, an index)."""
        col = self.columns[column]
        return sort_key_last_none(rows, col.key or col.text, order == Qt.SortOrder.DescendingOrder)


class PagedTableModel(TableModel[T]):
    """A TableModel whose rows come from a query page by page as the view scrolls (``canFetchMore`` /
    ``fetchMore``), so a list of 200,000 records opens at once; a sort re-runs the query
    (``sort_rows`` is not used: the order is the query's)."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        fetch: Callable[[int, int], list[T]],  # (limit, offset) -> rows, in the current sort order
        count: Callable[[], int],
        row_id: Callable[[T], Hashable] | None = None,
        parent: Any = None,
        page: int = 500,
    ) -> None:
        super().__init__(columns, row_id, parent)
        self.page = page
        self._fetch = fetch
        self._count = count
        self._total = 0

    def load(self) -> None:
        """Re-run the query (a new filter or sort, or the same after a change): its first page."""
        self.beginResetModel()
        self._total = self._count()
        self._rows = self._fetch(self.page, 0)
        self.endResetModel()

    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = self._fetch(self.page, len(self._rows))
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self._sort = (column, order)
        self.load()


class CheckableTableModel(TableModel[T]):
    """A TableModel whose first column carries a check box per row (checked ids kept across sorting;
    cleared when the rows are replaced)."""

    checked_changed = Signal()

    def __init__(self, columns: Sequence[Column[T]], row_id: Callable[[T], int], parent: Any = None) -> None:
        super().__init__(columns, row_id, parent)
        self._checked: set[Hashable] = set()

    def set_rows(self, rows: Iterable[T], *, resort: bool = True) -> None:
        self._checked = set()
        super().set_rows(rows, resort=resort)
        self.checked_changed.emit()

    def checked_ids(self) -> list[Any]:
        """The checked record ids, in the current row order."""
        return [self._row_id(r) for r in self._rows if self._row_id(r) in self._checked]

    def set_checked(self, record_id: Hashable, on: bool) -> None:
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


__all__ = [
    "BADGE_ROLE",
    "ID_ROLE",
    "SCORE_ROLE",
    "CheckableTableModel",
    "Column",
    "PagedTableModel",
    "TableModel",
]
