"""``hub package --month YYYY-MM`` (or ``--standard ID --from D --to D``): the hub's own package of the
period — the sums of its stations' figures, in the same format a station sends, signed with the hub's key —
which the level above imports like any station's: the same code gathers any level.

An assessment package of a hub carries, for every item, the summed numerator and denominator (the level
above recomputes the rate from them) and in ``sets`` how many stations reported the item and met it; a
hub has no points of its own, so points, met and the totals are empty."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app import __version__
from app.core.errors import UserError
from app.hub import reports, store
from app.upward import checks
from app.upward import tables as t
from app.upward.format import FIGURES, canonical_json, file_name, write_package


def _nest(flat: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for path, value in flat.items():
        node = out
        *parents, leaf = path.split(".")
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return out


def month_figures(month: str) -> tuple[dict[str, Any], list[str]]:
    """The summed figures of ``month`` and the codes of the stations they include."""
    report = reports.month_report(month)
    included = [s["code"] for s in report.stations if s["values"]]
    if not included:
        raise UserError(f"{month} 尚未收到任何站点的月度统计，无法生成本级上报包")
    flat = {path: report.totals.get(path, 0) for path, _label, _table in reports.month_columns()}
    flat.update({p: v for p, v in report.totals.items() if p.startswith("work.")})
    figures = _nest(flat)
    figures["kind"] = "month"
    figures["month"] = month
    figures.setdefault("work", {})
    figures["stations"] = included
    # Breakdowns keep every key of the tables even when all stations reported 0.
    for table in t.MONTHLY_TABLES:
        for path, _label in table.columns:
            node = figures
            *parents, leaf = path.split(".")
            for p in parents:
                node = node.setdefault(p, {})
            node.setdefault(leaf, 0)
    return figures, included


def _manifest(
    kind: str, period: str, start: str, end: str, standard: str | None, operator: str
) -> dict[str, Any]:
    ident = store.identity()
    return {
        "station": {
            "code": ident.code,
            "name": ident.name,
            "street": "",
            "district": "",
            "level": ident.level,
        },
        "kind": kind,
        "period": period,
        "period_from": start,
        "period_to": end,
        "standard": standard,
        "app_version": __version__,
        "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "operator": operator,
        "with_people": False,
    }


def assessment_figures(standard: str, start: dt.date, end: dt.date) -> tuple[dict[str, Any], list[str]]:
    """The summed assessment figures of ``standard`` over [start, end] and the stations included."""
    report = reports.assessment_report(standard, start, end)
    if not report.stations:
        raise UserError(f"{start} 至 {end} 尚未收到任何站点按 {standard} 的自评结果，无法生成本级上报包")
    items = []
    for it in report.items:
        tot = report.totals[it["id"]]
        has_rate = bool(tot["denominator"])
        items.append(
            {
                "id": it["id"],
                "section": it["section"],
                "title": it["title"],
                "max": it["max"],
                "points": None,
                "met": None,
                "status": "aggregate",
                "numerator": tot["numerator"] if has_rate else None,
                "denominator": tot["denominator"] if has_rate else None,
                "sets": {"stations": tot["stations"], "met": tot["met"]},
                "stations": tot["stations"],
            }
        )
    included = [s["code"] for s in report.stations]
    figures = {
        "kind": "assessment",
        "standard": standard,
        "name": report.name,
        "scoring": "score",
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "base_total": None,
        "bonus_total": None,
        "total": None,
        "pass_mark": None,
        "passed": None,
        "items": items,
        "stations": included,
    }
    return figures, included


def build_hub_assessment_package(
    folder: Path | str, standard: str, start: dt.date, end: dt.date, operator: str = ""
) -> tuple[Path, list[str]]:
    """Write ``<hub code>-<standard>-<from>-<to>.sdpkg``; its path and the stations not included."""
    figures, included = assessment_figures(standard, start, end)
    bad = checks.assessment_problems(figures)
    if bad:
        raise UserError("汇总数据不能自洽，无法生成上报包：" + "；".join(bad[:3]))
    period = f"{standard}-{start:%Y%m%d}-{end:%Y%m%d}"
    manifest = _manifest("assessment", period, start.isoformat(), end.isoformat(), standard, operator)
    dest = Path(folder) / file_name(store.identity().code, period)
    path = write_package(
        dest, manifest, {FIGURES: canonical_json(figures)}, store.hub_sign, store.hub_public_key()
    )
    missing = [s.code for s in store.list_stations() if s.code not in set(included)]
    return path, missing


def build_hub_package(folder: Path | str, month: object, operator: str = "") -> tuple[Path, list[str]]:
    """Write ``<hub code>-<YYYY-MM>.sdpkg``; its path and the codes of the stations not included."""
    key = reports.parse_month(month)
    ident = store.identity()
    figures, included = month_figures(key)
    bad = checks.month_problems(figures)
    if bad:
        raise UserError("汇总数据不能自洽，无法生成上报包：" + "；".join(bad[:3]))
    y, m = (int(p) for p in key.split("-"))
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()
    manifest = {
        "station": {
            "code": ident.code,
            "name": ident.name,
            "street": "",
            "district": "",
            "level": ident.level,
        },
        "kind": "month",
        "period": key,
        "period_from": f"{key}-01",
        "period_to": last,
        "standard": None,
        "app_version": __version__,
        "created_at": dt.datetime.now().replace(microsecond=0).isoformat(),
        "operator": operator,
        "with_people": False,
    }
    dest = Path(folder) / file_name(ident.code, key)
    path = write_package(
        dest, manifest, {FIGURES: canonical_json(figures)}, store.hub_sign, store.hub_public_key()
    )
    missing = [s.code for s in store.list_stations() if s.code not in set(included)]
    return path, missing
