"""The 岗位与匹配 page: the four tabs, the message line, and what the main window and the 工作台 call."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QTabWidget, QVBoxLayout, QWidget

from app.core.errors import UserError
from app.jobs import referrals
from ui import theme
from ui.errors import guard
from ui.models.jobs_referrals import PERIODS
from ui.models.jobs_vacancies import STATUS_ALL
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.pages.jobs.common import (
    TAB_EMPLOYERS,
    TAB_MATCHING,
    TAB_REFERRALS,
    TAB_TITLES,
    TAB_VACANCIES,
    VIEW_SEEKER,
    select_row,
)
from ui.pages.jobs.employers import EmployersTab
from ui.pages.jobs.matching import MatchingTab
from ui.pages.jobs.referrals import ReferralsTab
from ui.pages.jobs.vacancies import VacanciesTab


class JobsPage(QWidget):
    """岗位与匹配."""

    REFRESHES_ON_SHOW: ClassVar[bool] = False  # the window calls reload() when the data changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fixed_today: dt.date | None = None  # tests and screenshots pin the day
        self.current_dialog: QDialog | None = None
        theme.apply(self, theme.JOBS_PAGE)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("jobs_tabs")
        self.vacancies = VacanciesTab(self)
        self.employers = EmployersTab(self)
        self.matching = MatchingTab(self)
        self.referrals = ReferralsTab(self)
        self.tab_keys: list[str] = []
        for key, tab in (
            (TAB_VACANCIES, self.vacancies),
            (TAB_EMPLOYERS, self.employers),
            (TAB_MATCHING, self.matching),
            (TAB_REFERRALS, self.referrals),
        ):
            self.tabs.addTab(tab, TAB_TITLES[key])
            self.tab_keys.append(key)
        self._stale: set[str] = set()
        self.due_count = 0
        self.tabs.currentChanged.connect(lambda _i: self._load_current())
        self.message = QLabel()
        self.message.setObjectName("page_message")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 4)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.message)
        self.reload()

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    # ------------------------------------------------------------------ Page protocol

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self) -> None:
        """Re-read from the database: the visible tab now, the others when they are next shown
        (keeping filters, sort and the selections)."""
        self.refresh(*self.tab_keys)

    def focus_filter(self) -> None:
        edit = {
            TAB_VACANCIES: self.vacancies.vacancy_filter,
            TAB_EMPLOYERS: self.employers.employer_filter,
            TAB_REFERRALS: self.referrals.referral_filter,
        }.get(self.current_tab())
        if edit is None:
            m = self.matching
            edit = m.person_search if m.match_tabs.currentIndex() == VIEW_SEEKER else m.vacancy_search
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()

    def new_record(self) -> QDialog | None:
        tab = self.current_tab()
        if tab == TAB_EMPLOYERS:
            return self.employers.new_employer()
        if tab == TAB_VACANCIES:
            return self.vacancies.new_vacancy()
        # 匹配 / 推荐与回访: a referral starts from a match; go to the search box.
        self.show_tab(TAB_MATCHING)
        self.focus_filter()
        return None

    # ------------------------------------------------------------------ what the tabs share

    def refresh(self, *keys: str) -> None:
        """Mark tabs ``keys`` out of date; the current one is re-read at once."""
        self._stale.update(keys)
        self.update_due_count()
        self._load_current()

    def mark_loaded(self, key: str) -> None:
        """Tab ``key`` has just been re-read."""
        self._stale.discard(key)

    def _load_current(self) -> None:
        key = self.current_tab()
        if key not in self._stale:
            return
        self._stale.discard(key)
        with guard(self):
            if key == TAB_VACANCIES:
                self.vacancies.reload_vacancies()
            elif key == TAB_EMPLOYERS:
                self.employers.reload_employers()
            elif key == TAB_MATCHING:
                self.matching.reload_people()
                self.matching.reload_vacancy_pick()
            else:
                self.referrals.reload_referrals()

    def update_due_count(self) -> None:
        """The follow-up reminder in the tab title, seen from every tab."""
        try:
            due = referrals.count_due_follow_ups(self.today())
        except UserError:
            due = 0
        title = TAB_TITLES[TAB_REFERRALS] + (f"（{due} 待回访）" if due else "")
        self.tabs.setTabText(self.tab_keys.index(TAB_REFERRALS), title)
        self.due_count = due

    def current_tab(self) -> str:
        return self.tab_keys[self.tabs.currentIndex()]

    def show_tab(self, key: str, view: int | None = None) -> None:
        self.tabs.setCurrentIndex(self.tab_keys.index(key))
        if view is not None:
            self.matching.match_tabs.setCurrentIndex(view)

    def say(self, text: str, ok: bool = True) -> None:
        theme.apply(self.message, theme.SUCCESS_TEXT if ok else theme.ERROR_TEXT)
        self.message.setText(text)

    def open_dialog(self, dialog: QDialog) -> QDialog:
        """Show a dialog window-modally without blocking (tests drive it through current_dialog)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.current_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ opened from the 工作台's to-do list

    def show_vacancy(self, vacancy_id: int) -> QDialog | None:
        """Show the 岗位 tab with ``vacancy_id`` selected (clearing the filters when they hide it) and
        open its form, where 有效期至 or 状态 is changed; None when it no longer exists."""
        tab = self.vacancies
        self.show_tab(TAB_VACANCIES)
        tab.reload_vacancies()
        if tab.vacancy_model.row_of_id(vacancy_id) is None:
            widgets = (tab.vacancy_filter, tab.kind_combo, tab.status_combo, tab.incomplete_box)
            for w in widgets:
                w.blockSignals(True)
            tab.vacancy_filter.clear()
            tab.kind_combo.setCurrentIndex(0)
            tab.status_combo.setCurrentIndex(max(tab.status_combo.findData(STATUS_ALL), 0))
            tab.incomplete_box.setChecked(False)
            for w in widgets:
                w.blockSignals(False)
            tab.reload_vacancies()
        if not select_row(tab.vacancy_view, tab.vacancy_model, vacancy_id):
            self.say("该岗位已不存在（可能已被删除）", ok=False)
            return None
        return tab.edit_vacancy(vacancy_id)

    def show_referral(self, referral_id: int) -> QDialog | None:
        """Show the 推荐与回访 tab with ``referral_id`` selected (clearing the filters when they hide it)
        and open its 结果/回访 dialog; None when it no longer exists."""
        tab = self.referrals
        self.show_tab(TAB_REFERRALS)
        tab.reload_referrals()
        if tab.referral_model.row_of_id(referral_id) is None:
            widgets = (tab.referral_filter, tab.outcome_combo, tab.period_combo, tab.due_box)
            for w in widgets:
                w.blockSignals(True)
            tab.referral_filter.clear()
            tab.outcome_combo.setCurrentIndex(0)
            tab.period_combo.setCurrentIndex(next(i for i, (_l, d) in enumerate(PERIODS) if d is None))
            tab.due_box.setChecked(False)
            for w in widgets:
                w.blockSignals(False)
            tab.reload_referrals()
        if not tab.select_referral(referral_id):
            self.say("该推荐记录已不存在（可能已被删除）", ok=False)
            return None
        return tab.edit_outcome(referral_id)
