"""The person form's history tabs (失业登记, 就业困难认定, 就业记录) and their small editor dialogs.

Every write goes through ``app.ledger``; a rule breach (overlap, a missing reason…) is shown in
Chinese in the dialog, beside the field when the rule names one, and the dialog stays open.

A new current employment (no 离职日期, not in the future) goes the way of 登记就业 on the case-work page:
``app.casework.employment_consequences`` proposes what follows (cancelling the open registration, the
difficulty status, clearing the zero-employment family, updating 就业状态) and
:class:`~ui.dialogs.consequences.ConsequencesDialog` offers it; the record and the ticked changes are
written together in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.dates import fmt
from app.core.errors import FieldErrors, UserError, ValidationError
from app.register import ledger, start_work
from db.models import Employment, Recognition, Registration, Vacancy
from ui.forms import common
from ui.forms.common import DateEdit, ErrorLabel, beside, code_combo
from ui.models.history import RecordTableModel
from ui.widgets.tables import setup_table

# ---------------------------------------------------------------------------- editor dialogs


class RecordDialog(QDialog):
    """A small form: fields with error labels beside them, a general error line, 确定 / 取消.

    Subclasses add fields with :meth:`add_field` and implement :meth:`apply` (the ledger call).
    """

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.form = QFormLayout()
        self.errors: dict[str, ErrorLabel] = {}
        self.general_error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("确定")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.general_error)
        lay.addWidget(self.buttons)

    def add_field(self, name: str, label: str, widget: QWidget) -> None:
        err = ErrorLabel()
        self.errors[name] = err
        self.form.addRow(label, beside(widget, err))

    def add_date(self, name: str, label: str, value: dt.date | None, required: bool) -> DateEdit:
        edit = DateEdit(value)
        self.add_field(name, label, edit)
        edit.textChanged.connect(lambda _t: self._check_date(name, edit, label, required))
        return edit

    def _check_date(self, name: str, edit: DateEdit, label: str, required: bool) -> bool:
        try:
            common.check_date_field(edit, self.errors[name], label, required)
        except ValidationError:
            return False
        return True

    def show_error(self, exc: UserError) -> None:
        field = getattr(exc, "field", None)
        if field and field in self.errors:
            self.errors[field].show_message(exc.message)
            self.general_error.show_message("")
        else:
            self.general_error.show_message(exc.message)

    def precheck(self) -> bool:
        """Field checks before the ledger call (dates as typed); True when all fine."""
        return True

    def apply(self) -> None:
        raise NotImplementedError

    def submit(self) -> bool:
        """Validate and write; accept on success, otherwise show why and stay open."""
        for err in self.errors.values():
            err.show_message("")
        self.general_error.show_message("")
        if not self.precheck():
            return False
        try:
            self.apply()
        except UserError as exc:
            self.show_error(exc)
            return False
        self.accept()
        return True


class AddRegistrationDialog(RecordDialog):
    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__("新增失业登记", parent)
        self.person_id = person_id
        self.registered_on = self.add_date("registered_on", "登记日期", dt.date.today(), True)
        self.personal_reason = QCheckBox("个人原因未就业（剔除人员）")
        self.add_field("personal_reason", "", self.personal_reason)
        self.exclusion_note = QLineEdit()
        self.exclusion_note.setPlaceholderText("标记个人原因未就业时必填")
        self.add_field("exclusion_note", "剔除说明", self.exclusion_note)
        self.unemployed_on = self.add_date("unemployed_on", "失业时间", None, False)
        self.prior_status = code_combo(codes.PRIOR_STATUS.values)
        self.add_field("prior_status", "失业前身份", self.prior_status)

    def precheck(self) -> bool:
        ok = self._check_date("registered_on", self.registered_on, "登记日期", True)
        return self._check_date("unemployed_on", self.unemployed_on, "失业时间", False) and ok

    def apply(self) -> None:
        ledger.add_registration(
            self.person_id,
            self.registered_on.text(),
            personal_reason=self.personal_reason.isChecked(),
            exclusion_note=self.exclusion_note.text(),
            unemployed_on=self.unemployed_on.text(),
            prior_status=self.prior_status.currentData(),
        )


class CancelRegistrationDialog(RecordDialog):
    def __init__(self, registration_id: int, parent: QWidget | None = None) -> None:
        super().__init__("注销失业登记", parent)
        self.registration_id = registration_id
        self.cancelled_on = self.add_date("cancelled_on", "注销日期", dt.date.today(), True)
        self.reason = code_combo(codes.REGISTRATION_CANCEL.values, blank="（请选择）")
        self.add_field("cancel_reason", "注销原因", self.reason)

    def precheck(self) -> bool:
        return self._check_date("cancelled_on", self.cancelled_on, "注销日期", True)

    def apply(self) -> None:
        ledger.cancel_registration(self.registration_id, self.cancelled_on.text(), self.reason.currentData())


class AddRecognitionDialog(RecordDialog):
    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__("新增就业困难认定", parent)
        self.person_id = person_id
        self.recognized_on = self.add_date("recognized_on", "认定日期", dt.date.today(), True)
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.category_boxes: dict[str, QCheckBox] = {}
        for i, cat in enumerate(codes.DIFFICULTY_CATEGORIES.values):
            cb = QCheckBox(cat)
            self.category_boxes[cat] = cb
            grid.addWidget(cb, i // 3, i % 3)
        self.add_field("categories", "认定类别", box)
        self.level = code_combo(codes.SERVICE_LEVEL.values)
        self.add_field("level", "帮扶等级", self.level)

    def set_categories(self, cats: list[str]) -> None:
        for cat, cb in self.category_boxes.items():
            cb.setChecked(cat in cats)

    def categories(self) -> str:
        return "、".join(cat for cat, cb in self.category_boxes.items() if cb.isChecked())

    def precheck(self) -> bool:
        return self._check_date("recognized_on", self.recognized_on, "认定日期", True)

    def apply(self) -> None:
        ledger.add_recognition(
            self.person_id, self.recognized_on.text(), self.categories(), level=self.level.currentData()
        )


class CancelRecognitionDialog(RecordDialog):
    def __init__(self, recognition_id: int, parent: QWidget | None = None) -> None:
        super().__init__("取消就业困难认定", parent)
        self.recognition_id = recognition_id
        self.cancelled_on = self.add_date("cancelled_on", "取消日期", dt.date.today(), True)
        self.reason = code_combo(codes.DIFFICULTY_CANCEL.values, blank="（请选择）")
        self.add_field("cancel_reason", "取消原因", self.reason)

    def precheck(self) -> bool:
        return self._check_date("cancelled_on", self.cancelled_on, "取消日期", True)

    def apply(self) -> None:
        ledger.cancel_recognition(self.recognition_id, self.cancelled_on.text(), self.reason.currentData())


class AddEmploymentDialog(RecordDialog):
    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__("新增就业记录", parent)
        self.setMinimumWidth(620)  # room for the label 统一社会信用代码 beside the field and its message
        self.person_id = person_id
        self.started_on = self.add_date("started_on", "就业日期", dt.date.today(), True)
        self.form_combo = code_combo(codes.EMPLOYMENT_FORM.values, blank="（请选择）")
        self.add_field("form", "就业形式", self.form_combo)
        self.employer = QLineEdit()
        self.add_field("employer", "就业单位", self.employer)
        self.vacancy_code = QLineEdit()
        self.vacancy_code.setPlaceholderText("来自本站岗位时填写")
        self.add_field("vacancy_code", "岗位编号", self.vacancy_code)
        self.ended_on = self.add_date("ended_on", "离职日期", None, False)
        self.employment_type = code_combo(codes.EMPLOYMENT_TYPE.values)
        self.add_field("employment_type", "就业类型", self.employment_type)
        self.channel = code_combo(codes.EMPLOYMENT_CHANNEL.values)
        self.add_field("channel", "就业渠道", self.channel)
        self.industry = code_combo(codes.INDUSTRY.values)
        self.add_field("industry", "所属产业", self.industry)
        self.credit_code = QLineEdit()
        self.credit_code.setPlaceholderText("18位，单位就业时填写")
        self.add_field("credit_code", "统一社会信用代码", self.credit_code)
        self.position = QLineEdit()
        self.add_field("position", "岗位", self.position)
        self.monthly_income = QLineEdit()
        self.monthly_income.setPlaceholderText("元/月，整数")
        self.add_field("monthly_income", "月收入", self.monthly_income)
        self.contract = code_combo(("是", "否"))
        self.add_field("contract", "劳动合同", self.contract)
        self.contract_term = QLineEdit()
        self.contract_term.setPlaceholderText("签了劳动合同时填写，如 3年")
        self.add_field("contract_term", "合同期限", self.contract_term)

        self.consequences_dialog: QDialog | None = None
        self.today: dt.date | None = None  # tests fix "today"; None = the real date

    def details(self) -> dict[str, object]:
        """The record's details as entered (ledger.EMPLOYMENT_DETAILS)."""
        return {
            "employment_type": self.employment_type.currentData(),
            "channel": self.channel.currentData(),
            "industry": self.industry.currentData(),
            "credit_code": self.credit_code.text(),
            "position": self.position.text(),
            "monthly_income": self.monthly_income.text(),
            "contract": self.contract.currentData(),
            "contract_term": self.contract_term.text(),
        }

    def precheck(self) -> bool:
        ok = self._check_date("started_on", self.started_on, "就业日期", True)
        ok = self._check_date("ended_on", self.ended_on, "离职日期", False) and ok
        try:
            ledger.employment_details(self.details())
        except FieldErrors as exc:
            for name, message in exc.errors.items():
                self.errors[name].show_message(message)
            return False
        return ok

    def _form(self) -> str:
        form = self.form_combo.currentData()
        if not form:
            raise ValidationError("请选择就业形式", field="form")
        return str(form)

    def proposal(self) -> start_work.StartWork | None:
        """What else follows from this employment (the case-work page's 登记就业 proposal), or None when
        it is a plain record: it has a 离职日期, starts in the future, or changes nothing else."""
        form = self._form()
        start = self.started_on.date("就业日期")
        today = self.today or dt.date.today()
        if self.ended_on.text().strip() or start is None or start > today:
            return None
        code = self.vacancy_code.text().strip()
        if code and Vacancy.get_or_none(Vacancy.code == code) is None:
            raise ValidationError(f"岗位编号 {code} 不存在", field="vacancy_code")
        proposal = start_work.propose(
            self.person_id, start, form, employer=self.employer.text(), vacancy_code=code, today=today
        )
        if not proposal.add_employment or proposal.keys <= {start_work.EMPLOYMENT}:
            return None  # a duplicate is refused by the ledger below; nothing else to offer
        return dataclasses.replace(proposal, details=tuple(self.details().items()))

    def apply(self) -> None:
        ledger.add_employment(
            self.person_id,
            self.started_on.text(),
            self._form(),
            employer=self.employer.text(),
            vacancy_code=self.vacancy_code.text(),
            ended_on=self.ended_on.text(),
            details=self.details(),
        )

    def submit(self) -> bool:
        """A plain record is written at once; one with consequences opens the 登记就业 dialog with the
        proposal (nothing written yet); this dialog is accepted when that one is saved."""
        for err in self.errors.values():
            err.show_message("")
        self.general_error.show_message("")
        if not self.precheck():
            return False
        try:
            proposal = self.proposal()
            if proposal is None:
                self.apply()
        except UserError as exc:
            self.show_error(exc)
            return False
        if proposal is None:
            self.accept()
            return True
        self.offer_consequences(proposal)
        return False

    def offer_consequences(self, proposal: start_work.StartWork) -> QDialog:
        from ui.dialogs.consequences import ConsequencesDialog

        dlg = ConsequencesDialog(self.person_id, self, proposal=proposal, today=self.today)
        dlg.setWindowTitle(f"新增就业记录及后续变更 — {proposal.person_name}")
        dlg.applied.connect(lambda _pid: self.accept())
        self.consequences_dialog = dlg
        dlg.open()
        return dlg


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
        self.cancel_btn = self.add_button("注销…", self.cancel_selected, needs_selection=True)
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
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
        self.cancel_btn = self.add_button("取消认定…", self.cancel_selected, needs_selection=True)
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
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
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
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

    def delete(self) -> bool:
        return self.delete_selected("就业记录", ledger.delete_employment)
