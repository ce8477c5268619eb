"""岗位信息发布单 — the open vacancies as an A4 notice for the station's board."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from app.dates import fmt_cn
from app.jobs import VacancyRow, list_vacancies
from app.pdf.base import (
    HEADER_FILL,
    ProgressCallback,
    build_pdf,
    content_width,
    escape,
    grid_style,
    para,
    station_name,
    station_phone,
    styles,
)

TITLE = "岗位信息发布单"
EMPTY = "暂无在招岗位"


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
    """One vacancy: a heading row and a label/value grid, kept on one page."""
    width = content_width()
    label_w = 25 * mm
    value_w = (width - 2 * label_w) / 2
    head = Paragraph(
        f"{n}．{escape(v.title)}　<font size=9>（{escape(v.code)}）</font>",
        styles()["heading"],
    )
    rows: list[list[Any]] = [
        [para("用人单位", "th"), para(v.employer_name), para("岗位类型", "th"), para(v.kind)],
        [para("招聘人数", "th"), para(f"{v.headcount}人"), para("薪酬待遇", "th"), para(_pay(v))],
        [para("工作时间", "th"), para(v.hours or "详询"), para("工作地点", "th"), para(v.location or "详询")],
        [para("招聘要求", "th"), para(v.requirements or "详询"), "", ""],
        [
            para("联系人/电话", "th"),
            para(_contact(v)),
            para("有效期至", "th"),
            para(fmt_cn(v.valid_until) if v.valid_until else "招满为止"),
        ],
    ]
    table = Table(rows, colWidths=[label_w, value_w, label_w, value_w])
    table.setStyle(
        TableStyle(
            [
                *grid_style(),
                ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
                ("BACKGROUND", (2, 0), (2, 2), HEADER_FILL),
                ("BACKGROUND", (2, 4), (2, 4), HEADER_FILL),
                ("SPAN", (1, 3), (3, 3)),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return KeepTogether([head, Spacer(1, 1.5 * mm), table, Spacer(1, 3 * mm)])


def _select(vacancy_ids: Sequence[int] | None, day: dt.date) -> list[VacancyRow]:
    if vacancy_ids is None:
        rows = list_vacancies(today=day, only_open=True)
    else:
        rows = list_vacancies(today=day, ids=vacancy_ids)
    # The board reads best grouped by kind, then by code.
    return sorted(rows, key=lambda r: (r.kind, r.code, r.id))


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
    name = station_name()
    phone = station_phone()
    st = styles()
    story: list[Flowable] = [
        Paragraph(TITLE, st["title"]),
        Paragraph(escape(f"{name}　{fmt_cn(day)}发布　共 {len(rows)} 个岗位"), st["subtitle"]),
    ]
    if not rows:
        story.append(Paragraph(EMPTY, st["body"]))
    for n, v in enumerate(rows, 1):
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
