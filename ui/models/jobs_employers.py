"""The employer list (用人单位): :class:`app.jobs.EmployerRow` from one query, filtered in SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.jobs.vacancies import EmployerRow, employer_rows
from ui import theme
from ui.models.table_base import Column, TableModel

EMPLOYER_COLUMNS: tuple[Column[EmployerRow], ...] = (
    Column("单位名称", lambda e: e.name, sample="广州市某某食品有限公司"),
    Column("单位类型", lambda e: e.kind, sample="农民专业合作社"),
    Column(
        "统一社会信用代码",
        lambda e: e.credit_code,
        key=lambda e: e.credit_code or None,
        sample="91440101MA5CXXXX0X",
    ),
    Column("联系人", lambda e: e.contact, sample="欧阳某某"),
    Column("联系电话", lambda e: e.phone, sample="13800000000"),
    Column(
        "在招岗位",
        lambda e: str(e.open_count),
        key=lambda e: e.open_count,
        align="right",
        foreground=lambda e: theme.GREY if not e.open_count else None,
        sample="在招岗位",
        header_tip="招聘中且未过有效期的岗位数",
    ),
    Column(
        "岗位总数",
        lambda e: str(e.vacancy_count),
        key=lambda e: e.vacancy_count,
        align="right",
        sample="岗位总数",
    ),
    Column("地址", lambda e: e.address, sample="某某街道某某路100号"),
)


class EmployerTableModel(TableModel[EmployerRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(EMPLOYER_COLUMNS, lambda e: e.id, parent)
        self.search = ""

    def load(self, today: dt.date | None = None) -> None:
        self.set_rows(employer_rows(self.search, today))
