"""Per-item differences between two assessments (b − a), optionally only the items that differ."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from app.assessment.assessments import ItemDiff
from ui.models.assessment_items import FULL_COLOR, LOST_COLOR, points_text

Index = QModelIndex | QPersistentModelIndex


def _met_text(value: bool | None) -> str:
    if value is None:
        return "—"
    return "达标" if value else "未达标"


def differs(d: ItemDiff) -> bool:
    return d.a_points != d.b_points or d.a_met != d.b_met


class CompareModel(QAbstractTableModel):
    """Rows of :func:`app.assessments.compare`; column titles name the two assessments."""

    def __init__(self, diffs: Sequence[ItemDiff], a_name: str, b_name: str, score: bool, parent: Any = None):
        super().__init__(parent)
        self.all = list(diffs)
        self.rows = list(diffs)
        self.score = score
        self.columns = ("编号", "项目", a_name, b_name, f"变化（{b_name}−{a_name}）")

    def set_only_changed(self, only: bool) -> None:
        self.beginResetModel()
        self.rows = [d for d in self.all if differs(d)] if only else list(self.all)
        self.endResetModel()

    def changed_count(self) -> int:
        return sum(1 for d in self.all if differs(d))

    def diff(self, row: int) -> ItemDiff:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section]
        return None

    def _change(self, d: ItemDiff) -> str:
        if self.score:
            if d.diff is None:
                return "仅一方有此项" if (d.a_points is None) != (d.b_points is None) else ""
            if d.diff == 0:
                return "—"
            sign = "+" if d.diff > 0 else ""
            return f"{sign}{points_text(d.diff)}"
        if d.a_met == d.b_met:
            return "—"
        return f"{_met_text(d.a_met)} → {_met_text(d.b_met)}"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        d = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return d.item_id
            if col == 1:
                return d.title
            if col == 2:
                return points_text(d.a_points) if self.score else _met_text(d.a_met)
            if col == 3:
                return points_text(d.b_points) if self.score else _met_text(d.b_met)
            if col == 4:
                return self._change(d)
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == 1:
            return d.title
        if role == Qt.ItemDataRole.ForegroundRole and col == 4:
            if self.score and d.diff:
                return QBrush(FULL_COLOR if d.diff > 0 else LOST_COLOR)
            if not self.score and d.a_met != d.b_met:
                return QBrush(FULL_COLOR if d.b_met else LOST_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3, 4):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
