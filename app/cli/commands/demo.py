"""``demo [--persons N] [--seed S]``: fill a new data file with a synthetic station."""

from __future__ import annotations

import argparse
import time

from app.cli.commands import db_path, open_db, print_progress
from app.demo.generator import MAX_PERSONS, generate_demo


def _persons(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"人数应为整数，现为“{value}”") from None
    if not 1 <= n <= MAX_PERSONS:
        raise argparse.ArgumentTypeError(f"人数应在 1 至 {MAX_PERSONS} 之间，现为 {n}")
    return n


def _seed(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"随机种子应为整数，现为“{value}”") from None


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "demo",
        help="生成演示数据（虚构的村级就业服务站）",
        description="向一个新的空数据文件写入虚构但逼真的演示数据：人员、家庭户、失业登记、就业困难认定、"
        "服务记录、岗位与推荐等。同一随机种子生成的数据相同。",
    )
    p.add_argument("--persons", type=_persons, default=2000, metavar="N", help="人员数（默认 2000）")
    p.add_argument("--seed", type=_seed, default=1, metavar="S", help="随机种子（默认 1）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    open_db(args, create=True)
    started = time.perf_counter()
    summary = generate_demo(persons=args.persons, seed=args.seed, progress=print_progress())
    seconds = time.perf_counter() - started
    print(
        f"已生成演示数据：{db_path(args)}（{args.persons:,} 人，随机种子 {args.seed}，用时 {seconds:.1f} 秒）"
    )
    for line in summary.lines():
        print(f"  {line}")
    return 0
