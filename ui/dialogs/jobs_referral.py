"""推荐 dialog: refer one or several people to one vacancy in one step (all or nothing).

A closed (已招满/已关闭) or expired vacancy is warned about in red, with a ‘仍然推荐’ check box: the
referral is refused until it is ticked (on purpose). The same person referred twice to one vacancy on
one day is refused with the person's name. The dialog stays open with everything typed on a refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.dates import parse_date
from app.core.errors import UserError, ValidationError
from app.jobs import referrals
from app.jobs.vacancies import is_expired
from db.models import Employer, Vacancy
from ui import theme
from ui.forms.common import DateEdit, ErrorLabel, beside
from ui.widgets.screen import fit_size
from ui.widgets.shortcuts import add_shortcut

ALLOW_TEXT = "仍然推荐"


class ReferralDialog(QDialog):
    """Refer ``person_ids`` (shown by ``names``) to vacancy ``vacancy_id``."""

    referred = Signal(list)  # ids of the referrals made

    def __init__(
        self,
        vacancy_id: int,
        person_ids: Sequence[int],
        names: Sequence[str],
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.vacancy_id = vacancy_id
        self.person_ids = list(person_ids)
        self.names = list(names)
        self.made: list[int] = []
        v = Vacancy.get_by_id(vacancy_id)
        self.vacancy = v
        employer = Employer.get_by_id(v.employer_id)
        self.setWindowTitle("推荐到岗位")

        head = QLabel(
            f"<b>{v.code}　{v.title}</b>　{employer.name}（{v.kind}，招聘 {v.headcount} 人，状态：{v.status}"
            + (f"，有效期至 {v.valid_until}" if v.valid_until else "")
            + "）"
        )
        head.setWordWrap(True)
        shown = "、".join(self.names[:12]) + (f" 等 {len(self.names)} 人" if len(self.names) > 12 else "")
        people = QLabel(f"推荐人员（{len(self.person_ids)} 人）：{shown}")
        people.setObjectName("people_label")
        people.setWordWrap(True)

        self.date_edit = DateEdit(today or dt.date.today())
        self.date_edit.setObjectName("field_referred_on")
        self.date_error = ErrorLabel()
        self.date_edit.textChanged.connect(lambda _t: self._date_changed())
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("field_note")
        self.note_edit.setPlaceholderText("如 电话推荐、陪同面试")
        form = QFormLayout()
        form.addRow("推荐日期＊", beside(self.date_edit, self.date_error, 160))
        form.addRow("备注", self.note_edit)

        self.warning = QLabel()
        self.warning.setObjectName("closed_warning")
        self.warning.setWordWrap(True)
        theme.apply(self.warning, theme.WARNING_BOX)
        self.allow_box = QCheckBox(ALLOW_TEXT)
        self.allow_box.setObjectName("allow_closed")
        self.allow_box.setToolTip("岗位已关闭或过期时，确需推荐（例如单位仍在补录）请勾选")
        self.error = ErrorLabel()
        self.error.setObjectName("refer_error")

        self.ok_button = QPushButton("推荐")
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(lambda _c=False: self.submit())
        cancel = QPushButton("取消")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(lambda _c=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)

        lay = QVBoxLayout(self)
        lay.addWidget(head)
        lay.addWidget(people)
        lay.addLayout(form)
        lay.addWidget(self.warning)
        lay.addWidget(self.allow_box)
        lay.addWidget(self.error)
        lay.addStretch(1)
        lay.addLayout(buttons)
        add_shortcut(self, "Ctrl+S", self.submit)
        fit_size(self, 620, 320)
        self._date_changed()

    # ------------------------------------------------------------------ the warning

    def closed_reason(self, day: dt.date | None) -> str:
        """Why the vacancy is not open on ``day`` ('' when it is)."""
        v = self.vacancy
        if v.status != codes.VACANCY_STATUS_DEFAULT:
            return f"岗位“{v.title}”状态为{v.status}。{referrals.CLOSED_WARNING}"
        if day is not None and is_expired(v, day):
            return f"岗位“{v.title}”有效期至 {v.valid_until}，已过期。{referrals.CLOSED_WARNING}"
        return ""

    def _date_changed(self) -> None:
        try:
            day = parse_date(self.date_edit.text(), "推荐日期")
        except ValidationError as exc:
            self.date_error.show_message(exc.message)
            day = None
        else:
            self.date_error.show_message("" if day is not None else "推荐日期不能为空")
        self._show_warning(self.closed_reason(day or dt.date.today()))

    def _show_warning(self, text: str) -> None:
        self.warning.setText(text)
        self.warning.setVisible(bool(text))
        self.allow_box.setVisible(bool(text))
        if not text:
            self.allow_box.setChecked(False)

    # ------------------------------------------------------------------ refer

    def submit(self) -> bool:
        """Refer everyone; True when written. Refusals are shown in the dialog, which stays open."""
        self.error.show_message("")
        try:
            made = referrals.refer(
                self.person_ids,
                self.vacancy_id,
                self.date_edit.text(),
                self.note_edit.text(),
                allow_closed=self.allow_box.isChecked(),
            )
        except referrals.ClosedVacancyWarning as exc:
            self._show_warning(exc.message)
            self.error.show_message(f"未推荐：请确认后勾选‘{ALLOW_TEXT}’")
            return False
        except ValidationError as exc:
            if exc.field == "referred_on":
                self.date_error.show_message(exc.message)
            self.error.show_message(exc.message)
            return False
        except UserError as exc:
            self.error.show_message(exc.message)
            return False
        self.made = [r.id for r in made]
        self.referred.emit(self.made)
        self.accept()
        return True
