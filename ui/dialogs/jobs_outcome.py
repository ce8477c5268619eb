"""推荐结果 / 回访 editor. When the outcome becomes 已录用, the caller is handed the proposal of what
follows (employment record, cancellations, clearing a zero-employment family, 就业状态 and 就业单位),
which the case-work consequences dialog (ui.dialogs.consequences) shows as check boxes and applies in
one transaction."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.errors import UserError, ValidationError
from app.jobs import referrals
from app.register import start_work
from db.models import Employer, Person, Referral, Vacancy
from ui import theme
from ui.forms.common import DateEdit, ErrorLabel, beside, code_combo, set_combo_data
from ui.widgets.screen import fit_size
from ui.widgets.shortcuts import add_shortcut


class OutcomeDialog(QDialog):
    """Record the outcome and the 回访 date of referral ``referral_id``."""

    hired = Signal(object)  # the start_work.StartWork proposal, when the outcome became 已录用
    saved = Signal(int)  # referral id

    def __init__(self, referral_id: int, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.referral_id = referral_id
        self.today = today or dt.date.today()
        self.proposal: start_work.StartWork | None = None
        r = Referral.get_by_id(referral_id)
        person = Person.get_by_id(r.person_id)
        v = Vacancy.get_by_id(r.vacancy_id)
        employer = Employer.get_by_id(v.employer_id)
        self.setWindowTitle(f"推荐结果与回访 — {person.name}")

        info = QLabel(
            f"<b>{person.name}</b>　{r.referred_on} 推荐到 <b>{v.title}</b>（{employer.name}，{v.code}）"
            + (f"<br>备注：{r.note}" if r.note else "")
        )
        info.setWordWrap(True)
        self.outcome = code_combo(codes.REFERRAL_OUTCOME.values, blank=None)
        self.outcome.setObjectName("field_outcome")
        set_combo_data(self.outcome, r.outcome)
        self.outcome_error = ErrorLabel()
        self.follow_edit = DateEdit(r.followed_up_on or max(self.today, r.referred_on))
        self.follow_edit.setObjectName("field_followed_up_on")
        self.follow_error = ErrorLabel()
        hint = QLabel(
            f"回访：推荐后 {referrals.FOLLOW_UP_DAYS} 天内电话询问结果；"
            "选“已录用”后将提示登记就业及后续变更。"
        )
        hint.setWordWrap(True)
        theme.apply(hint, theme.HINT_TEXT)
        form = QFormLayout()
        form.addRow("推荐结果＊", beside(self.outcome, self.outcome_error, 160))
        form.addRow("回访日期", beside(self.follow_edit, self.follow_error, 160))
        self.error = ErrorLabel()
        self.error.setObjectName("outcome_error")

        save = QPushButton("保存 (Ctrl+S)")
        save.setDefault(True)
        save.clicked.connect(lambda _c=False: self.save())
        cancel = QPushButton("取消")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(lambda _c=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(save)
        buttons.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addLayout(form)
        lay.addWidget(hint)
        lay.addStretch(1)
        lay.addLayout(buttons)
        add_shortcut(self, "Ctrl+S", self.save)
        fit_size(self, 600, 260)

    def set_outcome(self, outcome: str) -> None:
        set_combo_data(self.outcome, outcome)

    def save(self) -> bool:
        for label in (self.error, self.outcome_error, self.follow_error):
            label.show_message("")
        try:
            proposal = referrals.record_outcome(
                self.referral_id, self.outcome.currentData(), self.follow_edit.text(), today=self.today
            )
        except ValidationError as exc:
            target = {"outcome": self.outcome_error, "followed_up_on": self.follow_error}.get(exc.field or "")
            (target or self.error).show_message(exc.message)
            return False
        except UserError as exc:
            self.error.show_message(exc.message)
            return False
        self.saved.emit(self.referral_id)
        if proposal is not None:
            self.proposal = proposal
            self.hired.emit(self.proposal)
        self.accept()
        return True
