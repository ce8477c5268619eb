"""服务记录 and 服务计划 in the period: how many, of which 服务类型, and for whom."""

from __future__ import annotations

from collections import Counter
from typing import Any

from app.assessment.indicators.base import IndicatorResult, ids, make_result
from app.core.codes import SERVICE_TYPE
from app.core.period import Period
from app.core.sql import code_value, query


def _per_person(sql: str, args: tuple[Any, ...]) -> dict[int, int]:
    return {int(pid): int(n) for pid, n in query(sql, args)}


# A type's services through the (kind, person, served_on) index (migration v007): only that type's rows
# are read, already in person order, so counting them per person needs no sort — grouping the period's
# services of every type from the (person, served_on, kind) index sorted them all, which grew as n log n
# (Chongming's six types: 46 ms at 50,000 persons, 230 ms at 200,000; now 12 and 55 — issue 17).
# "+served_on" keeps SQLite off the served_on index, which would fetch each row of half a town's services.
# The person ids come as one text value (``ids``) and are counted in C.
ONE_KIND_SQL = "SELECT person_id FROM service WHERE kind = ? AND +served_on BETWEEN ? AND ?"


def _served(indicator_id: str, params: dict[str, Any], per_person: dict[int, int]) -> IndicatorResult:
    total = sum(per_person.values())
    return make_result(
        indicator_id,
        params,
        sets={"persons": ("person", per_person)},
        numerator=total,
        counts={"services": total},
        details={"services": per_person},
    )


def services_of_type(period: Period, kind: str) -> IndicatorResult:
    """服务记录 of 服务类型 ``kind`` dated in P: numerator and counts["services"] = how many records;
    set "persons" = the persons served (counts["persons"]); details["services"][person] = their records."""
    kind = code_value(kind, SERVICE_TYPE, "服务类型")
    per_person = dict(Counter(ids(ONE_KIND_SQL, (kind, period.start_iso, period.end_iso))))
    return _served("services_of_type", {"kind": kind}, per_person)


def services_total(period: Period) -> IndicatorResult:
    """Every 服务记录 dated in P: numerator and counts["services"] = how many records; set "persons" =
    the persons served in P (counts["persons"]); details["services"][person] = their records."""
    per_person = _per_person(
        "SELECT person_id, COUNT(*) FROM service WHERE +served_on BETWEEN ? AND ? GROUP BY person_id",
        (period.start_iso, period.end_iso),
    )
    return _served("services_total", {}, per_person)


def plans_in_period(period: Period) -> IndicatorResult:
    """服务计划 (一人一策) with 制定日期 in P: numerator and counts["plans"] = how many plans; set
    "persons" = the persons they were made for (counts["persons"])."""
    per_person = _per_person(
        "SELECT person_id, COUNT(*) FROM service_plan WHERE made_on BETWEEN ? AND ? GROUP BY person_id",
        (period.start_iso, period.end_iso),
    )
    total = sum(per_person.values())
    return make_result(
        "plans_in_period",
        {},
        sets={"persons": ("person", per_person)},
        numerator=total,
        counts={"plans": total},
    )
