"""The people (or records) behind a number of the 自评 page, without Qt: the members of one indicator set
as table rows (ID numbers masked) with what the indicator noted about each, and the members a 定稿 kept.

Rows are read with one SQL statement per chunk of ids; each row knows the person it belongs to (if any)
so the window can open that person's record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.assessment.assessments import FrozenSet
from app.core.idcard import mask_id
from db.models import database

CHUNK = 500

DETAIL_LABELS = {
    "months": "未联系月份",
    "deadline": "计划期限",
    "registered_on": "登记日期",
    "missing": "服务缺项",
    "n": "推荐培训次数",
    "missing_elements": "缺少要素",
    "rows": "认定与清零",
    "started_service_on": "从事就业服务起始",
    "services": "服务次数",
}

_PERSON_COLS = "p.name, p.id_number, p.gender, p.phone, COALESCE(h.code, ''), p.employment_status"


@dataclass(frozen=True)
class _Kind:
    columns: tuple[str, ...]
    sql: str  # selects: member id, person id (or NULL), then one value per column ({marks} = ids)
    masked: int | None = None  # the column holding an ID number


_KINDS: dict[str, _Kind] = {
    "person": _Kind(
        ("姓名", "身份证号", "性别", "联系电话", "户编号", "就业状态"),
        f"SELECT p.id, p.id, {_PERSON_COLS} FROM person p LEFT JOIN household h ON h.id = p.household_id "
        "WHERE p.id IN ({marks})",
        masked=1,
    ),
    "graduate": _Kind(
        ("姓名", "身份证号", "毕业年份", "学校", "去向落实日期", "去向"),
        "SELECT g.id, p.id, p.name, p.id_number, g.grad_year, g.school, g.placed_on, g.destination "
        "FROM graduate g JOIN person p ON p.id = g.person_id WHERE g.id IN ({marks})",
        masked=1,
    ),
    "referral": _Kind(
        ("姓名", "身份证号", "岗位", "用人单位", "推荐日期", "回访日期", "结果"),
        "SELECT r.id, p.id, p.name, p.id_number, v.title, e.name, r.referred_on, r.followed_up_on, r.outcome "
        "FROM referral r JOIN person p ON p.id = r.person_id JOIN vacancy v ON v.id = r.vacancy_id "
        "JOIN employer e ON e.id = v.employer_id WHERE r.id IN ({marks})",
        masked=1,
    ),
    "household": _Kind(
        ("户编号", "户主", "户主身份证号", "地址"),
        "SELECT h.id, hp.id, h.code, hp.name, hp.id_number, h.address FROM household h "
        "LEFT JOIN person hp ON hp.id = (SELECT id FROM person WHERE household_id = h.id "
        "ORDER BY (relation = '户主') DESC, id LIMIT 1) WHERE h.id IN ({marks})",
        masked=2,
    ),
    "zero_family": _Kind(
        ("户编号", "户主", "户主身份证号", "认定日期", "清零日期"),
        "SELECT z.id, hp.id, h.code, hp.name, hp.id_number, z.recognized_on, z.cleared_on FROM zero_family z "
        "JOIN household h ON h.id = z.household_id "
        "LEFT JOIN person hp ON hp.id = (SELECT id FROM person WHERE household_id = h.id "
        "ORDER BY (relation = '户主') DESC, id LIMIT 1) WHERE z.id IN ({marks})",
        masked=2,
    ),
    "vacancy": _Kind(
        ("岗位编号", "岗位", "用人单位", "类型", "招聘人数", "收集日期", "发布渠道"),
        "SELECT v.id, NULL, v.code, v.title, e.name, v.kind, v.headcount, v.collected_on, v.channels "
        "FROM vacancy v JOIN employer e ON e.id = v.employer_id WHERE v.id IN ({marks})",
    ),
    "staff": _Kind(
        ("姓名", "岗位性质", "学历", "从事就业服务起始日期", "最近培训日期"),
        "SELECT s.id, NULL, s.name, s.nature, s.education, s.started_service_on, s.last_trained_on "
        "FROM staff s WHERE s.id IN ({marks})",
    ),
    "event": _Kind(
        ("日期", "类型", "名称", "参加人数"),
        "SELECT e.id, NULL, e.date, e.kind, e.name, e.participants FROM event e WHERE e.id IN ({marks})",
    ),
    "complaint": _Kind(
        ("日期", "内容", "有效投诉", "处理结果"),
        "SELECT c.id, NULL, c.date, c.content, CASE WHEN c.valid THEN '是' ELSE '否' END, c.result "
        "FROM complaint c WHERE c.id IN ({marks})",
    ),
}


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def detail_text(key: str, value: Any) -> str:
    """What an indicator noted about one member, in words."""
    label = DETAIL_LABELS.get(key, key)
    if isinstance(value, dt.date):
        return f"{label} {value.isoformat()}"
    if isinstance(value, list | tuple):
        parts = [v.strftime("%Y-%m") if isinstance(v, dt.date) else str(v) for v in value]
        return f"{label}：{'、'.join(parts)}" if parts else ""
    if isinstance(value, Mapping):
        if key == "rows":
            pieces = []
            for k, text in (("recognized_on", "认定"), ("deadline", "期限"), ("cleared_on", "清零")):
                v = value.get(k)
                pieces.append(f"{text} {v.isoformat() if isinstance(v, dt.date) else '未清零'}")
            return "，".join(pieces)
        parts = [f"{k}{v}次" if isinstance(v, int) else f"{k}{v}" for k, v in value.items()]
        return f"{label}：{'、'.join(parts)}" if parts else ""
    return f"{label} {value}"


@dataclass(frozen=True)
class MemberRow:
    """One member of a set as shown: its id, the person it belongs to (None: not a person, or deleted)
    and one text per column."""

    member_id: int
    person_id: int | None
    texts: tuple[str, ...]


def member_columns(kind: str) -> tuple[str, ...]:
    """The column titles of a set of ``kind``."""
    spec = _KINDS.get(kind)
    return spec.columns if spec else ("编号",)


def member_rows(kind: str, members: Sequence[int]) -> list[MemberRow]:
    """The members of a set, in the given order, read with one SQL statement per chunk of ids; ID numbers
    masked; a member deleted since shows as such."""
    spec = _KINDS.get(kind)
    if spec is None:
        return [MemberRow(m, None, (f"#{m}",)) for m in members]
    found: dict[int, tuple[int | None, tuple[str, ...]]] = {}
    members = list(members)
    for i in range(0, len(members), CHUNK):
        chunk = members[i : i + CHUNK]
        sql = spec.sql.replace("{marks}", ",".join("?" * len(chunk)))
        for row in database.execute_sql(sql, tuple(chunk)).fetchall():
            values = [_cell(v) for v in row[2:]]
            if spec.masked is not None:
                values[spec.masked] = mask_id(values[spec.masked])
            found[int(row[0])] = (int(row[1]) if row[1] is not None else None, tuple(values))
    blank = ("",) * len(spec.columns)
    out = []
    for m in members:
        person, shown = found.get(m, (None, (f"（已删除的记录 #{m}）", *blank[1:])))
        out.append(MemberRow(m, person, shown))
    return out


def member_detail(details: Mapping[str, Mapping[int, Any]], member: int) -> str:
    """What the indicator noted about ``member`` (every detail, in words)."""
    texts = []
    for key, per_member in details.items():
        if member in per_member:
            text = detail_text(key, per_member[member])
            if text:
                texts.append(text)
    return "；".join(texts)


PERSON_KINDS = frozenset({"person", "graduate", "referral", "household", "zero_family"})


def frozen_columns(frozen: FrozenSet) -> tuple[str, ...]:
    return ("定稿时姓名", "身份证号") if frozen.kind in PERSON_KINDS else ("定稿时名称",)


def frozen_rows(frozen: FrozenSet) -> list[MemberRow]:
    """Members of a set as kept at 定稿: the name recorded then and, for people still in the ledger,
    their (masked) ID number now; a person deleted since then is marked."""
    people = frozen.kind in PERSON_KINDS
    person_ids = sorted({m.person_id for m in frozen.members if m.person_id is not None})
    current: dict[int, str] = {}
    for i in range(0, len(person_ids), CHUNK):
        chunk = person_ids[i : i + CHUNK]
        sql = f"SELECT id, id_number FROM person WHERE id IN ({','.join('?' * len(chunk))})"
        for pid, id_number in database.execute_sql(sql, tuple(chunk)).fetchall():
            current[int(pid)] = mask_id(str(id_number or ""))
    out = []
    for m in frozen.members:
        if not people:
            out.append(MemberRow(m.id, None, (m.name,)))
            continue
        alive = m.person_id is not None and m.person_id in current
        shown = current[m.person_id] if alive and m.person_id is not None else "（已从台账删除）"
        out.append(MemberRow(m.id, m.person_id if alive else None, (m.name, shown)))
    return out
