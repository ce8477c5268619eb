"""Saved self-assessments (自评): create, answer, attach evidence, finalise (定稿), compare.

A finalised assessment keeps the full result JSON (STANDARDS.md “Result shape”) as it was when it was
finalised: later ledger edits do not change it and it can no longer be edited. Beside the result (not in
it: the result shape gives set sizes only) the snapshot keeps the members of each item's indicator sets
with the names they had at 定稿, so the window can still list the people behind a number.

Saved answers outlive changes of a standard file: when a draft is loaded for scoring, each answer keeps
only what the item's CURRENT rule accepts (:func:`fit_answer`); what had to go is described in the
answer's note and reported as an :class:`AnswerNotice`. The scoring engine itself stays strict.

Why this module is over 600 lines: a saved assessment's answers, evidence, finalising and comparison
share its storage format and its checks against the standard; splitting them would spread one format
over several modules.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.assessment.scoring import (
    Answer,
    AssessmentResult,
    Indicator,
    assess,
    check_numbers,
    check_override,
    gaps,
    lookup,
)
from app.assessment.standards import Item, Standard, get_standard
from app.core.errors import UserError, ValidationError
from app.core.period import Period
from db.models import Assessment, AssessmentAnswer, Evidence, database

log = logging.getLogger(__name__)

MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
FINALIZED_MESSAGE = "已定稿的自评不能修改"
MEMBERS_KEY = "_members"  # the snapshot's set members, stored beside the result (not part of it)
GAPS_KEY = "_gaps"  # the gap hints at 定稿 (item id -> hint naming the people), beside the result


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


def latest_for(standard_id: str, period: Period) -> Assessment | None:
    """The saved assessment a printed document follows for ``standard_id`` over exactly ``period``: the
    latest 定稿 (finalised) one, else the latest edited 草稿 (draft); None when there is none."""
    rows = list(
        Assessment.select().where(
            (Assessment.standard_id == standard_id)
            & (Assessment.period_from == period.start)
            & (Assessment.period_to == period.end)
        )
    )
    final = [r for r in rows if r.finalized_at is not None]
    if final:
        return max(final, key=lambda r: (r.finalized_at, r.id))
    return max(rows, key=lambda r: (r.updated_at, r.id), default=None)


def _stored_answers(assessment_id: int) -> dict[str, Answer]:
    """The answers exactly as saved (they may no longer fit a changed standard file)."""
    out: dict[str, Answer] = {}
    for row in AssessmentAnswer.select().where(AssessmentAnswer.assessment == assessment_id):
        data = json.loads(row.data or "{}")
        data["override_points"] = row.override_points
        data["override_reason"] = row.override_reason
        out[row.item_id] = Answer.from_dict(data)
    return out


# ------------------------------------------------------------------------------------------ fitting


@dataclass(frozen=True)
class AnswerNotice:
    """Something a saved answer had that the item's current rule (or the current data) no longer takes."""

    item_id: str
    text: str  # the sentence for the window, e.g. “第 2.3 项的评分方式已更新，原填写内容已保留在备注中”
    dropped: str  # what was set aside, in words


@dataclass(frozen=True)
class LoadedAnswers:
    answers: dict[str, Answer]
    notices: list[AnswerNotice]


def _number_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value.is_finite() else str(value)


def _key_labels(item: Item) -> dict[str, str]:
    labels = {e.key: e.label for r in item.rule.walk() for e in r.entries}
    labels.setdefault("met", "达标")
    return labels


def _ticks_text(keys: Sequence[str] | frozenset[str], labels: Mapping[str, str]) -> str:
    return "、".join(labels.get(k, k) for k in sorted(keys)) or "无"


def _with_note(note: str, dropped: str, why: str) -> str:
    """The operator's note with what was set aside appended (once)."""
    addition = f"【{why}，原填写：{dropped}】"
    if addition in note:
        return note
    return f"{note.strip()}；{addition}" if note.strip() else addition


