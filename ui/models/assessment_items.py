"""What the 自评 page shows, built either from a live :class:`~app.scoring.AssessmentResult` or from the
snapshot JSON of a finalised (定稿) assessment, and the item models over it: the items table, the gap
list and the saved-assessments list.

A snapshot's result JSON keeps only the size of each indicator set; the members (with their names at
定稿) are kept beside it (``app.assessments.snapshot_members``) and given to :func:`view_from_snapshot`, so
the drill-down works for both; a snapshot finalised before members were kept shows counts only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from app.assessment.assessments import FrozenSet
from app.assessment.scoring import AssessmentResult, Gap, ItemResult
from app.assessment.standards import Item, Standard
from app.core.period import Period
from ui import theme

ZERO = Decimal(0)
Index = QModelIndex | QPersistentModelIndex

# ------------------------------------------------------------------------------------------ wording

MODE_TITLES = {"auto": "自动", "assisted": "辅助", "manual": "人工"}

INDICATOR_TITLES = {
    "reemployment_rate": "登记失业人员就业率",
    "difficulty_employment_rate": "就业困难人员就业率",
    "graduate_placement": "高校毕业生去向落实",
    "zero_family_cleared": "零就业家庭动态清零",
    "long_term_unemployed": "长期失业人员",
    "excluded_share": "剔除人员占比",
    "posting_elements": "岗位收集、发布与回访",
    "difficulty_plan_timely": "就业困难人员服务计划",
    "monthly_contact": "就业困难人员每月联系",
    "training_referral_level": "培训推荐次数",
    "graduate_services": "高校毕业生服务",
    "training_employment_share": "培训后实现就业",
    "staff_experience": "工作人员从业年限",
    "register_coverage": "台账覆盖率",
    "served_unemployed": "登记失业人员服务",
    "public_welfare_posts": "公益性岗位",
    "staff_count": "工作人员",
    "staff_trained": "工作人员培训",
    "register_size": "劳动力台账",
    "survey_fresh": "台账更新",
    "surveys_in_period": "劳动力调查",
    "events": "活动",
    "job_seekers": "求职与推荐",
    "valid_complaints": "有效投诉",
    "complaint_channel": "投诉渠道",
}

SET_LABELS: dict[tuple[str, str], str] = {
    ("reemployment_rate", "base"): "登记失业",
    ("reemployment_rate", "excluded"): "非就业情形注销",
    ("reemployment_rate", "employed"): "再就业",
    ("reemployment_rate", "not_employed"): "未就业",
    ("difficulty_employment_rate", "base"): "就业困难人员",
    ("difficulty_employment_rate", "excluded"): "非就业情形取消认定",
    ("difficulty_employment_rate", "employed"): "实现就业",
    ("difficulty_employment_rate", "not_employed"): "未就业",
    ("graduate_placement", "G"): "离校未就业毕业生",
    ("graduate_placement", "placed"): "已落实去向",
    ("graduate_placement", "unplaced"): "未落实去向",
    ("graduate_placement", "G_d"): "有就业意愿的困难毕业生",
    ("graduate_placement", "G_d_placed_employed"): "困难毕业生已就业",
    ("graduate_placement", "G_d_not_placed"): "困难毕业生未就业",
    ("zero_family_cleared", "F"): "认定零就业家庭",
    ("zero_family_cleared", "failed"): "未按期清零",
    ("zero_family_cleared", "pending"): "未到清零期限",
    ("zero_family_cleared", "cleared"): "已清零",
    ("zero_family_cleared", "households"): "涉及家庭",
    ("long_term_unemployed", "open"): "登记失业未注销",
    ("long_term_unemployed", "long_term"): "长期失业",
    ("excluded_share", "base"): "登记失业",
    ("excluded_share", "excluded"): "个人原因未就业（剔除）",
    ("posting_elements", "collected"): "收集岗位",
    ("posting_elements", "published"): "已发布岗位",
    ("posting_elements", "complete"): "要素齐全岗位",
    ("posting_elements", "incomplete"): "要素不全岗位",
    ("posting_elements", "followed_up_referrals"): "已回访推荐",
    ("difficulty_plan_timely", "base"): "就业困难人员",
    ("difficulty_plan_timely", "due"): "已到计划期限",
    ("difficulty_plan_timely", "late"): "未按时制定计划",
    ("difficulty_plan_timely", "not_yet_due"): "未到计划期限",
    ("monthly_contact", "base"): "就业困难人员",
    ("monthly_contact", "counted"): "有应联系月份",
    ("monthly_contact", "missed"): "有月份未联系",
    ("training_referral_level", "T"): "有培训需求人员",
    ("training_referral_level", "employed"): "已就业（按3次计）",
    ("training_referral_level", "level_0"): "推荐0次",
    ("training_referral_level", "level_1"): "推荐1次",
    ("training_referral_level", "level_2"): "推荐2次",
    ("training_referral_level", "level_3"): "推荐3次及以上",
    ("graduate_services", "base"): "应服务毕业生",
    ("graduate_services", "lacking"): "服务有缺项",
    ("training_employment_share", "base"): "有培训需求",
    ("training_employment_share", "employed_after_training"): "培训结业后就业",
    ("staff_experience", "full_time"): "专职工作人员",
    ("staff_experience", "experienced"): "从业年限达标",
    ("register_coverage", "working_age"): "台账内劳动年龄人员",
    ("served_unemployed", "base"): "应服务登记失业人员",
    ("served_unemployed", "served"): "已服务",
    ("served_unemployed", "not_served"): "未服务",
    ("public_welfare_posts", "vacancies"): "公益性岗位",
    ("staff_count", "staff"): "工作人员",
    ("staff_trained", "trained"): "报告期内参加培训",
    ("survey_fresh", "stale"): "调查日期不在12个月内",
    ("events", "events"): "活动",
    ("job_seekers", "seekers"): "求职人员",
    ("job_seekers", "referrals"): "推荐记录",
    ("valid_complaints", "complaints"): "有效投诉",
}

KIND_UNITS = {
    "person": "人",
    "graduate": "人",
    "staff": "人",
    "household": "户",
    "zero_family": "户",
    "vacancy": "个",
    "referral": "条",
    "event": "场",
    "complaint": "件",
}


def set_label(indicator_id: str, name: str) -> str:
    return SET_LABELS.get((indicator_id, name), name)


def points_text(value: Decimal | None) -> str:
    """6 / 7.5 / — (points are steps of 0.5)."""
    if value is None:
        return "—"
    text = format(value.normalize(), "f")
    return text


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# ------------------------------------------------------------------------------------------ the view


@dataclass
class SetView:
    """One set of an indicator: “登记失业 52 人”. ``members`` is None for a snapshot that kept no members;
    ``frozen`` holds the members of a snapshot as they were at 定稿 (names then)."""

    indicator_id: str
    name: str
    label: str
    count: int
    kind: str
    members: list[int] | None = None
    details: dict[str, Mapping[int, Any]] = field(default_factory=dict)
    frozen: FrozenSet | None = None

    @property
    def unit(self) -> str:
        return KIND_UNITS.get(self.kind, "")

    @property
    def text(self) -> str:
        return f"{self.label} {self.count} {self.unit}".rstrip()


@dataclass
class IndicatorView:
    id: str
    title: str
    numerator: int | None
    denominator: int | None
    sets: list[SetView]


@dataclass
class ItemRow:
    id: str
    section_id: str
    section_title: str
    title: str
    mode: str
    max: Decimal | None
    points: Decimal | None
    met: bool | None
    status: str
    basis: str
    indicators: list[IndicatorView] = field(default_factory=list)
    item: Item | None = None
    proposed_points: Decimal | None = None
    proposed_checked: frozenset[str] = frozenset()
    checked: frozenset[str] = frozenset()

    @property
    def needs_input(self) -> bool:
        return self.status == "needs_input"


@dataclass
class SectionRow:
    id: str
    title: str
    points: Decimal | None
    max: Decimal | None
    bonus: bool
    met: int = 0  # condition lists: items met / items
    count: int = 0


@dataclass
class AssessmentView:
    standard: Standard
    period: Period
    items: list[ItemRow]
    sections: list[SectionRow]
    base_total: Decimal | None
    bonus_total: Decimal | None
    total: Decimal | None
    passed: bool | None
    gaps: list[Gap]
    snapshot: bool = False

    @property
    def is_score(self) -> bool:
        return self.standard.is_score

    @property
    def needs_input(self) -> int:
        return sum(1 for r in self.items if r.needs_input)

    def row_of(self, item_id: str) -> int | None:
        for i, r in enumerate(self.items):
            if r.id == item_id:
                return i
        return None


_SKIP_DETAILS = frozenset({"counted_months", "done", "empty"})


def _indicator_view(res: Any) -> IndicatorView:
    per_member: dict[str, Mapping[int, Any]] = {
        k: v
        for k, v in res.details.items()
        if k not in _SKIP_DETAILS and isinstance(v, dict) and all(isinstance(i, int) for i in v)
    }
    sets = [
        SetView(
            indicator_id=res.id,
            name=name,
            label=set_label(res.id, name),
            count=len(members),
            kind=res.set_kinds.get(name, ""),
            members=list(members),
            details=per_member,
        )
        for name, members in res.sets.items()
    ]
    return IndicatorView(
        id=res.id,
        title=INDICATOR_TITLES.get(res.id, res.id),
        numerator=res.numerator,
        denominator=res.denominator,
        sets=sets,
    )


def _sections(standard: Standard, items: Sequence[ItemRow]) -> list[SectionRow]:
    out = []
    for s in standard.sections:
        mine = [r for r in items if r.section_id == s.id]
        if standard.is_score:
            raw = sum((r.points or ZERO for r in mine), ZERO)
            points: Decimal | None = min(raw, s.max) if s.max is not None else raw
        else:
            points = None
        out.append(
            SectionRow(
                id=s.id,
                title=s.title,
                points=points,
                max=s.max,
                bonus=s.bonus,
                met=sum(1 for r in mine if r.met is True),
                count=len(mine),
            )
        )
    return out


def view_from_result(result: AssessmentResult, gap_list: list[Gap]) -> AssessmentView:
    """The page's view of a live result."""
    rows = [_row_from_item(r) for r in result.items]
    return AssessmentView(
        standard=result.standard,
        period=result.period,
        items=rows,
        sections=_sections(result.standard, rows),
        base_total=result.base_total,
        bonus_total=result.bonus_total,
        total=result.total,
        passed=result.passed,
        gaps=gap_list,
    )


