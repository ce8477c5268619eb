"""Case work (重点人员帮扶): the key groups, one-person-one-plan (一人一策), one-on-one service records with
their filters and the batch round of calls, a person's timeline, and the consequences of someone
starting work.

Every write runs in one transaction; bad input raises ``FieldErrors`` / ``ValidationError`` with a Chinese
message naming the field, and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, cast

from app.core import codes, settings, validators
from app.core.daterules import check_event_date
from app.core.dates import add_months, month_end, month_start, parse_date
from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import mask_id, normalize_id
from app.core.sql import query, to_date
from app.jobs import referrals
from app.register import ledger
from app.workbench import reminders
from db.models import Person, Service, ServicePlan, ZeroFamily, database

# ---------------------------------------------------------------------------- key groups

DIFFICULTY = "就业困难人员"
REGISTERED = "登记失业人员"
ZERO_FAMILY = "零就业家庭成员"
GRADUATE = "未落实高校毕业生"
KEY_GROUPS: tuple[str, ...] = (DIFFICULTY, REGISTERED, ZERO_FAMILY, GRADUATE)

# Each group as a sub-query of person ids on a day (members on that day: a status cancelled that day
# has ended): the SQL and how many times it takes the day.
_GROUP_SQL: dict[str, tuple[str, int]] = {
    DIFFICULTY: (
        "SELECT person_id FROM recognition WHERE recognized_on <= ? "
        "AND (cancelled_on IS NULL OR cancelled_on > ?)",
        2,
    ),
    REGISTERED: (
        "SELECT person_id FROM registration WHERE registered_on <= ? "
        "AND (cancelled_on IS NULL OR cancelled_on > ?)",
        2,
    ),
    # Members of a household recognised as zero-employment and not cleared (no 清零日期 and no member
    # in work since the recognition) on the day.
    ZERO_FAMILY: (
        "SELECT m.id FROM person m JOIN zero_family z ON z.household_id = m.household_id "
        "WHERE z.recognized_on <= ? AND (z.cleared_on IS NULL OR z.cleared_on > ?) "
        "AND NOT EXISTS (SELECT 1 FROM employment e JOIN person o ON o.id = e.person_id "
        "  WHERE o.household_id = z.household_id AND e.started_on >= z.recognized_on AND e.started_on <= ?)",
        3,
    ),
    GRADUATE: (
        "SELECT person_id FROM graduate WHERE wants_work = 1 AND (placed_on IS NULL OR placed_on > ?)",
        1,
    ),
}


def group_sql(group: str, day: dt.date) -> tuple[str, list[Any]]:
    """The person ids of ``group`` on ``day`` as a SQL sub-query and its parameters."""
    if group not in _GROUP_SQL:
        raise ValidationError(f"人员类别“{group}”不在可选值内，可选：{'、'.join(KEY_GROUPS)}")
    sql, n = _GROUP_SQL[group]
    return sql, [day.isoformat()] * n


def group_members(group: str, day: dt.date | None = None) -> list[int]:
    """Person ids of ``group`` on ``day`` (default today), in name order."""
    sql, params = group_sql(group, day or dt.date.today())
    return [int(r[0]) for r in query(f"SELECT id FROM person WHERE id IN ({sql}) ORDER BY name, id", params)]


@dataclass(frozen=True)
class KeyPersonRow:
    person_id: int
    name: str
    masked_id: str
    phone: str
    status: str  # the group's own facts (认定日期 and 类别, 登记日期 …)
    last_contact: dt.date | None
    next_due: dt.date | None
    next_due_text: str  # the rule of the nearest to-do item, with its days
    plan: str  # latest plan: 制定日期 and 帮扶等级, or 无


def _status_texts(group: str, ids: Sequence[int], day: dt.date) -> dict[int, str]:
    if not ids:
        return {}
    sql, params = group_sql(group, day)
    out: dict[int, str] = {}
    if group == DIFFICULTY:
        for pid, rec, cats, level in query(
            "SELECT person_id, recognized_on, categories, level FROM recognition WHERE recognized_on <= ? "
            "AND (cancelled_on IS NULL OR cancelled_on > ?) ORDER BY person_id, recognized_on",
            params,
        ):
            out[int(pid)] = f"{rec} 认定，{cats}" + (f"，{level}" if level else "")
    elif group == REGISTERED:
        for pid, reg, personal in query(
            "SELECT person_id, registered_on, personal_reason FROM registration WHERE registered_on <= ? "
            "AND (cancelled_on IS NULL OR cancelled_on > ?) ORDER BY person_id, registered_on",
            params,
        ):
            start = to_date(reg)
            assert start is not None
            # Whole months as add_months counts them (31 May + 6 months = 30 November), like the
            # long-term-unemployed indicator and reminders.
            months = (day.year - start.year) * 12 + day.month - start.month
            if add_months(start, months) > day:
                months -= 1
            out[int(pid)] = f"{reg} 登记，已 {max(months, 0)} 个月" + ("，个人原因未就业" if personal else "")
    elif group == ZERO_FAMILY:
        for pid, code, rec in query(
            "SELECT m.id, h.code, z.recognized_on FROM person m JOIN household h ON h.id = m.household_id "
            f"JOIN zero_family z ON z.household_id = h.id WHERE m.id IN ({sql}) "
            "ORDER BY m.id, z.recognized_on",
            params,
        ):
            out[int(pid)] = f"户 {code}，{rec} 认定"
    else:
        for pid, year, degree in query(
            "SELECT person_id, grad_year, degree FROM graduate WHERE wants_work = 1 "
            "AND (placed_on IS NULL OR placed_on > ?) ORDER BY person_id, grad_year",
            params,
        ):
            out[int(pid)] = f"{year}届" + (f" {degree}" if degree else "") + "，未落实去向"
    return out


# Rules whose items are about one person's case (the casework list shows the nearest one).
CASE_RULES = (
    reminders.MONTHLY_CONTACT,
    reminders.DIFFICULTY_PLAN,
    reminders.ZERO_FAMILY,
    reminders.LONG_TERM,
    reminders.GRADUATE_SERVICES,
)


def key_group_rows(group: str, text: str = "", today: dt.date | None = None) -> list[KeyPersonRow]:
    """The members of ``group`` today with status, last contact, next due and plan; ``text`` filters on
    name, ID number or phone."""
    day = today or dt.date.today()
    sql, params = group_sql(group, day)
    where = f"p.id IN ({sql})"
    args: list[Any] = list(params)
    needle = validators.text(text)
    if needle:
        where += " AND (p.name LIKE ? OR p.id_number LIKE ? OR p.phone LIKE ?)"
        like = f"%{needle}%"
        args += [like, like, like]
    rows = query(
        "SELECT p.id, p.name, p.id_number, p.phone, "
        "  (SELECT MAX(s.served_on) FROM service s WHERE s.person_id = p.id AND s.served_on <= ?), "
        "  (SELECT sp.made_on || ' ' || sp.level FROM service_plan sp WHERE sp.person_id = p.id "
        "   ORDER BY sp.made_on DESC LIMIT 1) "
        f"FROM person p WHERE {where} ORDER BY p.name, p.id",
        [day.isoformat(), *args],
    )
    ids = [int(r[0]) for r in rows]
    status = _status_texts(group, ids, day)
    nearest: dict[int, reminders.TodoItem] = {}
    items = reminders.todo_list(day, CASE_RULES)
    households = {i.subject_id for i in items if i.subject_kind == "household"}
    members: dict[int, list[int]] = {}
    if households:
        marks = ",".join("?" * len(households))
        for hid, mid in query(
            f"SELECT household_id, id FROM person WHERE household_id IN ({marks})", sorted(households)
        ):
            members.setdefault(int(hid), []).append(int(mid))
    for todo in items:  # sorted: the first per person is the nearest
        about = members.get(todo.subject_id, []) if todo.subject_kind == "household" else [todo.person_id]
        for who in about:
            if who is not None and who not in nearest:
                nearest[who] = todo
    # 就业困难人员 already contacted this month: the next contact is due by the end of next month.
    next_month = month_end(add_months(month_start(day), 1))
    out = []
    for pid, name, idn, phone, last, plan in rows:
        pid = int(pid)
        item = nearest.get(pid)
        if item is None and group == DIFFICULTY:
            item = reminders.TodoItem(
                reminders.MONTHLY_CONTACT, next_month, (next_month - day).days, "person", pid, pid, "", ""
            )
        out.append(
            KeyPersonRow(
                pid,
                name,
                mask_id(idn),
                phone or "",
                status.get(pid, ""),
                to_date(last),
                item.due if item else None,
                f"{item.rule_title}，{item.when_text}" if item else "",
                (plan or "").strip() or "无",
            )
        )
    return out


# ---------------------------------------------------------------------------- persons


def resolve_person(text: str) -> Person:
    """The register's person for a typed ID number (18 digits) or a unique name; ValidationError
    otherwise."""
    value = validators.text(text)
    if not value:
        raise ValidationError("请填写服务对象（姓名或身份证号）", field="person")
    person: Person | None = None
    if any(c.isdigit() for c in value):
        try:
            number = normalize_id(value)
        except ValidationError:
            number = value.upper()
        person = Person.get_or_none(Person.id_number == number)
        if person is None:
            raise ValidationError(
                f"台账中没有身份证号为 {value} 的人员，请先在劳动力台账登记", field="person"
            )
        return person
    found = list(Person.select().where(Person.name == value).limit(3))
    if not found:
        raise ValidationError(f"台账中没有名为“{value}”的人员，请先在劳动力台账登记", field="person")
    if len(found) > 1:
        raise ValidationError(f"台账中有多名“{value}”，请输入身份证号", field="person")
    return found[0]


def _person(person_id: object) -> Person:
    person = None
    if isinstance(person_id, int) and not isinstance(person_id, bool):
        person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise FieldErrors({"person": "服务对象不在台账中（可能已被删除），请先在劳动力台账登记"})
    return person


def _check_date(d: dt.date, label: str, today: dt.date, person: Person | None) -> None:
    """The shared rule (app.daterules): not after ``today``, not before the person's birth."""
    birth, name = (person.birth_date, person.name) if person is not None else (None, "")
    check_event_date(d, label, today=today, birth=birth, name=name)


