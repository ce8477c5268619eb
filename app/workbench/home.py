"""The 工作台 (home page): the key numbers of the current month and the chart series.

Everything here reuses the indicators and the to-do rules; ``home_data`` gathers all the page shows in
one call so the window reads the database once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.assessment.indicators.difficulty import monthly_contact
from app.core import codes
from app.core.dates import add_months, month_end, month_start
from app.core.period import Period
from app.core.sql import query
from app.register.active import (
    day_params,
    employed_in_period,
    period_params,
    recognition_active_sql,
    recognition_open_sql,
    registration_open_sql,
)
from app.workbench import reminders


@dataclass(frozen=True)
class KeyNumber:
    label: str
    value: int
    note: str = ""


@dataclass(frozen=True)
class MonthSeries:
    """Per calendar month (oldest first): all services recorded; services to 就业困难人员 (while
    recognised); the 就业困难人员 to contact in the month and those contacted."""

    months: list[dt.date]  # first days
    services: list[int]
    difficulty_services: list[int]
    required: list[int]
    contacted: list[int]

    @property
    def labels(self) -> list[str]:
        return [f"{m.month}月" for m in self.months]

    @property
    def long_labels(self) -> list[str]:
        return [f"{m.year}年{m.month}月" for m in self.months]


@dataclass(frozen=True)
class HomeData:
    today: dt.date
    items: list[reminders.TodoItem]
    numbers: list[KeyNumber]
    months: MonthSeries
    employment_state: list[tuple[str, int]]
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)


def services_per_month(today: dt.date, months: int = 12) -> MonthSeries:
    """The last ``months`` calendar months up to today's: services recorded (up to today), and for the
    ``monthly_contact`` rule the persons counted in the month and those with a service in it."""
    first = add_months(month_start(today), -(months - 1))
    firsts = [add_months(first, i) for i in range(months)]
    # One indexed COUNT per month is several times cheaper than grouping a year of services by month.
    services = [
        _count(
            "SELECT COUNT(*) FROM service WHERE served_on BETWEEN ? AND ?",
            (m.isoformat(), min(month_end(m), today).isoformat()),
        )
        for m in firsts
    ]
    to_difficulty = {
        str(ym): int(n)
        for ym, n in query(
            # CROSS JOIN keeps the few recognitions as the outer loop, then the (person, date) index of
            # services; the planner would otherwise walk a year of services.
            "SELECT substr(s.served_on, 1, 7), COUNT(DISTINCT s.id) FROM recognition r "
            "CROSS JOIN service s ON s.person_id = r.person_id "
            f"WHERE {recognition_active_sql('r')} "
            "AND s.served_on BETWEEN ? AND ? AND s.served_on >= r.recognized_on "
            "AND (r.cancelled_on IS NULL OR s.served_on <= r.cancelled_on) GROUP BY 1",
            (*period_params(Period(first, today)), first.isoformat(), today.isoformat()),
        )
    }
    result = monthly_contact(Period(first, month_end(today)))
    required = dict.fromkeys(firsts, 0)
    missed = dict.fromkeys(firsts, 0)
    for counted in result.details["counted_months"].values():
        for m in counted:
            required[m] = required.get(m, 0) + 1
    for lacking in result.details["months"].values():
        for m in lacking:
            missed[m] = missed.get(m, 0) + 1
    return MonthSeries(
        months=firsts,
        services=services,
        difficulty_services=[to_difficulty.get(m.isoformat()[:7], 0) for m in firsts],
        required=[required[m] for m in firsts],
        contacted=[required[m] - missed[m] for m in firsts],
    )


def employment_state() -> list[tuple[str, int]]:
    """Persons in the register per 就业状态, in the code list's order (statuses with nobody left out)."""
    counts = {str(s): int(n) for s, n in query("SELECT employment_status, COUNT(*) FROM person GROUP BY 1")}
    out = [(s, counts.pop(s)) for s in codes.EMPLOYMENT_STATUS.values if counts.get(s)]
    out += sorted(counts.items())  # values outside the list (old data), never dropped
    return out


def _count(sql: str, params: tuple[object, ...]) -> int:
    return int(query(sql, params)[0][0])


def key_numbers(today: dt.date, items: list[reminders.TodoItem]) -> list[KeyNumber]:
    iso = today.isoformat()
    m_first = month_start(today)
    contact = monthly_contact(Period(m_first, month_end(today)))
    required = len(contact.sets["counted"])
    missed = len(contact.sets["missed"])
    services = _count(
        "SELECT COUNT(*) FROM service WHERE served_on BETWEEN ? AND ?", (m_first.isoformat(), iso)
    )
    # Open today: a status cancelled today has ended (the 重点人员帮扶 page counts the same way).
    registered = _count(
        f"SELECT COUNT(DISTINCT person_id) FROM registration WHERE {registration_open_sql()}",
        day_params(today),
    )
    difficulty = _count(
        f"SELECT COUNT(DISTINCT person_id) FROM recognition WHERE {recognition_open_sql()}",
        day_params(today),
    )
    employed = len(employed_in_period(Period(m_first, today)))
    zero = sum(1 for i in items if i.rule == reminders.ZERO_FAMILY)
    overdue = sum(1 for i in items if i.overdue)
    return [
        KeyNumber("本月服务人次", services, f"{m_first.month}月1日至今"),
        KeyNumber("本月已联系就业困难人员", required - missed, f"应联系 {required} 人，尚缺 {missed} 人"),
        KeyNumber("登记失业人员", registered, "当前未注销"),
        KeyNumber("就业困难人员", difficulty, "当前认定有效"),
        KeyNumber("本月实现就业", employed, "就业记录或因就业注销登记、取消认定"),
        KeyNumber("未清零零就业家庭", zero, "须一个月内至少一人就业"),
        KeyNumber("逾期待办", overdue, f"待办共 {len(items)} 项"),
    ]


def home_data(today: dt.date | None = None) -> HomeData:
    day = today or dt.date.today()
    items = reminders.todo_list(day)
    return HomeData(
        today=day,
        items=items,
        numbers=key_numbers(day, items),
        months=services_per_month(day),
        employment_state=employment_state(),
        counts=reminders.counts_by_rule(items),
    )
