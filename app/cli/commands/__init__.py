"""Sub-commands of the command line, one module each.

:mod:`app.cli` discovers every module here that has ``register(subparsers) -> None``; ``register`` adds
a parser with ``set_defaults(func=run)`` where ``run(args) -> int``. Adding a command means adding a
module, never editing :mod:`app.cli`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from app.core.paths import default_db_path
from app.storage.datafile import open_station

Progress = Callable[[int, int, str], None]


def db_path(args: argparse.Namespace) -> Path:
    """The data file the command works on: ``--db`` or the per-user default."""
    value = getattr(args, "db", None)
    return Path(value) if value else default_db_path()


def open_db(args: argparse.Namespace) -> pw.SqliteDatabase:
    """Open (creating and migrating if needed) the data file named by ``--db``."""
    return open_station(db_path(args))


def print_progress(stream=None) -> Progress:
    """A progress callback that prints each new stage text once (to stderr by default)."""
    last: list[str] = [""]

    def report(done: int, total: int, text: str) -> None:
        if text and text != last[0]:
            last[0] = text
            print(text, file=stream or sys.stderr, flush=True)

    return report
