"""The 自评 page's view model, without Qt: what the page shows of an assessment, built either from a live
:class:`~app.assessment.scoring.AssessmentResult` or from the snapshot JSON of a finalised (定稿)
assessment; the wording of indicators and sets; the indicator cache of the page and the computation it
runs off the GUI thread; the tables behind a number (the members of a set, ``app.assessment.members``)
and the texts of a comparison.

A snapshot's result JSON keeps only the size of each indicator set; the members (with their names at
定稿) are kept beside it (``app.assessment.assessments.snapshot_members``) and given to
:func:`view_from_snapshot`, so the drill-down works for both; a snapshot finalised before members were
kept shows counts only.

The window's item models (``ui/models/assessment_*``) show these objects; the command line and tests can
use them without a window.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.assessment import scoring
from app.assessment.assessments import FrozenSet, ItemDiff
from app.assessment.scoring import Answer, AssessmentResult, Gap, ItemResult
from app.assessment.standards import Item, Standard
from app.core.period import Period
from db.models import database

ZERO = Decimal(0)

# ------------------------------------------------------------------------------------------ wording

MODE_TITLES = {"auto": "自动", "assisted": "辅助", "manual": "人工"}

INDICATOR_TITLES = {
    "reemployment_rate": "登记失业人员就业率",
    "difficulty_employment_rate": "就业困难人员就业率",
    "graduate_placement": "高校毕业生去向落实",
    "zero_family_cleared": "零就业家庭动态清零",
    "zero_family_none": "零就业家庭动态为零",
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
    "job_seeking_registrations": "求职登记与推荐",
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
    ("zero_family_none", "F"): "评判的零就业家庭",
    ("zero_family_none", "failed"): "未清零",
    ("zero_family_none", "old_failed"): "以前认定至今未清零",
    ("zero_family_none", "pending"): "未到清零期限",
    ("zero_family_none", "cleared"): "已清零",
    ("zero_family_none", "households"): "涉及家庭",
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
    ("job_seeking_registrations", "registered"): "报告期内求职登记人员",
    ("job_seeking_registrations", "referrals"): "报告期内推荐记录",
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


def status_text(row: ItemRow) -> str:
    if row.mode == "auto":
        return "自动计算"
    if row.needs_input:
        return "待确认" if row.mode == "assisted" else "待填写"
    if row.mode == "assisted":
        return "已确认"
    return "已填写"


# ------------------------------------------------------------------------------------------ computing


class CachedLookup:
    """The indicator lookup of :mod:`app.assessment.scoring`, remembered per (indicator, period,
    parameters); thread-safe (the page scores on a worker thread)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._lock = threading.Lock()
        self.calls = 0  # indicators actually computed (tests)

    def __call__(self, indicator_id: str, period: Period, **params: Any) -> Any:
        key = (indicator_id, period.start, period.end, tuple(sorted((k, repr(v)) for k, v in params.items())))
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None:
            return hit
        res = scoring.lookup(indicator_id, period, **params)
        with self._lock:
            self._cache[key] = res
            self.calls += 1
        return res

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()


def compute_view(
    standard: Standard,
    period: Period,
    answers: dict[str, Answer],
    indicator: Any,
    *,
    progress: Any = None,
) -> tuple[AssessmentResult, AssessmentView]:
    """Score and build the page's view (runs on a worker thread for a large register)."""
    result = scoring.assess(standard, period, answers, indicator)
    return result, view_from_result(result, scoring.gaps(result))


def person_count() -> int:
    """How many persons the register holds (the page scores a large register off the GUI thread)."""
    row = database.execute_sql("SELECT COUNT(*) FROM person").fetchone()
    return int(row[0]) if row else 0


# ---------------------------------------------------------------------------------- evidence, comparison


def size_text(size: int) -> str:
    """A file size in words: 512 字节 / 1.5 KB / 2.0 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def met_text(value: bool | None) -> str:
    if value is None:
        return "—"
    return "达标" if value else "未达标"


def differs(d: ItemDiff) -> bool:
    return d.a_points != d.b_points or d.a_met != d.b_met


def change_text(d: ItemDiff, score: bool) -> str:
    """The change of one item between two assessments (b − a)."""
    if score:
        if d.diff is None:
            return "仅一方有此项" if (d.a_points is None) != (d.b_points is None) else ""
        if d.diff == 0:
            return "—"
        sign = "+" if d.diff > 0 else ""
        return f"{sign}{points_text(d.diff)}"
    if d.a_met == d.b_met:
        return "—"
    return f"{met_text(d.a_met)} → {met_text(d.b_met)}"
