"""``python -m app --db F score --standard ID --from D --to D [--json] [--xlsx F] [--pdf F]``:

Without ``--json`` prints a readable sheet (items, points, basis, totals and the gaps). ``--xlsx`` writes
the self-score sheet (自评打分表) as a formatted workbook with empty columns for the district's and the
city's scores. ``--assessment N`` scores a saved assessment (its answers; a finalised one prints its
snapshot).
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
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
    data: dict[str, Any]
    result: AssessmentResult | None = None
    if args.assessment is not None:
        _open(args)
        from app.assessment import assessments

        row = assessments.load(args.assessment)
        data = assessments.result_json(row.id)
        if not assessments.is_finalized(row.id):
            result = assessments.run(row.id)
    else:
        if not args.standard:
            raise UserError("请用 --standard 指定评估标准编号（python -m app standards 列出全部）")
        std = get_standard(args.standard)
        period = _period(args, default_period(std))
        _open(args)
        result = assess(std, period)
        data = result.to_json_dict()
    if args.xlsx:
        write_score_sheet(data, Path(args.xlsx))
    if getattr(args, "pdf", None):
        from app.documents.score_sheet import write_pdf

        write_pdf(data, Path(args.pdf))
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        _print_text(data, result)
        if args.xlsx:
            print(f"已写出自评打分表：{args.xlsx}")
        if getattr(args, "pdf", None):
            print(f"已写出自评打分表（PDF）：{args.pdf}")
    return 0


def _fmt(value: Any) -> str:
    return "—" if value is None else str(value)


def _print_text(data: dict[str, Any], result: AssessmentResult | None) -> None:
    period = data["period"]
    print(f"{data['name']}（{data['standard']}）")
    print(f"报告期：{period['from']} 至 {period['to']}")
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
        print("结论：" + ("全部必备条件达标" if data["passed"] else "有必备条件未达标"))
    pending = sum(1 for it in data["items"] if it["status"] == "needs_input")
    if pending:
        print(f"另有 {pending} 项需人工填写或确认（未填写的按 0 分计）。")
    if result is not None:
        lost = gaps(result)
        if lost:
            print("\n失分项（按可挽回分值排序）：")
            for g in lost[:10]:
                gain = f"可挽回 {json_points(g.recoverable)} 分：" if g.recoverable else ""
                print(f"  {g.item_id} {g.title} — {gain}{g.hint}")


# ------------------------------------------------------------------------------------------ xlsx


def write_score_sheet(data: dict[str, Any], path: Path) -> None:
    """The self-score sheet (自评打分表) as a formatted workbook: sections with subtotals, the items with
    max, self score and basis, empty columns for the district's (县区审核分) and the city's (市评分)
    scores, and the total."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    score = data["kind"] == "score"
    wb = Workbook()
    ws = wb.active
    ws.title = "自评打分表"
    headers = [
        "序号",
        "建设内容",
        "分值" if score else "是否必备",
        "自评分" if score else "自评结论",
        "评分依据",
        "县区审核分",
        "市评分",
    ]
    widths = [8, 44, 9, 10, 70, 12, 10]
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="center")
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")

    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.cell(row=1, column=1, value=f"{data['name']} 自评打分表").font = Font(bold=True, size=14)
    ws.cell(row=1, column=1).alignment = center
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    ws.cell(
        row=2, column=1, value=f"报告期：{data['period']['from']} 至 {data['period']['to']}"
    ).alignment = center
    for col, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=3, column=col, value=title)
        cell.font = bold
        cell.alignment = center
        cell.border = border
        cell.fill = fill
        ws.column_dimensions[cell.column_letter].width = width
    section_maxima: dict[str, Decimal] = {}
    try:
        std = get_standard(data["standard"])
        section_maxima = {sec.title: sec.max for sec in std.sections if sec.max is not None}
    except UserError:
        pass  # a snapshot of a standard no longer shipped: subtotals from the items
    row = 4
    sections: list[str] = []
    for it in data["items"]:
        if it["section"] not in sections:
            sections.append(it["section"])
    for section in sections:
        members = [it for it in data["items"] if it["section"] == section]
        section_max = sum((Decimal(str(it["max"])) for it in members if it["max"] is not None), Decimal(0))
        subtotal = sum((Decimal(str(it["points"])) for it in members if it["points"] is not None), Decimal(0))
        ws.cell(row=row, column=1, value="")
        ws.cell(row=row, column=2, value=section).font = bold
        if score:
            ws.cell(row=row, column=3, value=None)
        for col in range(1, len(headers) + 1):
            ws.cell(row=row, column=col).border = border
            ws.cell(row=row, column=col).fill = fill
        section_row = row
        row += 1
        for it in members:
            values: list[Any]
            if score:
                values = [it["id"], it["title"], it["max"], it["points"], it["basis"], None, None]
            else:
                values = [
                    it["id"],
                    it["title"],
                    "是",
                    "达标" if it["met"] else "未达标",
                    it["basis"],
                    None,
                    None,
                ]
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row=row, column=col, value=value)
                cell.border = border
                cell.alignment = center if col in (1, 3, 4, 6, 7) else wrap
            if it["status"] == "needs_input":
                ws.cell(row=row, column=4).font = Font(color="C00000")
            row += 1
        if score:
            # Section max and subtotal capped at it, as the engine does (加至满分为止).
            sec_max = section_maxima.get(section, section_max)
            ws.cell(row=section_row, column=3, value=json_points(sec_max))
            ws.cell(row=section_row, column=4, value=json_points(min(subtotal, sec_max)))
            ws.cell(row=section_row, column=5, value="小计").alignment = wrap
            for col in (3, 4):
                ws.cell(row=section_row, column=col).alignment = center
                ws.cell(row=section_row, column=col).font = bold
    if score:
        lines = [
            ("基础分合计", data["base_max"], data["base_total"]),
            ("加分合计", data["bonus_max"], data["bonus_total"]),
            ("总分", (data["base_max"] or 0) + (data["bonus_max"] or 0), data["total"]),
        ]
        for label, max_value, total in lines:
            ws.cell(row=row, column=2, value=label).font = bold
            ws.cell(row=row, column=3, value=max_value)
            ws.cell(row=row, column=4, value=total).font = bold
            for col in range(1, len(headers) + 1):
                ws.cell(row=row, column=col).border = border
                if col in (3, 4):
                    ws.cell(row=row, column=col).alignment = center
            row += 1
    else:
        ws.cell(row=row, column=2, value="结论").font = bold
        ws.cell(row=row, column=4, value="达标" if data["passed"] else "未达标").font = bold
        row += 1
    pending = sum(1 for it in data["items"] if it["status"] == "needs_input")
    if pending:
        ws.cell(row=row + 1, column=2, value=f"注：{pending} 项尚需人工填写或确认，自评分按 0 分计（红色）。")
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        wb.save(path)
    except OSError as exc:
        raise UserError(f"无法写出 Excel 文件：{path}（{exc.strerror or exc}）") from None
