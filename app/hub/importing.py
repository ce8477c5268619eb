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


def _store_figures(received_id: int, package: Package) -> None:
    figures = package.figures
    if package.kind == "month":
        rows = [(received_id, p, v) for p, v in flatten(figures).items()]
        for i in range(0, len(rows), 500):
            MonthFigure.insert_many(
                rows[i : i + 500], fields=[MonthFigure.received, MonthFigure.path, MonthFigure.value]
            ).execute()
        return
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
    fields = [
        ItemFigure.received, ItemFigure.item_id, ItemFigure.points, ItemFigure.max_points, ItemFigure.met,
        ItemFigure.numerator, ItemFigure.denominator,
    ]  # fmt: skip
    for i in range(0, len(items), 500):
        ItemFigure.insert_many(items[i : i + 500], fields=fields).execute()


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
    results: list[Imported] = []
    with hub_database.atomic():
        for n, (path, package, station) in enumerate(checked):
            if progress:
                progress(len(files) + n, len(files) * 2, f"正在导入 {path.name}…")
            results.append(_store(path, package, station))
    if progress:
        progress(len(files) * 2, len(files) * 2, "完成")
    return results


def _store(path: Path, package: Package, station: HubStation) -> Imported:
    same = Received.get_or_none((Received.station == station.id) & (Received.sha256 == package.sha256))
    if same is not None:
        raise UserError(
            f"{path.name} 已于 {same.received_at:%Y-%m-%d %H:%M} 导入过，未重复导入；汇总库未作任何改动"
        )
    current = Received.get_or_none(
        (Received.station == station.id)
        & (Received.kind == package.kind)
        & (Received.period_key == package.period_key)
        & (Received.current == True)  # noqa: E712
    )
    result = Imported(path.name, station.code, station.name, package.kind, package.period_key)
    if current is not None:
        if package.manifest["created_at"] < current.created_at:
            raise UserError(
                f"{path.name} 生成于 {package.manifest['created_at']}，早于已收到的同期上报包"
                f"（{current.created_at}），未导入；汇总库未作任何改动"
            )
        result.replaced = True
        result.changes = _changes(json.loads(current.figures), package.figures, package.kind)
        Received.update(current=False).where(Received.id == current.id).execute()
    received_id = Received.insert(**_received_row(package, station, path.name)).execute()
    _store_figures(int(received_id), package)
    return result


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
