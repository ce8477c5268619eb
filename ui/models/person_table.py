"""The person list on the generic table model, over :class:`app.register.RegisterIndex`.

Filtering and sorting run inside the index (Python lists); the rows are the register positions passing
the filter, so ``data()`` is O(1) and a filter keystroke at 50,000 rows costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt

from app.register.listing import CHIPS, COLUMN_TITLES, COLUMNS, D_AGE, RegisterIndex, load_register
from ui.models.table_base import ID_ROLE, Column, TableModel

PERSON_ID_ROLE = ID_ROLE


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
        align = "right" if COLUMNS[i].source == D_AGE else ""
        return Column(title, lambda pos: self._register().display(pos, i), align=align, text_tip=False)

    def _register(self) -> RegisterIndex:
        assert self._index is not None  # there are rows only once a register is loaded
        return self._index

    def _person_of(self, pos: int) -> int:
        return self._register().person_id(pos)

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

    def chip_count(self, chip: str) -> int:
        return self._index.chip_count(chip) if self._index is not None else 0

    def person_id(self, row: int) -> int:
        return self._register().person_id(self._rows[row])

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
