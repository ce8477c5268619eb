"""The active-in-period rules of the register: which 失业登记 and 就业困难认定 rows are active in a period
P, how a cancellation is classed, and who is employed in P. Every indicator, reminder, page and export
asks these functions; no other module writes the comparison again.

Active in P: start <= P.end and (end empty or end >= P.start) — both ends inclusive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.codes import DIFFICULTY_CANCEL_REASONS, REGISTRATION_CANCEL_REASONS, CancelClass
from app.core.period import Period
from app.core.sql import query, to_date


@dataclass(frozen=True)
class Span:
    """One registration or recognition row as read for the indicators."""

    row_id: int
    person_id: int
    start: dt.date
    end: dt.date | None
    reason: str
    personal: bool = False


# Active in P: start <= to and (end empty or end >= from).
_ACTIVE_REGISTRATIONS = (
    "SELECT id, person_id, registered_on, cancelled_on, cancel_reason, personal_reason "
    "FROM registration WHERE registered_on <= ? AND (cancelled_on IS NULL OR cancelled_on >= ?) "
    "ORDER BY person_id, registered_on, id"
)
_ACTIVE_RECOGNITIONS = (
    "SELECT id, person_id, recognized_on, cancelled_on, cancel_reason, 0 "
    "FROM recognition WHERE recognized_on <= ? AND (cancelled_on IS NULL OR cancelled_on >= ?) "
    "ORDER BY person_id, recognized_on, id"
)


def _spans(sql: str, period: Period) -> list[Span]:
    return [
        Span(int(r[0]), int(r[1]), to_date(r[2]) or period.start, to_date(r[3]), r[4] or "", bool(r[5]))
        for r in query(sql, (period.end_iso, period.start_iso))
    ]


def active_registrations(period: Period) -> list[Span]:
    """Every 失业登记 row active in P (ordered by person, then 登记日期)."""
    return _spans(_ACTIVE_REGISTRATIONS, period)


def active_recognitions(period: Period) -> list[Span]:
    """Every 就业困难认定 row active in P (ordered by person, then 认定日期)."""
    return _spans(_ACTIVE_RECOGNITIONS, period)


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
    """Persons employed in P: a 就业记录 with 就业日期 in P, or a registration cancelled in P as employed."""
    out = {
        int(r[0])
        for r in query(
            "SELECT DISTINCT person_id FROM employment WHERE started_on BETWEEN ? AND ?",
            (period.start_iso, period.end_iso),
        )
    }
    for pid, reason in query(
        "SELECT person_id, cancel_reason FROM registration WHERE cancelled_on BETWEEN ? AND ?",
        (period.start_iso, period.end_iso),
    ):
        if registration_class(reason or "") is CancelClass.EMPLOYED:
            out.add(int(pid))
    return out
