"""岗位信息发布单 — the open vacancies as an A4 notice for the station's board.

Read standing in front of a board: the cells are 11 pt (the shared table style is 9.5 pt, for ledgers
read at a desk), the vacancy titles 14 pt; the vacancies are grouped by 岗位类型 in the code list's
order, each group under its own heading; the station's name, address, phone and contact person head
the first page and every page's footer carries the name and phone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.core import codes
from app.core.dates import fmt_cn
from app.documents.pdf import (
    HEADER_FILL,
    ProgressCallback,
    build_pdf,
    content_width,
    escape,
    grid_style,
    station_name,
    station_phone,
    styles,
)
from app.jobs.vacancies import VacancyRow, list_vacancies

TITLE = "岗位信息发布单"
EMPTY = "暂无在招岗位"
NO_NAME = "就业服务站"  # station name not set up yet in 站点信息
CELL_SIZE = 11  # points: legible on a board
LABEL_SIZE = 10.5
HEADING_SIZE = 14


def _styles() -> dict[str, ParagraphStyle]:
    base = styles()
    return {
        "td": ParagraphStyle("notice_td", parent=base["td"], fontSize=CELL_SIZE, leading=CELL_SIZE + 4),
        "th": ParagraphStyle("notice_th", parent=base["th"], fontSize=LABEL_SIZE, leading=LABEL_SIZE + 4),
        "heading": ParagraphStyle(
            "notice_heading", parent=base["heading"], fontSize=HEADING_SIZE, leading=HEADING_SIZE + 5
        ),
        "group": ParagraphStyle(
            "notice_group",
            parent=base["heading"],
            fontSize=HEADING_SIZE + 1,
            leading=HEADING_SIZE + 7,
            textColor="#1F4E79",
            spaceBefore=4 * mm,
            spaceAfter=1 * mm,
        ),
        "contact": ParagraphStyle(
            "notice_contact",
            parent=base["subtitle"],
            fontSize=LABEL_SIZE + 0.5,
            leading=LABEL_SIZE + 5,
            spaceAfter=1 * mm,
        ),
    }


def _para(text: object, style: str) -> Paragraph:
    return Paragraph(escape(text), _styles()[style])


def _pay(v: VacancyRow) -> str:
    if v.pay_text:
        return v.pay_text
    if v.pay_min is not None and v.pay_max is not None:
        return f"{v.pay_min}-{v.pay_max}元/月"
    if v.pay_min is not None or v.pay_max is not None:
        return f"{v.pay_min if v.pay_min is not None else v.pay_max}元/月"
    return "面议"


def _contact(v: VacancyRow) -> str:
    return "　".join(x for x in (v.contact, v.phone) if x) or "详询本站"


def _block(n: int, v: VacancyRow) -> Flowable:
    """One vacancy: a heading row and a label/value grid, kept on one page. The long values (单位,
    工作地点, 招聘要求, 联系人) get the wide column or a whole row, so they rarely wrap."""
    width = content_width()
    label_w = 25 * mm
    short_w = 45 * mm  # 招聘人数, 岗位类型, 有效期至: a few characters
    long_w = width - 2 * label_w - short_w
    head = Paragraph(
        f"{n}．{escape(v.title)}　<font size=9>（{escape(v.code)}）</font>",
        _styles()["heading"],
    )

    def th(text: str) -> Paragraph:
        return _para(text, "th")

    def td(text: object) -> Paragraph:
        return _para(text, "td")

    rows: list[list[Any]] = [
        [th("用人单位"), td(v.employer_name), th("招聘人数"), td(f"{v.headcount}人")],
        [th("薪酬待遇"), td(_pay(v)), th("岗位类型"), td(v.kind)],
        [
            th("工作时间"),
            td(v.hours or "详询"),
            th("有效期至"),
            td(fmt_cn(v.valid_until) if v.valid_until else "招满为止"),
        ],
        [th("工作地点"), td(v.location or "详询"), "", ""],
        [th("招聘要求"), td(v.requirements or "详询"), "", ""],
        [th("联系人/电话"), td(_contact(v)), "", ""],
    ]
    table = Table(rows, colWidths=[label_w, long_w, label_w, short_w])
    table.setStyle(
        TableStyle(
            [
                *grid_style(),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("BACKGROUND", (2, 0), (2, 2), HEADER_FILL),
                *(("SPAN", (1, r), (3, r)) for r in (3, 4, 5)),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return KeepTogether([head, Spacer(1, 1 * mm), table, Spacer(1, 2 * mm)])


def _select(vacancy_ids: Sequence[int] | None, day: dt.date) -> list[VacancyRow]:
    if vacancy_ids is None:
        rows = list_vacancies(today=day, only_open=True)
    else:
        rows = list_vacancies(today=day, ids=vacancy_ids)
    # The board reads best grouped by kind (in the code list's order), then by code.
    order = {k: i for i, k in enumerate(codes.VACANCY_KIND.values)}
    return sorted(rows, key=lambda r: (order.get(r.kind, len(order)), r.kind, r.code, r.id))


def _station_lines() -> list[str]:
    """报名地点 / 咨询电话 / 联系人 of the station, as far as 站点信息 has them."""
    from db.models import StationProfile, database

    row = None if database.deferred else StationProfile.get_or_none(StationProfile.id == 1)
    if row is None:
        return []
    lines = [f"报名地点：{row.address}"] if row.address else []
    call = "　".join(
        f"{label}：{value}" for label, value in (("咨询电话", row.phone), ("联系人", row.contact)) if value
    )
    return [*lines, call] if call else lines


def build_vacancy_notice(
    path: Path | str,
    vacancy_ids: Sequence[int] | None = None,
    today: dt.date | None = None,
    *,
    progress: ProgressCallback | None = None,
) -> int:
    """Write the notice to ``path``: the given vacancies, or all open ones (招聘中, not expired on
    ``today``). Returns the number of vacancies printed."""
    day = today or dt.date.today()
    rows = _select(vacancy_ids, day)
    name = station_name() or NO_NAME
    phone = station_phone()
    st = styles()
    story: list[Flowable] = [
        Paragraph(TITLE, st["title"]),
        Paragraph(escape(f"{name}　{fmt_cn(day)}发布　共 {len(rows)} 个岗位"), st["subtitle"]),
    ]
    story.extend(_para(line, "contact") for line in _station_lines())
    if not rows:
        story.append(Paragraph(EMPTY, st["body"]))
    kind = None
    for n, v in enumerate(rows, 1):
        if v.kind != kind:
            kind = v.kind
            count = sum(1 for r in rows if r.kind == kind)
            label = kind if kind.endswith("岗位") else f"{kind}岗位"
            story.append(_para(f"■ {label}（{count} 个）", "group"))
        story.append(_block(n, v))
    contact_line = f"以上岗位欢迎咨询、报名：{name}" + (f"　电话：{phone}" if phone else "")
    story.append(Spacer(1, 4 * mm))
    story.append(Paragraph(escape(contact_line), st["body"]))
    footer = f"{name}　咨询电话：{phone}" if phone else name
    build_pdf(
        path,
        TITLE,
        story,
        period_text=fmt_cn(day),
        progress=progress,
        footer_note=footer,
        station=name,
    )
    return len(rows)