# ---------------------------------------------------------------------------- services

SERVICE_FIELDS: dict[str, str] = {
    "person": "服务对象",
    "served_on": "服务日期",
    "kind": "服务类型",
    "mode": "服务方式",
    "content": "服务内容",
    "result": "服务结果",
    "staff": "经办人",
    "next_follow_up": "下次跟进日期",
}


def validate_service(
    values: Mapping[str, object], today: dt.date | None = None, own_id: int | None = None
) -> dict[str, Any]:
    """Parse a service (``person_id`` plus the fields of SERVICE_FIELDS); FieldErrors lists every bad
    field. Checks: the person is in the register; 服务日期 not after today nor before the birth date;
    the codes; 下次跟进日期 not before 服务日期; no other record of the same type that day."""
    day = today or dt.date.today()
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    person: Person | None = None
    try:
        person = _person(values.get("person_id"))
        out["person"] = person.id
    except FieldErrors as exc:
        errors.update(exc.errors)

    def guard(name: str, fn: Any) -> None:
        try:
            out[name] = fn()
        except ValidationError as exc:
            errors[name] = exc.message

    def served_on() -> dt.date:
        d = parse_date(values.get("served_on"), "服务日期")
        if d is None:
            raise ValidationError("服务日期不能为空")
        _check_date(d, "服务日期", day, person)
        return d

    def code(lst: codes.CodeList, name: str, required: bool) -> str:
        v = validators.text(values.get(name))
        if not v:
            if required:
                raise ValidationError(f"{lst.name}不能为空")
            return ""
        canon = lst.normalize(v)
        if canon is None:
            raise ValidationError(f"{lst.name}“{v}”不在可选值内，可选：{lst.allowed_text()}")
        return canon

    def content() -> str:
        v = validators.text(values.get("content"))
        if not v:
            raise ValidationError("服务内容不能为空")
        return v

    guard("served_on", served_on)
    guard("kind", lambda: code(codes.SERVICE_TYPE, "kind", True))
    guard("mode", lambda: code(codes.SERVICE_MODE, "mode", False))
    guard("content", content)
    out["result"] = validators.text(values.get("result"))
    out["staff"] = validators.text(values.get("staff"))

    def follow() -> dt.date | None:
        d = parse_date(values.get("next_follow_up"), "下次跟进日期")
        start = out.get("served_on")
        if d is not None and isinstance(start, dt.date) and d < start:
            raise ValidationError(f"下次跟进日期 {d} 早于服务日期 {start}")
        return d

    guard("next_follow_up", follow)
    if not errors and person is not None:
        clash = Service.select().where(
            Service.person == person.id, Service.served_on == out["served_on"], Service.kind == out["kind"]
        )
        if own_id is not None:
            clash = clash.where(Service.id != own_id)
        if clash.exists():
            errors["kind"] = f"{person.name} 在 {out['served_on']} 已有一条“{out['kind']}”服务记录"
    if errors:
        raise FieldErrors(errors)
    return out


