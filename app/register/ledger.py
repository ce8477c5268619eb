"""Ledger services: people, households and the dated history (registrations, recognitions,
employment). Used alike by the window, the command line, the importer and the tests.

Every write runs in one transaction; every rule breach is a Chinese ValidationError / FieldErrors
and leaves the database as it was. Each history record's rules live here once (``*_values`` checks the
entry on its own, ``check_*`` against the stored data) and serve adding and correcting alike
(:mod:`app.register.corrections`); the module is a little over 600 lines because those rules and the
add functions that the importer, the demo and the window share belong together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.core import codes, daterules, fields, validators
from app.core.dates import parse_date
from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import parse_id
from db.models import (
    Employment,
    Household,
    Person,
    Recognition,
    Registration,
    Vacancy,
    ZeroFamily,
    database,
)

# ---------------------------------------------------------------------------- field rules


def _female_base(value: object) -> int | None:
    v = validators.text(value)
    if not v:
        return None
    if v in ("50", "55"):
        return int(v)
    raise ValidationError("女性退休年龄基数只能是 50 或 55")


# Person fields: model attribute -> (Chinese label, parser). Order is the form's order.
PERSON_FIELDS: dict[str, tuple[str, fields.Parser]] = {
    "id_number": ("身份证号", lambda v: parse_id(v).number),
    "name": ("姓名", validators.name),
    "phone": ("联系电话", validators.phone),
    "household_code": ("户编号", fields.free),
    "relation": ("与户主关系", fields.code(codes.RELATION)),
    "hukou_type": ("户籍类型", fields.code(codes.HUKOU)),
    "address": ("居住地址", fields.free),
    "grid": ("网格", fields.free),
    "education": ("文化程度", fields.code(codes.EDUCATION)),
    "labor_ability": ("劳动能力", fields.code(codes.LABOR_ABILITY)),
    "employment_status": ("就业状态", fields.code(codes.EMPLOYMENT_STATUS, required=True)),
    "employer": ("就业单位", fields.free),
    "unemployment_reason": ("失业原因", fields.free),
    "family_situation": ("家庭状况", fields.free),
    "job_intention": ("择业意向", fields.free),
    "skills": ("职业技能", fields.free),
    "social_security": ("社会保障", fields.free),
    "wants_work": ("就业意愿", fields.yes_no("就业意愿")),
    "training_need": ("培训需求", fields.yes_no("培训需求")),
    "training_intention": ("培训意向", fields.free),
    "disabled": ("是否残疾", fields.yes_no("是否残疾")),
    "survey_date": ("调查日期", fields.required_date("调查日期")),
    "surveyor": ("调查人", fields.free),
    "note": ("备注", fields.free),
    "female_retire_base": ("女性退休年龄基数", _female_base),
    "expected_pay": ("期望月薪", lambda v: validators.optional_int(v, "期望月薪")),
    "desired_job_kind": ("期望岗位类型", fields.code(codes.VACANCY_KIND)),
    "employment_card": ("就业创业证号", fields.optional_text("就业创业证号", 30)),
    "person_category": ("人员类别", fields.free),
    "hukou_nature": ("户籍性质", fields.code(codes.HUKOU_NATURE)),
    "ethnicity": ("民族", fields.code(codes.ETHNICITY)),
    "veteran": ("是否退役军人", fields.yes_no("是否退役军人")),
    "skill_level": ("技能等级", fields.code(codes.SKILL_LEVEL)),
    "certificate": ("证书", fields.free),
    "insurance": ("参保情况", fields.code_set(codes.INSURANCE, alone=(codes.INSURANCE_NONE,))),
    "major": ("所学专业", fields.free),
}
PERSON_REQUIRED = ("id_number", "name", "employment_status", "survey_date")


def validate_person_field(field: str, value: object) -> Any:
    """Parse one field; raises ValidationError(field=field). Used by the form as the user types."""
    return fields.validate_field(PERSON_FIELDS, field, value)


def validate_person(values: Mapping[str, object]) -> dict[str, Any]:
    """Parse every field of a person; raises FieldErrors listing each bad field."""
    out, errors = fields.collect(PERSON_FIELDS, PERSON_REQUIRED, values)
    if out.get("labor_ability") == "":
        out["labor_ability"] = codes.LABOR_ABILITY_DEFAULT
    if errors:
        raise FieldErrors(errors)
    return out


def _household(code: str) -> Household | None:
    if not code:
        return None
    hh, _ = Household.get_or_create(code=code)
    return hh


def _existing_person(person_id: object) -> Person:
    """The person with this id; a Chinese ValidationError when there is none (deleted meanwhile)."""
    person = Person.get_or_none(Person.id == person_id) if person_id is not None else None
    if person is None:
        raise ValidationError("该人员在台账中不存在（可能已被删除），请刷新后重试")
    return person


def save_person(values: Mapping[str, object], person_id: int | None = None) -> Person:
    """Create (person_id None) or update a person. The ID number must be unique."""
    data = validate_person(values)
    info = parse_id(data["id_number"])
    with database.atomic():
        clash = Person.get_or_none(Person.id_number == info.number)
        if clash is not None and clash.id != person_id:
            raise FieldErrors({"id_number": f"身份证号 {info.number} 已登记为 {clash.name}"})
        person = Person() if person_id is None else _existing_person(person_id)
        code = data.pop("household_code", None)
        if code is not None:
            person.household = _household(code)
        for key, value in data.items():
            setattr(person, key, value)
        person.gender = info.gender
        person.birth_date = info.birth_date
        person.updated_at = dt.datetime.now().replace(microsecond=0)
        person.save()
    return person


def delete_person(person_id: int) -> None:
    """Delete for good (the importer's replace, tests); the window deletes through
    :func:`app.register.recycle.discard`, which keeps a copy in the 回收站."""
    with database.atomic():
        Person.delete_by_id(person_id)


# ---------------------------------------------------------------------------- leaving the register


def set_exit(person_id: int, status: object, on: object, today: dt.date | None = None) -> Person:
    """The person left the register (迁出 / 死亡 / 退休 / 其他) on ``on``: from that date they are out
    of the working-age register and the to-do list; their history stays."""
    errors: dict[str, str] = {}
    text = validators.text(status)
    value = codes.EXIT_STATUS.normalize(text) if text else None
    if not text:
        errors["exit_status"] = "请选择离开原因（迁出、死亡、退休或其他）"
    elif value is None:
        errors["exit_status"] = f"离开原因“{text}”不对，应为：{'、'.join(codes.EXIT_STATUS.values)}"
    day: dt.date | None = None
    try:
        day = parse_date(on, "离开日期")
    except ValidationError as exc:
        errors["exit_date"] = exc.message
    if day is None and "exit_date" not in errors:
        errors["exit_date"] = "请填写离开日期"
    if day is not None and day > (today or dt.date.today()):
        errors["exit_date"] = f"离开日期 {day} 晚于今天，请到那天再登记"
    with database.atomic():
        person = _existing_person(person_id)
        if day is not None and day < person.birth_date:
            errors["exit_date"] = f"离开日期 {day} 早于{person.name}的出生日期 {person.birth_date}"
        if errors:
            raise FieldErrors(errors)
        person.exit_status = value or ""
        person.exit_date = day
        person.updated_at = dt.datetime.now().replace(microsecond=0)
        person.save()
    return person


def clear_exit(person_id: int) -> Person:
    """Back in the register (the exit was recorded by mistake, or the person came back)."""
    with database.atomic():
        person = _existing_person(person_id)
        person.exit_status = ""
        person.exit_date = None
        person.updated_at = dt.datetime.now().replace(microsecond=0)
        person.save()
    return person


def left_by(day: dt.date) -> dict[int, tuple[str, dt.date]]:
    """Persons who had left the register on ``day``: id -> (离开原因, 离开日期)."""
    # "> ''" (not "!= ''"): a range of the exit_status index, so only the few who left are read — the
    # to-do list asks on every refresh, and a scan of the whole register grew faster than the register.
    rows = database.execute_sql(
        "SELECT id, exit_status, exit_date FROM person WHERE exit_status > '' AND exit_date <= ?",
        (day.isoformat(),),
    ).fetchall()
    return {int(pid): (str(status), _to_date(when)) for pid, status, when in rows}


def _to_date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def household_members(person: Person) -> list[Person]:
    if person.household_id is None:
        return [person]
    return list(
        Person.select()
        .where(Person.household == person.household_id)
        .order_by(Person.relation != "户主", Person.birth_date)
    )


# ---------------------------------------------------------------------------- intervals


@dataclass(frozen=True)
class Span:
    """A dated interval [start, end); end None = still open."""

    start: dt.date
    end: dt.date | None
    key: object = None


def overlapping(spans: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Pairs of spans that overlap. A span may start on the day the previous one ended; two spans
    starting on the same day always overlap (even one that ended the day it started)."""
    ordered = sorted(spans, key=lambda s: s.start)
    out = []
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if a.end is not None and b.start >= a.end and b.start > a.start:
                break
            out.append((a, b))
    return out


def check_end(
    start: dt.date, end: dt.date | None, start_label: str, end_label: str, field: str | None = None
) -> None:
    if end is not None and end < start:
        raise ValidationError(f"{end_label} {end} 早于 {start_label} {start}", field=field)


# ---------------------------------------------------------------------------- registrations


def _registration_overlap(person_id: int, start: dt.date, end: dt.date | None, own: int | None):
    others = Registration.select().where(Registration.person == person_id)
    if own is not None:
        others = others.where(Registration.id != own)
    mine = Span(start, end, "new")
    for pair in overlapping([mine, *(Span(r.registered_on, r.cancelled_on, r) for r in others)]):
        other = pair[1] if pair[0] is mine else pair[0]
        if mine in pair and isinstance(other.key, Registration):
            r: Any = other.key
            if r.cancelled_on is None:
                raise ValidationError(
                    f"此人已有一条未注销的失业登记（{r.registered_on} 登记），请先注销再新登记"
                )
            raise ValidationError(f"与已有失业登记（{r.registered_on} 至 {r.cancelled_on}）时间重叠")


def registration_values(
    registered_on: object,
    *,
    personal_reason: bool = False,
    exclusion_note: object = "",
    cancelled_on: object = None,
    cancel_reason: object = "",
    unemployed_on: object = None,
    prior_status: object = "",
) -> dict[str, Any]:
    """The columns of a registration as entered, checked on their own (add and correct alike)."""
    start = parse_date(registered_on, "登记日期")
    if start is None:
        raise ValidationError("登记日期不能为空", field="registered_on")
    end = parse_date(cancelled_on, "注销日期")
    check_end(start, end, "登记日期", "注销日期", "cancelled_on")
    since = parse_date(unemployed_on, "失业时间")
    if since is not None and since > start:
        raise ValidationError(f"失业时间 {since} 晚于登记日期 {start}", field="unemployed_on")
    try:
        prior = fields.code(codes.PRIOR_STATUS)(prior_status)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="prior_status") from None
    reason = _registration_reason(end, validators.text(cancel_reason))
    if personal_reason and not validators.text(exclusion_note):
        raise ValidationError("标记为个人原因未就业时须填写剔除说明", field="exclusion_note")
    return {
        "registered_on": start,
        "cancelled_on": end,
        "cancel_reason": reason,
        "personal_reason": bool(personal_reason),
        "exclusion_note": validators.text(exclusion_note),
        "unemployed_on": since,
        "prior_status": prior,
    }