def _row_from_item(r: ItemResult) -> ItemRow:
    return ItemRow(
        id=r.item.id,
        section_id=r.item.section,
        section_title=r.section_title,
        title=r.item.title,
        mode=r.item.mode,
        max=r.item.max,
        points=r.points,
        met=r.met,
        status=r.status,
        basis=r.basis,
        indicators=[_indicator_view(res) for res in r.indicators],
        item=r.item,
        proposed_points=r.proposed_points,
        proposed_checked=r.proposed_checked,
        checked=r.checked,
    )


def view_from_snapshot(
    standard: Standard,
    data: Mapping[str, Any],
    members: Mapping[str, Mapping[str, FrozenSet]] | None = None,
    gap_hints: Mapping[str, str] | None = None,
) -> AssessmentView:
    """The page's view of a finalised assessment's frozen result JSON; ``members`` (item id -> set name
    -> the members kept at 定稿) makes the counts clickable."""
    items_by_id = {it.id: it for it in standard.items}
    section_ids = {s.title: s.id for s in standard.sections}
    rows: list[ItemRow] = []
    for it in data.get("items", []):
        item = items_by_id.get(it["id"])
        indicators = []
        ind = it.get("indicator")
        if ind:
            kept = (members or {}).get(it["id"], {})
            sets = []
            for name, n in (ind.get("sets") or {}).items():
                frozen = kept.get(name)
                sets.append(
                    SetView(
                        indicator_id=ind["id"],
                        name=name,
                        label=set_label(ind["id"], name),
                        count=int(n),
                        kind=frozen.kind if frozen is not None else "",
                        members=[m.id for m in frozen.members] if frozen is not None else None,
                        frozen=frozen,
                    )
                )
            indicators.append(
                IndicatorView(
                    id=ind["id"],
                    title=INDICATOR_TITLES.get(ind["id"], ind["id"]),
                    numerator=ind.get("numerator"),
                    denominator=ind.get("denominator"),
                    sets=sets,
                )
            )
        rows.append(
            ItemRow(
                id=it["id"],
                section_id=item.section if item else section_ids.get(it.get("section", ""), ""),
                section_title=it.get("section", ""),
                title=it.get("title", ""),
                mode=it.get("mode", ""),
                max=_decimal(it.get("max")),
                points=_decimal(it.get("points")),
                met=it.get("met"),
                status=it.get("status", "scored"),
                basis=it.get("basis", ""),
                indicators=indicators,
                item=item,
            )
        )
    period = data.get("period") or {}
    return AssessmentView(
        standard=standard,
        period=Period(dt.date.fromisoformat(period["from"]), dt.date.fromisoformat(period["to"])),
        items=rows,
        sections=_sections(standard, rows),
        base_total=_decimal(data.get("base_total")),
        bonus_total=_decimal(data.get("bonus_total")),
        total=_decimal(data.get("total")),
        passed=data.get("passed"),
        gaps=snapshot_gaps(standard, rows, gap_hints),
        snapshot=True,
    )


