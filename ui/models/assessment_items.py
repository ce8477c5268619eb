"""The item models of the 自评 page on the generic table model: the items table, the gap list and the
saved-assessments list. What they show (:class:`~app.assessment.view.AssessmentView`) is built without Qt
in :mod:`app.assessment.view`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.assessment.scoring import Gap
from app.assessment.view import AssessmentView, ItemRow, points_text, status_text
from ui import theme
from ui.models.table_base import Column, TableModel

NEEDS_INPUT_COLOR = theme.PENDING
LOST_COLOR = theme.LOSS
FULL_COLOR = theme.PASS

# ------------------------------------------------------------------------------------------ items model

_MODE_TIPS = {"auto": "由台账数据自动计算", "assisted": "系统提出建议，由工作人员确认或改动"}


class AssessmentItemsModel(TableModel[ItemRow]):
    """The items of one assessment, in the order of the standard's sheet (grouped by section: the
    section's title on its first row only, alternate sections tinted)."""

    COLUMNS = ("编号", "分区", "项目", "满分", "得分", "状态", "计算依据")
    COL_ID, COL_SECTION, COL_TITLE, COL_MAX, COL_POINTS, COL_STATUS, COL_BASIS = range(7)

    def __init__(self, parent: Any = None) -> None:
        self.score = True
        self._sections: dict[str, int] = {}
        self._first: set[str] = set()  # items that open a section
        super().__init__(self._columns(), lambda r: r.id, parent)

    def set_view(self, view: AssessmentView | None) -> None:
        rows = list(view.items) if view else []
        self.score = view.is_score if view else True
        self._sections = {}
        self._first = set()
        previous = None
        for r in rows:
            self._sections.setdefault(r.section_id, len(self._sections))
            if r.section_id != previous:
                self._first.add(r.id)
            previous = r.section_id
        self.set_columns(self._columns(), rows)

    def row(self, row: int) -> ItemRow:  # the page asks for shown rows only
        return self._rows[row]

    def _columns(self) -> list[Column[ItemRow]]:
        def tint(r: ItemRow) -> str:
            return theme.SECTION_TINTS[self._sections.get(r.section_id, 0) % 2]

        def title_tip(r: ItemRow) -> str:
            return f"{r.id} {r.title}（{r.section_title}）"

        def points(r: ItemRow) -> str:
            if not self.score:
                return "达标" if r.met else "未达标"
            return points_text(r.points)

        def points_color(r: ItemRow) -> str | None:
            if r.needs_input:
                return NEEDS_INPUT_COLOR
            if self.score and r.points is not None and r.max is not None:
                return FULL_COLOR if r.points >= r.max else LOST_COLOR
            if not self.score:
                return FULL_COLOR if r.met else LOST_COLOR
            return None

        def maximum(r: ItemRow) -> str:
            if not self.score:
                return "是" if (r.item is None or r.item.required) else "否"
            return points_text(r.max)

        def col(title: str, text: Any, **kw: Any) -> Column[ItemRow]:
            return Column(title, text, background=tint, text_tip=False, **kw)

        return [
            col("编号", lambda r: r.id),
            col("分区", lambda r: r.section_title if r.id in self._first else "", tooltip=title_tip),
            col("项目", lambda r: r.title, tooltip=title_tip),
            col("满分" if self.score else "必备", maximum, align="center"),
            col("得分" if self.score else "达标", points, align="center", foreground=points_color),
            col(
                "状态",
                status_text,
                tooltip=lambda r: _MODE_TIPS.get(r.mode, "由工作人员勾选或填写"),
                foreground=lambda r: NEEDS_INPUT_COLOR if r.needs_input else None,
            ),
            col("计算依据", lambda r: r.basis, tooltip=lambda r: r.basis),
        ]


# ------------------------------------------------------------------------------------------ gaps model