def check_registration(person: Person, row: Mapping[str, Any], own: int | None) -> None:
    """The rules against the stored data (inside the writing transaction): 失业时间 not before birth,
    no overlap with the person's other registrations (``own``: the one being corrected)."""
    since = row["unemployed_on"]
    if since is not None:
        try:
            daterules.check_event_date(since, "失业时间", birth=person.birth_date, name=person.name)
        except ValidationError as exc:
            raise ValidationError(exc.message, field="unemployed_on") from None
    _registration_overlap(person.id, row["registered_on"], row["cancelled_on"], own)


def add_registration(
    person_id: int,
    registered_on: object,
    *,
    personal_reason: bool = False,
    exclusion_note: str = "",
    cancelled_on: object = None,
    cancel_reason: str = "",
    unemployed_on: object = None,
    prior_status: object = "",
) -> Registration:
    row = registration_values(
        registered_on,
        personal_reason=personal_reason,
        exclusion_note=exclusion_note,
        cancelled_on=cancelled_on,
        cancel_reason=cancel_reason,
        unemployed_on=unemployed_on,
        prior_status=prior_status,
    )
    with database.atomic():
        check_registration(_existing_person(person_id), row, None)
        return Registration.create(person=person_id, **row)


def _registration_reason(end: dt.date | None, reason: str) -> str:
    reason = validators.text(reason)
    if end is None:
        if reason:
            raise ValidationError("未填注销日期时不能填写注销原因", field="cancel_reason")
        return ""
    if not reason:
        raise ValidationError("注销时须选择注销原因", field="cancel_reason")
    if codes.REGISTRATION_CANCEL.normalize(reason) is None:
        raise ValidationError(
            f"注销原因“{reason}”不在可选值内，可选：{codes.REGISTRATION_CANCEL.allowed_text()}",
            field="cancel_reason",
        )
    return reason


