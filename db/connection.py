"""Opening the station's SQLite file: pragmas, identity checks, schema version and migrations.

- WAL, foreign keys, ``synchronous=full`` (a commit is on the disk when it returns, also after a power
  loss) and a busy timeout on every connection; transactions begin IMMEDIATE (:mod:`db.engine`).
- A missing file is created only when asked (``create=True``); an empty (0-byte) file is refused as
  damaged, never filled; ``PRAGMA quick_check`` runs on every open and refuses damaged content.
- An encrypted file (:mod:`db.cipher`) is opened with its data key (``key=``): every connection is a
  SQLCipher connection keyed first; without the key it is "not a database" (random bytes look the
  same), and a key that does not open it is :data:`Problem.WRONG_KEY`. Backups of an encrypted file
  have the same key.
- ``PRAGMA application_id`` marks the file as ours; ``PRAGMA user_version`` is the integer schema
  version. A file with a newer version than this program knows is refused; an older one is first
  copied aside (consistent online backup) and then migrated in order, each step in a transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import peewee as pw

from db import audit, cipher
from db.durable import fault_point, fsync_file, replace_durably
from db.errors import DB_ERRORS, SQLITE_NOTADB, DataFileError, Problem, classify
from db.migrations import MIGRATIONS
from db.models import database

log = logging.getLogger(__name__)

APPLICATION_ID = 0x53544E44  # "STND"
SCHEMA_VERSION = len(MIGRATIONS)
PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "full",
    "busy_timeout": 5000,
    "cache_size": -65536,
}
_SQLITE_HEADER = cipher.SQLITE_HEADER


def _looks_like_sqlite(path: Path) -> bool:
    """A missing file may become one; an empty file is damaged (a crash or a failed copy left it)."""
    if not path.exists():
        return True
    with path.open("rb") as fh:
        return fh.read(16) == _SQLITE_HEADER


@contextmanager
def sqlite_errors(path: Path | str | None = None) -> Iterator[None]:
    """Turn SQLite errors that concern the file (locked, full, damaged, unopenable) into
    :class:`DataFileError`; any other error propagates unchanged."""
    try:
        yield
    except DB_ERRORS as exc:
        problem = classify(exc)
        if problem is None:
            raise
        raise DataFileError(problem, path) from exc


@contextmanager
def _key_errors(path: Path, key: bytes | None) -> Iterator[None]:
    """With a key, "not a database" at the first read means the key does not open the file."""
    try:
        yield
    except DB_ERRORS as exc:
        err = getattr(exc, "orig", exc)
        if key is not None and (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_NOTADB:
            raise DataFileError(Problem.WRONG_KEY, path) from exc
        raise


def is_encrypted(path: Path | str) -> bool:
    """Whether the file at ``path`` is an encrypted station file (or looks like one: see
    :func:`db.cipher.looks_encrypted`)."""
    return cipher.looks_encrypted(Path(path))


def _read_only(path: Path, key: bytes | None = None) -> sqlite3.Connection:
    """A connection that neither writes to ``path`` nor leaves -wal/-shm files beside it.

    Without a -wal file the main file holds everything: ``immutable=1`` reads it without creating
    any. With one (the file is in use, or a crash left it) the WAL must be read: ``mode=ro``.
    The URI is built by pathlib, so '?', '#' or '%' in a folder name cannot break it.
    """
    path = Path(path).resolve()
    wal = path.with_name(path.name + "-wal")
    uri = path.as_uri() + ("?mode=ro" if wal.exists() else "?immutable=1")
    if key is not None:
        return cipher.connect(uri, key, uri=True)
    return sqlite3.connect(uri, uri=True)


def inspect_file(path: Path, key: bytes | None = None) -> tuple[int, int]:
    """(application_id, user_version) of a file, read without migrating it (an encrypted file with its
    ``key``)."""
    if key is None and not _looks_like_sqlite(path):
        raise DataFileError(Problem.NOT_A_DATABASE, path)
    with sqlite_errors(path), _key_errors(path, key):
        con = _read_only(path, key)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()
    return app_id, version


def open_database(
    path: Path | str, *, migrate: bool = True, create: bool = True, key: bytes | None = None
) -> pw.SqliteDatabase:
    """Open the station file at ``path`` and bring its schema up to date; an encrypted file with its
    data ``key`` (a key given for a new file makes it encrypted).

    A missing file is created (with its folder) only when ``create``; otherwise it is refused
    (:data:`Problem.MISSING`). An empty file or damaged content is refused either way."""
    path = Path(path)
    if path.is_dir():
        raise DataFileError(Problem.IS_DIRECTORY, path)
    if not path.exists() and not create:
        raise DataFileError(Problem.MISSING, path)
    if not _looks_like_sqlite(path) and not (key is not None and is_encrypted(path)):
        raise DataFileError(Problem.NOT_A_DATABASE, path)
    if not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
    close_database()
    # Refuse a foreign, newer or damaged file (or a wrong key) before the pragmas write to it.
    _precheck(path, key)
    database.set_key(key)
    database.init(str(path), pragmas=PRAGMAS, check_same_thread=False)
    try:
        with sqlite_errors(path), _key_errors(path, key):
            database.connect(reuse_if_open=True)
            _check_identity(path)
            _quick_check(path)
            if migrate:
                _migrate(path)
            # The audit triggers follow the schema as it is now (after any migration).
            audit.install(database.connection())
    except BaseException:
        close_database()
        raise
    return database


def close_database() -> None:
    if database.database is not None and not database.is_closed():
        database.close()


def is_open_encrypted() -> bool:
    """Whether the open file is encrypted."""
    return database.encrypted and database.database is not None


def current_path() -> Path | None:
    return Path(database.database) if database.database else None


def schema_version() -> int:
    return int(database.execute_sql("PRAGMA user_version").fetchone()[0])


_COUNT_TABLES = "SELECT count(*) FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"


def _precheck(path: Path, key: bytes | None = None) -> None:
    """Identity check of an existing file over a read-only connection (nothing is written)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with sqlite_errors(path), _key_errors(path, key):
        con = _read_only(path, key)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute(_COUNT_TABLES).fetchone()[0]
        finally:
            con.close()
    _refuse_foreign_or_newer(path, app_id, version, tables)


