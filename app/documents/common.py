"""Pieces every document shares: parameter coercion (period, month, person), the progress adapter,
label/value grids, opinion boxes, the signature and stamp block, and figure formatting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.core.dates import fmt_cn, month_end, parse_date
from app.core.errors import UserError, ValidationError
from app.core.period import Period
from app.documents.pdf import HEADER_FILL, content_width, escape, grid_style, para, register_font, styles

Progress = Callable[[int, int, str], None]


# ---------------------------------------------------------------------------- parameters


def default_period(today: dt.date | None = None) -> Period:
    """1 January of this year to today: the default period of the ledgers."""
    day = today or dt.date.today()
    return Period(dt.date(day.year, 1, 1), day)


def standard_period(standard: str, today: dt.date | None = None, *, clip: bool = False) -> Period:
    """The default reporting period of the standard ``standard`` (as on the 自评 page: e.g. Guangzhou's
    last 1 October–30 September while its results are being prepared); with ``clip`` a period still
    running ends today instead (figures of days to come are not known yet)."""
    from app.assessment.scoring import default_period as scoring_period
    from app.assessment.standards import get_standard

    day = today or dt.date.today()
    p = scoring_period(get_standard(standard), day)
    if clip and p.end > day:
        return Period(p.start, max(day, p.start))
    return p


def default_month(today: dt.date | None = None) -> dt.date:
    """The first day of last month: the month a station reports (the monthly report is sent after the
    month has ended)."""
    day = today or dt.date.today()
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def as_period(value: object, today: dt.date | None = None) -> Period:
    """A period from a Period, a (from, to) pair of dates or texts, or None (the default period)."""
    if value is None:
        return default_period(today)
    if isinstance(value, Period):
        return value
    if isinstance(value, tuple | list) and len(value) == 2:
        start = parse_date(value[0], "开始日期")
        end = parse_date(value[1], "结束日期")
        if start is None or end is None:
            raise UserError("报告期的开始日期和结束日期都要填写")
        if end < start:
            raise UserError(f"报告期结束日期 {end.isoformat()} 早于开始日期 {start.isoformat()}")
        return Period(start, end)
    raise UserError(f"报告期格式不对：{value!r}")


def as_month(value: object, today: dt.date | None = None) -> Period:
    """The calendar month as a period: from a date in it, a text 2025-03 / 2025年3月, or None
    (last month: :func:`default_month`)."""
    if value is None or value == "":
        start = default_month(today)
    elif isinstance(value, dt.date):
        start = value.replace(day=1)
    else:
        text = str(value).strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
        parts = text.split("-")
        try:
            if len(parts) != 2:
                raise ValueError
            start = dt.date(int(parts[0]), int(parts[1]), 1)
        except ValueError:
            raise UserError(f"月份“{value}”格式不对，应写作 2025-03") from None
    return Period(start, month_end(start))


def period_text(period: Period) -> str:
    return f"{fmt_cn(period.start)}至{fmt_cn(period.end)}"


def month_text(period: Period) -> str:
    return f"{period.start.year}年{period.start.month}月"


def resolve_person(value: object) -> int:
    """A person id from an id (int) or an ID number (text)."""
    from db.models import Person

    if isinstance(value, bool) or value is None or value == "":
        raise UserError("请指定人员（身份证号）")
    if isinstance(value, int):
        row = Person.get_or_none(Person.id == value)
        if row is None:
            raise UserError(f"找不到编号为 {value} 的人员")
        return int(row.id)
    from app.core.idcard import normalize_id

    try:
        number = normalize_id(value)
    except ValidationError as exc:
        raise UserError(f"身份证号不对：{exc.message}") from None
    row = Person.get_or_none(Person.id_number == number)
    if row is None:
        raise UserError(f"劳动力台账中没有身份证号为 {number[:6]}********{number[14:]} 的人员")
    return int(row.id)


# ---------------------------------------------------------------------------- progress


def stage(
    progress: Progress | None, text: str, start: int, span: int, total: int
) -> Callable[[int, int], None]:
    """A ``(done, total)`` callback for one stage mapped onto the overall ``(done, total, text)`` scale:
    the stage covers ``span`` of ``total`` units from ``start``."""

    def report(done: int, of: int) -> None:
        if progress is not None:
            progress(start + (span * done // of if of else span), total, text)

    return report


# ---------------------------------------------------------------------------- figures


def num(value: object) -> str:
    """A figure as printed: integers plain, decimals without trailing zeros, None as —."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    if isinstance(value, float):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def rate_text(numerator: int | None, denominator: int | None) -> str:
    """“45/50 = 90.0%” (truncated to one decimal so 89.99% never reads 90.0%); “—” without data."""
    if numerator is None or not denominator:
        return "—（无统计对象）"
    value = Fraction(numerator, denominator)
    tenths = (value * 1000).__floor__()
    return f"{numerator}/{denominator} = {Decimal(tenths) / 10:.1f}%"


