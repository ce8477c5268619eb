"""Plain SQL reads for the counting code: parameterised statements returning tuples, ISO dates back to
``date``, and the checks of code-list and integer parameters.

Dates are ISO text in SQLite, so comparisons in SQL are exact and values are parsed with
``date.fromisoformat``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from app.core.codes import CodeList
from app.core.errors import ValidationError
from db.models import database


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
