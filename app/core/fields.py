"""Field parsers shared by every form and service: one place for "empty", "code", "date" rules.

A field table maps a model attribute to ``(Chinese label, parser)``; a parser takes the raw value
(text from a form or a cell) and returns the clean value or raises ``ValidationError`` with a Chinese
message. :func:`validate_field` is what a form calls as the user types, :func:`validate_fields` what
a service calls before it saves (every bad field reported at once in ``FieldErrors``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from app.core import codes, validators
from app.core.dates import parse_date
from app.core.errors import FieldErrors, ValidationError

Parser = Callable[[object], Any]
FieldTable = Mapping[str, tuple[str, Parser]]


def free(value: object) -> str:
    """Free text: trimmed and folded, may be empty."""
    return validators.text(value)


def required_text(label: str, max_len: int | None = None) -> Callable[[object], str]:
    def parse(value: object) -> str:
        v = validators.text(value)
        if not v:
            raise ValidationError(f"{label}不能为空")
        if max_len is not None and len(v) > max_len:
            raise ValidationError(f"{label}不能超过{max_len}个字，现为{len(v)}个字")
        return v

    return parse


def optional_text(label: str, max_len: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        v = validators.text(value)
        if len(v) > max_len:
            raise ValidationError(f"{label}不能超过{max_len}个字，现为{len(v)}个字")
        return v

    return parse


def code(
    lst: codes.CodeList, *, required: bool = False, default: str = "", list_when_empty: bool = False
) -> Callable[[object], str]:
    """A value of a closed code list; the message lists the allowed values."""

    def parse(value: object) -> str:
        v = validators.text(value)
        if not v:
            if required and not default:
                hint = f"，可选：{lst.allowed_text()}" if list_when_empty else ""
                raise ValidationError(f"{lst.name}不能为空{hint}")
            return default
        canon = lst.normalize(v)
        if canon is None:
            raise ValidationError(f"{lst.name}“{v}”不在可选值内，可选：{lst.allowed_text()}")
        return canon

    return parse


def code_set(lst: codes.CodeList, *, alone: tuple[str, ...] = ()) -> Callable[[object], str]:
    """Several values of a closed code list (separated by 、 ; , …): stored once each, in the list's
    order, joined with 、 — one canonical text for one set. A value of ``alone`` (e.g. 未参保) may not be
    combined with another."""

    def parse(value: object) -> str:
        parts = codes.split_categories(validators.text(value))
        found: set[str] = set()
        bad: list[str] = []
        for part in parts:
            canon = lst.normalize(part)
            if canon is None:
                bad.append(part)
            else:
                found.add(canon)
        if bad:
            raise ValidationError(f"{lst.name}“{'、'.join(bad)}”不在可选值内，可选：{lst.allowed_text()}")
        for single in alone:
            if single in found and len(found) > 1:
                raise ValidationError(f"{lst.name}填了“{single}”时不能再填其他项")
        return "、".join(v for v in lst.values if v in found)

    return parse


def yes_no(label: str) -> Callable[[object], bool | None]:
    """是/否 (also Y/N, 1/0, √); empty -> None (unknown)."""

    def parse(value: object) -> bool | None:
        if value is None or validators.text(value) == "":
            return None
        b = codes.parse_yes_no(value)
        if b is None:
            raise ValidationError(f"{label}应填 是 或 否，现为“{validators.text(value)}”")
        return b

    return parse


def required_date(label: str) -> Callable[[object], dt.date]:
    def parse(value: object) -> dt.date:
        d = parse_date(value, label)
        if d is None:
            raise ValidationError(f"{label}不能为空")
        return d

    return parse


def validate_field(fields: FieldTable, field: str, value: object) -> Any:
    """Parse one field; the ValidationError names the field (for the message beside it)."""
    _label, parser = fields[field]
    try:
        return parser(value)
    except ValidationError as exc:
        raise ValidationError(exc.message, field=field) from None


def collect(
    fields: FieldTable, required: tuple[str, ...], values: Mapping[str, object]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Parse the given fields and the required ones: (clean values, field -> message)."""
    out: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, (_label, parser) in fields.items():
        if field not in values and field not in required:
            continue
        try:
            out[field] = parser(values.get(field))
        except ValidationError as exc:
            errors[field] = exc.message
    return out, errors


def validate_fields(
    fields: FieldTable, required: tuple[str, ...], values: Mapping[str, object]
) -> dict[str, Any]:
    """Parse the given fields and the required ones; FieldErrors lists every bad field at once."""
    out, errors = collect(fields, required, values)
    if errors:
        raise FieldErrors(errors)
    return out