def cancel_registration(registration_id: int, cancelled_on: object, reason: str) -> Registration:
    with database.atomic():
        reg = Registration.get_or_none(Registration.id == registration_id)
        if reg is None:
            raise ValidationError("该失业登记不存在（可能已被删除），请刷新后重试")
        if reg.cancelled_on is not None:
            raise ValidationError(f"该失业登记已于 {reg.cancelled_on} 注销")
        end = parse_date(cancelled_on, "注销日期")
        if end is None:
            raise ValidationError("注销日期不能为空", field="cancelled_on")
        check_end(reg.registered_on, end, "登记日期", "注销日期", "cancelled_on")
        reg.cancel_reason = _registration_reason(end, reason)
        reg.cancelled_on = end
        _registration_overlap(reg.person_id, reg.registered_on, end, reg.id)
        reg.save()
    return reg


def delete_registration(registration_id: int) -> None:
    with database.atomic():
        Registration.delete_by_id(registration_id)


def open_registration(person_id: int) -> Registration | None:
    return (
        Registration.select()
        .where(Registration.person == person_id, Registration.cancelled_on.is_null())
        .first()
    )


# ---------------------------------------------------------------------------- recognitions


def _categories(value: object) -> str:
    parts = codes.split_categories(validators.text(value))
    if not parts:
        raise ValidationError("认定类别不能为空", field="categories")
    bad = [p for p in parts if p not in codes.DIFFICULTY_CATEGORIES]
    if bad:
        raise ValidationError(
            f"认定类别“{'、'.join(bad)}”不在可选值内，可选：{codes.DIFFICULTY_CATEGORIES.allowed_text()}",
            field="categories",
        )
    return "、".join(dict.fromkeys(parts))