def add_service(values: Mapping[str, object], today: dt.date | None = None) -> Service:
    """Record one service (one transaction)."""
    with database.atomic():
        data = validate_service(values, today)
        return Service.create(**data)


def update_service(service_id: int, values: Mapping[str, object], today: dt.date | None = None) -> Service:
    with database.atomic():
        service = Service.get_or_none(Service.id == service_id)
        if service is None:
            raise ValidationError("该服务记录已不存在（可能已被删除）")
        data = validate_service(values, today, own_id=service_id)
        for key, value in data.items():
            setattr(service, key, value)
        service.save()
        return service


def delete_services(service_ids: Iterable[int]) -> int:
    """Delete the given services in one transaction; the number deleted."""
    ids = list(dict.fromkeys(int(i) for i in service_ids))
    if not ids:
        return 0
    with database.atomic():
        n = 0
        for i in range(0, len(ids), 900):
            n += Service.delete().where(cast(Any, Service.id).in_(ids[i : i + 900])).execute()
        return int(n)


def service_values(service_id: int) -> dict[str, Any]:
    """A stored service as the values ``update_service`` takes."""
    s = Service.get_or_none(Service.id == service_id)
    if s is None:
        raise ValidationError("该服务记录已不存在（可能已被删除）")
    return {
        "person_id": s.person_id,
        "served_on": s.served_on,
        "kind": s.kind,
        "mode": s.mode,
        "content": s.content,
        "result": s.result,
        "staff": s.staff,
        "next_follow_up": s.next_follow_up,
    }


