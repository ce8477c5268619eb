"""The one person picker: a search box with the matching persons below, as you type.

The matching is :mod:`app.register.search` (name, pinyin initials, ID fragment, phone without spaces
or dashes, 户编号), the same as the register's search. Each row shows the masked ID number and the
household, so namesakes are told apart. Down (or Enter when nothing is chosen yet) moves from the box
into the list; Enter or a double click in the list chooses (``chosen``); a single match is chosen as
soon as it is the only one.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from app.register import search
from app.register.search import PersonHit
from ui import theme
from ui.models.table_base import Column, TableModel
from ui.widgets.tables import setup_table

PLACEHOLDER = "姓名、拼音首字母（如 zw）、身份证号片段、电话或户编号"
VISIBLE_ROWS = 5

COLUMNS: tuple[Column[PersonHit], ...] = (
    Column("姓名", lambda h: h.name, sample="欧阳晓明"),
    Column("身份证号", lambda h: h.masked_id, sample="440106********1234"),
    Column("户编号", lambda h: h.household_code, sample="TW00000012"),
    Column("与户主关系", lambda h: h.relation, sample="与户主关系"),
    Column("联系电话", lambda h: h.phone, sample="13800000000"),
    Column("状态", lambda h: f"已{h.left}" if h.left else "", sample="已迁出"),
)


class PersonHitModel(TableModel[PersonHit]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(COLUMNS, row_id=lambda h: h.id, parent=parent)


class PersonPicker(QWidget):
    """Type to find, pick with the keyboard; :meth:`selected_id` is the chosen person."""

    chosen = Signal(int)  # person id, on Enter / double click in the list or a single match
    selection_changed = Signal(object)  # person id or None

    def __init__(self, parent: QWidget | None = None, *, include_left: bool = True) -> None:
        super().__init__(parent)
        self.include_left = include_left
        self._index: search.PeopleIndex | None = None
        self.edit = QLineEdit()
        self.edit.setObjectName("person_search")
        self.edit.setPlaceholderText(PLACEHOLDER)
        self.edit.setClearButtonEnabled(True)
        self.model = PersonHitModel(self)
        self.view = QTableView()
        self.view.setObjectName("person_results")
        setup_table(self.view, self.model)
        rows = self.view.verticalHeader().defaultSectionSize()
        self.view.setFixedHeight(rows * VISIBLE_ROWS + self.view.horizontalHeader().sizeHint().height() + 4)
        self.view.setVisible(False)
        self.hint = QLabel("")
        self.hint.setObjectName("person_hint")
        theme.apply(self.hint, theme.MUTED_TEXT)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addWidget(self.edit)
        lay.addWidget(self.view)
        lay.addWidget(self.hint)
        self.edit.textChanged.connect(self.search)
        self.edit.installEventFilter(self)
        self.view.installEventFilter(self)
        self.view.doubleClicked.connect(lambda index: self._choose(index))
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._current_changed(cur))

    # ------------------------------------------------------------------ searching

    def reload(self) -> None:
        """Forget the index (the register changed); the next keystroke reads it again."""
        self._index = None
        if self.edit.text().strip():
            self.search(self.edit.text())

    def index(self) -> search.PeopleIndex:
        if self._index is None:
            self._index = search.load_people()
        return self._index

    def search(self, text: str) -> int:
        """Show the persons matching ``text``; how many."""
        hits = self.index().find(text, include_left=self.include_left) if text.strip() else []
        self.model.set_rows(hits)
        self.view.setVisible(bool(text.strip()))
        if not text.strip():
            self.hint.setText("")
        elif not hits:
            self.hint.setText("台账中没有匹配的人员（可输入姓名、拼音首字母、身份证号片段、电话或户编号）")
        elif len(hits) == 1:
            self.view.setCurrentIndex(self.model.index(0, 0))
            self.hint.setText(f"已选择：{hits[0].label}")
        else:
            more = "（只列出前 50 人，请再多输入几个字）" if len(hits) >= search.PICKER_LIMIT else ""
            self.hint.setText(f"找到 {len(hits)} 人，按 ↓ 进入列表选择{more}")
        return len(hits)

    def hits(self) -> list[PersonHit]:
        return self.model.rows()

    # ------------------------------------------------------------------ choosing

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        hit = self.model.row(index.row()) if index.isValid() else None
        return hit.id if hit is not None else None

    def select_person(self, person_id: int) -> bool:
        row = self.model.row_of_id(person_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, 0))
        return True

    def enter_list(self) -> bool:
        """Move the focus into the list (the first row current); False when it is empty."""
        if self.model.rowCount() == 0:
            return False
        if not self.view.currentIndex().isValid():
            self.view.setCurrentIndex(self.model.index(0, 0))
        self.view.setFocus()
        return True

    def _current_changed(self, index: QModelIndex) -> None:
        hit = self.model.row(index.row()) if index.isValid() else None
        if hit is not None and self.model.rowCount() > 1:
            self.hint.setText(f"已选择：{hit.label}（Enter 确认）")
        self.selection_changed.emit(hit.id if hit is not None else None)

    def _choose(self, index: QModelIndex) -> None:
        hit = self.model.row(index.row()) if index.isValid() else None
        if hit is not None:
            self.hint.setText(f"已选择：{hit.label}")
            self.chosen.emit(hit.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.edit and key == Qt.Key.Key_Down:
                return self.enter_list()
            if watched is self.edit and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self.selected_id() is not None and self.model.rowCount() == 1:
                    self._choose(self.view.currentIndex())
                else:
                    self.enter_list()
                return True
            if watched is self.view and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._choose(self.view.currentIndex())
                return True
            if watched is self.view and key == Qt.Key.Key_Up and self.view.currentIndex().row() <= 0:
                self.edit.setFocus()
                return True
        return super().eventFilter(watched, event)
