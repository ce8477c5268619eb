"""自评打分表 — the self-score sheet of a standard over a period (computed now) or of a saved
assessment (a finalised one prints its frozen snapshot).

Columns 序号 / 项目 / 评估内容 / 分值 / 自评分 / 评分依据 / 县区审核分 / 市评分; the last two stay empty
for the reviewers. Section subtotal rows, the totals and the pass mark, and the signature and stamp
block. Condition lists print 达标 / 未达标 instead of points. Everything is built from the result JSON
(STANDARDS.md “Result shape”), so a 定稿 prints exactly what was finalised.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from app.core.errors import UserError
from app.core.period import Period
from app.documents.common import (
    Progress,
    as_period,
    note,
    num,
    signature_block,
    stage,
    title_block,
)
from app.documents.pdf import (
    GRID_COLOR,
    HEADER_FILL,
    build_pdf,
    content_width,
    escape,
    para,
    register_font,
    station_name,
    styles,
)
from app.documents.xlsx_common import column_letter, print_setup, save
from app.documents.xlsx_common import styles as xstyles

TITLE = "自评打分表"
HEADERS = ("序号", "项目", "评估内容", "分值", "自评分", "评分依据", "县区审核分", "市评分")
# The headers as printed: the reviewers' columns break where a reader expects (not “县区审/核分”).
PDF_HEADERS = tuple(h.replace("县区审核分", "县区\n审核分") for h in HEADERS)
# Relative widths of the columns on A4 portrait (自评分 and 市评分 wide enough for three characters).
WEIGHTS = (24, 50, 96, 27, 34, 140, 38, 38)
SUBTOTAL_FILL = "#F4F6F8"
NUMERALS = "一二三四五六七八九十"


# ---------------------------------------------------------------------------- data


LIVE_NOTE = "按当前台账数据计算，未保存自评：人工填写和待确认的项目尚未作答，按 0 分（未达标）计"


def saved_data(assessment: int) -> dict[str, Any]:
    """The result JSON of the saved ``assessment`` (its snapshot when finalised) with its title."""
    from app.assessment import assessments

    row = assessments.load(int(assessment))
    data = dict(assessments.result_json(row.id))
    data["assessment"] = {
        "id": row.id,
        "title": row.title,
        "finalized_at": row.finalized_at.isoformat(sep=" ") if row.finalized_at else None,
    }
    return data


def score_data(
    standard: str | None = None, period: object = None, assessment: int | None = None, live: bool = False
) -> dict[str, Any]:
    """The result JSON to print: of the saved ``assessment`` (its snapshot when finalised); else of the
    latest saved assessment of ``standard`` over ``period`` (default: the standard's default period) —
    定稿 before 草稿, so the paper carries the station's own answers; else (or with ``live``) computed now
    from the ledgers, marked ``live`` so the sheet says that the manual items are unanswered."""
    from app.assessment import assessments
    from app.assessment.scoring import assess, default_period
    from app.assessment.standards import get_standard

    if assessment is not None:
        return saved_data(int(assessment))
    if not standard:
        raise UserError("请选择评估标准（或一份已保存的自评）")
    std = get_standard(str(standard))
    p = as_period(period) if period is not None else default_period(std)
    if not live:
        saved = assessments.latest_for(std.id, p)
        if saved is not None:
            return saved_data(saved.id)
    data = assess(std, p).to_json_dict()
    data["live"] = True
    return data


def _period(data: dict[str, Any]) -> Period:
    return Period(dt.date.fromisoformat(data["period"]["from"]), dt.date.fromisoformat(data["period"]["to"]))


def _required(data: dict[str, Any]) -> dict[str, bool]:
    """item id -> required, from the shipped standard (a snapshot of a removed standard: all required)."""
    from app.assessment.standards import get_standard

    try:
        std = get_standard(data["standard"])
    except UserError:
        return {}
    return {it.id: it.required for it in std.items}


def _section_max(data: dict[str, Any]) -> dict[str, Decimal]:
    from app.assessment.standards import get_standard

    try:
        std = get_standard(data["standard"])
    except UserError:
        return {}
    return {s.title: s.max for s in std.sections if s.max is not None}


def _d(value: Any) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def sections(data: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The items grouped by section, in sheet order."""
    out: list[tuple[str, list[dict[str, Any]]]] = []
    for it in data["items"]:
        if not out or out[-1][0] != it["section"]:
            out.append((it["section"], []))
        out[-1][1].append(it)
    return out


def subtotal(data: dict[str, Any], section: str, items: list[dict[str, Any]]) -> tuple[Decimal, Decimal]:
    """(section max, subtotal capped at it) as the engine computes them."""
    raw_max = sum((_d(it["max"]) for it in items if it["max"] is not None), Decimal(0))
    sec_max = _section_max(data).get(section, raw_max)
    raw = sum((_d(it["points"]) for it in items if it["points"] is not None), Decimal(0))
    return sec_max, min(raw, sec_max)


def verdict(data: dict[str, Any]) -> str:
    if data["kind"] != "score":
        return "全部必备条件达标" if data["passed"] else "有必备条件未达标"
    if data.get("pass_mark") is None:
        return "本标准未设达标分"
    return f"达标分 {num(data['pass_mark'])} 分，自评{'达标' if data['passed'] else '未达标'}"


def warnings(data: dict[str, Any]) -> list[str]:
    """The empty-ledger warnings of the result (none in a snapshot finalised before they existed)."""
    return [str(w) for w in data.get("warnings") or []]


def _subtitle(data: dict[str, Any]) -> str:
    p = _period(data)
    text = f"站点：{station_name()}　报告期：{p.start.isoformat()} 至 {p.end.isoformat()}"
    a = data.get("assessment")
    if a:
        text += f"　自评：{a['title']}" + (
            f"（{a['finalized_at'][:10]} 定稿）" if a.get("finalized_at") else "（草稿）"
        )
    elif data.get("live"):
        text += f"　{LIVE_NOTE}"
    return text


# ---------------------------------------------------------------------------- PDF


def _rows(data: dict[str, Any]) -> tuple[list[list[Any]], list[tuple[Any, ...]], int]:
    """Table rows, the style commands for the section lines and shading, and the index of the first
    totals row."""
    score = data["kind"] == "score"
    required = _required(data)
    rows: list[list[Any]] = [[para(h, "th") for h in PDF_HEADERS]]
    cmds: list[tuple[Any, ...]] = []
    for n, (section, items) in enumerate(sections(data)):
        first = len(rows)
        label = f"{NUMERALS[n]}、{section}" if n < len(NUMERALS) else section
        for i, it in enumerate(items):
            pending = it["status"] == "needs_input"
            mark = "（待填写）" if pending and not str(it["basis"]).startswith("待") else ""
            if score:
                max_text, got = num(it["max"]), num(it["points"])
            else:
                max_text = "必备" if required.get(it["id"], True) else "—"
                got = "达标" if it["met"] else "未达标"
            rows.append(
                [
                    para(it["id"], "td"),
                    para(label if i == 0 else "", "td"),
                    para(it["title"], "td"),
                    para(max_text, "td_right" if score else "td"),
                    _red(got, "td_right" if score else "td")
                    if pending
                    else para(got, "td_right" if score else "td"),
                    para(it["basis"] + mark, "small"),
                    "",
                    "",
                ]
            )
        if score:
            sec_max, sub = subtotal(data, section, items)
            rows.append(
                [
                    "",
                    "",
                    para("小计", "th"),
                    para(num(sec_max), "td_right"),
                    para(num(sub), "td_right"),
                    "",
                    "",
                    "",
                ]
            )
        else:
            met = sum(1 for it in items if it["met"])
            rows.append(
                ["", "", para("小计", "th"), "", para(f"{met}/{len(items)} 项达标", "td"), "", "", ""]
            )
        last = len(rows) - 1
        cmds.append(("BACKGROUND", (2, last), (-1, last), SUBTOTAL_FILL))
        # The 项目 column reads as one cell per section: a line only above the section and below its
        # subtotal (a span cannot break across pages).
        cmds.append(("LINEABOVE", (1, first), (1, first), 0.5, GRID_COLOR))
        cmds.append(("LINEBELOW", (1, last), (1, last), 0.5, GRID_COLOR))
    n_items = len(rows)
    if score:
        total_max = _d(data["base_max"]) + _d(data["bonus_max"])
        for label, mx, got in (
            ("基础分合计", data["base_max"], data["base_total"]),
            ("加分合计", data["bonus_max"], data["bonus_total"]),
            ("总分", total_max, data["total"]),
        ):
            rows.append(
                ["", para(label, "th"), "", para(num(mx), "td_right"), para(num(got), "td_right"), "", "", ""]
            )
        rows.append(
            [
                "",
                para("达标分", "th"),
                "",
                para(num(data["pass_mark"]), "td_right"),
                "",
                para(verdict(data)),
                "",
                "",
            ]
        )
    else:
        rows.append(
            [
                "",
                para("结论", "th"),
                "",
                "",
                para("达标" if data["passed"] else "未达标"),
                para(verdict(data)),
                "",
                "",
            ]
        )
    for r in range(n_items, len(rows)):
        cmds.append(("SPAN", (1, r), (2, r)))
        cmds.append(("BACKGROUND", (0, r), (-1, r), HEADER_FILL))
        cmds.append(("LINEBELOW", (1, r), (1, r), 0.5, GRID_COLOR))
    return rows, cmds, n_items


def _red(text: str, style: str) -> Paragraph:
    return Paragraph(f'<font color="#C00000">{escape(text)}</font>', styles()[style])


_CELL_STYLE: list[tuple[Any, ...]] = [
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ("TOPPADDING", (0, 0), (-1, -1), 2),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ("LEFTPADDING", (0, 0), (-1, -1), 3),
    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ("BOX", (0, 0), (-1, -1), 0.8, GRID_COLOR),
    ("LINEAFTER", (0, 0), (-2, -1), 0.5, GRID_COLOR),
]


def _shifted(cmd: tuple[Any, ...], first: int, end: int) -> tuple[Any, ...] | None:
    """``cmd`` (absolute, non-negative rows) for the table holding rows ``first``..``end - 1``, or None."""
    (c0, r0), (c1, r1) = cmd[1], cmd[2]
    if r1 < first or r0 >= end:
        return None
    return (cmd[0], (c0, max(r0, first) - first), (c1, min(r1, end - 1) - first), *cmd[3:])


def sheet_tables(data: dict[str, Any]) -> tuple[Table, Table]:
    """The sheet as two tables of the same columns: the items (header repeated on every page) and the
    totals (合计, 总分, 达标分 or 结论), which the PDF keeps together with the signature block."""
    width = content_width()
    total = float(sum(WEIGHTS))
    widths = [w * width / total for w in WEIGHTS]
    rows, cmds, first_total = _rows(data)
    items = Table(rows[:first_total], colWidths=widths, repeatRows=1)
    items.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_font()),
                *_CELL_STYLE,
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, GRID_COLOR),
                ("LINEBELOW", (0, 1), (0, -1), 0.5, GRID_COLOR),
                ("LINEBELOW", (2, 1), (-1, -1), 0.5, GRID_COLOR),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (1, 1), (1, -1), "TOP"),
                *[c for c in (_shifted(cmd, 0, first_total) for cmd in cmds) if c is not None],
            ]
        )
    )
    totals = Table(rows[first_total:], colWidths=widths)
    totals.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_font()),
                *_CELL_STYLE,
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, GRID_COLOR),
                *[c for c in (_shifted(cmd, first_total, len(rows)) for cmd in cmds) if c is not None],
            ]
        )
    )
    return items, totals


