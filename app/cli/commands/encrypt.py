"""``encrypt`` / ``decrypt`` (站长): encryption at rest of the data file; ``recover NAME``: open an encrypted
file with its recovery code and give the 站长 NAME a new password.

The recovery code is printed once by ``encrypt``: it must be written down (or printed) and kept apart
from the PC. For scripts it can come from ``STATIONDESK_RECOVERY_CODE``; passwords as for every command
(prompt, or ``STATIONDESK_PASSWORD``; ``recover`` reads the new password from ``STATIONDESK_NEW_PASSWORD``
when set).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from app.accounts import keyring
from app.cli.commands import db_path, open_db, print_progress, read_password
from app.core.errors import UserError
from app.storage import encryption

RECOVERY_ENV = "STATIONDESK_RECOVERY_CODE"
NEW_PASSWORD_ENV = "STATIONDESK_NEW_PASSWORD"


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "encrypt",
        help="加密数据文件（站长；加密后须用账号密码才能打开）",
        description="把数据文件加密（站长）。加密后打开数据文件必须输入账号和密码；会显示一次恢复码，"
        "请抄写或打印后妥善保管。数据文件旁的 .keys 密钥文件必须和数据一起备份。",
    )
    p.set_defaults(func=run_encrypt)
    p = subparsers.add_parser(
        "decrypt",
        help="取消数据文件的加密（站长）",
        description="把加密的数据文件还原为未加密的文件（站长）。",
    )
    p.set_defaults(func=run_decrypt)
    p = subparsers.add_parser(
        "recover",
        help="用恢复码打开加密的数据文件，并为站长设置新密码",
        description="所有密码都遗失时：输入加密时显示的恢复码，为站长账号 NAME 设置新密码。",
    )
    p.add_argument("name", metavar="NAME", help="站长账号名")
    p.set_defaults(func=run_recover)


def _password(args: argparse.Namespace) -> str:
    given = getattr(args, "password", None)
    return str(given) if given else read_password("请再次输入当前账号的密码：")


def run_encrypt(args: argparse.Namespace) -> int:
    open_db(args)
    code = encryption.encrypt(_password(args), progress=print_progress())
    print(f"数据文件已加密：{db_path(args)}")
    print(f"密钥文件：{keyring.path_of(db_path(args))}（必须和数据文件一起备份，没有它无法打开数据）")
    print()
    print(f"恢复码（只显示这一次，请立即抄写或打印，与电脑分开保管）：{code}")
    print("所有密码都遗失时，可以用恢复码为站长重设密码（recover 命令）。")
    others = encryption.accounts_without_key()
    if others:
        print(
            f"以下账号的密码是在加密之前设置的，还不能打开加密的数据文件，请站长为它们重设密码"
            f"（users passwd 账号名）：{'、'.join(others)}"
        )
    return 0


def run_decrypt(args: argparse.Namespace) -> int:
    open_db(args)
    encryption.decrypt(_password(args), progress=print_progress())
    print(f"已取消加密：{db_path(args)}（原有的加密备份仍是加密的）")
    return 0


def _secret(env: str, prompt: str) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if sys.stdin is None or not sys.stdin.isatty():
        raise UserError(f"请在终端输入，或在脚本中用环境变量 {env} 提供。")
    return getpass.getpass(prompt)


def run_recover(args: argparse.Namespace) -> int:
    code = _secret(RECOVERY_ENV, "恢复码：")
    password = _secret(NEW_PASSWORD_ENV, f"账号“{args.name}”的新密码：")
    encryption.recover(db_path(args), code, args.name, password)
    print(f"已用恢复码为站长账号“{args.name}”设置了新密码，请用新密码登录。")
    return 0
