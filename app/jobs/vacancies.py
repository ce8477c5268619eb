"""Jobs: employers (用人单位) and the vacancies (岗位) collected from them.

Every write runs in one transaction; every rule breach is a Chinese ValidationError / FieldErrors and
leaves the database as it was. The window, the command line and the tests call these functions.

``REQUIRED_ELEMENTS`` is the one definition of the elements a posting must carry (STANDARDS.md,
``posting_elements``: 工作时间, 招聘要求, 薪酬待遇, 联系人, 联系电话). The vacancy list, the notice, the
Excel export and the self-assessment indicator all use it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass, fields
from functools import reduce
from typing import Any, cast

import peewee as pw

from app.core import codes, validators
from app.core import fields as rules
from app.core.dates import parse_date
from app.core.errors import FieldErrors, ValidationError
from db.models import Employer, Referral, Vacancy, database

# (model field, Chinese label) of every element a posting must carry — the single definition.
REQUIRED_ELEMENTS: tuple[tuple[str, str], ...] = (
    ("hours", "工作时间"),
    ("requirements", "招聘要求"),
    ("pay_text", "薪酬待遇"),
    ("contact", "联系人"),
    ("phone", "联系电话"),
)

CLOSED_STATUSES = frozenset({"已招满", "已关闭"})


def tuples(query: Any) -> Iterator[tuple[Any, ...]]:
    """Rows of a peewee query as plain tuples (typed loosely: peewee is untyped here)."""
    return iter(cast(Any, query).tuples())


def elements_complete_expr() -> Any:
    """SQL condition: every required element of a vacancy is non-empty (for counts in SQL)."""
    conds = [getattr(Vacancy, field) != "" for field, _label in REQUIRED_ELEMENTS]
    return reduce(lambda a, b: a & b, conds)


def missing_elements(vacancy: Vacancy | Mapping[str, Any]) -> list[str]:
    """Labels of the required elements a vacancy lacks, in the standard's order ([] = complete)."""
    out = []
    for field, label in REQUIRED_ELEMENTS:
        value = vacancy.get(field) if isinstance(vacancy, Mapping) else getattr(vacancy, field)
        if not validators.text(value):
            out.append(label)
    return out


def is_expired(vacancy: Vacancy | Mapping[str, Any], today: dt.date) -> bool:
    """True when 有效期至 is set and lies before ``today`` (the last valid day still counts)."""
    until = vacancy.get("valid_until") if isinstance(vacancy, Mapping) else vacancy.valid_until
    return until is not None and until < today


def is_open(vacancy: Vacancy | Mapping[str, Any], today: dt.date) -> bool:
    """招聘中 and not past 有效期至."""
    status = vacancy.get("status") if isinstance(vacancy, Mapping) else vacancy.status
    return status == codes.VACANCY_STATUS_DEFAULT and not is_expired(vacancy, today)


def open_condition(today: dt.date) -> Any:
    """SQL condition for open vacancies on ``today``."""
    return (Vacancy.status == codes.VACANCY_STATUS_DEFAULT) & (
        Vacancy.valid_until.is_null() | (Vacancy.valid_until >= today)
    )


# ---------------------------------------------------------------------------- employers

EMPLOYER_FIELDS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "name": ("单位名称", rules.required_text("单位名称")),
    "kind": ("单位类型", rules.code(codes.EMPLOYER_TYPE)),
    "credit_code": ("统一社会信用代码", validators.credit_code),
    "contact": ("联系人", rules.free),
    "phone": ("联系电话", validators.contact_phone),
    "address": ("地址", rules.free),
}
EMPLOYER_REQUIRED = ("name",)


def validate_employer_field(field: str, value: object) -> Any:
    """Parse one employer field; raises ValidationError(field=field). For the form as the user types."""
    _label, parser = EMPLOYER_FIELDS[field]
    try:
        return parser(value)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def save_employer(values: Mapping[str, object], employer_id: int | None = None) -> Employer:
    """Create (employer_id None) or update an employer. 单位名称 is unique."""
    data, errors = rules.collect(EMPLOYER_FIELDS, EMPLOYER_REQUIRED, values)
    if errors:
        raise FieldErrors(errors)
    with database.atomic():
        if "name" in data:
            clash = Employer.get_or_none(Employer.name == data["name"])
            if clash is not None and clash.id != employer_id:
                raise FieldErrors({"name": f"单位名称“{data['name']}”已存在"})
        if employer_id is None:
            employer = Employer()
        else:
            found = Employer.get_or_none(Employer.id == employer_id)
            if found is None:
                raise ValidationError("该用人单位已不存在（可能已被删除）")
            employer = found
        for key, value in data.items():
            setattr(employer, key, value)
        employer.save()
    return employer


