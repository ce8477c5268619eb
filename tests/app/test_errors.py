"""User errors and the translation of SQLite errors into Chinese messages."""

from __future__ import annotations

import sqlite3

import peewee as pw
import pytest

from app.errors import (
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


@pytest.mark.parametrize(
    ("text", "cls", "fragment"),
    [
        ("database is locked", LockedDatabaseError, "正被其他程序或另一个窗口占用"),
        ("database table is locked", LockedDatabaseError, "正被其他程序或另一个窗口占用"),
        ("database or disk is full", DiskFullError, "磁盘空间已满"),
        ("file is not a database", CorruptDatabaseError, "已损坏"),
        ("database disk image is malformed", CorruptDatabaseError, "已损坏"),
        ("file is encrypted or is not a database", CorruptDatabaseError, "已损坏"),
        ("unable to open database file", DatabaseFileError, "无法打开或写入"),
        ("attempt to write a readonly database", DatabaseFileError, "无法打开或写入"),
        ("disk I/O error", DatabaseFileError, "读写数据库文件时出错"),
    ],
)
def test_translate_sqlite_error(text: str, cls: type[UserError], fragment: str) -> None:
    user = translate_sqlite_error(sqlite3.OperationalError(text), "/data/station.sqlite")
    assert type(user) is cls
    assert user is not None
    assert fragment in user.message
    assert "（/data/station.sqlite）" in user.message


def test_translate_without_path_and_unknown_errors() -> None:
    user = translate_sqlite_error(pw.OperationalError("database is locked"))
    assert user is not None and "（" not in user.message.split("，")[0]
    assert translate_sqlite_error(sqlite3.OperationalError("no such table: person")) is None
    assert translate_sqlite_error(ValueError("whatever")) is None


def test_is_sqlite_error() -> None:
    assert is_sqlite_error(sqlite3.OperationalError("x"))
    assert is_sqlite_error(sqlite3.IntegrityError("x"))
    assert is_sqlite_error(pw.OperationalError("x"))
    assert is_sqlite_error(pw.IntegrityError("x"))
    assert not is_sqlite_error(ValueError("x"))
    assert not is_sqlite_error(UserError("x"))
