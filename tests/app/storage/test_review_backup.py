"""Review: restoring a backup from an older schema version while other connections are open."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from app.core.idcard import make_id
from app.register import ledger
from app.storage import backup
from db.connection import APPLICATION_ID, SCHEMA_VERSION
from db.models import Assessment, Person, database

V1_SQL = Path(__file__).resolve().parents[3] / "db" / "migrations" / "v001_initial.sql"
OLD_ID = make_id("110101", dt.date(1985, 3, 12), 123)


def _v1_file(path: Path) -> Path:
    """A schema-version-1 station file built by hand from the first migration, with one person."""
    con = sqlite3.connect(path)
    try:
        con.executescript(V1_SQL.read_text(encoding="utf-8"))
        con.execute(f"PRAGMA application_id={APPLICATION_ID}")
        con.execute("PRAGMA user_version=1")
        columns = [r[1] for r in con.execute('PRAGMA table_info("person")')]
        values: dict[str, object] = dict.fromkeys(columns, "")
        nullable = ("household_id", "wants_work", "training_need", "disabled", "female_retire_base")
        values.update(dict.fromkeys((*nullable, "expected_pay"), None))
        values.update(
            id=1,
            id_number=OLD_ID,
            name="旧台账",
            gender="男",
            birth_date="1985-03-12",
            employment_status="未就业",
            labor_ability="完全劳动能力",
            survey_date="2023-01-01",
            created_at="2023-01-01 00:00:00",
            updated_at="2023-01-01 00:00:00",
        )
        marks = ", ".join("?" for _ in columns)
        con.execute(f'INSERT INTO "person" ({", ".join(columns)}) VALUES ({marks})', list(values.values()))
        con.commit()
    finally:
        con.close()
    return path


def test_restore_of_a_v1_file_with_another_connection_open_migrates(db: Path, tmp_path: Path) -> None:
    new_id = make_id("440106", dt.date(1990, 7, 1), 222)
    ledger.save_person(
        {"id_number": new_id, "name": "新数据", "employment_status": "未就业", "survey_date": "2024-03-01"}
    )
    old = _v1_file(tmp_path / "old-v1.sqlite")
    assert backup.verify_backup_file(old) == 1
    other = sqlite3.connect(db)  # e.g. a second window on the same file
    try:
        assert other.execute('SELECT count(*) FROM "person"').fetchone()[0] == 1
        kept = backup.restore(old)
        # The restored data is at the current schema version: tables of later steps exist and work.
        assert database.execute_sql("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert [p.name for p in Person.select()] == ["旧台账"]
        assert Assessment.select().count() == 0
        # The other connection sees the restored, migrated data.
        assert other.execute('SELECT name FROM "person"').fetchall() == [("旧台账",)]
        assert other.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    finally:
        other.close()
    # The data it replaced is kept, at the current version.
    con = sqlite3.connect(kept)
    try:
        assert con.execute('SELECT name FROM "person"').fetchall() == [("新数据",)]
    finally:
        con.close()
    # The backup file itself is untouched (still version 1).
    con = sqlite3.connect(old)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        con.close()