def delete_employer(employer_id: int) -> None:
    """Delete an employer; refused while it still has vacancies."""
    with database.atomic():
        employer = Employer.get_or_none(Employer.id == employer_id)
        if employer is None:
            return
        n = Vacancy.select().where(Vacancy.employer == employer_id).count()
        if n:
            raise ValidationError(
                f"用人单位“{employer.name}”还有 {n} 个岗位，请先删除或移走这些岗位再删除单位"
            )
        employer.delete_instance()


def list_employers(text: str = "") -> list[tuple[int, str, str, int]]:
    """(id, 单位名称, 单位类型, 岗位数) for a picker / list, ordered by name; one query."""
    count = Vacancy.select(pw.fn.COUNT(Vacancy.id)).where(Vacancy.employer == Employer.id)
    q = Employer.select(Employer.id, Employer.name, Employer.kind, count.alias("n")).order_by(
        Employer.name, Employer.id
    )
    t = validators.text(text)
    if t:
        q = q.where(Employer.name.contains(t))
    return [(i, name, kind, n or 0) for i, name, kind, n in tuples(q)]


@dataclass(frozen=True)
class EmployerRow:
    """One employer for a list view, with its vacancy counts."""

    id: int
    name: str
    kind: str
    credit_code: str
    contact: str
    phone: str
    address: str
    vacancy_count: int
    open_count: int


def employer_rows(text: str = "", today: dt.date | None = None) -> list[EmployerRow]:
    """Every employer (name, type, credit code, contact, address contain ``text``) with its number of
    vacancies and of open ones on ``today``, ordered by name; one query."""
    day = today or dt.date.today()
    v = Vacancy.alias()
    total = v.select(pw.fn.COUNT(v.id)).where(v.employer == Employer.id)
    opened = v.select(pw.fn.COUNT(v.id)).where(
        v.employer == Employer.id,
        v.status == codes.VACANCY_STATUS_DEFAULT,
        v.valid_until.is_null() | (v.valid_until >= day),
    )
    q = Employer.select(
        Employer.id,
        Employer.name,
        Employer.kind,
        Employer.credit_code,
        Employer.contact,
        Employer.phone,
        Employer.address,
        total.alias("n"),
        opened.alias("n_open"),
    ).order_by(Employer.name, Employer.id)
    t = validators.text(text)
    if t:
        q = q.where(
            Employer.name.contains(t)
            | Employer.kind.contains(t)
            | Employer.credit_code.contains(t.upper())
            | Employer.contact.contains(t)
            | Employer.phone.contains(t)
            | Employer.address.contains(t)
        )
    return [
        EmployerRow(i, name, kind, credit, contact, phone, address, n or 0, n_open or 0)
        for i, name, kind, credit, contact, phone, address, n, n_open in tuples(q)
    ]


# ---------------------------------------------------------------------------- vacancies

_CODE_RE = re.compile(r"^G(\d{4})-(\d+)$")


def next_vacancy_code(year: int | None = None) -> str:
    """The next free 岗位编号 of the form G2026-0001 for ``year`` (default: this year)."""
    y = year or dt.date.today().year
    prefix = f"G{y}-"
    highest = 0
    for (code,) in tuples(Vacancy.select(Vacancy.code).where(Vacancy.code.startswith(prefix))):
        m = _CODE_RE.match(code)
        if m:
            highest = max(highest, int(m.group(2)))
    return f"{prefix}{highest + 1:04d}"


def _pay(label: str) -> Callable[[object], int | None]:
    return lambda v: validators.optional_int(v, label)


VACANCY_FIELDS: dict[str, tuple[str, Callable[[object], Any]]] = {
    "code": ("岗位编号", rules.required_text("岗位编号")),
    "employer_id": ("单位名称", lambda v: v),  # resolved in save_vacancy (id or name)
    "title": ("岗位名称", rules.required_text("岗位名称")),
    "kind": ("岗位类型", rules.code(codes.VACANCY_KIND, required=True)),
    "headcount": ("招聘人数", lambda v: validators.positive_int(v, "招聘人数", 1)),
    "hours": ("工作时间", rules.free),
    "requirements": ("招聘要求", rules.free),
    "pay_text": ("薪酬待遇", rules.free),
    "pay_min": ("薪酬下限", _pay("薪酬下限")),
    "pay_max": ("薪酬上限", _pay("薪酬上限")),
    "contact": ("联系人", rules.free),
    "phone": ("联系电话", validators.contact_phone),
    "location": ("工作地点", rules.free),
    "collected_on": ("收集日期", rules.required_date("收集日期")),
    "collect_method": ("收集方式", rules.code(codes.COLLECT_METHOD)),
    "channels": ("发布渠道", rules.free),
    "valid_until": ("有效期至", lambda v: parse_date(v, "有效期至")),
    "status": ("状态", rules.code(codes.VACANCY_STATUS, default=codes.VACANCY_STATUS_DEFAULT)),
}
VACANCY_REQUIRED = ("code", "employer_id", "title", "kind", "headcount", "collected_on", "status")


