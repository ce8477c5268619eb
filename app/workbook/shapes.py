"""The ledgers stations really keep (REAL_LEDGERS.md) and how a row of each becomes the app's records.

A 失业人员管理台帐 row gives a person and a 失业登记, and its 安置情况 a 就业记录 (the registration is then
cancelled on the day of re-employment); a 就业困难人员管理台帐 row a person and a 就业困难认定; a
新就业人员实名制明细表 row a person and a 就业记录; a 求职人员登记台帐 row a person (the app has no 求职登记
sheet yet: its own columns are read and left out with a warning).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.core import codes
from app.core.dates import parse_date
from app.core.errors import ValidationError
from app.workbook.schema import EMPLOYMENTS, PERSONS, RECOGNITIONS, REGISTRATIONS, SHEETS_BY_NAME, Sheet

FieldRef = tuple[str, str]  # (app sheet, header)


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RowView:
    """One source row seen through a sheet's column matches."""

    __slots__ = ("by_field", "by_header", "values")

    def __init__(self, by_field: dict[FieldRef, int], by_header: dict[str, int]) -> None:
        self.by_field = by_field
        self.by_header = by_header
        self.values: Sequence[Any] = ()

    def _at(self, index: int | None) -> Any:
        if index is None or index >= len(self.values):
            return None
        value = self.values[index]
        return None if blank(value) else value

    def field(self, sheet: Sheet | str, header: str) -> Any:
        name = sheet if isinstance(sheet, str) else sheet.name
        return self._at(self.by_field.get((name, header)))

    def source(self, header: str) -> Any:
        return self._at(self.by_header.get(header))


Derived = dict[str, dict[str, Any] | None]  # app sheet -> values to fill (None = no row of that sheet)
NOTES = "!"  # a Derived key: source header -> a warning about that cell of the row


def day_of(value: object) -> dt.date | None:
    try:
        return parse_date(value)
    except ValidationError:
        return None


def _form(row: RowView, employer: object) -> str:
    """The 就业形式 of a placement: the mapped column when it names one, else by the employer."""
    candidates = (
        row.field(EMPLOYMENTS, "就业形式"),
        row.source("就业方式"),
        row.source("就业形式"),
        row.source("就业人员类型"),
        row.source("就业类型"),
    )
    for raw in candidates:
        if isinstance(raw, str) and codes.EMPLOYMENT_FORM.normalize(raw):
            return str(codes.EMPLOYMENT_FORM.normalize(raw))
    return "单位就业" if employer else "灵活就业"


def _placement(row: RowView, out: Derived) -> str | None:
    """The 就业记录 of a 安置情况 (再就业时间 …): its form, or None when the person is not placed."""
    started = row.field(EMPLOYMENTS, "就业日期")
    if started is None:
        out[EMPLOYMENTS.name] = None
        return None
    employer = row.field(EMPLOYMENTS, "就业单位")
    form = _form(row, employer)
    out[EMPLOYMENTS.name] = {"就业形式": form}
    out[PERSONS.name] = {"就业状态": form, "就业单位": employer}
    return form


def _person(out: Derived, today: dt.date, status: str = "未就业") -> dict[str, Any]:
    person = out.setdefault(PERSONS.name, {}) or {}
    person.setdefault("就业状态", status)
    person.setdefault("调查日期", today)
    out[PERSONS.name] = person
    return person


def _unemployed(row: RowView, today: dt.date) -> Derived:
    out: Derived = {}
    form = _placement(row, out)
    _person(out, today)
    registered = row.field(REGISTRATIONS, "登记日期") or row.field(REGISTRATIONS, "失业时间")
    said = row.source("是否登记失业人员")
    if registered is None or (said is not None and codes.parse_yes_no(said) is False):
        out[REGISTRATIONS.name] = None
        if registered is None and said is not None and codes.parse_yes_no(said):
            out[NOTES] = {
                "是否登记失业人员": "是登记失业人员，但没有失业时间：未生成失业登记，请补填失业时间"
            }
        return out
    registration: dict[str, Any] = {"登记日期": registered}
    if form is None:
        out[REGISTRATIONS.name] = registration
        return out
    started, begun = day_of(row.field(EMPLOYMENTS, "就业日期")), day_of(registered)
    if started is not None and begun is not None and started >= begun:
        registration["注销日期"] = started
        registration["注销原因"] = codes.REGISTRATION_CANCEL_FOR_FORM[form]
    out[REGISTRATIONS.name] = registration
    return out


