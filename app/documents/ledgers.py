"""The ledgers (台账) as long tables: 劳动力资源台账, 失业人员台账, 就业困难人员帮扶台账, 岗位收集台账,
服务记录台账 — PDF (A4 landscape, header repeated on every page) and Excel.

ID numbers are masked (``110101********123X``) unless ``mask_ids=False``. Each ledger is one SQL query
whose rows stream (a cursor, never a list of all rows) into the page layout (:mod:`app.documents.grid`)
or the write-only workbook.

The PDF is made in two passes over the query, both inside one read transaction (the same snapshot of
the data, which takes no write lock): the first counts the pages from line counts alone, the second lays
out and draws one page at a time with “共 N 页” already known (:func:`app.documents.pdf.streamed_pdf`).
Memory stays that of a page, whatever the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.dates import age_on, fmt_cn
from app.core.idcard import mask_id
from app.core.period import Period
from app.core.sql import query, to_date
from app.documents.common import (
    Progress,
    as_period,
    period_text,
    stage,
    title_block,
)
from app.documents.grid import MAX_LINES, Column, GridLayout, frame_height
from app.documents.pdf import content_width, station_name, streamed_pdf
from app.documents.xlsx_common import TableSheet, XColumn, write_tables
from app.register.active import period_params, recognition_active_sql, registration_active_sql
from db.models import database


@dataclass(frozen=True)
class LCol:
    header: str
    weight: float  # PDF width weight
    width: float  # Excel width in characters
    kind: str = "text"  # text | int | date | id
    align: str = "left"
    lines: int = MAX_LINES  # at most this many lines in a PDF cell, then “…”


@dataclass(frozen=True)
class Ledger:
    kind: str
    title: str
    columns: tuple[LCol, ...]
    uses_period: bool
    rows: Callable[[Period, bool], tuple[int, Iterator[tuple[Any, ...]]]]  # (count, rows without 序号)


NO = LCol("序号", 23, 7, "int", "right")  # PDF weights are points at the landscape width (714)


def _cursor(sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
    """The rows of a query one by one (a district's ledger is too long for a list)."""
    yield from database.execute_sql(sql, tuple(params))


def _id(number: str, mask: bool) -> str:
    return mask_id(number) if mask else number


def _age(birth: object, on: dt.date) -> int | None:
    d = to_date(birth)
    return age_on(d, on) if d is not None else None


def _yes(value: object) -> str:
    return "" if value is None else ("是" if value else "否")


def _d(value: object) -> dt.date | None:
    return to_date(value)


# ---------------------------------------------------------------------------- 劳动力资源台账

# Sized for the 7 pt type so that a typical person fits on one line (the town's 50,000 people on about
# 1,100 pages); a longer text takes a second line at most and then ends with “…” (Excel has it whole).
LABOR_COLUMNS = (
    NO,
    LCol("户编号", 36, 12),
    LCol("姓名", 31, 9),
    LCol("性别", 12, 5, align="center"),
    LCol("身份证号", 73, 21, "id"),
    LCol("年龄", 14, 6, "int", "right"),
    LCol("文化程度", 38, 10, lines=2),
    LCol("劳动能力", 46, 12, lines=2),
    LCol("就业状态", 38, 10, lines=2),
    LCol("就业单位", 119, 20, lines=2),
    LCol("失业原因", 38, 12, lines=2),
    LCol("家庭状况", 38, 14, lines=2),
    LCol("择业意向", 33, 14, lines=2),
    LCol("职业技能", 45, 14, lines=2),
    LCol("社会保障", 45, 14, lines=2),
    LCol("联系电话", 46, 14, lines=2),
    LCol("调查日期", 39, 11, "date"),
)


def _labor_rows(period: Period, mask: bool) -> tuple[int, Iterator[tuple[Any, ...]]]:
    count = query("SELECT COUNT(*) FROM person")[0][0]
    on = period.end

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _cursor(
            "SELECT h.code, p.name, p.gender, p.id_number, p.birth_date, p.education, p.labor_ability, "
            "p.employment_status, p.employer, p.unemployment_reason, p.family_situation, p.job_intention, "
            "p.skills, p.social_security, p.phone, p.survey_date FROM person p "
            "LEFT JOIN household h ON h.id = p.household_id "
            "ORDER BY h.code IS NULL, h.code, CASE p.relation WHEN '户主' THEN 0 ELSE 1 END, p.id"
        ):
            yield (
                r[0] or "", r[1], r[2], _id(r[3], mask), _age(r[4], on), r[5], r[6], r[7], r[8],
                r[9], r[10], r[11], r[12], r[13], r[14], _d(r[15]),
            )  # fmt: skip

    return int(count), rows()


# ---------------------------------------------------------------------------- 失业人员台账

UNEMPLOYED_COLUMNS = (
    NO,
    LCol("姓名", 36, 9),
    LCol("性别", 17, 5, align="center"),
    LCol("身份证号", 79, 21, "id"),
    LCol("年龄", 18, 6, "int", "right"),
    LCol("文化程度", 42, 10),
    LCol("联系电话", 50, 14),
    LCol("登记日期", 42, 11, "date"),
    LCol("失业原因", 40, 12),
    LCol("择业意向", 50, 14),
    LCol("个人原因未就业", 36, 8, align="center"),
    LCol("报告期服务次数", 36, 8, "int", "right"),
    LCol("注销日期", 42, 11, "date"),
    LCol("注销原因", 92, 18),
    LCol("目前就业状态", 40, 10),
)


def _unemployed_rows(period: Period, mask: bool) -> tuple[int, Iterator[tuple[Any, ...]]]:
    where = registration_active_sql("g")
    args = period_params(period)
    count = query(f"SELECT COUNT(*) FROM registration g WHERE {where}", args)[0][0]

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _cursor(
            "SELECT p.name, p.gender, p.id_number, p.birth_date, p.education, p.phone, g.registered_on, "
            "p.unemployment_reason, p.job_intention, g.personal_reason, "
            "(SELECT COUNT(*) FROM service s WHERE s.person_id = p.id AND s.served_on BETWEEN ? AND ?), "
            "g.cancelled_on, g.cancel_reason, p.employment_status "
            f"FROM registration g JOIN person p ON p.id = g.person_id WHERE {where} "
            "ORDER BY g.registered_on, p.name, g.id",
            (period.start_iso, period.end_iso, *args),
        ):
            yield (
                r[0], r[1], _id(r[2], mask), _age(r[3], period.end), r[4], r[5], _d(r[6]), r[7], r[8],
                "是" if r[9] else "", r[10], _d(r[11]), r[12], r[13],
            )  # fmt: skip

    return int(count), rows()


# ---------------------------------------------------------------------------- 就业困难人员帮扶台账

DIFFICULTY_COLUMNS = (
    NO,
    LCol("姓名", 34, 9),
    LCol("性别", 17, 5, align="center"),
    LCol("身份证号", 79, 21, "id"),
    LCol("年龄", 18, 6, "int", "right"),
    LCol("联系电话", 50, 14),
    LCol("认定日期", 42, 11, "date"),
    LCol("困难类别", 62, 18),
    LCol("帮扶等级", 26, 8, align="center"),
    LCol("一人一策制定日期", 42, 11, "date"),
    LCol("报告期服务次数", 28, 8, "int", "right"),
    LCol("最近服务日期", 42, 11, "date"),
    LCol("岗位推荐次数", 28, 8, "int", "right"),
    LCol("培训推荐次数", 28, 8, "int", "right"),
    LCol("取消日期", 42, 11, "date"),
    LCol("取消原因", 57, 16),
    LCol("就业状态", 35, 10),
)


def _difficulty_rows(period: Period, mask: bool) -> tuple[int, Iterator[tuple[Any, ...]]]:
    where = recognition_active_sql("c")
    args = period_params(period)
    count = query(f"SELECT COUNT(*) FROM recognition c WHERE {where}", args)[0][0]
    p_args = (period.start_iso, period.end_iso)

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _cursor(
            "SELECT p.name, p.gender, p.id_number, p.birth_date, p.phone, c.recognized_on, c.categories, "
            "c.level, "
            "(SELECT MAX(made_on) FROM service_plan sp WHERE sp.person_id = p.id AND sp.made_on <= ?), "
            "(SELECT COUNT(*) FROM service s WHERE s.person_id = p.id AND s.served_on BETWEEN ? AND ?), "
            "(SELECT MAX(served_on) FROM service s WHERE s.person_id = p.id AND s.served_on <= ?), "
            "(SELECT COUNT(*) FROM referral f WHERE f.person_id = p.id AND f.referred_on BETWEEN ? AND ?), "
            "(SELECT COUNT(*) FROM training_referral t WHERE t.person_id = p.id "
            "  AND t.referred_on BETWEEN ? AND ?), "
            "c.cancelled_on, c.cancel_reason, p.employment_status "
            f"FROM recognition c JOIN person p ON p.id = c.person_id WHERE {where} "
            "ORDER BY c.recognized_on, p.name, c.id",
            (period.end_iso, *p_args, period.end_iso, *p_args, *p_args, *args),
        ):
            yield (
                r[0], r[1], _id(r[2], mask), _age(r[3], period.end), r[4], _d(r[5]), r[6], r[7], _d(r[8]),
                r[9], _d(r[10]), r[11], r[12], _d(r[13]), r[14], r[15],
            )  # fmt: skip

    return int(count), rows()


# ---------------------------------------------------------------------------- 岗位收集台账

VACANCY_COLUMNS = (
    NO,
    LCol("岗位编号", 42, 12),
    LCol("用人单位", 70, 24),
    LCol("岗位名称", 46, 14),
    LCol("岗位类型", 36, 10),
    LCol("招聘人数", 24, 8, "int", "right"),
    LCol("工作时间", 50, 16),
    LCol("薪酬待遇", 50, 16),
    LCol("招聘要求", 80, 30),
    LCol("联系人", 30, 9),
    LCol("联系电话", 50, 14),
    LCol("收集日期", 42, 11, "date"),
    LCol("收集方式", 36, 10),
    LCol("发布渠道", 46, 14),
    LCol("状态", 28, 8),
    LCol("推荐人次", 24, 8, "int", "right"),
)


def pay_text(pay_text: str, low: int | None, high: int | None) -> str:
    if pay_text:
        return pay_text
    if low is not None and high is not None:
        return f"{low}-{high}元/月"
    if low is not None or high is not None:
        return f"{low if low is not None else high}元/月"
    return ""


def _vacancy_rows(period: Period, mask: bool) -> tuple[int, Iterator[tuple[Any, ...]]]:
    args = (period.start_iso, period.end_iso)
    count = query("SELECT COUNT(*) FROM vacancy WHERE collected_on BETWEEN ? AND ?", args)[0][0]

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _cursor(
            "SELECT v.code, e.name, v.title, v.kind, v.headcount, v.hours, v.pay_text, v.pay_min, v.pay_max, "
            "v.requirements, v.contact, v.phone, v.collected_on, v.collect_method, v.channels, v.status, "
            "(SELECT COUNT(*) FROM referral f WHERE f.vacancy_id = v.id) "
            "FROM vacancy v JOIN employer e ON e.id = v.employer_id WHERE v.collected_on BETWEEN ? AND ? "
            "ORDER BY v.collected_on, v.code",
            args,
        ):
            yield (
                r[0], r[1], r[2], r[3], r[4], r[5], pay_text(r[6], r[7], r[8]), r[9], r[10], r[11], _d(r[12]),
                r[13], r[14], r[15], r[16],
            )  # fmt: skip

    return int(count), rows()


# ---------------------------------------------------------------------------- 服务记录台账

SERVICE_COLUMNS = (
    NO,
    LCol("服务日期", 42, 11, "date"),
    LCol("姓名", 34, 9),
    LCol("身份证号", 79, 21, "id"),
    LCol("服务类型", 50, 12),
    LCol("服务方式", 30, 8, align="center"),
    LCol("服务内容", 230, 40),
    LCol("服务结果", 100, 18),
    LCol("经办人", 34, 9),
    LCol("下次跟进日期", 42, 11, "date"),
)


def _service_rows(period: Period, mask: bool) -> tuple[int, Iterator[tuple[Any, ...]]]:
    args = (period.start_iso, period.end_iso)
    count = query("SELECT COUNT(*) FROM service WHERE served_on BETWEEN ? AND ?", args)[0][0]

    def rows() -> Iterator[tuple[Any, ...]]:
        for r in _cursor(
            "SELECT s.served_on, p.name, p.id_number, s.kind, s.mode, s.content, s.result, s.staff, "
            "s.next_follow_up FROM service s JOIN person p ON p.id = s.person_id "
            "WHERE s.served_on BETWEEN ? AND ? ORDER BY s.served_on, p.name, s.id",
            args,
        ):
            yield (_d(r[0]), r[1], _id(r[2], mask), r[3], r[4], r[5], r[6], r[7], _d(r[8]))

    return int(count), rows()


LEDGERS: dict[str, Ledger] = {
    "ledger-labor": Ledger("ledger-labor", "劳动力资源台账", LABOR_COLUMNS, False, _labor_rows),
    "ledger-unemployed": Ledger(
        "ledger-unemployed", "失业人员台账", UNEMPLOYED_COLUMNS, True, _unemployed_rows
    ),
    "ledger-difficulty": Ledger(
        "ledger-difficulty", "就业困难人员帮扶台账", DIFFICULTY_COLUMNS, True, _difficulty_rows
    ),
    "ledger-vacancies": Ledger("ledger-vacancies", "岗位收集台账", VACANCY_COLUMNS, True, _vacancy_rows),
    "ledger-services": Ledger("ledger-services", "服务记录台账", SERVICE_COLUMNS, True, _service_rows),
}


def _as_of_period(ledger: Ledger, period: object) -> Period:
    p = as_period(period)
    return p


def _header_text(ledger: Ledger, period: Period) -> str:
    if ledger.uses_period:
        return period_text(period)
    return f"截至{fmt_cn(period.end)}"


def _subtitle(ledger: Ledger, period: Period, count: int, mask: bool) -> str:
    what = {
        "ledger-labor": f"在册人员 {count} 人",
        "ledger-unemployed": f"报告期内在册的失业登记 {count} 条",
        "ledger-difficulty": f"报告期内在册的就业困难认定 {count} 条",
        "ledger-vacancies": f"报告期内收集岗位 {count} 个",
        "ledger-services": f"报告期内服务记录 {count} 条",
    }[ledger.kind]
    masked = "（身份证号已部分隐藏）" if mask and any(c.kind == "id" for c in ledger.columns) else ""
    return f"{station_name()}　{_header_text(ledger, period)}　{what}{masked}"


def _numbered(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    for i, r in enumerate(rows, 1):
        yield (i, *r)


def _pdf_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def build_ledger_pdf(
    kind: str,
    path: Path | str,
    *,
    period: object = None,
    mask_ids: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Write the ledger ``kind`` as a PDF (A4 landscape). ``progress(done, total, text)``: counting the
    pages is the first quarter, laying out and drawing them the rest."""
    ledger = LEDGERS[kind]
    p = _as_of_period(ledger, period)
    total = 1000
    layout = GridLayout(
        [Column(c.header, c.weight, c.align, c.lines) for c in ledger.columns], landscape=True
    )
    # One read transaction (DEFERRED: a snapshot, not the write lock the app's transactions take) for both
    # passes: the pages counted are the pages drawn, and the window can go on saving meanwhile.
    with database.atomic("DEFERRED"):
        count, rows = ledger.rows(p, mask_ids)
        head = title_block(ledger.title, _subtitle(ledger, p, count, mask_ids))
        width = content_width(True)
        used = 0.0
        for f in head:
            _w, h = f.wrap(width, frame_height(True))
            used += h + f.getSpaceAfter() + f.getSpaceBefore()
        room = frame_height(True) - used - 2
        counting = stage(progress, f"正在整理{ledger.title}（{count} 条）…", 0, 250, total)
        counting(0, 1)
        pages = layout.count_pages(_cells(rows), first_page_room=room, count=count, progress=counting)
        drawing = stage(progress, f"正在生成PDF（共 {pages} 页）…", 250, 750, total)
        drawing(0, pages)
        _count, rows = ledger.rows(p, mask_ids)
        with streamed_pdf(
            path, ledger.title, pages=pages, landscape=True, period_text=_header_text(ledger, p)
        ) as pdf:
            for i, page in enumerate(layout.pages(_cells(rows), first_page_room=room, count=count)):
                pdf.page([*head, page] if i == 0 else [page])
                drawing(i + 1, pages)
    if progress is not None:
        progress(total, total, "完成")
    return Path(path)


def _cells(rows: Iterator[tuple[Any, ...]]) -> Iterator[tuple[str, ...]]:
    """The numbered rows as the texts of the PDF's cells."""
    return (tuple(_pdf_cell(v) for v in r) for r in _numbered(rows))


def build_ledger_xlsx(
    kind: str,
    path: Path | str,
    *,
    period: object = None,
    mask_ids: bool = True,
    progress: Progress | None = None,
) -> Path:
    """Write the ledger ``kind`` as a formatted workbook (one sheet)."""
    ledger = LEDGERS[kind]
    p = _as_of_period(ledger, period)
    count, rows = ledger.rows(p, mask_ids)
    report = stage(progress, f"正在导出{ledger.title}（{count} 条）…", 0, 100, 100)
    sheet = TableSheet(
        name=ledger.title,
        title=ledger.title,
        subtitle=_subtitle(ledger, p, count, mask_ids),
        columns=[XColumn(c.header, c.width, c.kind) for c in ledger.columns],
        rows=_numbered(rows),
        count=count,
    )
    out = write_tables(path, [sheet], progress=report)
    if progress is not None:
        progress(100, 100, "完成")
    return out


def ledger_titles() -> Sequence[tuple[str, str]]:
    return [(k, v.title) for k, v in LEDGERS.items()]
