"""Opening, closing and inspecting the station's data file, with Chinese messages.

The window and the command line open files through these functions, never through :mod:`db` directly:
:mod:`db` reports *what* is wrong with a file and this module says it in Chinese.
"""

from __future__ import annotations

from pathlib import Path

import peewee as pw

from app.accounts import session, users
from app.core.errors import data_file_errors
from app.core.privacy import private_file
from db import connection


def open_station(path: Path | str, *, migrate: bool = True, create: bool = False) -> pw.SqliteDatabase:
    """Open the data file at ``path`` and bring its schema up to date.

    A new file is made only by an explicit choice (``create=True``: the first-run dialog, ``demo``,
    ``import``); otherwise a missing file is refused, so a mistyped name never becomes an empty station.
    An empty (0-byte) or damaged file is refused either way."""
    with data_file_errors(path):
        database = connection.open_database(path, migrate=migrate, create=create)
    for private in (Path(path), Path(f"{path}-wal"), Path(f"{path}-shm")):
        private_file(private)
    session.file_opened(has_accounts=users.has_accounts())
    return database


def close_station() -> None:
    connection.close_database()


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
    """Consistent online copy of the open data file to ``dest``."""
    with data_file_errors(dest):
        connection.backup_to(Path(dest))
