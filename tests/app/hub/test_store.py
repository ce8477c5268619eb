"""app.hub.store: creating and opening hubs on both back ends, their identity and registered stations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.core.errors import UserError, ValidationError
from app.hub import store
from app.station.signing import fingerprint

from .conftest import TOWN_CODE


def test_init_and_reopen(hub: str) -> None:
    store.close()
    ident = store.open_existing(hub)
    assert (ident.level, ident.code, ident.name) == ("town", TOWN_CODE, "殷行街道")
    assert store.hub_fingerprint().startswith("SHA256:")


def test_init_twice_is_refused(hub: str) -> None:
    store.close()
    with pytest.raises(UserError, match="不能在此新建汇总库"):
        store.init_hub(hub, level="town", code=TOWN_CODE, name="殷行街道")


def test_init_needs_a_valid_code_and_level(hub_target: str) -> None:
    with pytest.raises(ValidationError, match="12位数字"):
        store.init_hub(hub_target, level="town", code="3101", name="殷行街道")
    with pytest.raises(ValidationError, match="级别"):
        store.init_hub(hub_target, level="city", code=TOWN_CODE, name="殷行街道")


def test_add_station_and_list(hub: str) -> None:
    fp = fingerprint(b"\x02" * 32)
    store.add_station("310110012003", "幸福社区", fp.lower().replace("sha256:", ""))
    rows = store.list_stations()
    assert [(r.code, r.name, r.fingerprint) for r in rows] == [("310110012003", "幸福社区", fp)]


@pytest.mark.parametrize(
    ("code", "name", "key", "words"),
    [
        ("3101100120", "幸福社区", None, "12位数字"),
        ("310110012003", "", None, "站点名称"),
        ("310110012003", "幸福社区", "abc", "密钥指纹"),
        (TOWN_CODE, "自己", None, "自己"),
    ],
)
def test_add_station_bad(hub: str, code: str, name: str, key: str | None, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        store.add_station(code, name, key or fingerprint(b"\x02" * 32))
    assert store.list_stations() == []


def test_add_station_twice_is_refused(hub: str) -> None:
    store.add_station("310110012003", "幸福社区", fingerprint(b"\x02" * 32))
    with pytest.raises(ValidationError, match="已登记"):
        store.add_station("310110012003", "幸福社区", fingerprint(b"\x03" * 32))


def test_remove_station(hub: str) -> None:
    store.add_station("310110012003", "幸福社区", fingerprint(b"\x02" * 32))
    store.remove_station("310110012003")
    assert store.list_stations() == []
    with pytest.raises(ValidationError, match="未登记"):
        store.remove_station("310110012003")


def test_missing_hub_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到汇总库"):
        store.open_existing(tmp_path / "nothing.sqlite")


def test_station_file_is_not_a_hub(db: Path) -> None:
    with pytest.raises(UserError, match="不是汇总库"):
        store.open_existing(db)


def test_hub_file_is_not_a_station_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.storage.datafile import open_station

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "hub.sqlite"
    store.init_hub(path, level="town", code=TOWN_CODE, name="殷行街道")
    store.close()
    with pytest.raises(UserError):
        open_station(path)


def test_newer_hub_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hub.sqlite"
    store.init_hub(path, level="town", code=TOWN_CODE, name="殷行街道")
    store.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version=99")
    con.close()
    with pytest.raises(UserError, match="更新版本"):
        store.open_existing(path)


def test_postgres_url_that_cannot_connect() -> None:
    with pytest.raises(UserError, match="无法连接汇总库") as err:
        store.open_existing("postgresql://nobody:secret@127.0.0.1:1/none")
    assert "secret" not in err.value.message


def test_sqlite_hub_transactions_take_the_write_lock_at_the_start(tmp_path: Path) -> None:
    """A hub transaction begins IMMEDIATE: while it is open, another process cannot start writing, even
    before the transaction has written anything (a deferred one would fail halfway instead)."""
    from db.hub_models import hub_database

    path = tmp_path / "district.sqlite"
    store.init_hub(str(path), level="district", code="310110000000", name="杨浦区")
    try:
        with hub_database.atomic():
            other = sqlite3.connect(path, timeout=0)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
    finally:
        store.close()
