"""``import``, ``export`` and ``template``: the ledger workbook (LEDGER_FORMAT.md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.commands import open_db, print_progress


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "import",
        help="导入台账工作簿（全部成功或全部不导入）",
        description="导入台账工作簿 .xlsx。先检查全部工作表，发现任何问题都不写入，并逐条列出"
        "（工作表、行、列、值、问题）。",
    )
    p.add_argument("workbook", metavar="LEDGER.xlsx", help="要导入的台账工作簿")
    p.add_argument("--report", metavar="ERR.xlsx", help="有问题时把错误报告（标红的工作簿）保存到此文件")
    p.add_argument(
        "--preview",
        action="store_true",
        help="只预览不导入：每个工作表识别为什么表、每列对应哪个字段、未匹配的列、读到的行数",
    )
    p.add_argument("--json", action="store_true", help="预览结果以 JSON 输出（与 --preview 一起用）")
    p.add_argument(
        "--mapping",
        metavar="MAP.json",
        help="按保存的映射文件识别工作表和列（导入窗口的“保存映射”可生成）",
    )
    p.set_defaults(func=run_import)

    p = subparsers.add_parser(
        "export", help="导出全部台账为工作簿", description="把全部台账写入一个 .xlsx 工作簿。"
    )
    p.add_argument("workbook", metavar="LEDGER.xlsx", help="要写入的工作簿文件")
    ids = p.add_mutually_exclusive_group()
    ids.add_argument(
        "--mask-ids", action="store_true", help="身份证号脱敏（如 110101********123X，默认如此）"
    )
    ids.add_argument(
        "--full-ids",
        action="store_true",
        help="写入完整身份证号（可再导入；仅站长可用，记入操作日志）",
    )
    p.set_defaults(func=run_export)

    p = subparsers.add_parser(
        "template",
        help="生成空白台账模板",
        description="生成空白台账模板：表头、代码列的下拉选项、身份证号列为文本格式。",
    )
    p.add_argument("workbook", metavar="FILE.xlsx", help="要写入的模板文件")
    p.set_defaults(func=run_template)


def problem_line(problem: object) -> str:
    """“人员 表 第5行 身份证号 [值]：消息”."""
    sheet = getattr(problem, "sheet", "") or ""
    row = getattr(problem, "row", None)
    column = getattr(problem, "column", None)
    value = getattr(problem, "value", "") or ""
    parts = [f"{sheet} 表"] if sheet else []
    if row is not None:
        parts.append(f"第{row}行")
    if column:
        parts.append(str(column))
    if value:
        parts.append(f"[{value}]")
    return " ".join(parts) + "：" + str(getattr(problem, "message", ""))


def run_preview(args: argparse.Namespace) -> int:
    """``import --preview``: what would be read, without opening the database or writing anything."""
    import json

    from app.workbook.mapping import load_mapping
    from app.workbook.preview import preview_workbook

    mapping = load_mapping(Path(args.mapping)) if args.mapping else None
    preview = preview_workbook(Path(args.workbook), mapping=mapping)
    if args.json:
        print(json.dumps(preview.to_dict(), ensure_ascii=False, indent=2))
        return 0
    for line in preview.lines():
        print(line)
    for problem in preview.problems:
        print(f"  问题：{problem_line(problem)}")
    for warning in preview.warnings:
        print(f"  提示：{problem_line(warning)}")
    print("（仅预览，未写入任何数据）")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from app.workbook import ImportRejected, import_workbook
    from app.workbook.mapping import load_mapping

    if args.preview:
        return run_preview(args)
    if args.json:
        print("错误：--json 只能与 --preview 一起使用", file=sys.stderr)
        return 2
    source = Path(args.workbook)
    mapping = load_mapping(Path(args.mapping)) if args.mapping else None
    open_db(args, create=True)
    try:
        summary = import_workbook(source, progress=print_progress(), mapping=mapping)
    except ImportRejected as exc:
        problems = exc.report.problems
        print(f"错误：工作簿中发现 {len(problems)} 个问题，未导入任何数据：", file=sys.stderr)
        for problem in problems:
            print(f"  {problem_line(problem)}", file=sys.stderr)
        if args.report:
            exc.report.save_xlsx(source, Path(args.report))
            print(f"错误报告已保存：{args.report}", file=sys.stderr)
        return 1
    print(f"导入完成：{source}")
    print(summary.text())
    return 0


def run_export(args: argparse.Namespace) -> int:
    from app.workbook import export_workbook

    dest = Path(args.workbook)
    open_db(args)
    masked = not args.full_ids
    counts = export_workbook(dest, mask_ids=masked, progress=print_progress())
    print(f"已导出：{dest}" + ("（身份证号已脱敏；要写入完整身份证号请加 --full-ids）" if masked else ""))
    for sheet, rows in counts.items():
        print(f"  {sheet}：{rows:,} 行")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from app.workbook import write_template

    dest = Path(args.workbook)
    write_template(dest)
    print(f"已生成空白台账模板：{dest}")
    return 0
