"""db.bulk: indexes dropped for a bulk load and built again, all inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from db.bulk import explicit_indexes, indexes_deferred


def _file(tmp_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(tmp_path / "b.sqlite", isolation_level=None)
    conn.executescript(
        "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT UNIQUE, day TEXT, other TEXT);"
        "CREATE INDEX t_day ON t (day);"
        "CREATE UNIQUE INDEX t_other ON t (other);"
        "CREATE TABLE u (id INTEGER PRIMARY KEY, day TEXT);"
        "CREATE INDEX u_day ON u (day);"
    )
    return conn


def _schema(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    return conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").fetchall()


def test_only_the_schemas_own_indexes_of_the_named_tables(tmp_path: Path) -> None:
    conn = _file(tmp_path)
    assert [name for name, _sql in explicit_indexes(conn, ["t"])] == ["t_day", "t_other"]
    assert explicit_indexes(conn, []) == []


def test_the_indexes_are_gone_during_the_load_and_the_same_after(tmp_path: Path) -> None:
    conn = _file(tmp_path)
    before = _schema(conn)
    conn.execute("BEGIN IMMEDIATE")
    with indexes_deferred(conn, ["t"]):
        assert [n for n, _s in _schema(conn) if not n.startswith("sqlite_")] == ["u_day"]
        conn.executemany(
            "INSERT INTO t (code, day, other) VALUES (?, ?, ?)", [(f"c{i}", "d", i) for i in range(9)]
        )
    conn.execute("COMMIT")
    assert _schema(conn) == before
    plan = conn.execute("EXPLAIN QUERY PLAN SELECT * FROM t WHERE day = 'd'").fetchall()
    assert "t_day" in str(plan)


def test_a_failed_load_rolls_back_the_rows_and_keeps_the_indexes(tmp_path: Path) -> None:
    conn = _file(tmp_path)
    before = _schema(conn)
    conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(RuntimeError), indexes_deferred(conn, ["t", "u"]):
        conn.execute("INSERT INTO t (code) VALUES ('x')")
        raise RuntimeError("halfway")
    conn.execute("ROLLBACK")
    assert _schema(conn) == before
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)


def test_a_duplicate_for_a_unique_index_fails_when_the_index_is_built_again(tmp_path: Path) -> None:
    conn = _file(tmp_path)
    before = _schema(conn)
    conn.execute("BEGIN IMMEDIATE")
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"), indexes_deferred(conn, ["t"]):
        conn.executemany("INSERT INTO t (code, other) VALUES (?, ?)", [("a", "same"), ("b", "same")])
    conn.execute("ROLLBACK")
    assert _schema(conn) == before
    assert conn.execute("SELECT COUNT(*) FROM t").fetchone() == (0,)


def test_it_refuses_to_run_outside_a_transaction(tmp_path: Path) -> None:
    conn = _file(tmp_path)
    before = _schema(conn)
    with pytest.raises(RuntimeError, match="transaction"), indexes_deferred(conn, ["t"]):
        pass
    assert _schema(conn) == before
