"""Opening and creating a hub (汇总库) on SQLite or PostgreSQL, its identity, its key and its stations.

The window and the command line go through these functions; :mod:`db.hub_models` reports what is wrong
with a file or server and this module says it in Chinese.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from app.core.errors import UserError, ValidationError
from app.core.idcard import is_province_code
from app.station.signing import fingerprint, make_key_pair, normalize_fingerprint, sign_with
from db.hub_models import (
    HubFileError,
    HubInfo,
    HubKey,
    HubProblem,
    HubStation,
    Received,
    close_hub,
    hub_database,
    is_postgres_url,
    open_hub,
)

LEVELS = {"town": "街道/镇", "district": "区"}


def _where(target: str) -> str:
    if is_postgres_url(target):
        # never show a password
        head, _, tail = target.partition("@")
        return (head.split(":")[0] + "://…@" + tail) if tail else target
    return target


def _message(exc: HubFileError) -> str:
    where = _where(exc.target)
    return {
        HubProblem.EXISTS: f"{where} 已存在（或已有数据），不能在此新建汇总库；请换一个文件名或空数据库",
        HubProblem.MISSING: f"找不到汇总库 {where}；新建请用 hub init",
        HubProblem.NOT_HUB: f"{where} 不是汇总库（可能是站点数据文件或其他程序的文件）",
        HubProblem.NEWER: f"汇总库 {where} 由更新版本的程序建立（版本 {exc.detail}），请升级本程序后再打开",
        HubProblem.CANNOT_CONNECT: f"无法连接汇总库 {where}：{exc.detail}",
        HubProblem.BAD_URL: f"数据库地址 {where} 无效，应为 postgresql://用户@主机/数据库名",
    }[exc.problem]


@contextmanager
def hub_errors() -> Iterator[None]:
    try:
        yield
    except HubFileError as exc:
        raise UserError(_message(exc)) from exc
    except sqlite3.Error as exc:
        raise UserError(f"汇总库无法读写：{exc}") from exc


def parse_code(value: object, label: str = "统计用区划代码") -> str:
    """A 12-digit statistical area code of any level (station, town, district)."""
    v = str(value or "").strip()
    if len(v) != 12 or not v.isdigit() or not v.isascii():
        raise ValidationError(f"{label}应为12位数字，现为“{v}”")
    if not is_province_code(v[:2]):
        raise ValidationError(f"{label}前两位 {v[:2]} 不是有效的省级代码")
    return v


@dataclass(frozen=True)
class HubIdentity:
    level: str
    code: str
    name: str
    target: str

    @property
    def level_text(self) -> str:
        return LEVELS.get(self.level, self.level)


_current: list[str] = []


def init_hub(target: str | Path, *, level: str, code: str, name: str) -> HubIdentity:
    """Create a new hub for a 街道/镇 (``town``) or 区 (``district``) and keep it open."""
    if level not in LEVELS:
        raise ValidationError("汇总库级别应为 town（街道/镇）或 district（区）")
    code = parse_code(code, "汇总库的统计用区划代码")
    name = str(name or "").strip()
    if not name:
        raise ValidationError("请填写汇总库名称（街道/镇或区的名称）")
    with hub_errors():
        db = open_hub(target, create=True)
        private, public = make_key_pair()
        with db.atomic():
            HubInfo.insert_many(
                [("level", level), ("code", code), ("name", name)], fields=[HubInfo.key, HubInfo.value]
            ).execute()
            HubKey.create(id=1, private_key=private, public_key=public)
    _current[:] = [str(target)]
    return identity()


def open_existing(target: str | Path) -> HubIdentity:
    with hub_errors():
        open_hub(target, create=False)
    _current[:] = [str(target)]
    return identity()


def close() -> None:
    close_hub()
    _current.clear()


def database() -> pw.Database:
    return hub_database.obj


def identity() -> HubIdentity:
    facts = {r.key: r.value for r in HubInfo.select()}
    return HubIdentity(
        facts.get("level", ""), facts.get("code", ""), facts.get("name", ""), _current[0] if _current else ""
    )


def hub_public_key() -> bytes:
    return bytes(HubKey.get_by_id(1).public_key)


def hub_fingerprint() -> str:
    return fingerprint(hub_public_key())


def hub_sign(data: bytes) -> bytes:
    return sign_with(bytes(HubKey.get_by_id(1).private_key), data)


# ---------------------------------------------------------------------------------------- stations


def add_station(code: str, name: str, key: str) -> HubStation:
    """Register a station (or, in a district hub, a town) with the fingerprint of its key."""
    code = parse_code(code)
    name = str(name or "").strip()
    if not name:
        raise ValidationError("请填写站点名称")
    fp = normalize_fingerprint(key)
    if not fp:
        raise ValidationError(f"密钥指纹“{key}”格式不对，应为 SHA256: 加 32 位十六进制数字（见站点信息页）")
    if code == identity().code:
        raise ValidationError("不能把汇总库自己登记为站点")
    with hub_database.atomic():
        if HubStation.get_or_none(HubStation.code == code) is not None:
            raise ValidationError(f"站点 {code} 已登记；如需更换密钥请先删除后重新登记")
        return HubStation.create(
            code=code, name=name, fingerprint=fp, added_at=dt.datetime.now().replace(microsecond=0)
        )


def remove_station(code: str) -> None:
    with hub_database.atomic():
        row = HubStation.get_or_none(HubStation.code == code)
        if row is None:
            raise ValidationError(f"站点 {code} 未登记")
        if Received.select().where(Received.station == row).exists():
            raise ValidationError(f"站点 {code} 已有上报记录，不能删除")
        row.delete_instance()


def list_stations() -> list[HubStation]:
    return list(HubStation.select().order_by(HubStation.code))
