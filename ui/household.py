"""Household view (家庭情况): a household's members with relation, age and status, and its
zero-employment family (零就业家庭) history. Double-click a member to open their form."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.codes import EMPLOYED_STATUSES
from app.core.dates import age_on, fmt
from app.core.idcard import mask_id
from app.register.listing import zero_family_history
from db.models import Household, Person
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
        lay.addWidget(QLabel("零就业家庭认定记录"))
        self.zero = RecordTableModel(ZERO_HEADERS, self)
        self.zero_view = QTableView()
        self.zero_view.setModel(self.zero)
        setup_table(self.zero_view, fit_columns=True)
        lay.addWidget(self.zero_view, 1)
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
        history = zero_family_history(self.household_id)
        rows = []
        for i, z in enumerate(history):
            if z.cleared_on is None:
                note = "未清零"
            elif z.derived:
                note = "按成员就业日期推定清零"
            else:
                note = "已清零"
            rows.append((i, (fmt(z.recognized_on), fmt(z.cleared_on), note)))
        self.zero.set_records(rows)
        employed = sum(1 for m in members if m.employment_status in EMPLOYED_STATUSES)
        self.summary.setText(
            f"户编号 {hh.code}　共 {len(members)} 人，其中就业 {employed} 人"
            + (f"　地址：{hh.address}" if hh.address else "")
        )

    def _open_member(self, index: QModelIndex) -> None:
        pid = self.members.record_id(index.row())
        if pid is None:
            return
        form = open_person_form(self, pid)
        form.finished.connect(lambda _r: self.reload())
        self.current_form = form
