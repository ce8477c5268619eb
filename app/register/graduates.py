"""高校毕业生 entered in the window: one row per person and graduation year, each field checked as
typed (:func:`validate_graduate_field`) and all of them on save (:func:`save_graduate`), with the same
rules as the workbook's 高校毕业生 sheet (:mod:`app.workbook.schema`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.core import codes, validators
from app.core.dates import parse_date
from app.core.errors import FieldErrors, ValidationError
from db.models import Graduate, Person, database

LABELS = {
    "grad_year": "毕业年份",
    "school": "毕业院校",
    "major": "专业",
    "degree": "学历",
    "hardship": "困难家庭",
    "wants_work": "就业意愿",
    "placed_on": "去向落实日期",
    "destination": "去向",
}
FIELDS = tuple(LABELS)


def _yes_no(value: object, label: str, default: bool) -> bool:
    if isinstance(value, bool):
        return value
    text = validators.text(value)
    if not text:
        return default
    if text in ("是", "有", "1"):
        return True
    if text in ("否", "无", "0"):
        return False
    raise ValidationError(f"{label}只能填 是 或 否")


def validate_graduate_field(name: str, value: object, today: dt.date | None = None) -> Any:
    """One field as typed; ValidationError(field=name) naming it."""
    today = today or dt.date.today()
    label = LABELS[name]
    try:
        if name == "grad_year":
            text = validators.text(value)
            if not text:
                raise ValidationError("请填写毕业年份，如 2024")
            if not text.isdigit() or len(text) != 4:
                raise ValidationError(f"毕业年份 {text} 不合理，应填四位年份，如 2024")
            year = int(text)
            if not 1950 <= year <= today.year + 1:
                raise ValidationError(f"毕业年份 {year} 不合理，应在 1950 至 {today.year + 1} 之间")
            return year
        if name == "degree":
            text = validators.text(value)
            if text and codes.DEGREE.normalize(text) is None:
                raise ValidationError(f"学历应为：{codes.DEGREE.allowed_text()}")
            return codes.DEGREE.normalize(text) if text else ""
        if name == "destination":
            text = validators.text(value)
            if text and codes.GRADUATE_DESTINATION.normalize(text) is None:
                raise ValidationError(f"去向应为：{codes.GRADUATE_DESTINATION.allowed_text()}")
            return codes.GRADUATE_DESTINATION.normalize(text) if text else ""
        if name == "hardship":
            return _yes_no(value, label, False)
        if name == "wants_work":
            return _yes_no(value, label, True)
        if name == "placed_on":
            day = parse_date(value, label)
            if day is not None and day > today:
                raise ValidationError(f"去向落实日期 {day} 晚于今天")
            return day
        return validators.text(value)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=name) from exc


def save_graduate(
    person_id: int, values: Mapping[str, object], graduate_id: int | None = None, today: dt.date | None = None
) -> Graduate:
    """Create or update one 高校毕业生 row in one transaction; FieldErrors naming each bad field."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for name in FIELDS:
        try:
            out[name] = validate_graduate_field(name, values.get(name), today)
        except ValidationError as exc:
            errors[name] = exc.message
    if out.get("destination") and out.get("placed_on") is None and "placed_on" not in errors:
        errors["placed_on"] = "填写了去向，请同时填写去向落实日期"
    placed, year = out.get("placed_on"), out.get("grad_year")
    if placed is not None and isinstance(year, int) and placed.year < year - 1:
        errors["placed_on"] = f"去向落实日期 {placed} 早于毕业年份 {year} 的前一年"
    with database.atomic():
        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise ValidationError("该人员在台账中不存在（可能已被删除），请刷新后重试")
        if isinstance(year, int) and year < person.birth_date.year + 14:
            errors["grad_year"] = f"毕业年份 {year} 与出生日期 {person.birth_date} 不符"
        if "grad_year" not in errors:
            clash = Graduate.get_or_none(Graduate.person == person_id, Graduate.grad_year == year)
            if clash is not None and clash.id != graduate_id:
                errors["grad_year"] = f"{person.name}已有 {year} 年毕业的记录"
        if errors:
            raise FieldErrors(errors)
        row = Graduate(person=person_id) if graduate_id is None else Graduate.get_by_id(graduate_id)
        for name, value in out.items():
            setattr(row, name, value)
        row.save()
    return row


def graduates_of(person_id: int) -> list[Graduate]:
    return list(Graduate.select().where(Graduate.person == person_id).order_by(Graduate.grad_year))


def delete_graduate(graduate_id: int) -> None:
    with database.atomic():
        Graduate.delete_by_id(graduate_id)
