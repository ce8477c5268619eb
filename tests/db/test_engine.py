"""db.engine: transactions begin IMMEDIATE and a failed transaction reports its own error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from db.errors import Problem, classify
from db.models import Person, database


def test_a_write_waits_for_another_writer_instead_of_failing(db: Path) -> None:
    other = sqlite3.connect(db, timeout=5, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    database.execute_sql("PRAGMA busy_timeout=200")
    try:
        with pytest.raises(pw.OperationalError) as info, database.atomic():
            pass  # BEGIN IMMEDIATE waits 200 ms for the other writer, then reports it as locked
        assert classify(info.value) is Problem.LOCKED
    finally:
        other.execute("ROLLBACK")
        other.close()
    with database.atomic():  # and goes through once the other writer is done
        database.execute_sql("SELECT 1")


def test_sqlite_full_is_reported_as_itself(db: Path) -> None:
    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count={pages}")
    with pytest.raises(pw.PeeweeException) as info, database.atomic():
        for n in range(300):
            Person.insert(
                id_number=f"11010519491231{n:03d}X",
                name="张三" * 500,
                gender="女",
                birth_date="1949-12-31",
                employment_status="退休",
                survey_date="2024-01-01",
            ).execute()
    assert classify(info.value) is Problem.DISK_FULL
    assert "cannot rollback" not in str(info.value)


def test_a_nested_block_rolls_back_to_its_savepoint(db: Path) -> None:
    with database.atomic():
        database.execute_sql("INSERT INTO setting(key, value) VALUES ('a', '1')")
        with pytest.raises(RuntimeError), database.atomic():
            database.execute_sql("INSERT INTO setting(key, value) VALUES ('b', '2')")
            raise RuntimeError
    keys = [r[0] for r in database.execute_sql("SELECT key FROM setting ORDER BY key")]
    assert keys == ["a"]
