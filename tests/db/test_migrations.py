"""Migrations: the schema they build equals the models; older files are backed up and migrated;
a failing step leaves the file at its old version."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee as pw
import pytest

import db.connection as connection
from app.storage.datafile import open_station
from db.connection import APPLICATION_ID, SCHEMA_VERSION, close_database
from db.migrations import MIGRATIONS
from db.models import ALL_MODELS, JobSeeking, Person, database


def open_database(path: Path, **kwargs: Any) -> pw.SqliteDatabase:
    return open_station(path, create=True, **kwargs)


def _schema(con: sqlite3.Connection) -> dict[str, Any]:
    """Tables with their columns, indexes (name, unique, columns) and foreign keys."""
    out: dict[str, Any] = {}
    tables = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    for table in tables:
        columns = [
            (name, ctype.upper(), notnull, pk)
            for _cid, name, ctype, notnull, _default, pk in con.execute(f'PRAGMA table_info("{table}")')
        ]
        indexes = []
        for _seq, name, unique, _origin, _partial in con.execute(f'PRAGMA index_list("{table}")'):
            cols = [r[2] for r in con.execute(f'PRAGMA index_info("{name}")')]
            # Automatic indexes (sqlite_autoindex_…) are named by position: compare their columns only.
            indexes.append(("<auto>" if name.startswith("sqlite_autoindex") else name, unique, tuple(cols)))
        fks = sorted(
            (r[2], r[3], r[4], r[6]) for r in con.execute(f'PRAGMA foreign_key_list("{table}")')
        )  # (table, from, to, on_delete)
        out[table] = {"columns": columns, "indexes": sorted(indexes), "foreign_keys": fks}
    return out


def test_migrations_build_the_schema_the_models_declare(db: Path, tmp_path: Path) -> None:
    close_database()
    migrated = sqlite3.connect(db)
    try:
        from_migrations = _schema(migrated)
    finally:
        migrated.close()

    models_path = tmp_path / "from_models.sqlite"
    other = pw.SqliteDatabase(str(models_path))
    with other.bind_ctx(ALL_MODELS):
        other.create_tables(ALL_MODELS)
    other.close()
    con = sqlite3.connect(models_path)
    try:
        from_models = _schema(con)
    finally:
        con.close()

    assert sorted(from_migrations) == sorted(from_models), "tables differ: add a migration"
    for table in from_models:
        assert from_migrations[table] == from_models[table], f"table {table} differs: add a migration"
    assert {m._meta.table_name for m in ALL_MODELS} == set(from_models)


def test_every_migration_step_is_registered() -> None:
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1
    assert all(callable(step) for step in MIGRATIONS)


# ---------------------------------------------------------------- a simulated version 2


def _add_column_step(database_: pw.SqliteDatabase) -> None:
    database_.execute_sql('ALTER TABLE "person" ADD COLUMN "nickname" VARCHAR(255) NOT NULL DEFAULT \'\'')


def _failing_step(database_: pw.SqliteDatabase) -> None:
    _add_column_step(database_)
    database_.execute_sql('CREATE TABLE "half_done" ("id" INTEGER PRIMARY KEY)')
    raise RuntimeError("simulated failure in the extra migration step")


def _station_file(path: Path, monkeypatch: pytest.MonkeyPatch, version: int = SCHEMA_VERSION) -> None:
    """A closed station file built by the first ``version`` migration steps, with one person in it."""
    with monkeypatch.context() as m:
        m.setattr(connection, "MIGRATIONS", MIGRATIONS[:version])
        m.setattr(connection, "SCHEMA_VERSION", version)
        open_database(path)
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == version
        # Raw SQL over the columns this version has (the model may declare newer ones).
        present = {c.name for c in database.get_columns("person")}
        values: dict[str, object] = {
            f.column_name: f.default() if callable(f.default) else f.default
            for f in Person._meta.sorted_fields
            if f.column_name in present and f.default is not None
        }
        values.update(
            id_number="11010519491231002X",
            name="张三",
            gender="女",
            birth_date="1949-12-31",
            employment_status="退休",
            survey_date="2024-01-01",
        )
        names = ", ".join(f'"{k}"' for k in values)
        marks = ", ".join("?" for _ in values)
        database.execute_sql(f'INSERT INTO "person" ({names}) VALUES ({marks})', list(values.values()))
        close_database()


def _with_extra_step(monkeypatch: pytest.MonkeyPatch, step: Callable[[pw.SqliteDatabase], None]) -> int:
    """Pretend this program has one more migration step; the new schema version."""
    steps = [*MIGRATIONS, step]
    monkeypatch.setattr(connection, "MIGRATIONS", steps)
    monkeypatch.setattr(connection, "SCHEMA_VERSION", len(steps))
    return len(steps)


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def test_new_file_is_at_the_current_version(db: Path) -> None:
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert database.execute_sql("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    # A fresh file is not "migrated from" anything: no backup copy.
    assert not list(db.parent.glob("*-before-migration-*"))


def test_v1_file_backed_up_then_migrated(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _station_file(db_path, monkeypatch, version=1)
    newest = _with_extra_step(monkeypatch, _add_column_step)

    open_database(db_path)
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == newest
    assert "nickname" in [c.name for c in database.get_columns("person")]
    assert database.execute_sql('SELECT name FROM "person"').fetchall() == [("张三",)]
    close_database()

    copies = list(db_path.parent.glob("*-before-migration-*"))
    assert len(copies) == 1
    assert copies[0].name.startswith("station.v1-before-migration-")
    assert copies[0].suffix == ".sqlite"
    con = sqlite3.connect(copies[0])
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute('SELECT name, id_number FROM "person"').fetchall() == [
            ("张三", "11010519491231002X")
        ]
        assert "nickname" not in _columns(con, "person")
    finally:
        con.close()


def test_every_older_version_migrates_to_the_models_schema(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for version in range(1, SCHEMA_VERSION):
        path = db_path.with_name(f"v{version}.sqlite")
        _station_file(path, monkeypatch, version=version)
        open_database(path)
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert Person.select().count() == 1
        close_database()
        fresh = db_path.with_name(f"fresh{version}.sqlite")
        open_database(fresh)
        close_database()
        a, b = sqlite3.connect(path), sqlite3.connect(fresh)
        try:
            assert _schema(a) == _schema(b)
        finally:
            a.close()
            b.close()


def test_failing_step_leaves_the_old_version(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _station_file(db_path, monkeypatch)
    _with_extra_step(monkeypatch, _failing_step)

    with pytest.raises(RuntimeError, match="simulated failure"):
        open_database(db_path)
    assert database.is_closed()

    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "nickname" not in _columns(con, "person")
        assert con.execute("SELECT count(*) FROM sqlite_master WHERE name='half_done'").fetchone()[0] == 0
        assert con.execute('SELECT name FROM "person"').fetchall() == [("张三",)]
    finally:
        con.close()
    # The backup was taken before the attempt, and the file still opens at its version without the step.
    assert len(list(db_path.parent.glob("*-before-migration-*"))) == 1
    monkeypatch.undo()
    open_database(db_path)
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    close_database()


def test_foreign_key_breach_aborts_the_step(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _station_file(db_path, monkeypatch)

    def orphan_step(database_: pw.SqliteDatabase) -> None:
        # Runs with foreign keys off: an orphan row slips in, foreign_key_check must catch it.
        database_.execute_sql(
            "INSERT INTO registration"
            " (person_id, registered_on, cancel_reason, personal_reason, exclusion_note)"
            " VALUES (999, '2024-01-01', '', 0, '')"
        )

    newest = _with_extra_step(monkeypatch, orphan_step)
    from app.core.errors import UserError

    with pytest.raises(UserError) as info:
        open_database(db_path)
    assert info.value.message == f"数据升级到版本 {newest} 时发现外键不一致，已放弃升级，原文件未改动。"
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("SELECT count(*) FROM registration").fetchone()[0] == 0
    finally:
        con.close()


def test_v5_file_gains_the_real_ledger_columns_and_the_job_seeking_table(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of schema v5 (before issue 13's columns) is backed up, then opens with the new person,
    registration and employment columns at their defaults and an empty 求职登记 table that takes rows."""
    _station_file(db_path, monkeypatch, version=5)
    con = sqlite3.connect(db_path)
    try:
        assert "ethnicity" not in _columns(con, "person")
        assert "job_seeking" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    finally:
        con.close()

    open_database(db_path)
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 6
    p = Person.get()
    assert (p.name, p.ethnicity, p.insurance, p.veteran, p.skill_level, p.hukou_nature) == (
        "张三",
        "",
        "",
        None,
        "",
        "",
    )
    for table, column in (("registration", "prior_status"), ("employment", "credit_code")):
        assert column in [c.name for c in database.get_columns(table)]
    JobSeeking.create(person=p, registered_on="2024-03-01")
    assert JobSeeking.get().guidance_count == 0
    close_database()
    copies = list(db_path.parent.glob("*-before-migration-*"))
    assert [c.name.startswith("station.v5-before-migration-") for c in copies] == [True]


