"""``hub package --month YYYY-MM``: the hub's own package of the month — the sums of its stations'
figures, in the same format a station sends, signed with the hub's key — which the level above imports
like any station's: the same code gathers any level."""

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
