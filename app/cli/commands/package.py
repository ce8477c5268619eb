"""``python -m app --db F package --month YYYY-MM | --assessment N [--out DIR] [--with-people]``: write the
station's signed period package (``<code>-<period>.sdpkg``) for the 街道/镇 or 区 (issue 16)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.core.errors import UserError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "package",
        help="生成上报包（月度统计或自评结果，签名后交街道/镇、区汇总）",
        description="生成签名的上报包 <统计用区划代码>-<期间>.sdpkg。默认不含姓名和身份证号。",
    )
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--month", help="月份，如 2025-03（月度统计）")
    which.add_argument("--assessment", type=int, help="已保存的自评编号（自评结果）")
    parser.add_argument("--out", default=".", help="写到哪个文件夹（默认当前文件夹）")
    parser.add_argument("--with-people", action="store_true", help="附带抽查名单（身份证号部分隐藏）")
    parser.add_argument("--operator", default="", help="经办人（可不填；数据文件设有账号时为登录的账号）")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.cli.commands import open_db, print_progress
    from app.upward import builder

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} 不是文件夹")
    open_db(args)
    if args.month is not None:
        path = builder.build_month_package(
            out, args.month, with_people=args.with_people, operator=args.operator, progress=print_progress()
        )
    else:
        path = builder.build_assessment_package(
            out,
            args.assessment,
            with_people=args.with_people,
            operator=args.operator,
            progress=print_progress(),
        )
    print(f"已写出上报包：{path}")
    if args.with_people:
        print("注意：该上报包含抽查名单（姓名与部分隐藏的身份证号）。")
    return 0
