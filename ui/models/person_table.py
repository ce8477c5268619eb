"""The person list model: a QAbstractTableModel over :class:`app.register.RegisterIndex`.

Filtering and sorting run inside the index (Python lists); the model only maps view rows to register
positions, so ``data()`` is O(1) and a filter keystroke at 50,000 rows costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.register.listing import CHIPS, COLUMN_TITLES, COLUMNS, D_AGE, RegisterIndex, load_register

_NUMERIC_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_AGE_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.source == D_AGE)

PERSON_ID_ROLE = Qt.ItemDataRole.UserRole + 1

AnyIndex = QModelIndex | QPersistentModelIndex


class PersonTableModel(QAbstractTableModel):
    """Rows = the register positions passing the current filter, in the current sort order."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._index: RegisterIndex | None = None
        self._visible: list[int] = []
        self._text = ""
        self._chips: frozenset[str] = frozenset()

    # ------------------------------------------------------------------ loading and filtering

    def load(self, index: RegisterIndex | None = None) -> None:
        """(Re)read the register (or take ``index``), keeping the filter and the sort."""
        old = self._index
        new = index if index is not None else load_register()
        if old is not None and old.sort_column is not None:
            new.sort(old.sort_column, old.sort_desc)
        self.beginResetModel()
        self._index = new
        self._visible = new.filter(self._text, self._chips)
        self.endResetModel()

    @property
    def register(self) -> RegisterIndex | None:
        return self._index

    def set_filter(self, text: str, chips: Iterable[str] = ()) -> None:
        self._text = text
        self._chips = frozenset(chips)
        if self._index is None:
            return
        self.beginResetModel()
        self._visible = self._index.filter(self._text, self._chips)
        self.endResetModel()

    def filter_text(self) -> str:
        return self._text

    def chips(self) -> frozenset[str]:
        return self._chips

    def total(self) -> int:
        return len(self._index) if self._index is not None else 0

    def chip_count(self, chip: str) -> int:
        return self._index.chip_count(chip) if self._index is not None else 0

    def person_id(self, row: int) -> int:
        assert self._index is not None
        return self._index.person_id(self._visible[row])

    def row_of_person(self, person_id: int) -> int | None:
        if self._index is None:
            return None
        for row, pos in enumerate(self._visible):
            if self._index.person_id(pos) == person_id:
                return row
        return None

    # ------------------------------------------------------------------ Qt model interface

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self._index is None:
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < len(self._visible) and 0 <= col < len(COLUMNS)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._index.display(self._visible[row], col)
        if role == PERSON_ID_ROLE:
            return self._index.person_id(self._visible[row])
        if role == Qt.ItemDataRole.TextAlignmentRole and col == _AGE_COLUMN:
            return _NUMERIC_ALIGN
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMN_TITLES[section] if 0 <= section < len(COLUMNS) else None
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._index is None or not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        # Persistent indexes (the selection, the current cell) follow their person to the new row.
        persistent = self.persistentIndexList()
        n = len(self._visible)
        old_positions = [self._visible[idx.row()] if 0 <= idx.row() < n else -1 for idx in persistent]
        self._index.sort(column, order == Qt.SortOrder.DescendingOrder)
        self._visible = self._index.filter(self._text, self._chips)
        if persistent:
            new_row = {pos: row for row, pos in enumerate(self._visible)}
            for idx, pos in zip(persistent, old_positions, strict=True):
                row = new_row.get(pos)
                if row is None:
                    self.changePersistentIndex(idx, QModelIndex())
                else:
                    self.changePersistentIndex(idx, self.index(row, idx.column()))
        self.layoutChanged.emit()


__all__ = ["CHIPS", "PERSON_ID_ROLE", "PersonTableModel"]
