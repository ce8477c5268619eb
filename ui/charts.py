"""Bar charts for the 工作台 (pyqtgraph): grouped bars over named categories, Chinese axis labels and
a legend. pyqtgraph is imported here only, so a page without charts never loads it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from ui import theme

PALETTE = theme.CHART_PALETTE


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
        self._items: list[pg.BarGraphItem] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title_label)
        lay.addWidget(self.plot, 1)

    def set_data(self, categories: Sequence[str], series: Sequence[Series]) -> None:
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
        if self.horizontal:
            self.plot.getAxis("left").setTicks([[(n_cat - 1 - i, c) for i, c in enumerate(self.categories)]])
            self.plot.getAxis("bottom").setTicks(None)
            self.plot.setYRange(-0.6, n_cat - 0.4, padding=0)
            self.plot.setXRange(0, max(top, 1) * 1.12, padding=0)
        else:
            self.plot.getAxis("bottom").setTicks([list(enumerate(self.categories))])
            self.plot.setXRange(-0.6, n_cat - 0.4, padding=0)
            self.plot.setYRange(0, max(top, 1) * 1.25, padding=0)

    def bar_items(self) -> list[pg.BarGraphItem]:
        return list(self._items)