def write_pdf(data: dict[str, Any], path: Path | str, progress: Progress | None = None) -> Path:
    """The self-score sheet of the result JSON ``data`` as a PDF."""
    p = _period(data)
    story: list[Flowable] = [
        *title_block(TITLE, data["name"]),
        Paragraph(escape(_subtitle(data)), styles()["subtitle"]),
        *[note(f"提示：{w}") for w in warnings(data)],
    ]
    items, totals = sheet_tables(data)
    story.append(items)
    # The totals, the note and the 填表人/盖章 block stay on one page: the stamp never stands alone.
    ending: list[Flowable] = [totals]
    pending = sum(1 for it in data["items"] if it["status"] == "needs_input")
    if pending:
        unanswered = "自评分暂按 0 分计" if data["kind"] == "score" else "暂按未达标计"
        ending.append(note(f"注：{pending} 项尚需人工填写或确认，{unanswered}（红色）。"))
    ending.append(signature_block())
    story.append(KeepTogether(ending))
    build_pdf(
        path,
        TITLE,
        story,
        period_text=f"{p.start.isoformat()} 至 {p.end.isoformat()}",
        progress=stage(progress, "正在生成自评打分表…", 0, 100, 100),
    )
    return Path(path)


def build_pdf_document(
    path: Path | str,
    *,
    standard: str | None = None,
    period: object = None,
    assessment: int | None = None,
    live: bool = False,
    progress: Progress | None = None,
) -> Path:
    return write_pdf(score_data(standard, period, assessment, live), path, progress)


