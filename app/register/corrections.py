"""Correcting a record in a person's history (失业登记, 就业困难认定, 就业记录): the station worker found a
typo in a record typed in or brought in from the station's own ledgers.

``update_*(record_id, **fields)`` change the given fields and keep the others. The merged record passes
exactly the rules of adding one (:mod:`app.register.ledger`'s ``*_values`` and ``check_*``), the overlap
rules leaving out the record itself; one IMMEDIATE transaction; a role without 修改台账 is refused; the
row triggers (:mod:`db.audit`) record each changed column with its old and new value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.accounts import session
from app.core.errors import ValidationError
from app.register import ledger
from db.models import Employment, Recognition, Registration, database

REGISTRATION_FIELDS = (
    "registered_on",
    "personal_reason",
    "exclusion_note",
    "cancelled_on",
    "cancel_reason",
    "unemployed_on",
    "prior_status",
)
RECOGNITION_FIELDS = ("recognized_on", "categories", "level", "cancelled_on", "cancel_reason")
EMPLOYMENT_FIELDS = ("started_on", "form", "employer", "vacancy_code", "ended_on", *ledger.EMPLOYMENT_DETAILS)


def _merged(record: Any, names: tuple[str, ...], given: Mapping[str, object]) -> dict[str, object]:
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise TypeError(f"unknown field(s) {', '.join(unknown)}; known: {', '.join(names)}")
    current = {name: getattr(record, name) for name in names if name != "vacancy_code"}
    return {**current, **given}


def _save(record: Any, row: Mapping[str, Any]) -> None:
    for name, value in row.items():
        setattr(record, name, value)
    record.save()


def _correct(
    model: Any,
    record_id: int,
    what: str,
    names: tuple[str, ...],
    fields: Mapping[str, object],
    rebuild: Callable[[Any, dict[str, object]], dict[str, Any]],
) -> Any:
    """The one shape of a correction: the record (gone meanwhile: a Chinese message), ``fields`` over its
    stored values, ``rebuild`` giving the row the add rules allow (or raising), saved in one IMMEDIATE
    transaction by a role that may write."""
    session.require(session.Permission.WRITE)
    with database.atomic():
        record = model.get_or_none(model.id == record_id)
        if record is None:
            raise ValidationError(f"该{what}不存在（可能已被删除），请刷新后重试")
        _save(record, rebuild(record, _merged(record, names, fields)))
    return record


def update_registration(registration_id: int, **fields: object) -> Registration:
    """Correct a 失业登记; ``fields`` as :func:`app.register.ledger.add_registration` takes them."""

    def rebuild(reg: Registration, values: dict[str, object]) -> dict[str, Any]:
        row = ledger.registration_values(**values)  # type: ignore[arg-type]
        ledger.check_registration(reg.person, row, reg.id)
        return row

    return _correct(Registration, registration_id, "失业登记", REGISTRATION_FIELDS, fields, rebuild)


def update_recognition(recognition_id: int, **fields: object) -> Recognition:
    """Correct a 就业困难认定; ``fields`` as :func:`app.register.ledger.add_recognition` takes them."""

    def rebuild(rec: Recognition, values: dict[str, object]) -> dict[str, Any]:
        row = ledger.recognition_values(**values)
        ledger.check_recognition(rec.person, row, rec.id)
        return row

    return _correct(Recognition, recognition_id, "就业困难认定", RECOGNITION_FIELDS, fields, rebuild)


def update_employment(employment_id: int, **fields: object) -> Employment:
    """Correct a 就业记录; ``fields``: 就业日期 … 离职日期 as :func:`app.register.ledger.add_employment`
    takes them, and the details of :data:`app.register.ledger.EMPLOYMENT_DETAILS` by name."""

    def rebuild(emp: Employment, values: dict[str, object]) -> dict[str, Any]:
        if "vacancy_code" not in fields:
            values["vacancy_code"] = emp.vacancy.code if emp.vacancy is not None else ""
        details = {name: values.pop(name) for name in ledger.EMPLOYMENT_DETAILS}
        row = ledger.employment_values(**values, details=details)
        ledger.check_employment(emp.person, row, emp.id)
        return row

    return _correct(Employment, employment_id, "就业记录", EMPLOYMENT_FIELDS, fields, rebuild)