def _difficulty_reason(end: dt.date | None, reason: str) -> str:
    reason = validators.text(reason)
    if end is None:
        if reason:
            raise ValidationError("未填取消日期时不能填写取消原因", field="cancel_reason")
        return ""
    if not reason:
        raise ValidationError("取消认定时须选择取消原因", field="cancel_reason")
    canon = codes.normalize_difficulty_cancel(reason)
    if canon is None:
        raise ValidationError(
            f"取消原因“{reason}”不在可选值内，可选：{codes.DIFFICULTY_CANCEL.allowed_text()}",
            field="cancel_reason",
        )
    return canon


def _recognition_overlap(person_id: int, start: dt.date, end: dt.date | None, own: int | None):
    others = Recognition.select().where(Recognition.person == person_id)
    if own is not None:
        others = others.where(Recognition.id != own)
    mine = Span(start, end, "new")
    for a, b in overlapping([mine, *(Span(r.recognized_on, r.cancelled_on, r) for r in others)]):
        if mine in (a, b):
            r: Any = b.key if a is mine else a.key
            raise ValidationError(
                f"与已有就业困难认定（{r.recognized_on} 认定"
                + (f"，{r.cancelled_on} 取消" if r.cancelled_on else "，尚未取消")
                + "）时间重叠"
            )


