"""``python -m app --db F score --standard ID --from D --to D [--json] [--xlsx F] [--pdf F]``:

Without ``--json`` prints a readable sheet (items, points, basis, totals and the gaps). ``--xlsx`` /
``--pdf`` write the self-score sheet (自评打分表) with the one writer of :mod:`app.documents.score_sheet`
(the same sheet as ``form score-sheet``). ``--assessment N`` scores a saved assessment (its answers; a
finalised one prints its snapshot); without it the latest saved assessment of the standard and period
is used (定稿 before 草稿) so the output carries the station's own answers, unless ``--live`` asks for
the ledgers alone (the sheet then says that the manual items are unanswered).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.assessment.scoring import AssessmentResult, assess, default_period, gaps, json_points
from app.assessment.standards import get_standard
from app.core.dates import parse_date
from app.core.errors import UserError
from app.core.period import Period


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "score", help="按评估标准自评打分", description="按评估标准对台账数据自评打分（报告期首尾两日都计入）"
    )
    parser.add_argument("--standard", help="标准编号（python -m app standards 列出）")
    parser.add_argument("--from", dest="date_from", help="报告期开始日期，如 2023-10-01")
    parser.add_argument("--to", dest="date_to", help="报告期结束日期，如 2024-09-30")
    parser.add_argument("--assessment", type=int, help="按已保存的自评（编号）计分，含人工填写的项目")
    parser.add_argument(
        "--live",
        action="store_true",
        help="只按当前台账数据计分（默认按该标准和报告期最新保存的自评：定稿优先，其次草稿）",
    )
    parser.add_argument("--json", action="store_true", help="输出机器可读的 JSON 结果")
    parser.add_argument("--xlsx", help="另存自评打分表为 Excel 文件")
    parser.add_argument("--pdf", help="另存自评打分表为 PDF 文件（可打印、盖章）")
    parser.set_defaults(func=run)


def _open(args: argparse.Namespace) -> None:
    from app.cli.commands import open_db

    open_db(args)


def _period(args: argparse.Namespace, standard_default: Period) -> Period:
    start = parse_date(args.date_from, "开始日期") if args.date_from else None
    end = parse_date(args.date_to, "结束日期") if args.date_to else None
    start = start or standard_default.start
    end = end or standard_default.end
    if end < start:
        raise UserError(f"报告期结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
    return Period(start, end)


def run(args: argparse.Namespace) -> int:
    """Errors are UserError (Chinese message); app.cli prints them and exits with status 1."""
    from app.assessment import assessments
    from app.documents.score_sheet import LIVE_NOTE, saved_data, write_pdf, write_xlsx

    data: dict[str, Any]
    result: AssessmentResult | None = None
    saved_id: int | None = args.assessment
    if saved_id is None:
        if not args.standard:
            raise UserError("请用 --standard 指定评估标准编号（python -m app standards 列出全部）")
        std = get_standard(args.standard)
        period = _period(args, default_period(std))
        _open(args)
        if not args.live:
            row = assessments.latest_for(std.id, period)
            if row is not None:
                saved_id = row.id
                state = "定稿" if row.finalized_at is not None else "草稿"
                print(
                    f"按已保存的自评 {row.id}（{row.title}，{state}）计分，含人工填写的项目；"
                    "只按台账数据计分请加 --live",
                    file=sys.stderr,
                )
        if saved_id is None:
            result = assess(std, period)
            data = result.to_json_dict()
            sheet = {**data, "live": True}
    else:
        _open(args)
    if saved_id is not None:
        sheet = saved_data(saved_id)
        data = {k: v for k, v in sheet.items() if k != "assessment"}
        if not assessments.is_finalized(saved_id):
            result = assessments.run(saved_id)
    if args.xlsx:
        write_xlsx(sheet, Path(args.xlsx))
    if args.pdf:
        write_pdf(sheet, Path(args.pdf))
    if sheet.get("live") and (args.xlsx or args.pdf) and not args.json:
        print(f"注意：{LIVE_NOTE}。", file=sys.stderr)
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_text(data, result)
        if args.xlsx:
            print(f"已写出自评打分表：{args.xlsx}")
        if args.pdf:
            print(f"已写出自评打分表（PDF）：{args.pdf}")
    return 0


def _fmt(value: Any) -> str:
    return "—" if value is None else str(value)


def _print_text(data: dict[str, Any], result: AssessmentResult | None) -> None:
    period = data["period"]
    print(f"{data['name']}（{data['standard']}）")
    print(f"报告期：{period['from']} 至 {period['to']}")
    for w in data.get("warnings") or []:
        print(f"提示：{w}")
    section = None
    for it in data["items"]:
        if it["section"] != section:
            section = it["section"]
            print(f"\n【{section}】")
        if data["kind"] == "score":
            score = f"{_fmt(it['points'])}/{_fmt(it['max'])}"
        else:
            score = "达标" if it["met"] else "未达标"
        mark = "（待填写）" if it["status"] == "needs_input" else ""
        print(f"{it['id']:>5}  {score:>8}  {it['title']}{mark}")
        print(f"       {it['basis']}")
    print()
    if data["kind"] == "score":
        print(
            f"基础分 {_fmt(data['base_total'])}/{_fmt(data['base_max'])}，加分 {_fmt(data['bonus_total'])}/"
            f"{_fmt(data['bonus_max'])}，合计 {_fmt(data['total'])}"
        )
        if data["pass_mark"] is not None:
            print(f"达标分 {data['pass_mark']}：{'达标' if data['passed'] else '未达标'}")
    else:
        for sec in data.get("sections") or []:
            print(f"{sec['title']}：达标 {sec['met']} 项 / 共 {sec['items']} 项")
        print("结论：" + ("全部必备条件达标" if data["passed"] else "有必备条件未达标"))
    pending = sum(1 for it in data["items"] if it["status"] == "needs_input")
    if pending:
        unanswered = "未填写的按 0 分计" if data["kind"] == "score" else "未填写的按未达标计"
        print(f"另有 {pending} 项需人工填写或确认（{unanswered}）。")
    if result is not None:
        lost = gaps(result)
        if lost:
            print("\n失分项（按可挽回分值排序）：")
            for g in lost[:10]:
                gain = f"可挽回 {json_points(g.recoverable)} 分：" if g.recoverable else ""
                print(f"  {g.item_id} {g.title} — {gain}{g.hint}")