def validate_vacancy_field(field: str, value: object) -> Any:
    """Parse one vacancy field; raises ValidationError(field=field)."""
    _label, parser = VACANCY_FIELDS[field]
    try:
        return parser(value)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def _resolve_employer(values: Mapping[str, object]) -> Employer:
    """The employer named by ``employer_id`` (an id) or ``employer_name`` (单位名称)."""
    eid = values.get("employer_id")
    if eid not in (None, ""):
        try:
            employer = Employer.get_or_none(Employer.id == int(str(eid)))
        except ValueError:
            employer = None
        if employer is None:
            raise ValidationError("所选用人单位不存在", field="employer_id")
        return employer
    name = validators.text(values.get("employer_name"))
    if not name:
        raise ValidationError("单位名称不能为空，请选择用人单位", field="employer_id")
    employer = Employer.get_or_none(Employer.name == name)
    if employer is None:
        raise ValidationError(f"用人单位“{name}”不存在，请先在用人单位中登记", field="employer_id")
    return employer


def save_vacancy(values: Mapping[str, object], vacancy_id: int | None = None) -> Vacancy:
    """Create (vacancy_id None) or update a vacancy.

    ``values`` holds the fields of VACANCY_FIELDS; the employer is ``employer_id`` or ``employer_name``.
    On update, fields left out keep their stored value (the cross-field rules see the merged record).
    """
    existing: Vacancy | None = None
    if vacancy_id is not None:
        existing = Vacancy.get_or_none(Vacancy.id == vacancy_id)
        if existing is None:
            raise ValidationError("该岗位已不存在（可能已被删除）")
    required = VACANCY_REQUIRED if existing is None else ()
    parsers = {k: v for k, v in VACANCY_FIELDS.items() if k != "employer_id"}
    data, errors = rules.collect(parsers, tuple(r for r in required if r != "employer_id"), values)
    employer: Employer | None = None
    if existing is None or "employer_id" in values or "employer_name" in values:
        try:
            employer = _resolve_employer(values)
        except ValidationError as exc:
            errors["employer_id"] = exc.message

    def merged(field: str) -> Any:
        if field in data:
            return data[field]
        return getattr(existing, field) if existing is not None else None

    lo, hi = merged("pay_min"), merged("pay_max")
    if lo is not None and hi is not None and lo > hi and "pay_max" not in errors:
        errors["pay_max"] = f"薪酬上限 {hi} 低于薪酬下限 {lo}"
    start, until = merged("collected_on"), merged("valid_until")
    if start is not None and until is not None and until < start and "valid_until" not in errors:
        errors["valid_until"] = f"有效期至 {until} 早于收集日期 {start}"
    if errors:
        raise FieldErrors(errors)
    with database.atomic():
        if "code" in data:
            clash = Vacancy.get_or_none(Vacancy.code == data["code"])
            if clash is not None and clash.id != vacancy_id:
                raise FieldErrors(
                    {"code": f"岗位编号 {data['code']} 已被“{clash.title}”使用，可用 {next_vacancy_code()}"}
                )
        vacancy = existing if existing is not None else Vacancy()
        if employer is not None:
            vacancy.employer = employer
        for key, value in data.items():
            setattr(vacancy, key, value)
        vacancy.save()
    return vacancy


def close_vacancy(vacancy_id: int, status: str = "已关闭") -> Vacancy:
    """Set a vacancy to 已关闭 (or 已招满)."""
    if status not in CLOSED_STATUSES:
        raise ValidationError(f"关闭岗位时状态只能是 {'、'.join(sorted(CLOSED_STATUSES))}")
    with database.atomic():
        vacancy = Vacancy.get_or_none(Vacancy.id == vacancy_id)
        if vacancy is None:
            raise ValidationError("该岗位已不存在（可能已被删除）")
        vacancy.status = status
        vacancy.save()
    return vacancy


def delete_vacancy(vacancy_id: int) -> None:
    """Delete a vacancy (its referrals go with it; employment records keep the person, lose the link)."""
    with database.atomic():
        Vacancy.delete_by_id(vacancy_id)


@dataclass(frozen=True)
class VacancyRow:
    """One vacancy for a list view, with its employer, completeness and expiry."""

    id: int
    code: str
    employer_id: int
    employer_name: str
    title: str
    kind: str
    headcount: int
    hours: str
    requirements: str
    pay_text: str
    pay_min: int | None
    pay_max: int | None
    contact: str
    phone: str
    location: str
    collected_on: dt.date
    collect_method: str
    channels: str
    valid_until: dt.date | None
    status: str
    referral_count: int
    missing: tuple[str, ...]
    expired: bool

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def open(self) -> bool:
        return self.status == codes.VACANCY_STATUS_DEFAULT and not self.expired

    @property
    def published(self) -> bool:
        return bool(self.channels)


