"""The JSON Schemas of the package's members, built from :mod:`app.upward.tables`.

The files shipped in ``resources/schemas/`` are these schemas written out (``python -m app.upward.schemas``
rewrites them); a test keeps the two equal, so the tables stay the one source of the figures' keys.
"""

from __future__ import annotations

import json
from typing import Any

from app.upward import tables as t

DRAFT = "https://json-schema.org/draft/2020-12/schema"
COUNT = {"type": "integer", "minimum": 0}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
POINTS = {"type": ["number", "null"]}


def _counts(keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {k: COUNT for k in keys},
        "required": list(keys),
        "additionalProperties": False,
    }


def _obj(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props) if required is None else required,
        "additionalProperties": False,
    }


def manifest_schema() -> dict[str, Any]:
    member = _obj({"sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "size": COUNT})
    return {
        "$schema": DRAFT,
        "$id": "stationdesk:sdpkg-manifest-1",
        "title": "上报包清单 manifest.json",
        **_obj(
            {
                "format": {"const": "stationdesk-sdpkg"},
                "format_version": {"type": "integer", "minimum": 1},
                "station": _obj(
                    {
                        "code": {"type": "string", "pattern": r"^\d{12}$"},
                        "name": {"type": "string", "minLength": 1, "maxLength": 100},
                        "street": {"type": "string", "maxLength": 60},
                        "district": {"type": "string", "maxLength": 60},
                        "level": {"enum": ["station", "town", "district"]},
                    }
                ),
                "kind": {"enum": ["month", "assessment"]},
                "period": {"type": "string", "minLength": 1, "maxLength": 120},
                "period_from": DATE,
                "period_to": DATE,
                "standard": {"type": ["string", "null"]},
                "app_version": {"type": "string"},
                "created_at": {"type": "string"},
                "operator": {"type": "string", "maxLength": 60},
                "with_people": {"type": "boolean"},
                "public_key": {"type": "string", "pattern": "^[A-Za-z0-9+/]{43}=$"},
                "members": {
                    "type": "object",
                    "propertyNames": {"pattern": r"^[A-Za-z0-9][A-Za-z0-9._-]*$"},
                    "additionalProperties": member,
                },
            }
        ),
    }


def _month() -> dict[str, Any]:
    return _obj(
        {
            "kind": {"const": "month"},
            "month": {"type": "string", "pattern": r"^\d{4}-(0[1-9]|1[0-2])$"},
            "ep1": _counts([k for k, _ in t.EP1]),
            "new_employment": _obj(
                {
                    "total": COUNT,
                    "by_industry": _counts(t.INDUSTRIES),
                    "by_channel": _counts(t.CHANNELS),
                    "by_age": _counts(t.AGE_BANDS),
                    "college_and_above": COUNT,
                    "female": COUNT,
                }
            ),
            "registered_unemployed": _obj(
                {
                    "total": COUNT,
                    "by_prior_status": _counts(t.PRIOR_STATUSES),
                    "female": COUNT,
                    "difficulty": COUNT,
                }
            ),
            "flexible": _obj({"total": COUNT, "by_kind": _counts(t.FLEXIBLE_KINDS), "public_posts": COUNT}),
            "work": {"type": "object", "additionalProperties": COUNT},
            "stations": {"type": "array", "items": {"type": "string", "pattern": r"^\d{12}$"}},
        },
        required=["kind", "month", "ep1", "new_employment", "registered_unemployed", "flexible", "work"],
    )


def _assessment() -> dict[str, Any]:
    item = _obj(
        {
            "id": {"type": "string", "minLength": 1},
            "section": {"type": "string"},
            "title": {"type": "string"},
            "max": POINTS,
            "points": POINTS,
            "met": {"type": ["boolean", "null"]},
            "status": {"type": "string"},
            "numerator": {"type": ["integer", "null"]},
            "denominator": {"type": ["integer", "null"]},
            "sets": {"type": "object", "additionalProperties": COUNT},
            "stations": COUNT,
        },
        required=[
            "id",
            "section",
            "title",
            "max",
            "points",
            "met",
            "status",
            "numerator",
            "denominator",
            "sets",
        ],
    )
    return _obj(
        {
            "kind": {"const": "assessment"},
            "standard": {"type": "string", "minLength": 1},
            "name": {"type": "string"},
            "scoring": {"enum": ["score", "conditions"]},
            "period": _obj({"from": DATE, "to": DATE}),
            "base_total": POINTS,
            "bonus_total": POINTS,
            "total": POINTS,
            "pass_mark": POINTS,
            "passed": {"type": ["boolean", "null"]},
            "items": {"type": "array", "items": item},
            "stations": {"type": "array", "items": {"type": "string", "pattern": r"^\d{12}$"}},
        },
        required=[
            "kind", "standard", "name", "scoring", "period", "base_total", "bonus_total", "total",
            "pass_mark", "passed", "items",
        ],
    )  # fmt: skip


def figures_schema() -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": "stationdesk:sdpkg-figures-1",
        "title": "上报包数据 figures.json（月度统计或自评结果）",
        "oneOf": [_month(), _assessment()],
    }


def people_schema() -> dict[str, Any]:
    person = _obj(
        {
            "name": {"type": "string"},
            "id_number": {"type": "string", "pattern": r"^(|\d{6}\*{8}\d{3}[0-9X]|.{0,3}\**)$"},
            "detail": {"type": "string"},
        }
    )
    return {
        "$schema": DRAFT,
        "$id": "stationdesk:sdpkg-people-1",
        "title": "上报包抽查名单 people.json（身份证号部分隐藏）",
        **_obj(
            {
                "masked": {"const": True},
                "lists": {
                    "type": "array",
                    "items": _obj(
                        {"title": {"type": "string"}, "people": {"type": "array", "items": person}}
                    ),
                },
            }
        ),
    }


SCHEMA_FILES = {
    "sdpkg-manifest.schema.json": manifest_schema,
    "sdpkg-figures.schema.json": figures_schema,
    "sdpkg-people.schema.json": people_schema,
}


def schema_text(name: str) -> str:
    return json.dumps(SCHEMA_FILES[name](), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    from app.upward.format import schema_dir

    folder = schema_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for name in SCHEMA_FILES:
        (folder / name).write_text(schema_text(name), encoding="utf-8")


if __name__ == "__main__":
    main()
