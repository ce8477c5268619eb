"""User errors and the translation of SQLite errors into Chinese messages."""

from __future__ import annotations

import sqlite3

import peewee as pw
import pytest

from app.core.errors import (
    CorruptDatabaseError,
    DatabaseFileError,
    DiskFullError,
    FieldErrors,
    LockedDatabaseError,
    NewerDatabaseError,
    UserError,
    ValidationError,
    is_sqlite_error,
    translate_sqlite_error,
)


def test_user_error_message() -> None:
    err = UserError("出错了")
    assert str(err) == "出错了"
    assert err.message == "出错了"
    assert err.args == ("出错了",)


def test_validation_error_field() -> None:
    err = ValidationError("姓名不能为空", field="name")
    assert isinstance(err, UserError)
    assert err.field == "name"
    assert str(err) == "姓名不能为空"
    assert ValidationError("x").field is None


def test_field_errors_joins_messages() -> None:
    err = FieldErrors({"name": "姓名不能为空", "phone": "联系电话格式不对"})
    assert isinstance(err, UserError)
    assert err.errors == {"name": "姓名不能为空", "phone": "联系电话格式不对"}
    assert str(err) == "姓名不能为空；联系电话格式不对"
    assert str(FieldErrors()) == "输入有误"
    with pytest.raises(UserError, match="姓名不能为空"):
        raise err


def test_hierarchy() -> None:
    for cls in (NewerDatabaseError, CorruptDatabaseError, LockedDatabaseError):
        assert issubclass(cls, DatabaseFileError)
    assert issubclass(DatabaseFileError, UserError)
    assert issubclass(DiskFullError, UserError)


def _sqlite_error(code: int, text: str = "x") -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("code", "cls", "fragment"),
    [
        (5, LockedDatabaseError, "正被其他程序或另一个窗口占用"),  # SQLITE_BUSY
        (261, LockedDatabaseError, "正被其他程序或另一个窗口占用"),  # SQLITE_BUSY_RECOVERY (extended)
        (6, LockedDatabaseError, "正被其他程序或另一个窗口占用"),  # SQLITE_LOCKED
        (13, DiskFullError, "磁盘空间已满"),  # SQLITE_FULL
        (26, CorruptDatabaseError, "已损坏"),  # SQLITE_NOTADB
        (11, CorruptDatabaseError, "已损坏"),  # SQLITE_CORRUPT
        (14, DatabaseFileError, "无法打开或写入"),  # SQLITE_CANTOPEN
        (8, DatabaseFileError, "无法打开或写入"),  # SQLITE_READONLY
        (10, DatabaseFileError, "读写数据库文件时出错"),  # SQLITE_IOERR
        (778, DatabaseFileError, "读写数据库文件时出错"),  # SQLITE_IOERR_WRITE (extended)
    ],
)
def test_translate_sqlite_error(code: int, cls: type[UserError], fragment: str) -> None:
    user = translate_sqlite_error(_sqlite_error(code), "/data/station.sqlite")
    assert type(user) is cls
    assert user is not None
    assert fragment in user.message
    assert "（/data/station.sqlite）" in user.message


def test_classification_is_by_result_code_not_by_message_text() -> None:
    # A message that reads like a locked file but carries SQLITE_ERROR (1) is a bug, not a lock.
    assert translate_sqlite_error(_sqlite_error(1, "database is locked")) is None
    assert translate_sqlite_error(sqlite3.OperationalError("database is locked")) is None
    # peewee wraps the sqlite3 error: the code is found behind it.
    wrapped = pw.OperationalError(_sqlite_error(5, "database is locked"))
    assert isinstance(translate_sqlite_error(wrapped), LockedDatabaseError)


def test_real_sqlite_errors_are_classified(tmp_path) -> None:
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    with pytest.raises(sqlite3.DatabaseError) as caught:
        sqlite3.connect(bad).execute("SELECT * FROM sqlite_master").fetchall()
    assert isinstance(translate_sqlite_error(caught.value), CorruptDatabaseError)
    path = tmp_path / "locked.sqlite"
    first = sqlite3.connect(path, timeout=0)
    first.execute("CREATE TABLE t (x)")
    first.execute("BEGIN EXCLUSIVE")
    second = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as locked:
        second.execute("SELECT * FROM t").fetchall()
    first.rollback()
    assert isinstance(translate_sqlite_error(locked.value), LockedDatabaseError)


def test_translate_without_path_and_unknown_errors() -> None:
    user = translate_sqlite_error(pw.OperationalError(_sqlite_error(5, "database is locked")))
    assert user is not None and "（" not in user.message.split("，")[0]
    assert translate_sqlite_error(_sqlite_error(1, "no such table: person")) is None
    assert translate_sqlite_error(ValueError("whatever")) is None


def test_is_sqlite_error() -> None:
    assert is_sqlite_error(sqlite3.OperationalError("x"))
    assert is_sqlite_error(sqlite3.IntegrityError("x"))
    assert is_sqlite_error(pw.OperationalError("x"))
    assert is_sqlite_error(pw.IntegrityError("x"))
    assert not is_sqlite_error(ValueError("x"))
    assert not is_sqlite_error(UserError("x"))
