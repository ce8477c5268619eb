"""The vacancy list (岗位) and the compact vacancy picker of the matching view.

Rows are :class:`app.jobs.VacancyRow` from ONE query (``list_vacancies``) with the filters in SQL;
the ‘expired only’ filter (status 招聘中 but past 有效期至) is the one applied here, on the loaded rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.core import codes
from app.jobs.vacancies import VacancyRow, list_vacancies
from ui import theme
from ui.models.table_base import Column, TableModel

COMPLETE = "要素齐全"
EXPIRED = "已过期"

# Status filter choices of the list: (label, key).
STATUS_ALL = ""
STATUS_OPEN = "open"
STATUS_EXPIRED = "expired"
STATUS_CHOICES: tuple[tuple[str, str], ...] = (
    ("全部状态", STATUS_ALL),
    ("在招（未过期）", STATUS_OPEN),
    ("已过期", STATUS_EXPIRED),
    *((s, s) for s in codes.VACANCY_STATUS.values),
)


def pay_text(v: VacancyRow) -> str:
    """薪酬 as the list shows it: the range in yuan, else the 薪酬待遇 text."""
    if v.pay_min is not None and v.pay_max is not None:
        return f"{v.pay_min}-{v.pay_max}" if v.pay_min != v.pay_max else f"{v.pay_min}"
    if v.pay_min is not None:
        return f"{v.pay_min}起"
    if v.pay_max is not None:
        return f"至{v.pay_max}"
    return v.pay_text


def badge_text(v: VacancyRow) -> str:
    return f"缺：{'、'.join(v.missing)}" if v.missing else COMPLETE


def status_text(v: VacancyRow) -> str:
    if v.expired and v.status == codes.VACANCY_STATUS_DEFAULT:
        return EXPIRED
    if v.expired:
        return f"{v.status}（已过期）"
    return v.status


def _status_color(v: VacancyRow) -> str | None:
    if v.expired and v.status == codes.VACANCY_STATUS_DEFAULT:
        return theme.ERROR
    if v.status != codes.VACANCY_STATUS_DEFAULT:
        return theme.GREY
    return theme.SUCCESS


def _row_background(v: VacancyRow) -> str | None:
    return theme.EXPIRED_BACKGROUND if v.expired and v.status == codes.VACANCY_STATUS_DEFAULT else None


def _row_foreground(v: VacancyRow) -> str | None:
    return theme.GREY if v.status != codes.VACANCY_STATUS_DEFAULT else None


def _until_text(v: VacancyRow) -> str:
    return v.valid_until.isoformat() if v.valid_until else "招满为止"


def _until_tip(v: VacancyRow) -> str | None:
    if v.valid_until is None:
        return "未填有效期至：招满为止"
    return f"有效期至 {v.valid_until}，已过期" if v.expired else f"有效期至 {v.valid_until}"


def _missing_tip(v: VacancyRow) -> str:
    if not v.missing:
        return "工作时间、招聘要求、薪酬待遇、联系人、联系电话 均已填写"
    return f"岗位信息缺少：{'、'.join(v.missing)}。发布前请补齐（打开岗位编辑）。"


def _c(title: str, text: Any, **kw: Any) -> Column[VacancyRow]:
    kw.setdefault("background", _row_background)
    kw.setdefault("foreground", _row_foreground)
    return Column(title, text, **kw)


VACANCY_COLUMNS: tuple[Column[VacancyRow], ...] = (
    _c("岗位编号", lambda v: v.code, sample="G2026-0000"),
    _c("用人单位", lambda v: v.employer_name, sample="广州市某某食品有限公司"),
    _c("岗位名称", lambda v: v.title, sample="仓库管理员"),
    _c("岗位类型", lambda v: v.kind, sample="公益性岗位"),
    _c("招聘人数", lambda v: str(v.headcount), key=lambda v: v.headcount, align="right", sample="招聘人数"),
    _c(
        "薪酬（元/月）",
        pay_text,
        key=lambda v: v.pay_max if v.pay_max is not None else v.pay_min,
        tooltip=lambda v: v.pay_text or None,
        sample="4500-6000",
    ),
    _c("收集日期", lambda v: v.collected_on.isoformat(), key=lambda v: v.collected_on, sample="2026-00-00"),
    _c(
        "有效期至",
        _until_text,
        key=lambda v: v.valid_until,
        tooltip=_until_tip,
        foreground=lambda v: theme.ERROR if v.expired else _row_foreground(v),
        sample="2026-00-00",
    ),
    _c("状态", status_text, foreground=_status_color, sample="已过期"),
    _c(
        "推荐",
        lambda v: str(v.referral_count),
        key=lambda v: v.referral_count,
        align="right",
        sample="推荐人次",
        header_tip="已推荐的人次",
    ),
    _c(
        "岗位要素",
        badge_text,
        key=lambda v: (len(v.missing), v.missing),
        foreground=lambda v: theme.ERROR if v.missing else theme.SUCCESS,
        tooltip=_missing_tip,
        badge=True,
        sample="缺：薪酬待遇、联系电话",
        header_tip="工作时间、招聘要求、薪酬待遇、联系人、联系电话（岗位信息要素）",
    ),
)


@dataclass
class VacancyFilter:
    text: str = ""
    kind: str = ""
    status: str = STATUS_ALL  # "", "open", "expired" or a 状态 value
    incomplete_only: bool = False
    employer_id: int | None = None


class VacancyTableModel(TableModel[VacancyRow]):
    """All vacancies passing the filter, newest collection first until a header is clicked."""

    def __init__(self, parent: Any = None, columns: tuple[Column[VacancyRow], ...] = VACANCY_COLUMNS) -> None:
        super().__init__(columns, lambda v: v.id, parent)
        self.filter = VacancyFilter()
        self.today = dt.date.today()
        self.total = 0

    def load(self, today: dt.date | None = None) -> None:
        """Re-read from the database with the current filter."""
        self.today = today or dt.date.today()
        f = self.filter
        status = f.status if f.status not in (STATUS_OPEN, STATUS_EXPIRED) else ""
        if f.status == STATUS_EXPIRED:
            status = codes.VACANCY_STATUS_DEFAULT
        rows = list_vacancies(
            today=self.today,
            text=f.text,
            kind=f.kind,
            status=status,
            employer_id=f.employer_id,
            only_open=f.status == STATUS_OPEN,
            incomplete_only=f.incomplete_only,
        )
        if f.status == STATUS_EXPIRED:
            rows = [r for r in rows if r.expired]
        self.set_rows(rows)

    def counts(self) -> tuple[int, int, int]:
        """(shown, incomplete among them, expired among them)."""
        rows = self._rows
        return len(rows), sum(1 for r in rows if r.missing), sum(1 for r in rows if r.expired)


# The picker of the ‘按岗位找人’ view: fewer columns.
PICK_COLUMNS: tuple[Column[VacancyRow], ...] = (
    _c("岗位编号", lambda v: v.code, sample="G2026-0000"),
    _c("岗位名称", lambda v: v.title, sample="仓库管理员"),
    _c("用人单位", lambda v: v.employer_name, sample="某某食品有限公司"),
    _c("岗位类型", lambda v: v.kind, sample="公益性岗位"),
    _c("状态", status_text, foreground=_status_color, sample="已过期"),
)


class VacancyPickModel(VacancyTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent, PICK_COLUMNS)
        self.filter.status = STATUS_OPEN


__all__ = ["STATUS_CHOICES", "VacancyFilter", "VacancyPickModel", "VacancyTableModel"]
