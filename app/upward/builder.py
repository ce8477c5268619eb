"""Building a station's period package: ``package --month YYYY-MM`` and ``package --assessment N``.

The figures come from :mod:`app.upward.figures`, the PDFs from :mod:`app.documents`, the signature from
the station's key (:mod:`app.station.signing`). By default no names or ID numbers leave the station;
``with_people`` adds masked member lists and says so in the manifest.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app import __version__
from app.accounts import audit, session
from app.core.errors import UserError
from app.core.idcard import mask_id
from app.core.period import Period
from app.core.sql import query
from app.station import signing
from app.station.profile import get_profile
from app.upward import checks
from app.upward import figures as fig
from app.upward.format import FIGURES, KINDS, PEOPLE, canonical_json, file_name, sha256, write_package
from db.models import database

Progress = Callable[[int, int, str], None]


def station_identity() -> dict[str, str]:
    """The station part of a manifest; a UserError when the profile lacks its name or code."""
    p = get_profile()
    if not p.name:
        raise UserError("请先在“站点信息”中填写站点名称")
    if not p.area_code:
        raise UserError("请先在“站点信息”中填写本村/社区的12位统计用区划代码，再生成上报包")
    return {
        "code": p.area_code,
        "name": p.name,
        "street": p.street,
        "district": p.district,
        "level": "station",
    }


def _manifest(
    kind: str, period: str, p: Period, standard: str | None, with_people: bool, operator: str
) -> dict:
    session.require(session.Permission.DOCUMENTS)
    return {
        "station": station_identity(),
        "kind": kind,
        "period": period,
        "period_from": p.start.isoformat(),
        "period_to": p.end.isoformat(),
        "standard": standard,
        "app_version": __version__,
        "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        # The logged-in account when the file has accounts (not overridable); else what the caller says.
        "operator": session.operator_name() or operator,
        "with_people": with_people,
    }


def _written(path: Path, kind: str, with_people: bool) -> Path:
    """Note the package in the audit trail (what left the station, and whether with names)."""
    people = "，含抽查名单（姓名与部分隐藏的身份证号）" if with_people else ""
    with database.atomic():
        audit.record(
            "package",
            key=path.name,
            detail=f"生成上报包（{KINDS[kind]}{people}），sha256 {sha256(path.read_bytes())}",
        )
    return path


def _pdf(build: Callable[[Path], Any]) -> bytes:
    with tempfile.TemporaryDirectory(prefix="sdpkg-") as folder:
        path = Path(folder) / "doc.pdf"
        build(path)
        return path.read_bytes()


def _person_rows(sql: str, args: tuple[Any, ...]) -> list[dict[str, str]]:
    return [
        {"name": str(n or ""), "id_number": mask_id(str(i or "")), "detail": str(d or "")}
        for n, i, d in query(sql, args)
    ]


def month_people(p: Period) -> dict[str, Any]:
    a = (p.start_iso, p.end_iso)
    return {
        "masked": True,
        "lists": [
            {
                "title": "本月新就业人员",
                "people": _person_rows(
                    "SELECT p.name, p.id_number, e.started_on || ' ' || e.form || ' ' || e.employer "
                    "FROM employment e JOIN person p ON p.id = e.person_id "
                    "WHERE e.started_on BETWEEN ? AND ? ORDER BY e.started_on, p.id",
                    a,
                ),
            },
            {
                "title": "本月新增失业登记人员",
                "people": _person_rows(
                    "SELECT p.name, p.id_number, r.registered_on FROM registration r "
                    "JOIN person p ON p.id = r.person_id WHERE r.registered_on BETWEEN ? AND ? "
                    "ORDER BY r.registered_on, p.id",
                    a,
                ),
            },
        ],
    }


def build_month_package(
    folder: Path | str,
    month: object,
    *,
    with_people: bool = False,
    operator: str = "",
    progress: Progress | None = None,
) -> Path:
    """Write ``<code>-<YYYY-MM>.sdpkg`` into ``folder``; its path."""
    from app.documents import monthly
    from app.documents.common import as_month

    p = as_month(month)
    period = f"{p.start.year:04d}-{p.start.month:02d}"
    manifest = _manifest("month", period, p, None, with_people, operator)
    if progress:
        progress(0, 3, "正在统计月度数据…")
    figures = fig.month_statistics(p)
    bad = checks.month_problems(figures)
    if bad:  # computed from one ledger, they add up; a failure here is a bug in the counts
        raise AssertionError(f"monthly figures do not add up: {bad}")
    if progress:
        progress(1, 3, "正在生成月报 PDF…")
    members = {
        FIGURES: canonical_json(figures),
        "monthly-report.pdf": _pdf(lambda path: monthly.build_pdf_document(path, month=p.start)),
    }
    if with_people:
        members[PEOPLE] = canonical_json(month_people(p))
    if progress:
        progress(2, 3, "正在签名并写出上报包…")
    dest = Path(folder) / file_name(manifest["station"]["code"], period)
    out = _written(
        write_package(dest, manifest, members, signing.sign, signing.public_key()), "month", with_people
    )
    if progress:
        progress(3, 3, "完成")
    return out


_PERSON_OF_KIND = {
    "person": "SELECT p.id, p.name, p.id_number FROM person p WHERE p.id = ?",
    "graduate": "SELECT g.id, p.name, p.id_number FROM graduate g JOIN person p ON p.id = g.person_id "
    "WHERE g.id = ?",
    "referral": "SELECT r.id, p.name, p.id_number FROM referral r JOIN person p ON p.id = r.person_id "
    "WHERE r.id = ?",
}


def assessment_people(result: Any) -> dict[str, Any]:
    """Masked lists of the people behind each item's sets (kinds that are people)."""
    lists = []
    for r in result.items:
        if not r.indicators:
            continue
        res = r.indicators[0]
        for set_name, members in sorted(res.sets.items()):
            sql = _PERSON_OF_KIND.get(res.set_kinds.get(set_name, ""))
            if sql is None or not members:
                continue
            people = []
            for m in sorted(members):
                for _id, name, number in query(sql, (int(m),)):
                    people.append({"name": str(name), "id_number": mask_id(str(number)), "detail": ""})
            lists.append({"title": f"{r.item.id} {r.item.title}：{set_name}", "people": people})
    return {"masked": True, "lists": lists}


