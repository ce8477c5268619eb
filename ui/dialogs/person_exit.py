"""登记离开台账: a person who moved away, died, retired or left otherwise, with the date. They stay in
the register with their history; from that date they are out of the working-age register and the
to-do list (:func:`app.register.ledger.set_exit`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel, QWidget

from app.core import codes
from app.core.errors import FieldErrors, UserError
from app.register import ledger
from db.models import Person
from ui import theme
from ui.forms.common import code_combo
from ui.forms.history import RecordDialog


class ExitDialog(RecordDialog):
    """离开原因 and 离开日期 (default today), checked as typed."""

    def __init__(self, person_id: int, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        person = Person.get_by_id(person_id)
        super().__init__(f"登记离开台账 — {person.name}", parent)
        self.person_id = person_id
        self.today = today or dt.date.today()
        self.reason = code_combo(codes.EXIT_STATUS.values, blank=None)
        self.reason.setObjectName("field_exit_status")
        self.add_field("exit_status", "离开原因＊", self.reason)
        self.date_edit = self.add_date("exit_date", "离开日期＊", self.today, required=True)
        self.date_edit.setObjectName("field_exit_date")
        # The standards count a registration or recognition by its own cancellation reason (STANDARDS.md,
        # cancellation classes), not by the person's status: say what is still open.
        still = [
            text
            for text, row in (
                ("失业登记", ledger.open_registration(person_id)),
                ("就业困难认定", ledger.open_recognition(person_id)),
            )
            if row is not None
        ]
        self.open_note = QLabel(
            f"该人员的{'、'.join(still)}仍未注销：请在人员信息的相应页签按实际原因注销"
            "（如 死亡、达到法定退休年龄、移居境外），自评按注销原因计数。"
            if still
            else ""
        )
        self.open_note.setWordWrap(True)
        theme.apply(self.open_note, theme.PENDING_TEXT)
        self.open_note.setVisible(bool(still))
        self.form.addRow(self.open_note)

    def precheck(self) -> bool:
        return self._check_date("exit_date", self.date_edit, "离开日期", True)

    def apply(self) -> None:
        ledger.set_exit(self.person_id, self.reason.currentData(), self.date_edit.text(), self.today)

    def show_error(self, exc: UserError) -> None:
        if isinstance(exc, FieldErrors):
            for name, message in exc.errors.items():
                (self.errors.get(name) or self.general_error).show_message(message)
        else:
            super().show_error(exc)
