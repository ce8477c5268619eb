"""Backup while in use, verification of a backup, and restore that keeps what it replaces."""

from __future__ import annotations

import errno
import sqlite3
import threading
from pathlib import Path

import pytest

from app.core.errors import (
    CorruptDatabaseError,
    DatabaseFileError,
    DiskFullError,
    NewerDatabaseError,
    UserError,
)
from app.register.ledger import save_person
from app.storage import backup as backup_mod
from app.storage.backup import backup, restore, verify_backup_file
from db.connection import SCHEMA_VERSION, current_path
from db.models import Person, database


def _person(n: int) -> None:
    import datetime as dt

    from app.core.idcard import make_id

    save_person(
        {
            "id_number": make_id("440184", dt.date(1980, 1, 1) + dt.timedelta(days=n), 1),
            "name": f"测试{n:03d}",
            "employment_status": "未就业",
            "survey_date": "2024-05-01",
        }
    )


def _names(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT name FROM person ORDER BY name")]
    finally:
        con.close()


@pytest.fixture
def filled(db: Path) -> Path:
    for n in range(5):
        _person(n)
    return db


# ---------------------------------------------------------------------------- backup


def test_backup_is_a_verified_copy(filled: Path, tmp_path: Path) -> None:
    dest = backup(tmp_path / "b" / "copy.sqlite")
    assert verify_backup_file(dest) == SCHEMA_VERSION
    assert _names(dest) == _names(filled)
    assert not (tmp_path / "b" / "copy.sqlite.part").exists()


def test_backup_into_a_folder_names_the_file(filled: Path, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    dest = backup(folder)
    assert dest.parent == folder and dest.name.startswith("station-备份-")
    assert len(_names(dest)) == 5


def test_backup_reports_progress(filled: Path, tmp_path: Path) -> None:
    seen: list[str] = []
    backup(tmp_path / "c.sqlite", progress=lambda d, t, text: seen.append(text))
    assert seen[-1] == "备份完成"


def test_backup_onto_the_open_file_is_refused(filled: Path) -> None:
    with pytest.raises(UserError, match="正在使用的数据文件"):
        backup(filled)
    assert Person.select().count() == 5


def test_backup_while_another_connection_holds_an_uncommitted_write(filled: Path, tmp_path: Path) -> None:
    other = sqlite3.connect(filled, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE person SET name = '未提交' WHERE id = 1")
        dest = backup(tmp_path / "during.sqlite")
        other.execute("COMMIT")
    finally:
        other.close()
    assert "未提交" not in _names(dest)
    assert len(_names(dest)) == 5
    assert Person.get_by_id(1).name == "未提交"


def test_backup_while_another_thread_keeps_writing(filled: Path, tmp_path: Path) -> None:
    started = threading.Event()
    total = 400

    def writer() -> None:
        con = sqlite3.connect(filled, timeout=10)
        try:
            for i in range(total):
                con.execute(
                    "INSERT INTO event (date, kind, name, participants, note)"
                    " VALUES ('2024-01-01', '其他', ?, 1, '')",
                    (f"活动{i}",),
                )
                con.commit()
                started.set()
        finally:
            con.close()

    thread = threading.Thread(target=writer)
    thread.start()
    started.wait(10)
    dest = backup(tmp_path / "busy.sqlite")
    thread.join()
    con = sqlite3.connect(dest)
    try:
        count = con.execute("SELECT count(*) FROM event").fetchone()[0]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert 1 <= count <= total
    assert database.execute_sql("SELECT count(*) FROM event").fetchone()[0] == total


def test_backup_on_a_full_disk_says_so(filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(dest: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(backup_mod, "backup_file_to", full)
    with pytest.raises(DiskFullError, match="磁盘空间已满"):
        backup(tmp_path / "x.sqlite")


def test_backup_to_an_unwritable_place_says_so(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(dest: Path) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(backup_mod, "backup_file_to", denied)
    with pytest.raises(UserError, match="没有权限写入"):
        backup(tmp_path / "x.sqlite")


# ---------------------------------------------------------------------------- verify


@pytest.fixture
def good_backup(filled: Path, tmp_path: Path) -> Path:
    return backup(tmp_path / "good.sqlite")


def test_verify_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到文件"):
        verify_backup_file(tmp_path / "none.sqlite")


def test_verify_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="文件夹"):
        verify_backup_file(tmp_path)


def test_verify_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.write_bytes(b"")
    with pytest.raises(CorruptDatabaseError, match="空的"):
        verify_backup_file(path)


def test_verify_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("这不是数据库", encoding="utf-8")
    with pytest.raises(CorruptDatabaseError, match="不是数据库文件"):
        verify_backup_file(path)


def test_verify_corrupt_file(good_backup: Path) -> None:
    data = bytearray(good_backup.read_bytes())
    assert len(data) > 8192
    data[4096:8192] = b"\xa5" * 4096  # page 2 overwritten
    good_backup.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError, match="已损坏"):
        verify_backup_file(good_backup)


def test_verify_truncated_file(good_backup: Path) -> None:
    data = good_backup.read_bytes()
    good_backup.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptDatabaseError, match="已损坏"):
        verify_backup_file(good_backup)


def test_verify_newer_version(good_backup: Path) -> None:
    con = sqlite3.connect(good_backup)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    con.close()
    with pytest.raises(NewerDatabaseError, match="更新版本"):
        verify_backup_file(good_backup)


def test_verify_another_programs_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseFileError, match="不是就业服务站工作台的数据文件"):
        verify_backup_file(path)


def test_verify_accepts_our_tables_without_application_id(good_backup: Path) -> None:
    con = sqlite3.connect(good_backup)
    con.execute("PRAGMA application_id=0")
    con.close()
    assert verify_backup_file(good_backup) == SCHEMA_VERSION


# ---------------------------------------------------------------------------- restore


def test_restore_keeps_the_replaced_data_and_equals_the_backup(good_backup: Path, filled: Path) -> None:
    _person(100)
    _person(101)
    before = _names(filled)
    kept = restore(good_backup)
    assert kept.parent == filled.parent
    assert kept.name.startswith("station.replaced-") and kept.suffix == ".sqlite"
    assert _names(kept) == before  # the replaced data, consistently copied
    assert verify_backup_file(kept) == SCHEMA_VERSION
    assert sorted(p.name for p in Person.select()) == _names(good_backup)
    assert Person.select().count() == 5
    assert current_path() == filled
    _person(200)  # the database is open and writable after the restore
    assert Person.select().count() == 6


def test_restore_from_a_file_with_another_page_size(good_backup: Path, filled: Path) -> None:
    con = sqlite3.connect(good_backup)
    con.execute("PRAGMA page_size=8192")
    con.execute("VACUUM")
    assert con.execute("PRAGMA page_size").fetchone()[0] == 8192
    con.close()
    _person(100)
    restore(good_backup)
    assert Person.select().count() == 5
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize("kind", ["corrupt", "newer", "text", "missing"])
def test_a_refused_restore_replaces_nothing(filled: Path, tmp_path: Path, kind: str) -> None:
    src = backup(tmp_path / "src.sqlite")
    if kind == "corrupt":
        data = bytearray(src.read_bytes())
        data[4096:8192] = b"\x00\xff" * 2048
        src.write_bytes(bytes(data))
    elif kind == "newer":
        con = sqlite3.connect(src)
        con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
        con.close()
    elif kind == "text":
        src.write_text("hello", encoding="utf-8")
    else:
        src.unlink()
    _person(100)
    with pytest.raises(UserError):
        restore(src)
    assert Person.select().count() == 6
    assert list(filled.parent.glob("*.replaced-*")) == []


def test_restore_of_the_open_file_itself_is_refused(filled: Path) -> None:
    with pytest.raises(UserError, match="正在使用"):
        restore(filled)


def test_failed_copy_puts_the_old_data_back(
    good_backup: Path, filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _person(100)

    def broken(src: Path, current: Path) -> None:
        raise UserError("模拟的写入失败")

    monkeypatch.setattr(backup_mod, "_copy_into", broken)
    with pytest.raises(UserError, match="已还原为恢复前的数据"):
        restore(good_backup)
    assert Person.select().count() == 6