def date_text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)[:10]


# ---------------------------------------------------------------------------- flowables


def title_block(title: str, subtitle: str = "") -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Paragraph(escape(title), st["title"])]
    if subtitle:
        out.append(Paragraph(escape(subtitle), st["subtitle"]))
    return out


def heading(text: str) -> Paragraph:
    return Paragraph(escape(text), styles()["heading"])


def kv_table(
    pairs: Sequence[tuple[str, object]], *, columns: int = 2, label_mm: float = 30, landscape: bool = False
) -> Table:
    """A label/value grid: ``columns`` label/value pairs per row; a pair whose label ends with ``*``
    (stripped) takes the whole row."""
    width = content_width(landscape)
    label_w = label_mm * mm
    value_w = (width - columns * label_w) / columns
    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    shade: list[tuple[Any, ...]] = []
    current: list[Any] = []
    for label, value in pairs:
        full = label.endswith("*")
        label = label.rstrip("*")
        if full:
            if current:
                rows.append(current + [""] * (2 * columns - len(current)))
                current = []
            r = len(rows)
            rows.append([para(label, "th"), para(value)] + [""] * (2 * columns - 2))
            spans.append(("SPAN", (1, r), (-1, r)))
            continue
        current += [para(label, "th"), para(value)]
        if len(current) == 2 * columns:
            rows.append(current)
            current = []
    if current:
        rows.append(current + [""] * (2 * columns - len(current)))
    for c in range(columns):
        shade.append(("BACKGROUND", (2 * c, 0), (2 * c, -1), HEADER_FILL))
    table = Table(rows, colWidths=[label_w, value_w] * columns)
    table.setStyle(
        TableStyle(
            [
                *grid_style(),
                *shade,
                *spans,
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def opinion_box(
    title: str, height_mm: float = 42, *, landscape: bool = False, signer: str = "盖章"
) -> Flowable:
    """An empty box for a reviewing office's opinion (意见), with “（盖章）” and a date line at the bottom
    right, kept on one page."""
    width = content_width(landscape)
    label_w = 12 * mm
    sign = Paragraph(
        escape(f"（{signer}）") + "<br/>" + escape("年　　月　　日"),
        styles()["body"],
    )
    inner = Table(
        [["", ""], ["", sign]],
        colWidths=[width - label_w - 52 * mm, 52 * mm],
        rowHeights=[height_mm * mm - 16 * mm, 16 * mm],
    )
    inner.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_font()),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    vertical = "<br/>".join(escape(ch) for ch in title)
    table = Table(
        [[Paragraph(vertical, styles()["th"]), inner]],
        colWidths=[label_w, width - label_w],
        rowHeights=[height_mm * mm],
    )
    table.setStyle(
        TableStyle(
            [
                *grid_style(),
                ("BACKGROUND", (0, 0), (0, 0), HEADER_FILL),
                ("VALIGN", (1, 0), (1, 0), "BOTTOM"),
            ]
        )
    )
    return KeepTogether([Spacer(1, 2 * mm), table])


def signature_block(*, landscape: bool = False, signers: Sequence[str] = ("填表人", "负责人")) -> Flowable:
    """填表人 ____ 负责人 ____ / 单位（盖章） 日期 ____年__月__日, kept together, with room for the stamp."""
    width = content_width(landscape)
    body = styles()["body"]
    line = "＿" * 8
    first = "　　　　".join(f"{escape(s)}：{line}" for s in signers)
    rows = [
        [Paragraph(first, body)],
        [Spacer(1, 8 * mm)],
        [Paragraph(f"单位（盖章）：{'　' * 14}日期：＿＿＿＿年＿＿月＿＿日", body)],
        [Spacer(1, 22 * mm)],  # room for the round stamp
    ]
    table = Table(rows, colWidths=[width])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), register_font()),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return KeepTogether([Spacer(1, 6 * mm), table])


def note(text: str) -> Paragraph:
    return Paragraph(escape(text), styles()["small"])
