"""Household view (家庭情况): a household's members with relation, age and status, and its
zero-employment family (零就业家庭) history. Double-click a member to open their form; 添加成员,
迁到其他户 and 移出本户 keep the household without retyping what its members share; 零就业家庭 认定 are
added and corrected here, with 清零 shown from the members' work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.codes import EMPLOYED_STATUSES
from app.core.dates import age_on, fmt
from app.core.idcard import mask_id
from app.register import households
from db.models import Household, Person
from ui.forms import common
from ui.models.history import RecordTableModel
from ui.widgets.screen import fit_size
from ui.widgets.tables import setup_table

MEMBER_HEADERS = ("姓名", "身份证号", "与户主关系", "性别", "年龄", "就业状态")
ZERO_HEADERS = ("认定日期", "清零日期", "说明")


def member_rows(members: list[Person], today: dt.date | None = None) -> list[tuple[int, tuple[str, ...]]]:
    """Rows for a members table; ID numbers masked."""
    today = today or dt.date.today()
    return [
        (
            m.id,
            (
                m.name,
                mask_id(m.id_number),
                m.relation,
                m.gender,
                str(age_on(m.birth_date, today)),
                m.employment_status,
            ),
        )
        for m in members
    ]


def open_person_form(parent: QWidget, person_id: int) -> QDialog:
    """Open a person's form window-modally (not blocking) and return it."""
    from ui.forms.person_form import PersonForm

    form = PersonForm(person_id, parent)
    form.open()
    return form


class HouseholdDialog(QDialog):
    """One household: members and zero-employment family history."""

    def __init__(self, household_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.household_id = household_id
        self.current_form: QDialog | None = None
        self.current_dialog: QDialog | None = None
        hh = Household.get_by_id(household_id)
        self.setWindowTitle(f"家庭情况 — 户编号 {hh.code}")
        fit_size(self, 760, 480)
        lay = QVBoxLayout(self)
        self.summary = QLabel()
        lay.addWidget(self.summary)
        lay.addWidget(QLabel("家庭成员（双击打开）"))
        self.members = RecordTableModel(MEMBER_HEADERS, self)
        self.members_view = QTableView()
        self.members_view.setModel(self.members)
        setup_table(self.members_view, fit_columns=True)
        self.members_view.activated.connect(self._open_member)
        lay.addWidget(self.members_view, 2)
        member_row = QHBoxLayout()
        self.add_member_button = self._button(member_row, "添加成员…", self.add_member)
        self.move_button = self._button(member_row, "迁到其他户…", self.move_selected)
        self.remove_button = self._button(member_row, "移出本户", self.remove_selected)
        member_row.addStretch(1)
        lay.addLayout(member_row)
        lay.addWidget(QLabel("零就业家庭认定记录"))
        self.zero = RecordTableModel(ZERO_HEADERS, self)
        self.zero_view = QTableView()
        self.zero_view.setModel(self.zero)
        setup_table(self.zero_view, fit_columns=True)
        lay.addWidget(self.zero_view, 1)
        zero_row = QHBoxLayout()
        self.add_zero_button = self._button(zero_row, "新增认定…", self.add_zero)
        self.edit_zero_button = self._button(zero_row, "修改…", self.edit_zero)
        self.delete_zero_button = self._button(zero_row, "删除认定", self.delete_zero)
        zero_row.addStretch(1)
        lay.addLayout(zero_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        hh = Household.get_by_id(self.household_id)
        members = list(
            Person.select()
            .where(Person.household == self.household_id)
            .order_by(Person.relation != "户主", Person.birth_date)
        )
        self.members.set_records(member_rows(members))
        rows = [
            (z.id, (fmt(z.entry.recognized_on), fmt(z.entry.cleared_on), z.state))
            for z in households.zero_family_rows(self.household_id)
        ]
        self.zero.set_records(rows)
        employed = sum(1 for m in members if m.employment_status in EMPLOYED_STATUSES)
        self.summary.setText(
            f"户编号 {hh.code}　共 {len(members)} 人，其中就业 {employed} 人"
            + (f"　地址：{hh.address}" if hh.address else "")
        )

    def _button(self, row: QHBoxLayout, text: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _c=False: slot())
        row.addWidget(button)
        return button

    def _selected(self, view: QTableView, model: RecordTableModel) -> int | None:
        rows = view.selectionModel().selectedRows()
        return model.record_id(rows[0].row()) if rows else None

    def selected_member(self) -> int | None:
        return self._selected(self.members_view, self.members)

    def _run(self, dialog: QDialog) -> QDialog:
        self.current_dialog = dialog
        dialog.accepted.connect(self.reload)
        dialog.open()
        return dialog

    def add_member(self) -> QDialog:
        from ui.dialogs.household_edit import AddMemberDialog

        return self._run(AddMemberDialog(self.household_id, self))

    def move_selected(self) -> QDialog | None:
        from ui.dialogs.household_edit import MoveMemberDialog

        pid = self.selected_member()
        return None if pid is None else self._run(MoveMemberDialog(pid, self))

    def remove_selected(self) -> bool:
        pid = self.selected_member()
        if pid is None:
            return False
        name = Person.get_by_id(pid).name
        if not common.confirm(
            self, "移出本户", f"将{name}移出本户吗？（户编号和与户主关系清空，其他信息不变）"
        ):
            return False
        households.remove_member(pid)
        self.reload()
        return True

    def add_zero(self) -> QDialog:
        from ui.dialogs.household_edit import ZeroFamilyDialog

        return self._run(ZeroFamilyDialog(self.household_id, None, self))

    def edit_zero(self) -> QDialog | None:
        from ui.dialogs.household_edit import ZeroFamilyDialog

        zid = self._selected(self.zero_view, self.zero)
        return None if zid is None else self._run(ZeroFamilyDialog(self.household_id, zid, self))

    def delete_zero(self) -> bool:
        zid = self._selected(self.zero_view, self.zero)
        if zid is None or not common.confirm(self, "删除认定", "确定删除这条零就业家庭认定吗？"):
            return False
        households.delete_zero_family(zid)
        self.reload()
        return True

    def _open_member(self, index: QModelIndex) -> None:
        pid = self.members.record_id(index.row())
        if pid is None:
            return
        form = open_person_form(self, pid)
        form.finished.connect(lambda _r: self.reload())
        self.current_form = form
