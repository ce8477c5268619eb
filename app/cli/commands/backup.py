"""``backup FILE`` / ``restore FILE``: consistent online backup and verified restore."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.commands import db_path, open_db, print_progress
from app.storage.backup import backup, restore


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "backup",
        help="备份数据文件（程序使用中也可备份）",
        description="把数据文件完整备份到 FILE（可以是文件夹）；备份后自动校验。",
    )
    p.add_argument("file", metavar="FILE", help="备份文件（或文件夹）")
    p.set_defaults(func=run_backup)

    p = subparsers.add_parser(
        "restore",
        help="从备份恢复数据文件（先检查备份，再替换）",
        description="先检查备份文件（完整性、是否本程序的数据、数据版本），通过后才替换；"
        "被替换的数据另存为 <文件名>.replaced-日期时间。",
    )
    p.add_argument("file", metavar="FILE", help="要恢复的备份文件")
    p.set_defaults(func=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    open_db(args)
    dest = backup(Path(args.file), progress=print_progress())
    print(f"备份完成：{dest}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    open_db(args)
    kept = restore(Path(args.file), progress=print_progress())
    print(f"已从 {args.file} 恢复到 {db_path(args)}")
    print(f"恢复前的数据已另存为：{kept}")
    return 0
