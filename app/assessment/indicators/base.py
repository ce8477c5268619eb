"""The result shape every indicator returns, and the builder that sorts its sets and computes its exact
rate. The shared pieces the indicators read with (periods, SQL helpers, the active-in-period rules) live
in :mod:`app.core.period`, :mod:`app.core.sql` and :mod:`app.register.active`.

Rates are ``Fraction``; there are no floats anywhere.
"""

from __future__ import annotations

import itertools
import json
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from app.core.sql import query
from app.core.textnorm import BLANK_CHARS

SetKind = str  # "person" | "household" | "vacancy" | "referral" | "staff" | "graduate" | "zero_family"


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


# A text holds something when one of its characters is neither whitespace (full-width spaces too) nor
# invisible: the rule of ``textnorm.is_blank``, in SQL. GLOB with one negated character class decides it
# (``trim(x, chars)`` costs 3× more: it re-reads its character list on every row); as the class is long,
# a first character in one of the two wide blank-free ranges below (ASCII letters, digits and signs; CJK
# and the rest up to U+FEFE) decides first without it.
FILLED_GLOB = "*[^" + BLANK_CHARS + "]*"
assert "'" not in FILLED_GLOB and "]" not in BLANK_CHARS and "^" not in BLANK_CHARS


def _blank_free_range(inside: str) -> tuple[int, int]:
    """The widest range of code points around ``inside`` holding no blank character."""
    blanks = sorted(ord(c) for c in BLANK_CHARS)
    lo = max((b for b in blanks if b < ord(inside)), default=-1) + 1
    hi = min((b for b in blanks if b > ord(inside)), default=0x110000) - 1
    return lo, hi


_FAST_RANGES = (_blank_free_range("A"), _blank_free_range("中"))


def filled_sql(column: str) -> str:
    """SQL expression, 1 when ``column`` holds text that is not blank (see ``textnorm.is_blank``), else 0
    (NULL too)."""
    fast = " OR ".join(f"unicode({column}) BETWEEN {lo} AND {hi}" for lo, hi in _FAST_RANGES)
    # CASE, not OR: SQLite evaluates both sides of an OR in a result column, but stops at the first
    # true WHEN.
    return f"(CASE WHEN {fast} THEN 1 WHEN {column} GLOB '{FILLED_GLOB}' THEN 1 ELSE 0 END)"


def ids(sql: str, args: Sequence[Any] = ()) -> list[int]:
    """The integer ids ``sql`` selects (one column), fetched as one text value: SQLite joins them and
    Python splits them, which costs half of fetching a row per id — the Guangzhou assessment of a town of
    50,000 materialises some 45,000 ids for its drill-down sets."""
    rows = query(f"WITH q(v) AS ({sql}) SELECT group_concat(v) FROM q", args)
    text = rows[0][0] if rows else None
    # "1,5,9" is a JSON array's inside; the C parser reads it in half the time of int() per item.
    return json.loads(f"[{text}]") if text is not None else []


def _sorted_unique(members: Iterable[int]) -> list[int]:
    """The members ascending, each once. Most sets arrive ascending already (SQL reads them along an index
    or groups by person): checking that, in C, costs a tenth of building a set and sorting it."""
    if isinstance(members, list | dict):
        ordered = list(members)
        if _ascending(ordered):
            return ordered
        # Ids mostly come once each: sorting the list and checking it costs less than building a set.
        ordered.sort()
        return ordered if _ascending(ordered) else sorted(set(ordered))
    return sorted(set(members))


def _ascending(ordered: list[int]) -> bool:
    """Each item greater than the one before it (checked in C)."""
    return all(map(operator.lt, ordered, itertools.islice(ordered, 1, None)))


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
    sorted_sets = {name: _sorted_unique(members) for name, (_kind, members) in sets.items()}
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


# Who an indicator counts, for the empty-ledger warnings: (set whose emptiness means “nobody to count”,
# what the ledger then lacks). An item that scores (or is met) while its indicator counts nobody rests on
# an empty ledger: the window, the JSON and the sheet say so.
POPULATIONS: dict[str, tuple[str, str]] = {
    "reemployment_rate": ("base", "报告期内的登记失业人员"),
    "excluded_share": ("base", "报告期内的登记失业人员"),
    "long_term_unemployed": ("open", "报告期末仍登记失业的人员"),
    "served_unemployed": ("base", "有劳动能力和就业意愿的登记失业人员"),
    "difficulty_employment_rate": ("base", "报告期内的就业困难人员"),
    "difficulty_plan_timely": ("base", "报告期内的就业困难人员"),
    "monthly_contact": ("base", "报告期内的就业困难人员"),
    "graduate_placement": ("G", "当年离校未就业高校毕业生"),
    "graduate_services": ("base", "有就业意愿的未落实去向高校毕业生"),
    "zero_family_cleared": ("F", "报告期内认定的零就业家庭"),
    "zero_family_none": ("F", "报告期内认定的零就业家庭"),
    "training_referral_level": ("T", "有培训需求的登记失业人员、就业困难人员"),
}


def unpopulated(res: IndicatorResult) -> str | None:
    """What the ledger lacks when ``res`` counts nobody (e.g. “报告期内的登记失业人员”), else None."""
    spec = POPULATIONS.get(res.id)
    if spec is None:
        return None
    name, what = spec
    return what if not res.sets.get(name) else None
