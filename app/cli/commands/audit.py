"""``audit [--from D] [--to D] [--by NAME] [--person ID] [--kind K] [--json] [--xlsx F]`` and
``audit --verify``: the audit trail (操作日志), newest first; ``--verify`` checks its hash chain and exits
1 naming the first broken entry. The operator filter is ``--by`` (``--user`` is the log-in)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.accounts import audit
from app.cli.commands import open_db
from app.core.dates import parse_date
from app.core.errors import UserError
from app.core.idcard import normalize_id
from db.models import Person


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("audit", help="操作日志：查看、导出、校验", description=__doc__)
    p.add_argument("--from", dest="start", metavar="D", help="开始日期")
    p.add_argument("--to", dest="end", metavar="D", help="结束日期")
    p.add_argument("--by", metavar="NAME", help="只看此账号的操作")
    p.add_argument("--person", metavar="ID", help="只看此人（身份证号）的记录")
    p.add_argument("--kind", choices=sorted(audit.KINDS), help="只看此类操作")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--xlsx", metavar="F", help="导出为 Excel 文件")
    p.add_argument("--verify", action="store_true", help="校验日志的哈希链是否完整（被改动则退出状态 1）")
    p.set_defaults(func=run)


def _filter(args: argparse.Namespace) -> audit.Filter:
    person_id = None
    if args.person:
        person = Person.get_or_none(Person.id_number == normalize_id(args.person))
        if person is None:
            raise UserError(f"台账中没有身份证号为 {args.person} 的人员")
        person_id = person.id
    return audit.Filter(
        start=parse_date(args.start, "开始日期"),
        end=parse_date(args.end, "结束日期"),
        operator=args.by or "",
        person_id=person_id,
        kind=args.kind or "",
    )


def run(args: argparse.Namespace) -> int:
    open_db(args)
    if args.verify:
        broken = audit.verify()
        total = audit.count()
        if broken is None:
            print(f"操作日志完整：共 {total:,} 条，哈希链未被改动。")
            return 0
        print(f"操作日志被改动：第 {broken} 条起哈希链断裂（该条或其前一条被本程序以外的工具修改或删除）。")
        return 1
    rows = audit.entries(_filter(args))
    if args.xlsx:
        written = audit.export_xlsx(Path(args.xlsx), rows)
        print(f"已导出 {written:,} 条操作日志：{args.xlsx}")
        return 0
    if args.json:
        out = [
            {
                "id": e.id, "at": e.at, "operator": e.operator, "kind": e.kind, "table": e.table,
                "key": e.key_masked, "field": e.field, "change": e.change_text, "parent": e.parent_id,
            }
            for e in rows
        ]  # fmt: skip
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print("编号\t时间\t操作人\t操作\t表\t记录\t内容")
    for e in rows:
        who = e.operator or "（无账号）"
        print(f"{e.id}\t{e.at}\t{who}\t{e.kind_text}\t{e.table_text}\t{e.key_masked}\t{e.change_text}")
    return 0
