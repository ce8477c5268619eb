"""One person, one plan (一人一策): the service plans of a person, their rules and defaults."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.casework.services import check_date_of, person_of
from app.core import codes, validators
from app.core.dates import parse_date
from app.core.errors import FieldErrors, ValidationError
from app.register import ledger
from db.models import ServicePlan, database

# ---------------------------------------------------------------------------- plans (一人一策)

PLAN_FIELDS: dict[str, str] = {
    "made_on": "制定日期",
    "level": "帮扶等级",
    "goal": "帮扶目标",
    "measures": "帮扶措施",
    "responsible": "责任人",
    "review_on": "复核日期",
}


def validate_plan(
    person_id: int, values: Mapping[str, object], today: dt.date | None = None, own_id: int | None = None
) -> dict[str, Any]:
    """Parse a plan; FieldErrors lists every bad field. 制定日期 not after today nor before the birth
    date; 复核日期 not before 制定日期; goal and measures required; one plan per person and day."""
    day = today or dt.date.today()
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    try:
        person = person_of(person_id)
    except FieldErrors as exc:
        raise FieldErrors({"person": exc.errors["person"].replace("服务对象", "帮扶对象")}) from None
    try:
        made = parse_date(values.get("made_on"), "制定日期")
        if made is None:
            raise ValidationError("制定日期不能为空")
        check_date_of(made, "制定日期", day, person)
        out["made_on"] = made
    except ValidationError as exc:
        errors["made_on"] = exc.message
    level = validators.text(values.get("level"))
    if level and codes.SERVICE_LEVEL.normalize(level) is None:
        errors["level"] = f"帮扶等级“{level}”不在可选值内，可选：{codes.SERVICE_LEVEL.allowed_text()}"
    out["level"] = (codes.SERVICE_LEVEL.normalize(level) or "") if level else ""
    for name in ("goal", "measures"):
        v = validators.text(values.get(name))
        if not v:
            errors[name] = f"{PLAN_FIELDS[name]}不能为空"
        out[name] = v
    out["responsible"] = validators.text(values.get("responsible"))
    try:
        review = parse_date(values.get("review_on"), "复核日期")
        made_on = out.get("made_on")
        if review is not None and made_on is not None and review < made_on:
            raise ValidationError(f"复核日期 {review} 早于制定日期 {made_on}")
        out["review_on"] = review
    except ValidationError as exc:
        errors["review_on"] = exc.message
    if "made_on" in out:
        clash = ServicePlan.select().where(
            ServicePlan.person == person.id, ServicePlan.made_on == out["made_on"]
        )
        if own_id is not None:
            clash = clash.where(ServicePlan.id != own_id)
        if clash.exists():
            errors["made_on"] = f"{person.name} 在 {out['made_on']} 已有一份服务计划"
    if errors:
        raise FieldErrors(errors)
    out["person"] = person.id
    return out


def save_plan(
    person_id: int, values: Mapping[str, object], plan_id: int | None = None, today: dt.date | None = None
) -> ServicePlan:
    """Create (plan_id None) or update a plan, in one transaction."""
    with database.atomic():
        data = validate_plan(person_id, values, today, plan_id)
        if plan_id is None:
            return ServicePlan.create(**data)
        plan = ServicePlan.get_or_none(ServicePlan.id == plan_id)
        if plan is None:
            raise ValidationError("该服务计划已不存在（可能已被删除）")
        for key, value in data.items():
            setattr(plan, key, value)
        plan.save()
        return plan


def delete_plan(plan_id: int) -> None:
    with database.atomic():
        ServicePlan.delete_by_id(plan_id)


def plans_of(person_id: int) -> list[ServicePlan]:
    """A person's plans, newest first."""
    return list(
        ServicePlan.select().where(ServicePlan.person == person_id).order_by(ServicePlan.made_on.desc())
    )


def plan_defaults(person_id: int, today: dt.date | None = None) -> dict[str, Any]:
    """A new plan's starting values: today, the open recognition's 帮扶等级, the latest plan's texts."""
    day = today or dt.date.today()
    rec = ledger.open_recognition(person_id)
    latest = plans_of(person_id)
    base: dict[str, Any] = {"made_on": day, "level": rec.level if rec is not None else ""}
    if latest:
        p = latest[0]
        base.update(
            goal=p.goal, measures=p.measures, responsible=p.responsible, level=base["level"] or p.level
        )
    base.setdefault("goal", "")
    base.setdefault("measures", "")
    base.setdefault("responsible", "")
    base["review_on"] = None
    return base
