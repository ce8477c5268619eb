"""Bar charts (pyqtgraph): the 工作台's grouped bars over named categories with Chinese axis labels and
a legend, and the 自评 page's bars of each section against its maximum. pyqtgraph (with numpy, a quarter
of a second to import) is imported here only, and only when the first chart is built, so importing this
module is cheap and a page without a drawn chart never loads it: :class:`LazyBarChart` keeps the data and
builds its :class:`BarChart` once it is shown and the window has painted (the 工作台 at start-up)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from ui import theme

if TYPE_CHECKING:
    from app.assessment.view import SectionRow

PALETTE = theme.CHART_PALETTE


def integer_ticks(top: int, most: int = 6) -> list[int]:
    """Whole-number ticks from 0 covering ``top`` (counts are never fractional): the smallest step of
    1, 2, 5, 10, 20, 50 … that gives at most ``most`` ticks."""
    top = max(int(top), 1)
    base = 1
    while True:
        for step in (base, 2 * base, 5 * base):
            ticks = list(range(0, top + step, step))
            if len(ticks) <= most:
                return ticks
        base *= 10


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int]
    color: str = ""


class BarChart(QWidget):
    """A titled grouped bar chart: one group per category, one bar per series."""

    def __init__(
        self, title: str, y_label: str = "", parent: QWidget | None = None, *, horizontal: bool = False
    ) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        self.horizontal = horizontal
        self.title_label = QLabel(title)
        theme.apply(self.title_label, theme.CHART_TITLE)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()
        self.plot.showGrid(x=False, y=True, alpha=0.25)
        font = QFont(QApplication.font())
        font.setPointSize(max(8, font.pointSize() - 1))
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setTickFont(font)
            axis.setTextPen(pg.mkPen(theme.CHART_AXIS_TEXT))
            axis.setPen(pg.mkPen(theme.CHART_AXIS))
        if y_label:
            self.plot.setLabel("bottom" if horizontal else "left", y_label, color=theme.CHART_AXIS_TEXT)
        self.legend = self.plot.addLegend(offset=(-10, 2), labelTextColor=theme.CHART_AXIS_TEXT, colCount=4)
        self.categories: list[str] = []
        self.series: list[Series] = []
        self._items: list[Any] = []  # pyqtgraph BarGraphItems
        self.ticks: list[int] = []
        self.empty_label = QLabel("暂无数据")
        theme.apply(self.empty_label, theme.MUTED_TEXT)
        self.empty_label.setVisible(False)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title_label)
        lay.addWidget(self.plot, 1)
        lay.addWidget(self.empty_label)

    def has_data(self) -> bool:
        return any(v for s in self.series for v in s.values)

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        pg = self._pg
        for item in self._items:
            self.plot.removeItem(item)
        self._items = []
        self.legend.clear()
        self.categories = list(categories)
        self.series = list(series)
        n = max(len(self.series), 1)
        width = 0.8 / n
        top = 0
        for k, s in enumerate(self.series):
            color = QColor(s.color or PALETTE[k % len(PALETTE)])
            pos = [i - 0.4 + width * (k + 0.5) for i in range(len(self.categories))]
            values = list(s.values)
            if self.horizontal:
                # Category i from the top: y = n-1-i, bars grow to the right.
                ys = [len(self.categories) - 1 - p for p in pos]
                item = pg.BarGraphItem(
                    x0=[0] * len(values),
                    y=ys,
                    width=values,
                    height=width * 0.9,
                    brush=color,
                    pen=pg.mkPen(color),
                )
            else:
                item = pg.BarGraphItem(
                    x=pos, height=values, width=width * 0.9, brush=color, pen=pg.mkPen(color)
                )
            self.plot.addItem(item)
            if len(self.series) > 1:
                self.legend.addItem(item, s.name)
            self._items.append(item)
            top = max([top, *values])
        n_cat = len(self.categories)
        # Counts: whole-number ticks only (no 0.5 people).
        self.ticks = integer_ticks(top)
        value_ticks = [[(v, str(v)) for v in self.ticks], []]
        if self.horizontal:
            self.plot.getAxis("left").setTicks([[(n_cat - 1 - i, c) for i, c in enumerate(self.categories)]])
            self.plot.getAxis("bottom").setTicks(value_ticks)
            self.plot.setYRange(-0.6, n_cat - 0.4, padding=0)
            self.plot.setXRange(0, max(top, 1) * 1.12, padding=0)
        else:
            self.plot.getAxis("bottom").setTicks([list(enumerate(self.categories))])
            self.plot.getAxis("left").setTicks(value_ticks)
            self.plot.setXRange(-0.6, n_cat - 0.4, padding=0)
            self.plot.setYRange(0, max(top, 1) * 1.25, padding=0)
        # No data: no empty axes, a short note instead.
        self.plot.setVisible(self.has_data())
        self.empty_label.setVisible(not self.has_data())

    def bar_items(self) -> list[Any]:
        """The pyqtgraph BarGraphItems drawn, one per series."""
        return list(self._items)


class LazyBarChart(QWidget):
    """A :class:`BarChart` built when first painted, just after the window's first frame (pyqtgraph is
    imported then); until then it only keeps the data. ``has_data``, ``categories`` and ``series``
    answer without building; :meth:`ensure_chart` builds at once."""

    def __init__(
        self, title: str, y_label: str = "", parent: QWidget | None = None, *, horizontal: bool = False
    ) -> None:
        super().__init__(parent)
        self._args = (title, y_label, horizontal)
        self.chart: BarChart | None = None
        self._pending = False
        self.categories: list[str] = []
        self.series: list[Series] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def has_data(self) -> bool:
        return any(v for s in self.series for v in s.values)

    def sizeHint(self) -> QSize:
        # The chart's own size (a pyqtgraph PlotWidget's), so the layout does not move when it arrives.
        return self.chart.sizeHint() if self.chart is not None else QSize(600, 503)

    def minimumSizeHint(self) -> QSize:
        return self.chart.minimumSizeHint() if self.chart is not None else QSize(68, 91)

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
        self.categories = list(categories)
        self.series = list(series)
        if self.chart is not None:
            self.chart.set_data(self.categories, self.series)

    def ensure_chart(self) -> BarChart:
        """The chart, built now if it was not yet."""
        if self.chart is None:
            title, y_label, horizontal = self._args
            self.chart = BarChart(title, y_label, self, horizontal=horizontal)
            self.chart.set_data(self.categories, self.series)
            self._layout.addWidget(self.chart)
        return self.chart

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.chart is None and not self._pending:
            # The window has painted its first frame without the chart: pyqtgraph is imported next.
            self._pending = True
            QTimer.singleShot(0, self, self.ensure_chart)


def _short(title: str, limit: int = 9) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


class SectionChart(QWidget):
    """pyqtgraph horizontal bars: each section's points (blue) over its maximum (grey); for a condition
    list the items met over the items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self._pg = pg
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMouseEnabled(False, False)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getPlotItem().setContentsMargins(4, 4, 12, 4)
        self.plot.getPlotItem().showGrid(x=True, y=False, alpha=0.15)
        font = QFont(self.font())
        font.setPointSize(max(9, font.pointSize() - 1))
        self._font = font
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(theme.SCORE_AXIS))
            axis.setTextPen(pg.mkPen(theme.CHART_TEXT))
            axis.setStyle(tickFont=font)
        self.plot.hideAxis("bottom")
        self.sections: list[SectionRow] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.plot)

    def set_sections(self, sections: list[SectionRow], score: bool) -> None:
        from app.assessment.view import points_text

        pg = self._pg
        self.sections = list(sections)
        self.plot.clear()
        if not sections:
            return
        n = len(sections)
        ys = [n - 1 - i for i in range(n)]  # first section on top
        if score:
            maxima = [float(s.max or 0) for s in sections]
            values = [float(s.points or 0) for s in sections]
            labels = [f"{points_text(s.points)}/{points_text(s.max)}" for s in sections]
        else:
            maxima = [float(s.count) for s in sections]
            values = [float(s.met) for s in sections]
            labels = [f"达标 {s.met}/{s.count}" for s in sections]
        back = pg.BarGraphItem(
            x0=[0] * n,
            y=ys,
            height=0.6,
            width=maxima,
            brush=pg.mkBrush(theme.SCORE_TRACK),
            pen=pg.mkPen(None),
        )
        colors = []
        for s, v, m in zip(sections, values, maxima, strict=True):
            full = m > 0 and v >= m
            colors.append(
                pg.mkBrush(
                    theme.SCORE_FULL if full else (theme.SCORE_BONUS if s.bonus else theme.SCORE_PARTIAL)
                )
            )
        front = pg.BarGraphItem(
            x0=[0] * n, y=ys, height=0.6, width=values, brushes=colors, pen=pg.mkPen(None)
        )
        self.plot.addItem(back)
        self.plot.addItem(front)
        top = max([*maxima, 1.0])
        for y, m, text in zip(ys, maxima, labels, strict=True):
            item = pg.TextItem(text, color=theme.CHART_TEXT, anchor=(0, 0.5))
            item.setFont(self._font)
            item.setPos(m + top * 0.02, y)
            self.plot.addItem(item)
        titles = [_short(s.title, 12) for s in sections]
        axis = self.plot.getAxis("left")
        axis.setTicks([list(zip(ys, titles, strict=True))])
        metrics = QFontMetrics(self._font)
        axis.setWidth(max(metrics.horizontalAdvance(t) for t in titles) + 16)
        self.plot.setXRange(0, top * 1.28, padding=0)
        self.plot.setYRange(-0.6, n - 0.4, padding=0)
