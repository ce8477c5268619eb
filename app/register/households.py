"""A household (户) kept in the window: members added, moved and removed without retyping what they
share (户编号, 住址, 网格, 户籍类型), and its 零就业家庭 recognitions with 清零 shown from the members'
work (:func:`app.register.listing.zero_family_history`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from app.core import codes, validators
from app.core.dates import parse_date
from app.core.errors import FieldErrors, ValidationError
from app.register import ledger
from app.register.listing import ZeroFamilyEntry, zero_family_history
from db.models import Household, Person, ZeroFamily, database

SHARED_FIELDS = ("household_code", "address", "grid", "hukou_type")


def shared_facts(household_id: int) -> dict[str, str]:
    """What a new member takes from the household: 户编号, and 住址 / 网格 / 户籍类型 of the 户主 (or the
    first member)."""
    hh = Household.get_by_id(household_id)
    head = (
        Person.select()
        .where(Person.household == household_id)
        .order_by(Person.relation != "户主", Person.id)
        .first()
    )
    facts = {"household_code": hh.code, "address": hh.address or "", "grid": "", "hukou_type": ""}
    if head is not None:
        facts["address"] = head.address or facts["address"]
        facts["grid"] = head.grid or ""
        facts["hukou_type"] = head.hukou_type or ""
    return facts


def check_relation(value: object, household_id: int | None, person_id: int | None = None) -> str:
    """与户主关系 for a member: one of the code list, and one 户主 per household."""
    text = validators.text(value)
    relation = codes.RELATION.normalize(text) if text else None
    if relation is None:
        raise ValidationError(f"请选择与户主关系：{codes.RELATION.allowed_text()}", field="relation")
    if relation == "户主" and household_id is not None:
        other = (
            Person.select()
            .where(Person.household == household_id, Person.relation == "户主", Person.id != (person_id or 0))
            .first()
        )
        if other is not None:
            raise ValidationError(f"这一户已有户主{other.name}", field="relation")
    return relation


def add_member(household_id: int, values: Mapping[str, object]) -> Person:
    """A new person in the household: the shared facts come from the household, the rest from
    ``values`` (身份证号, 姓名, 与户主关系, 就业状态, 调查日期 …)."""
    try:
        check_relation(values.get("relation"), household_id)
    except ValidationError as exc:
        raise FieldErrors({"relation": exc.message}) from exc
    merged: dict[str, object] = dict(values)
    for key, value in shared_facts(household_id).items():
        if not validators.text(merged.get(key)):
            merged[key] = value
    return ledger.save_person(merged)


def move_member(person_id: int, household_code: object, relation: object) -> Person:
    """Move a person to another household (an existing 户编号, or a new one) as ``relation``."""
    code = validators.token(household_code)
    if not code:
        raise FieldErrors({"household_code": "请填写要迁入的户编号"})
    with database.atomic():
        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise ValidationError("该人员在台账中不存在（可能已被删除），请刷新后重试")
        target, _ = Household.get_or_create(code=code)
        if target.id == person.household_id:
            raise FieldErrors({"household_code": f"{person.name}已在户 {code} 中"})
        try:
            rel = check_relation(relation, target.id, person_id)
        except ValidationError as exc:
            raise FieldErrors({"relation": exc.message}) from exc
        person.household = target
        person.relation = rel
        person.updated_at = dt.datetime.now().replace(microsecond=0)
        person.save()
    return person


def remove_member(person_id: int) -> Person:
    """The person no longer belongs to a household (户编号 and 与户主关系 cleared); nothing else changes."""
    with database.atomic():
        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise ValidationError("该人员在台账中不存在（可能已被删除），请刷新后重试")
        person.household = None
        person.relation = ""
        person.updated_at = dt.datetime.now().replace(microsecond=0)
        person.save()
    return person


# ---------------------------------------------------------------------------- 零就业家庭


@dataclass(frozen=True)
class ZeroFamilyRow:
    id: int
    entry: ZeroFamilyEntry

    @property
    def state(self) -> str:
        if self.entry.cleared_on is None:
            return "未清零"
        if self.entry.derived:
            return f"已清零（成员 {self.entry.cleared_on} 就业）"
        return "已清零"


def zero_family_rows(household_id: int) -> list[ZeroFamilyRow]:
    ids = [
        z.id
        for z in ZeroFamily.select(ZeroFamily.id)
        .where(ZeroFamily.household == household_id)
        .order_by(ZeroFamily.recognized_on)
    ]
    return [ZeroFamilyRow(i, e) for i, e in zip(ids, zero_family_history(household_id), strict=True)]


def validate_zero_date(name: str, value: object, today: dt.date | None = None) -> dt.date | None:
    """认定日期 (required) or 清零日期 as typed."""
    label = "认定日期" if name == "recognized_on" else "清零日期"
    try:
        day = parse_date(value, label)
        if day is None and name == "recognized_on":
            raise ValidationError("请填写认定日期")
        if day is not None and day > (today or dt.date.today()):
            raise ValidationError(f"{label} {day} 晚于今天")
    except ValidationError as exc:
        raise ValidationError(exc.message, field=name) from exc
    return day


def save_zero_family(
    household_id: int,
    recognized_on: object,
    cleared_on: object = None,
    zero_id: int | None = None,
    today: dt.date | None = None,
) -> ZeroFamily:
    """Record (or correct) a 零就业家庭 recognition; FieldErrors naming each bad field."""
    errors: dict[str, str] = {}
    dates: dict[str, dt.date | None] = {}
    for name, value in (("recognized_on", recognized_on), ("cleared_on", cleared_on)):
        try:
            dates[name] = validate_zero_date(name, value, today)
        except ValidationError as exc:
            errors[name] = exc.message
    start, end = dates.get("recognized_on"), dates.get("cleared_on")
    if start is not None and end is not None and end < start:
        errors["cleared_on"] = f"清零日期 {end} 早于认定日期 {start}"
    with database.atomic():
        if start is not None:
            clash = ZeroFamily.get_or_none(
                ZeroFamily.household == household_id, ZeroFamily.recognized_on == start
            )
            if clash is not None and clash.id != zero_id:
                errors["recognized_on"] = f"这一户已有 {start} 的零就业家庭认定"
        if errors or start is None:
            raise FieldErrors(errors or {"recognized_on": "请填写认定日期"})
        row = ZeroFamily(household=household_id) if zero_id is None else ZeroFamily.get_by_id(zero_id)
        row.recognized_on = start
        row.cleared_on = end
        row.save()
    return row


def delete_zero_family(zero_id: int) -> None:
    with database.atomic():
        ZeroFamily.delete_by_id(zero_id)
