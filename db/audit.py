"""The audit trail at the storage level: every change to a ledger table writes an ``audit_entry`` row in the
same transaction, through temporary triggers this module installs on each connection of the program.

- Each entry carries the operator, the time, the kind (create / update / delete, one row per changed field
  for an update), the table, the record's natural key and the person it concerns.
- Entries form a hash chain: ``hash = sha256(prev_hash, the entry's fields)``. An entry edited or deleted
  with another tool breaks the chain at that entry (:func:`verify_chain`). The permanent triggers of the
  migration refuse UPDATE and DELETE on ``audit_entry`` through any connection.
- The session (:class:`Session`) says who writes and how: ``readonly`` makes every write to an audited table
  fail inside SQLite (RAISE with :data:`READONLY_MESSAGE`); ``mode`` "bulk" (an import) records updates and
  deletes linked to the import's own entry but not each created row; "silent" (demo generation) records
  nothing row by row.

This module knows no language and no roles: :mod:`app.accounts` sets the session and says it in Chinese.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from db.errors import READONLY_MESSAGE

NORMAL, BULK, SILENT = "normal", "bulk", "silent"

# Columns whose changes are not worth an entry (bookkeeping, large blobs and snapshots).
_SKIPPED_COLUMNS = frozenset({"id", "created_at", "updated_at", "content", "snapshot", "added_at"})


def _person_key(expr: str) -> str:
    return f"COALESCE((SELECT id_number FROM main.person WHERE id = {expr}), 'person#' || {expr})"


# table -> (natural key over the row r, the person the row concerns or NULL)
AUDITED: dict[str, tuple[str, str]] = {
    "person": ("r.id_number", "r.id"),
    "household": ("r.code", "NULL"),
    "registration": (_person_key("r.person_id") + " || ' ' || r.registered_on", "r.person_id"),
    "recognition": (_person_key("r.person_id") + " || ' ' || r.recognized_on", "r.person_id"),
    "employment": (_person_key("r.person_id") + " || ' ' || r.started_on", "r.person_id"),
    "graduate": (_person_key("r.person_id"), "r.person_id"),
    "service_plan": (_person_key("r.person_id") + " || ' #' || r.id", "r.person_id"),
    "service": (_person_key("r.person_id") + " || ' ' || r.served_on", "r.person_id"),
    "referral": (_person_key("r.person_id") + " || ' ' || r.referred_on", "r.person_id"),
    "training_referral": (_person_key("r.person_id") + " || ' #' || r.id", "r.person_id"),
    "job_seeking": (_person_key("r.person_id") + " || ' ' || r.registered_on", "r.person_id"),
    "zero_family": (
        "COALESCE((SELECT code FROM main.household WHERE id = r.household_id),"
        " 'household#' || r.household_id) || ' ' || r.recognized_on",
        "NULL",
    ),
    "employer": ("r.name", "NULL"),
    "vacancy": ("r.code", "NULL"),
    "complaint": ("r.date || ' #' || r.id", "NULL"),
    "staff": ("r.name", "NULL"),
    "event": ("r.date || ' ' || r.name", "NULL"),
    "station_profile": ("'站点信息'", "NULL"),
    "star_rating": ("'星级 #' || r.id", "NULL"),
    "setting": ("r.key", "NULL"),
    "assessment": ("r.standard_id || ' #' || r.id", "NULL"),
    "assessment_answer": ("'assessment#' || r.assessment_id || ' ' || r.item_id", "NULL"),
    "evidence": ("'assessment#' || r.assessment_id || ' ' || r.item_id || ' ' || r.name", "NULL"),
}


@dataclass
class Session:
    operator: str = ""
    readonly: bool = False
    mode: str = NORMAL
    parent: int | None = None


SESSION = Session()


def set_operator(name: str, *, readonly: bool) -> None:
    SESSION.operator = name
    SESSION.readonly = readonly


@contextlib.contextmanager
def mode(value: str, parent: int | None = None) -> Iterator[None]:
    """Record in ``value`` mode (BULK / SILENT) inside the block, linking entries to ``parent``."""
    before = (SESSION.mode, SESSION.parent)
    SESSION.mode, SESSION.parent = value, parent
    try:
        yield
    finally:
        SESSION.mode, SESSION.parent = before


def entry_hash(prev: str, fields: Sequence[object]) -> str:
    """The chain hash of one entry: sha256 over the previous hash and the entry's fields."""
    h = hashlib.sha256(prev.encode("utf-8"))
    for value in fields:
        h.update(b"\x1f")
        h.update(b"\x00" if value is None else str(value).encode("utf-8"))
    return h.hexdigest()


