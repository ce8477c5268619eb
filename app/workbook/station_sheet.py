"""The optional 站点 sheet of the ledger workbook: the station's own settings (辖区法定劳动年龄人口数,
场地面积, 开始运行日期, the yearly star ratings …) as two columns 项目 | 内容, so a station that keeps its
records in Excel can give the figures the standards need (Pingdingshan 3.1, 1.2; Yangpu 1.1) without the
window.

Export writes every setting; import reads the sheet when present, checks every line with the same rules as
the 站点信息 page (:mod:`app.station.profile`) and writes it in the import's one transaction. A blank
内容 leaves the setting as it is (an empty cell never erases a typed figure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.core.errors import ValidationError
from app.station import profile as station
from app.station import settings
from app.workbook.reader import RawSheet

SHEET_NAME = "站点"
HEADERS = ("项目", "内容")
Problem = Callable[[str, int | None, str | None, object, str], None]


@dataclass
class StationPlan:
    """The checked 站点 sheet: profile fields and star ratings (year -> (stars, note)) to write."""

    profile: dict[str, Any] = field(default_factory=dict)
    stars: dict[int, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not self.profile and not self.stars


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_sheet(raw: RawSheet, problem: Problem) -> StationPlan:
    """Check every line of the 站点 sheet; each bad line is reported through ``problem`` (sheet, row,
    column, value, message) like the other sheets' problems."""
    plan = StationPlan()
    headers = [h.strip() for h in raw.headers]
    if headers[:2] != list(HEADERS):
        problem(
            SHEET_NAME, raw.header_row or None, None, "、".join(headers), "站点表的表头应为“项目”“内容”两列"
        )
        return plan
    seen: dict[str, int] = {}
    for row, values in raw.rows:
        label = _cell_text(values[0] if values else None)
        value = values[1] if len(values) > 1 else None
        if not label or _cell_text(value) == "":
            continue
        if label in seen:
            problem(SHEET_NAME, row, "项目", label, f"“{label}”在第 {seen[label]} 行已经填过")
            continue
        seen[label] = row
        try:
            year = settings.star_year(label)
            if year is not None:
                plan.stars[year] = station.parse_stars(value)
                continue
            f = settings.KEYS.get(label)
            if f is None:
                problem(SHEET_NAME, row, "项目", label, f"站点信息没有“{label}”这一项")
                continue
            plan.profile[f] = station.validate_profile_field(f, value)
        except ValidationError as exc:
            problem(SHEET_NAME, row, "内容", value, exc.message)
    if plan.profile:
        from db.models import StationProfile

        current = StationProfile.get_or_none(StationProfile.id == station.PROFILE_ID)
        for f in station.PROFILE_REQUIRED:
            if not plan.profile.get(f) and not (current is not None and getattr(current, f)):
                label = station.PROFILE_FIELDS[f][0]
                problem(SHEET_NAME, None, "项目", label, f"站点表须填写“{label}”（站点信息中尚未填写）")
    return plan


def apply(plan: StationPlan) -> int:
    """Write the checked settings (inside the caller's transaction); how many were written."""
    if plan.profile:
        station.save_profile(plan.profile)
    for year, stars in sorted(plan.stars.items()):
        station.set_star_rating(year, stars)
    return len(plan.profile) + len(plan.stars)


def rows() -> list[tuple[str, Any]]:
    """The sheet's lines for the export: every profile field, then the star ratings by year. A profile
    never saved on the 站点信息 page (no name) has nothing of the station's own to export."""
    out: list[tuple[str, Any]] = []
    named = any(label == station.PROFILE_FIELDS["name"][0] and v for label, v in settings.lines())
    for label, v in settings.lines():
        if not named and not label.startswith("星级评定"):
            continue
        if isinstance(v, Decimal):
            v = float(v) if v != v.to_integral_value() else int(v)
        out.append((label, v))
    return out


def write_sheet(wb: Any) -> int:
    """Append the 站点 sheet to the write-only workbook ``wb``; lines with a value."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = wb.create_sheet(SHEET_NAME)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 50
    header = []
    for h in HEADERS:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    n = 0
    for label, value in rows():
        if isinstance(value, str):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # text stays text, never a formula (“=…” included)
            cell.number_format = "@"
            ws.append([label, cell])
        elif isinstance(value, dt.date):
            cell = WriteOnlyCell(ws, value=value)
            cell.number_format = "yyyy-mm-dd"
            ws.append([label, cell])
        else:
            ws.append([label, value])
        n += value is not None
    return n
