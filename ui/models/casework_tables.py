"""Table models of the 重点人员帮扶 page on the generic table model: the key-group list (sorted inside
the model), a person's timeline and plans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from app.casework import KeyPersonRow, TimelineEntry
from db.models import ServicePlan
from ui.models.table_base import Column, TableModel


def _d(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _key_column(
    title: str, text: Callable[[KeyPersonRow], str], key: Callable[[KeyPersonRow], Any]
) -> Column[KeyPersonRow]:
    # Ties keep a stable order by person.
    return Column(title, text, key=lambda r: (key(r), r.person_id), align="")


KEY_GROUP_COLUMNS: tuple[Column[KeyPersonRow], ...] = (
    _key_column("姓名", lambda r: r.name, lambda r: r.name),
    _key_column("身份证号", lambda r: r.masked_id, lambda r: r.masked_id),
    _key_column("联系电话", lambda r: r.phone, lambda r: r.phone),
    _key_column("状态", lambda r: r.status, lambda r: r.status),
    _key_column(
        "最近联系", lambda r: _d(r.last_contact) or "从未联系", lambda r: r.last_contact or dt.date.min
    ),
    _key_column("下次到期", lambda r: _d(r.next_due), lambda r: r.next_due or dt.date.max),
    _key_column("待办", lambda r: r.next_due_text, lambda r: r.next_due_text),
    _key_column("服务计划", lambda r: r.plan, lambda r: r.plan),
)

TIMELINE_COLUMNS: tuple[Column[TimelineEntry], ...] = (
    Column("日期", lambda e: e.date.isoformat(), align=""),
    Column("类别", lambda e: e.category, align=""),
    Column("事项", lambda e: e.title, align=""),
    Column("详情", lambda e: e.detail, align=""),
)

PLAN_COLUMNS: tuple[Column[ServicePlan], ...] = (
    Column("制定日期", lambda p: _d(p.made_on), align=""),
    Column("帮扶等级", lambda p: p.level, align=""),
    Column("帮扶目标", lambda p: p.goal, align=""),
    Column("帮扶措施", lambda p: p.measures, align=""),
    Column("责任人", lambda p: p.responsible, align=""),
    Column("复核日期", lambda p: _d(p.review_on), align=""),
)


class KeyGroupModel(TableModel[KeyPersonRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(KEY_GROUP_COLUMNS, lambda r: r.person_id, parent)

    def person_id(self, row: int) -> int | None:
        r = self.row(row)
        return r.person_id if r is not None else None

    def row_of_person(self, person_id: int) -> int | None:
        return self.row_of_id(person_id)


class TimelineModel(TableModel[TimelineEntry]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(TIMELINE_COLUMNS, None, parent)

    def entry(self, row: int) -> TimelineEntry | None:
        return self.row(row)


class PlanModel(TableModel[ServicePlan]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(PLAN_COLUMNS, lambda p: p.id, parent)

    def plan(self, row: int) -> ServicePlan | None:
        return self.row(row)
