"""The person form's history tabs (失业登记, 就业困难认定, 就业记录): the records, oldest first, with
新增…, 修改… (also a double-click or Enter on a row), 注销… / 取消认定… and 删除.

The editor dialogs live in :mod:`ui.forms.history_dialogs` (imported here under their old names, which the
other forms and the tests use).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableView, QVBoxLayout, QWidget

from app.core.dates import fmt
from app.core.errors import UserError
from app.register import ledger
from db.models import Employment, Recognition, Registration
from ui.forms import common
from ui.forms.history_dialogs import (
    AddEmploymentDialog,
    AddRecognitionDialog,
    AddRegistrationDialog,
    CancelRecognitionDialog,
    CancelRegistrationDialog,
    RecordDialog,
)
from ui.models.history import RecordTableModel
from ui.widgets.tables import setup_table

__all__ = [
    "AddEmploymentDialog",
    "AddRecognitionDialog",
    "AddRegistrationDialog",
    "CancelRecognitionDialog",
    "CancelRegistrationDialog",
    "EmploymentTab",
    "HistoryTab",
    "RecognitionTab",
    "RecordDialog",
    "RegistrationTab",
]

# ---------------------------------------------------------------------------- tabs


def _yes(value: bool | None) -> str:
    return "是" if value else ""


class HistoryTab(QWidget):
    """A list of one person's records with action buttons; emits ``changed`` after every write."""

    changed = Signal()
    headers: tuple[str, ...] = ()

    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.model = RecordTableModel(self.headers, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view, fit_columns=True)
        self.buttons = QHBoxLayout()
        lay = QVBoxLayout(self)
        lay.addWidget(self.view)
        lay.addLayout(self.buttons)
        self.current_dialog: RecordDialog | None = None

    def add_button(self, text: str, slot: Callable[[], object], needs_selection: bool = False) -> QPushButton:
        btn = QPushButton(text)
        btn.clicked.connect(lambda _checked=False: slot())
        self.buttons.addWidget(btn)
        if needs_selection:
            btn.setEnabled(False)
            self.view.selectionModel().selectionChanged.connect(
                lambda *_: btn.setEnabled(self.selected_id() is not None)
            )
            self.model.modelReset.connect(lambda: btn.setEnabled(self.selected_id() is not None))
        return btn

    def selected_id(self) -> int | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record_id(rows[0].row()) if rows else None

    def select_row(self, row: int) -> None:
        self.view.selectRow(row)

    def run_dialog(self, dialog: RecordDialog) -> RecordDialog:
        """Open an editor window-modally (not blocking); reload when it is accepted."""
        self.current_dialog = dialog
        dialog.accepted.connect(self._after_write)
        dialog.open()
        return dialog

    def _after_write(self) -> None:
        self.reload()
        self.changed.emit()

    def delete_selected(self, what: str, delete: Callable[[int], None]) -> bool:
        rid = self.selected_id()
        if rid is None:
            return False
        if not common.confirm(self, "删除确认", f"确定删除这条{what}吗？删除后不能恢复。"):
            return False
        try:
            delete(rid)
        except UserError as exc:
            from ui.errors import show_error

            show_error(self, exc)
            return False
        self._after_write()
        return True

    def reload(self) -> None:
        raise NotImplementedError


class RegistrationTab(HistoryTab):
    headers = ("登记日期", "注销日期", "注销原因", "个人原因未就业", "剔除说明", "失业时间", "失业前身份")

    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(person_id, parent)
        self.add_btn = self.add_button("新增登记…", self.add)
        self.edit_btn = self.add_button("修改…", self.edit_selected, needs_selection=True)
        self.cancel_btn = self.add_button("注销…", self.cancel_selected, needs_selection=True)
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
        self.view.activated.connect(lambda _i: self.edit_selected())
        self.reload()

    def reload(self) -> None:
        regs = (
            Registration.select()
            .where(Registration.person == self.person_id)
            .order_by(Registration.registered_on)
        )
        self.model.set_records(
            [
                (
                    r.id,
                    (
                        fmt(r.registered_on),
                        fmt(r.cancelled_on) or "未注销",
                        r.cancel_reason,
                        _yes(r.personal_reason),
                        r.exclusion_note,
                        fmt(r.unemployed_on),
                        r.prior_status,
                    ),
                )
                for r in regs
            ]
        )

    def add(self) -> AddRegistrationDialog:
        dlg = AddRegistrationDialog(self.person_id, self)
        self.run_dialog(dlg)
        return dlg

    def edit_selected(self) -> AddRegistrationDialog | None:
        rid = self.selected_id()
        reg = Registration.get_or_none(Registration.id == rid) if rid is not None else None
        if reg is None:  # nothing selected, or deleted meanwhile
            return None
        dlg = AddRegistrationDialog(self.person_id, self, record=reg)
        self.run_dialog(dlg)
        return dlg

    def cancel_selected(self) -> CancelRegistrationDialog | None:
        rid = self.selected_id()
        if rid is None:
            return None
        dlg = CancelRegistrationDialog(rid, self)
        self.run_dialog(dlg)
        return dlg

    def delete(self) -> bool:
        return self.delete_selected("失业登记", ledger.delete_registration)


