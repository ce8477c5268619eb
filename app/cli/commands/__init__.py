"""Sub-commands of the command line, one module each.

:mod:`app.cli` discovers every module here that has ``register(subparsers) -> None``; ``register`` adds
a parser with ``set_defaults(func=run)`` where ``run(args) -> int``. Adding a command means adding a
module, never editing :mod:`app.cli`.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

import peewee as pw

# Aliased: the sub-command module ``users`` becomes an attribute of this package when imported.
from app.accounts import users as account_users
from app.core.errors import UserError
from app.core.paths import default_db_path
from app.storage.datafile import Credentials, needs_login_to_open, open_station

Progress = Callable[[int, int, str], None]


def db_path(args: argparse.Namespace) -> Path:
    """The data file the command works on: ``--db`` or the per-user default."""
    value = getattr(args, "db", None)
    return Path(value) if value else default_db_path()


def open_db(args: argparse.Namespace, *, create: bool = False) -> pw.SqliteDatabase:
    """Open (and migrate if needed) the data file named by ``--db``, and log in with ``--user`` when
    the file has accounts.

    Only the commands that fill a new station (``demo``, ``import``) pass ``create=True``; they then say
    “已新建数据文件 …”. Every other command refuses a missing file: a typo never makes an empty station."""
    path = db_path(args)
    new = create and not path.exists()
    if needs_login_to_open(path):
        # The password opens the file (it unwraps the data key) and logs in at once.
        name = _user(args)
        args.password = read_password()
        return open_station(path, login=Credentials(name, args.password))
    database = open_station(path, create=create)
    if new:
        print(f"已新建数据文件 {path}", flush=True)
    login(args)
    return database


def _user(args: argparse.Namespace) -> str:
    name = getattr(args, "user", None)
    if not name:
        raise UserError(
            "此数据文件已设置账号：请用 --user 账号名 登录"
            f"（密码在提示时输入，或由环境变量 {account_users.PASSWORD_ENV} 提供）。"
        )
    return str(name)


def read_password(prompt: str = "密码：") -> str:
    """A password from ``STATIONDESK_PASSWORD`` (scripts) or typed at the terminal (not echoed)."""
    from_env = account_users.password_from_environment()
    if from_env is not None:
        return from_env
    if sys.stdin is None or not sys.stdin.isatty():
        raise UserError(f"请在终端输入密码，或在脚本中用环境变量 {account_users.PASSWORD_ENV} 提供密码。")
    return getpass.getpass(prompt)


def login(args: argparse.Namespace) -> None:
    """Log in as ``--user`` when the open file has accounts; a file without accounts needs none."""
    if not account_users.has_accounts():
        return
    name = _user(args)
    args.password = read_password()
    account_users.login(name, args.password)


def print_progress(stream=None) -> Progress:
    """A progress callback that prints each new stage text once (to stderr by default)."""
    last: list[str] = [""]

    def report(done: int, total: int, text: str) -> None:
        if text and text != last[0]:
            last[0] = text
            print(text, file=stream or sys.stderr, flush=True)

    return report
