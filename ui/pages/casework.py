"""重点人员帮扶: the key groups (就业困难人员, 登记失业人员, 零就业家庭成员, 未落实高校毕业生) with
status, last contact, next due and plan; the selected person's timeline and plans; recording a service,
a monthly round of calls, the 一人一策 editor, and 登记就业 with its consequences."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import casework
from db.models import Person
from ui import theme
from ui.forms import common
from ui.models.casework_tables import KeyGroupModel, PlanModel, TimelineModel
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.pages.dialog_host import DialogHost
from ui.widgets.tables import setup_table


class CaseworkPage(DialogHost, QWidget):
    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.fixed_today = today
        self.current_dialog: QDialog | None = None
        theme.apply(self, theme.CHIPS_NO_HOVER)

        self.group_buttons: dict[str, QPushButton] = {}
        self.group_box = QButtonGroup(self)
        self.group_box.setExclusive(True)
        chips = QHBoxLayout()
        for group in casework.KEY_GROUPS:
            b = QPushButton(group)
            b.setCheckable(True)
            b.setProperty("chip", True)
            b.setObjectName(f"group_{group}")
            self.group_box.addButton(b)
            self.group_buttons[group] = b
            chips.addWidget(b)
        chips.addStretch(1)
        self.group_buttons[casework.DIFFICULTY].setChecked(True)
        for b in self.group_buttons.values():
            b.toggled.connect(lambda on: self.reload_list() if on else None)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("搜索：姓名、拼音首字母、身份证号、联系电话、户编号（Ctrl+F）")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _t: self.reload_list())

        self.model = KeyGroupModel(self)
        self.view = QTableView()
        self.view.setObjectName("group_view")
        samples = (
            "欧阳某某",
            "440106********123X",
            "13800000000",
            "2024-03-01 认定，失地农民，二级",
            "2024-03-01",
            "2024-03-01",
            "一人一策，已逾期 999 天",
        )
        setup_table(self.view, self.model, sortable=True, samples=samples)
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._select(cur))
        self.view.activated.connect(lambda _i: self.open_person())
        self.count_label = QLabel()

        self.service_button = QPushButton("记录服务")
        self.service_button.clicked.connect(lambda _c=False: self.record_service())
        self.round_button = QPushButton("本月联系（批量）")
        self.round_button.setToolTip("逐一记录本月尚未联系的就业困难人员：Enter 确认并下一位，S 跳过")
        self.round_button.clicked.connect(lambda _c=False: self.monthly_round())
        self.plan_button = QPushButton("一人一策")
        self.plan_button.clicked.connect(lambda _c=False: self.edit_plan())
        self.work_button = QPushButton("登记就业…")
        self.work_button.clicked.connect(lambda _c=False: self.start_work())
        self.open_button = QPushButton("人员信息")
        self.open_button.clicked.connect(lambda _c=False: self.open_person())
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for b in (
            self.round_button,
            self.service_button,
            self.plan_button,
            self.work_button,
            self.open_button,
        ):
            buttons.addWidget(b)

        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.addLayout(chips)
        left_lay.addWidget(self.filter_edit)
        left_lay.addWidget(self.view, 1)
        left_lay.addLayout(buttons)

        # The selected person: timeline and plans.
        self.person_title = QLabel("请选择一名人员")
        theme.apply(self.person_title, theme.SUBTITLE)
        self.timeline_model = TimelineModel(self)
        self.timeline_view = QTableView()
        self.timeline_view.setObjectName("timeline_view")
        self.timeline_view.setModel(self.timeline_model)
        setup_table(self.timeline_view, samples=("2024-03-01", "零就业家庭"), padding=16)
        self.timeline_view.setColumnWidth(2, 220)
        # The timeline is read newest at the bottom: it stays scrolled to the end through every layout
        # change (the page is built hidden and sized later) until the user scrolls it.
        self._timeline_follow_end = False
        bar = self.timeline_view.verticalScrollBar()
        bar.rangeChanged.connect(self._timeline_range_changed)
        bar.actionTriggered.connect(self._timeline_scrolled_by_user)
        self.plan_model = PlanModel(self)
        self.plan_view = QTableView()
        self.plan_view.setObjectName("plan_view")
        self.plan_view.setModel(self.plan_model)
        setup_table(self.plan_view)
        self.plan_view.activated.connect(lambda i: self.edit_plan(self.plan_model.plan(i.row())))
        plan_tab = QWidget()
        plan_lay = QVBoxLayout(plan_tab)
        plan_lay.addWidget(self.plan_view, 1)
        row = QHBoxLayout()
        self.new_plan_button = QPushButton("新增计划")
        self.new_plan_button.clicked.connect(lambda _c=False: self.edit_plan(None, new=True))
        self.edit_plan_button = QPushButton("编辑")
        self.edit_plan_button.clicked.connect(lambda _c=False: self.edit_selected_plan())
        self.delete_plan_button = QPushButton("删除")
        self.delete_plan_button.clicked.connect(lambda _c=False: self.delete_selected_plan())
        row.addStretch(1)
        for b in (self.new_plan_button, self.edit_plan_button, self.delete_plan_button):
            row.addWidget(b)
        plan_lay.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline_view, "时间线")
        self.tabs.addTab(plan_tab, "服务计划（一人一策）")
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.person_title)
        right_lay.addWidget(self.tabs, 1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addWidget(split)
        self.reload()

    # ------------------------------------------------------------------ page contract

    @property
    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def group(self) -> str:
        for group, b in self.group_buttons.items():
            if b.isChecked():
                return group
        return casework.DIFFICULTY

    def set_group(self, group: str) -> None:
        self.group_buttons[group].setChecked(True)

    # ------------------------------------------------------------------ Page protocol

    REFRESHES_ON_SHOW: ClassVar[bool] = (
        False  # the main window calls reload() when the data changed meanwhile
    )

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self) -> None:
        for group, b in self.group_buttons.items():
            b.setText(f"{group} {len(casework.group_members(group, self.today))}")
        self.reload_list()

    def reload_list(self) -> None:
        keep = self.selected_person()
        rows = casework.key_group_rows(self.group(), self.filter_edit.text(), self.today)
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()
        if header.sortIndicatorSection() >= 0:
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self.count_label.setText(f"共 {len(rows)} 人")
        if keep is None or not self.select_person(keep):
            first = self.model.person_id(0)
            if first is None or not self.select_person(first):
                self.show_person(None)
        self._update_buttons()

    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def new_record(self) -> QDialog | None:
        return self.record_service()

    # ------------------------------------------------------------------ selection

    def selected_person(self) -> int | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid() or not self.view.selectionModel().isRowSelected(index.row(), QModelIndex()):
            return None
        return self.model.person_id(index.row())

    def select_person(self, person_id: int) -> bool:
        row = self.model.row_of_person(person_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.view.scrollTo(index)
        self.show_person(person_id)
        return True

    def _select(self, index: QModelIndex) -> None:
        self.show_person(self.model.person_id(index.row()) if index.isValid() else None)
        self._update_buttons()

    def show_person(self, person_id: int | None) -> None:
        """Show ``person_id``'s timeline and plans (None clears the panel)."""
        self.shown_person = person_id
        if person_id is None:
            self.person_title.setText("请选择一名人员")
            self.timeline_model.set_rows([])
            self.plan_model.set_rows([])
            return
        person = Person.get_or_none(Person.id == person_id)
        self.person_title.setText(f"{person.name if person else ''}　时间线与服务计划")
        entries = casework.timeline(person_id)
        self._timeline_follow_end = True
        self.timeline_model.set_rows(entries)
        self.plan_model.set_rows(casework.plans_of(person_id))
        self.timeline_view.scrollToBottom()

    def _timeline_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self._timeline_follow_end:
            # scrollToBottom, not setValue: it first lays out the rows still pending, without which the
            # rows drawn stay those at the top whatever the scroll bar says.
            self.timeline_view.scrollToBottom()

    def _timeline_scrolled_by_user(self, _action: int) -> None:
        self._timeline_follow_end = False

    def _update_buttons(self) -> None:
        has = self.selected_person() is not None
        for b in (self.service_button, self.plan_button, self.work_button, self.open_button):
            b.setEnabled(has)
        self.new_plan_button.setEnabled(has)
        self.round_button.setEnabled(self.group() == casework.DIFFICULTY)

    # ------------------------------------------------------------------ actions

    def record_service(self, person_id: int | None = None) -> QDialog | None:
        from ui.dialogs.service_entry import ServiceEntryDialog

        pid = person_id or self.selected_person()
        if pid is None:
            return None
        return self.open_dialog(ServiceEntryDialog([pid], self, today=self.fixed_today))

    def monthly_round(self) -> QDialog | None:
        """Walk every 就业困难人员 not yet contacted this month (one service each, 跟踪回访 by phone)."""
        from ui import dialogs
        from ui.dialogs.service_entry import ServiceEntryDialog

        people = casework.monthly_round(self.today)
        if not people:
            dialogs.inform(self, "本月联系", "本月应联系的就业困难人员都已联系。")
            return None
        dialog = ServiceEntryDialog(
            people,
            self,
            kind="跟踪回访",
            mode="电话",
            title=f"本月联系：{len(people)} 名就业困难人员尚未联系",
            today=self.fixed_today,
        )
        return self.open_dialog(dialog)

    def edit_plan(self, plan=None, new: bool = False) -> QDialog | None:
        from ui.dialogs.plan_editor import PlanEditorDialog

        pid = self.selected_person()
        if pid is None:
            return None
        if plan is None and not new:
            plans = casework.plans_of(pid)
            plan = plans[0] if plans else None
        return self.open_dialog(
            PlanEditorDialog(pid, plan.id if plan is not None else None, self, today=self.fixed_today)
        )

    def edit_selected_plan(self) -> QDialog | None:
        index = self.plan_view.currentIndex()
        plan = self.plan_model.plan(index.row()) if index.isValid() else None
        return self.edit_plan(plan) if plan is not None else None

    def delete_selected_plan(self) -> bool:
        index = self.plan_view.currentIndex()
        plan = self.plan_model.plan(index.row()) if index.isValid() else None
        if plan is None:
            return False
        if not common.confirm(
            self, "删除服务计划", f"确定删除 {plan.made_on} 制定的服务计划吗？删除后不能恢复。"
        ):
            return False
        casework.delete_plan(plan.id)
        self.reload()
        return True

    def start_work(self) -> QDialog | None:
        from ui.dialogs.consequences import ConsequencesDialog

        pid = self.selected_person()
        if pid is None:
            return None
        return self.open_dialog(ConsequencesDialog(pid, self, today=self.fixed_today))

    def open_person(self) -> QDialog | None:
        from ui.forms.person_form import PersonForm

        pid = self.selected_person()
        if pid is None:
            return None
        return self.open_dialog(PersonForm(pid, self))