def snapshot_gaps(
    standard: Standard, rows: Sequence[ItemRow], hints: Mapping[str, str] | None = None
) -> list[Gap]:
    """Gaps of a snapshot: the items losing points (or not met), most recoverable first; the hint is the
    one kept at 定稿 (``hints``, naming the people), else the basis recorded at 定稿."""
    hints = hints or {}
    out = []
    for i, r in enumerate(rows):
        if standard.is_score:
            if r.points is None or r.max is None or r.points >= r.max:
                continue
            recoverable = r.max - r.points
        else:
            if r.met:
                continue
            recoverable = ZERO
        hint = hints.get(r.id) or ("尚未填写；" if r.needs_input else "") + r.basis
        out.append((recoverable, i, Gap(r.id, r.title, r.points, r.max, recoverable, hint)))
    out.sort(key=lambda t: (-t[0], t[1]))
    return [g for _r, _i, g in out]


# ------------------------------------------------------------------------------------------ colours

NEEDS_INPUT_COLOR = theme.qcolor(theme.PENDING)
LOST_COLOR = theme.qcolor(theme.LOSS)
FULL_COLOR = theme.qcolor(theme.PASS)
MUTED_COLOR = theme.qcolor(theme.MUTED)
SECTION_TINTS = tuple(theme.qcolor(c) for c in theme.SECTION_TINTS)  # alternate sections, not rows


