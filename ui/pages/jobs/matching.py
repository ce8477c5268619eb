"""The 匹配 tab of 岗位与匹配: 为求职者找岗位 (pick a person -> best open vacancies with score and reasons)
and 为岗位找人 (pick a vacancy -> best people with reasons, difficulty persons first for 公益性岗位, check
boxes to refer several at once)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.jobs import referrals
from ui import theme
from ui.errors import show_error
from ui.models.jobs_matching import PersonMatchModel, PersonPickModel, VacancyMatchModel
from ui.models.jobs_vacancies import (
    STATUS_ALL,
    STATUS_OPEN,
    VacancyPickModel,
)
from ui.pages.jobs.common import (
    TAB_REFERRALS,
    TAB_VACANCIES,
    _button,
    _esc,
    _search,
    make_view,
    select_row,
    weights_hint,
)

if TYPE_CHECKING:
    from ui.pages.jobs.page import JobsPage


class MatchingTab(QWidget):
    """匹配."""

    def __init__(self, page: JobsPage) -> None:
        super().__init__(page)
        self.page = page
        self.match_tabs = QTabWidget()
        self.match_tabs.setObjectName("match_tabs")
        self.match_tabs.setDocumentMode(True)
        self.match_tabs.addTab(self._build_seeker_view(), "为求职者找岗位")
        self.match_tabs.addTab(self._build_vacancy_view(), "为岗位找人")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.match_tabs)

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
        self.person_model.load(self.page.today())
        n = self.person_model.rowCount()
        more = f"（只列前 {n} 人，请输入更多字缩小范围）" if n >= self.person_model.LIMIT else ""
        who = "找到" if self.person_search.text().strip() else "求职人员"
        self.person_count.setText(f"{who} {n} 人{more}")
        if keep is not None and select_row(self.person_view, self.person_model, keep):
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
        return select_row(self.person_view, self.person_model, person_id)

    def load_person_matches(self) -> None:
        pid = self.selected_person_id()
        try:
            self.vacancy_match_model.load(pid, self.page.today())
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
            lambda _i: self.page.vacancies.edit_vacancy(self.selected_pick_vacancy_id())
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
        self.vacancy_pick_model.load(self.page.today())
        kind = "岗位" if self.include_closed_box.isChecked() else "在招岗位"
        self.pick_count.setText(f"{kind} {self.vacancy_pick_model.rowCount()} 个")
        if keep is not None and select_row(self.vacancy_pick_view, self.vacancy_pick_model, keep):
            return
        self.load_people_matches()

    def selected_pick_vacancy_id(self) -> int | None:
        sm = self.vacancy_pick_view.selectionModel()
        index = sm.currentIndex()
        if not index.isValid() or not sm.isRowSelected(index.row(), QModelIndex()):
            return None
        return self.vacancy_pick_model.row_id(index.row())

    def select_pick_vacancy(self, vacancy_id: int) -> bool:
        return select_row(self.vacancy_pick_view, self.vacancy_pick_model, vacancy_id)

    def load_people_matches(self) -> None:
        vid = self.selected_pick_vacancy_id()
        row = self.vacancy_pick_model.row_of_id(vid) if vid is not None else None
        v = self.vacancy_pick_model.row(row) if row is not None else None
        try:
            self.people_match_model.load(v, self.page.today())
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

        dialog = ReferralDialog(vacancy_id, person_ids, names, self, today=self.page.today())
        dialog.referred.connect(lambda made, n=names: self._referred(made, n))
        return self.page.open_dialog(dialog)

    def _referred(self, made: list[int], names: list[str]) -> None:
        self.people_match_model.check_first(0)
        self.page.refresh(TAB_REFERRALS, TAB_VACANCIES)
        shown = "、".join(names[:5]) + (f" 等 {len(names)} 人" if len(names) > 5 else "")
        self.page.say(
            f"已推荐 {shown}（{len(made)} 条推荐记录），请在 {referrals.FOLLOW_UP_DAYS} 天内回访结果"
        )

    def open_person(self, person_id: int | None) -> QDialog | None:
        from ui.forms.person_form import PersonForm

        if person_id is None:
            return None
        form = PersonForm(person_id, self)
        form.saved.connect(lambda _pid: self.page.reload())
        return self.page.open_dialog(form)
