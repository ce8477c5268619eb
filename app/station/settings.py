"""The station's settings as key/value lines — one place for the 站点 sheet of the ledger workbook and the
``station show`` / ``station set KEY VALUE`` commands: the keys are the 站点信息 page's labels (or the
field names, or a few short forms), the star ratings are ``星级评定（2024年）``; every value is checked with
the page's own rules (:mod:`app.station.profile`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from app.core.errors import ValidationError
from app.station import profile as station
from db.models import StationProfile

STAR_LABEL = "星级评定（{year}年）"
_STAR_RE = re.compile(r"^(?:星级评定|星级|star)[\s:：_-]*[（(]?\s*(\d{4})\s*年?度?\s*[)）]?$", re.IGNORECASE)
# Key -> profile field: the page's labels, the field names and the short forms people type.
KEYS: dict[str, str] = {label: f for f, (label, _parse) in station.PROFILE_FIELDS.items()}
KEYS.update({f: f for f in station.PROFILE_FIELDS})
KEYS.update(
    {"场地面积": "area_m2", "辖区法定劳动年龄人口": "working_age_population", "开始运行": "opened_on"}
)


def star_year(key: str) -> int | None:
    """The year of a star-rating key (``星级评定（2024年）``, ``星级2024``, ``star-2024``), else None."""
    m = _STAR_RE.match(key.strip())
    return station.parse_year(m.group(1)) if m else None


def field_of(key: str) -> str:
    """The profile field of ``key``; a Chinese ValidationError listing the keys otherwise."""
    f = KEYS.get(key.strip())
    if f is None:
        labels = "、".join(label for label, _p in station.PROFILE_FIELDS.values())
        raise ValidationError(f"站点信息没有“{key}”这一项，可设置：{labels}、星级评定（年份）")
    return f


def set_setting(key: str, value: object) -> str:
    """Check and save one setting in its own transaction; the line as it now reads."""
    year = star_year(key)
    if year is not None:
        r = station.set_star_rating(year, value)
        return f"{STAR_LABEL.format(year=r.year)}：{station.star_label(r.stars)}"
    f = field_of(key)
    saved = station.save_profile({f: value})
    label = station.PROFILE_FIELDS[f][0]
    return f"{label}：{display(getattr(saved, f))}"


def display(value: Any) -> str:
    if value is None or value == "":
        return "（未填写）"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def lines(*, with_empty: bool = True) -> list[tuple[str, Any]]:
    """Every setting as (label, value): the profile fields in the page's order, then the star ratings.
    Values are the stored ones (Decimal, date, int, text; None when empty)."""
    row = StationProfile.get_or_none(StationProfile.id == station.PROFILE_ID)  # reading writes nothing
    values = station.profile_values(row) if row is not None else {}
    out: list[tuple[str, Any]] = []
    for f, (label, _parse) in station.PROFILE_FIELDS.items():
        v = values.get(f)
        v = None if v == "" else v
        if v is not None or with_empty:
            out.append((label, v))
    for r in station.list_star_ratings():
        out.append((STAR_LABEL.format(year=r.year), station.star_label(r.stars)))
    return out
