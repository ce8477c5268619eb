"""The active-in-period rules of the register: which 失业登记 and 就业困难认定 rows are active in a period
P or open on a day, how a cancellation is classed, and who is employed in P. Every indicator, reminder,
page and export asks these functions; no other module writes the comparison again.

Two rules, two comparisons (STANDARDS.md, shared definitions):

- *active in P*: start <= P.end and (end empty or end >= P.start) — both ends inclusive, so a row
  cancelled on P.start was active in P (``IN_PERIOD_END``).
- *open on d*: start <= d and (end empty or end > d) — a status cancelled on d has ended that day
  (``ON_DAY_END``); the 重点人员帮扶 page, the home page, reminders and the report figures count so.

Each rule is one SQL fragment (``*_sql(alias)``) with its parameters (``period_params`` /
``day_params``); callers paste the fragment into their own statements. The fragments are built on every
call from the two comparison constants, so a test can change one comparison and see every caller move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.codes import DIFFICULTY_CANCEL_REASONS, REGISTRATION_CANCEL_REASONS, CancelClass
from app.core.period import Period
from app.core.sql import query, to_date

# The comparison of a row's end date against P.start (active in P) and against a day (open on d).
IN_PERIOD_END = ">="
ON_DAY_END = ">"


@dataclass(frozen=True)
class Span:
    """One registration or recognition row as read for the indicators."""

    row_id: int
    person_id: int
    start: dt.date
    end: dt.date | None
    reason: str
    personal: bool = False


def _col(alias: str, name: str) -> str:
    return f"{alias}.{name}" if alias else name


def _rule(alias: str, start_col: str, end_col: str, cmp: str) -> str:
    start, end = _col(alias, start_col), _col(alias, end_col)
    return f"({start} <= ? AND ({end} IS NULL OR {end} {cmp} ?))"


def registration_active_sql(alias: str = "") -> str:
    """SQL condition: the 失业登记 row (table alias ``alias``) is active in P; params ``period_params``."""
    return _rule(alias, "registered_on", "cancelled_on", IN_PERIOD_END)


def recognition_active_sql(alias: str = "") -> str:
    """SQL condition: the 就业困难认定 row is active in P; params ``period_params``."""
    return _rule(alias, "recognized_on", "cancelled_on", IN_PERIOD_END)


def registration_open_sql(alias: str = "") -> str:
    """SQL condition: the 失业登记 row is open on a day (cancelled that day: ended); params ``day_params``."""
    return _rule(alias, "registered_on", "cancelled_on", ON_DAY_END)


def recognition_open_sql(alias: str = "") -> str:
    """SQL condition: the 就业困难认定 row is in force on a day; params ``day_params``."""
    return _rule(alias, "recognized_on", "cancelled_on", ON_DAY_END)


def zero_family_open_sql(alias: str = "z") -> str:
    """SQL condition: the 零就业家庭 row (alias ``alias``, default ``z``) is recognised on a day and not
    cleared on it — no 清零日期 by then and no household member in work since the recognition; params
    ``zero_family_day_params``."""
    z = alias
    return (
        f"({_rule(alias, 'recognized_on', 'cleared_on', ON_DAY_END)} "
        "AND NOT EXISTS (SELECT 1 FROM employment e_ JOIN person m_ ON m_.id = e_.person_id "
        f"  WHERE m_.household_id = {z}.household_id AND e_.started_on >= {z}.recognized_on "
        "  AND e_.started_on <= ?))"
    )


def period_params(period: Period) -> tuple[str, str]:
    """The parameters of one ``*_active_sql`` fragment: (P.end, P.start)."""
    return period.end_iso, period.start_iso


def day_params(day: dt.date) -> tuple[str, str]:
    """The parameters of one ``*_open_sql`` fragment: (day, day)."""
    iso = day.isoformat()
    return iso, iso


def zero_family_day_params(day: dt.date) -> tuple[str, str, str]:
    iso = day.isoformat()
    return iso, iso, iso


def _spans(sql: str, period: Period) -> list[Span]:
    return [
        Span(int(r[0]), int(r[1]), to_date(r[2]) or period.start, to_date(r[3]), r[4] or "", bool(r[5]))
        for r in query(sql, period_params(period))
    ]


def active_registrations(period: Period) -> list[Span]:
    """Every 失业登记 row active in P (ordered by person, then 登记日期)."""
    return _spans(
        "SELECT id, person_id, registered_on, cancelled_on, cancel_reason, personal_reason "
        f"FROM registration WHERE {registration_active_sql()} ORDER BY person_id, registered_on, id",
        period,
    )


def active_recognitions(period: Period) -> list[Span]:
    """Every 就业困难认定 row active in P (ordered by person, then 认定日期)."""
    return _spans(
        "SELECT id, person_id, recognized_on, cancelled_on, cancel_reason, 0 "
        f"FROM recognition WHERE {recognition_active_sql()} ORDER BY person_id, recognized_on, id",
        period,
    )


def registered_persons_sql() -> str:
    """Sub-query: person ids with a 失业登记 active in P; params ``period_params``."""
    return f"SELECT person_id FROM registration WHERE {registration_active_sql()}"


def recognized_persons_sql() -> str:
    """Sub-query: person ids with a 就业困难认定 active in P; params ``period_params``."""
    return f"SELECT person_id FROM recognition WHERE {recognition_active_sql()}"


def latest_per_person(spans: Iterable[Span]) -> dict[int, Span]:
    """Per person, the span with the latest start (input ordered by person, start)."""
    out: dict[int, Span] = {}
    for s in spans:
        cur = out.get(s.person_id)
        if cur is None or s.start >= cur.start:
            out[s.person_id] = s
    return out


def registration_class(reason: str) -> CancelClass:
    """Class of a 失业登记 注销原因; an unknown reason stays in the denominator (kept)."""
    return REGISTRATION_CANCEL_REASONS.get(reason.strip(), CancelClass.KEPT)


def recognition_class(reason: str) -> CancelClass:
    """Class of a 就业困难认定 取消原因; every reason but (五)/(六) is non-employment."""
    return DIFFICULTY_CANCEL_REASONS.get(reason.strip(), CancelClass.NON_EMPLOYMENT)


def cancelled_in(span: Span, period: Period) -> bool:
    return period.contains(span.end)


def employed_in_period(period: Period) -> set[int]:
    """Persons employed in P (STANDARDS.md *Employed in P*): a 就业记录 with 就业日期 in P, a 失业登记
    cancelled in P as employed, or a 就业困难认定 cancelled in P as employed ((五) 实现就业创业 / (六)) —
    the seed's “均已实现就业创业”."""
    p = (period.start_iso, period.end_iso)
    out = {
        int(r[0])
        for r in query("SELECT DISTINCT person_id FROM employment WHERE started_on BETWEEN ? AND ?", p)
    }
    for pid, reason in query(
        "SELECT person_id, cancel_reason FROM registration WHERE cancelled_on BETWEEN ? AND ?", p
    ):
        if registration_class(reason or "") is CancelClass.EMPLOYED:
            out.add(int(pid))
    for pid, reason in query(
        "SELECT person_id, cancel_reason FROM recognition WHERE cancelled_on BETWEEN ? AND ?", p
    ):
        if recognition_class(reason or "") is CancelClass.EMPLOYED:
            out.add(int(pid))
    return out
