"""The 岗位 tab of 岗位与匹配: the vacancy list (filter box, 类型/状态 filters, 只看缺要素), a badge per row
“缺：薪酬待遇、联系电话” (red) or “要素齐全” (green), expired rows marked; new / edit / close / delete;
打印岗位信息发布单… (PDF) and 导出Excel…."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

import ui.dialogs as dialogs
from app.core import codes
from app.core.errors import UserError
from app.documents.notice import build_vacancy_notice
from app.jobs import vacancies as jobs
from app.jobs.export import export_vacancies
from ui.errors import guard, show_error
from ui.models.jobs_vacancies import (
    STATUS_ALL,
    STATUS_CHOICES,
    VacancyTableModel,
)
from ui.pages.jobs.common import (
    NOTICE_TITLE,
    PDF_FILTER,
    TAB_MATCHING,
    TAB_VACANCIES,
    VIEW_VACANCY,
    _button,
    _search,
    make_view,
    select_row,
)
from ui.workers import run_with_progress

if TYPE_CHECKING:
    from ui.pages.jobs.page import JobsPage


class VacanciesTab(QWidget):
    """岗位."""

    def __init__(self, page: JobsPage) -> None:
        super().__init__(page)
        self.page = page
        self.last_file: Path | None = None  # the last notice or workbook written (its folder is offered)
        self.vacancy_model = VacancyTableModel(self)
        self.vacancy_filter = _search("搜索：岗位编号、岗位名称、单位、招聘要求、工作地点（Ctrl+F）")
        self.vacancy_filter.textChanged.connect(lambda _t: self.reload_vacancies())
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("全部类型", "")
        for k in codes.VACANCY_KIND.values:
            self.kind_combo.addItem(k, k)
        self.kind_combo.currentIndexChanged.connect(lambda _i: self.reload_vacancies())
        self.status_combo = QComboBox()
        for label, key in STATUS_CHOICES:
            self.status_combo.addItem(label, key)
        self.status_combo.currentIndexChanged.connect(lambda _i: self.reload_vacancies())
        self.incomplete_box = QCheckBox("只看缺要素")
        self.incomplete_box.setToolTip("只列出 工作时间、招聘要求、薪酬待遇、联系人、联系电话 未填齐的岗位")
        self.incomplete_box.toggled.connect(lambda _on: self.reload_vacancies())
        filters = QHBoxLayout()
        filters.addWidget(self.vacancy_filter, 1)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.incomplete_box)

        self.vacancy_view = make_view(self.vacancy_model, multi=True)
        self.vacancy_view.setObjectName("vacancy_view")
        self.vacancy_view.activated.connect(lambda _i: self.edit_vacancy())
        self.vacancy_view.selectionModel().selectionChanged.connect(lambda *_: self._vacancy_buttons())
        self.vacancy_count = QLabel()
        self.vacancy_count.setObjectName("vacancy_count")

        self.new_vacancy_button = _button("新增岗位", self.new_vacancy, "Ctrl+N")
        self.edit_vacancy_button = _button("编辑", self.edit_vacancy)
        self.close_vacancy_button = QPushButton("关闭岗位")
        self.close_vacancy_button.setAutoDefault(False)
        menu = QMenu(self.close_vacancy_button)
        menu.addAction("标记为已关闭", lambda: self.close_selected_vacancies("已关闭"))
        menu.addAction("标记为已招满", lambda: self.close_selected_vacancies("已招满"))
        self.close_vacancy_button.setMenu(menu)
        self.delete_vacancy_button = _button("删除", self.delete_selected_vacancies)
        self.find_people_button = _button(
            "为此岗位找人", self.match_selected_vacancy, "在“匹配”中列出最合适的求职者"
        )
        self.print_button = _button(
            "打印岗位信息发布单…",
            self.print_notice,
            "把在招（未过期）岗位排成 A4 发布单（PDF），张贴到公告栏",
        )
        self.export_button = _button(
            "导出Excel…", self.export_excel, "把在招（未过期）岗位导出为 Excel 工作簿"
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.vacancy_count, 1)
        for b in (
            self.new_vacancy_button,
            self.edit_vacancy_button,
            self.close_vacancy_button,
            self.delete_vacancy_button,
            self.find_people_button,
        ):
            bottom.addWidget(b)
        sep = QFrame()
        sep.setFrameShape(QFrame.Shape.VLine)
        bottom.addWidget(sep)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.export_button)

        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.vacancy_view, 1)
        lay.addLayout(bottom)

    def reload_vacancies(self) -> None:
        self.page.mark_loaded(TAB_VACANCIES)
        keep = self.selected_vacancy_ids()
        f = self.vacancy_model.filter
        f.text = self.vacancy_filter.text()
        f.kind = self.kind_combo.currentData() or ""
        f.status = self.status_combo.currentData() or STATUS_ALL
        f.incomplete_only = self.incomplete_box.isChecked()
        try:
            self.vacancy_model.load(self.page.today())
        except UserError as exc:
            show_error(self, exc)
        shown, incomplete, expired = self.vacancy_model.counts()
        self.vacancy_count.setText(f"共 {shown} 个岗位　缺要素 {incomplete} 个　已过有效期 {expired} 个")
        for vid in keep:
            select_row(self.vacancy_view, self.vacancy_model, vid, add=True)
        self._vacancy_buttons()

    def selected_vacancy_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.vacancy_view.selectionModel().selectedRows()})
        return [rid for r in rows if (rid := self.vacancy_model.row_id(r)) is not None]

    def _vacancy_buttons(self) -> None:
        n = len(self.selected_vacancy_ids())
        self.edit_vacancy_button.setEnabled(n == 1)
        self.find_people_button.setEnabled(n == 1)
        self.close_vacancy_button.setEnabled(n >= 1)
        self.delete_vacancy_button.setEnabled(n >= 1)

    def new_vacancy(self) -> QDialog:
        from ui.dialogs.jobs_vacancy import VacancyForm

        form = VacancyForm(None, self)
        form.saved.connect(self.vacancy_saved)
        return self.page.open_dialog(form)

    def edit_vacancy(self, vacancy_id: int | None = None) -> QDialog | None:
        from ui.dialogs.jobs_vacancy import VacancyForm

        ids = [vacancy_id] if vacancy_id is not None else self.selected_vacancy_ids()
        if not ids:
            return None
        form = VacancyForm(ids[0], self)
        form.saved.connect(self.vacancy_saved)
        return self.page.open_dialog(form)

    def vacancy_saved(self, vacancy_id: int) -> None:
        self.page.reload()
        select_row(self.vacancy_view, self.vacancy_model, vacancy_id)
        self.page.say("岗位已保存")

    def close_selected_vacancies(self, status: str = "已关闭") -> bool:
        ids = self.selected_vacancy_ids()
        if not ids:
            return False
        titles = self._vacancy_titles(ids)
        if not dialogs.confirm(
            self, "关闭岗位", f"将 {titles} 标记为{status}？关闭后不再出现在发布单和匹配中。"
        ):
            return False
        with guard(self):
            for vid in ids:
                jobs.close_vacancy(vid, status)
            self.page.say(f"已将 {len(ids)} 个岗位标记为{status}")
        self.page.reload()
        return True

    def delete_selected_vacancies(self) -> bool:
        ids = self.selected_vacancy_ids()
        if not ids:
            return False
        titles = self._vacancy_titles(ids)
        if not dialogs.confirm(
            self, "删除岗位", f"确定删除 {titles} 吗？其推荐记录将一并删除，不能恢复。", yes="删除"
        ):
            return False
        with guard(self):
            for vid in ids:
                jobs.delete_vacancy(vid)
            self.page.say(f"已删除 {len(ids)} 个岗位")
        self.page.reload()
        return True

    def _vacancy_titles(self, ids: list[int]) -> str:
        names = []
        for vid in ids[:5]:
            row = self.vacancy_model.row_of_id(vid)
            item = self.vacancy_model.row(row) if row is not None else None
            if item is not None:
                names.append(f"“{item.title}”")
        return "、".join(names) + (f" 等 {len(ids)} 个岗位" if len(ids) > 5 else "")

    def match_selected_vacancy(self) -> None:
        ids = self.selected_vacancy_ids()
        if not ids:
            return
        self.page.show_tab(TAB_MATCHING, VIEW_VACANCY)
        self.page.matching.include_closed_box.setChecked(True)
        self.page.matching.vacancy_search.setText("")
        self.page.matching.reload_vacancy_pick()
        select_row(self.page.matching.vacancy_pick_view, self.page.matching.vacancy_pick_model, ids[0])

    # ------------------------------------------------------------------ notice and Excel

    def print_notice(self) -> Path | None:
        """Build the 岗位信息发布单 (open vacancies) as a PDF, off the GUI thread; returns the file."""
        day = self.page.today()
        suggested = self._suggest(f"{NOTICE_TITLE}-{day:%Y%m%d}.pdf")
        path = dialogs.ask_save_file(self, f"保存{NOTICE_TITLE}", suggested, PDF_FILTER)
        if path is None:
            return None
        try:
            n = run_with_progress(self, f"正在生成{NOTICE_TITLE}", build_vacancy_notice, path, None, day)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.last_file = path
        self.page.say(f"{NOTICE_TITLE}已保存：{path}（{n} 个在招岗位）")
        dialogs.inform(self, NOTICE_TITLE, f"已保存到：\n{path}\n共 {n} 个在招岗位，可打印后张贴到公告栏。")
        return path

    def export_excel(self) -> Path | None:
        """Export the open vacancies to an Excel workbook, off the GUI thread; returns the file."""
        day = self.page.today()
        suggested = self._suggest(f"在招岗位-{day:%Y%m%d}.xlsx")
        path = dialogs.ask_save_file(self, "导出岗位到 Excel", suggested, dialogs.XLSX_FILTER)
        if path is None:
            return None

        def work(target: Path, *, progress: Any) -> int:
            progress(0, 1, "正在导出岗位")
            n = export_vacancies(target, only_open=True, today=day)
            progress(1, 1, "正在导出岗位")
            return n

        try:
            n = run_with_progress(self, "正在导出岗位", work, path)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.last_file = path
        self.page.say(f"已导出 {n} 个在招岗位：{path}")
        dialogs.inform(self, "导出Excel", f"已导出 {n} 个在招岗位到：\n{path}")
        return path

    def _suggest(self, name: str) -> Path:
        folder = self.last_file.parent if self.last_file is not None else Path.home()
        return folder / name
