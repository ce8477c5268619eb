"""Encrypted data files (issue 15): SQLCipher connections, telling an encrypted file from a plain one,
and converting between the two.

An encrypted station file is a SQLCipher 4 database keyed with a raw 256-bit key (``PRAGMA key =
"x'<hex>'"``: no key derivation at each open; the key itself is derived and kept by
:mod:`app.accounts.keyring`). Every page of the file, of its WAL and of its backups is encrypted; temporary
tables and sorts stay in memory (``temp_store=MEMORY``), so no temporary file holds clear text.

SQLCipher comes from the ``sqlcipher3`` module (the ``sqlcipher3-wheels`` package on PyPI, wheels for
Linux and Windows); a plain file never needs it. ``db`` knows no key files and no passwords.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import peewee as pw

SQLITE_HEADER = b"SQLite format 3\x00"
KEY_BYTES = 32
# An encrypted file is whole pages (SQLCipher's default page size is 4096; 1024 is its smallest).
_PAGE_MULTIPLE = 1024

_sqlcipher: ModuleType | None
try:  # pragma: no branch - present wherever the package is installed
    import sqlcipher3 as _imported

    _sqlcipher = _imported
except ImportError:  # pragma: no cover - the dependency is declared; this keeps plain files usable
    _sqlcipher = None

# Every error a connection can raise: the standard module's and SQLCipher's (a separate class tree).
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,) + ((_sqlcipher.Error,) if _sqlcipher else ())


class CipherUnavailable(RuntimeError):
    """The SQLCipher module is not installed (a broken installation)."""


def module() -> ModuleType:
    if _sqlcipher is None:
        raise CipherUnavailable("sqlcipher3 is not installed")
    return _sqlcipher


def available() -> bool:
    return _sqlcipher is not None


def key_pragma(key: bytes) -> str:
    if len(key) != KEY_BYTES:
        raise ValueError("the data key is 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def apply_key(conn: Any, key: bytes, schema: str | None = None) -> None:
    """Key a fresh SQLCipher connection: before any other statement. SQLCipher's own log (a wrong key
    prints "ERROR CORE ..." to stderr) is silenced: the caller reports the error."""
    conn.execute("PRAGMA cipher_log_level = NONE")
    if schema is None:
        conn.execute(key_pragma(key))
    else:
        conn.execute(f"PRAGMA {schema}.key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA temp_store = MEMORY")


def connect(database: str | Path, key: bytes | None, **kwargs: Any) -> Any:
    """A SQLCipher connection to ``database`` (a path, or a ``file:`` URI with ``uri=True``), keyed
    (``key`` None: a plain file, read through SQLCipher to export it)."""
    conn = module().connect(str(database), **kwargs)
    try:
        if key is None:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("PRAGMA temp_store = MEMORY")
        else:
            apply_key(conn, key)
    except BaseException:
        conn.close()
        raise
    return conn


def looks_encrypted(path: Path) -> bool:
    """Whether ``path`` is (most likely) an encrypted database: whole pages without SQLite's clear header.
    A missing, empty or clear file is not; a damaged or foreign file of whole pages may be (opening it
    with the key then fails as "not a database")."""
    try:
        size = path.stat().st_size
        if size == 0 or size % _PAGE_MULTIPLE:
            return False
        with path.open("rb") as fh:
            return fh.read(16) != SQLITE_HEADER
    except OSError:
        return False


def export(
    source: Any, dest: Path, dest_key: bytes | None, *, user_version: int, application_id: int
) -> None:
    """Copy every table, index, trigger and row of the open SQLCipher connection ``source`` into a new
    file ``dest``, encrypted with ``dest_key`` (None: a plain file), with the schema version and
    application id the export itself does not carry. ``source`` must not be inside a transaction."""
    if dest.exists():
        raise FileExistsError(dest)
    key_sql = "''" if dest_key is None else f"\"x'{dest_key.hex()}'\""
    source.execute(f"ATTACH DATABASE ? AS export_target KEY {key_sql}", (str(dest),))
    try:
        source.execute("SELECT sqlcipher_export('export_target')")
        source.execute(f"PRAGMA export_target.user_version = {int(user_version)}")
        source.execute(f"PRAGMA export_target.application_id = {int(application_id)}")
        if source.in_transaction:
            source.execute("COMMIT")
    finally:
        source.execute("DETACH DATABASE export_target")


class KeyedDatabase(pw.SqliteDatabase):
    """A peewee SQLite database that opens an encrypted file with its data key (:meth:`set_key` before
    ``connect``): every connection, in every thread, is a SQLCipher connection keyed before its first
    statement, then gets the usual pragmas and hooks (``_add_conn_hooks``)."""

    _cipher_key: bytes | None = None

    def set_key(self, key: bytes | None) -> None:
        """The data key of the file to open (None: a plain file). Takes effect at the next connection."""
        self._cipher_key = key

    @property
    def key(self) -> bytes | None:
        """The data key of the open file, or None when it is not encrypted."""
        return self._cipher_key

    @property
    def encrypted(self) -> bool:
        return self._cipher_key is not None

    def _connect(self) -> Any:
        if self._cipher_key is None:
            return super()._connect()  # type: ignore[misc]
        conn = connect(
            self.database,
            self._cipher_key,
            timeout=getattr(self, "_timeout", 5.0),
            isolation_level=None,
            **self.connect_params,
        )
        try:
            self._add_conn_hooks(conn)  # type: ignore[attr-defined]
        except Exception:
            conn.close()
            raise
        return conn
