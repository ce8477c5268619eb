"""``hub import PKG…``: check every package (signature, digests, schema, format version, registered
station and key, figures that add up) and store them, all or nothing.

A resend (same station, kind and period, different bytes) replaces the current package and keeps the
earlier one in the history; the same bytes twice, or a package older than the one in force, is refused.
Received bytes are stored exactly as they came.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from app.core.errors import UserError
from app.station.signing import fingerprint
from app.upward import tables as t
from app.upward.format import KINDS, Package, PackageError, read_package_file
from db.hub_models import HubStation, ItemFigure, MonthFigure, Received, hub_database

Progress = Callable[[int, int, str], None]


@dataclass
class Imported:
    file: str
    station_code: str
    station_name: str
    kind: str
    period_key: str
    replaced: bool = False
    changes: list[str] = field(default_factory=list)

    def text(self) -> str:
        what = f"{self.station_name}（{self.station_code}）{self.period_key} {KINDS[self.kind]}"
        if not self.replaced:
            return f"已导入 {what}"
        change = "；".join(self.changes[:5]) if self.changes else "数据无变化"
        more = f" 等 {len(self.changes)} 处" if len(self.changes) > 5 else ""
        return f"已替换 {what}（原包保留在历史中）；变化：{change}{more}"


def flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, int]:
    """Integer leaves of a figures dict by dotted path."""
    out: dict[str, int] = {}
    for key, value in figures.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, path + "."))
        elif isinstance(value, int) and not isinstance(value, bool):
            out[path] = value
    return out


def _label(path: str) -> str:
    for table in t.MONTHLY_TABLES:
        for p, label in table.columns:
            if p == path:
                return label
    return path


def _changes(old: dict[str, Any], new: dict[str, Any], kind: str) -> list[str]:
    if kind == "month":
        a, b = flatten(old), flatten(new)
        return [
            f"{_label(p)} {a.get(p, 0)}→{b.get(p, 0)}"
            for p in sorted(set(a) | set(b))
            if a.get(p) != b.get(p)
        ]
    before = {i["id"]: i for i in old.get("items", [])}
    out = []
    for item in new.get("items", []):
        prev = before.get(item["id"], {})
        if prev.get("points") != item.get("points") or prev.get("met") != item.get("met"):
            out.append(f"第 {item['id']} 项 {prev.get('points')}→{item.get('points')}")
    return out


def _check(package: Package, name: str, stations: dict[str, HubStation]) -> HubStation:
    code = package.station_code
    station = stations.get(code)
    if station is None:
        raise PackageError(
            f"{name}：站点 {code}（{package.manifest['station']['name']}）未在本汇总库登记，"
            "请先用“hub station add”登记该站点及其密钥指纹"
        )
    signer = fingerprint(package.public_key)
    if signer != station.fingerprint:
        raise PackageError(
            f"{name}：签名密钥与登记的不符（登记的指纹 {station.fingerprint}，上报包的指纹 {signer}），"
            "可能不是该站点签发的，已拒收"
        )
    return station


def _received_row(package: Package, station: HubStation, file_name: str) -> dict[str, Any]:
    m = package.manifest
    return {
        "station": station.id,
        "kind": package.kind,
        "period_key": package.period_key,
        "period_from": dt.date.fromisoformat(m["period_from"]),
        "period_to": dt.date.fromisoformat(m["period_to"]),
        "standard": m.get("standard"),
        "sha256": package.sha256,
        "size": len(package.raw),
        "created_at": m["created_at"],
        "received_at": dt.datetime.now().replace(microsecond=0),
        "current": True,
        "file_name": file_name,
        "content": package.raw,
        "manifest": package.manifest_bytes.decode("utf-8"),
        "figures": json.dumps(package.figures, ensure_ascii=False, sort_keys=True),
    }


def _figure_rows(received_id: int, package: Package) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """(month figure rows, item figure rows) of a stored package."""
    figures = package.figures
    if package.kind == "month":
        return [(received_id, p, v) for p, v in flatten(figures).items()], []
    items = [
        (
            received_id,
            it["id"],
            None if it.get("points") is None else str(it["points"]),
            None if it.get("max") is None else str(it["max"]),
            it.get("met"),
            it.get("numerator"),
            it.get("denominator"),
        )
        for it in figures["items"]
    ]
    return [], items


_MONTH_FIELDS = [MonthFigure.received, MonthFigure.path, MonthFigure.value]
_ITEM_FIELDS = [
    ItemFigure.received, ItemFigure.item_id, ItemFigure.points, ItemFigure.max_points, ItemFigure.met,
    ItemFigure.numerator, ItemFigure.denominator,
]  # fmt: skip
_BATCH = 2000


def import_packages(paths: Iterable[Path | str], progress: Progress | None = None) -> list[Imported]:
    """Check every package first, then store them all in one transaction; a :class:`UserError` naming the
    files when any is refused (then nothing is stored)."""
    files = [Path(p) for p in paths]
    if not files:
        raise UserError("请指定要导入的上报包")
    stations = {s.code: s for s in HubStation.select()}
    checked: list[tuple[Path, Package, HubStation]] = []
    problems: list[str] = []
    seen: dict[tuple[int, str, str], Path] = {}
    for n, path in enumerate(files):
        if progress:
            progress(n, len(files) * 2, f"正在校验 {path.name}…")
        try:
            package = read_package_file(path)
            station = _check(package, path.name, stations)
        except PackageError as exc:
            problems.append(exc.message)
            continue
        key = (station.id, package.kind, package.period_key)
        if key in seen:
            problems.append(f"{path.name} 与 {seen[key].name} 是同一站点同一期间的上报包，请只导入其中一个")
            continue
        seen[key] = path
        checked.append((path, package, station))
    if problems:
        raise UserError("以下上报包未能导入，汇总库未作任何改动：\n" + "\n".join(problems))
    with hub_database.atomic():
        results = _store_all(checked, progress, len(files))
    if progress:
        progress(len(files) * 2, len(files) * 2, "完成")
    return results


_RECEIVED_BATCH = 200


def _store_all(
    checked: list[tuple[Path, Package, HubStation]], progress: Progress | None, offset: int
) -> list[Imported]:
    """Store checked packages (inside the caller's transaction): what is already there is read once, the
    packages and their figures are inserted in batches."""
    station_ids = sorted({station.id for _p, _pkg, station in checked})
    known: dict[tuple[int, str], dt.datetime] = {}
    currents: dict[tuple[int, str, str], tuple[int, str]] = {}
    for i in range(0, len(station_ids), 500):
        chunk = station_ids[i : i + 500]
        rows: Any = (
            Received.select(
                Received.id, Received.station, Received.sha256, Received.received_at, Received.kind,
                Received.period_key, Received.current, Received.created_at,
            )
            .where(Received.station.in_(chunk))
            .tuples()
        )  # fmt: skip
        for rid, sid, digest, received_at, kind, period_key, current, created_at in rows:
            known[(sid, digest)] = received_at
            if current:
                currents[(sid, kind, period_key)] = (rid, created_at)
    results: list[Imported] = []
    pending: list[tuple[dict[str, Any], Package]] = []
    retired: list[int] = []
    for n, (path, package, station) in enumerate(checked):
        if progress and n % 50 == 0:
            progress(offset + n, offset * 2, f"正在导入 {path.name}…")
        when = known.get((station.id, package.sha256))
        if when is not None:
            raise UserError(f"{path.name} 已于 {when:%Y-%m-%d %H:%M} 导入过，未重复导入；汇总库未作任何改动")
        result = Imported(path.name, station.code, station.name, package.kind, package.period_key)
        current = currents.get((station.id, package.kind, package.period_key))
        if current is not None:
            rid, created_at = current
            if package.manifest["created_at"] < created_at:
                raise UserError(
                    f"{path.name} 生成于 {package.manifest['created_at']}，早于已收到的同期上报包"
                    f"（{created_at}），未导入；汇总库未作任何改动"
                )
            result.replaced = True
            old = Received.select(Received.figures).where(Received.id == rid).scalar()
            result.changes = _changes(json.loads(old), package.figures, package.kind)
            retired.append(rid)
        results.append(result)
        pending.append((_received_row(package, station, path.name), package))
    if retired:
        Received.update(current=False).where(cast(Any, Received.id).in_(retired)).execute()
    month_rows: list[tuple[Any, ...]] = []
    item_rows: list[tuple[Any, ...]] = []
    for i in range(0, len(pending), _RECEIVED_BATCH):
        batch = pending[i : i + _RECEIVED_BATCH]
        ids = {
            digest: int(rid)
            for rid, digest in Received.insert_many([row for row, _pkg in batch])
            .returning(Received.id, Received.sha256)
            .tuples()
            .execute()
        }
        for row, package in batch:
            months, items = _figure_rows(ids[row["sha256"]], package)
            month_rows.extend(months)
            item_rows.extend(items)
    # The figures in large batches: one statement per few thousand numbers, not per package.
    for i in range(0, len(month_rows), _BATCH):
        MonthFigure.insert_many(month_rows[i : i + _BATCH], fields=_MONTH_FIELDS).execute()
    for i in range(0, len(item_rows), _BATCH):
        ItemFigure.insert_many(item_rows[i : i + _BATCH], fields=_ITEM_FIELDS).execute()
    return results


def history(code: str, kind: str, period_key: str) -> list[Received]:
    """Every package received for a station, kind and period, newest first (the current one first)."""
    rows = list(
        Received.select()
        .join(HubStation)
        .where((HubStation.code == code) & (Received.kind == kind) & (Received.period_key == period_key))
        .order_by(cast(Any, Received.id).desc())
    )
    return sorted(rows, key=lambda r: not r.current)


def current_package(code: str, kind: str, period_key: str) -> Received | None:
    rows = history(code, kind, period_key)
    return rows[0] if rows and rows[0].current else None
