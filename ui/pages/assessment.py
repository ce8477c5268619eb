"""自评 page: pick a standard and a reporting period; every item that data can decide is scored with its
formula and numbers in words, a click on a number lists the people behind it; manual items are
checklists with a note and evidence files, assisted items show the app's proposal to confirm or override
with a reason. Totals, a bar chart of each section against its maximum, and the gap list ordered by the
points recoverable. Saved assessments: new, open, duplicate, delete, 定稿 (frozen snapshot), compare.

Computing: indicator results are cached for the page (keyed by indicator, period and parameters), so a
changed answer re-scores at once; the cache is dropped whenever the page reads the ledger anew: when it
is shown again, on 刷新, on opening an assessment, changing the standard or the period, after a
person's record is saved from a drill-down, and before 定稿. A large register is scored on a worker
thread (:class:`~ui.workers.BackgroundTask`) so the page opens at once.

Why this module is over 600 lines: it is one page whose parts share one state (the standard, the period,
the open assessment, its answers and the running computation) and act on it together; what could stand
alone lives elsewhere: the view model and the indicator cache in :mod:`app.assessment.view`, the people
behind a number in :mod:`app.assessment.members`, the item models in ``ui/models/assessment_*``, the
chart in :mod:`ui.charts`, the item pane in :mod:`ui.dialogs.assessment_item`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from PySide6.QtCore import QDate, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.assessment import assessments, scoring
from app.assessment.assessments import EvidenceInfo
from app.assessment.scoring import Answer, AssessmentResult
from app.assessment.standards import Standard, shipped_standards
from app.assessment.view import (
    AssessmentView,
    CachedLookup,
    ItemRow,
    SetView,
    compute_view,
    person_count,
    points_text,
    view_from_snapshot,
)
from app.core.errors import UserError, ValidationError
from app.core.period import Period
from ui import dialogs, theme
from ui.dialogs.assessment_compare import CompareDialog
from ui.dialogs.assessment_item import ItemDetailPane
from ui.dialogs.assessment_people import PeopleDialog
from ui.errors import guard, show_error
from ui.forms.common import ErrorLabel
from ui.models.assessment_items import AssessmentItemsModel, GapsModel, SavedAssessmentsModel
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.widgets.tables import setup_table
from ui.workers import BackgroundTask, run_with_progress

if TYPE_CHECKING:
    from ui.charts import SectionChart

DEFAULT_STANDARD = "guangzhou-full-employment-2024"
PERIOD_ERROR = "报告期结束日期早于开始日期，请改正后再计算"


class AssessmentPage(QWidget):
    """The 自评 page."""

    REFRESHES_ON_SHOW: ClassVar[bool] = True  # scores again in showEvent: the main window need not reload it

    computed = Signal()  # the view was (re)built
    # Registers up to this many persons are scored on the GUI thread (well under 0.1 s); larger ones
    # on a worker thread.
    SYNC_PERSON_LIMIT = 5000

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.standards: list[Standard] = shipped_standards()
        self.standard: Standard | None = None
        self.assessment_id: int | None = None
        self.finalized = False
        self.result: AssessmentResult | None = None
        self.view: AssessmentView | None = None
        self._answers: dict[str, Answer] = {}
        self.answer_notices: dict[str, str] = {}  # item id -> why its saved answer was adjusted
        self.lookup = CachedLookup()
        self._task: BackgroundTask | None = None
        self._last_task: BackgroundTask | None = None
        self._notice = ""
        self._pending = False
        self._generation = 0
        self._person_count: int | None = None
        self._shown_once = False
        self.people_dialog: PeopleDialog | None = None
        self.compare_dialog: CompareDialog | None = None

        # ---- row 1: standard and period
        self.standard_combo = QComboBox()
        for std in self.standards:
            self.standard_combo.addItem(std.name, std.id)
            self.standard_combo.setItemData(
                self.standard_combo.count() - 1, f"{std.name}（{std.id}）", Qt.ItemDataRole.ToolTipRole
            )
        self.standard_combo.setMinimumWidth(200)
        self.standard_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.standard_combo.setMinimumContentsLength(12)
        self.from_edit = self._date_edit()
        self.to_edit = self._date_edit()
        self.period_error = ErrorLabel()
        self.period_error.setMinimumWidth(60)
        self.refresh_button = QPushButton("刷新")
        self.refresh_button.setToolTip("按台账的最新数据重新计算")
        self.refresh_button.clicked.connect(lambda _c=False: self.refresh_data())
        row1 = QHBoxLayout()
        row1.addWidget(self._caption("评估标准"))
        row1.addWidget(self.standard_combo, 3)
        row1.addSpacing(12)
        row1.addWidget(self._caption("报告期"))
        row1.addWidget(self.from_edit)
        row1.addWidget(QLabel("至"))
        row1.addWidget(self.to_edit)
        row1.addWidget(self.refresh_button)
        row1.addWidget(self.period_error, 2)

        # ---- row 2: saved assessments
        self.saved_model = SavedAssessmentsModel(self)
        self.saved_combo = QComboBox()
        self.saved_combo.setModel(self.saved_model)
        self.saved_combo.setMinimumWidth(180)
        self.saved_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.saved_combo.setMinimumContentsLength(10)
        self.saved_combo.setToolTip("选择一份已保存的自评打开；第一项是未保存的预览")
        self.state_label = QLabel()
        self.new_button = QPushButton("新建自评")
        self.new_button.setToolTip("按当前标准和报告期保存一份自评草稿")
        self.new_button.clicked.connect(lambda _c=False: self.new_assessment())
        self.duplicate_button = QPushButton("复制")
        self.duplicate_button.setToolTip("复制当前自评（连同人工填写和佐证材料）为新草稿，报告期取上方所填")
        self.duplicate_button.clicked.connect(lambda _c=False: self.duplicate_assessment())
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(lambda _c=False: self.delete_assessment())
        self.finalize_button = QPushButton("定稿")
        self.finalize_button.setToolTip("保存此刻的完整结果；定稿后不能修改，台账以后的变化也不影响它")
        self.finalize_button.clicked.connect(lambda _c=False: self.finalize_assessment())
        self.compare_button = QPushButton("对比…")
        self.compare_button.setToolTip("与同一标准的另一份自评逐项对比")
        self.compare_button.clicked.connect(lambda _c=False: self.compare())
        self.print_button = QPushButton("打印…")
        self.print_button.setToolTip(
            "另存屏幕上这份自评的自评打分表（PDF/Excel）或充分就业社区(村)申报表，可打印、盖章"
        )
        self.print_button.clicked.connect(lambda _c=False: self.print_documents())
        row2 = QHBoxLayout()
        row2.addWidget(self._caption("自评记录"))
        row2.addWidget(self.saved_combo, 3)
        row2.addWidget(self.state_label, 2)
        for b in (
            self.new_button,
            self.duplicate_button,
            self.delete_button,
            self.finalize_button,
            self.compare_button,
            self.print_button,
        ):
            row2.addWidget(b)

        # ---- items and detail
        self.items_model = AssessmentItemsModel(self)
        self.items_view = QTableView()
        self.items_view.setModel(self.items_model)
        setup_table(self.items_view)
        self.items_view.setAlternatingRowColors(False)  # the model tints whole sections instead
        header = self.items_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        m = self.items_view.fontMetrics()
        widths = {
            0: "B.10",
            1: "主要就业指标达标情况",
            2: "登记失业人员就业率达80%",
            3: "满分",
            4: "未达标",
            5: "自动计算",
        }
        for col, sample in widths.items():
            self.items_view.setColumnWidth(col, m.horizontalAdvance(sample) + 18)
        # 项目 and 计算依据 not cut off after a few characters: 项目 as wide as its longest title (within
        # reason), 计算依据 takes the rest; both wrap onto a second line (the full text in the tooltip
        # and the detail pane below).
        self.items_view.setWordWrap(True)
        self.items_view.verticalHeader().setDefaultSectionSize(2 * m.lineSpacing() + 8)
        self.items_model.modelReset.connect(self._fit_item_columns)
        self.items_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._item_selected(cur)
        )
        self.detail = ItemDetailPane(self)
        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setWidget(self.detail)
        self.detail_scroll.setFrameShape(QFrame.Shape.StyledPanel)
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.items_view)
        left.addWidget(self.detail_scroll)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)
        left.setSizes([330, 330])
        left.setChildrenCollapsible(False)

        # ---- totals, chart, gaps
        self.totals = QFrame()
        self.totals.setObjectName("totals")
        theme.apply(self.totals, theme.TOTALS_CARD)
        self.total_label = QLabel()
        theme.apply(self.total_label, theme.TOTAL_TEXT)
        self.total_detail = QLabel()
        self.total_detail.setWordWrap(True)
        self.verdict_label = QLabel()
        self.verdict_label.setWordWrap(True)
        tl = QVBoxLayout(self.totals)
        tl.setContentsMargins(12, 8, 12, 8)
        tl.setSpacing(2)
        tl.addWidget(self.total_label)
        tl.addWidget(self.total_detail)
        tl.addWidget(self.verdict_label)
        # The chart (pyqtgraph, slow to import) is built just after the page is first shown.
        self.chart: SectionChart | None = None
        self.chart_box = QWidget()
        self.chart_box.setMinimumHeight(150)
        self._chart_layout = QVBoxLayout(self.chart_box)
        self._chart_layout.setContentsMargins(0, 0, 0, 0)
        self.gaps_title = QLabel("失分项（按可挽回分值排序）")
        theme.apply(self.gaps_title, theme.HEADING_TEXT)
        self.gaps_model = GapsModel(self)
        self.gaps_view = QTableView()
        self.gaps_view.setModel(self.gaps_model)
        setup_table(self.gaps_view)
        self.gaps_view.setWordWrap(True)
        gm = self.gaps_view.fontMetrics()
        self.gaps_view.setColumnWidth(0, gm.horizontalAdvance("B.10") + 16)
        self.gaps_view.setColumnWidth(1, gm.horizontalAdvance("10/10") + 16)
        self.gaps_view.setColumnWidth(2, gm.horizontalAdvance("可挽回") + 16)
        self.gaps_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.gaps_view.clicked.connect(self._gap_clicked)
        self.gaps_view.setToolTip("点击一行，在左侧查看该项目")
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.totals)
        # Counts that rest on an empty or near-empty ledger (score full marks by the seed's own rules).
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warnings_label.setVisible(False)
        rl.addWidget(self.warnings_label)
        chart_title = QLabel("各部分得分与满分")
        theme.apply(chart_title, theme.HEADING_TEXT)
        self.chart_title = chart_title
        rl.addWidget(chart_title)
        rl.addWidget(self.chart_box, 2)
        rl.addWidget(self.gaps_title)
        rl.addWidget(self.gaps_view, 5)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([640, 440])
        split.setChildrenCollapsible(False)

        self.status_label = QLabel()
        theme.apply(self.status_label, theme.MUTED_TEXT)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 6)
        lay.addLayout(row1)
        lay.addLayout(row2)
        lay.addWidget(split, 1)
        lay.addWidget(self.status_label)

        self._period_timer = QTimer(self)
        self._period_timer.setSingleShot(True)
        self._period_timer.setInterval(400)
        self._period_timer.timeout.connect(self.apply_period)
        self.from_edit.dateChanged.connect(lambda _d: self._period_timer.start())
        self.to_edit.dateChanged.connect(lambda _d: self._period_timer.start())
        self.standard_combo.currentIndexChanged.connect(lambda _i: self._standard_changed())
        self.saved_combo.activated.connect(lambda i: self.open_row(i))

        QTimer.singleShot(0, self, self.ensure_chart)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.wait_idle)
        start = self.standard_combo.findData(DEFAULT_STANDARD)
        self.standard_combo.setCurrentIndex(max(0, start))
        if self.standard is None and self.standards:
            self._standard_changed()

    # ------------------------------------------------------------------ chart

    def ensure_chart(self) -> SectionChart:
        from ui.charts import SectionChart  # pyqtgraph is loaded with the first chart

        if self.chart is None:
            self.chart = SectionChart(self.chart_box)
            self._chart_layout.addWidget(self.chart)
            self._draw_chart()
        return self.chart

    def _draw_chart(self) -> None:
        if self.chart is None:
            return
        if self.view is None:
            self.chart.set_sections([], True)
        else:
            self.chart.set_sections(self.view.sections, self.view.is_score)

    # ------------------------------------------------------------------ small builders

    @staticmethod
    def _caption(text: str) -> QLabel:
        label = QLabel(text)
        theme.apply(label, theme.HEADING_TEXT)
        return label

    @staticmethod
    def _date_edit() -> QDateEdit:
        edit = QDateEdit()
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setCalendarPopup(True)
        edit.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        return edit

    # ------------------------------------------------------------------ page contract

    # ------------------------------------------------------------------ Page protocol

    def focus_filter(self) -> None:
        """No search field on this page."""

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self) -> None:
        """Re-read the saved assessments and the ledger."""
        self._load_saved()
        self.refresh_data()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._shown_once:
            self.refresh_data()  # the ledger may have changed on another page
        self._shown_once = True

    def refresh_data(self) -> None:
        """Forget cached indicator results and score again from the ledger."""
        self.lookup.clear()
        self._person_count = None
        self.recompute()

    def new_record(self) -> None:
        """Ctrl+N: a new assessment for the standard and period shown."""
        self.new_assessment()

    # ------------------------------------------------------------------ standard, period, saved list

    def _standard_changed(self) -> None:
        std_id = self.standard_combo.currentData()
        self.standard = next((s for s in self.standards if s.id == std_id), None)
        if self.standard is None:
            return
        self.assessment_id = None
        self.finalized = False
        self.lookup.clear()
        self._set_period_fields(scoring.default_period(self.standard))
        self._load_saved()
        period = scoring.default_period(self.standard)
        draft = next(
            (
                r
                for r in self.saved_model.rows()
                if r.id is not None
                and not r.finalized
                and (r.period_from, r.period_to) == (period.start, period.end)
            ),
            None,
        )
        if draft is not None:  # carry on with the newest draft of the default period
            self.assessment_id = draft.id
        self.saved_combo.setCurrentIndex(self.saved_model.row_of(self.assessment_id))
        self.chart_title.setText("各部分得分与满分" if self.standard.is_score else "各部分达标项数")
        self.gaps_title.setText("失分项（按可挽回分值排序）" if self.standard.is_score else "未达标项目")
        for col in (1, 2):  # 得分 / 可挽回 mean nothing on a condition list
            self.gaps_view.setColumnHidden(col, not self.standard.is_score)
        self.recompute()

    def select_standard(self, standard_id: str) -> None:
        i = self.standard_combo.findData(standard_id)
        if i < 0:
            raise UserError(f"没有编号为“{standard_id}”的评估标准")
        if i == self.standard_combo.currentIndex():
            self._standard_changed()
        else:
            self.standard_combo.setCurrentIndex(i)

    def _set_period_fields(self, period: Period) -> None:
        for edit, d in ((self.from_edit, period.start), (self.to_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(d.year, d.month, d.day))
            edit.blockSignals(False)
        self.period_error.show_message("")

    def set_period(self, start: dt.date, end: dt.date) -> bool:
        """Fill the period fields and apply them (as the operator would)."""
        for edit, d in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(d.year, d.month, d.day))
            edit.blockSignals(False)
        return self.apply_period()

    def read_period(self) -> Period | None:
        """The period in the fields; None (message beside the fields) when the end precedes the start."""
        start = self.from_edit.date().toPython()
        end = self.to_edit.date().toPython()
        assert isinstance(start, dt.date) and isinstance(end, dt.date)
        if end < start:
            self.period_error.show_message(PERIOD_ERROR)
            return None
        self.period_error.show_message("")
        return Period(start, end)

    def apply_period(self) -> bool:
        """Score over the period in the fields. A saved assessment with another period is left as it is
        (still in the list) and the page shows the unsaved preview of the new period."""
        self._period_timer.stop()
        self.lookup.clear()
        period = self.read_period()
        if period is None:
            self._show_nothing("报告期有误，未计算。")
            return False
        if self.assessment_id is not None:
            row = assessments.load(self.assessment_id)
            if (row.period_from, row.period_to) != (period.start, period.end):
                self.assessment_id = None
                self.finalized = False
                self.saved_combo.setCurrentIndex(0)
                self._notice = "报告期已改动，原自评仍在“自评记录”中。"
        self.recompute()
        return True

    def _load_saved(self) -> None:
        if self.standard is None:
            return
        self.saved_model.load(assessments.list_assessments(self.standard.id), self.standard.name)
        self.saved_combo.setCurrentIndex(self.saved_model.row_of(self.assessment_id))

    ITEM_COLUMN_MAX = 300  # 项目 wider than this wraps instead

    def _fit_item_columns(self) -> None:
        m = self.items_view.fontMetrics()
        titles = [self.items_model.text(r, 2) for r in range(self.items_model.rowCount())]
        widest = max((m.horizontalAdvance(t) for t in titles), default=0) + 18
        base = m.horizontalAdvance("登记失业人员就业率达80%") + 18
        self.items_view.setColumnWidth(2, min(max(widest, base), self.ITEM_COLUMN_MAX))

    def open_row(self, row: int) -> None:
        self.open_assessment(self.saved_model.saved(row).id)

    def open_assessment(self, assessment_id: int | None) -> None:
        """Show a saved assessment (its period goes into the fields), or the preview (None)."""
        self.assessment_id = assessment_id
        self.finalized = False
        self.lookup.clear()  # opening shows the ledger as it is now
        if assessment_id is not None:
            row = assessments.load(assessment_id)
            self.finalized = row.finalized_at is not None
            self._set_period_fields(Period(row.period_from, row.period_to))
        self.saved_combo.setCurrentIndex(self.saved_model.row_of(assessment_id))
        self.recompute()

    def _ensure_saved(self) -> int:
        """The open assessment's id; the preview is first saved as a new draft."""
        if self.assessment_id is not None:
            return self.assessment_id
        assert self.standard is not None
        period = self.read_period()
        if period is None:
            raise ValidationError(PERIOD_ERROR, field="period")
        row = assessments.create(self.standard.id, period)
        self.assessment_id = int(row.id)
        self._load_saved()
        self._notice = f"已自动保存为新的自评草稿：{row.title}"
        return self.assessment_id

    # ------------------------------------------------------------------ computing

    def _small_register(self) -> bool:
        if self._person_count is None:
            self._person_count = person_count()
        return self._person_count <= self.SYNC_PERSON_LIMIT

    def is_busy(self) -> bool:
        return self._task is not None

    def wait_idle(self) -> None:
        """Block until a computation on the worker thread has ended (on quitting)."""
        if self._task is not None:
            self._task.wait()

    def recompute(self) -> None:
        """Score the open assessment (or the preview); a finalised one shows its snapshot."""
        if self.standard is None:
            return
        self._generation += 1
        if self.assessment_id is not None and self.finalized:
            with guard(self):
                data = assessments.result_json(self.assessment_id)
                self._answers = assessments.answers(self.assessment_id)
                self.answer_notices = {}
                members = assessments.snapshot_members(self.assessment_id)
                hints = assessments.snapshot_gap_hints(self.assessment_id)
                self._apply(None, view_from_snapshot(self.standard, data, members, hints))
            return
        period = self.read_period()
        if period is None:
            self._show_nothing("报告期有误，未计算。")
            return
        self._load_answers()
        if self._task is not None:
            self._pending = True
            return
        args = (self.standard, period, dict(self._answers), self.lookup)
        if self._small_register():
            try:
                result, view = compute_view(*args)
            except Exception as exc:
                self._show_nothing("未能计算。")
                show_error(self, exc)
                return
            self._apply(result, view)
            return
        generation = self._generation
        task = BackgroundTask(compute_view, *args)
        self._task = task
        task.finished.connect(lambda res, g=generation: self._task_done(g, res, None))
        task.failed.connect(lambda exc, g=generation: self._task_done(g, None, exc))
        self.status_label.setText(f"正在按台账计算（{self._person_count} 人）…")
        self._set_busy(True)
        task.start()

    def _load_answers(self) -> None:
        """The draft's answers as the current standard and proposals accept them; what had to change
        is noted on the status line and in the item's detail."""
        self.answer_notices = {}
        if self.assessment_id is None:
            self._answers = {}
            return
        try:
            loaded = assessments.load_answers(self.assessment_id, self.lookup)
        except Exception as exc:  # shown, then scored without the answers
            self._answers = {}
            show_error(self, exc)
            return
        self._answers = loaded.answers
        for n in loaded.notices:
            self.answer_notices[n.item_id] = f"{n.text}（{n.dropped}）"
        if loaded.notices:
            first = loaded.notices[0].text
            more = f"等 {len(loaded.notices)} 项" if len(loaded.notices) > 1 else ""
            if first not in self._notice:
                self._notice = f"{first}{more}，请核对。{self._notice}"

    def _task_done(self, generation: int, res: Any, exc: BaseException | None) -> None:
        self._last_task = self._task  # not deleted inside its own signal
        self._task = None
        self._set_busy(False)
        if self._pending or generation != self._generation:
            self._pending = False
            self.recompute()
            return
        if exc is not None:
            self._show_nothing("未能计算。")
            show_error(self, exc)
            return
        result, view = res
        self._apply(result, view)

    def _set_busy(self, busy: bool) -> None:
        self.items_view.setEnabled(not busy)
        self.detail.setEnabled(not busy)

    def _show_nothing(self, why: str) -> None:
        self.result = None
        self.view = None
        self.items_model.set_view(None)
        self.gaps_model.set_view(None)
        self._draw_chart()
        self.total_label.setText("—")
        self.total_detail.setText(why)
        self.verdict_label.setText("")
        self.detail.show_row(None)
        self._update_buttons()
        self.computed.emit()

    def _apply(self, result: AssessmentResult | None, view: AssessmentView) -> None:
        keep = self.current_item_id()
        self.result = result
        self.view = view
        self.items_model.set_view(view)
        self.gaps_model.set_view(view)
        self._draw_chart()
        self._show_totals(view)
        self._show_warnings(result)
        self._update_buttons()
        if keep is None and view.items:
            keep = view.items[0].id
        if keep is not None and view.row_of(keep) is not None:
            self.select_item(keep)
        else:
            self.detail.show_row(None)
        if self.finalized:
            default = "定稿的自评：显示定稿时保存的结果，台账以后的变化不影响它；如需修改请“复制”为新草稿。"
        elif self.assessment_id is None:
            default = "未保存的预览：填写人工项目或添加佐证材料时会自动保存为自评草稿。"
        else:
            default = "自评草稿：人工填写和佐证材料随填随存；完成后点“定稿”。"
        # a one-off notice (what was just done) comes first, then what the page shows
        self.status_label.setText(f"{self._notice}　{default}" if self._notice else default)
        self._notice = ""
        self.computed.emit()

    def _show_totals(self, view: AssessmentView) -> None:
        std = view.standard
        pending = view.needs_input
        pending_text = (
            f"另有 {pending} 项待填写或待确认（未填写的按 0 分计）。" if pending else "所有项目均已填写。"
        )
        if view.is_score:
            self.total_label.setText(f"合计 {points_text(view.total)} 分")
            parts = [f"基础分 {points_text(view.base_total)} / {points_text(std.base_max)}"]
            if std.bonus_max:
                parts.append(f"加分 {points_text(view.bonus_total)} / {points_text(std.bonus_max)}")
            self.total_detail.setText("　".join(parts))
            if std.pass_mark is not None:
                ok = view.total is not None and view.total >= std.pass_mark
                gap = std.pass_mark - (view.total or Decimal(0))
                verdict = (
                    f"合格线 {points_text(std.pass_mark)} 分：已达到"
                    if ok
                    else f"合格线 {points_text(std.pass_mark)} 分：还差 {points_text(gap)} 分"
                )
                color = theme.PASS if ok else theme.LOSS
            else:
                verdict, color = "本标准未规定合格线", theme.MUTED
            self.verdict_label.setText(
                f"{theme.span(verdict, color)}<br>{theme.span(pending_text, theme.PENDING)}"
            )
        else:
            met = sum(1 for r in view.items if r.met)
            self.total_label.setText(f"达标 {met} / {len(view.items)} 项")
            required = [r for r in view.items if r.item is None or r.item.required]
            missing = sum(1 for r in required if not r.met)
            self.total_detail.setText(f"必备条件 {len(required)} 项，未达标 {missing} 项")
            ok = bool(view.passed)
            verdict = "结论：全部必备条件达标，通过" if ok else "结论：尚有必备条件未达标，未通过"
            color = theme.PASS if ok else theme.LOSS
            self.verdict_label.setText(
                f"{theme.span(verdict, color)}<br>{theme.span(pending_text, theme.PENDING)}"
            )

    def ledger_warnings(self) -> list[str]:
        """The empty-ledger warnings of what is on screen (a snapshot finalised before they existed has
        none)."""
        if self.result is not None:
            return list(self.result.warnings)
        if self.assessment_id is not None:
            return [str(w) for w in assessments.result_json(self.assessment_id).get("warnings") or []]
        return []

    def _show_warnings(self, result: AssessmentResult | None) -> None:
        lines = self.ledger_warnings()
        self.warnings_label.setText("<br>".join(theme.span(f"⚠ {w}", theme.LOSS) for w in lines))
        self.warnings_label.setVisible(bool(lines))

    # ---- printing what is on screen

    DOCUMENTS: ClassVar[dict[str, str]] = {
        "自评打分表（PDF）(*.pdf)": "score-pdf",
        "自评打分表（Excel）(*.xlsx)": "score-xlsx",
        "充分就业社区(村)申报表（PDF）(*.pdf)": "application",
    }

    def print_documents(self) -> Path | None:
        if self.view is None or self.standard is None:
            return None
        from PySide6.QtWidgets import QFileDialog

        filters = ";;".join(self.DOCUMENTS)
        name, chosen = QFileDialog.getSaveFileName(
            self, "打印自评", f"{self.standard.name} 自评打分表.pdf", filters
        )
        if not name:
            return None
        with guard(self):
            return self.save_document(self.DOCUMENTS.get(chosen, "score-pdf"), Path(name))
        return None

    def save_document(self, kind: str, path: Path) -> Path:
        """Write the self-score sheet (``score-pdf`` / ``score-xlsx``) or the application form
        (``application``) of exactly what is on screen: the open assessment (its snapshot when
        finalised), or the unsaved preview from the ledgers (the sheet then says the manual items are
        unanswered)."""
        from app.documents import full_employment_form, score_sheet

        assert self.standard is not None
        assessment_id = self.assessment_id
        if assessment_id is not None:
            data = score_sheet.saved_data(assessment_id)
        else:
            assert self.result is not None
            data = {**self.result.to_json_dict(), "live": True}
        period = (dt.date.fromisoformat(data["period"]["from"]), dt.date.fromisoformat(data["period"]["to"]))

        def work(*, progress: Any) -> Any:
            if kind == "score-xlsx":
                return score_sheet.write_xlsx(data, path, progress)
            if kind == "application":
                return full_employment_form.build_pdf_document(
                    path,
                    period=period,
                    standard=data["standard"],
                    assessment=assessment_id,
                    live=assessment_id is None,
                    progress=progress,
                )
            return score_sheet.write_pdf(data, path, progress)

        out = run_with_progress(self, "正在生成文书", work)
        self._notice = f"已另存：{Path(out).name}"
        self.status_label.setText(self._notice)
        return Path(out)

    def _update_buttons(self) -> None:
        saved = self.assessment_id is not None
        self.duplicate_button.setEnabled(saved)
        self.delete_button.setEnabled(saved)
        self.finalize_button.setEnabled(saved and not self.finalized)
        others = sum(1 for r in self.saved_model.rows() if r.id is not None and r.id != self.assessment_id)
        self.compare_button.setEnabled(others > 0 and self.view is not None)
        if not saved:
            self.state_label.setText(theme.span("预览（未保存）", theme.MUTED))
        elif self.finalized:
            self.state_label.setText(theme.span("已定稿 · 只读", theme.FINALISED, bold=True))
        else:
            self.state_label.setText(theme.span("草稿 · 可编辑", theme.ACCENT))

    # ------------------------------------------------------------------ items

    def current_item_id(self) -> str | None:
        index = self.items_view.selectionModel().currentIndex()
        if not index.isValid() or index.row() >= self.items_model.rowCount():
            return None
        return self.items_model.row(index.row()).id

    def select_item(self, item_id: str) -> bool:
        row = self.view.row_of(item_id) if self.view else None
        if row is None:
            return False
        index = self.items_model.index(row, 0)
        self.items_view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.items_view.scrollTo(index)
        self._item_selected(index)
        return True

    def _item_selected(self, index: QModelIndex) -> None:
        if not index.isValid() or self.view is None:
            self.detail.show_row(None)
            return
        self.detail.show_row(self.items_model.row(index.row()), snapshot=self.view.snapshot)
        self.detail_scroll.verticalScrollBar().setValue(0)

    def _gap_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.select_item(self.gaps_model.gap(index.row()).item_id)

    def item_row(self, item_id: str) -> ItemRow:
        assert self.view is not None
        row = self.view.row_of(item_id)
        if row is None:
            raise KeyError(item_id)
        return self.view.items[row]

    # ------------------------------------------------------------------ host of the detail pane

    def can_edit(self) -> bool:
        return self.view is not None and not self.finalized

    def answer_of(self, item_id: str) -> Answer | None:
        return self._answers.get(item_id)

    def answer_notice(self, item_id: str) -> str:
        """Why the saved answer of ``item_id`` was adjusted when it was loaded ("" when it was not)."""
        return self.answer_notices.get(item_id, "")

    def save_answer(self, item_id: str, answer: Answer) -> None:
        """Check and store an answer (the preview is saved as a draft first), then score again."""
        if self.finalized:
            raise UserError(assessments.FINALIZED_MESSAGE)
        if self.view is None:
            raise UserError("报告期有误，请先改正报告期")
        row = self.item_row(item_id)
        if row.item is not None:
            scoring.check_override(row.item, answer, row.proposed_checked)
        assessment_id = self._ensure_saved()
        assessments.save_answer(assessment_id, item_id, answer, self.lookup)
        self.recompute()

    def clear_answer(self, item_id: str) -> None:
        if self.finalized:
            raise UserError(assessments.FINALIZED_MESSAGE)
        if self.assessment_id is None:
            return
        assessments.clear_answer(self.assessment_id, item_id)
        self.recompute()

    def evidence_of(self, item_id: str) -> list[EvidenceInfo]:
        if self.assessment_id is None:
            return []
        return assessments.evidence_list(self.assessment_id, item_id)

    def add_evidence(self, item_id: str, path: Path) -> None:
        if self.finalized:
            raise UserError(assessments.FINALIZED_MESSAGE)
        assessment_id = self._ensure_saved()
        assessments.add_evidence_file(assessment_id, item_id, path)

    def remove_evidence(self, evidence_id: int) -> None:
        assessments.remove_evidence(evidence_id)

    def evidence_content(self, evidence_id: int) -> bytes:
        return assessments.evidence_bytes(evidence_id)

    def show_set(self, row: ItemRow, set_view: SetView) -> PeopleDialog | None:
        """The people behind a number (window-modal, not blocking)."""
        if set_view.members is None:
            return None
        dialog = PeopleDialog(set_view, f"{row.id} {row.title}", self)
        dialog.person_saved.connect(lambda _pid: self.refresh_data())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.people_dialog = dialog
        dialog.open()
        return dialog

    # ------------------------------------------------------------------ saved-assessment actions

    def new_assessment(self) -> int | None:
        with guard(self):
            assert self.standard is not None
            period = self.read_period()
            if period is None:
                return None
            row = assessments.create(self.standard.id, period)
            self._load_saved()
            self._notice = f"已新建自评草稿：{row.title}"
            self.open_assessment(int(row.id))
            return int(row.id)
        return None

    def duplicate_assessment(self) -> int | None:
        if self.assessment_id is None:
            return None
        with guard(self):
            period = self.read_period()
            if period is None:
                return None
            new = assessments.duplicate(self.assessment_id, period)
            self._load_saved()
            self._notice = f"已复制为新草稿：{new.title}"
            self.open_assessment(int(new.id))
            return int(new.id)
        return None

    def delete_assessment(self) -> bool:
        if self.assessment_id is None:
            return False
        row = assessments.load(self.assessment_id)
        extra = "这是一份定稿的自评，" if row.finalized_at is not None else ""
        text = f"确定删除自评“{row.title}”吗？{extra}其人工填写内容和佐证材料将一并删除，不能恢复。"
        if not dialogs.confirm(self, "删除自评", text, yes="删除"):
            return False
        with guard(self):
            assessments.delete(self.assessment_id)
            self.assessment_id = None
            self.finalized = False
            self._load_saved()
            self._notice = f"已删除自评：{row.title}"
            self.recompute()
            return True
        return False

    def finalize_assessment(self) -> bool:
        if self.assessment_id is None or self.finalized:
            return False
        pending = self.view.needs_input if self.view else 0
        warn = f"尚有 {pending} 项未填写或未确认，将按 0 分定稿。\n" if pending else ""
        text = (
            f"{warn}定稿后本自评不能再修改，台账以后的变化也不会改变它（可“复制”为新草稿再改）。确定定稿吗？"
        )
        if not dialogs.confirm(self, "定稿", text, yes="定稿"):
            return False
        assessment_id = self.assessment_id
        with guard(self):
            self.lookup.clear()  # the snapshot takes the ledger as it is now

            def work(*, progress: Any) -> Any:
                return assessments.finalize(assessment_id, self.lookup)

            run_with_progress(self, "正在定稿", work)
            self._load_saved()
            self.open_assessment(assessment_id)
            return True
        return False

    def compare(self) -> CompareDialog | None:
        if self.view is None or self.standard is None:
            return None
        choices = [
            (self.saved_model.data(self.saved_model.index(i, 0)), int(r.id))
            for i, r in enumerate(self.saved_model.rows())
            if r.id is not None and r.id != self.assessment_id
        ]
        if self.assessment_id is not None:
            a: Any = self.assessment_id
            label = self.saved_model.data(
                self.saved_model.index(self.saved_model.row_of(self.assessment_id), 0)
            )
        else:
            assert self.result is not None
            a = self.result.to_json_dict()
            label = "未保存的预览"
        dialog = CompareDialog(str(label), a, choices, self, indicator=self.lookup)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.compare_dialog = dialog
        dialog.open()
        return dialog
