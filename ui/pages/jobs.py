"""岗位与匹配 page: vacancies (岗位) with their required elements and expiry at a glance, employers
(用人单位), matching both ways with the reasons, and referrals with the follow-up call (回访).

Tabs:
- 岗位: the vacancy list (filter box, 类型/状态 filters, 只看缺要素), a badge per row “缺：薪酬待遇、联系电话”
  (red) or “要素齐全” (green), expired rows marked; new / edit / close / delete; 打印岗位信息发布单… (PDF)
  and 导出Excel….
- 用人单位: the employer list and form (统一社会信用代码 checked as you type).
- 匹配: 为求职者找岗位 (pick a person -> best open vacancies with score and reasons) and 为岗位找人 (pick a
  vacancy -> best people with reasons, difficulty persons first for 公益性岗位, check boxes to refer
  several at once).
- 推荐与回访: referrals with outcome and follow-up reminder (overdue highlighted); outcome editor; a hire
  leads to the consequences dialog (employment record, cancellations, 就业状态).

Ctrl+N: new record of the current tab; Ctrl+F: its filter box; Enter or double-click opens a row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

import ui.dialogs as dialogs
from app.core import codes
from app.core.errors import UserError
from app.documents.notice import build_vacancy_notice
from app.jobs import referrals
from app.jobs import vacancies as jobs
from app.jobs.export import export_vacancies
from app.register import start_work
from ui import theme
from ui.errors import guard, show_error
from ui.forms.common import setup_table
from ui.models.jobs_delegates import BadgeDelegate, ScoreDelegate
from ui.models.jobs_employers import EmployerTableModel
from ui.models.jobs_matching import PersonMatchModel, PersonPickModel, VacancyMatchModel
from ui.models.jobs_referrals import PERIODS, ReferralTableModel
from ui.models.jobs_vacancies import (
    STATUS_ALL,
    STATUS_CHOICES,
    STATUS_OPEN,
    VacancyPickModel,
    VacancyTableModel,
)
from ui.models.table_base import TableModel
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.workers import run_with_progress

TAB_VACANCIES = "vacancies"
TAB_EMPLOYERS = "employers"
TAB_MATCHING = "matching"
TAB_REFERRALS = "referrals"
TAB_TITLES = {
    TAB_VACANCIES: "岗位",
    TAB_EMPLOYERS: "用人单位",
    TAB_MATCHING: "匹配",
    TAB_REFERRALS: "推荐与回访",
}
VIEW_SEEKER = 0  # 为求职者找岗位
VIEW_VACANCY = 1  # 为岗位找人

PDF_FILTER = "PDF 文件 (*.pdf)"
NOTICE_TITLE = "岗位信息发布单"


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_view(model: TableModel[Any], *, multi: bool = False) -> QTableView:
    """A list view over ``model``: whole rows, sortable by header, badge and score cells drawn."""
    view = QTableView()
    view.setModel(model)
    setup_table(view)
    view.setSelectionMode(
        QTableView.SelectionMode.ExtendedSelection if multi else QTableView.SelectionMode.SingleSelection
    )
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    metrics = view.fontMetrics()
    for i, col in enumerate(model.columns):
        sample = col.sample or col.title
        view.setColumnWidth(
            i, max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(col.title)) + 24
        )
        if col.badge:
            view.setItemDelegateForColumn(i, BadgeDelegate(view))
        elif col.score:
            view.setItemDelegateForColumn(i, ScoreDelegate(view))
    # The indicator BEFORE enabling sorting, or the view sorts at once (query order until a click).
    header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    return view


def weights_hint() -> str:
    """How the 匹配度 is made, from the weights of app.matching (one line under the list)."""
    from app.jobs import matching as mt

    return (
        f"匹配度 = 意向{mt.INTENTION_WEIGHT}（同类岗位{mt.INTENTION_FAMILY}） + 薪酬{mt.PAY_WEIGHT}"
        f" + 年龄{mt.AGE_WEIGHT} + 学历{mt.EDUCATION_WEIGHT} + 岗位类型{mt.JOB_KIND_WEIGHT}"
        f" + 网格{mt.GRID_WEIGHT}；理由只列有区别的项，✗为不足；鼠标停在理由上看每一项得分"
    )


def _button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setAutoDefault(False)
    if tip:
        b.setToolTip(tip)
    b.clicked.connect(lambda _c=False: slot())
    return b


def _search(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


class JobsPage(QWidget):
    """岗位与匹配."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fixed_today: dt.date | None = None  # tests and screenshots pin the day
        self.current_dialog: QDialog | None = None
        self.last_file: Path | None = None
        theme.apply(self, theme.JOBS_PAGE)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("jobs_tabs")
        self.tab_keys: list[str] = []
        for key, builder in (
            (TAB_VACANCIES, self._build_vacancies),
            (TAB_EMPLOYERS, self._build_employers),
            (TAB_MATCHING, self._build_matching),
            (TAB_REFERRALS, self._build_referrals),
        ):
            self.tabs.addTab(builder(), TAB_TITLES[key])
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

    # ------------------------------------------------------------------ page contract

    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    # ------------------------------------------------------------------ Page protocol

    REFRESHES_ON_SHOW: ClassVar[bool] = (
        False  # the main window calls reload() when the data changed meanwhile
    )

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self) -> None:
        """Re-read from the database: the visible tab now, the others when they are next shown
        (keeping filters, sort and the selections)."""
        self.refresh(*self.tab_keys)

    def refresh(self, *keys: str) -> None:
        """Mark tabs ``keys`` out of date; the current one is re-read at once."""
        self._stale.update(keys)
        self._update_due_count()
        self._load_current()

    def _load_current(self) -> None:
        key = self.current_tab()
        if key not in self._stale:
            return
        self._stale.discard(key)
        with guard(self):
            if key == TAB_VACANCIES:
                self.reload_vacancies()
            elif key == TAB_EMPLOYERS:
                self.reload_employers()
            elif key == TAB_MATCHING:
                self.reload_people()
                self.reload_vacancy_pick()
            else:
                self.reload_referrals()

    def _update_due_count(self) -> None:
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
            self.match_tabs.setCurrentIndex(view)

    def focus_filter(self) -> None:
        edit = {
            TAB_VACANCIES: self.vacancy_filter,
            TAB_EMPLOYERS: self.employer_filter,
            TAB_REFERRALS: self.referral_filter,
        }.get(self.current_tab())
        if edit is None:
            edit = (
                self.person_search if self.match_tabs.currentIndex() == VIEW_SEEKER else self.vacancy_search
            )
        edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        edit.selectAll()

    def new_record(self) -> QDialog | None:
        tab = self.current_tab()
        if tab == TAB_EMPLOYERS:
            return self.new_employer()
        if tab == TAB_VACANCIES:
            return self.new_vacancy()
        # 匹配 / 推荐与回访: a referral starts from a match; go to the search box.
        self.show_tab(TAB_MATCHING)
        self.focus_filter()
        return None

    def say(self, text: str, ok: bool = True) -> None:
        theme.apply(self.message, theme.SUCCESS_TEXT if ok else theme.ERROR_TEXT)
        self.message.setText(text)

    def _open(self, dialog: QDialog) -> QDialog:
        """Show a dialog window-modally without blocking (tests drive it through current_dialog)."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.current_dialog = dialog
        dialog.open()
        return dialog

    # ================================================================== 岗位

    def _build_vacancies(self) -> QWidget:
        w = QWidget()
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

        lay = QVBoxLayout(w)
        lay.addLayout(filters)
        lay.addWidget(self.vacancy_view, 1)
        lay.addLayout(bottom)
        return w

    def reload_vacancies(self) -> None:
        self._stale.discard(TAB_VACANCIES)
        keep = self.selected_vacancy_ids()
        f = self.vacancy_model.filter
        f.text = self.vacancy_filter.text()
        f.kind = self.kind_combo.currentData() or ""
        f.status = self.status_combo.currentData() or STATUS_ALL
        f.incomplete_only = self.incomplete_box.isChecked()
        try:
            self.vacancy_model.load(self.today())
        except UserError as exc:
            show_error(self, exc)
        shown, incomplete, expired = self.vacancy_model.counts()
        self.vacancy_count.setText(f"共 {shown} 个岗位　缺要素 {incomplete} 个　已过有效期 {expired} 个")
        for vid in keep:
            self._select(self.vacancy_view, self.vacancy_model, vid, add=True)
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
        form.saved.connect(self._vacancy_saved)
        return self._open(form)

    def edit_vacancy(self, vacancy_id: int | None = None) -> QDialog | None:
        from ui.dialogs.jobs_vacancy import VacancyForm

        ids = [vacancy_id] if vacancy_id is not None else self.selected_vacancy_ids()
        if not ids:
            return None
        form = VacancyForm(ids[0], self)
        form.saved.connect(self._vacancy_saved)
        return self._open(form)

    def _vacancy_saved(self, vacancy_id: int) -> None:
        self.reload()
        self._select(self.vacancy_view, self.vacancy_model, vacancy_id)
        self.say("岗位已保存")

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
            self.say(f"已将 {len(ids)} 个岗位标记为{status}")
        self.reload()
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
            self.say(f"已删除 {len(ids)} 个岗位")
        self.reload()
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
        self.show_tab(TAB_MATCHING, VIEW_VACANCY)
        self.include_closed_box.setChecked(True)
        self.vacancy_search.setText("")
        self.reload_vacancy_pick()
        self._select(self.vacancy_pick_view, self.vacancy_pick_model, ids[0])

    # ------------------------------------------------------------------ notice and Excel

    def print_notice(self) -> Path | None:
        """Build the 岗位信息发布单 (open vacancies) as a PDF, off the GUI thread; returns the file."""
        day = self.today()
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
        self.say(f"{NOTICE_TITLE}已保存：{path}（{n} 个在招岗位）")
        dialogs.inform(self, NOTICE_TITLE, f"已保存到：\n{path}\n共 {n} 个在招岗位，可打印后张贴到公告栏。")
        return path

    def export_excel(self) -> Path | None:
        """Export the open vacancies to an Excel workbook, off the GUI thread; returns the file."""
        day = self.today()
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
        self.say(f"已导出 {n} 个在招岗位：{path}")
        dialogs.inform(self, "导出Excel", f"已导出 {n} 个在招岗位到：\n{path}")
        return path

    def _suggest(self, name: str) -> Path:
        folder = self.last_file.parent if self.last_file is not None else Path.home()
        return folder / name

    # ================================================================== 用人单位

    def _build_employers(self) -> QWidget:
        w = QWidget()
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
        lay = QVBoxLayout(w)
        lay.addWidget(self.employer_filter)
        lay.addWidget(self.employer_view, 1)
        lay.addLayout(bottom)
        return w

    def reload_employers(self) -> None:
        self._stale.discard(TAB_EMPLOYERS)
        keep = self.selected_employer_id()
        self.employer_model.search = self.employer_filter.text()
        self.employer_model.load(self.today())
        self.employer_count.setText(f"共 {self.employer_model.rowCount()} 家用人单位")
        if keep is not None:
            self._select(self.employer_view, self.employer_model, keep)
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
        return self._open(form)

    def edit_employer(self, employer_id: int | None = None) -> QDialog | None:
        from ui.dialogs.jobs_employer import EmployerForm

        eid = employer_id if employer_id is not None else self.selected_employer_id()
        if eid is None:
            return None
        form = EmployerForm(eid, self)
        form.saved.connect(self._employer_saved)
        return self._open(form)

    def _employer_saved(self, employer_id: int) -> None:
        self.reload()
        self._select(self.employer_view, self.employer_model, employer_id)
        self.say("用人单位已保存")

    def new_vacancy_for_employer(self) -> QDialog | None:
        from ui.dialogs.jobs_vacancy import VacancyForm

        eid = self.selected_employer_id()
        if eid is None:
            return None
        form = VacancyForm(None, self, employer_id=eid)
        form.saved.connect(self._vacancy_saved)
        return self._open(form)

    def show_employer_vacancies(self) -> None:
        eid = self.selected_employer_id()
        if eid is None:
            return
        row = self.employer_model.row_of_id(eid)
        item = self.employer_model.row(row) if row is not None else None
        if item is None:
            return
        self.status_combo.setCurrentIndex(0)
        self.vacancy_filter.setText(item.name)
        self.show_tab(TAB_VACANCIES)

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
            self.say(f"已删除用人单位“{name}”")
        self.reload()
        return True

    # ================================================================== 匹配

    def _build_matching(self) -> QWidget:
        self.match_tabs = QTabWidget()
        self.match_tabs.setObjectName("match_tabs")
        self.match_tabs.setDocumentMode(True)
        self.match_tabs.addTab(self._build_seeker_view(), "为求职者找岗位")
        self.match_tabs.addTab(self._build_vacancy_view(), "为岗位找人")
        return self.match_tabs

    @staticmethod
    def _section(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("section")
        return label

    @staticmethod
    def _card() -> QLabel:
        card = QLabel()
        card.setObjectName("summary_card")
        card.setWordWrap(True)
        card.setTextFormat(Qt.TextFormat.RichText)
        return card

    def _build_seeker_view(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 6, 6, 0)
        ll.addWidget(self._section("① 选择求职者"))
        self.person_search = _search("姓名、身份证号或电话；不填则列出求职人员")
        self.person_search.textChanged.connect(lambda _t: self.reload_people())
        self.person_model = PersonPickModel(self)
        self.person_view = make_view(self.person_model)
        self.person_view.setObjectName("person_view")
        for title in ("身份证号", "就业状态"):
            self.person_view.setColumnHidden(self.person_model.column_of(title), True)
        self.person_view.selectionModel().currentRowChanged.connect(lambda *_: self.load_person_matches())
        self.person_view.activated.connect(lambda _i: self.open_person(self.selected_person_id()))
        self.person_count = QLabel()
        self.person_count.setObjectName("hint")
        ll.addWidget(self.person_search)
        ll.addWidget(self.person_view, 1)
        ll.addWidget(self.person_count)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 6, 0, 0)
        rl.addWidget(self._section("② 最合适的在招岗位"))
        self.person_card = self._card()
        self.person_card.setObjectName("summary_card")
        self.vacancy_match_model = VacancyMatchModel(self)
        self.vacancy_match_view = make_view(self.vacancy_match_model)
        self.vacancy_match_view.setObjectName("vacancy_match_view")
        self.vacancy_match_view.setColumnHidden(self.vacancy_match_model.column_of("岗位编号"), True)
        self.vacancy_match_view.activated.connect(lambda _i: self.refer_person_to_selected())
        self.vacancy_match_view.selectionModel().selectionChanged.connect(lambda *_: self._seeker_buttons())
        self.refer_person_button = _button("推荐到所选岗位…", self.refer_person_to_selected)
        self.open_person_button = _button(
            "打开人员信息…", lambda: self.open_person(self.selected_person_id())
        )
        hint = QLabel(weights_hint())
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        buttons = QHBoxLayout()
        buttons.addWidget(hint, 1)
        buttons.addWidget(self.open_person_button)
        buttons.addWidget(self.refer_person_button)
        rl.addWidget(self.person_card)
        rl.addWidget(self.vacancy_match_view, 1)
        rl.addLayout(buttons)

        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([380, 900])
        return split

    def reload_people(self) -> None:
        keep = self.selected_person_id()
        self.person_model.search = self.person_search.text()
        self.person_model.load(self.today())
        n = self.person_model.rowCount()
        more = f"（只列前 {n} 人，请输入更多字缩小范围）" if n >= self.person_model.LIMIT else ""
        who = "找到" if self.person_search.text().strip() else "求职人员"
        self.person_count.setText(f"{who} {n} 人{more}")
        if keep is not None and self._select(self.person_view, self.person_model, keep):
            return
        self.load_person_matches()

    def selected_person_id(self) -> int | None:
        index = self.person_view.selectionModel().currentIndex()
        if not index.isValid() or not self.person_view.selectionModel().isRowSelected(
            index.row(), QModelIndex()
        ):
            return None
        return self.person_model.row_id(index.row())

    def select_person(self, person_id: int) -> bool:
        return self._select(self.person_view, self.person_model, person_id)

    def load_person_matches(self) -> None:
        pid = self.selected_person_id()
        try:
            self.vacancy_match_model.load(pid, self.today())
        except UserError as exc:
            show_error(self, exc)
            self.vacancy_match_model.load(None)
            pid = None
        row = self.person_model.row_of_id(pid) if pid is not None else None
        p = self.person_model.row(row) if row is not None else None
        if p is None:
            self.person_card.setText("请在左侧选择一名求职者，右侧列出最适合他的在招岗位及理由。")
        else:
            facts = [f"{p.gender}，{p.age}岁", p.education or "文化程度未填", p.employment_status]
            wish = [
                f"意向：{_esc(p.job_intention)}" if p.job_intention else "意向未填",
                f"期望月薪 {p.expected_pay} 元" if p.expected_pay else "期望月薪未填",
            ]
            if p.grid:
                wish.append(f"网格：{_esc(p.grid)}")
            tag = "　" + theme.span(f"【{_esc(p.tags)}】", theme.TAG) if p.tags else ""
            n = self.vacancy_match_model.rowCount()
            self.person_card.setText(
                f"{theme.card_title(_esc(p.name))}　{_esc('，'.join(facts))}{tag}<br>"
                f"{' · '.join(wish)}<br>{theme.span(f'在招岗位中最合适的 {n} 个：', theme.HINT)}"
            )
        self._seeker_buttons()

    def _seeker_buttons(self) -> None:
        has_person = self.selected_person_id() is not None
        self.open_person_button.setEnabled(has_person)
        self.refer_person_button.setEnabled(has_person and self._selected_match_vacancy() is not None)

    def _selected_match_vacancy(self) -> int | None:
        rows = self.vacancy_match_view.selectionModel().selectedRows()
        return self.vacancy_match_model.row_id(rows[0].row()) if rows else None

    def refer_person_to_selected(self) -> QDialog | None:
        pid, vid = self.selected_person_id(), self._selected_match_vacancy()
        if pid is None or vid is None:
            return None
        row = self.person_model.row_of_id(pid)
        person = self.person_model.row(row) if row is not None else None
        return self.refer([pid], [person.name if person else ""], vid)

    # ------------------------------------------------------------------ 为岗位找人

    def _build_vacancy_view(self) -> QWidget:
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 6, 6, 0)
        ll.addWidget(self._section("① 选择岗位"))
        self.vacancy_search = _search("岗位编号、名称或单位")
        self.vacancy_search.textChanged.connect(lambda _t: self.reload_vacancy_pick())
        self.include_closed_box = QCheckBox("含已关闭、已过期岗位")
        self.include_closed_box.toggled.connect(lambda _on: self.reload_vacancy_pick())
        self.vacancy_pick_model = VacancyPickModel(self)
        self.vacancy_pick_view = make_view(self.vacancy_pick_model)
        self.vacancy_pick_view.setObjectName("vacancy_pick_view")
        self.vacancy_pick_view.setColumnHidden(self.vacancy_pick_model.column_of("岗位编号"), True)
        self.vacancy_pick_view.selectionModel().currentRowChanged.connect(
            lambda *_: self.load_people_matches()
        )
        self.vacancy_pick_view.activated.connect(
            lambda _i: self.edit_vacancy(self.selected_pick_vacancy_id())
        )
        self.pick_count = QLabel()
        self.pick_count.setObjectName("hint")
        ll.addWidget(self.vacancy_search)
        ll.addWidget(self.include_closed_box)
        ll.addWidget(self.vacancy_pick_view, 1)
        ll.addWidget(self.pick_count)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(6, 6, 0, 0)
        rl.addWidget(self._section("② 最合适的求职者（勾选后可一次推荐多人）"))
        self.vacancy_card = self._card()
        self.people_match_model = PersonMatchModel(self)
        self.people_match_model.checked_changed.connect(self._people_buttons)
        self.people_match_view = make_view(self.people_match_model)
        self.people_match_view.setObjectName("people_match_view")
        self.people_match_view.activated.connect(self._toggle_person_check)
        self.people_match_view.selectionModel().selectionChanged.connect(lambda *_: self._people_buttons())
        self.check_top_button = _button("勾选前5人", lambda: self.people_match_model.check_first(5))
        self.clear_checks_button = _button("清除勾选", lambda: self.people_match_model.check_first(0))
        self.open_match_person_button = _button(
            "打开人员信息…", lambda: self.open_person(self._selected_match_person())
        )
        self.refer_people_button = _button("推荐所选人员…", self.refer_checked_people)
        buttons = QHBoxLayout()
        buttons.addWidget(self.check_top_button)
        buttons.addWidget(self.clear_checks_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_match_person_button)
        buttons.addWidget(self.refer_people_button)
        rl.addWidget(self.vacancy_card)
        rl.addWidget(self.people_match_view, 1)
        rl.addLayout(buttons)

        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([380, 900])
        return split

    def reload_vacancy_pick(self) -> None:
        keep = self.selected_pick_vacancy_id()
        f = self.vacancy_pick_model.filter
        f.text = self.vacancy_search.text()
        f.status = STATUS_ALL if self.include_closed_box.isChecked() else STATUS_OPEN
        self.vacancy_pick_model.load(self.today())
        kind = "岗位" if self.include_closed_box.isChecked() else "在招岗位"
        self.pick_count.setText(f"{kind} {self.vacancy_pick_model.rowCount()} 个")
        if keep is not None and self._select(self.vacancy_pick_view, self.vacancy_pick_model, keep):
            return
        self.load_people_matches()

    def selected_pick_vacancy_id(self) -> int | None:
        sm = self.vacancy_pick_view.selectionModel()
        index = sm.currentIndex()
        if not index.isValid() or not sm.isRowSelected(index.row(), QModelIndex()):
            return None
        return self.vacancy_pick_model.row_id(index.row())

    def select_pick_vacancy(self, vacancy_id: int) -> bool:
        return self._select(self.vacancy_pick_view, self.vacancy_pick_model, vacancy_id)

    def load_people_matches(self) -> None:
        vid = self.selected_pick_vacancy_id()
        row = self.vacancy_pick_model.row_of_id(vid) if vid is not None else None
        v = self.vacancy_pick_model.row(row) if row is not None else None
        try:
            self.people_match_model.load(v, self.today())
        except UserError as exc:
            show_error(self, exc)
            self.people_match_model.load(None)
            v = None
        if v is None:
            self.vacancy_card.setText("请在左侧选择一个岗位，右侧列出最合适的求职者及理由。")
        else:
            from ui.models.jobs_vacancies import badge_text, pay_text, status_text

            pay = pay_text(v) or "薪酬未填"
            lines = [
                f"{theme.card_title(_esc(v.title))}　{_esc(v.employer_name)}　"
                + theme.span(_esc(v.code), theme.HINT),
                f"{_esc(v.kind)}　招聘 {v.headcount} 人　{_esc(pay)}　{_esc(status_text(v))}"
                + ("　" + theme.span(_esc(badge_text(v)), theme.ERROR) if v.missing else ""),
            ]
            if v.requirements:
                lines.append(theme.span(f"要求：{_esc(v.requirements)}", theme.HINT))
            if v.kind == "公益性岗位":
                lines.append(theme.span("公益性岗位：就业困难人员排在前面，优先安置。", theme.TAG))
            self.vacancy_card.setText("<br>".join(lines))
        self._people_buttons()

    def _selected_match_person(self) -> int | None:
        rows = self.people_match_view.selectionModel().selectedRows()
        return self.people_match_model.row_id(rows[0].row()) if rows else None

    def _toggle_person_check(self, index: QModelIndex) -> None:
        pid = self.people_match_model.row_id(index.row())
        if pid is not None:
            self.people_match_model.set_checked(pid, pid not in self.people_match_model.checked_ids())

    def _people_buttons(self) -> None:
        n = len(self.people_match_model.checked_ids())
        self.refer_people_button.setText(f"推荐所选人员（{n}）…" if n else "推荐所选人员…")
        self.refer_people_button.setEnabled(n > 0 and self.people_match_model.vacancy is not None)
        self.open_match_person_button.setEnabled(self._selected_match_person() is not None)
        self.check_top_button.setEnabled(self.people_match_model.rowCount() > 0)
        self.clear_checks_button.setEnabled(n > 0)

    def refer_checked_people(self) -> QDialog | None:
        v = self.people_match_model.vacancy
        ids = self.people_match_model.checked_ids()
        if v is None or not ids:
            return None
        return self.refer(ids, self.people_match_model.names(ids), v.id)

    # ------------------------------------------------------------------ referring

    def refer(self, person_ids: list[int], names: list[str], vacancy_id: int) -> QDialog:
        """Open the referral dialog for ``person_ids`` to ``vacancy_id``."""
        from ui.dialogs.jobs_referral import ReferralDialog

        dialog = ReferralDialog(vacancy_id, person_ids, names, self, today=self.today())
        dialog.referred.connect(lambda made, n=names: self._referred(made, n))
        return self._open(dialog)

    def _referred(self, made: list[int], names: list[str]) -> None:
        self.people_match_model.check_first(0)
        self.refresh(TAB_REFERRALS, TAB_VACANCIES)
        shown = "、".join(names[:5]) + (f" 等 {len(names)} 人" if len(names) > 5 else "")
        self.say(f"已推荐 {shown}（{len(made)} 条推荐记录），请在 {referrals.FOLLOW_UP_DAYS} 天内回访结果")

    def open_person(self, person_id: int | None) -> QDialog | None:
        from ui.forms.person_form import PersonForm

        if person_id is None:
            return None
        form = PersonForm(person_id, self)
        form.saved.connect(lambda _pid: self.reload())
        return self._open(form)

    # ================================================================== 推荐与回访

    def _build_referrals(self) -> QWidget:
        w = QWidget()
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
            "打开人员信息…", lambda: self.open_person(self._selected_referral_field("person_id"))
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
        lay = QVBoxLayout(w)
        lay.addLayout(filters)
        lay.addWidget(self.due_banner)
        lay.addWidget(self.referral_view, 1)
        lay.addLayout(bottom)
        return w

    def reload_referrals(self) -> None:
        self._stale.discard(TAB_REFERRALS)
        keep = self.selected_referral_id()
        f = self.referral_model.filter
        f.text = self.referral_filter.text()
        f.outcome = self.outcome_combo.currentData() or ""
        f.days = self.period_combo.currentData()
        f.due_only = self.due_box.isChecked()
        self.referral_model.load(self.today())
        rows = self.referral_model.rows()
        due_shown = sum(1 for r in rows if r.follow_up_due)
        self.referral_count.setText(f"共 {len(rows)} 条推荐，其中 {due_shown} 条应回访")
        self._update_due_count()
        due = self.due_count
        if due:
            self.due_banner.setText(
                f"回访提醒：有 {due} 条推荐已满 {referrals.FOLLOW_UP_DAYS} 天未回访，请电话询问结果后记录"
                "（勾选“只看待回访”可只列出这些）。"
            )
        self.due_banner.setVisible(bool(due))
        if keep is not None:
            self._select(self.referral_view, self.referral_model, keep)
        self._referral_buttons()

    def selected_referral_id(self) -> int | None:
        rows = self.referral_view.selectionModel().selectedRows()
        return self.referral_model.row_id(rows[0].row()) if rows else None

    def select_referral(self, referral_id: int) -> bool:
        return self._select(self.referral_view, self.referral_model, referral_id)

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
        dialog = OutcomeDialog(rid, self, today=self.today())
        dialog.saved.connect(lambda _rid: self._outcome_saved(rid))
        dialog.hired.connect(self.show_consequences)
        return self._open(dialog)

    def _outcome_saved(self, referral_id: int) -> None:
        self.refresh(TAB_REFERRALS)
        self.select_referral(referral_id)
        self.say("推荐结果已记录")

    def show_consequences(self, proposal: start_work.StartWork) -> QDialog:
        """The hire consequences as check boxes (the case-work dialog), applied in one transaction."""
        from ui.dialogs.consequences import ConsequencesDialog

        dialog = ConsequencesDialog(proposal.person_id, self, proposal=proposal, today=self.today())
        dialog.setWindowTitle(f"录用后续处理 — {proposal.person_name}")
        dialog.applied.connect(lambda _pid, name=proposal.person_name: self._consequences_applied(name))
        return self._open(dialog)

    def _consequences_applied(self, name: str) -> None:
        self.reload()
        self.say(f"已为 {name} 登记就业并完成所选变更")

    def hire_followup(self) -> QDialog | None:
        """For a referral already 已录用: offer what is still missing (employment record …)."""
        rid = self.selected_referral_id()
        if rid is None:
            return None
        try:
            proposal = referrals.hire_consequences(rid, self.today())
        except UserError as exc:
            show_error(self, exc)
            return None
        if not proposal.changes:
            self.say(f"{proposal.person_name} 的录用后续变更都已办理，无需再处理")
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
            self.say("推荐记录已删除")
        self.refresh(TAB_REFERRALS, TAB_VACANCIES)
        return True

    # ================================================================== opened from the 工作台's to-do list

    def show_vacancy(self, vacancy_id: int) -> QDialog | None:
        """Show the 岗位 tab with ``vacancy_id`` selected (clearing the filters when they hide it) and
        open its form, where 有效期至 or 状态 is changed; None when it no longer exists."""
        self.show_tab(TAB_VACANCIES)
        self.reload_vacancies()
        if self.vacancy_model.row_of_id(vacancy_id) is None:
            widgets = (self.vacancy_filter, self.kind_combo, self.status_combo, self.incomplete_box)
            for w in widgets:
                w.blockSignals(True)
            self.vacancy_filter.clear()
            self.kind_combo.setCurrentIndex(0)
            self.status_combo.setCurrentIndex(max(self.status_combo.findData(STATUS_ALL), 0))
            self.incomplete_box.setChecked(False)
            for w in widgets:
                w.blockSignals(False)
            self.reload_vacancies()
        if not self._select(self.vacancy_view, self.vacancy_model, vacancy_id):
            self.say("该岗位已不存在（可能已被删除）", ok=False)
            return None
        return self.edit_vacancy(vacancy_id)

    def show_referral(self, referral_id: int) -> QDialog | None:
        """Show the 推荐与回访 tab with ``referral_id`` selected (clearing the filters when they hide it)
        and open its 结果/回访 dialog; None when it no longer exists."""
        self.show_tab(TAB_REFERRALS)
        self.reload_referrals()
        if self.referral_model.row_of_id(referral_id) is None:
            widgets = (self.referral_filter, self.outcome_combo, self.period_combo, self.due_box)
            for w in widgets:
                w.blockSignals(True)
            self.referral_filter.clear()
            self.outcome_combo.setCurrentIndex(0)
            self.period_combo.setCurrentIndex(next(i for i, (_l, d) in enumerate(PERIODS) if d is None))
            self.due_box.setChecked(False)
            for w in widgets:
                w.blockSignals(False)
            self.reload_referrals()
        if not self.select_referral(referral_id):
            self.say("该推荐记录已不存在（可能已被删除）", ok=False)
            return None
        return self.edit_outcome(referral_id)

    # ================================================================== helpers

    def _select(self, view: QTableView, model: TableModel[Any], record_id: int, add: bool = False) -> bool:
        row = model.row_of_id(record_id)
        if row is None:
            return False
        # The first shown column: the view does not scroll to a cell of a hidden column.
        column = next((c for c in range(model.columnCount()) if not view.isColumnHidden(c)), 0)
        index = model.index(row, column)
        flags = QItemSelectionModel.SelectionFlag.Rows | (
            QItemSelectionModel.SelectionFlag.Select
            if add
            else QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        view.selectionModel().setCurrentIndex(index, flags)
        view.scrollTo(index)
        # Once more after the pending layout (a tab shown just now has no geometry yet).
        keep = QPersistentModelIndex(index)
        QTimer.singleShot(
            0,
            view,
            lambda: view.scrollTo(model.index(keep.row(), keep.column())) if keep.isValid() else None,
        )
        return True
