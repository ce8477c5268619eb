"""``python -m app --db F todo [--json] [--today D]``: the 工作台's to-do list, most urgent first."""

from __future__ import annotations

import argparse
import datetime as dt
import json

from app.core.dates import parse_date
from app.workbench import reminders


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "todo",
        help="列出待办事项（逾期在前）",
        description="列出工作台的待办事项：逾期的在前，其余按到期日排列",
    )
    parser.add_argument("--json", action="store_true", help="输出机器可读的 JSON")
    parser.add_argument("--today", metavar="DATE", help="按这一天计算（默认今天），如 2024-05-01")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from app.cli.commands import open_db

    today = parse_date(args.today, "--today 日期") if args.today else None
    open_db(args)
    items = reminders.todo_list(today)
    overdue = sum(1 for i in items if i.overdue)
    if args.json:
        data = {
            "today": (today or dt.date.today()).isoformat(),
            "count": len(items),
            "overdue": overdue,
            "rules": {rule: {"title": title} for rule, title in reminders.RULES.items()},
            "items": [i.to_json() for i in items],
        }
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    if not items:
        print("没有待办事项。")
        return 0
    for i in items:
        due = i.due.isoformat() if i.due else "—"
        print(f"{i.when_text}\t{due}\t{i.rule_title}\t{i.text}")
    print(f"共 {len(items)} 项，其中逾期 {overdue} 项。")
    return 0