class GapsModel(TableModel[Gap]):
    """失分项: ordered by points recoverable, each with what would win them back."""

    COLUMNS = ("编号", "得分", "可挽回", "如何挽回")

    def __init__(self, parent: Any = None) -> None:
        self.score = True
        super().__init__(self._columns(), lambda g: g.item_id, parent)

    def set_view(self, view: AssessmentView | None) -> None:
        self.score = view.is_score if view else True
        self.set_rows(list(view.gaps) if view else [])

    def gap(self, row: int) -> Gap:
        return self._rows[row]

    def _columns(self) -> list[Column[Gap]]:
        def tip(g: Gap) -> str:
            return f"{g.item_id} {g.title}\n{g.hint}"

        def score(g: Gap) -> str:
            return f"{points_text(g.points)}/{points_text(g.max)}" if self.score else "未达标"

        def how(g: Gap) -> str:
            title = g.title if len(g.title) <= 14 else g.title[:13] + "…"
            return f"【{title}】{g.hint}"

        return [
            Column("编号", lambda g: g.item_id, tooltip=tip, align=""),
            Column("得分", score, tooltip=tip, align="center"),
            Column(
                "可挽回",
                lambda g: f"{points_text(g.recoverable)} 分" if self.score else "—",
                tooltip=tip,
                align="center",
                foreground=lambda _g: LOST_COLOR,
            ),
            Column("如何挽回", how, tooltip=tip, align=""),
        ]


# ------------------------------------------------------------------------------------------ saved list


@dataclass(frozen=True)
class SavedRow:
    id: int | None  # None: the unsaved live preview
    title: str
    period_from: dt.date | None
    period_to: dt.date | None
    finalized_at: dt.datetime | None
    updated_at: dt.datetime | None

    @property
    def finalized(self) -> bool:
        return self.finalized_at is not None


PREVIEW_TITLE = "（未保存的预览）"
_PREVIEW = SavedRow(None, PREVIEW_TITLE, None, None, None, None)


class SavedAssessmentsModel(TableModel[SavedRow]):
    """The saved assessments of one standard, newest first, after a first row for the unsaved preview."""

    COLUMNS = ("自评", "报告期", "状态", "修改时间")

    def __init__(self, parent: Any = None) -> None:
        self.standard_name = ""
        columns = [
            Column(
                "自评",
                self._title_text,
                tooltip=lambda r: f"{r.title}（{self.status(r)}）",
                text_tip=False,
                align="",
            ),
            Column("报告期", self._period_text, text_tip=False, align=""),
            Column("状态", self.status, text_tip=False, align=""),
            Column(
                "修改时间",
                lambda r: f"{r.updated_at:%Y-%m-%d %H:%M}" if r.updated_at else "",
                text_tip=False,
                align="",
            ),
        ]
        super().__init__(columns, lambda r: r.id, parent)
        self.set_rows([_PREVIEW])

    def load(self, rows: Sequence[Any], standard_name: str = "") -> None:
        """``rows``: Assessment model instances (app.assessments.list_assessments)."""
        self.standard_name = standard_name
        saved = [
            SavedRow(
                id=int(a.id),
                title=str(a.title),
                period_from=a.period_from,
                period_to=a.period_to,
                finalized_at=a.finalized_at,
                updated_at=a.updated_at,
            )
            for a in rows
        ]
        self.set_rows([_PREVIEW, *saved])

    def row_of(self, assessment_id: int | None) -> int:
        return self.row_of_id(assessment_id) or 0

    def saved(self, row: int) -> SavedRow:
        return self._rows[row]

    def short_title(self, r: SavedRow) -> str:
        """The title without the standard's name (the page already shows it)."""
        title = r.title
        if self.standard_name and title.startswith(self.standard_name):
            title = title[len(self.standard_name) :].strip()
        return title or self.standard_name

    def _title_text(self, r: SavedRow) -> str:
        if r.id is None:
            return r.title
        mark = "【定稿】" if r.finalized else "【草稿】"
        return f"{mark}{self.short_title(r)}"

    @staticmethod
    def _period_text(r: SavedRow) -> str:
        if r.period_from is None or r.period_to is None:
            return ""
        return f"{r.period_from.isoformat()} 至 {r.period_to.isoformat()}"

    @staticmethod
    def status(r: SavedRow) -> str:
        if r.id is None:
            return "预览"
        if r.finalized_at is not None:
            return f"定稿 {r.finalized_at:%Y-%m-%d %H:%M}"
        return "草稿"