def _quick_check(path: Path) -> None:
    """``PRAGMA quick_check``: damaged pages, indexes or records refuse the file before anything reads
    or writes them (about 0.1 s for a 20,000-person file)."""
    rows = database.execute_sql("PRAGMA quick_check(1)").fetchall()
    if [r[0] for r in rows] != ["ok"]:
        log.error("quick_check of %s: %s", path, rows)
        raise DataFileError(Problem.CORRUPT, path)


def _check_identity(path: Path) -> None:
    app_id = database.execute_sql("PRAGMA application_id").fetchone()[0]
    version = schema_version()
    tables = database.execute_sql(_COUNT_TABLES).fetchone()[0]
    _refuse_foreign_or_newer(path, app_id, version, tables)


def _refuse_foreign_or_newer(path: Path, app_id: int, version: int, tables: int) -> None:
    if app_id not in (0, APPLICATION_ID) or (app_id == 0 and tables > 0):
        raise DataFileError(Problem.FOREIGN, path)
    if version > SCHEMA_VERSION:
        raise DataFileError(Problem.NEWER, path, version=version, supported=SCHEMA_VERSION)


def backup_to(dest: Path) -> None:
    """Consistent copy of the open database to ``dest`` (SQLite online backup; safe while in use).

    The copy is made under ``dest.part``, checked (``quick_check``: a damaged source gives a damaged copy)
    and flushed to the disk before it takes the name ``dest``; on any failure (a full disk, damage) the
    ``.part`` file is removed and ``dest`` is left as it was. The copy of an encrypted file is encrypted
    with the same key."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    try:
        if tmp.exists():
            tmp.unlink()
        with sqlite_errors(dest):
            key = database.key
            target = sqlite3.connect(str(tmp)) if key is None else cipher.connect(tmp, key)
            try:
                database.connection().backup(target)
                target.execute("PRAGMA journal_mode=DELETE")
                fault_point("backup-copied")
                check = [r[0] for r in target.execute("PRAGMA quick_check(1)").fetchall()]
            finally:
                target.close()
        if check != ["ok"]:
            raise DataFileError(Problem.CORRUPT, database.database)
        replace_durably(tmp, dest)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        raise


def convert_file(source: Path, source_key: bytes | None, dest: Path, dest_key: bytes | None) -> None:
    """Write ``dest`` (a new name) with the content of the closed file ``source``: encrypted with
    ``dest_key``, or plain when it is None (``sqlcipher_export``: every table, index, trigger and row;
    the schema version and application id too). ``dest`` is checked (``quick_check`` with its key) and
    flushed; on any failure it is removed."""
    try:
        with sqlite_errors(source), _key_errors(source, source_key):
            con = cipher.connect(source, source_key, isolation_level=None)
            try:
                app_id = con.execute("PRAGMA application_id").fetchone()[0]
                version = con.execute("PRAGMA user_version").fetchone()[0]
                cipher.export(con, dest, dest_key, user_version=version, application_id=app_id)
            finally:
                con.close()
            fault_point("converted")
            check_file(dest, dest_key)
        fsync_file(dest)
    except BaseException:
        for leftover in (dest, dest.with_name(dest.name + "-journal")):
            with suppress(OSError):
                leftover.unlink()
        raise


def check_file(path: Path, key: bytes | None) -> tuple[int, int]:
    """``quick_check`` of a closed file (with its key); its (application_id, schema version). A damaged
    file is :data:`Problem.CORRUPT`, a key that does not open it :data:`Problem.WRONG_KEY`."""
    with sqlite_errors(path), _key_errors(path, key):
        con = cipher.connect(path, key) if key is not None else sqlite3.connect(str(path))
        try:
            rows = [r[0] for r in con.execute("PRAGMA quick_check(1)").fetchall()]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
        finally:
            con.close()
    if rows != ["ok"]:
        raise DataFileError(Problem.CORRUPT, path)
    return int(app_id), int(version)


def _migrate(path: Path) -> None:
    version = schema_version()
    if version == SCHEMA_VERSION:
        return
    if version > 0:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        copy = path.with_name(f"{path.stem}.v{version}-before-migration-{stamp}{path.suffix}")
        log.info("backing up %s to %s before migrating", path, copy)
        backup_to(copy)
    # All steps in ONE transaction: a failing step leaves the file exactly at the version it had.
    # Table-rebuilding steps with foreign keys on could cascade-delete: switch them off around the
    # transaction (the pragma has no effect inside one).
    database.execute_sql("PRAGMA foreign_keys=OFF")
    audit.uninstall(database.connection())
    try:
        with audit.mode(audit.SILENT), database.atomic():
            for target in range(version + 1, SCHEMA_VERSION + 1):
                log.info("migrating %s to schema version %d", path, target)
                MIGRATIONS[target - 1](database)
                bad = database.execute_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise DataFileError(Problem.MIGRATION_INCONSISTENT, path, target=target)
            database.execute_sql(f"PRAGMA application_id={APPLICATION_ID}")
            database.execute_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
    finally:
        database.execute_sql("PRAGMA foreign_keys=ON")
