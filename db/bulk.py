"""Loading many rows at once into tables that already have their indexes.

Inserting rows into a table with secondary indexes updates each index B-tree row by row, in the rows'
order; once an index outgrows SQLite's page cache the updates turn into random reads and writes, and the
load grows faster than the rows (a 200,000-person demo took 6.2 times as long as a 50,000-person one).
Building an index after the load sorts its keys once. :func:`indexes_deferred` drops the explicit indexes
of the tables, and creates them again, from their own SQL, when the block ends — all inside the caller's
transaction, so a failure leaves the file as it was. A unique index is checked when it is created again:
a duplicate fails the transaction there instead of at its row.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterable, Iterator


def explicit_indexes(conn: sqlite3.Connection, tables: Iterable[str]) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the indexes created by the schema on ``tables`` (not the ones
    SQLite makes for a PRIMARY KEY or a UNIQUE column constraint, which have no SQL)."""
    wanted = list(tables)
    if not wanted:
        return []
    marks = ", ".join("?" * len(wanted))
    rows = conn.execute(
        f"SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        wanted,
    ).fetchall()
    return [(str(name), str(sql)) for name, sql in rows]


@contextlib.contextmanager
def indexes_deferred(conn: sqlite3.Connection, tables: Iterable[str]) -> Iterator[None]:
    """Inside the caller's open transaction: the explicit indexes of ``tables`` are dropped for the
    block and built again at its end."""
    if not conn.in_transaction:
        raise RuntimeError("indexes_deferred needs an open transaction")
    indexes = explicit_indexes(conn, tables)
    for name, _sql in indexes:
        conn.execute(f'DROP INDEX main."{name}"')
    yield
    for _name, sql in indexes:
        conn.execute(sql)
