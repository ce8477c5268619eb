"""The station's database object: every transaction a write transaction that waits its turn, and a
rollback that never hides why a transaction failed.

- ``database.atomic()`` (and ``transaction()``) start with ``BEGIN IMMEDIATE``: the write lock is taken
  at the start, waiting up to ``busy_timeout``. A deferred transaction that reads first and writes later
  cannot upgrade its lock while another process writes, and SQLite refuses it at once ("database is
  locked") without honouring the timeout. Every write in ``app/`` goes through ``database.atomic()``, so
  this one class is the helper they all use.
- When SQLite itself ends a transaction (a full disk, an I/O error), peewee's ``ROLLBACK`` fails with
  "cannot rollback - no transaction is active" and that error replaces the real one. Here the rollback is
  skipped when SQLite has no transaction open, so the caller sees the SQLite error (SQLITE_FULL ...),
  which :func:`db.errors.classify` sorts by its result code.
"""

from __future__ import annotations

from typing import Any

import peewee as pw

LOCK_TYPE = "IMMEDIATE"


def _sqlite_in_transaction(db: pw.SqliteDatabase) -> bool:
    if db.is_closed():
        return False
    return bool(db.connection().in_transaction)


class _Savepoint(pw._savepoint):
    def rollback(self, begin: bool = True) -> None:
        if not _sqlite_in_transaction(self.db):
            return  # SQLite already rolled the whole transaction back: the savepoint is gone
        super().rollback(begin)


class ImmediateDatabase(pw.SqliteDatabase):
    """``SqliteDatabase`` whose transactions begin IMMEDIATE and whose rollback keeps the first error."""

    def __init__(self, database: str | None, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("lock_type", LOCK_TYPE)
        super().__init__(database, *args, **kwargs)

    def rollback(self) -> None:
        if not _sqlite_in_transaction(self):
            return  # nothing to roll back: SQLite ended the transaction itself (SQLITE_FULL, IOERR)
        super().rollback()

    def savepoint(self) -> Any:
        return _Savepoint(self)