def status_text(row: ItemRow) -> str:
    if row.mode == "auto":
        return "自动计算"
    if row.needs_input:
        return "待确认" if row.mode == "assisted" else "待填写"
    if row.mode == "assisted":
        return "已确认"
    return "已填写"


# ------------------------------------------------------------------------------------------ items model


class AssessmentItemsModel(QAbstractTableModel):
    """The items of one assessment, in the order of the standard's sheet (grouped by section)."""

    COLUMNS = ("编号", "分区", "项目", "满分", "得分", "状态", "计算依据")
    COL_ID, COL_SECTION, COL_TITLE, COL_MAX, COL_POINTS, COL_STATUS, COL_BASIS = range(7)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ItemRow] = []
        self.score = True
        self._sections: dict[str, int] = {}

    def set_view(self, view: AssessmentView | None) -> None:
        self.beginResetModel()
        self.rows = list(view.items) if view else []
        self.score = view.is_score if view else True
        self._sections = {}
        for r in self.rows:
            self._sections.setdefault(r.section_id, len(self._sections))
        self.endResetModel()

    def row(self, row: int) -> ItemRow:
        return self.rows[row]

    def _section_number(self, section_id: str) -> int:
        return self._sections.get(section_id, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            if section == self.COL_POINTS and not self.score:
                return "达标"
            if section == self.COL_MAX and not self.score:
                return "必备"
            return self.COLUMNS[section]
        return None

    def _points_cell(self, r: ItemRow) -> str:
        if not self.score:
            return "达标" if r.met else "未达标"
        return points_text(r.points)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_ID:
                return r.id
            if col == self.COL_SECTION:
                # grouped look: the section's title on its first row only
                first = index.row() == 0 or self.rows[index.row() - 1].section_id != r.section_id
                return r.section_title if first else ""
            if col == self.COL_TITLE:
                return r.title
            if col == self.COL_MAX:
                if not self.score:
                    return "是" if (r.item is None or r.item.required) else "否"
                return points_text(r.max)
            if col == self.COL_POINTS:
                return self._points_cell(r)
            if col == self.COL_STATUS:
                return status_text(r)
            if col == self.COL_BASIS:
                return r.basis
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col in (self.COL_TITLE, self.COL_SECTION):
                return f"{r.id} {r.title}（{r.section_title}）"
            if col == self.COL_BASIS:
                return r.basis
            if col == self.COL_STATUS:
                return {"auto": "由台账数据自动计算", "assisted": "系统提出建议，由工作人员确认或改动"}.get(
                    r.mode, "由工作人员勾选或填写"
                )
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_STATUS and r.needs_input:
                return QBrush(NEEDS_INPUT_COLOR)
            if col == self.COL_POINTS:
                if r.needs_input:
                    return QBrush(NEEDS_INPUT_COLOR)
                if self.score and r.points is not None and r.max is not None:
                    return QBrush(FULL_COLOR if r.points >= r.max else LOST_COLOR)
                if not self.score:
                    return QBrush(FULL_COLOR if r.met else LOST_COLOR)
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(SECTION_TINTS[self._section_number(r.section_id) % 2])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (self.COL_MAX, self.COL_POINTS):
                return int(Qt.AlignmentFlag.AlignCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None


# ------------------------------------------------------------------------------------------ gaps model


class GapsModel(QAbstractTableModel):
    """失分项: ordered by points recoverable, each with what would win them back."""

    COLUMNS = ("编号", "得分", "可挽回", "如何挽回")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.gaps: list[Gap] = []
        self.score = True

    def set_view(self, view: AssessmentView | None) -> None:
        self.beginResetModel()
        self.gaps = list(view.gaps) if view else []
        self.score = view.is_score if view else True
        self.endResetModel()

    def gap(self, row: int) -> Gap:
        return self.gaps[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.gaps)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.gaps):
            return None
        g = self.gaps[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return g.item_id
            if col == 1:
                if not self.score:
                    return "未达标"
                return f"{points_text(g.points)}/{points_text(g.max)}"
            if col == 2:
                return f"{points_text(g.recoverable)} 分" if self.score else "—"
            if col == 3:
                title = g.title if len(g.title) <= 14 else g.title[:13] + "…"
                return f"【{title}】{g.hint}"
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{g.item_id} {g.title}\n{g.hint}"
        if role == Qt.ItemDataRole.ForegroundRole and col == 2:
            return QBrush(LOST_COLOR)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


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


class SavedAssessmentsModel(QAbstractTableModel):
    """The saved assessments of one standard, newest first, after a first row for the unsaved preview."""

    COLUMNS = ("自评", "报告期", "状态", "修改时间")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[SavedRow] = [SavedRow(None, PREVIEW_TITLE, None, None, None, None)]
        self.standard_name = ""

    def load(self, rows: Sequence[Any], standard_name: str = "") -> None:
        """``rows``: Assessment model instances (app.assessments.list_assessments)."""
        self.beginResetModel()
        self.standard_name = standard_name
        self.rows = [SavedRow(None, PREVIEW_TITLE, None, None, None, None)]
        for a in rows:
            self.rows.append(
                SavedRow(
                    id=int(a.id),
                    title=str(a.title),
                    period_from=a.period_from,
                    period_to=a.period_to,
                    finalized_at=a.finalized_at,
                    updated_at=a.updated_at,
                )
            )
        self.endResetModel()

    def row_of(self, assessment_id: int | None) -> int:
        for i, r in enumerate(self.rows):
            if r.id == assessment_id:
                return i
        return 0

    def saved(self, row: int) -> SavedRow:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.COLUMNS):
            return self.COLUMNS[section]
        return None

    def short_title(self, r: SavedRow) -> str:
        """The title without the standard's name (the page already shows it)."""
        title = r.title
        if self.standard_name and title.startswith(self.standard_name):
            title = title[len(self.standard_name) :].strip()
        return title or self.standard_name

    @staticmethod
    def status(r: SavedRow) -> str:
        if r.id is None:
            return "预览"
        if r.finalized_at is not None:
            return f"定稿 {r.finalized_at:%Y-%m-%d %H:%M}"
        return "草稿"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                if r.id is None:
                    return r.title
                mark = "【定稿】" if r.finalized else "【草稿】"
                return f"{mark}{self.short_title(r)}"
            if col == 1:
                if r.period_from is None or r.period_to is None:
                    return ""
                return f"{r.period_from.isoformat()} 至 {r.period_to.isoformat()}"
            if col == 2:
                return self.status(r)
            if col == 3:
                return f"{r.updated_at:%Y-%m-%d %H:%M}" if r.updated_at else ""
            return None
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return f"{r.title}（{self.status(r)}）"
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        return None
