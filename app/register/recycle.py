"""回收站: deleting a person entered by mistake keeps a copy that can be restored.

A person who moved away, died or retired is not deleted: they leave by status
(:func:`app.register.ledger.set_exit`). Deletion is for records entered by mistake; :func:`takes_along`
counts what goes with the person (for the confirmation), :func:`discard` copies the person and every
record that refers to them into one ``recycle_bin`` row (JSON) and deletes them, all in one
transaction; :func:`restore` puts them back, :func:`purge` empties an entry for good.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from app.accounts.session import operator_name
from app.core.errors import UserError
from app.core.idcard import mask_id
from db.models import Person, RecycleBin, database

# The tables whose rows refer to a person (and go with them), with their Chinese names.
PERSON_TABLES: tuple[tuple[str, str], ...] = (
    ("registration", "失业登记"),
    ("recognition", "就业困难认定"),
    ("employment", "就业记录"),
    ("graduate", "高校毕业生"),
    ("service_plan", "帮扶计划"),
    ("service", "服务记录"),
    ("referral", "岗位推荐"),
    ("training_referral", "培训推荐"),
    ("job_seeking", "求职登记"),
)
PAYLOAD_VERSION = 1


def _rows(sql: str, params: Sequence[object]) -> list[dict[str, Any]]:
    cursor = database.execute_sql(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _marks(ids: Sequence[object]) -> str:
    return ",".join("?" for _ in ids)


def takes_along(person_ids: Iterable[int]) -> dict[str, int]:
    """Chinese table name -> how many records would be deleted with these persons (non-zero only)."""
    ids = list(person_ids)
    if not ids:
        return {}
    out: dict[str, int] = {}
    for table, title in PERSON_TABLES:
        n = database.execute_sql(
            f'SELECT count(*) FROM "{table}" WHERE person_id IN ({_marks(ids)})', ids
        ).fetchone()[0]
        if n:
            out[title] = int(n)
    return out


def takes_along_text(person_ids: Iterable[int]) -> str:
    """ "失业登记 1 条、服务记录 12 条" or "没有其他记录"."""
    counts = takes_along(person_ids)
    return "、".join(f"{k} {v} 条" for k, v in counts.items()) if counts else "没有其他记录"


def discard(person_ids: Iterable[int]) -> list[int]:
    """Move each person with every record that refers to them into the 回收站 (one entry per person),
    in one transaction; the ids of the new entries."""
    ids = list(dict.fromkeys(person_ids))
    entries: list[int] = []
    now = dt.datetime.now().replace(microsecond=0)
    with database.atomic():
        for pid in ids:
            person = _rows('SELECT * FROM "person" WHERE id = ?', (pid,))
            if not person:
                raise UserError("该人员在台账中不存在（可能已被删除），请刷新后重试")
            tables = {
                table: _rows(f'SELECT * FROM "{table}" WHERE person_id = ?', (pid,))
                for table, _t in PERSON_TABLES
            }
            count = sum(len(rows) for rows in tables.values())
            payload = {"version": PAYLOAD_VERSION, "person": person[0], "tables": tables}
            entry = RecycleBin.create(
                deleted_at=now,
                operator=operator_name(),
                label=f"{person[0]['name']}（{mask_id(str(person[0]['id_number']))}）",
                record_count=count,
                payload=json.dumps(payload, ensure_ascii=False, default=str),
            )
            Person.delete_by_id(pid)  # the records go with it (ON DELETE CASCADE)
            entries.append(entry.id)
    return entries


@dataclass(frozen=True)
class BinEntry:
    id: int
    deleted_at: dt.datetime
    operator: str
    label: str
    record_count: int


def entries() -> list[BinEntry]:
    """The 回收站, newest first."""
    query = RecycleBin.select(
        RecycleBin.id, RecycleBin.deleted_at, RecycleBin.operator, RecycleBin.label, RecycleBin.record_count
    ).order_by(RecycleBin.deleted_at.desc(), RecycleBin.id.desc())  # type: ignore[attr-defined]
    return [BinEntry(e.id, e.deleted_at, e.operator, e.label, e.record_count) for e in query]


def _insert(table: str, row: dict[str, Any]) -> int:
    names = ", ".join(f'"{k}"' for k in row)
    cursor = database.execute_sql(
        f'INSERT INTO "{table}" ({names}) VALUES ({_marks(list(row))})', list(row.values())
    )
    return int(cursor.lastrowid)


def _taken(table: str, row_id: object) -> bool:
    return database.execute_sql(f'SELECT 1 FROM "{table}" WHERE id = ?', (row_id,)).fetchone() is not None


def restore(entry_id: int) -> int:
    """Put the person and their records back (one transaction) and empty the entry; the person's id.
    Refused when the ID number has been registered again meanwhile."""
    with database.atomic():
        entry = RecycleBin.get_or_none(RecycleBin.id == entry_id)
        if entry is None:
            raise UserError("回收站中没有这一项（可能已恢复或清除），请刷新后重试")
        payload = json.loads(entry.payload)
        person = dict(payload["person"])
        clash = Person.get_or_none(Person.id_number == person["id_number"])
        if clash is not None:
            raise UserError(
                f"身份证号 {mask_id(str(person['id_number']))} 已重新登记为{clash.name}，不能恢复；"
                "如需保留原记录，请先删除新登记的人员"
            )
        if person.get("household_id") is not None and not _taken("household", person["household_id"]):
            person["household_id"] = None
        if _taken("person", person["id"]):
            person.pop("id")
        pid = _insert("person", person)
        for table, _title in PERSON_TABLES:
            for row in payload["tables"].get(table, []):
                values = dict(row)
                values["person_id"] = pid
                vacancy = values.get("vacancy_id")
                if vacancy is not None and not _taken("vacancy", vacancy):
                    if table == "referral":
                        continue  # the vacancy is gone, and a referral is nothing without it
                    values["vacancy_id"] = None
                if _taken(table, values.get("id")):
                    values.pop("id")
                _insert(table, values)
        entry.delete_instance()
    return pid


def purge(entry_id: int) -> None:
    """Empty one entry of the 回收站 for good."""
    with database.atomic():
        RecycleBin.delete_by_id(entry_id)