def _difficult(row: RowView, today: dt.date) -> Derived:
    out: Derived = {}
    _placement(row, out)
    _person(out, today)
    if row.field(RECOGNITIONS, "认定类别") is None:
        out[RECOGNITIONS.name] = None
    else:
        out[RECOGNITIONS.name] = {"认定日期": today}
    return out


def _new_employment(row: RowView, today: dt.date) -> Derived:
    out: Derived = {}
    form = _placement(row, out)
    _person(out, today, form or "未就业")
    return out


def _job_seeker(row: RowView, today: dt.date) -> Derived:
    out: Derived = {}
    registered = row.field(JOB_SEEKING, "登记日期") or row.source("登记时间")
    person = _person(out, today)
    if registered is not None and row.field(PERSONS, "调查日期") is None:
        person["调查日期"] = registered
    seeking: dict[str, Any] = {"登记日期": registered or today}
    pay = row.source("期望薪资")
    if pay is not None:
        found = re.search(r"\d+", str(pay))
        if found:
            person["期望月薪"] = seeking["期望薪资"] = int(found.group())
    intention = row.source("求职意向")
    if intention is not None:
        person["择业意向"] = intention
    out[JOB_SEEKING] = seeking
    return out


def _pick(*refs: FieldRef) -> FieldRef | None:
    """The first of ``refs`` the app's sheets have (a column another part of the app may not have yet:
    read, shown and left out until it has)."""
    for sheet, header in refs:
        found = SHEETS_BY_NAME.get(sheet)
        if found is not None and header in found.by_header:
            return sheet, header
    return None


@dataclass(frozen=True)
class Shape:
    """A ledger the stations keep (REAL_LEDGERS.md): how it is told and what its rows give."""

    name: str
    signature: frozenset[str]  # headers that tell it (two are enough)
    targets: tuple[str, ...]  # the app sheets its rows give, the person first
    columns: dict[str, FieldRef | None]  # header or 组/列 label -> field; None = read, not stored
    derive: Callable[[RowView, dt.date], Derived]
    # The app's columns ``derive`` fills (a cell of a mapped column wins), per app sheet.
    derived: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # What the import fills in when the ledger has no such column (told in a warning).
    assumed: tuple[tuple[str, str], ...] = ()

    @property
    def sheets(self) -> tuple[Sheet, ...]:
        """The app sheets of ``targets`` that the app has."""
        return tuple(SHEETS_BY_NAME[t] for t in self.targets if t in SHEETS_BY_NAME)


P, R, D, E = PERSONS.name, REGISTRATIONS.name, RECOGNITIONS.name, EMPLOYMENTS.name
JOB_SEEKING = "求职登记"
_PLACEMENT: dict[str, FieldRef | None] = {
    "安置情况/再就业时间": (E, "就业日期"),
    "安置情况/现就业单位": (E, "就业单位"),
    "安置情况/就业单位": (E, "就业单位"),
    "安置情况/就业去向": (E, "就业形式"),
    "安置情况/就业岗位": _pick((E, "岗位")),
    "安置情况/就业渠道": _pick((E, "就业渠道")),
    "安置情况/所属产业": _pick((E, "所属产业")),
    "安置情况/是否签定劳动合同": _pick((E, "劳动合同")),
    "安置情况/是否签订劳动合同": _pick((E, "劳动合同")),
    "安置情况/合同期限": _pick((E, "合同期限")),
    "就业岗位": _pick((E, "岗位")),
}
# The person's columns of the real ledgers (REAL_LEDGERS.md) that the register may carry.
_PERSON_EXTRA: dict[str, FieldRef | None] = {
    "户籍性质": _pick((P, "户籍性质")),
    "户口性质": _pick((P, "户籍性质")),
    "就业创业证号": _pick((P, "就业创业证号")),
    "所学专业": _pick((P, "所学专业")),
    "民族": _pick((P, "民族")),
    "是否是退役军人": _pick((P, "是否退役军人")),
    "技能等级证书": _pick((P, "证书")),
}
_PERSON_STATE = (P, ("就业状态", "调查日期", "就业单位"))
_PLACED = (E, ("就业形式",))

