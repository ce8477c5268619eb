"""Reads several indicators share: each person's latest 失业登记 and latest 就业困难认定 active in P.

The reemployment rate (Guangzhou 1.1) and the excluded share (B.1) read the same latest registrations;
the difficulty employment rate, the timely plans and the to-do list read the same latest recognitions.
Each read is one SQL statement (the latest row per person is chosen in SQL, nothing is parsed per row);
within :func:`shared_reads` — the scope one assessment runs in (``scoring.assess``) — it is made once per
period and handed to every indicator that asks. Outside a scope every call reads afresh, so an indicator
computed on its own always sees the database as it is.

This module is the one owner of that cache: nothing else keeps indicator reads between calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple, TypeVar

from app.core.codes import DIFFICULTY_CANCEL_REASONS, REGISTRATION_CANCEL_REASONS, CancelClass
from app.core.period import Period
from app.core.sql import query
from app.core.textnorm import WHITESPACE_CHARS
from app.register.active import period_params, recognition_active_sql, registration_active_sql

T = TypeVar("T")

# The cache of the running assessment (None: no scope, nothing is kept). A ContextVar, so that an
# assessment running on a worker thread and one on the GUI thread never share it.
_SCOPE: ContextVar[dict[tuple[Any, ...], Any] | None] = ContextVar("indicator_shared_reads", default=None)


@contextmanager
def shared_reads() -> Iterator[None]:
    """Within the block, the shared reads are made once per period (the block must not write)."""
    token = _SCOPE.set({})
    try:
        yield
    finally:
        _SCOPE.reset(token)


def _shared(key: tuple[Any, ...], read: Callable[[], T]) -> T:
    scope = _SCOPE.get()
    if scope is None:
        return read()
    if key not in scope:
        scope[key] = read()
    value: T = scope[key]
    return value


class Latest(NamedTuple):
    """A person's latest registration or recognition active in P, as the rates read it."""

    person_id: int
    start: str  # 登记日期 / 认定日期, ISO
    cancelled_in: bool  # 注销日期 / 取消日期 in P
    reason: str  # 注销原因 / 取消原因 as stored
    personal: bool  # 个人原因未就业 (registrations only)


def _latest(sql: str, period: Period) -> list[Latest]:
    # MAX() picks the row: SQLite takes the other (bare) columns from the row holding the maximum, and
    # (person, start) is unique, so that row is the one ``latest_per_person`` chooses.
    rows = query(sql, (period.start_iso, period.end_iso, *period_params(period)))
    return [Latest(int(r[0]), str(r[1]), bool(r[2]), str(r[3] or ""), bool(r[4])) for r in rows]


def latest_registrations(period: Period) -> list[Latest]:
    """Per person with a 失业登记 active in P, the latest such registration (ordered by person)."""
    return _shared(
        ("registrations", period),
        lambda: _latest(
            "SELECT person_id, MAX(registered_on), (cancelled_on BETWEEN ? AND ?) IS 1, cancel_reason, "
            f"personal_reason FROM registration WHERE {registration_active_sql()} GROUP BY person_id",
            period,
        ),
    )


def latest_recognitions(period: Period) -> list[Latest]:
    """Per person with a 就业困难认定 active in P, the latest such recognition (ordered by person)."""
    return _shared(
        ("recognitions", period),
        lambda: _latest(
            "SELECT person_id, MAX(recognized_on), (cancelled_on BETWEEN ? AND ?) IS 1, cancel_reason, 0 "
            f"FROM recognition WHERE {recognition_active_sql()} GROUP BY person_id",
            period,
        ),
    )


def _employed_reasons(reasons: Mapping[str, CancelClass]) -> tuple[str, ...]:
    return tuple(r for r, cls in reasons.items() if cls is CancelClass.EMPLOYED)


def cancelled_as_employed_sql(table: str, alias: str) -> tuple[str, list[str]]:
    """SQL condition and its parameters: the 失业登记 (``table`` "registration") or 就业困难认定
    ("recognition") row ``alias`` was cancelled for employment — its 注销原因 / 取消原因, stripped as
    ``registration_class`` / ``recognition_class`` strip it, is one they class as employed. The exact
    value is tested first (the stored reasons are clean); ``trim`` only when it is not one of them."""
    codes = REGISTRATION_CANCEL_REASONS if table == "registration" else DIFFICULTY_CANCEL_REASONS
    reasons = list(_employed_reasons(codes))
    marks = ", ".join("?" for _ in reasons)
    col = f"{alias}.cancel_reason"
    sql = f"({col} IN ({marks}) OR trim({col}, ?) IN ({marks}))"
    return sql, [*reasons, WHITESPACE_CHARS, *reasons]
