"""The editor dialogs of the person form's history tabs: adding and correcting a 失业登记, 就业困难认定 or
就业记录, and cancelling (ending) one.

Every write goes through ``app.register`` (:mod:`~app.register.ledger` to add and cancel,
:mod:`~app.register.corrections` to correct); a rule breach (overlap, a missing reason…) is shown in
Chinese in the dialog, beside the field when the rule names one, and the dialog stays open. Correcting
opens the dialog of adding, prefilled with the record and titled 修改…; it also shows the record's end
(注销 / 取消) so a wrong end date can be fixed or taken back.

A new current employment (no 离职日期, not in the future) goes the way of 登记就业 on the case-work page:
``app.casework.employment_consequences`` proposes what follows (cancelling the open registration, the
difficulty status, clearing the zero-employment family, updating 就业状态) and
:class:`~ui.dialogs.consequences.ConsequencesDialog` offers it; the record and the ticked changes are
written together in one transaction. A correction writes the record alone.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.errors import FieldErrors, UserError, ValidationError
from app.register import corrections, ledger, start_work
from db.models import Employment, Recognition, Registration, Vacancy
from ui.forms import common
from ui.forms.common import DateEdit, ErrorLabel, beside, code_combo, set_combo_data


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
    """新增失业登记, or with ``record`` 修改失业登记 (prefilled, with its 注销日期 and 注销原因)."""

    def __init__(
        self, person_id: int, parent: QWidget | None = None, record: Registration | None = None
    ) -> None:
        super().__init__("修改失业登记" if record is not None else "新增失业登记", parent)
        self.person_id = person_id
        self.record = record
        self.registered_on = self.add_date(
            "registered_on", "登记日期", record.registered_on if record else dt.date.today(), True
        )
        self.personal_reason = QCheckBox("个人原因未就业（剔除人员）")
        self.add_field("personal_reason", "", self.personal_reason)
        self.exclusion_note = QLineEdit()
        self.exclusion_note.setPlaceholderText("标记个人原因未就业时必填")
        self.add_field("exclusion_note", "剔除说明", self.exclusion_note)
        self.unemployed_on = self.add_date("unemployed_on", "失业时间", None, False)
        self.prior_status = code_combo(codes.PRIOR_STATUS.values)
        self.add_field("prior_status", "失业前身份", self.prior_status)
        self.cancelled_on: DateEdit | None = None
        self.cancel_reason: QComboBox | None = None
        if record is not None:
            self.cancelled_on = self.add_date("cancelled_on", "注销日期", record.cancelled_on, False)
            self.cancel_reason = code_combo(codes.REGISTRATION_CANCEL.values, blank="（未注销）")
            self.add_field("cancel_reason", "注销原因", self.cancel_reason)
            set_combo_data(self.cancel_reason, record.cancel_reason)
            self.personal_reason.setChecked(bool(record.personal_reason))
            self.exclusion_note.setText(record.exclusion_note)
            self.unemployed_on.set_date(record.unemployed_on)
            set_combo_data(self.prior_status, record.prior_status)

    def precheck(self) -> bool:
        ok = self._check_date("registered_on", self.registered_on, "登记日期", True)
        if self.cancelled_on is not None:
            ok = self._check_date("cancelled_on", self.cancelled_on, "注销日期", False) and ok
        return self._check_date("unemployed_on", self.unemployed_on, "失业时间", False) and ok

    def apply(self) -> None:
        values = {
            "personal_reason": self.personal_reason.isChecked(),
            "exclusion_note": self.exclusion_note.text(),
            "unemployed_on": self.unemployed_on.text(),
            "prior_status": self.prior_status.currentData(),
        }
        if self.record is None:
            ledger.add_registration(self.person_id, self.registered_on.text(), **values)
            return
        assert self.cancelled_on is not None and self.cancel_reason is not None
        corrections.update_registration(
            self.record.id,
            registered_on=self.registered_on.text(),
            cancelled_on=self.cancelled_on.text(),
            cancel_reason=self.cancel_reason.currentData(),
            **values,
        )


class _EndRecordDialog(RecordDialog):
    """Ending a record on a day, for a reason of a code list: 注销失业登记, 取消就业困难认定."""

    def __init__(
        self,
        title: str,
        what: str,
        reasons: tuple[str, ...],
        end: Callable[[object, str], object],
        parent: QWidget | None,
    ) -> None:
        super().__init__(title, parent)
        self.end, self.date_label = end, f"{what}日期"
        self.cancelled_on = self.add_date("cancelled_on", self.date_label, dt.date.today(), True)
        self.reason = code_combo(reasons, blank="（请选择）")
        self.add_field("cancel_reason", f"{what}原因", self.reason)

    def precheck(self) -> bool:
        return self._check_date("cancelled_on", self.cancelled_on, self.date_label, True)

    def apply(self) -> None:
        self.end(self.cancelled_on.text(), self.reason.currentData())


class CancelRegistrationDialog(_EndRecordDialog):
    def __init__(self, registration_id: int, parent: QWidget | None = None) -> None:
        def end(on: object, reason: str) -> object:
            return ledger.cancel_registration(registration_id, on, reason)

        super().__init__("注销失业登记", "注销", codes.REGISTRATION_CANCEL.values, end, parent)
        self.registration_id = registration_id


class AddRecognitionDialog(RecordDialog):
    """新增就业困难认定, or with ``record`` 修改就业困难认定 (prefilled, with its 取消日期 and 取消原因)."""

    def __init__(
        self, person_id: int, parent: QWidget | None = None, record: Recognition | None = None
    ) -> None:
        super().__init__("修改就业困难认定" if record is not None else "新增就业困难认定", parent)
        self.person_id = person_id
        self.record = record
        self.recognized_on = self.add_date(
            "recognized_on", "认定日期", record.recognized_on if record else dt.date.today(), True
        )
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
        self.cancelled_on: DateEdit | None = None
        self.cancel_reason: QComboBox | None = None
        if record is not None:
            self.cancelled_on = self.add_date("cancelled_on", "取消日期", record.cancelled_on, False)
            self.cancel_reason = code_combo(codes.DIFFICULTY_CANCEL.values, blank="（未取消）")
            self.add_field("cancel_reason", "取消原因", self.cancel_reason)
            set_combo_data(self.cancel_reason, record.cancel_reason)
            self.set_categories(codes.split_categories(record.categories))
            set_combo_data(self.level, record.level)

    def set_categories(self, cats: list[str]) -> None:
        for cat, cb in self.category_boxes.items():
            cb.setChecked(cat in cats)

    def categories(self) -> str:
        return "、".join(cat for cat, cb in self.category_boxes.items() if cb.isChecked())

    def precheck(self) -> bool:
        ok = self._check_date("recognized_on", self.recognized_on, "认定日期", True)
        if self.cancelled_on is not None:
            ok = self._check_date("cancelled_on", self.cancelled_on, "取消日期", False) and ok
        return ok

    def apply(self) -> None:
        if self.record is None:
            ledger.add_recognition(
                self.person_id, self.recognized_on.text(), self.categories(), level=self.level.currentData()
            )
            return
        assert self.cancelled_on is not None and self.cancel_reason is not None
        corrections.update_recognition(
            self.record.id,
            recognized_on=self.recognized_on.text(),
            categories=self.categories(),
            level=self.level.currentData(),
            cancelled_on=self.cancelled_on.text(),
            cancel_reason=self.cancel_reason.currentData(),
        )


class CancelRecognitionDialog(_EndRecordDialog):
    def __init__(self, recognition_id: int, parent: QWidget | None = None) -> None:
        def end(on: object, reason: str) -> object:
            return ledger.cancel_recognition(recognition_id, on, reason)

        super().__init__("取消就业困难认定", "取消", codes.DIFFICULTY_CANCEL.values, end, parent)
        self.recognition_id = recognition_id


class AddEmploymentDialog(RecordDialog):
    """新增就业记录, or with ``record`` 修改就业记录 (prefilled; saving writes the record alone)."""

    def __init__(
        self, person_id: int, parent: QWidget | None = None, record: Employment | None = None
    ) -> None:
        super().__init__("修改就业记录" if record is not None else "新增就业记录", parent)
        self.setMinimumWidth(620)  # room for the label 统一社会信用代码 beside the field and its message
        self.person_id = person_id
        self.record = record
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
        if record is not None:
            self.prefill(record)

    def prefill(self, record: Employment) -> None:
        self.started_on.set_date(record.started_on)
        set_combo_data(self.form_combo, record.form)
        self.employer.setText(record.employer)
        self.vacancy_code.setText(record.vacancy.code if record.vacancy is not None else "")
        self.ended_on.set_date(record.ended_on)
        set_combo_data(self.employment_type, record.employment_type)
        set_combo_data(self.channel, record.channel)
        set_combo_data(self.industry, record.industry)
        self.credit_code.setText(record.credit_code)
        self.position.setText(record.position)
        self.monthly_income.setText("" if record.monthly_income is None else str(record.monthly_income))
        set_combo_data(self.contract, "" if record.contract is None else "是" if record.contract else "否")
        self.contract_term.setText(record.contract_term)

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
        if self.record is not None:
            corrections.update_employment(
                self.record.id,
                started_on=self.started_on.text(),
                form=self._form(),
                employer=self.employer.text(),
                vacancy_code=self.vacancy_code.text(),
                ended_on=self.ended_on.text(),
                **self.details(),
            )
            return
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
        """A plain record (and every correction) is written at once; one with consequences opens the
        登记就业 dialog with the proposal (nothing written yet); this dialog is accepted when that one is
        saved."""
        for err in self.errors.values():
            err.show_message("")
        self.general_error.show_message("")
        if not self.precheck():
            return False
        try:
            proposal = self.proposal() if self.record is None else None
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
