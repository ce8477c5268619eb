"""User-facing errors.

Every error a station worker can cause or meet (bad input, a locked, corrupt or newer database file,
a full disk) is a :class:`UserError` carrying a clear Chinese message. Anything else is a programming
error: the window logs it with the traceback and shows a bug-report dialog, the command line prints
the traceback to the log and exits with status 1.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field


class UserError(Exception):
    """An error whose message (Chinese) is meant for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Input that breaks a rule. ``field`` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class FieldErrors(UserError):
    """Several field errors at once (a form): field name -> Chinese message."""

    errors: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        UserError.__init__(self, "；".join(self.errors.values()) or "输入有误")


class DatabaseFileError(UserError):
    """The database file cannot be used (corrupt, newer, not a database, locked)."""


class NewerDatabaseError(DatabaseFileError):
    pass


class CorruptDatabaseError(DatabaseFileError):
    pass


class LockedDatabaseError(DatabaseFileError):
    pass


class DiskFullError(UserError):
    pass


def translate_sqlite_error(exc: BaseException, path: str | None = None) -> UserError | None:
    """Map a sqlite3 / peewee operational error to a user error, or None if it is a bug."""
    text = str(exc).lower()
    where = f"（{path}）" if path else ""
    if "database is locked" in text or "database table is locked" in text:
        return LockedDatabaseError(f"数据库文件正被其他程序或另一个窗口占用{where}，请关闭后重试。")
    if "disk is full" in text or "database or disk is full" in text:
        return DiskFullError(f"磁盘空间已满，未能保存{where}。请清理磁盘后重试，已有数据未受影响。")
    if "file is not a database" in text or "malformed" in text or "file is encrypted" in text:
        return CorruptDatabaseError(
            f"数据库文件已损坏或不是本程序的数据文件{where}。请从备份恢复（设置与备份 → 恢复）。"
        )
    if "unable to open database" in text or "readonly database" in text:
        return DatabaseFileError(f"无法打开或写入数据库文件{where}，请检查文件位置和权限。")
    if "disk i/o error" in text:
        return DatabaseFileError(f"读写数据库文件时出错{where}，请检查磁盘或网络盘是否可用。")
    return None


def is_sqlite_error(exc: BaseException) -> bool:
    import peewee

    return isinstance(exc, sqlite3.Error | peewee.OperationalError | peewee.DatabaseError)