def fit_answer(item: Item, answer: Answer) -> tuple[Answer | None, str]:
    """``answer`` reduced to what ``item``'s current rule accepts, and a description of what was dropped
    ("" when it fits as it is). The note is always kept. None when nothing the operator entered still
    applies to a manual or assisted item (it is then 待填写 again)."""
    walk = item.rule.walk()
    labels = _key_labels(item)
    entries = {e.key: e for r in walk for e in r.entries}
    manual_tick = any(r.manual for r in walk)
    inputs = {r.input for r in walk if r.input}
    auto = item.mode == "auto"
    dropped: list[str] = []

    checked = answer.checked
    if checked is not None:
        allowed = set() if auto else set(entries) | ({"met"} if manual_tick else set())
        gone = checked - allowed
        if gone:
            dropped.append("勾选 " + _ticks_text(gone, labels))
            checked = frozenset(checked & allowed)
        if auto:
            checked = None

    counts: dict[str, int] = {}
    inspections = {d.key for d in item.inspection}
    for key, n in answer.counts.items():
        e = entries.get(key)
        if key in inspections and int(n) >= 0:
            counts[key] = int(n)
        elif auto or e is None or not e.each or int(n) < 0:
            dropped.append(f"{labels.get(key, key)} {n} 次")
        else:
            counts[key] = int(n)

    numbers: dict[str, Decimal] = {}
    for key, v in answer.numbers.items():
        if auto or key not in inputs:
            dropped.append(f"{key} {_number_text(v)}")
            continue
        try:
            check_numbers(item, Answer(numbers={key: v}))
        except ValidationError:
            dropped.append(f"{key} {_number_text(v)}")
            continue
        numbers[key] = v

    override, reason = answer.override_points, answer.override_reason
    if override is not None:
        try:
            check_override(item, Answer(override_points=override, override_reason="-"), frozenset())
        except ValidationError:
            because = f"，理由：{reason.strip()}" if reason.strip() else ""
            dropped.append(f"改为 {_number_text(override)} 分{because}")
            override = None
            if item.mode != "assisted":
                reason = ""

    if not dropped:
        return answer, ""
    text = "；".join(dropped)
    entered = answer.checked or answer.counts or answer.numbers
    had_content = bool(entered) or answer.override_points is not None
    left = bool(checked or counts or numbers) or override is not None
    if not auto and had_content and not left:
        return None, text
    fitted = Answer(
        checked=checked,
        counts=counts,
        numbers=numbers,
        note=_with_note(answer.note, text, "评分方式已更新"),
        override_points=override,
        override_reason=reason,
    )
    return fitted, text


