"""登记就业及后续变更: when someone starts work the app offers what follows — the employment record,
cancelling the open unemployment registration with an employment reason, cancelling the difficulty
status with reason (五), clearing the zero-employment family. Each change is a check box that can be
undone until 保存; 保存 applies the ticked ones in one transaction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.errors import UserError
from app.register import start_work
from db.models import Person
from ui.forms.common import DateEdit, ErrorLabel, beside, code_combo
from ui.widgets.shortcuts import add_shortcut


class ConsequencesDialog(QDialog):
    applied = Signal(int)  # person id

    def __init__(
        self,
        person_id: int,
        parent: QWidget | None = None,
        *,
        proposal: start_work.StartWork | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.today = today or dt.date.today()
        self.proposal: start_work.StartWork | None = proposal
        person = Person.get_or_none(Person.id == person_id)
        self.setWindowTitle(f"登记就业 — {person.name if person else ''}")
        self.setMinimumWidth(620)

        self.started_on = DateEdit(self.today)
        self.form = code_combo(codes.EMPLOYMENT_FORM.values, blank=None)
        self.employer = QLineEdit()
        self.input_error = ErrorLabel()  # what concerns no single field (the person left the register)
        self.field_errors = {name: ErrorLabel() for name in ("started_on", "form", "employer")}
        for name, label in self.field_errors.items():
            label.setObjectName(f"error_{name}")
        fields = QFormLayout()
        fields.addRow("就业日期＊", beside(self.started_on, self.field_errors["started_on"]))
        fields.addRow("就业形式＊", beside(self.form, self.field_errors["form"]))
        fields.addRow("就业单位", beside(self.employer, self.field_errors["employer"]))
        self.inputs = QWidget()
        self.inputs.setLayout(fields)

        self.changes_box = QGroupBox("将同时进行的变更（取消勾选即不做该项）")
        self.changes_layout = QVBoxLayout(self.changes_box)
        self.checks: dict[str, QCheckBox] = {}

        self.general_error = ErrorLabel()
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        cancel = QPushButton("取消")
        cancel.clicked.connect(lambda _c=False: self.reject())
        row = QHBoxLayout()
        row.addWidget(self.general_error, 1)
        row.addWidget(self.save_button)
        row.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(self.inputs)
        lay.addWidget(self.input_error)
        lay.addWidget(self.changes_box)
        lay.addLayout(row)
        add_shortcut(self, "Ctrl+S", self.save)

        if proposal is not None:
            self.inputs.setVisible(False)
            self._show_changes()
        else:
            self.started_on.textChanged.connect(lambda _t: self.refresh())
            self.form.currentIndexChanged.connect(lambda _i: self.refresh())
            self.employer.textChanged.connect(lambda _t: self.refresh())
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the proposal from the inputs (nothing is written)."""
        self.input_error.show_message("")
        for label in self.field_errors.values():
            label.show_message("")
        try:
            self.proposal = start_work.propose(
                self.person_id,
                self.started_on.text(),
                self.form.currentData(),
                employer=self.employer.text(),
                today=self.today,
            )
        except UserError as exc:
            self.proposal = None
            beside_field = self.field_errors.get(getattr(exc, "field", None) or "")
            (beside_field or self.input_error).show_message(exc.message)
        self._show_changes()

    def _show_changes(self) -> None:
        keep = {key: box.isChecked() for key, box in self.checks.items()}
        for box in self.checks.values():
            self.changes_layout.removeWidget(box)
            box.deleteLater()
        self.checks = {}
        changes = self.proposal.changes if self.proposal is not None else []
        for change in changes:
            box = QCheckBox(change.text)
            box.setObjectName(f"change_{change.key}")
            box.setChecked(keep.get(change.key, True))
            self.changes_layout.addWidget(box)
            self.checks[change.key] = box
        if not changes and self.proposal is not None:
            none = QCheckBox("没有需要变更的记录")
            none.setEnabled(False)
            self.changes_layout.addWidget(none)
            self.checks["__none__"] = none
        self.save_button.setEnabled(self.proposal is not None and bool(self.accepted_keys()))

    def accepted_keys(self) -> set[str]:
        return {key for key, box in self.checks.items() if box.isChecked() and key != "__none__"}

    def save(self) -> bool:
        self.general_error.show_message("")
        if self.proposal is None:
            return False
        try:
            start_work.apply(self.proposal, self.accepted_keys())
        except UserError as exc:
            self.general_error.show_message(f"未保存：{exc.message}")
            return False
        self.applied.emit(self.person_id)
        self.accept()
        return True