_ROW_COLUMNS = (
    Vacancy.id,
    Vacancy.code,
    Vacancy.employer,
    Employer.name,
    Vacancy.title,
    Vacancy.kind,
    Vacancy.headcount,
    Vacancy.hours,
    Vacancy.requirements,
    Vacancy.pay_text,
    Vacancy.pay_min,
    Vacancy.pay_max,
    Vacancy.contact,
    Vacancy.phone,
    Vacancy.location,
    Vacancy.collected_on,
    Vacancy.collect_method,
    Vacancy.channels,
    Vacancy.valid_until,
    Vacancy.status,
)
# Positions of the required elements in a row of _ROW_COLUMNS (identity: peewee overloads ==).
_ELEMENT_INDEX = tuple(
    next(i for i, c in enumerate(_ROW_COLUMNS) if c is getattr(Vacancy, f)) for f, _label in REQUIRED_ELEMENTS
)
# VacancyRow field names in the order of _ROW_COLUMNS.
_ROW_NAMES = tuple(f.name for f in fields(VacancyRow))[: len(_ROW_COLUMNS)]
_VALID_UNTIL_INDEX = next(i for i, c in enumerate(_ROW_COLUMNS) if c is Vacancy.valid_until)
_COLLECTED_ON_INDEX = next(i for i, c in enumerate(_ROW_COLUMNS) if c is Vacancy.collected_on)


def list_vacancies(
    *,
    today: dt.date | None = None,
    text: str = "",
    kind: str = "",
    status: str = "",
    employer_id: int | None = None,
    only_open: bool = False,
    incomplete_only: bool = False,
    collected_from: dt.date | None = None,
    collected_to: dt.date | None = None,
    ids: Collection[int] | None = None,
) -> list[VacancyRow]:
    """Vacancies for a list view, newest collection first, in ONE query (no per-row queries).

    ``text`` matches 岗位编号, 岗位名称, 单位名称, 招聘要求 or 工作地点. ``only_open``: 招聘中 and not
    past 有效期至 on ``today``. ``ids``: only these vacancies.
    """
    day = today or dt.date.today()
    ref = Referral.alias()
    ref_count = ref.select(pw.fn.COUNT(ref.id)).where(ref.vacancy == Vacancy.id)
    q = (
        Vacancy.select(*_ROW_COLUMNS, ref_count.alias("referral_count"))
        .join(Employer, on=(Vacancy.employer == Employer.id))
        .order_by(Vacancy.collected_on.desc(), Vacancy.code.desc(), cast(Any, Vacancy.id).desc())
    )
    t = validators.text(text)
    if t:
        q = q.where(
            Vacancy.code.contains(t)
            | Vacancy.title.contains(t)
            | Employer.name.contains(t)
            | Vacancy.requirements.contains(t)
            | Vacancy.location.contains(t)
        )
    if kind:
        q = q.where(Vacancy.kind == kind)
    if status:
        q = q.where(Vacancy.status == status)
    if employer_id is not None:
        q = q.where(Vacancy.employer == employer_id)
    if only_open:
        q = q.where(open_condition(day))
    if incomplete_only:
        q = q.where(~elements_complete_expr())
    if collected_from is not None:
        q = q.where(Vacancy.collected_on >= collected_from)
    if collected_to is not None:
        q = q.where(Vacancy.collected_on <= collected_to)
    if ids is not None:
        q = q.where(cast(Any, Vacancy.id).in_(list(ids)))
    rows = []
    labels = [label for _f, label in REQUIRED_ELEMENTS]
    # Raw cursor rows with the two dates converted here: peewee's per-value conversion was most of
    # the time at town scale (8,000 vacancies).
    date = dt.date.fromisoformat
    for raw in database.execute_sql(*q.sql()).fetchall():
        r = list(raw)
        r[_COLLECTED_ON_INDEX] = date(r[_COLLECTED_ON_INDEX])
        until = r[_VALID_UNTIL_INDEX] = date(r[_VALID_UNTIL_INDEX]) if r[_VALID_UNTIL_INDEX] else None
        missing = tuple(labels[i] for i, col in enumerate(_ELEMENT_INDEX) if not r[col])
        rows.append(
            VacancyRow(
                **dict(zip(_ROW_NAMES, r, strict=False)),
                referral_count=r[len(_ROW_COLUMNS)] or 0,
                missing=missing,
                expired=until is not None and until < day,
            )
        )
    return rows