def recognition_values(
    recognized_on: object,
    categories: object,
    *,
    level: object = "",
    cancelled_on: object = None,
    cancel_reason: object = "",
) -> dict[str, Any]:
    """The columns of a recognition as entered, checked on their own (add and correct alike)."""
    start = parse_date(recognized_on, "认定日期")
    if start is None:
        raise ValidationError("认定日期不能为空", field="recognized_on")
    cats = _categories(categories)
    try:
        lvl = fields.code(codes.SERVICE_LEVEL)(level)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="level") from None
    end = parse_date(cancelled_on, "取消日期")
    check_end(start, end, "认定日期", "取消日期", "cancelled_on")
    reason = _difficulty_reason(end, validators.text(cancel_reason))
    return {
        "recognized_on": start,
        "categories": cats,
        "level": lvl,
        "cancelled_on": end,
        "cancel_reason": reason,
    }


def check_recognition(person: Person, row: Mapping[str, Any], own: int | None) -> None:
    """No overlap with the person's other recognitions (``own``: the one being corrected)."""
    _recognition_overlap(person.id, row["recognized_on"], row["cancelled_on"], own)


def add_recognition(
    person_id: int,
    recognized_on: object,
    categories: object,
    *,
    level: str = "",
    cancelled_on: object = None,
    cancel_reason: str = "",
) -> Recognition:
    row = recognition_values(
        recognized_on, categories, level=level, cancelled_on=cancelled_on, cancel_reason=cancel_reason
    )
    with database.atomic():
        check_recognition(_existing_person(person_id), row, None)
        return Recognition.create(person=person_id, **row)


def cancel_recognition(recognition_id: int, cancelled_on: object, reason: str) -> Recognition:
    with database.atomic():
        rec = Recognition.get_or_none(Recognition.id == recognition_id)
        if rec is None:
            raise ValidationError("该就业困难认定不存在（可能已被删除），请刷新后重试")
        if rec.cancelled_on is not None:
            raise ValidationError(f"该就业困难认定已于 {rec.cancelled_on} 取消")
        end = parse_date(cancelled_on, "取消日期")
        if end is None:
            raise ValidationError("取消日期不能为空", field="cancelled_on")
        check_end(rec.recognized_on, end, "认定日期", "取消日期", "cancelled_on")
        rec.cancel_reason = _difficulty_reason(end, reason)
        rec.cancelled_on = end
        rec.save()
    return rec


def delete_recognition(recognition_id: int) -> None:
    with database.atomic():
        Recognition.delete_by_id(recognition_id)


def open_recognition(person_id: int) -> Recognition | None:
    return (
        Recognition.select()
        .where(Recognition.person == person_id, Recognition.cancelled_on.is_null())
        .first()
    )


def person_of(person_id: object, who: str = "该人员") -> Person:
    """The register's person ``person_id``; a FieldErrors on ``person`` (“{who}不在台账中…”) otherwise."""
    person = None
    if isinstance(person_id, int) and not isinstance(person_id, bool):
        person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise FieldErrors({"person": f"{who}不在台账中（可能已被删除），请先在劳动力台账登记"})
    return person


# ---------------------------------------------------------------------------- employment

# The employment record's details from the real ledgers (就业类型 … 合同期限): attribute -> (label, parser).
EMPLOYMENT_DETAILS: dict[str, tuple[str, fields.Parser]] = {
    "employment_type": ("就业类型", fields.code(codes.EMPLOYMENT_TYPE)),
    "channel": ("就业渠道", fields.code(codes.EMPLOYMENT_CHANNEL)),
    "industry": ("所属产业", fields.code(codes.INDUSTRY)),
    "credit_code": ("统一社会信用代码", validators.credit_code),
    "position": ("岗位", fields.free),
    "monthly_income": ("月收入", lambda v: validators.optional_int(v, "月收入")),
    "contract": ("劳动合同", fields.yes_no("劳动合同")),
    "contract_term": ("合同期限", fields.free),
}


