"""劳动力台账 page: the person list with a filter box (as you type), chips, column sort and the count;
新增人员 / 打开 / 删除. Double-click or Enter opens the person's form."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.register import recycle
from app.register.listing import CHIP_WORKING_AGE, CHIPS, COLUMN_TITLES, RegisterIndex
from ui import theme
from ui.forms import common
from ui.forms.person_form import PersonForm
from ui.models.person_table import PersonTableModel
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.widgets.tables import setup_table

# Initial column widths from a typical cell text (the last column stretches).
_SAMPLES = {
    "姓名": "欧阳某某某",
    "身份证号": "440106********123X",
    "性别": "性别",
    "年龄": "年龄",
    "联系电话": "13800000000",
    "户编号": "H000000",
    "与户主关系": "与户主关系",
    "网格": "第十二网格",
    "就业状态": "公益性岗位",
    "调查日期": "2026-03-01",
    "劳动年龄内": "劳动年龄内",
}


class RegisterPage(QWidget):
    """The labor-force register (劳动力台账)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current_form: PersonForm | None = None
        self.current_bin: QDialog | None = None
        self._warm_pending = False

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(
            "搜索：姓名、拼音首字母（如 zw）、身份证号、联系电话、户编号（Ctrl+F；Enter 或 ↓ 进入列表）"
        )
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.filter_edit.installEventFilter(self)

        self.chip_buttons: dict[str, QPushButton] = {}
        chips_row = QHBoxLayout()
        chips_row.setSpacing(6)
        chips_row.addWidget(QLabel("筛选："))
        for chip in CHIPS:
            btn = QPushButton(chip)
            btn.setCheckable(True)
            btn.setObjectName(f"chip_{chip}")
            btn.setToolTip(f"只看{chip}的人员；多个条件同时满足")
            btn.setProperty("chip", True)
            btn.toggled.connect(lambda _on: self._apply_filter())
            self.chip_buttons[chip] = btn
            chips_row.addWidget(btn)
        chips_row.addStretch(1)
        theme.apply(self, theme.CHIPS)

        self.model = PersonTableModel(self)
        # Register order until the user clicks a header.
        self.view = setup_table(
            QTableView(),
            self.model,
            sortable=True,
            multi=True,
            samples=[_SAMPLES.get(title, "") for title in COLUMN_TITLES],
        )
        self.view.activated.connect(self._open_index)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.new_button = QPushButton("新增人员")
        self.new_button.setToolTip("Ctrl+N")
        self.new_button.clicked.connect(lambda _c=False: self.new_record())
        self.open_button = QPushButton("打开")
        self.open_button.clicked.connect(lambda _c=False: self.open_selected())
        self.delete_button = QPushButton("删除")
        self.delete_button.setToolTip("只用于误录的人员；迁出、死亡、退休请在人员信息中登记离开")
        self.delete_button.clicked.connect(lambda _c=False: self.delete_selected())
        self.bin_button = QPushButton("回收站…")
        self.bin_button.clicked.connect(lambda _c=False: self.open_recycle_bin())

        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.new_button)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.delete_button)
        bottom.addWidget(self.bin_button)

        lay = QVBoxLayout(self)
        lay.addWidget(self.filter_edit)
        lay.addLayout(chips_row)
        lay.addWidget(self.view, 1)
        lay.addLayout(bottom)

        self._warm_pending = False
        self.reload()

    # ------------------------------------------------------------------ page contract

    # ------------------------------------------------------------------ Page protocol

    REFRESHES_ON_SHOW: ClassVar[bool] = (
        False  # the main window calls reload() when the data changed meanwhile
    )

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self, index: RegisterIndex | None = None) -> None:
        """Re-read the register from the database, keeping filter, chips, sort and the selection."""
        keep = self.selected_person_ids()
        self.model.load(index)
        self._update_chips()
        self._update_count()
        if keep:
            self.select_person(keep[0])
        # Count 劳动年龄内 and build the search keys while the user looks at the list, so the first
        # keystroke is as fast as the others (a few hundred ms at 50,000 persons, pinyin initials
        # included): after the list is painted, not before (a keystroke or a chip before then reads what
        # it needs itself).
        if self.view.viewport().isVisible():
            QTimer.singleShot(0, self, self._warm_search)
        else:  # on the first paint of the list (see eventFilter)
            self._warm_pending = True
            self.view.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            return self.enter_list()
        if self._warm_pending and event.type() == QEvent.Type.Paint and watched is self.view.viewport():
            self._warm_pending = False
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._warm_search)
        return super().eventFilter(watched, event)

    def _warm_search(self) -> None:
        register = self.model.register
        if register is not None:
            register.chip_count(CHIP_WORKING_AGE)  # reads the set of 劳动年龄内
            self._update_chips()
            register.keys  # noqa: B018 - builds and caches the keys

    def _update_chips(self) -> None:
        for chip, btn in self.chip_buttons.items():
            count = self.model.chip_count(chip)
            text = chip if count is None else f"{chip} {count}"
            if btn.text() != text:  # a new text lays the row of chips out again
                btn.setText(text)

    def enter_list(self) -> bool:
        """From the search box into the list: the first row selected (or the one already selected)."""
        if self.model.rowCount() == 0:
            return False
        if not self.view.selectionModel().hasSelection():
            self.view.selectRow(0)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def new_record(self) -> PersonForm:
        return self._show_form(PersonForm(None, self))

    # ------------------------------------------------------------------ filter

    def checked_chips(self) -> set[str]:
        return {chip for chip, btn in self.chip_buttons.items() if btn.isChecked()}

    def _apply_filter(self) -> None:
        self.model.set_filter(self.filter_edit.text(), self.checked_chips())
        self._update_chips()  # a chip pressed before its count was known has read it
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        if shown == total:
            self.count_label.setText(f"共 {total} 人")
        else:
            self.count_label.setText(f"共 {shown} 人（台账共 {total} 人）")

    # ------------------------------------------------------------------ selection and actions

    def selected_person_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.person_id(r) for r in rows]

    def select_person(self, person_id: int) -> bool:
        row = self.model.row_of_person(person_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        n = len(self.view.selectionModel().selectedRows())
        self.open_button.setEnabled(n == 1)
        self.delete_button.setEnabled(n >= 1)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_person(self.model.person_id(index.row()))

    def open_selected(self) -> PersonForm | None:
        ids = self.selected_person_ids()
        return self.open_person(ids[0]) if ids else None

    def open_person(self, person_id: int) -> PersonForm:
        return self._show_form(PersonForm(person_id, self))

    def _show_form(self, form: PersonForm) -> PersonForm:
        """Open a form window-modally without blocking; the list follows every save."""
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self._after_save)
        self.current_form = form
        form.open()
        return form

    def _after_save(self, person_id: int) -> None:
        self.reload()
        self.select_person(person_id)

    def open_recycle_bin(self) -> QDialog:
        from ui.dialogs.recycle_bin import RecycleBinDialog

        dialog = RecycleBinDialog(self)
        dialog.restored.connect(lambda pid: self._after_save(pid))
        self.current_bin = dialog
        dialog.open()
        return dialog

    def delete_selected(self) -> bool:
        ids = self.selected_person_ids()
        if not ids:
            return False
        rows = [self.model.row_of_person(pid) for pid in ids]
        names = "、".join(self.model.data(self.model.index(r, 0)) for r in rows[:5] if r is not None)
        more = f"等 {len(ids)} 人" if len(ids) > 5 else ""
        along = recycle.takes_along_text(ids)
        text = (
            f"确定删除 {names}{more} 吗？（只用于误录的人员；迁出、死亡、退休请在人员信息中登记离开）\n"
            f"将一并删除：{along}。\n删除后移入回收站，可以恢复。"
        )
        if not common.confirm(self, "删除人员", text):
            return False
        try:
            recycle.discard(ids)  # all or none
        except UserError as exc:
            from ui.errors import show_error

            show_error(self, exc)
        self.reload()
        return True
