"""The 用人单位 tab of 岗位与匹配: the employer list and form (统一社会信用代码 checked as you type)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

import ui.dialogs as dialogs
from app.jobs import vacancies as jobs
from ui.errors import guard
from ui.models.jobs_employers import EmployerTableModel
from ui.pages.jobs.common import (
    TAB_EMPLOYERS,
    TAB_VACANCIES,
    _button,
    _search,
    make_view,
    select_row,
)

if TYPE_CHECKING:
    from ui.pages.jobs.page import JobsPage


class EmployersTab(QWidget):
    """用人单位."""

    def __init__(self, page: JobsPage) -> None:
        super().__init__(page)
        self.page = page
        self.employer_model = EmployerTableModel(self)
        self.employer_filter = _search("搜索：单位名称、类型、信用代码、联系人、电话、地址（Ctrl+F）")
        self.employer_filter.textChanged.connect(lambda _t: self.reload_employers())
        self.employer_view = make_view(self.employer_model)
        self.employer_view.setObjectName("employer_view")
        self.employer_view.activated.connect(lambda _i: self.edit_employer())
        self.employer_view.selectionModel().selectionChanged.connect(lambda *_: self._employer_buttons())
        self.employer_count = QLabel()
        self.new_employer_button = _button("新增单位", self.new_employer, "Ctrl+N")
        self.edit_employer_button = _button("编辑", self.edit_employer)
        self.employer_vacancy_button = _button("新增该单位岗位", self.new_vacancy_for_employer)
        self.employer_list_button = _button("查看该单位岗位", self.show_employer_vacancies)
        self.delete_employer_button = _button("删除", self.delete_selected_employer)
        bottom = QHBoxLayout()
        bottom.addWidget(self.employer_count, 1)
        for b in (
            self.new_employer_button,
            self.edit_employer_button,
            self.employer_vacancy_button,
            self.employer_list_button,
            self.delete_employer_button,
        ):
            bottom.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(self.employer_filter)
        lay.addWidget(self.employer_view, 1)
        lay.addLayout(bottom)

    def reload_employers(self) -> None:
        self.page.mark_loaded(TAB_EMPLOYERS)
        keep = self.selected_employer_id()
        self.employer_model.search = self.employer_filter.text()
        self.employer_model.load(self.page.today())
        self.employer_count.setText(f"共 {self.employer_model.rowCount()} 家用人单位")
        if keep is not None:
            select_row(self.employer_view, self.employer_model, keep)
        self._employer_buttons()

    def selected_employer_id(self) -> int | None:
        rows = self.employer_view.selectionModel().selectedRows()
        return self.employer_model.row_id(rows[0].row()) if rows else None

    def _employer_buttons(self) -> None:
        on = self.selected_employer_id() is not None
        for b in (
            self.edit_employer_button,
            self.employer_vacancy_button,
            self.employer_list_button,
            self.delete_employer_button,
        ):
            b.setEnabled(on)

    def new_employer(self) -> QDialog:
        from ui.dialogs.jobs_employer import EmployerForm

        form = EmployerForm(None, self)
        form.saved.connect(self._employer_saved)
        return self.page.open_dialog(form)

    def edit_employer(self, employer_id: int | None = None) -> QDialog | None:
        from ui.dialogs.jobs_employer import EmployerForm

        eid = employer_id if employer_id is not None else self.selected_employer_id()
        if eid is None:
            return None
        form = EmployerForm(eid, self)
        form.saved.connect(self._employer_saved)
        return self.page.open_dialog(form)

    def _employer_saved(self, employer_id: int) -> None:
        self.page.reload()
        select_row(self.employer_view, self.employer_model, employer_id)
        self.page.say("用人单位已保存")

    def new_vacancy_for_employer(self) -> QDialog | None:
        from ui.dialogs.jobs_vacancy import VacancyForm

        eid = self.selected_employer_id()
        if eid is None:
            return None
        form = VacancyForm(None, self, employer_id=eid)
        form.saved.connect(self.page.vacancies.vacancy_saved)
        return self.page.open_dialog(form)

    def show_employer_vacancies(self) -> None:
        eid = self.selected_employer_id()
        if eid is None:
            return
        row = self.employer_model.row_of_id(eid)
        item = self.employer_model.row(row) if row is not None else None
        if item is None:
            return
        self.page.vacancies.status_combo.setCurrentIndex(0)
        self.page.vacancies.vacancy_filter.setText(item.name)
        self.page.show_tab(TAB_VACANCIES)

    def delete_selected_employer(self) -> bool:
        eid = self.selected_employer_id()
        if eid is None:
            return False
        row = self.employer_model.row_of_id(eid)
        item = self.employer_model.row(row) if row is not None else None
        name = item.name if item is not None else ""
        if not dialogs.confirm(self, "删除用人单位", f"确定删除用人单位“{name}”吗？", yes="删除"):
            return False
        with guard(self):
            jobs.delete_employer(eid)
            self.page.say(f"已删除用人单位“{name}”")
        self.page.reload()
        return True
