"""User-facing errors.

Every error a station worker can cause or meet (bad input, a locked, corrupt or newer database file,
a full disk) is a :class:`UserError` carrying a clear Chinese message. Anything else is a programming
error: the window logs it with the traceback and shows a bug-report dialog, the command line prints
the traceback to the log and exits with status 1.
"""

from __future__ import annotations

import errno
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from db.errors import DB_ERRORS, DataFileError, Problem, classify


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


class EncryptedFileError(DatabaseFileError):
    """An encrypted data file that cannot be opened as asked: no password given, a wrong key, no key file."""


class ReadOnlyOperatorError(UserError):
    """A write refused because the operator may only read (a 查阅 account, or nobody logged in)."""


def translate_db_error(exc: DataFileError) -> UserError:
    """The Chinese message of a data-file problem reported by :mod:`db`."""
    path = exc.path
    where = f"（{path}）" if path else ""
    problem = exc.problem
    if problem is Problem.LOCKED:
        return LockedDatabaseError(f"数据库文件正被其他程序或另一个窗口占用{where}，请关闭后重试。")
    if problem is Problem.DISK_FULL:
        return DiskFullError(f"磁盘空间已满，未能保存{where}。请清理磁盘后重试，已有数据未受影响。")
    if problem is Problem.CORRUPT:
        return CorruptDatabaseError(
            f"数据库文件已损坏或不是本程序的数据文件{where}。请从备份恢复（设置与备份 → 恢复）。"
        )
    if problem is Problem.NOT_A_DATABASE:
        return CorruptDatabaseError(f"文件不是本程序的数据文件，或已损坏：{path}")
    if problem is Problem.FOREIGN:
        return DatabaseFileError(f"此文件是其他程序的 SQLite 数据库，不是就业服务站工作台的数据文件：{path}")
    if problem is Problem.NEWER:
        return NewerDatabaseError(
            f"此数据文件由更新版本的程序创建（数据版本 {exc.detail.get('version')}，"
            f"本程序支持到 {exc.detail.get('supported')}）。"
            "为保护数据，本程序不会打开它，请升级程序后再打开。"
        )
    if problem is Problem.IS_DIRECTORY:
        return DatabaseFileError(f"这是一个文件夹，不是数据文件：{path}")
    if problem is Problem.MISSING:
        return DatabaseFileError(
            f"找不到数据文件：{path}。请检查文件名和位置；新建数据文件请在首次运行的窗口中选择"
            "“新建”，或使用 demo、import 命令。"
        )
    if problem is Problem.MIGRATION_INCONSISTENT:
        return DatabaseFileError(
            f"数据升级到版本 {exc.detail.get('target')} 时发现外键不一致，已放弃升级，原文件未改动。"
        )
    if problem is Problem.READ_ONLY_OPERATOR:
        return ReadOnlyOperatorError("当前为查阅账号（或尚未登录），只能查看和打印，不能修改数据。")
    if problem is Problem.WRONG_KEY:
        return EncryptedFileError(
            f"加密数据文件无法用此密钥打开：{path}。密钥文件（.keys）可能属于另一个数据文件或另一次加密，"
            "或数据文件已损坏。请用与它一起备份的密钥文件，或从备份恢复。"
        )
    if problem is Problem.CANNOT_OPEN:
        return DatabaseFileError(f"无法打开或写入数据库文件{where}，请检查文件位置和权限。")
    return DatabaseFileError(f"读写数据库文件时出错{where}，请检查磁盘或网络盘是否可用。")


def translate_sqlite_error(exc: BaseException, path: str | None = None) -> UserError | None:
    """The user error a data-file error or a SQLite error means, or None if it is a bug.

    SQLite errors are classified by their result code (:func:`db.errors.classify`)."""
    if isinstance(exc, DataFileError):
        return translate_db_error(exc)
    problem = classify(exc)
    if problem is None:
        return None
    return translate_db_error(DataFileError(problem, path))


# Errors of the operating system that a worker can fix (space, permissions, a file open in Excel).
_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.EBUSY}


def translate_os_error(
    exc: OSError, path: Path | str | None = None, action: str = "保存"
) -> UserError | None:
    """The Chinese message of a full disk or a refused write, or None (another OS error: a bug)."""
    where = path if path is not None else (exc.filename or "")
    if exc.errno in _DISK_FULL_ERRNOS:
        return DiskFullError(
            f"磁盘空间已满，未能{action}：{where}。请清理磁盘或换个位置后重试，原有文件未受影响。"
        )
    if isinstance(exc, PermissionError) or exc.errno in _DENIED_ERRNOS:
        return UserError(
            f"无法{action}：{where}。文件可能正在其他程序（如 Excel、PDF 阅读器）中打开，"
            "或该位置没有写入权限，请关闭文件或换个位置后重试。"
        )
    return None


def translate_error(exc: BaseException, path: str | None = None) -> UserError | None:
    """The user-facing form of any error: a UserError itself, a data-file or SQLite problem, a full disk;
    None for a programming error (a refused write is translated where the file is written)."""
    if isinstance(exc, UserError):
        return exc
    if is_sqlite_error(exc):
        return translate_sqlite_error(exc, path)
    if isinstance(exc, OSError) and exc.errno in _DISK_FULL_ERRNOS:
        return translate_os_error(exc)  # a full disk is never a bug; other OS errors are, out of context
    return None


def is_sqlite_error(exc: BaseException) -> bool:
    return isinstance(exc, (DataFileError, *DB_ERRORS))


_FILE_ERRORS: tuple[type[Exception], ...] = (DataFileError, *DB_ERRORS)


@contextmanager
def data_file_errors(path: Path | str | None = None) -> Iterator[None]:
    """Raise the Chinese :class:`UserError` for a data-file problem met inside the block."""
    try:
        yield
    except _FILE_ERRORS as exc:
        user = translate_sqlite_error(exc, str(path) if path is not None else None)
        if user is None:
            raise
        raise user from exc