# Remembered defaults of the fast entry (stored as settings, so they survive a restart).
DEFAULT_KEYS = {"kind": "service_entry_kind", "mode": "service_entry_mode", "staff": "service_entry_staff"}


def entry_defaults() -> dict[str, str]:
    return {name: settings.get_setting(key, "") for name, key in DEFAULT_KEYS.items()}


def remember_defaults(kind: str = "", mode: str = "", staff: str = "") -> None:
    with database.atomic():
        for name, value in (("kind", kind), ("mode", mode), ("staff", staff)):
            settings.set_setting(DEFAULT_KEYS[name], validators.text(value))


def staff_names() -> list[str]:
    """Station staff names, then any other 经办人 used in the service records."""
    names = [str(r[0]) for r in query("SELECT name FROM staff ORDER BY id")]
    for (name,) in query("SELECT DISTINCT staff FROM service WHERE staff <> '' ORDER BY staff"):
        if name not in names:
            names.append(str(name))
    return names


# ------------------------------------------------------------------ the service list (filters in SQL)


@dataclass(frozen=True)
class ServiceFilter:
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    staff: str = ""
    group: str = ""
    text: str = ""  # name, ID number or content
    person_id: int | None = None


# (key, header, SQL expression used for sorting)
SERVICE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("served_on", "服务日期", "s.served_on"),
    ("name", "姓名", "p.name"),
    ("id_number", "身份证号", "p.id_number"),
    ("kind", "服务类型", "s.kind"),
    ("mode", "服务方式", "s.mode"),
    ("content", "服务内容", "s.content"),
    ("result", "服务结果", "s.result"),
    ("staff", "经办人", "s.staff"),
    ("next_follow_up", "下次跟进", "s.next_follow_up"),
)