class RecognitionTab(HistoryTab):
    headers = ("认定日期", "认定类别", "帮扶等级", "取消日期", "取消原因")

    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(person_id, parent)
        self.add_btn = self.add_button("新增认定…", self.add)
        self.edit_btn = self.add_button("修改…", self.edit_selected, needs_selection=True)
        self.cancel_btn = self.add_button("取消认定…", self.cancel_selected, needs_selection=True)
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
        self.view.activated.connect(lambda _i: self.edit_selected())
        self.reload()

    def reload(self) -> None:
        recs = (
            Recognition.select()
            .where(Recognition.person == self.person_id)
            .order_by(Recognition.recognized_on)
        )
        self.model.set_records(
            [
                (
                    r.id,
                    (
                        fmt(r.recognized_on),
                        r.categories,
                        r.level,
                        fmt(r.cancelled_on) or "有效",
                        r.cancel_reason,
                    ),
                )
                for r in recs
            ]
        )

    def add(self) -> AddRecognitionDialog:
        dlg = AddRecognitionDialog(self.person_id, self)
        self.run_dialog(dlg)
        return dlg

    def edit_selected(self) -> AddRecognitionDialog | None:
        rid = self.selected_id()
        rec = Recognition.get_or_none(Recognition.id == rid) if rid is not None else None
        if rec is None:  # nothing selected, or deleted meanwhile
            return None
        dlg = AddRecognitionDialog(self.person_id, self, record=rec)
        self.run_dialog(dlg)
        return dlg

    def cancel_selected(self) -> CancelRecognitionDialog | None:
        rid = self.selected_id()
        if rid is None:
            return None
        dlg = CancelRecognitionDialog(rid, self)
        self.run_dialog(dlg)
        return dlg

    def delete(self) -> bool:
        return self.delete_selected("就业困难认定", ledger.delete_recognition)


class EmploymentTab(HistoryTab):
    headers = ("就业日期", "就业形式", "就业单位", "岗位编号", "离职日期", "就业类型", "岗位", "月收入")

    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(person_id, parent)
        self.add_btn = self.add_button("新增就业…", self.add)
        self.edit_btn = self.add_button("修改…", self.edit_selected, needs_selection=True)
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
        self.view.activated.connect(lambda _i: self.edit_selected())
        self.reload()

    def reload(self) -> None:
        emps = Employment.select().where(Employment.person == self.person_id).order_by(Employment.started_on)
        self.model.set_records(
            [
                (
                    e.id,
                    (
                        fmt(e.started_on),
                        e.form,
                        e.employer,
                        e.vacancy.code if e.vacancy is not None else "",
                        fmt(e.ended_on),
                        e.employment_type,
                        e.position,
                        "" if e.monthly_income is None else str(e.monthly_income),
                    ),
                )
                for e in emps
            ]
        )

    def add(self) -> AddEmploymentDialog:
        dlg = AddEmploymentDialog(self.person_id, self)
        self.run_dialog(dlg)
        return dlg

    def edit_selected(self) -> AddEmploymentDialog | None:
        rid = self.selected_id()
        emp = Employment.get_or_none(Employment.id == rid) if rid is not None else None
        if emp is None:  # nothing selected, or deleted meanwhile
            return None
        dlg = AddEmploymentDialog(self.person_id, self, record=emp)
        self.run_dialog(dlg)
        return dlg

    def delete(self) -> bool:
        return self.delete_selected("就业记录", ledger.delete_employment)
