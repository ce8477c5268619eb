"""Errors of the data file, as the persistence layer sees them.

``db`` knows no user interface and no language: it says *what* went wrong (a :class:`Problem`) and
with which file. :mod:`app.core.errors` turns these into the Chinese messages a station worker reads.
SQLite errors are classified by their result code (``sqlite_errorcode``), never by message text.
"""

from __future__ import annotations

import enum
from pathlib import Path

import peewee as pw

from db.cipher import ERRORS as SQLITE_ERRORS

# Every error a SQLite or SQLCipher connection, or peewee around one, raises.
DB_ERRORS: tuple[type[Exception], ...] = (*SQLITE_ERRORS, pw.PeeweeException)


class Problem(enum.Enum):
    NOT_A_DATABASE = "not_a_database"  # not SQLite, damaged header, empty where a file was expected
    CORRUPT = "corrupt"  # SQLite says the content is damaged
    FOREIGN = "foreign"  # another program's SQLite database
    NEWER = "newer"  # written by a newer version of this program
    IS_DIRECTORY = "is_directory"
    MISSING = "missing"  # the file does not exist and creating it was not asked for
    LOCKED = "locked"  # another process holds the lock longer than the busy timeout
    DISK_FULL = "disk_full"
    CANNOT_OPEN = "cannot_open"  # permissions, read-only medium, missing folder
    IO = "io"  # the disk or network share failed
    MIGRATION_INCONSISTENT = "migration_inconsistent"  # a migration step broke a foreign key
    READ_ONLY_OPERATOR = "read_only_operator"  # the audit triggers refused a write (db.audit session)
    WRONG_KEY = "wrong_key"  # an encrypted file whose key does not open it (another file's key, damage)


class DataFileError(Exception):
    """The data file cannot be used as asked. ``detail`` carries facts for the message (versions)."""

    def __init__(self, problem: Problem, path: Path | str | None = None, **detail: int | str) -> None:
        super().__init__(f"{problem.value}: {path}" if path else problem.value)
        self.problem = problem
        self.path = str(path) if path is not None else None
        self.detail = detail


# Primary SQLite result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26
SQLITE_CONSTRAINT_TRIGGER = 1811  # RAISE(ABORT, ...) in a trigger

# The message of the audit triggers' refusal (db.audit), the one RAISE text this program emits.
READONLY_MESSAGE = "stationdesk: read-only operator"

_BY_CODE = {
    SQLITE_BUSY: Problem.LOCKED,
    SQLITE_LOCKED: Problem.LOCKED,
    SQLITE_FULL: Problem.DISK_FULL,
    SQLITE_CORRUPT: Problem.CORRUPT,
    SQLITE_NOTADB: Problem.CORRUPT,
    SQLITE_CANTOPEN: Problem.CANNOT_OPEN,
    SQLITE_READONLY: Problem.CANNOT_OPEN,
    SQLITE_PERM: Problem.CANNOT_OPEN,
    SQLITE_IOERR: Problem.IO,
}


def sqlite_error_of(exc: BaseException) -> Exception | None:
    """The ``sqlite3`` (or SQLCipher) error behind ``exc``: itself, the one peewee wrapped, or its cause."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        cur = todo.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur, SQLITE_ERRORS):
            return cur
        if isinstance(cur, pw.PeeweeException):
            todo.append(getattr(cur, "orig", None))
        todo.extend((cur.__cause__, cur.__context__))
    return None


def classify(exc: BaseException) -> Problem | None:
    """The problem a SQLite (or peewee-wrapped) error means for the file, or None (a bug or a rule)."""
    err = sqlite_error_of(exc)
    if err is None:
        return None
    code = getattr(err, "sqlite_errorcode", None)
    if code is None:
        return None
    if int(code) == SQLITE_CONSTRAINT_TRIGGER and str(err) == READONLY_MESSAGE:
        return Problem.READ_ONLY_OPERATOR
    return _BY_CODE.get(int(code) & 0xFF)