@dataclass(frozen=True)
class ServiceRow:
    id: int
    person_id: int
    served_on: dt.date
    name: str
    masked_id: str
    kind: str
    mode: str
    content: str
    result: str
    staff: str
    next_follow_up: dt.date | None

    def texts(self) -> tuple[str, ...]:
        return (
            self.served_on.isoformat(),
            self.name,
            self.masked_id,
            self.kind,
            self.mode,
            self.content,
            self.result,
            self.staff,
            self.next_follow_up.isoformat() if self.next_follow_up else "",
        )


def service_where(flt: ServiceFilter, today: dt.date) -> tuple[str, list[Any]]:
    conds: list[str] = []
    args: list[Any] = []
    if flt.kind:
        conds.append("s.kind = ?")
        args.append(flt.kind)
    if flt.date_from is not None:
        conds.append("s.served_on >= ?")
        args.append(flt.date_from.isoformat())
    if flt.date_to is not None:
        conds.append("s.served_on <= ?")
        args.append(flt.date_to.isoformat())
    if flt.staff:
        conds.append("s.staff = ?")
        args.append(flt.staff)
    if flt.person_id is not None:
        conds.append("s.person_id = ?")
        args.append(flt.person_id)
    if flt.group:
        sql, params = group_sql(flt.group, today)
        conds.append(f"s.person_id IN ({sql})")
        args += params
    needle = validators.text(flt.text)
    if needle:
        like = f"%{needle}%"
        conds.append("(p.name LIKE ? OR p.id_number LIKE ? OR s.content LIKE ?)")
        args += [like, like, like]
    return (" WHERE " + " AND ".join(conds)) if conds else "", args


def count_services(flt: ServiceFilter, today: dt.date | None = None) -> int:
    where, args = service_where(flt, today or dt.date.today())
    join = " JOIN person p ON p.id = s.person_id" if "p." in where else ""
    return int(query(f"SELECT COUNT(*) FROM service s{join}{where}", args)[0][0])


def list_services(
    flt: ServiceFilter,
    sort: str = "served_on",
    descending: bool = True,
    limit: int | None = None,
    offset: int = 0,
    today: dt.date | None = None,
) -> list[ServiceRow]:
    """One page of the filtered services, sorted in SQL (ties by id, in the same direction)."""
    where, args = service_where(flt, today or dt.date.today())
    exprs = {key: expr for key, _h, expr in SERVICE_COLUMNS}
    if sort not in exprs:
        raise ValueError(f"unknown sort column {sort!r}")
    direction = "DESC" if descending else "ASC"
    sql = (
        "SELECT s.id, s.person_id, s.served_on, p.name, p.id_number, s.kind, s.mode, s.content, s.result, "
        "s.staff, s.next_follow_up FROM service s JOIN person p ON p.id = s.person_id"
        f"{where} ORDER BY {exprs[sort]} {direction}, s.id {direction}"
    )
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        args = [*args, limit, offset]
    out = []
    for sid, pid, served, name, idn, kind, mode, content, result, staff, follow in query(sql, args):
        out.append(
            ServiceRow(
                int(sid),
                int(pid),
                dt.date.fromisoformat(served),
                name,
                mask_id(idn),
                kind,
                mode or "",
                content or "",
                result or "",
                staff or "",
                to_date(follow),
            )
        )
    return out


