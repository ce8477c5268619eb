"""Compare two assessments of a standard item by item (e.g. last year's 定稿 with this year's draft)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.assessment import assessments
from app.assessment.scoring import Indicator, lookup
from ui.errors import guard
from ui.models.assessment_compare import CompareModel
from ui.models.assessment_items import points_text
from ui.widgets.screen import fit_size
from ui.widgets.tables import setup_table
from ui.workers import run_with_progress

Source = int | Mapping[str, Any]  # a saved assessment id, or a result JSON (the unsaved preview)


def _total_text(data: Mapping[str, Any]) -> str:
    if data.get("kind") == "conditions":
        items = data.get("items", [])
        met = sum(1 for it in items if it.get("met"))
        verdict = "通过" if data.get("passed") else "未通过"
        return f"达标 {met}/{len(items)} 项，{verdict}"
    total = data.get("total")
    return f"合计 {points_text(Decimal(str(total))) if total is not None else '—'} 分"


class CompareDialog(QDialog):
    """``a`` is the assessment on the page; the operator picks ``b`` among ``choices`` (label, source)."""

    def __init__(
        self,
        a_label: str,
        a: Source,
        choices: list[tuple[str, int]],
        parent: QWidget | None = None,
        indicator: Indicator = lookup,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("对比两次自评")
        fit_size(self, 900, 600)
        self.a_label = a_label
        self.a = a
        self.indicator = indicator
        self.model: CompareModel | None = None
        self._a_json: Mapping[str, Any] | None = None

        self.combo = QComboBox()
        for label, source in choices:
            self.combo.addItem(label, source)
        self.combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.only_changed = QCheckBox("只看有变化的项目")
        self.only_changed.setChecked(True)
        self.only_changed.toggled.connect(self._filter)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.view = QTableView()
        setup_table(self.view)

        top = QHBoxLayout()
        top.addWidget(QLabel(f"<b>{a_label}</b>　对比："))
        top.addWidget(self.combo, 1)
        top.addWidget(self.only_changed)
        close = QPushButton("关闭")
        close.clicked.connect(lambda _c=False: self.accept())
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.view, 1)
        lay.addLayout(bottom)
        if choices:
            self.refresh()
        else:
            self.summary.setText("没有可以对比的其他自评：请先新建或复制一份自评。")

    def _json(self, source: Source) -> Mapping[str, Any]:
        if isinstance(source, int):
            return assessments.result_json(source, self.indicator)
        return source

    def refresh(self) -> None:
        b = self.combo.currentData()
        if b is None:
            return
        with guard(self):

            def work(*, progress: Any) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
                return self._json(self.a), self._json(int(b))

            ja, jb = run_with_progress(self, "正在对比", work)
            diffs = assessments.compare(jb, ja)  # change = this one − the other
            score = ja.get("kind") != "conditions"
            model = CompareModel(diffs, "对比对象", "本次", score, self)
            self.model = model
            self.view.setModel(model)
            self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
            self.view.horizontalHeader().setStretchLastSection(False)
            self.view.setColumnWidth(0, 60)
            metrics = self.view.fontMetrics()
            for col in (2, 3, 4):
                title = str(model.headerData(col, Qt.Orientation.Horizontal))
                self.view.setColumnWidth(col, max(90, metrics.horizontalAdvance(title) + 24))
            changed = model.changed_count()
            if changed == 0:
                # Nothing differs: show every item rather than an empty table.
                self.only_changed.setChecked(False)
            self._filter(self.only_changed.isChecked())
            verdict = f"有变化的项目 {changed} 项。" if changed else "两份自评逐项相同，没有变化。"
            self.summary.setText(
                f"本次（{self.a_label}）：{_total_text(ja)}；对比对象（{self.combo.currentText()}）："
                f"{_total_text(jb)}。{verdict}"
            )

    def _filter(self, only: bool) -> None:
        if self.model is not None:
            self.model.set_only_changed(only)