def build_assessment_package(
    folder: Path | str,
    assessment_id: int,
    *,
    with_people: bool = False,
    operator: str = "",
    progress: Progress | None = None,
) -> Path:
    """Write ``<code>-<standard>-<from>-<to>.sdpkg`` of a saved assessment (its snapshot when finalised)."""
    from app.assessment import assessments
    from app.documents.score_sheet import write_pdf

    row = assessments.load(assessment_id)
    p = assessments.period_of(row)
    if progress:
        progress(0, 3, "正在计算自评结果…")
    result = assessments.result_json(row.id)
    figures = fig.assessment_figures(result)
    bad = checks.assessment_problems(figures)
    if bad:
        raise UserError("自评结果不能自洽，无法上报：" + "；".join(bad[:3]))
    period = f"{row.standard_id}-{p.start:%Y%m%d}-{p.end:%Y%m%d}"
    manifest = _manifest("assessment", period, p, str(row.standard_id), with_people, operator)
    if progress:
        progress(1, 3, "正在生成自评打分表 PDF…")
    members = {
        FIGURES: canonical_json(figures),
        "score-sheet.pdf": _pdf(lambda path: write_pdf(result, path)),
    }
    if with_people:
        members[PEOPLE] = canonical_json(assessment_people(assessments.run(row.id)))
    if progress:
        progress(2, 3, "正在签名并写出上报包…")
    dest = Path(folder) / file_name(manifest["station"]["code"], period)
    out = write_package(dest, manifest, members, signing.sign, signing.public_key())
    _written(out, "assessment", with_people)
    if progress:
        progress(3, 3, "完成")
    return out
