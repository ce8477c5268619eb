"""One-on-one service records (服务记录): the person they serve, their rules, create/update/delete,
the entry defaults, the filtered list (in SQL) and the batch round of monthly calls.

Every write runs in one transaction; bad input raises ``FieldErrors`` / ``ValidationError`` with a Chinese
message naming the field, and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from app.casework.groups import group_sql
from app.core import codes, settings, validators
from app.core.daterules import check_event_date
from app.core.dates import parse_date
from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import mask_id, normalize_id
from app.core.sql import query, to_date
from app.register import ledger
from app.workbench import reminders
from db.models import Person, Service, database

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


def person_of(person_id: object) -> Person:
    """The served person; “服务对象不在台账中…” on the ``person`` field otherwise."""
    return ledger.person_of(person_id, "服务对象")


def check_date_of(d: dt.date, label: str, today: dt.date, person: Person | None) -> None:
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
        person = person_of(values.get("person_id"))
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
        check_date_of(d, "服务日期", day, person)
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
    """就业困难人员 not yet contacted this month (the to-do rule ``monthly_contact``), in name order;
    nobody who has left the register."""
    day = today or dt.date.today()
    gone = ledger.left_by(day)
    items = reminders.monthly_contact_items(day)
    names = {i.subject_id: i.text for i in items if i.subject_id not in gone}
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
