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
from typing import Any, TypeVar

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


# How a person's latest row ended in P, as the rates class it (``Latest[3]``): not in P — or, for a
# registration, for a reason the rates keep in the base (KEPT) —, for employment, or for anything else.
OPEN, EMPLOYED, NON_EMPLOYMENT = 0, 1, 2
_CODE = {CancelClass.EMPLOYED: EMPLOYED, CancelClass.NON_EMPLOYMENT: NON_EMPLOYMENT, CancelClass.KEPT: OPEN}

# A person's latest registration or recognition active in P: (person id, 登记日期 / 认定日期 as ISO text,
# 个人原因未就业 0/1 — registrations only —, how it ended: OPEN / EMPLOYED / NON_EMPLOYMENT). Plain rows
# as SQLite returns them: nothing is converted per row.
Latest = tuple[int, str, int, int]


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reason_in_sql(column: str, reasons: list[str]) -> str:
    """SQL condition: ``column``, stripped as ``str.strip()`` strips (full-width and no-break spaces too),
    is one of ``reasons``. The exact value is tested first (stored reasons are clean); ``trim`` only when
    it is not one of them."""
    listed = ", ".join(_literal(r) for r in reasons)
    return f"({column} IN ({listed}) OR trim({column}, {_literal(WHITESPACE_CHARS)}) IN ({listed}))"


def _class_sql(column: str, codes: Mapping[str, CancelClass], default: CancelClass) -> str:
    """SQL expression: the code (EMPLOYED, NON_EMPLOYMENT, OPEN) of the class ``codes`` give the stripped
    reason ``column``, ``default`` when it is none of them — ``registration_class`` /
    ``recognition_class`` in SQL."""
    whens = [
        f"WHEN {_reason_in_sql(column, [r for r, c in codes.items() if c is cls])} THEN {_CODE[cls]}"
        for cls in (CancelClass.EMPLOYED, CancelClass.NON_EMPLOYMENT)
        if cls is not default
    ]
    return f"CASE {' '.join(whens)} ELSE {_CODE[default]} END"


def _latest(sql: str, period: Period) -> list[Latest]:
    # MAX() picks the row: SQLite takes the other (bare) columns from the row holding the maximum, and
    # (person, start) is unique, so that row is the one ``latest_per_person`` chooses.
    return query(sql, (period.start_iso, period.end_iso, *period_params(period)))


def latest_registrations(period: Period) -> list[Latest]:
    """Per person with a 失业登记 active in P, the latest such registration (ordered by person)."""
    cls = _class_sql("cancel_reason", REGISTRATION_CANCEL_REASONS, CancelClass.KEPT)
    return _shared(
        ("registrations", period),
        lambda: _latest(
            "SELECT person_id, MAX(registered_on), personal_reason, "
            f"CASE WHEN (cancelled_on BETWEEN ? AND ?) IS NOT 1 THEN {OPEN} ELSE {cls} END "
            f"FROM registration WHERE {registration_active_sql()} GROUP BY person_id",
            period,
        ),
    )


def latest_recognitions(period: Period) -> list[Latest]:
    """Per person with a 就业困难认定 active in P, the latest such recognition (ordered by person)."""
    cls = _class_sql("cancel_reason", DIFFICULTY_CANCEL_REASONS, CancelClass.NON_EMPLOYMENT)
    return _shared(
        ("recognitions", period),
        lambda: _latest(
            "SELECT person_id, MAX(recognized_on), 0, "
            f"CASE WHEN (cancelled_on BETWEEN ? AND ?) IS NOT 1 THEN {OPEN} ELSE {cls} END "
            f"FROM recognition WHERE {recognition_active_sql()} GROUP BY person_id",
            period,
        ),
    )


def cancelled_as_employed_sql(table: str, alias: str) -> str:
    """SQL condition: the 失业登记 (``table`` "registration") or 就业困难认定 ("recognition") row ``alias``
    was cancelled for employment — its 注销原因 / 取消原因, stripped as ``registration_class`` /
    ``recognition_class`` strip it, is one they class as employed."""
    codes = REGISTRATION_CANCEL_REASONS if table == "registration" else DIFFICULTY_CANCEL_REASONS
    return _reason_in_sql(
        f"{alias}.cancel_reason", [r for r, c in codes.items() if c is CancelClass.EMPLOYED]
    )
