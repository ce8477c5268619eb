"""Saved self-assessments (自评): create, answer, attach evidence, finalise (定稿), compare.

A finalised assessment keeps the full result JSON (STANDARDS.md “Result shape”) as it was when it was
finalised: later ledger edits do not change it and it can no longer be edited.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.errors import UserError, ValidationError
from app.indicators.base import Period
from app.scoring import Answer, AssessmentResult, Indicator, assess, check_override, lookup
from app.standards import Standard, get_standard
from db.models import Assessment, AssessmentAnswer, Evidence, database

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
FINALIZED_MESSAGE = "已定稿的自评不能修改"


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _get(assessment_id: int) -> Assessment:
    row = Assessment.get_or_none(Assessment.id == assessment_id)
    if row is None:
        raise UserError(f"找不到编号为 {assessment_id} 的自评")
    return row


def _editable(assessment_id: int) -> Assessment:
    row = _get(assessment_id)
    if row.finalized_at is not None:
        raise UserError(FINALIZED_MESSAGE)
    return row


def period_of(row: Assessment) -> Period:
    return Period(row.period_from, row.period_to)


def standard_of(row: Assessment) -> Standard:
    return get_standard(row.standard_id)


def create(standard_id: str, period: Period, title: str = "") -> Assessment:
    """A new draft assessment of ``standard_id`` over ``period``."""
    std = get_standard(standard_id)
    if period.end < period.start:
        raise ValidationError("报告期结束日期早于开始日期", field="period")
    with database.atomic():
        return Assessment.create(
            standard_id=std.id,
            period_from=period.start,
            period_to=period.end,
            title=title.strip() or f"{std.name} {period.start.isoformat()} 至 {period.end.isoformat()}",
        )


def load(assessment_id: int) -> Assessment:
    return _get(assessment_id)


def list_assessments(standard_id: str | None = None) -> list[Assessment]:
    """Saved assessments, newest first."""
    query = Assessment.select().order_by(Assessment.created_at.desc(), Assessment.id.desc())  # type: ignore[attr-defined]
    if standard_id:
        query = query.where(Assessment.standard_id == standard_id)
    return list(query)


def answers(assessment_id: int) -> dict[str, Answer]:
    out: dict[str, Answer] = {}
    for row in AssessmentAnswer.select().where(AssessmentAnswer.assessment == assessment_id):
        data = json.loads(row.data or "{}")
        data["override_points"] = row.override_points
        data["override_reason"] = row.override_reason
        out[row.item_id] = Answer.from_dict(data)
    return out


def save_answer(assessment_id: int, item_id: str, answer: Answer, indicator: Indicator = lookup) -> None:
    """Store the answer to one item; checks it against the item (and, for assisted items, against the
    system's proposal: changing it needs a reason)."""
    row = _editable(assessment_id)
    std = standard_of(row)
    item = std.item(item_id)
    # The proposal is needed to know whether the operator changed it.
    single = Standard(
        id=std.id,
        name=std.name,
        kind=std.kind,
        base_max=std.base_max,
        bonus_max=std.bonus_max,
        pass_mark=std.pass_mark,
        period=std.period,
        source=std.source,
        sections=tuple(s for s in std.sections if s.id == item.section),
        items=(item,),
        path=std.path,
    )
    proposal = assess(single, period_of(row), None, indicator).items[0]
    check_override(item, answer, proposal.proposed_checked)
    data = answer.to_dict()
    override = data.pop("override_points")
    reason = data.pop("override_reason")
    with database.atomic():
        AssessmentAnswer.insert(
            assessment=row.id,
            item_id=item.id,
            data=json.dumps(data, ensure_ascii=False),
            override_points=Decimal(override) if override is not None else None,
            override_reason=reason.strip(),
            updated_at=_now(),
        ).on_conflict(
            conflict_target=[AssessmentAnswer.assessment, AssessmentAnswer.item_id],
            preserve=[
                AssessmentAnswer.data,
                AssessmentAnswer.override_points,
                AssessmentAnswer.override_reason,
                AssessmentAnswer.updated_at,
            ],
        ).execute()
        Assessment.update(updated_at=_now()).where(Assessment.id == row.id).execute()


def clear_answer(assessment_id: int, item_id: str) -> None:
    row = _editable(assessment_id)
    with database.atomic():
        AssessmentAnswer.delete().where(
            (AssessmentAnswer.assessment == row.id) & (AssessmentAnswer.item_id == item_id)
        ).execute()


def run(assessment_id: int, indicator: Indicator = lookup) -> AssessmentResult:
    """Score the assessment now, from the ledgers and the saved answers."""
    row = _get(assessment_id)
    return assess(standard_of(row), period_of(row), answers(row.id), indicator)


def result_json(assessment_id: int, indicator: Indicator = lookup) -> dict[str, Any]:
    """The result: the frozen snapshot of a finalised assessment, else computed now."""
    row = _get(assessment_id)
    if row.finalized_at is not None and row.snapshot:
        data: dict[str, Any] = json.loads(row.snapshot)
        return data
    return run(assessment_id, indicator).to_json_dict()


def finalize(assessment_id: int, indicator: Indicator = lookup) -> dict[str, Any]:
    """定稿: store the full result snapshot; the assessment becomes read-only."""
    row = _editable(assessment_id)
    snapshot = run(assessment_id, indicator).to_json_dict()
    with database.atomic():
        Assessment.update(
            snapshot=json.dumps(snapshot, ensure_ascii=False), finalized_at=_now(), updated_at=_now()
        ).where(Assessment.id == row.id).execute()
    return snapshot


def is_finalized(assessment_id: int) -> bool:
    return _get(assessment_id).finalized_at is not None


def duplicate(assessment_id: int, period: Period | None = None, title: str = "") -> Assessment:
    """A new draft with the same standard and the answers (and evidence) of ``assessment_id``, e.g. to
    start next year's assessment from this one or to rework a finalised one."""
    src = _get(assessment_id)
    with database.atomic():
        new = create(src.standard_id, period or period_of(src), title)
        for a in AssessmentAnswer.select().where(AssessmentAnswer.assessment == src.id):
            AssessmentAnswer.create(
                assessment=new.id,
                item_id=a.item_id,
                data=a.data,
                override_points=a.override_points,
                override_reason=a.override_reason,
            )
        for e in Evidence.select().where(Evidence.assessment == src.id):
            Evidence.create(assessment=new.id, item_id=e.item_id, name=e.name, size=e.size, content=e.content)
    return new


def delete(assessment_id: int) -> None:
    row = _get(assessment_id)
    with database.atomic():
        row.delete_instance(recursive=True)


# ------------------------------------------------------------------------------------------ evidence


@dataclass(frozen=True)
class EvidenceInfo:
    id: int
    item_id: str
    name: str
    size: int
    added_at: dt.datetime


def add_evidence(assessment_id: int, item_id: str, name: str, content: bytes) -> int:
    """Attach a file (its bytes go into the database). Returns the evidence id."""
    row = _editable(assessment_id)
    standard_of(row).item(item_id)
    name = Path(name).name.strip()
    if not name:
        raise ValidationError("附件须有文件名", field="name")
    if len(content) > MAX_EVIDENCE_BYTES:
        size_mb = len(content) / (1024 * 1024)
        raise ValidationError(
            f"附件“{name}”有 {size_mb:.1f} MB，超过每个附件 20 MB 的上限，请压缩或拆分后再添加",
            field="content",
        )
    with database.atomic():
        ev = Evidence.create(
            assessment=row.id, item_id=item_id, name=name, size=len(content), content=content
        )
    return int(ev.id)


def add_evidence_file(assessment_id: int, item_id: str, path: Path | str) -> int:
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        raise UserError(f"找不到附件文件：{path}") from None
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError(
            f"附件“{path.name}”有 {size / (1024 * 1024):.1f} MB，"
            "超过每个附件 20 MB 的上限，请压缩或拆分后再添加",
            field="content",
        )
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取附件文件：{path}（{exc.strerror}）") from None
    return add_evidence(assessment_id, item_id, path.name, content)


def evidence_list(assessment_id: int, item_id: str | None = None) -> list[EvidenceInfo]:
    query = Evidence.select(
        Evidence.id, Evidence.item_id, Evidence.name, Evidence.size, Evidence.added_at
    ).where(Evidence.assessment == assessment_id)
    if item_id is not None:
        query = query.where(Evidence.item_id == item_id)
    return [
        EvidenceInfo(id=int(e.id), item_id=e.item_id, name=e.name, size=int(e.size), added_at=e.added_at)
        for e in query.order_by(Evidence.id)
    ]


def evidence_bytes(evidence_id: int) -> bytes:
    ev = Evidence.get_or_none(Evidence.id == evidence_id)
    if ev is None:
        raise UserError(f"找不到编号为 {evidence_id} 的附件")
    return bytes(ev.content)


def remove_evidence(evidence_id: int) -> None:
    ev = Evidence.get_or_none(Evidence.id == evidence_id)
    if ev is None:
        raise UserError(f"找不到编号为 {evidence_id} 的附件")
    _editable(ev.assessment_id)
    with database.atomic():
        ev.delete_instance()


# ------------------------------------------------------------------------------------------ compare


@dataclass(frozen=True)
class ItemDiff:
    item_id: str
    title: str
    a_points: Decimal | None
    b_points: Decimal | None
    diff: Decimal | None  # b − a
    a_met: bool | None
    b_met: bool | None


def _points(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def compare(
    a: int | Mapping[str, Any], b: int | Mapping[str, Any], indicator: Indicator = lookup
) -> list[ItemDiff]:
    """Per-item point differences b − a between two assessments (ids, or result JSON dicts). Items only
    one of them has appear with None on the other side."""
    ra = result_json(a, indicator) if isinstance(a, int) else a
    rb = result_json(b, indicator) if isinstance(b, int) else b
    items_a = {it["id"]: it for it in ra["items"]}
    items_b = {it["id"]: it for it in rb["items"]}
    order = list(items_a) + [i for i in items_b if i not in items_a]
    out = []
    for item_id in order:
        ia, ib = items_a.get(item_id), items_b.get(item_id)
        pa = _points(ia["points"]) if ia else None
        pb = _points(ib["points"]) if ib else None
        out.append(
            ItemDiff(
                item_id=item_id,
                title=(ia or ib or {}).get("title", ""),
                a_points=pa,
                b_points=pb,
                diff=(pb - pa) if pa is not None and pb is not None else None,
                a_met=ia.get("met") if ia else None,
                b_met=ib.get("met") if ib else None,
            )
        )
    return out