# ---------------------------------------------------------------------------- the batch round


def monthly_round(today: dt.date | None = None) -> list[int]:
    """就业困难人员 not yet contacted this month (the to-do rule ``monthly_contact``), in name order."""
    items = reminders.monthly_contact_items(today or dt.date.today())
    names = {i.subject_id: i.text for i in items}
    return sorted(names, key=lambda pid: (names[pid], pid))


@dataclass
class ServiceBatch:
    """Walks a list of people one by one for a round of calls: ``confirm`` records the service for
    the current person (its own transaction) and moves on; ``skip`` moves on. An interrupted batch keeps
    exactly what was confirmed; nothing is half-written."""

    person_ids: list[int]
    defaults: dict[str, Any]
    today: dt.date | None = None
    position: int = 0
    confirmed: list[int] = field(default_factory=list)  # service ids
    skipped: list[int] = field(default_factory=list)  # person ids

    @property
    def total(self) -> int:
        return len(self.person_ids)

    @property
    def done(self) -> bool:
        return self.position >= len(self.person_ids)

    @property
    def current(self) -> int | None:
        return None if self.done else self.person_ids[self.position]

    def confirm(self, overrides: Mapping[str, object] | None = None) -> Service:
        """Record the service for the current person; on bad input nothing is written and the batch
        stays on that person."""
        pid = self.current
        if pid is None:
            raise ValidationError("本轮已全部处理完毕")
        values = {**self.defaults, **(overrides or {}), "person_id": pid}
        service = add_service(values, self.today)
        self.confirmed.append(service.id)
        self.position += 1
        return service

    def skip(self) -> None:
        pid = self.current
        if pid is not None:
            self.skipped.append(pid)
            self.position += 1

    def summary(self) -> str:
        left = self.total - self.position
        text = f"已记录 {len(self.confirmed)} 人，跳过 {len(self.skipped)} 人"
        return text + (f"，未处理 {left} 人" if left else "")


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
        person = _person(person_id)
    except FieldErrors as exc:
        raise FieldErrors({"person": exc.errors["person"].replace("服务对象", "帮扶对象")}) from None
    try:
        made = parse_date(values.get("made_on"), "制定日期")
        if made is None:
            raise ValidationError("制定日期不能为空")
        _check_date(made, "制定日期", day, person)
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


# ---------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    category: str  # 服务 计划 推荐 培训 失业登记 就业困难 就业 毕业生 零就业家庭 调查
    title: str
    detail: str = ""
    record: str = ""  # service | plan | referral | training | registration | recognition | employment …
    record_id: int | None = None


