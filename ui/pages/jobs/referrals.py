"""The 推荐与回访 tab of 岗位与匹配: referrals with outcome and follow-up reminder (overdue highlighted);
outcome editor; a hire leads to the consequences dialog (employment record, cancellations, 就业状态)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import ui.dialogs as dialogs
from app.core import codes
from app.core.errors import UserError
from app.jobs import referrals
from app.register import start_work
from ui.errors import guard, show_error
from ui.models.jobs_referrals import PERIODS, ReferralTableModel
from ui.pages.jobs.common import (
    TAB_REFERRALS,
    TAB_VACANCIES,
    _button,
    _search,
    make_view,
    select_row,
)

if TYPE_CHECKING:
    from ui.pages.jobs.page import JobsPage


class ReferralsTab(QWidget):
    """推荐与回访."""

    def __init__(self, page: JobsPage) -> None:
        super().__init__(page)
        self.page = page
        self.referral_model = ReferralTableModel(self)
        self.referral_filter = _search("搜索：姓名、身份证号、电话、岗位、单位（Ctrl+F）")
        self.referral_filter.textChanged.connect(lambda _t: self.reload_referrals())
        self.outcome_combo = QComboBox()
        self.outcome_combo.addItem("全部结果", "")
        for o in codes.REFERRAL_OUTCOME.values:
            self.outcome_combo.addItem(o, o)
        self.outcome_combo.currentIndexChanged.connect(lambda _i: self.reload_referrals())
        self.period_combo = QComboBox()
        for label, days in PERIODS:
            self.period_combo.addItem(label, days)
        self.period_combo.currentIndexChanged.connect(lambda _i: self.reload_referrals())
        self.due_box = QCheckBox(f"只看待回访（满{referrals.FOLLOW_UP_DAYS}天未回访）")
        self.due_box.toggled.connect(lambda _on: self.reload_referrals())
        filters = QHBoxLayout()
        filters.addWidget(self.referral_filter, 1)
        filters.addWidget(self.outcome_combo)
        filters.addWidget(self.period_combo)
        filters.addWidget(self.due_box)

        self.due_banner = QLabel()
        self.due_banner.setObjectName("due_banner")
        self.due_banner.setWordWrap(True)
        self.referral_view = make_view(self.referral_model)
        self.referral_view.setObjectName("referral_view")
        self.referral_view.activated.connect(lambda _i: self.edit_outcome())
        self.referral_view.selectionModel().selectionChanged.connect(lambda *_: self._referral_buttons())
        self.referral_count = QLabel()
        self.outcome_button = _button("记录结果/回访…", self.edit_outcome, "Enter 或双击")
        self.hire_button = _button(
            "录用后续处理…",
            self.hire_followup,
            "已录用但当时未办理的：登记就业、注销失业登记、更新就业状态等",
        )
        self.referral_person_button = _button(
            "打开人员信息…",
            lambda: self.page.matching.open_person(self._selected_referral_field("person_id")),
        )
        self.delete_referral_button = _button("删除推荐", self.delete_selected_referral)
        bottom = QHBoxLayout()
        bottom.addWidget(self.referral_count, 1)
        for b in (
            self.outcome_button,
            self.hire_button,
            self.referral_person_button,
            self.delete_referral_button,
        ):
            bottom.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.due_banner)
        lay.addWidget(self.referral_view, 1)
        lay.addLayout(bottom)

    def reload_referrals(self) -> None:
        self.page.mark_loaded(TAB_REFERRALS)
        keep = self.selected_referral_id()
        f = self.referral_model.filter
        f.text = self.referral_filter.text()
        f.outcome = self.outcome_combo.currentData() or ""
        f.days = self.period_combo.currentData()
        f.due_only = self.due_box.isChecked()
        self.referral_model.load(self.page.today())
        rows = self.referral_model.rows()
        due_shown = sum(1 for r in rows if r.follow_up_due)
        self.referral_count.setText(f"共 {len(rows)} 条推荐，其中 {due_shown} 条应回访")
        self.page.update_due_count()
        due = self.page.due_count
        if due:
            self.due_banner.setText(
                f"回访提醒：有 {due} 条推荐已满 {referrals.FOLLOW_UP_DAYS} 天未回访，请电话询问结果后记录"
                "（勾选“只看待回访”可只列出这些）。"
            )
        self.due_banner.setVisible(bool(due))
        if keep is not None:
            select_row(self.referral_view, self.referral_model, keep)
        self._referral_buttons()

    def selected_referral_id(self) -> int | None:
        rows = self.referral_view.selectionModel().selectedRows()
        return self.referral_model.row_id(rows[0].row()) if rows else None

    def select_referral(self, referral_id: int) -> bool:
        return select_row(self.referral_view, self.referral_model, referral_id)

    def _selected_referral_field(self, name: str) -> Any:
        rid = self.selected_referral_id()
        row = self.referral_model.row_of_id(rid) if rid is not None else None
        item = self.referral_model.row(row) if row is not None else None
        return getattr(item, name) if item is not None else None

    def _referral_buttons(self) -> None:
        on = self.selected_referral_id() is not None
        for b in (self.outcome_button, self.referral_person_button, self.delete_referral_button):
            b.setEnabled(on)
        self.hire_button.setEnabled(self._selected_referral_field("outcome") == referrals.HIRED)

    def edit_outcome(self, referral_id: int | None = None) -> QDialog | None:
        from ui.dialogs.jobs_outcome import OutcomeDialog

        rid = referral_id if referral_id is not None else self.selected_referral_id()
        if rid is None:
            return None
        dialog = OutcomeDialog(rid, self, today=self.page.today())
        dialog.saved.connect(lambda _rid: self._outcome_saved(rid))
        dialog.hired.connect(self.show_consequences)
        return self.page.open_dialog(dialog)

    def _outcome_saved(self, referral_id: int) -> None:
        self.page.refresh(TAB_REFERRALS)
        self.select_referral(referral_id)
        self.page.say("推荐结果已记录")

    def show_consequences(self, proposal: start_work.StartWork) -> QDialog:
        """The hire consequences as check boxes (the case-work dialog), applied in one transaction."""
        from ui.dialogs.consequences import ConsequencesDialog

        dialog = ConsequencesDialog(proposal.person_id, self, proposal=proposal, today=self.page.today())
        dialog.setWindowTitle(f"录用后续处理 — {proposal.person_name}")
        dialog.applied.connect(lambda _pid, name=proposal.person_name: self._consequences_applied(name))
        return self.page.open_dialog(dialog)

    def _consequences_applied(self, name: str) -> None:
        self.page.reload()
        self.page.say(f"已为 {name} 登记就业并完成所选变更")

    def hire_followup(self) -> QDialog | None:
        """For a referral already 已录用: offer what is still missing (employment record …)."""
        rid = self.selected_referral_id()
        if rid is None:
            return None
        try:
            proposal = referrals.hire_consequences(rid, self.page.today())
        except UserError as exc:
            show_error(self, exc)
            return None
        if not proposal.changes:
            self.page.say(f"{proposal.person_name} 的录用后续变更都已办理，无需再处理")
            return None
        return self.show_consequences(proposal)

    def delete_selected_referral(self) -> bool:
        rid = self.selected_referral_id()
        if rid is None:
            return False
        name = self._selected_referral_field("person_name")
        title = self._selected_referral_field("vacancy_title")
        if not dialogs.confirm(self, "删除推荐", f"确定删除 {name} 推荐到“{title}”的记录吗？", yes="删除"):
            return False
        with guard(self):
            referrals.delete_referral(rid)
            self.page.say("推荐记录已删除")
        self.page.refresh(TAB_REFERRALS, TAB_VACANCIES)
        return True