# ---------------------------------------------------------------------------- Excel


def write_xlsx(data: dict[str, Any], path: Path | str, progress: Progress | None = None) -> Path:
    """The same sheet as a formatted workbook (A4 portrait, frozen header, widths, signature lines)."""
    from openpyxl.styles import Font

    from app.core.excel import new_workbook

    st = xstyles()
    score = data["kind"] == "score"
    required = _required(data)
    wb = new_workbook()
    ws = wb.active
    ws.title = TITLE
    ncol = len(HEADERS)
    widths = (7, 16, 30, 7, 8, 52, 10, 8)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncol)
    ws.cell(row=1, column=1, value=f"{data['name']}{TITLE}").font = st["title"]
    ws.cell(row=1, column=1).alignment = st["center"]
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncol)
    cover = f"评估标准：{data['name']}　{_subtitle(data)}"
    for warning in warnings(data):
        cover += f"\n提示：{warning}"
    ws.cell(row=2, column=1, value=cover).alignment = st["center"]
    if warnings(data):
        ws.cell(row=2, column=1).alignment = st["wrap"]
        ws.row_dimensions[2].height = 15 * (1 + len(warnings(data)) * 2)
    for col, (h, w) in enumerate(zip(HEADERS, widths, strict=True), start=1):
        c = ws.cell(row=3, column=col, value=h)
        c.font, c.fill, c.border, c.alignment = st["bold"], st["fill"], st["border"], st["center"]
        ws.column_dimensions[column_letter(col)].width = w
    row = 4

    def put(values: list[Any], *, bold: bool = False, shade: bool = False, red_points: bool = False) -> None:
        nonlocal row
        for col, v in enumerate(values, start=1):
            c = ws.cell(row=row, column=col, value=v)
            c.border = st["border"]
            c.alignment = st["center"] if col in (1, 4, 5, 7, 8) else st["wrap"]
            if bold:
                c.font = st["bold"]
            if shade:
                c.fill = st["fill"]
        if red_points:
            ws.cell(row=row, column=5).font = Font(color="C00000")
        row += 1

    for n, (section, items) in enumerate(sections(data)):
        start = row
        label = f"{NUMERALS[n]}、{section}" if n < len(NUMERALS) else section
        for i, it in enumerate(items):
            if score:
                mx, got = it["max"], it["points"]
            else:
                mx, got = (
                    ("必备" if required.get(it["id"], True) else "—"),
                    ("达标" if it["met"] else "未达标"),
                )
            put(
                [it["id"], label if i == 0 else None, it["title"], mx, got, it["basis"], None, None],
                red_points=it["status"] == "needs_input",
            )
        if score:
            sec_max, sub = subtotal(data, section, items)
            put([None, None, "小计", _json(sec_max), _json(sub), None, None, None], bold=True)
        else:
            met = sum(1 for it in items if it["met"])
            put([None, None, "小计", None, f"{met}/{len(items)} 项达标", None, None, None], bold=True)
        ws.merge_cells(start_row=start, start_column=2, end_row=row - 1, end_column=2)
        ws.cell(row=start, column=2).alignment = st["center"]
    if score:
        total_max = _d(data["base_max"]) + _d(data["bonus_max"])
        put(
            [None, "基础分合计", None, data["base_max"], data["base_total"], None, None, None],
            bold=True,
            shade=True,
        )
        put(
            [None, "加分合计", None, data["bonus_max"], data["bonus_total"], None, None, None],
            bold=True,
            shade=True,
        )
        put([None, "总分", None, _json(total_max), data["total"], None, None, None], bold=True, shade=True)
        put([None, "达标分", None, data["pass_mark"], None, verdict(data), None, None], bold=True, shade=True)
    else:
        put(
            [None, "结论", None, None, "达标" if data["passed"] else "未达标", verdict(data), None, None],
            bold=True,
            shade=True,
        )
    row += 1
    ws.cell(row=row, column=2, value="填表人：")
    ws.cell(row=row, column=6, value="负责人：")
    row += 2
    ws.cell(row=row, column=2, value="单位（盖章）：")
    ws.cell(row=row, column=6, value="日期：　　　　年　　月　　日")
    print_setup(ws, landscape=False, title_rows="3:3", freeze="A4")
    out = save(wb, path)
    if progress is not None:
        progress(100, 100, "完成")
    return out


def _json(value: Decimal) -> int | float:
    from app.assessment.scoring import json_points

    out = json_points(value)
    assert out is not None
    return out


def build_xlsx_document(
    path: Path | str,
    *,
    standard: str | None = None,
    period: object = None,
    assessment: int | None = None,
    live: bool = False,
    progress: Progress | None = None,
) -> Path:
    return write_xlsx(score_data(standard, period, assessment, live), path, progress)


__all__ = [
    "build_pdf_document",
    "build_xlsx_document",
    "saved_data",
    "score_data",
    "warnings",
    "write_pdf",
    "write_xlsx",
]
