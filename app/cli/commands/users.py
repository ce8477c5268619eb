"""``users add NAME --role 站长|工作人员|查阅``, ``users list``, ``users passwd NAME``,
``users disable NAME``: the station's operator accounts. Passwords come from the prompt, or from
``STATIONDESK_PASSWORD`` for scripts. The first account must be a 站长; after that ``--user`` must
name a 站长."""

from __future__ import annotations

import argparse

from app.accounts import session, users
from app.cli.commands import open_db, read_password


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("users", help="管理账号（站长、工作人员、查阅）", description=__doc__)
    sub = p.add_subparsers(title="操作", dest="action", metavar="ACTION", required=True)
    add = sub.add_parser("add", help="新增账号")
    add.add_argument("name", metavar="NAME", help="账号名")
    add.add_argument("--role", required=True, choices=session.ROLES, help="角色")
    add.set_defaults(func=run_add)
    lst = sub.add_parser("list", help="列出账号")
    lst.set_defaults(func=run_list)
    pw = sub.add_parser("passwd", help="修改密码")
    pw.add_argument("name", metavar="NAME", help="账号名")
    pw.set_defaults(func=run_passwd)
    dis = sub.add_parser("disable", help="停用账号")
    dis.add_argument("name", metavar="NAME", help="账号名")
    dis.set_defaults(func=run_disable)


def _open(args: argparse.Namespace) -> None:
    open_db(args)


def run_add(args: argparse.Namespace) -> int:
    _open(args)
    first = not users.has_accounts()
    account = users.add_user(args.name, args.role, read_password("新账号的密码："))
    print(f"已新增账号：{account.name}（{account.role}）")
    if first:
        print("此数据文件从现在起需要登录：窗口会先显示登录框，命令行需加 --user 账号名。")
    return 0


def run_list(args: argparse.Namespace) -> int:
    _open(args)
    rows = users.list_users()
    if not rows:
        print("此数据文件还没有账号（任何人都可使用）。建议用 users add 名字 --role 站长 先建一个站长账号。")
        return 0
    print("账号\t角色\t状态\t创建时间")
    for a in rows:
        print(f"{a.name}\t{a.role}\t{'已停用' if a.disabled else '启用'}\t{a.created_at}")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    _open(args)
    users.change_password(args.name, read_password("新密码："))
    print(f"已修改账号“{args.name}”的密码")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    _open(args)
    users.disable_user(args.name)
    print(f"已停用账号：{args.name}")
    return 0
