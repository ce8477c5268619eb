"""Shared pieces of the indicators: the reporting period, the result shape and the set builders
every family uses (active registrations and recognitions, employment in P, settings).

Everything here reads the database with a handful of SQL statements returning plain tuples; dates
are ISO text in SQLite, so comparisons in SQL are exact and values are parsed with
``date.fromisoformat``. Rates are ``Fraction``; there are no floats anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from app.codes import DIFFICULTY_CANCEL_REASONS, REGISTRATION_CANCEL_REASONS, CancelClass, CodeList
from app.dates import add_years
from app.errors import ValidationError
from db.models import database

SetKind = str  # "person" | "household" | "vacancy" | "referral" | "staff" | "graduate" | "zero_family"


@dataclass(frozen=True)
class Period:
    """The reporting period P = [start, end], inclusive at both ends."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValidationError("报告期结束日期早于开始日期")

    @classmethod
    def guangzhou_default(cls, year: int) -> Period:
        """评估取数自 (year-1) 年 10 月至 year 年 9 月."""
        return cls(dt.date(year - 1, 10, 1), dt.date(year, 9, 30))

    def contains(self, d: dt.date | None) -> bool:
        return d is not None and self.start <= d <= self.end

    @property
    def start_iso(self) -> str:
        return self.start.isoformat()

    @property
    def end_iso(self) -> str:
        return self.end.isoformat()


@dataclass
class IndicatorResult:
    id: str
    params: dict[str, Any]
    numerator: int | None
    denominator: int | None
    value: Fraction | None
    met: bool | None
    counts: dict[str, int] = field(default_factory=dict)
    sets: dict[str, list[int]] = field(default_factory=dict)
    set_kinds: dict[str, str] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


def make_result(
    indicator_id: str,
    params: dict[str, Any],
    *,
    sets: dict[str, tuple[SetKind, Iterable[int]]],
    numerator: int | None = None,
    denominator: int | None = None,
    rate: bool = False,
    met: bool | None = None,
    counts: dict[str, int] | None = None,
    details: dict[str, Any] | None = None,
    empty: bool | None = None,
) -> IndicatorResult:
    """Build a result: sorts every set, counts its size, and computes the exact rate.

    With ``rate`` the value is numerator/denominator, or None with ``details["empty"] = True`` when the
    denominator is 0. ``empty`` forces the empty flag for indicators without a rate.
    """
    sorted_sets = {name: sorted(set(members)) for name, (_kind, members) in sets.items()}
    all_counts = {name: len(members) for name, members in sorted_sets.items()}
    all_counts.update(counts or {})
    det = dict(details or {})
    value: Fraction | None = None
    if rate:
        if numerator is None or denominator is None or denominator == 0:
            det["empty"] = True
        else:
            value = Fraction(numerator, denominator)
    if empty:
        det["empty"] = True
    return IndicatorResult(
        id=indicator_id,
        params=dict(params),
        numerator=numerator,
        denominator=denominator,
        value=value,
        met=met,
        counts=all_counts,
        sets=sorted_sets,
        set_kinds={name: kind for name, (kind, _members) in sets.items()},
        details=det,
    )


# ---------------------------------------------------------------------------- SQL helpers


def query(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of a parameterised SQL statement as plain tuples."""
    return list(database.execute_sql(sql, tuple(params)).fetchall())


def to_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def code_value(value: Any, codes: CodeList, label: str) -> str:
    """The canonical value of a code-list parameter (e.g. 服务类型); a Chinese ValidationError listing the
    allowed values otherwise."""
    canon = codes.normalize(value) if isinstance(value, str) else None
    if canon is None:
        raise ValidationError(f"{label}“{value}”不在可选值内，可选：{codes.allowed_text()}")
    return canon


def positive_int(value: Any, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValidationError(f"指标参数“{label}”应为正整数，现为“{value}”")
    return value


# ---------------------------------------------------------------------------- shared sets


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


def setting(key: str) -> str | None:
    rows = query('SELECT value FROM setting WHERE "key" = ?', (key,))
    return str(rows[0][0]) if rows else None


def station_female_retire_base() -> int:
    """Setting ``female_retire_base`` ("50"/"55"); 50 when unset or unreadable."""
    value = (setting("female_retire_base") or "").strip()
    return 55 if value == "55" else 50


def years_on(start: dt.date, years: int, to: dt.date) -> bool:
    """start + ``years`` calendar years <= to."""
    return add_years(start, years) <= to