def employment_details(values: Mapping[str, object]) -> dict[str, Any]:
    """Parse the given details of an employment record (absent ones are left out); FieldErrors names
    each bad one. 合同期限 only with 劳动合同 = 是."""
    out, errors = fields.collect(EMPLOYMENT_DETAILS, (), values)
    if out.get("contract_term") and out.get("contract") is not True and "contract" not in errors:
        errors["contract_term"] = "未签劳动合同（劳动合同不为“是”）时不能填写合同期限"
    if errors:
        raise FieldErrors(errors)
    return out


def employment_values(
    started_on: object,
    form: object,
    *,
    employer: object = "",
    vacancy_code: object = "",
    ended_on: object = None,
    details: Mapping[str, object] | None = None,
) -> dict[str, Any]:
    """The columns of an employment record as entered, checked on their own (add and correct alike);
    ``details`` are the fields of :data:`EMPLOYMENT_DETAILS`."""
    extra = employment_details(details or {})
    start = parse_date(started_on, "就业日期")
    if start is None:
        raise ValidationError("就业日期不能为空", field="started_on")
    try:
        form_v = fields.code(codes.EMPLOYMENT_FORM, required=True)(form)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="form") from None
    end = parse_date(ended_on, "离职日期")
    check_end(start, end, "就业日期", "离职日期", "ended_on")
    vacancy = None
    code = validators.text(vacancy_code)
    if code:
        vacancy = Vacancy.get_or_none(Vacancy.code == code)
        if vacancy is None:
            raise ValidationError(f"岗位编号 {code} 不存在", field="vacancy_code")
    return {
        "started_on": start,
        "form": form_v,
        "employer": validators.text(employer),
        "vacancy": vacancy,
        "ended_on": end,
        **extra,
    }


def check_employment(person: Person, row: Mapping[str, Any], own: int | None) -> None:
    """The rules against the stored data (inside the writing transaction): 就业日期 not before birth, no
    second record of the same day and form (``own``: the one being corrected)."""
    start, form_v = row["started_on"], row["form"]
    try:
        daterules.check_event_date(start, "就业日期", birth=person.birth_date, name=person.name)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="started_on") from None
    same = Employment.select().where(
        Employment.person == person.id, Employment.started_on == start, Employment.form == form_v
    )
    if own is not None:
        same = same.where(Employment.id != own)
    if same.exists():
        raise ValidationError(f"已有 {start} 的{form_v}记录")


def add_employment(
    person_id: int,
    started_on: object,
    form: str,
    *,
    employer: str = "",
    vacancy_code: str = "",
    ended_on: object = None,
    details: Mapping[str, object] | None = None,
) -> Employment:
    """One employment record; ``details`` are the fields of :data:`EMPLOYMENT_DETAILS` (optional)."""
    row = employment_values(
        started_on, form, employer=employer, vacancy_code=vacancy_code, ended_on=ended_on, details=details
    )
    with database.atomic():
        check_employment(_existing_person(person_id), row, None)
        return Employment.create(person=person_id, **row)


def delete_employment(employment_id: int) -> None:
    with database.atomic():
        Employment.delete_by_id(employment_id)


# ---------------------------------------------------------------------------- zero-employment families


def add_zero_family(household_code: str, recognized_on: object, cleared_on: object = None):
    code = validators.text(household_code)
    if not code:
        raise ValidationError("户编号不能为空")
    hh = Household.get_or_none(Household.code == code)
    if hh is None:
        raise ValidationError(f"户编号 {code} 不存在")
    start = parse_date(recognized_on, "认定日期")
    if start is None:
        raise ValidationError("认定日期不能为空")
    end = parse_date(cleared_on, "清零日期")
    check_end(start, end, "认定日期", "清零日期")
    with database.atomic():
        if ZeroFamily.get_or_none(ZeroFamily.household == hh, ZeroFamily.recognized_on == start) is not None:
            raise ValidationError(f"户 {code} 已有 {start} 的零就业家庭认定")
        return ZeroFamily.create(household=hh, recognized_on=start, cleared_on=end)
