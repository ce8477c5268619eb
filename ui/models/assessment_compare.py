"""Per-item differences between two assessments (b − a) on the generic table model, optionally only the
items that differ; the texts come from :mod:`app.assessment.view`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.assessment.assessments import ItemDiff
from app.assessment.view import change_text, differs, met_text, points_text
from ui.models.assessment_items import FULL_COLOR, LOST_COLOR
from ui.models.table_base import Column, TableModel

__all__ = ["CompareModel", "differs"]


class CompareModel(TableModel[ItemDiff]):
    """Rows of :func:`app.assessment.assessments.compare`; column titles name the two assessments."""

    def __init__(self, diffs: Sequence[ItemDiff], a_name: str, b_name: str, score: bool, parent: Any = None):
        self.all = list(diffs)
        self.score = score

        def side(points: Any, met: Any) -> Any:
            return lambda d: points_text(points(d)) if score else met_text(met(d))

        def change_color(d: ItemDiff) -> str | None:
            if score and d.diff:
                return FULL_COLOR if d.diff > 0 else LOST_COLOR
            if not score and d.a_met != d.b_met:
                return FULL_COLOR if d.b_met else LOST_COLOR
            return None

        columns = [
            Column[ItemDiff]("编号", lambda d: d.item_id, text_tip=False, align=""),
            Column[ItemDiff]("项目", lambda d: d.title, align=""),
            Column[ItemDiff](
                a_name, side(lambda d: d.a_points, lambda d: d.a_met), text_tip=False, align="center"
            ),
            Column[ItemDiff](
                b_name, side(lambda d: d.b_points, lambda d: d.b_met), text_tip=False, align="center"
            ),
            Column[ItemDiff](
                f"变化（{b_name}−{a_name}）",
                lambda d: change_text(d, score),
                text_tip=False,
                align="center",
                foreground=change_color,
            ),
        ]
        super().__init__(columns, lambda d: d.item_id, parent)
        self.set_rows(self.all)

    def set_only_changed(self, only: bool) -> None:
        self.set_rows([d for d in self.all if differs(d)] if only else self.all)

    def changed_count(self) -> int:
        return sum(1 for d in self.all if differs(d))

    def diff(self, row: int) -> ItemDiff:
        return self._rows[row]