def timeline(person_id: int) -> list[TimelineEntry]:
    """Everything that happened to a person, oldest first (same day: by category order, then id)."""
    out: list[TimelineEntry] = []
    pid = (person_id,)

    def d(v: Any) -> dt.date:
        parsed = to_date(v)
        assert parsed is not None
        return parsed

    for sid, on, kind, mode, content, result, staff in query(
        "SELECT id, served_on, kind, mode, content, result, staff FROM service WHERE person_id = ?", pid
    ):
        detail = "；".join(
            x
            for x in (content, f"结果：{result}" if result else "", f"经办人：{staff}" if staff else "")
            if x
        )
        out.append(
            TimelineEntry(d(on), "服务", f"{kind}" + (f"（{mode}）" if mode else ""), detail, "service", sid)
        )
    for plid, made, level, goal, review in query(
        "SELECT id, made_on, level, goal, review_on FROM service_plan WHERE person_id = ?", pid
    ):
        title = "制定一人一策" + (f"（{level}）" if level else "")
        detail = f"目标：{goal}" + (f"；复核日期 {review}" if review else "")
        out.append(TimelineEntry(d(made), "计划", title, detail, "plan", plid))
    for rid, on, code, title, employer, outcome, follow in query(
        "SELECT r.id, r.referred_on, v.code, v.title, e.name, r.outcome, r.followed_up_on FROM referral r "
        "JOIN vacancy v ON v.id = r.vacancy_id JOIN employer e ON e.id = v.employer_id WHERE r.person_id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(
                d(on), "推荐", f"推荐到 {employer} {title}（{code}）", f"推荐结果：{outcome}", "referral", rid
            )
        )
        if follow:
            out.append(
                TimelineEntry(
                    d(follow), "推荐", f"回访：{employer} {title}", f"推荐结果：{outcome}", "referral", rid
                )
            )
    for tid, on, kind, program, result, done in query(
        "SELECT id, referred_on, kind, program, result, completed_on FROM training_referral "
        "WHERE person_id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(d(on), "培训", f"推荐参加{kind}：{program}", f"培训结果：{result}", "training", tid)
        )
        if done:
            out.append(TimelineEntry(d(done), "培训", f"{kind}结业：{program}", "", "training", tid))
    for rid, start, end, reason, personal in query(
        "SELECT id, registered_on, cancelled_on, cancel_reason, personal_reason FROM registration "
        "WHERE person_id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(
                d(start), "失业登记", "失业登记", "个人原因未就业" if personal else "", "registration", rid
            )
        )
        if end:
            out.append(
                TimelineEntry(d(end), "失业登记", "注销失业登记", f"原因：{reason}", "registration", rid)
            )
    for rid, start, cats, level, end, reason in query(
        "SELECT id, recognized_on, categories, level, cancelled_on, cancel_reason FROM recognition "
        "WHERE person_id = ?",
        pid,
    ):
        detail = f"类别：{cats}" + (f"；{level}" if level else "")
        out.append(TimelineEntry(d(start), "就业困难", "认定为就业困难人员", detail, "recognition", rid))
        if end:
            out.append(
                TimelineEntry(d(end), "就业困难", "取消就业困难认定", f"原因：{reason}", "recognition", rid)
            )
    for eid, start, form, employer, end in query(
        "SELECT id, started_on, form, employer, ended_on FROM employment WHERE person_id = ?", pid
    ):
        out.append(TimelineEntry(d(start), "就业", f"实现就业（{form}）", employer or "", "employment", eid))
        if end:
            out.append(TimelineEntry(d(end), "就业", "离职", employer or "", "employment", eid))
    for gid, year, placed, dest in query(
        "SELECT id, grad_year, placed_on, destination FROM graduate WHERE person_id = ?", pid
    ):
        if placed:
            out.append(
                TimelineEntry(d(placed), "毕业生", f"{year}届毕业生去向落实", dest or "", "graduate", gid)
            )
    for zid, code, start, cleared in query(
        "SELECT z.id, h.code, z.recognized_on, z.cleared_on FROM zero_family z "
        "JOIN household h ON h.id = z.household_id JOIN person p ON p.household_id = h.id WHERE p.id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(
                d(start), "零就业家庭", f"家庭（户 {code}）认定为零就业家庭", "", "zero_family", zid
            )
        )
        if cleared:
            out.append(
                TimelineEntry(
                    d(cleared), "零就业家庭", f"零就业家庭（户 {code}）清零", "", "zero_family", zid
                )
            )
    for survey, surveyor in query("SELECT survey_date, surveyor FROM person WHERE id = ?", pid):
        out.append(
            TimelineEntry(
                d(survey), "调查", "入户调查", f"调查人：{surveyor}" if surveyor else "", "person", person_id
            )
        )
    order = {
        c: i
        for i, c in enumerate(
            ("调查", "零就业家庭", "失业登记", "就业困难", "计划", "服务", "推荐", "培训", "毕业生", "就业")
        )
    }
    out.sort(key=lambda e: (e.date, order.get(e.category, 99), e.record_id or 0))
    return out


