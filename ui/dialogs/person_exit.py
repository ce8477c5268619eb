"""登记离开台账: a person who moved away, died, retired or left otherwise, with the date. They stay in
the register with their history; from that date they are out of the working-age register and the
to-do list (:func:`app.register.ledger.set_exit`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from app.core import codes
from app.core.errors import FieldErrors, UserError
from app.register import ledger
from db.models import Person
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