SHAPES: tuple[Shape, ...] = (
    Shape(
        "失业人员管理台帐",
        frozenset({"失业时间", "失业人员类型", "是否登记失业人员", "领取失业保险金起止时间"}),
        (P, R, E),
        {
            **_PLACEMENT,
            **_PERSON_EXTRA,
            "失业时间": _pick((R, "失业时间"), (R, "登记日期")),
            "是否登记失业人员": None,
            "失业人员类型": None,
            "领取失业保险金起止时间": None,
            "就业服务需求": None,
        },
        _unemployed,
        (_PERSON_STATE, (R, ("登记日期", "注销日期", "注销原因")), _PLACED),
        (("人员", "调查日期"),),
    ),
    Shape(
        "就业困难人员管理台帐",
        frozenset({"就业困难人员类型", "是否就业援助对象", "就业援助形式"}),
        (P, D, E),
        {
            **_PLACEMENT,
            **_PERSON_EXTRA,
            "就业困难人员类型": (D, "认定类别"),
            "是否就业援助对象": None,
            "就业援助形式": None,
        },
        _difficult,
        (_PERSON_STATE, (D, ("认定日期",)), _PLACED),
        (("人员", "调查日期"), ("就业困难认定", "认定日期")),
    ),
    Shape(
        "新就业人员实名制明细表",
        frozenset({"登记就业时间", "就业人员类型", "地市名称", "就业类型", "登记失业人员"}),
        (P, E),
        {
            **_PERSON_EXTRA,
            "登记就业时间": (E, "就业日期"),
            "就业单位": (E, "就业单位"),
            "统一社会信用代码": _pick((E, "统一社会信用代码")),
            "从事产业类型": _pick((E, "所属产业")),
            "就业人员类型": None,
            "就业方式": None,
            "就业类型": None,
            "地市名称": None,
            "市": None,
            "机构名称": None,
            "所属行业": None,
            "单位具体地址": None,
            "登记失业人员": None,
            "就业困难人员": None,
            "是否录入金保": None,
        },
        _new_employment,
        (_PERSON_STATE, _PLACED),
        (("人员", "调查日期"),),
    ),
    Shape(
        "求职人员登记台帐",
        frozenset({"求职地区", "用工形式", "期望薪资", "职业指导次数", "职业介绍次数", "是否应届高校毕业生"}),
        (P, JOB_SEEKING),
        {
            **_PERSON_EXTRA,
            "登记时间": _pick((JOB_SEEKING, "登记日期"), (P, "调查日期")),
            "求职意向": _pick((JOB_SEEKING, "求职意向"), (P, "择业意向")),
            "期望薪资": None,
            "求职地区": _pick((JOB_SEEKING, "求职地区")),
            "用工形式": _pick((JOB_SEEKING, "用工形式")),
            "职业指导次数": _pick((JOB_SEEKING, "职业指导次数")),
            "职业介绍次数": _pick((JOB_SEEKING, "职业介绍次数")),
            "是否应届高校毕业生": None,
            "是否农村转移劳动者": None,
        },
        _job_seeker,
        ((P, ("就业状态", "调查日期", "期望月薪", "择业意向")), (JOB_SEEKING, ("登记日期", "期望薪资"))),
        (("人员", "调查日期"),),
    ),
)
SHAPES_BY_NAME = {s.name: s for s in SHAPES}

# Why a column of a shape is read but not stored (the preview and the warning say it).
NOT_STORED_WHY = {
    "期望薪资": "其中的数字填入 期望月薪" + ("、求职登记的期望薪资" if JOB_SEEKING in SHEETS_BY_NAME else ""),
    "求职地区": "本程序尚无求职登记表",
    "用工形式": "本程序尚无求职登记表",
    "职业指导次数": "本程序尚无求职登记表",
    "职业介绍次数": "本程序尚无求职登记表",
    "是否登记失业人员": "为“否”的行不生成失业登记",
    "就业人员类型": "用于推定就业形式",
    "就业方式": "用于推定就业形式",
}


ASSUMED_TEXT = {
    "调查日期": "没有调查日期列，按导入日期 {today} 填写，请核对",
    "认定日期": "没有认定日期列，就业困难认定的认定日期按导入日期 {today} 填写，请核对",
}
