"""Opening, closing and inspecting the station's data file, with Chinese messages.

The window and the command line open files through these functions, never through :mod:`db` directly:
:mod:`db` reports *what* is wrong with a file and this module says it in Chinese.

An encrypted file (issue 15) is opened with an account and its password (:class:`Credentials`): the
password unwraps the data key from the key file beside it (:mod:`app.accounts.keyring`), and the account
is logged in as the file opens. Without them it is refused (:class:`EncryptedFileError`), untouched.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from app.accounts import keyring, session, users
from app.core.errors import CorruptDatabaseError, EncryptedFileError, UserError, data_file_errors
from app.core.files import write_with
from app.core.privacy import private_file
from db import connection
from db.models import database as _database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Credentials:
    """An account name and its password, for opening an encrypted file (and logging in)."""

    name: str
    password: str = ""

    def __repr__(self) -> str:  # never the password in a log or a traceback
        return f"Credentials({self.name!r})"


def is_encrypted(path: Path | str) -> bool:
    """Whether the data file at ``path`` is encrypted (whole pages without SQLite's clear header: random
    bytes look the same, so a file without its key file is refused as damaged or foreign)."""
    return connection.is_encrypted(Path(path))


def needs_login_to_open(path: Path | str) -> bool:
    """Whether ``path`` is an encrypted file with its key file: the account and password come first."""
    path = Path(path)
    return path.exists() and is_encrypted(path) and keyring.path_of(path).exists()


def open_station(
    path: Path | str,
    *,
    migrate: bool = True,
    create: bool = False,
    login: Credentials | None = None,
    key: bytes | None = None,
) -> pw.SqliteDatabase:
    """Open the data file at ``path`` and bring its schema up to date.

    A new file is made only by an explicit choice (``create=True``: the first-run dialog, ``demo``,
    ``import``); otherwise a missing file is refused, so a mistyped name never becomes an empty station.
    An empty (0-byte) or damaged file is refused either way.

    An encrypted file needs ``login`` (its password unwraps the data key; the account is logged in) or,
    inside ``app`` (restore, encryption), the data ``key`` itself (nobody is logged in then)."""
    path = Path(path)
    proven = False
    if key is None and path.exists() and is_encrypted(path):
        if not keyring.path_of(path).exists() and login is None:
            raise CorruptDatabaseError(
                f"文件不是本程序的数据文件，或已损坏：{path}。如果它是加密的数据文件，则缺少它的密钥文件"
                f" {keyring.path_of(path).name}：没有密钥文件无法打开加密的数据，"
                "请把与数据文件一起备份的密钥文件放回数据文件旁边。"
            )
        if login is None:
            raise EncryptedFileError(f"此数据文件已加密，请用账号和密码登录后打开：{path}")
        key = keyring.load(path).unwrap(users.normal_name(login.name), login.password)
        proven = True
    with data_file_errors(path):
        database = connection.open_database(path, migrate=migrate, create=create, key=key)
    for private in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), keyring.path_of(path)):
        private_file(private)
    session.file_opened(has_accounts=users.has_accounts())
    if proven and login is not None:
        try:
            users.login(login.name, login.password, proven=True)
        except UserError:
            close_station()
            raise
    return database


def open_key() -> bytes | None:
    """The data key of the open file (None: not encrypted, or no file open)."""
    return _database.key if _database.database else None


def close_station() -> None:
    connection.close_database()


def is_open_encrypted() -> bool:
    return connection.is_open_encrypted()


def current_path() -> Path | None:
    return connection.current_path()


def inspect_file(path: Path | str) -> tuple[int, int]:
    """(application_id, schema version) of a file, read without changing it."""
    with data_file_errors(path):
        return connection.inspect_file(Path(path))


def is_station_file(app_id: int) -> bool:
    return app_id in (0, connection.APPLICATION_ID)


def schema_version_supported() -> int:
    return connection.SCHEMA_VERSION


def backup_file_to(dest: Path | str) -> None:
    """Consistent online copy of the open data file to ``dest``. The copy of an encrypted file is
    encrypted with the same key, and the key file goes with it (``<dest>.keys``): without it the copy
    cannot be opened."""
    with data_file_errors(dest):
        connection.backup_to(Path(dest))
    source = current_path()
    if source is not None and connection.is_open_encrypted():
        copy_key_file(source, Path(dest))


def copy_key_file(source: Path, dest: Path) -> None:
    """The key file of the data file ``source`` copied beside ``dest`` (atomically)."""
    keys = keyring.path_of(source)
    if not keys.exists():
        log.warning("no key file beside %s to copy", source)
        return
    write_with(keyring.path_of(dest), lambda tmp: shutil.copyfile(keys, tmp), action="复制密钥文件")
