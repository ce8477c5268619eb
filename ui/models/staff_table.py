"""工作人员 list: ID numbers masked, years of experience derived from the start date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.dates import fmt
from app.core.idcard import mask_id
from app.station import profile as station
from db.models import Staff
from ui.models.station_table import Row, RowTableModel

HEADERS = ("姓名", "身份证号", "岗位性质", "文化程度", "从业起始日期", "工作年限", "持证情况", "最近培训日期")
# Full column names of the 工作人员 sheet, for the header tooltips.
HEADER_TIPS = (
    "姓名",
    "身份证号（列表中隐藏中间位）",
    "岗位性质",
    "文化程度",
    "从事就业服务起始日期",
    "工作年限（由起始日期计算，满一年计一年）",
    "持证情况",
    "最近培训日期",
)


def staff_row(s: Staff, today: dt.date) -> Row:
    years = station.experience_years(s, today)
    years_text = "" if years is None else f"{years} 年"
    return Row(
        texts=(
            s.name,
            mask_id(s.id_number),
            s.nature,
            s.education,
            fmt(s.started_service_on),
            years_text,
            s.certificates,
            fmt(s.last_trained_on),
        ),
        keys=(
            s.name,
            s.id_number or None,
            s.nature,
            s.education or None,
            s.started_service_on,
            years,
            s.certificates or None,
            s.last_trained_on,
        ),
        payload=s.id,
    )


class StaffTableModel(RowTableModel):
    headers = HEADERS
    header_tips = HEADER_TIPS
    numeric_columns = frozenset({5})

    def __init__(self, parent: Any = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.today = today

    def reload(self) -> None:
        today = self.today or dt.date.today()
        self.set_rows([staff_row(s, today) for s in station.list_staff()])

    def staff_id(self, row: int) -> int | None:
        value = self.payload(row)
        return int(value) if value is not None else None
