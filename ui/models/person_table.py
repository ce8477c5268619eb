"""The person list on the generic table model, over :class:`app.register.RegisterIndex`.

The rows are the person ids passing the filter, in the index's sort order (sorting in SQL, filtering
over the index's search keys). A row's cells are read from the database when it is first shown: the
first ``data()`` call for a row not read yet reads a page of rows around it
(:meth:`RegisterIndex.prefetch`), so opening 200,000 persons reads their ids only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from app.register.listing import CHIPS, COLUMN_TITLES, COLUMNS, D_AGE, RegisterIndex, load_register
from ui.models.table_base import ID_ROLE, Column, TableModel

PERSON_ID_ROLE = ID_ROLE
# Rows read with one not read yet: a few screens before it and after it (scrolling either way).
PREFETCH_BEFORE = 50
PREFETCH_AFTER = 150
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_RIGHT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
_AGE_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.source == D_AGE)


class PersonTableModel(TableModel[int]):
    """Rows = the register positions passing the current filter, in the current sort order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [self._column(i, title) for i, title in enumerate(COLUMN_TITLES)], self._person_of, parent
        )
        self._index: RegisterIndex | None = None
        self._text = ""
        self._chips: frozenset[str] = frozenset()

    def _column(self, i: int, title: str) -> Column[int]:
        # What the base class knows of a column (titles, text for copying); data() answers the view.
        align = "right" if i == _AGE_COLUMN else ""
        return Column(title, lambda pos: self._register().display(pos, i), align=align, text_tip=False)

    def _register(self) -> RegisterIndex:
        assert self._index is not None  # there are rows only once a register is loaded
        return self._index

    def _person_of(self, pos: int) -> int:
        return pos  # a position of the register index is the person id

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        # The view asks each painted cell for half a dozen roles; only these three mean something here,
        # the others are answered at once (a repaint at 200,000 persons is this method, mostly).
        if role == _DISPLAY:
            register = self._index
            r = index.row()
            if register is None or not 0 <= r < len(self._rows) or not index.isValid():
                return None
            pos = self._rows[r]
            if not register.has_row(pos):
                register.prefetch(self._rows[max(r - PREFETCH_BEFORE, 0) : r + PREFETCH_AFTER])
            return register.display(pos, index.column())
        if role == _ALIGNMENT:
            return _RIGHT if index.column() == _AGE_COLUMN else None
        if role == ID_ROLE:
            r = index.row()
            return self._rows[r] if index.isValid() and 0 <= r < len(self._rows) else None
        return None

    # ------------------------------------------------------------------ loading and filtering

    def load(self, index: RegisterIndex | None = None) -> None:
        """(Re)read the register (or take ``index``), keeping the filter and the sort."""
        old = self._index
        new = index if index is not None else load_register()
        if old is not None and old.sort_column is not None:
            new.sort(old.sort_column, old.sort_desc)
        self._index = new
        self.set_rows(new.filter(self._text, self._chips), resort=False)

    @property
    def register(self) -> RegisterIndex | None:
        return self._index

    def set_filter(self, text: str, chips: Iterable[str] = ()) -> None:
        self._text = text
        self._chips = frozenset(chips)
        if self._index is None:
            return
        self.set_rows(self._index.filter(self._text, self._chips), resort=False)

    def filter_text(self) -> str:
        return self._text

    def chips(self) -> frozenset[str]:
        return self._chips

    def total(self) -> int:
        return len(self._index) if self._index is not None else 0

    def chip_count(self, chip: str) -> int | None:
        """The chip's count when known without reading the whole register (see
        :meth:`RegisterIndex.known_count`), else None."""
        return self._index.known_count(chip) if self._index is not None else 0

    def person_id(self, row: int) -> int:
        return self._rows[row]

    def row_of_person(self, person_id: int) -> int | None:
        return self.row_of_id(person_id) if self._index is not None else None

    # ------------------------------------------------------------------ sorting: the index sorts

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._index is None:
            return
        super().sort(column, order)

    def sort_rows(self, rows: list[int], column: int, order: Qt.SortOrder) -> list[int]:
        index = self._register()
        index.sort(column, order == Qt.SortOrder.DescendingOrder)
        return index.filter(self._text, self._chips)


__all__ = ["CHIPS", "PERSON_ID_ROLE", "PersonTableModel"]