def _index_columns(con: sqlite3.Connection, table: str) -> dict[str, tuple[str, ...]]:
    return {
        name: tuple(r[2] for r in con.execute(f'PRAGMA index_info("{name}")'))
        for _seq, name, _unique, _origin, _partial in con.execute(f'PRAGMA index_list("{table}")')
    }


def test_v6_file_backed_up_then_gains_the_service_kind_index(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of schema v6 is backed up, then opens with the (kind, person, served_on) index on 服务记录
    that the assessment's reads of one service type go through (issue 17); its rows are kept."""
    _station_file(db_path, monkeypatch, version=6)
    con = sqlite3.connect(db_path)
    try:
        con.execute(
            "INSERT INTO service (person_id, served_on, kind, mode, content, result, staff) "
            "VALUES (1, '2026-03-01', '政策宣介', '', '宣讲', '', '')"
        )
        con.commit()
        assert "service_kind_person_id_served_on" not in _index_columns(con, "service")
    finally:
        con.close()

    open_database(db_path)
    assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 7
    close_database()
    con = sqlite3.connect(db_path)
    try:
        indexes = _index_columns(con, "service")
        assert indexes["service_kind_person_id_served_on"] == ("kind", "person_id", "served_on")
        assert con.execute("SELECT kind, person_id FROM service").fetchall() == [("政策宣介", 1)]
    finally:
        con.close()
    copies = list(db_path.parent.glob("*-before-migration-*"))
    assert [c.name.startswith("station.v6-before-migration-") for c in copies] == [True]