# The fields, in order, that the hash covers (after prev_hash).
HASHED = (
    "id", "at", "operator", "kind", "table_name", "record_key", "person_id", "field", "old", "new", "detail",
    "parent_id",
)  # fmt: skip


_COLUMNS = ", ".join(f'"{c}"' for c in (*HASHED, "prev_hash", "hash"))


def _sd_hash(*args: object) -> str:
    return entry_hash(str(args[0]), args[1:])


def _functions(conn: sqlite3.Connection) -> None:
    conn.create_function("sd_operator", 0, lambda: SESSION.operator)
    conn.create_function("sd_readonly", 0, lambda: 1 if SESSION.readonly else 0)
    conn.create_function("sd_mode", 0, lambda: SESSION.mode)
    conn.create_function("sd_parent", 0, lambda: SESSION.parent)
    conn.create_function("sd_hash", len(HASHED) + 1, _sd_hash, deterministic=True)


def _insert(kind: str, table: str, key: str, pid: str, field: str, old: str, new: str) -> str:
    # Everything that costs (the functions, the key's sub-query) is evaluated once, in ``n``, and used
    # both as the entry's value and in its hash.
    parts = ["n.id", "n.at", "n.op", f"'{kind}'", f"'{table}'", "n.k", "n.p", f"'{field}'", old, new]
    values = ", ".join([*parts, "''", "n.par"])
    return (
        f"INSERT INTO audit_entry ({_COLUMNS}) "
        f"SELECT {values}, n.prev, sd_hash(n.prev, {values}) FROM (SELECT COALESCE(MAX(id), 0) + 1 AS id, "
        "strftime('%Y-%m-%dT%H:%M:%S', 'now', 'localtime') AS at, "
        "COALESCE((SELECT hash FROM main.audit_entry ORDER BY id DESC LIMIT 1), '') AS prev, "
        f"sd_operator() AS op, sd_parent() AS par, {key} AS k, {pid} AS p "
        "FROM main.audit_entry) AS n"
    )


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')]


def _exists(conn: sqlite3.Connection, table: str) -> bool:
    row = conn.execute(
        "SELECT 1 FROM main.sqlite_master WHERE type = 'table' AND name = ?", (table,)
    ).fetchone()
    return row is not None


def trigger_sql(conn: sqlite3.Connection) -> list[str]:
    """The CREATE TEMP TRIGGER statements for every audited table present in the file."""
    out: list[str] = []
    for table, (key, pid) in AUDITED.items():
        if not _exists(conn, table):
            continue
        for op in ("INSERT", "UPDATE", "DELETE"):
            out.append(
                f'CREATE TEMP TRIGGER "sd_ro_{op.lower()}_{table}" BEFORE {op} ON main."{table}" '
                f"WHEN sd_readonly() BEGIN SELECT RAISE(ABORT, '{READONLY_MESSAGE}'); END"
            )
        new_key, new_pid = key.replace("r.", "NEW."), pid.replace("r.", "NEW.")
        old_key, old_pid = key.replace("r.", "OLD."), pid.replace("r.", "OLD.")
        out.append(
            f'CREATE TEMP TRIGGER "sd_audit_insert_{table}" AFTER INSERT ON main."{table}" '
            f"WHEN sd_mode() = '{NORMAL}' BEGIN "
            + _insert("create", table, new_key, new_pid, "", "NULL", "NULL")
            + "; END"
        )
        out.append(
            f'CREATE TEMP TRIGGER "sd_audit_delete_{table}" AFTER DELETE ON main."{table}" '
            f"WHEN sd_mode() != '{SILENT}' BEGIN "
            + _insert("delete", table, old_key, old_pid, "", "NULL", "NULL")
            + "; END"
        )
        changes = [
            _insert(
                "update",
                table,
                new_key,
                new_pid,
                col,
                f'CAST(OLD."{col}" AS TEXT)',
                f'CAST(NEW."{col}" AS TEXT)',
            )
            + f' WHERE OLD."{col}" IS NOT NEW."{col}"'
            for col in _columns(conn, table)
            if col not in _SKIPPED_COLUMNS
        ]
        if changes:
            out.append(
                f'CREATE TEMP TRIGGER "sd_audit_update_{table}" AFTER UPDATE ON main."{table}" '
                f"WHEN sd_mode() != '{SILENT}' BEGIN " + "; ".join(changes) + "; END"
            )
    return out


