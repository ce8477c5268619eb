"""``python -m app --db F form KIND --pdf F [--xlsx F] [--from D --to D] [--month YYYY-MM]
[--standard ID] [--assessment N] [--live] [--person ID-number] [--full-ids]``: write an application form, the
self-score sheet, the monthly report, a ledger or one person's file (``form --list`` lists the kinds).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.core.dates import parse_date
from app.core.errors import UserError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "form",
        help="生成申报表、自评打分表、月报、台账或个人档案（PDF/Excel）",
        description="生成申报与报表中的文书：PDF（--pdf），有 Excel 格式的还可另存 Excel（--xlsx）。",
    )
    parser.add_argument("kind", nargs="?", metavar="KIND", help="文书名称（form --list 列出全部）")
    parser.add_argument("--list", action="store_true", help="列出全部文书及其参数")
    parser.add_argument("--pdf", metavar="F", help="写出的 PDF 文件")
    parser.add_argument("--xlsx", metavar="F", help="写出的 Excel 文件（台账、月报、自评打分表）")
    parser.add_argument("--from", dest="date_from", metavar="D", help="报告期开始日期，如 2025-01-01")
    parser.add_argument("--to", dest="date_to", metavar="D", help="报告期结束日期，如 2025-12-31")
    parser.add_argument("--month", metavar="YYYY-MM", help="月报的月份，如 2025-03")
    parser.add_argument("--standard", metavar="ID", help="评估标准编号（python -m app standards 列出）")
    parser.add_argument("--assessment", type=int, metavar="N", help="已保存的自评编号")
    parser.add_argument("--person", metavar="身份证号", help="个人档案的人员身份证号")
    parser.add_argument("--full-ids", action="store_true", help="台账中显示完整身份证号（默认部分隐藏）")
    parser.add_argument(
        "--live",
        action="store_true",
        help="自评打分表只按当前台账数据计分（默认按该标准和报告期最新保存的自评：定稿优先）",
    )
    parser.set_defaults(func=run)


def _usage(message: str) -> int:
    print(f"用法错误：{message}", file=sys.stderr)
    return 2


def _list() -> int:
    from app.documents import DOCUMENTS

    options = {
        "period": "--from D --to D",
        "month": "--month YYYY-MM",
        "standard": "--standard ID",
        "assessment": "--assessment N",
        "person": "--person 身份证号",
        "mask_ids": "--full-ids",
        "live": "--live",
    }
    for d in DOCUMENTS:
        params = "　".join(options.get(p.name, p.name) + ("" if p.required else "（可选）") for p in d.params)
        excel = "PDF/Excel" if d.build_xlsx is not None else "PDF"
        print(f"{d.kind:<30}{d.title}（{excel}）　{params}")
    return 0


def params_from_args(spec: Any, args: argparse.Namespace) -> dict[str, Any]:
    """The builder's keyword parameters from the command line; UserError for a missing one."""
    from app.documents.common import as_month

    names = {p.name for p in spec.params}
    out: dict[str, Any] = {}
    if "period" in names and (args.date_from or args.date_to):
        if not (args.date_from and args.date_to):
            raise UserError("报告期须同时给出 --from 和 --to")
        start = parse_date(args.date_from, "开始日期")
        end = parse_date(args.date_to, "结束日期")
        out["period"] = (start, end)
    if "month" in names and args.month:
        out["month"] = as_month(args.month).start
    if "standard" in names and args.standard:
        out["standard"] = args.standard
    if "assessment" in names and args.assessment is not None:
        out["assessment"] = args.assessment
    if "person" in names:
        if not args.person:
            raise UserError(f"“{spec.title}”须用 --person 指定人员的身份证号")
        out["person"] = args.person
    if "mask_ids" in names:
        default = next(p.default for p in spec.params if p.name == "mask_ids")
        out["mask_ids"] = False if args.full_ids else bool(default)
    if "live" in names and args.live:
        out["live"] = True
    if spec.kind == "score-sheet" and "standard" not in out and "assessment" not in out:
        raise UserError("自评打分表须用 --standard 指定评估标准，或用 --assessment 指定已保存的自评")
    return out


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list()
    if not args.kind:
        return _usage("请指定文书名称 KIND（python -m app form --list 列出全部）")
    if not args.pdf and not args.xlsx:
        return _usage("请用 --pdf 或 --xlsx 指定要写出的文件")
    from app.cli.commands import open_db, print_progress
    from app.documents import get_document

    spec = get_document(args.kind)
    if args.xlsx and spec.build_xlsx is None:
        raise UserError(f"“{spec.title}”没有 Excel 格式，请用 --pdf")
    params = params_from_args(spec, args)
    open_db(args)
    progress = print_progress()
    if args.pdf:
        out = spec.build_pdf(Path(args.pdf), progress=progress, **params)
        print(f"已写出{spec.title}：{out}")
    if args.xlsx and spec.build_xlsx is not None:
        out = spec.build_xlsx(Path(args.xlsx), progress=progress, **params)
        print(f"已写出{spec.title}（Excel）：{out}")
    return 0