# ---------------------------------------------------------------------------- someone started work

CLEAR_ZERO_FAMILY = "clear_zero_family"


@dataclass(frozen=True)
class StartWorkConsequences(referrals.Consequences):
    """``referrals.Consequences`` plus marking the person's zero-employment family cleared."""

    zero_family_id: int | None = None
    household_code: str = ""
    cleared_on: dt.date | None = None

    @property
    def changes(self) -> list[referrals.ProposedChange]:
        out = list(super().changes)
        if self.zero_family_id is not None:
            out.append(
                referrals.ProposedChange(
                    CLEAR_ZERO_FAMILY,
                    f"零就业家庭（户 {self.household_code}）清零，清零日期 {self.cleared_on}",
                )
            )
        return out


def employment_consequences(
    person_id: int,
    started_on: object,
    form: str,
    employer: str = "",
    vacancy_code: str = "",
    today: dt.date | None = None,
) -> StartWorkConsequences:
    """What follows from ``person_id`` starting work on ``started_on`` in ``form``: an employment record,
    cancelling the open unemployment registration (employment reason for the form), cancelling the open
    difficulty status with reason (五), clearing the household's open zero-employment family, and
    updating the person's 就业状态.
    Nothing is written until :func:`apply_consequences`."""
    day = today or dt.date.today()
    person = _person(person_id)
    try:
        start = parse_date(started_on, "就业日期")
        if start is None:
            raise ValidationError("就业日期不能为空")
        _check_date(start, "就业日期", day, person)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="started_on") from None
    form_v = codes.EMPLOYMENT_FORM.normalize(validators.text(form))
    if form_v is None:
        raise ValidationError(
            f"就业形式“{form}”不在可选值内，可选：{codes.EMPLOYMENT_FORM.allowed_text()}", field="form"
        )
    base = referrals.employment_consequences(
        person.id,
        start,
        form_v,
        employer=validators.text(employer),
        vacancy_code=validators.text(vacancy_code),
    )
    values = {f.name: getattr(base, f.name) for f in fields(base)}
    zero: ZeroFamily | None = None
    code = ""
    if person.household_id is not None:
        zero = (
            ZeroFamily.select()
            .where(
                ZeroFamily.household == person.household_id,
                ZeroFamily.cleared_on.is_null(),
                ZeroFamily.recognized_on <= start,
            )
            .order_by(ZeroFamily.recognized_on.desc())
            .first()
        )
        if zero is not None:
            code = str(query("SELECT code FROM household WHERE id = ?", (person.household_id,))[0][0])
    proposal = StartWorkConsequences(
        **values,
        zero_family_id=zero.id if zero is not None else None,
        household_code=code,
        cleared_on=start if zero is not None else None,
    )
    # Also offer to set the person's 就业状态 / 就业单位 (referrals.with_status_update keeps the subclass).
    return cast(StartWorkConsequences, referrals.with_status_update(proposal))


def apply_consequences(proposal: referrals.Consequences, accepted: Iterable[str]) -> None:
    """Apply the accepted changes in ONE transaction: all or nothing."""
    keys = set(accepted)
    unknown = keys - proposal.keys
    if unknown:
        raise ValueError(f"not offered by this proposal: {sorted(unknown)}")
    with database.atomic():
        referrals.apply_consequences(proposal, keys - {CLEAR_ZERO_FAMILY})
        if CLEAR_ZERO_FAMILY in keys and isinstance(proposal, StartWorkConsequences):
            zero = ZeroFamily.get_or_none(ZeroFamily.id == proposal.zero_family_id)
            if zero is None:
                raise ValidationError("该零就业家庭记录已不存在（可能已被删除）")
            if zero.cleared_on is not None:
                raise ValidationError(f"该零就业家庭已于 {zero.cleared_on} 清零")
            zero.cleared_on = proposal.cleared_on
            zero.save()
