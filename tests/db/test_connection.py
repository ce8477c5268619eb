"""Opening the station file: pragmas, identity, refusing newer/corrupt/foreign files untouched, locks."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

import db.connection as connection
from app.core.errors import CorruptDatabaseError, DatabaseFileError, LockedDatabaseError, NewerDatabaseError
from app.core.errors import data_file_errors as sqlite_errors
from app.core.idcard import make_id
from app.storage.datafile import inspect_file, open_station
from db.connection import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    backup_to,
    close_database,
    current_path,
    schema_version,
)
from db.errors import DataFileError, Problem
from db.models import Person, database


def open_database(path: Path | str, **kwargs: object) -> object:
    """Open or create: these tests make their files through the data-file API."""
    return open_station(path, create=True, **kwargs)  # type: ignore[arg-type]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def _add_person(n: int = 0) -> None:
    Person.create(
        id_number=make_id("110101", dt.date(1980, 1, 1) + dt.timedelta(days=n), n % 1000),
        name=f"居民{n:04d}",
        gender="男",
        birth_date=dt.date(1980, 1, 1),
        employment_status="未就业",
        survey_date=dt.date(2024, 1, 1),
        note="备注" * 50,
    )


def _station_file(path: Path, persons: int = 0) -> Path:
    """A closed, checkpointed station file holding ``persons`` people."""
    open_database(path)
    with database.atomic():
        for n in range(persons):
            _add_person(n)
    close_database()
    assert not Path(f"{path}-wal").exists()
    return path


def _assert_refused_untouched(path: Path, exc_type: type[DatabaseFileError]) -> DatabaseFileError:
    before, names = _digest(path), _siblings(path)
    with pytest.raises(exc_type) as info:
        open_database(path)
    assert _digest(path) == before, "the refused file was modified"
    assert _siblings(path) == names, "files were created next to the refused file"
    assert database.is_closed()
    return info.value


@pytest.fixture(autouse=True)
def _closed() -> Iterator[None]:
    yield
    close_database()


# ---------------------------------------------------------------- a new file


def test_new_file_pragmas(db: Path) -> None:
    def pragma(name: str) -> object:
        return database.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("application_id") == APPLICATION_ID
    assert pragma("user_version") == SCHEMA_VERSION
    assert pragma("synchronous") == 2  # FULL: a commit survives a power loss
    assert pragma("busy_timeout") == 5000
    assert schema_version() == SCHEMA_VERSION
    assert current_path() == db


def test_new_file_identity_seen_by_other_connections(db: Path) -> None:
    close_database()
    assert inspect_file(db) == (APPLICATION_ID, SCHEMA_VERSION)
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    finally:
        con.close()


def test_foreign_keys_enforced(db: Path) -> None:
    from peewee import IntegrityError

    with pytest.raises(IntegrityError):
        database.execute_sql(
            "INSERT INTO registration"
            " (person_id, registered_on, cancel_reason, personal_reason, exclusion_note)"
            " VALUES (999, '2024-01-01', '', 0, '')"
        )


def test_reopen_keeps_data(db: Path) -> None:
    _add_person()
    close_database()
    open_database(db)
    assert Person.select().count() == 1
    assert not list(db.parent.glob("*-before-migration-*"))


def test_creates_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "新 文件夹" / "站点#1 ?%.sqlite"
    open_database(path)
    _add_person()
    close_database()
    assert inspect_file(path) == (APPLICATION_ID, SCHEMA_VERSION)
    open_database(path)
    assert Person.select().count() == 1


def test_empty_file_is_refused_as_damaged_not_filled(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite"
    path.touch()
    with pytest.raises(CorruptDatabaseError) as info:
        open_database(path)
    assert "已损坏" in info.value.message
    assert path.stat().st_size == 0 and not path.with_name("empty.sqlite-wal").exists()


def test_missing_file_is_refused_unless_created(tmp_path: Path) -> None:
    path = tmp_path / "typo" / "station.sqlite"
    with pytest.raises(DatabaseFileError) as info:
        open_station(path)
    assert "找不到数据文件" in info.value.message
    assert not path.parent.exists()


def test_folder_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseFileError) as info:
        open_database(tmp_path)
    assert info.value.message == f"这是一个文件夹，不是数据文件：{tmp_path}"


# ---------------------------------------------------------------- files that must be refused untouched


def test_newer_file_refused_untouched(db_path: Path) -> None:
    _station_file(db_path, persons=3)
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.close()
    err = _assert_refused_untouched(db_path, NewerDatabaseError)
    assert err.message == (
        f"此数据文件由更新版本的程序创建（数据版本 {SCHEMA_VERSION + 1}，本程序支持到 {SCHEMA_VERSION}）。"
        "为保护数据，本程序不会打开它，请升级程序后再打开。"
    )


def test_newer_file_in_rollback_journal_mode_refused_untouched(db_path: Path) -> None:
    # A backup copy (backup_to writes journal_mode=DELETE) made by a newer program.
    _station_file(db_path, persons=3)
    con = sqlite3.connect(db_path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    _assert_refused_untouched(db_path, NewerDatabaseError)


def test_random_bytes_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "random.sqlite"
    path.write_bytes(random.Random(7).randbytes(64 * 1024))
    err = _assert_refused_untouched(path, CorruptDatabaseError)
    # Random bytes cannot be told from an encrypted file whose key file is missing: both are said.
    assert err.message.startswith(f"文件不是本程序的数据文件，或已损坏：{path}。")
    assert "缺少它的密钥文件 random.sqlite.keys" in err.message


def test_sqlite_header_then_garbage_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "garbage.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + random.Random(8).randbytes(8192))
    err = _assert_refused_untouched(path, DatabaseFileError)
    assert "已损坏" in err.message or "无法打开" in err.message


@pytest.mark.parametrize("fraction", [0.9, 0.5, 0.1])
def test_truncated_database_refused_untouched(db_path: Path, fraction: float) -> None:
    _station_file(db_path, persons=800)
    data = db_path.read_bytes()
    assert len(data) > 100_000
    db_path.write_bytes(data[: int(len(data) * fraction)])
    err = _assert_refused_untouched(db_path, CorruptDatabaseError)
    assert (
        err.message
        == f"数据库文件已损坏或不是本程序的数据文件（{db_path}）。请从备份恢复（设置与备份 → 恢复）。"
    )


def test_other_programs_sqlite_file_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)  # rollback-journal mode, application_id 0, has tables
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.execute("INSERT INTO contacts VALUES ('x')")
    con.commit()
    con.close()
    err = _assert_refused_untouched(path, DatabaseFileError)
    assert err.message == f"此文件是其他程序的 SQLite 数据库，不是就业服务站工作台的数据文件：{path}"
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        con.close()


def test_other_application_id_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other-app.db"
    con = sqlite3.connect(path)
    con.execute("PRAGMA application_id=1234")
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    _assert_refused_untouched(path, DatabaseFileError)


def test_inspect_file_leaves_no_trace(db_path: Path) -> None:
    _station_file(db_path, persons=2)
    before, names = _digest(db_path), _siblings(db_path)
    assert inspect_file(db_path) == (APPLICATION_ID, SCHEMA_VERSION)
    assert (_digest(db_path), _siblings(db_path)) == (before, names)


def test_inspect_file_while_open_sees_committed_data(db: Path) -> None:
    # The file is in use (a -wal file exists and holds the latest commit).
    assert Path(f"{db}-wal").exists()
    # The schema version is still only in the WAL (offset 60 of the main file is user_version).
    assert int.from_bytes(db.read_bytes()[60:64], "big") == 0
    assert inspect_file(db) == (APPLICATION_ID, SCHEMA_VERSION)


def test_inspect_file_refuses_non_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("不是数据库", encoding="utf-8")
    with pytest.raises(CorruptDatabaseError):
        inspect_file(path)


# ---------------------------------------------------------------- locks


def test_locked_file_gives_locked_message(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(connection.PRAGMAS, "busy_timeout", 50)
    open_database(db_path)
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 50
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(LockedDatabaseError) as info, sqlite_errors(db_path), database.atomic():
            _add_person()
        assert info.value.message == f"数据库文件正被其他程序或另一个窗口占用（{db_path}），请关闭后重试。"
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Once the other program lets go, writing works and nothing half-written is left.
    assert Person.select().count() == 0
    with database.atomic():
        _add_person()
    assert Person.select().count() == 1


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not a database at all" * 10, Problem.NOT_A_DATABASE),
        (b"SQLite format 3\x00" + b"\xff" * 5000, Problem.CORRUPT),
    ],
)
def test_db_reports_the_problem_without_words(tmp_path: Path, content: bytes, problem: Problem) -> None:
    # db says what is wrong (no language); app.core.errors says it in Chinese.
    path = tmp_path / "x.sqlite"
    path.write_bytes(content)
    with pytest.raises(DataFileError) as info:
        connection.open_database(path)
    assert info.value.problem is problem
    assert info.value.path == str(path)


def test_db_reports_a_newer_file_with_its_versions(db_path: Path) -> None:
    open_database(db_path)
    database.execute_sql(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    close_database()
    with pytest.raises(DataFileError) as info:
        connection.open_database(db_path)
    assert info.value.problem is Problem.NEWER
    assert info.value.detail == {"version": SCHEMA_VERSION + 1, "supported": SCHEMA_VERSION}


def test_sqlite_errors_passes_bugs_through() -> None:
    with pytest.raises(sqlite3.OperationalError), sqlite_errors("x.sqlite"):
        raise sqlite3.OperationalError("no such table: nothing")


# ---------------------------------------------------------------- backup


def test_backup_is_a_consistent_standalone_copy(db: Path, tmp_path: Path) -> None:
    for n in range(5):
        _add_person(n)
    dest = tmp_path / "备份" / "copy.sqlite"
    backup_to(dest)
    assert not dest.with_name(dest.name + ".part").exists()
    assert not Path(f"{dest}-wal").exists()
    con = sqlite3.connect(dest)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM person").fetchone()[0] == 5
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        con.close()
    # The copy opens as a station file.
    close_database()
    open_database(dest)
    assert Person.select().count() == 5