def _proposal_standard(std: Standard, item: Item) -> Standard:
    """``std`` reduced to ``item`` (to compute the system's proposal for that item alone)."""
    return Standard(
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


def _fit_to_proposal(
    std: Standard, item: Item, answer: Answer, period: Period, indicator: Indicator
) -> tuple[Answer, str] | None:
    """An assisted answer whose ticks no longer match the system's proposal (the ledger changed since it
    was saved) and that gives no reason: its proposed boxes follow the current proposal, the operator's
    own boxes stay. None when the answer is acceptable as it is."""
    if item.mode != "assisted" or answer.checked is None or answer.override_reason.strip():
        return None
    proposed = assess(_proposal_standard(std, item), period, None, indicator).items[0].proposed_checked
    try:
        check_override(item, answer, proposed)
        return None
    except ValidationError as exc:
        if exc.field != "override_reason":
            raise
    walk = item.rule.walk()
    proposable = {e.key for r in walk for e in r.entries if e.proposal is not None}
    proposable |= {"met"} if any(r.manual and r.proposal for r in walk) else set()
    labels = _key_labels(item)
    checked = frozenset((answer.checked - proposable) | (proposed & proposable))
    old = _ticks_text(answer.checked & proposable, labels)
    new = _ticks_text(proposed & proposable, labels)
    text = f"系统建议勾选 {old}，现建议 {new}"
    fitted = Answer(
        checked=checked,
        counts=answer.counts,
        numbers=answer.numbers,
        note=_with_note(answer.note, f"勾选 {old}", "系统建议已随台账变化"),
        override_points=answer.override_points,
        override_reason=answer.override_reason,
    )
    check_override(item, fitted, proposed)
    return fitted, text


def fit_answers(
    std: Standard,
    stored: Mapping[str, Answer],
    period: Period | None = None,
    indicator: Indicator | None = None,
) -> LoadedAnswers:
    """The saved answers as the current standard (and, given ``period`` and ``indicator``, the current
    proposals) accept them, with a notice for each answer that had to change."""
    items = {it.id: it for it in std.items}
    out: dict[str, Answer] = {}
    notices: list[AnswerNotice] = []
    for item_id, answer in stored.items():
        item = items.get(item_id)
        if item is None:
            notices.append(
                AnswerNotice(item_id, f"第 {item_id} 项已不在标准中，原填写内容已忽略", _answer_text(answer))
            )
            continue
        fitted, dropped = fit_answer(item, answer)
        if dropped:
            kept = "已保留在备注中" if fitted is not None else "已忽略，本项需重新填写"
            text = f"第 {item_id} 项的评分方式已更新，原填写内容{kept}"
            notices.append(AnswerNotice(item_id, text, dropped))
        if fitted is None:
            continue
        if period is not None and indicator is not None:
            drift = _fit_to_proposal(std, item, fitted, period, indicator)
            if drift is not None:
                fitted, dropped = drift
                notices.append(
                    AnswerNotice(
                        item_id,
                        f"第 {item_id} 项的系统建议已随台账数据变化，原勾选与新建议不同且未填改动理由，"
                        "已按新建议计分，原勾选已保留在备注中，请核对",
                        dropped,
                    )
                )
        out[item_id] = fitted
    for n in notices:
        log.warning("自评答案已调整：%s（%s）", n.text, n.dropped)
    return LoadedAnswers(out, notices)


def _answer_text(answer: Answer) -> str:
    parts = []
    if answer.checked:
        parts.append("勾选 " + "、".join(sorted(answer.checked)))
    parts.extend(f"{k} {n} 次" for k, n in answer.counts.items())
    parts.extend(f"{k} {_number_text(v)}" for k, v in answer.numbers.items())
    if answer.override_points is not None:
        parts.append(f"改为 {_number_text(answer.override_points)} 分")
    if answer.note.strip():
        parts.append(f"备注：{answer.note.strip()}")
    return "；".join(parts) or "无"


def load_answers(assessment_id: int, indicator: Indicator | None = None) -> LoadedAnswers:
    """The answers of a draft ready to score, and what had to change (see :func:`fit_answers`). With
    ``indicator`` the answers of assisted items are also checked against the current proposals."""
    row = _get(assessment_id)
    return fit_answers(standard_of(row), _stored_answers(row.id), period_of(row), indicator)


def answers(assessment_id: int, indicator: Indicator | None = None) -> dict[str, Answer]:
    """The answers as the current standard accepts them (see :func:`load_answers`)."""
    return load_answers(assessment_id, indicator).answers


def answer_notices(assessment_id: int, indicator: Indicator | None = None) -> list[AnswerNotice]:
    """What the saved answers had that the current standard (or data) no longer takes."""
    return load_answers(assessment_id, indicator).notices


def save_answer(assessment_id: int, item_id: str, answer: Answer, indicator: Indicator = lookup) -> None:
    """Store the answer to one item; checks it against the item (and, for assisted items, against the
    system's proposal: changing it needs a reason)."""
    row = _editable(assessment_id)
    std = standard_of(row)
    item = std.item(item_id)
    # The proposal is needed to know whether the operator changed it.
    proposal = assess(_proposal_standard(std, item), period_of(row), None, indicator).items[0]
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
    """Score the assessment now, from the ledgers and the saved answers as the current standard accepts
    them; an answer that had to change says so in its item's basis (备注), and
    :func:`answer_notices` lists them."""
    row = _get(assessment_id)
    loaded = load_answers(row.id, indicator)
    return assess(standard_of(row), period_of(row), loaded.answers, indicator)


def _stored_snapshot(row: Assessment) -> dict[str, Any] | None:
    if row.finalized_at is None or not row.snapshot:
        return None
    data: dict[str, Any] = json.loads(row.snapshot)
    return data


def result_json(assessment_id: int, indicator: Indicator = lookup) -> dict[str, Any]:
    """The result: the frozen snapshot of a finalised assessment (never re-scored), else computed now.
    Always the “Result shape” of STANDARDS.md (set sizes only)."""
    data = _stored_snapshot(_get(assessment_id))
    if data is not None:
        data.pop(MEMBERS_KEY, None)
        data.pop(GAPS_KEY, None)
        return data
    return run(assessment_id, indicator).to_json_dict()


def finalize(assessment_id: int, indicator: Indicator = lookup) -> dict[str, Any]:
    """定稿: store the full result snapshot, and beside it the members of every item's indicator sets
    with their names at this moment; the assessment becomes read-only. Returns the result JSON."""
    row = _editable(assessment_id)
    result = run(assessment_id, indicator)
    snapshot = result.to_json_dict()
    stored = dict(snapshot)
    stored[MEMBERS_KEY] = _members_of(result)
    stored[GAPS_KEY] = {g.item_id: g.hint for g in gaps(result)}
    with database.atomic():
        Assessment.update(
            snapshot=json.dumps(stored, ensure_ascii=False), finalized_at=_now(), updated_at=_now()
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


# ------------------------------------------------------------------------------------------ snapshot members

# kind -> SQL selecting (member id, person id or NULL, name) for the ids in {marks}
_MEMBER_SQL: dict[str, str] = {
    "person": "SELECT p.id, p.id, p.name FROM person p WHERE p.id IN ({marks})",
    "graduate": "SELECT g.id, p.id, p.name FROM graduate g JOIN person p ON p.id = g.person_id "
    "WHERE g.id IN ({marks})",
    "referral": "SELECT r.id, p.id, p.name FROM referral r JOIN person p ON p.id = r.person_id "
    "WHERE r.id IN ({marks})",
    "household": "SELECT h.id, hp.id, '户 ' || h.code || COALESCE(' ' || hp.name, '') FROM household h "
    "LEFT JOIN person hp ON hp.id = (SELECT id FROM person WHERE household_id = h.id "
    "ORDER BY (relation = '户主') DESC, id LIMIT 1) WHERE h.id IN ({marks})",
    "zero_family": "SELECT z.id, hp.id, '户 ' || h.code || COALESCE(' ' || hp.name, '') FROM zero_family z "
    "JOIN household h ON h.id = z.household_id "
    "LEFT JOIN person hp ON hp.id = (SELECT id FROM person WHERE household_id = h.id "
    "ORDER BY (relation = '户主') DESC, id LIMIT 1) WHERE z.id IN ({marks})",
    "vacancy": "SELECT v.id, NULL, v.code || ' ' || v.title FROM vacancy v WHERE v.id IN ({marks})",
    "staff": "SELECT s.id, NULL, s.name FROM staff s WHERE s.id IN ({marks})",
    "event": "SELECT e.id, NULL, e.date || ' ' || e.name FROM event e WHERE e.id IN ({marks})",
    "complaint": "SELECT c.id, NULL, c.date || ' ' || substr(c.content, 1, 30) FROM complaint c "
    "WHERE c.id IN ({marks})",
}
_CHUNK = 500


@dataclass(frozen=True)
class FrozenMember:
    """One member of a set as it was at 定稿: its id, the person it belongs to (if any) and the name."""

    id: int
    person_id: int | None
    name: str


@dataclass(frozen=True)
class FrozenSet:
    kind: str
    members: list[FrozenMember]


def _member_names(kind: str, ids: list[int]) -> dict[int, tuple[int | None, str]]:
    sql = _MEMBER_SQL.get(kind)
    if sql is None:
        return {}
    found: dict[int, tuple[int | None, str]] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        query = sql.replace("{marks}", ",".join("?" * len(chunk)))
        for member, person, name in database.execute_sql(query, tuple(chunk)).fetchall():
            found[int(member)] = (int(person) if person is not None else None, str(name or ""))
    return found


def _members_of(result: AssessmentResult) -> dict[str, dict[str, Any]]:
    """item id -> set name -> {"kind", "members": [[id, person id, name], ...]} for each item's primary
    indicator (the one the result JSON describes)."""
    names: dict[tuple[str, int], tuple[int | None, str]] = {}
    wanted: dict[str, set[int]] = {}
    for r in result.items:
        if r.indicators:
            res = r.indicators[0]
            for set_name, members in res.sets.items():
                wanted.setdefault(res.set_kinds.get(set_name, ""), set()).update(members)
    for kind, ids in wanted.items():
        for member, value in _member_names(kind, sorted(ids)).items():
            names[(kind, member)] = value
    out: dict[str, dict[str, Any]] = {}
    for r in result.items:
        if not r.indicators:
            continue
        res = r.indicators[0]
        sets: dict[str, Any] = {}
        for set_name, members in res.sets.items():
            kind = res.set_kinds.get(set_name, "")
            rows = []
            for m in members:
                person, name = names.get((kind, int(m)), (None, f"#{m}"))
                rows.append([int(m), person, name])
            sets[set_name] = {"kind": kind, "members": rows}
        out[r.item.id] = sets
    return out


def snapshot_gap_hints(assessment_id: int) -> dict[str, str]:
    """The gap hints kept at 定稿 (item id -> “3 名就业困难人员有月份未联系：…”). Empty for a draft and for
    an assessment finalised before hints were kept."""
    data = _stored_snapshot(_get(assessment_id))
    if data is None:
        return {}
    return {str(k): str(v) for k, v in (data.get(GAPS_KEY) or {}).items()}


def snapshot_members(assessment_id: int) -> dict[str, dict[str, FrozenSet]]:
    """The members kept at 定稿: item id -> set name -> :class:`FrozenSet`. Empty for a draft and for an
    assessment finalised before members were kept."""
    data = _stored_snapshot(_get(assessment_id))
    if data is None:
        return {}
    out: dict[str, dict[str, FrozenSet]] = {}
    for item_id, sets in (data.get(MEMBERS_KEY) or {}).items():
        out[item_id] = {
            name: FrozenSet(
                kind=str(spec.get("kind", "")),
                members=[
                    FrozenMember(int(m[0]), int(m[1]) if m[1] is not None else None, str(m[2]))
                    for m in spec.get("members", [])
                ],
            )
            for name, spec in sets.items()
        }
    return out


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
