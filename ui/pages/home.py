"""工作台 (home): today's to-do list, most urgent first, each line naming the person and the rule; the
key numbers of the current month; the charts (services per month against the contacts required, and the
employment state of the register). A click on a line opens what settles it; saving there refreshes the
page, and the line is gone."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.workbench import guide, home, reminders
from app.workbench.home import HomeData
from ui import theme
from ui.charts import LazyBarChart, Series
from ui.models.todo_table import TodoTableModel
from ui.pages import as_page
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.pages.dialog_host import DialogHost
from ui.widgets.tables import setup_table

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.pages.jobs import JobsPage

log = logging.getLogger(__name__)


class NumberTile(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.value = QLabel("0")
        self.value.setObjectName("tile_value")
        self.label = QLabel()
        self.label.setObjectName("tile_label")
        self.note = QLabel()
        self.note.setObjectName("tile_note")
        # Wrapping lets the seven tiles share a narrow window (the page never forces the window wider).
        self.label.setWordWrap(True)
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(12, 8, 12, 8)
        lay.setSpacing(2)
        lay.addWidget(self.label)
        lay.addWidget(self.value)
        lay.addWidget(self.note)

    def set_number(self, n: home.KeyNumber) -> None:
        self.label.setText(n.label)
        self.value.setText(f"{n.value:,}")
        self.note.setText(n.note)


class GuidePanel(QGroupBox):
    """第一天：四步开始使用 — each step ticked when done, with a button that goes there."""

    def __init__(self, page: HomePage) -> None:
        super().__init__("第一次使用：四步开始")
        self.setObjectName("first_day_guide")
        self.page = page
        self.rows: dict[str, tuple[QLabel, QLabel]] = {}
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        actions: dict[str, list[tuple[str, Callable[[], object]]]] = {
            guide.STATION: [("填写…", lambda: page.go("station"))],
            guide.LEDGER: [("导入台账…", page.import_ledger), ("新增人员…", page.new_person)],
            guide.STAFF: [("登记…", page.add_staff)],
            guide.ASSESSMENT: [("去自评…", lambda: page.go("assessment"))],
        }
        self.buttons: dict[str, QPushButton] = {}
        for i, step in enumerate(guide.first_day_steps()):
            mark = QLabel()
            text = QLabel()
            text.setWordWrap(True)
            grid.addWidget(mark, i, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, i, 1)
            box = QHBoxLayout()
            for title, slot in actions[step.key]:
                button = QPushButton(title)
                button.setObjectName(f"guide_{step.key}_{len(self.buttons)}")
                button.clicked.connect(lambda _c=False, f=slot: f())
                self.buttons[button.objectName()] = button
                box.addWidget(button)
            grid.addLayout(box, i, 2)
            self.rows[step.key] = (mark, text)

    def reload(self) -> list[guide.GuideStep]:
        steps = guide.first_day_steps()
        for n, step in enumerate(steps, start=1):
            mark, text = self.rows[step.key]
            mark.setText("✔" if step.done else f"{n}.")
            theme.apply(mark, theme.SUCCESS_TEXT if step.done else theme.PLAIN)
            text.setText(f"<b>{step.title}</b>" + ("（已完成）" if step.done else f"<br>{step.hint}"))
        self.setVisible(guide.guide_needed(steps))
        return steps

    def done(self) -> dict[str, bool]:
        return {step.key: step.done for step in guide.first_day_steps()}


class HomePage(DialogHost, QWidget):
    """The 工作台."""

    REFRESHES_ON_SHOW: ClassVar[bool] = True  # reloads in showEvent: the main window need not reload it

    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.fixed_today = today
        self.data: HomeData | None = None
        self.current_dialog: QDialog | None = None
        self._shown_once = False
        theme.apply(self, theme.TILES)

        self.title = QLabel()
        theme.apply(self.title, theme.PAGE_TITLE)
        self.tiles: list[NumberTile] = []
        tiles_row = QGridLayout()
        tiles_row.setSpacing(8)
        for i in range(7):
            tile = NumberTile()
            self.tiles.append(tile)
            tiles_row.addWidget(tile, 0, i)

        self.rule_combo = QComboBox()
        self.rule_combo.setObjectName("rule_filter")
        self.rule_combo.currentIndexChanged.connect(self._rule_changed)
        self.todo_count = QLabel()
        self.model = TodoTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("todo_view")
        # Most urgent first until a header is clicked.
        setup_table(
            self.view,
            self.model,
            sortable=True,
            initial_sort=(0, Qt.SortOrder.AscendingOrder),
            samples=("已逾期 999 天", "2024-10-10", "零就业家庭清零"),
            padding=20,
        )
        self.view.setMouseTracking(True)
        self.view.setCursor(Qt.CursorShape.PointingHandCursor)
        self.view.clicked.connect(self._clicked)
        self.view.activated.connect(self._clicked)

        todo_head = QHBoxLayout()
        heading = QLabel("待办事项")
        theme.apply(heading, theme.SUBTITLE)
        todo_head.addWidget(heading)
        todo_head.addWidget(self.todo_count, 1)
        todo_head.addWidget(QLabel("类别："))
        todo_head.addWidget(self.rule_combo)
        todo_box = QWidget()
        todo_lay = QVBoxLayout(todo_box)
        todo_lay.setContentsMargins(0, 0, 0, 0)
        todo_lay.addLayout(todo_head)
        todo_lay.addWidget(self.view, 1)
        hint = QLabel("单击一行打开对应的记录；记录了所需的服务后，该行自动消失。")
        theme.apply(hint, theme.TILE_NOTE_TEXT)
        todo_lay.addWidget(hint)

        # Built just after the window has painted (pyqtgraph is imported then: not at start-up).
        self.services_chart = LazyBarChart("近12个月就业困难人员：服务人次与每月应联系人数", "人次")
        self.state_chart = LazyBarChart("劳动力台账就业状态", "人数", horizontal=True)
        self.guide = GuidePanel(self)
        charts = QWidget()
        charts_lay = QVBoxLayout(charts)
        charts_lay.setContentsMargins(0, 0, 0, 0)
        charts_lay.addWidget(self.guide)
        charts_lay.addWidget(self.services_chart, 1)
        charts_lay.addWidget(self.state_chart, 1)
        charts_lay.addStretch(0)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(todo_box)
        split.addWidget(charts)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 400])

        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addLayout(tiles_row)
        lay.addWidget(split, 1)
        self.reload()

    # ------------------------------------------------------------------ page contract

    @property
    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    # ------------------------------------------------------------------ Page protocol

    def new_record(self) -> None:
        """No record to start from Ctrl+N on this page."""

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self) -> None:
        data = home.home_data(self.today)
        self.data = data
        t = data.today
        self.title.setText(f"工作台　{t.year}年{t.month}月{t.day}日")
        for tile, number in zip(self.tiles, data.numbers, strict=True):
            tile.set_number(number)
        keep = self.rule_combo.currentData() or ""
        self.rule_combo.blockSignals(True)
        self.rule_combo.clear()
        self.rule_combo.addItem(f"全部（{len(data.items)}）", "")
        for rule, title in reminders.RULES.items():
            n, late = data.counts.get(rule, (0, 0))
            if n:
                self.rule_combo.addItem(f"{title}（{n}" + (f"，逾期 {late}" if late else "") + "）", rule)
        i = self.rule_combo.findData(keep)
        self.rule_combo.setCurrentIndex(max(i, 0))
        self.rule_combo.blockSignals(False)
        self.model.set_items(data.items)
        self.model.set_rule(self.rule_combo.currentData() or "")
        self._update_count()
        m = data.months
        self.services_chart.set_data(
            m.labels,
            [
                Series("服务人次", m.difficulty_services),
                Series("应联系人数", m.required),
                Series("已联系人数", m.contacted),
            ],
        )
        self.state_chart.set_data(
            [s for s, _n in data.employment_state], [Series("人数", [n for _s, n in data.employment_state])]
        )
        # Charts only once there is something to draw; the first-day guide while a step is open.
        self.services_chart.setVisible(self.services_chart.has_data())
        self.state_chart.setVisible(self.state_chart.has_data())
        self.guide.reload()

    def focus_filter(self) -> None:
        self.rule_combo.setFocus()

    # ------------------------------------------------------------------ first-day guide

    def _main_window(self) -> MainWindow | None:
        from ui.main_window import MainWindow

        window = self.window()
        return window if isinstance(window, MainWindow) else None

    def go(self, slug: str) -> QWidget | None:
        window = self._main_window()
        return window.select_page(slug) if window is not None else None

    def import_ledger(self) -> None:
        window = self._main_window()
        if window is not None:
            window.import_ledger()
            self.reload()

    def new_person(self) -> None:
        page = self.go("register")
        if page is not None:
            as_page(page).new_record()

    def add_staff(self) -> None:
        page = self.go("station")
        add = getattr(page, "add_staff", None)
        if callable(add):
            add()

    def showEvent(self, event: QShowEvent) -> None:
        # Other pages change the data: coming back to the 工作台 shows it afresh.
        if self._shown_once:
            self.reload()
        self._shown_once = True
        super().showEvent(event)

    # ------------------------------------------------------------------ to-do

    def _rule_changed(self) -> None:
        self.model.set_rule(self.rule_combo.currentData() or "")
        self._update_count()

    def _update_count(self) -> None:
        late = sum(1 for i in range(self.model.rowCount()) if (it := self.model.item(i)) and it.overdue)
        self.todo_count.setText(f"　共 {self.model.rowCount()} 项，逾期 {late} 项")

    def _clicked(self, index: QModelIndex) -> None:
        if self.current_dialog is not None and self.current_dialog.isVisible():
            return  # the second click of a double-click
        item = self.model.item(index.row())
        if item is not None:
            self.open_item(item)

    def open_item(self, item: reminders.TodoItem) -> QWidget | None:
        """Open what settles ``item``; the page reloads when it is saved."""
        from ui.errors import guard

        with guard(self):
            return self._open(item)
        return None

    def _open(self, item: reminders.TodoItem) -> QWidget | None:
        dialog: QDialog
        if item.opens == reminders.OPEN_SERVICE and item.person_id is not None:
            from ui.dialogs.service_entry import ServiceEntryDialog

            dialog = ServiceEntryDialog(
                [item.person_id],
                self,
                kind=str(item.extra.get("service_kind", "")),
                mode=str(item.extra.get("service_mode", "")),
                today=self.fixed_today,
            )
        elif item.opens == reminders.OPEN_PLAN and item.person_id is not None:
            from ui.dialogs.plan_editor import PlanEditorDialog

            dialog = PlanEditorDialog(item.person_id, None, self, today=self.fixed_today)
        elif item.opens in (reminders.OPEN_REFERRAL, reminders.OPEN_VACANCY):
            # 岗位与匹配 shows the record and opens its dialog; coming back here reloads the list.
            page = self._jobs_page()
            if page is not None:
                show = page.show_referral if item.opens == reminders.OPEN_REFERRAL else page.show_vacancy
                show(item.subject_id)
                return page
            if item.person_id is None:
                raise UserError("岗位与匹配页面未能打开，请从左侧导航进入该页面处理")
            dialog = self._person_form(item.person_id)
        elif item.person_id is not None:
            dialog = self._person_form(item.person_id)
        else:
            return None
        return self.open_dialog(dialog)

    def _person_form(self, person_id: int) -> QDialog:
        from ui.forms.person_form import PersonForm

        return PersonForm(person_id, self)

    def _jobs_page(self) -> JobsPage | None:
        """The 岗位与匹配 page of the main window, shown; None outside the window (tests) or when it
        cannot be opened."""
        from ui.main_window import MainWindow
        from ui.pages.jobs import JobsPage

        window = self.window()
        if not isinstance(window, MainWindow):
            return None
        try:
            page = window.select_page("jobs")
        except Exception:
            log.exception("cannot show the jobs page")
            return None
        return page if isinstance(page, JobsPage) else None
