"""Packages made without a station file (many stations, each its own key): consistent monthly figures
and assessment results in the package format, for the hub's tests and benchmark."""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path
from typing import Any

from app.station.signing import fingerprint, make_key_pair, sign_with
from app.upward import tables as t
from app.upward.format import FIGURES, canonical_json, file_name, write_package


def _tiny_pdf() -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.drawString(72, 720, "monthly report")
    c.save()
    return buf.getvalue()


PDF = _tiny_pdf()  # a real one-page PDF standing in for the monthly report


class FakeStation:
    def __init__(self, code: str, name: str) -> None:
        self.code = code
        self.name = name
        self.private, self.public = make_key_pair()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public)


def station_code(n: int) -> str:
    return f"310110{12 + n // 900:03d}{1 + n % 900:03d}"


def month_figures(month: str, seed: int) -> dict[str, Any]:
    """Figures that add up, different for each seed."""
    new = 3 + seed % 7
    m = int(month[5:7])
    ytd = new * m
    channels = dict.fromkeys(t.CHANNELS, 0)
    channels["非公有制企业"] = new - 2
    channels["灵活就业"] = 1
    channels["公益性岗位"] = 1
    ages = dict.fromkeys(t.AGE_BANDS, 0)
    ages["25-45岁"] = new - 1
    ages["16-24岁"] = 1
    industries = dict.fromkeys(t.INDUSTRIES, 0)
    industries["第三产业"] = new - 1
    industries[t.UNKNOWN] = 1
    registered = 10 + seed % 5
    statuses = dict.fromkeys(t.PRIOR_STATUSES, 0)
    statuses["被企业解除或终止劳动关系"] = registered - 3
    statuses["其他"] = 3
    kinds = dict.fromkeys(t.FLEXIBLE_KINDS, 0)
    kinds["家政服务"] = 1
    return {
        "kind": "month",
        "month": month,
        "ep1": {
            "new_employment": new,
            "new_employment_ytd": ytd,
            "natural_attrition_ytd": seed % 3,
            "reemployed_ytd": min(ytd, 2 * m),
            "difficulty_employed_ytd": min(ytd, m),
        },
        "new_employment": {
            "total": new,
            "by_industry": industries,
            "by_channel": channels,
            "by_age": ages,
            "college_and_above": 1,
            "female": new // 2,
        },
        "registered_unemployed": {
            "total": registered,
            "by_prior_status": statuses,
            "female": registered // 2,
            "difficulty": 2,
        },
        "flexible": {"total": 1, "by_kind": kinds, "public_posts": 1},
        "work": {"services": 20 + seed, "surveys": seed % 11},
    }


def assessment_figures(seed: int, items: int = 12) -> dict[str, Any]:
    out = []
    total = 0
    for i in range(items):
        den = 10 + (seed + i) % 5
        num = den - (seed * (i + 1)) % 4
        points = 5 if num == den else 3
        total += points
        out.append(
            {
                "id": f"{i + 1}",
                "section": "一、基础",
                "title": f"项目{i + 1}",
                "max": 5,
                "points": points,
                "met": num == den,
                "status": "scored",
                "numerator": num,
                "denominator": den,
                "sets": {"numerator": num, "denominator": den},
            }
        )
    return {
        "kind": "assessment",
        "standard": "test-standard",
        "name": "测试标准",
        "scoring": "score",
        "period": {"from": "2025-10-01", "to": "2026-09-30"},
        "base_total": total,
        "bonus_total": 0,
        "total": total,
        "pass_mark": 40,
        "passed": total >= 40,
        "items": out,
    }


def write_month(
    folder: Path,
    station: FakeStation,
    month: str,
    figures: dict[str, Any] | None = None,
    *,
    created_at: str | None = None,
    manifest_extra: dict[str, Any] | None = None,
    signer: bytes | None = None,
    public: bytes | None = None,
    seed: int = 0,
) -> Path:
    figures = figures if figures is not None else month_figures(month, seed)
    y, m = int(month[:4]), int(month[5:7])
    manifest = {
        "station": {"code": station.code, "name": station.name, "street": "殷行街道", "district": "杨浦区",
                    "level": "station"},
        "kind": "month",
        "period": month,
        "period_from": f"{month}-01",
        "period_to": f"{month}-{calendar.monthrange(y, m)[1]:02d}",
        "standard": None,
        "app_version": "0.1.0",
        "created_at": created_at or dt.datetime.now().replace(microsecond=0).isoformat(),
        "operator": "",
        "with_people": False,
    }  # fmt: skip
    manifest.update(manifest_extra or {})
    private = signer or station.private
    members = {FIGURES: canonical_json(figures), "monthly-report.pdf": PDF}
    return write_package_unchecked(
        folder / file_name(station.code, month), manifest, members, lambda b: sign_with(private, b),
        public or station.public,
    )  # fmt: skip


def write_assessment(folder: Path, station: FakeStation, seed: int = 0) -> Path:
    figures = assessment_figures(seed)
    manifest = {
        "station": {
            "code": station.code,
            "name": station.name,
            "street": "",
            "district": "",
            "level": "station",
        },
        "kind": "assessment",
        "period": "test-standard-20251001-20260930",
        "period_from": "2025-10-01",
        "period_to": "2026-09-30",
        "standard": "test-standard",
        "app_version": "0.1.0",
        "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "operator": "",
        "with_people": False,
    }
    members = {FIGURES: canonical_json(figures), "score-sheet.pdf": PDF}
    return write_package(
        folder / file_name(station.code, "test-standard-20251001-20260930"),
        manifest,
        members,
        lambda b: sign_with(station.private, b),
        station.public,
    )


def write_package_unchecked(
    dest: Path, manifest: dict[str, Any], members: dict[str, bytes], sign: Any, public: bytes
):
    """Like write_package, but for bad packages: no schema check, and manifest keys given win (so a test
    can claim a newer format version)."""
    import base64

    from app.upward.format import FORMAT, FORMAT_VERSION, sha256, zip_bytes

    full = {"format": FORMAT, "format_version": FORMAT_VERSION, **manifest}
    full.setdefault("public_key", base64.b64encode(public).decode("ascii"))
    full["members"] = {n: {"sha256": sha256(d), "size": len(d)} for n, d in sorted(members.items())}
    data = canonical_json(full)
    dest.parent.mkdir(parents=True, exist_ok=True)
    entries = [
        ("manifest.json", data),
        ("manifest.sig", base64.b64encode(sign(data))),
        *sorted(members.items()),
    ]
    dest.write_bytes(zip_bytes(entries))
    return dest


def figures_of(path: Path) -> dict[str, Any]:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        data: dict[str, Any] = json.loads(zf.read("figures.json"))
    return data