def uninstall(conn: sqlite3.Connection) -> None:
    names = [r[0] for r in conn.execute("SELECT name FROM temp.sqlite_master WHERE type = 'trigger'")]
    for name in names:
        if name.startswith("sd_"):
            conn.execute(f'DROP TRIGGER IF EXISTS temp."{name}"')


def install(conn: sqlite3.Connection) -> None:
    """(Re)create the session functions and the temporary triggers on ``conn`` for the file's current
    schema; nothing when the file has no audit table yet (it is being created or migrated)."""
    _functions(conn)
    uninstall(conn)
    if not _exists(conn, "audit_entry"):
        return
    for statement in trigger_sql(conn):
        conn.execute(statement)


@contextlib.contextmanager
def row_triggers_suspended(
    conn: sqlite3.Connection, execute: Callable[[str], object] | None = None
) -> Iterator[None]:
    """Inside the caller's transaction on ``conn``: no per-row trigger fires (a bulk load that records
    nothing row by row, in SILENT mode). Each trigger costs a call into Python per row: 35–60 % of a demo's
    time. A read-only session is still refused, by the very trigger it would meet: one probe row is
    inserted under a savepoint and rolled back (through ``execute``, default ``conn.execute``: the caller's
    database object may turn the refusal into its own error). The triggers are back when the block ends
    (and a rollback of the transaction brings them back too: the temporary schema is transactional)."""
    run = execute or conn.execute
    if not conn.in_transaction:
        raise RuntimeError("row_triggers_suspended needs an open transaction")
    if _exists(conn, "setting"):
        run("SAVEPOINT sd_probe")
        try:
            run("INSERT INTO main.setting (key, value) VALUES ('sd-probe', '')")
        finally:
            run("ROLLBACK TO sd_probe")
            run("RELEASE sd_probe")
    uninstall(conn)
    try:
        yield
    finally:
        install(conn)


def append(
    conn: sqlite3.Connection,
    kind: str,
    *,
    table: str = "",
    key: str = "",
    person_id: int | None = None,
    detail: str = "",
    parent: int | None = None,
    operator: str | None = None,
) -> int:
    """Append one explicit entry (an import's summary, a restore, a full-ID export, an account change) in
    the caller's transaction; its id."""
    row = conn.execute(
        "SELECT COALESCE(MAX(id), 0) + 1, "
        "COALESCE((SELECT hash FROM audit_entry ORDER BY id DESC LIMIT 1), '') FROM audit_entry"
    ).fetchone()
    entry_id, prev = int(row[0]), str(row[1])
    at = dt.datetime.now().replace(microsecond=0).isoformat()
    who = SESSION.operator if operator is None else operator
    fields = (entry_id, at, who, kind, table, key, person_id, "", None, None, detail, parent)
    conn.execute(
        f"INSERT INTO audit_entry ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*fields, prev, entry_hash(prev, fields)),
    )
    return entry_id


def verify_chain(conn: sqlite3.Connection) -> int | None:
    """The id of the first entry whose hash or link is broken (edited, inserted or deleted by another tool),
    or None when the whole chain holds."""
    prev = ""
    expected_id = 1
    cols = ", ".join(f'"{c}"' for c in HASHED)
    for row in conn.execute(f"SELECT {cols}, prev_hash, hash FROM audit_entry ORDER BY id"):
        fields, prev_hash, stored = row[: len(HASHED)], row[-2], row[-1]
        if fields[0] != expected_id or prev_hash != prev or entry_hash(prev, fields) != stored:
            return int(fields[0])
        prev = stored
        expected_id += 1
    return None


def _on_connect(conn: sqlite3.Connection) -> None:
    install(conn)


def _register() -> None:
    from db.models import StationDatabase

    if _on_connect not in StationDatabase.connection_hooks:
        StationDatabase.connection_hooks.append(_on_connect)


_register()
