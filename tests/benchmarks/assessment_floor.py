"""The SQL floor of the Guangzhou self-assessment (issue 17): hand-written SQL that computes the same
counts as the engine — for every indicator the whole assessment reads, one statement that returns its
numerator, denominator, ``met`` and every count (each set's size and the extra counts) — written as fast
as we can, with no ids fetched and nothing done in Python but binding the parameters.

``tests/benchmarks/test_assessment.py`` checks that every figure equals the engine's and measures the
engine against this floor in one process. The statements use what the benchmark's demo town holds (dates
as ISO text, NULL for an empty date, clean code values); the engine's own rules (whitespace-only text is
empty …) are tested in ``tests/app/assessment``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from app.core.codes import (
    DIFFICULTY_CANCEL_REASONS,
    GRADUATE_EMPLOYED_DESTINATIONS,
    REGISTRATION_CANCEL_REASONS,
    CancelClass,
)
from app.core.dates import add_months
from app.core.period import Period
from app.core.textnorm import BLANK_CHARS

REG_EMPLOYED = tuple(k for k, v in REGISTRATION_CANCEL_REASONS.items() if v is CancelClass.EMPLOYED)
REG_NON_EMPLOYMENT = tuple(
    k for k, v in REGISTRATION_CANCEL_REASONS.items() if v is CancelClass.NON_EMPLOYMENT
)
REC_EMPLOYED = tuple(k for k, v in DIFFICULTY_CANCEL_REASONS.items() if v is CancelClass.EMPLOYED)
TRAININGS = ("职业技能培训", "创业培训")


@dataclass(frozen=True)
class Floor:
    """One indicator's figures in one statement: ``sql`` returns one row whose column names are the
    figures (``numerator``, ``denominator``, ``met`` or a count name)."""

    indicator: str
    params: Mapping[str, Any]
    sql: str
    args: Mapping[str, Any] = field(default_factory=dict)


def _in(name: str, values: Iterable[str], args: dict[str, Any]) -> str:
    """``(:name0, :name1 …)`` with the values bound in ``args``."""
    keys = []
    for i, v in enumerate(values):
        args[f"{name}{i}"] = v
        keys.append(f":{name}{i}")
    return f"({', '.join(keys)})"


def _full_months(period: Period) -> list[tuple[str, str]]:
    out = []
    first = period.start.replace(day=1)
    while first <= period.end:
        last = add_months(first, 1) - dt.timedelta(days=1)
        if first >= period.start and last <= period.end:
            out.append((first.isoformat(), last.isoformat()))
        first = add_months(first, 1)
    return out


# The active-in-P and open-on-to rules, written out (app.register.active has them as fragments).
REG_ACTIVE = "registered_on <= :e AND (cancelled_on IS NULL OR cancelled_on >= :s)"
REC_ACTIVE = "recognized_on <= :e AND (cancelled_on IS NULL OR cancelled_on >= :s)"
# Calendar months later, clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29).
PLUS_ONE_MONTH = "min(date({0}, 'start of month', '+2 months', '-1 day'), date({0}, '+1 month'))"
PLUS_YEARS = "min(date({0}, 'start of month', '+{1} months', '-1 day'), date({0}, '+{2} years'))"


def guangzhou_floor(period: Period) -> list[Floor]:
    """The floor statements of the Guangzhou full-employment standard's indicators over ``period``."""
    base: dict[str, Any] = {"s": period.start_iso, "e": period.end_iso}
    out: list[Floor] = []

    def add(indicator: str, sql: str, params: Mapping[str, Any] | None = None, **extra: Any) -> None:
        out.append(Floor(indicator, params or {}, sql, {**base, **extra}))

    a: dict[str, Any] = {}
    non, emp = _in("non", REG_NON_EMPLOYMENT, a), _in("emp", REG_EMPLOYED, a)
    add(
        "reemployment_rate",
        "SELECT COUNT(*) AS base, COUNT(*) FILTER (WHERE x) AS excluded, COUNT(*) FILTER (WHERE y) "
        "AS employed, COUNT(*) FILTER (WHERE NOT x AND NOT y) AS not_employed, "
        "COUNT(*) FILTER (WHERE y) AS numerator, COUNT(*) FILTER (WHERE NOT x) AS denominator FROM ("
        f" SELECT personal_reason AS p, (cancelled_on <= :e AND cancel_reason IN {non}) IS 1 AS x,"
        f"  (cancelled_on <= :e AND cancel_reason IN {emp}) IS 1 AS y, MAX(registered_on)"
        f" FROM registration WHERE {REG_ACTIVE} GROUP BY person_id) WHERE p = 0",
        **a,
    )
    a = {}
    dest = _in("d", sorted(GRADUATE_EMPLOYED_DESTINATIONS), a)
    add(
        "graduate_placement",
        "SELECT COUNT(*) AS G, COUNT(*) FILTER (WHERE placed_on <= :e) AS placed, "
        "COUNT(*) FILTER (WHERE placed_on <= :e) AS numerator, COUNT(*) AS denominator, "
        "COUNT(*) FILTER (WHERE placed_on IS NULL OR placed_on > :e) AS unplaced, "
        "COUNT(*) FILTER (WHERE hardship AND wants_work) AS G_d, "
        f"COUNT(*) FILTER (WHERE hardship AND wants_work AND placed_on <= :e AND destination IN {dest}) "
        "AS G_d_placed_employed, "
        "COUNT(*) FILTER (WHERE hardship AND wants_work AND NOT "
        f" (placed_on <= :e AND destination IN {dest}) IS 1) AS G_d_not_placed "
        "FROM graduate WHERE grad_year = :y",
        y=period.end.year,
        **a,
    )
    a = {}
    rec_emp, reg_emp = _in("re", REC_EMPLOYED, a), _in("ge", REG_EMPLOYED, a)
    add(
        "difficulty_employment_rate",
        "SELECT COUNT(*) AS base, COUNT(*) FILTER (WHERE c AND NOT k) AS excluded, "
        "COUNT(*) FILTER (WHERE y) AS employed, COUNT(*) FILTER (WHERE y) AS numerator, "
        "COUNT(*) FILTER (WHERE NOT (c AND NOT k) AND NOT y) AS not_employed, "
        "COUNT(*) FILTER (WHERE NOT (c AND NOT k)) AS denominator FROM ("
        " SELECT c, k, (c AND k) OR (NOT c AND EXISTS (SELECT 1 FROM registration g"
        "  WHERE g.person_id = l.pid AND g.registered_on <= :e AND g.cancelled_on BETWEEN :s AND :e"
        f"  AND g.cancel_reason IN {reg_emp})) AS y FROM ("
        f"  SELECT person_id AS pid, (cancelled_on <= :e) IS 1 AS c, cancel_reason IN {rec_emp} AS k,"
        f"   MAX(recognized_on) FROM recognition WHERE {REC_ACTIVE} GROUP BY person_id) AS l)",
        {"with_registrations": True},
        **a,
    )
    add(
        "zero_family_cleared",
        "SELECT COUNT(*) AS F, COUNT(*) FILTER (WHERE dl <= :e AND (done IS NULL OR done > dl)) AS failed, "
        "COUNT(*) FILTER (WHERE dl > :e AND (done IS NULL OR done > :e)) AS pending, "
        "COUNT(*) FILTER (WHERE NOT (dl <= :e AND (done IS NULL OR done > dl)) "
        " AND NOT (dl > :e AND (done IS NULL OR done > :e))) AS cleared, "
        "COUNT(DISTINCT hid) AS households, "
        "COUNT(*) FILTER (WHERE dl <= :e AND (done IS NULL OR done > dl)) = 0 AS met FROM ("
        f" SELECT household_id AS hid, recognized_on AS r, {PLUS_ONE_MONTH.format('recognized_on')} AS dl,"
        "  coalesce(cleared_on, (SELECT MIN(e.started_on) FROM employment e JOIN person p"
        "   ON p.id = e.person_id WHERE p.household_id = z.household_id"
        "   AND e.started_on >= z.recognized_on)) AS done"
        " FROM zero_family z WHERE recognized_on BETWEEN :s31 AND :e)"
        " WHERE r BETWEEN :s AND :e OR dl BETWEEN :s AND :e",
        s31=(period.start - dt.timedelta(days=31)).isoformat(),
    )
    add(
        "long_term_unemployed",
        "SELECT COUNT(DISTINCT person_id) AS open, COUNT(DISTINCT person_id) FILTER (WHERE "
        f" {PLUS_YEARS.format('registered_on', 13, 1)} <= :e) AS long_term, "
        f"COUNT(DISTINCT person_id) FILTER (WHERE {PLUS_YEARS.format('registered_on', 13, 1)} <= :e) "
        "AS numerator, "
        f"COUNT(*) FILTER (WHERE {PLUS_YEARS.format('registered_on', 13, 1)} <= :e) = 0 AS met "
        "FROM registration WHERE registered_on <= :e AND (cancelled_on IS NULL OR cancelled_on > :e) "
        "AND personal_reason = 0",
        {"months": 12},
    )
    add("staff_count", "SELECT COUNT(*) AS staff, COUNT(*) AS numerator FROM staff")
    add(
        "staff_trained",
        "SELECT COUNT(*) AS trained, COUNT(*) AS numerator FROM staff "
        "WHERE nature = '专职' AND last_trained_on BETWEEN :s AND :e",
    )
    add("register_size", "SELECT COUNT(*) AS persons, COUNT(*) AS numerator FROM person")
    add(
        "survey_fresh",
        "SELECT t - f AS stale, f AS numerator, t AS denominator FROM (SELECT "
        " (SELECT COUNT(*) FROM person) AS t,"
        " (SELECT COUNT(*) FROM person WHERE survey_date > :since AND survey_date <= :e) AS f)",
        {"months": 12},
        since=add_months(period.end, -12).isoformat(),
    )
    add(
        "events",
        "SELECT COUNT(*) AS events, COUNT(*) AS numerator FROM event "
        "WHERE date BETWEEN :s AND :e AND kind = '政策宣传'",
        {"kind": "政策宣传"},
    )
    add(
        "surveys_in_period",
        "SELECT COUNT(*) AS surveyed, COUNT(*) AS numerator FROM person WHERE survey_date BETWEEN :s AND :e",
    )
    # The fastest test of “not blank” we found: a first character in a blank-free range, else GLOB with
    # the negated class of blanks (trim(x, chars) is 3× slower, GLOB alone 2×).
    filled = "(unicode({0}) BETWEEN 33 AND 132 OR unicode({0}) BETWEEN 12289 AND 65278 OR {0} GLOB :filled)"
    complete = " AND ".join(
        filled.format(c) for c in ("hours", "requirements", "pay_text", "contact", "phone")
    )
    add(
        "posting_elements",
        "SELECT COUNT(*) AS collected, COUNT(*) AS denominator, "
        f"COUNT(*) FILTER (WHERE {filled.format('channels')}) AS published, "
        f"COUNT(*) FILTER (WHERE {complete}) AS complete, "
        f"COUNT(*) FILTER (WHERE {complete}) AS numerator, "
        f"COUNT(*) - COUNT(*) FILTER (WHERE {complete}) AS incomplete, "
        "(SELECT COUNT(*) FROM referral WHERE referred_on BETWEEN :s AND :e AND followed_up_on <= :e) "
        "AS followed_up_referrals FROM vacancy WHERE collected_on BETWEEN :s AND :e",
        filled=f"*[^{BLANK_CHARS}]*",
    )
    add(
        "job_seekers",
        "SELECT n AS seekers, n AS numerator, r AS referrals FROM"
        " (SELECT COUNT(*) AS n FROM person WHERE employment_status = '未就业' AND wants_work = 1),"
        " (SELECT COUNT(*) AS r FROM referral WHERE referred_on BETWEEN :s AND :e)",
    )
    add(
        "job_seeking_registrations",
        "SELECT COUNT(DISTINCT person_id) AS registered, COUNT(DISTINCT person_id) AS numerator, "
        "COUNT(*) AS registrations, (SELECT COUNT(*) FROM referral WHERE referred_on BETWEEN :s AND :e) "
        "AS referrals FROM job_seeking WHERE registered_on BETWEEN :s AND :e",
    )
    add(
        "difficulty_plan_timely",
        "SELECT COUNT(*) AS base, COUNT(*) FILTER (WHERE dl <= :e) AS due, "
        "COUNT(*) FILTER (WHERE dl > :e) AS not_yet_due, COUNT(*) FILTER (WHERE late) AS late, "
        "COUNT(*) FILTER (WHERE late) AS numerator, COUNT(*) FILTER (WHERE late) = 0 AS met FROM ("
        " SELECT dl, dl <= :e AND NOT EXISTS (SELECT 1 FROM service_plan sp WHERE sp.person_id = l.pid"
        "  AND sp.made_on <= l.dl) AS late FROM ("
        "  SELECT person_id AS pid, date(MAX(recognized_on), '+30 days') AS dl FROM recognition"
        f"  WHERE {REC_ACTIVE} GROUP BY person_id) AS l)",
    )
    months = _full_months(period)
    a = {}
    values = ", ".join(f"(:mf{i}, :ml{i})" for i in range(len(months)))
    for i, (first, last) in enumerate(months):
        a[f"mf{i}"], a[f"ml{i}"] = first, last
    add(
        "monthly_contact",
        f"WITH m(first, last) AS (VALUES {values}), "
        "pm AS (SELECT DISTINCT r.person_id AS pid, m.first, m.last FROM recognition r JOIN m"
        "  ON r.recognized_on <= m.first AND (r.cancelled_on IS NULL OR r.cancelled_on >= m.last)), "
        "x AS (SELECT pid, NOT EXISTS (SELECT 1 FROM service s WHERE s.person_id = pm.pid"
        "  AND s.served_on BETWEEN pm.first AND pm.last) AS missed FROM pm) "
        f"SELECT (SELECT COUNT(DISTINCT person_id) FROM recognition WHERE {REC_ACTIVE}) AS base, "
        "COUNT(DISTINCT pid) AS counted, COUNT(DISTINCT pid) FILTER (WHERE missed) AS missed, "
        "COUNT(DISTINCT pid) FILTER (WHERE missed) AS numerator, "
        "COUNT(*) FILTER (WHERE missed) = 0 AS met, "
        "COUNT(*) AS person_months, COUNT(*) FILTER (WHERE missed) AS missed_months, "
        ":n AS months_in_period FROM x",
        n=len(months),
        **a,
    )
    a = {}
    trainings = _in("t", TRAININGS, a)
    reg_emp, rec_emp = _in("ge", REG_EMPLOYED, a), _in("re", REC_EMPLOYED, a)
    add(
        "training_referral_level",
        "WITH n AS (SELECT CASE WHEN"
        "  EXISTS (SELECT 1 FROM employment e WHERE e.person_id = t.id AND e.started_on BETWEEN :s AND :e)"
        "  OR EXISTS (SELECT 1 FROM registration g WHERE g.person_id = t.id"
        f"   AND g.cancelled_on BETWEEN :s AND :e AND g.cancel_reason IN {reg_emp})"
        "  OR EXISTS (SELECT 1 FROM recognition c WHERE c.person_id = t.id"
        f"   AND c.cancelled_on BETWEEN :s AND :e AND c.cancel_reason IN {rec_emp}) THEN 4"
        "  ELSE min(3, (SELECT COUNT(*) FROM training_referral r WHERE r.person_id = t.id"
        f"   AND r.referred_on BETWEEN :s AND :e AND r.kind IN {trainings})) END AS lvl FROM ("
        f"  SELECT p.id FROM (SELECT person_id FROM registration WHERE {REG_ACTIVE}"
        f"   UNION SELECT person_id FROM recognition WHERE {REC_ACTIVE}) AS k"
        "  CROSS JOIN person p ON p.id = k.person_id WHERE p.training_need = 1) AS t) "
        "SELECT COUNT(*) AS T, COUNT(*) FILTER (WHERE lvl = 4) AS employed, "
        "COUNT(*) FILTER (WHERE lvl = 0) AS level_0, COUNT(*) FILTER (WHERE lvl = 1) AS level_1, "
        "COUNT(*) FILTER (WHERE lvl = 2) AS level_2, COUNT(*) FILTER (WHERE lvl >= 3) AS level_3, "
        "min(coalesce(MIN(lvl), 3), 3) AS level FROM n",
        **a,
    )
    add(
        "graduate_services",
        "WITH b AS (SELECT DISTINCT person_id AS pid FROM graduate WHERE grad_year = :y AND wants_work = 1"
        "  AND (placed_on IS NULL OR placed_on > :e)), "
        "c AS (SELECT"
        "  (SELECT COUNT(*) FROM service WHERE person_id = pid AND served_on BETWEEN :s AND :e"
        "   AND kind = '政策宣介') < 1 AS a1,"
        "  (SELECT COUNT(*) FROM service WHERE person_id = pid AND served_on BETWEEN :s AND :e"
        "   AND kind = '职业指导') < 3 AS a2,"
        "  (SELECT COUNT(*) FROM service WHERE person_id = pid AND served_on BETWEEN :s AND :e"
        "   AND kind = '岗位推荐') + (SELECT COUNT(*) FROM referral WHERE person_id = pid"
        "   AND referred_on BETWEEN :s AND :e) < 3 AS a3,"
        "  (SELECT COUNT(*) FROM service WHERE person_id = pid AND served_on BETWEEN :s AND :e"
        "   AND kind IN ('培训推荐', '就业见习推荐')) + (SELECT COUNT(*) FROM training_referral"
        "   WHERE person_id = pid AND referred_on BETWEEN :s AND :e) < 1 AS a4,"
        "  (SELECT COUNT(*) FROM service WHERE person_id = pid AND served_on BETWEEN :s AND :e"
        "   AND kind = '档案服务') < 1 AS a5 FROM b) "
        "SELECT COUNT(*) AS base, COUNT(*) FILTER (WHERE a1 OR a2 OR a3 OR a4 OR a5) AS lacking, "
        "coalesce(SUM(a1 + a2 + a3 + a4 + a5), 0) AS missing, "
        "coalesce(SUM(a1 + a2 + a3 + a4 + a5), 0) AS numerator FROM c",
        y=period.end.year,
    )
    add(
        "valid_complaints",
        "SELECT COUNT(*) AS complaints, COUNT(*) AS numerator, COUNT(*) = 0 AS met FROM complaint "
        "WHERE valid = 1 AND date BETWEEN :s AND :e",
    )
    add(
        "complaint_channel",
        "SELECT coalesce((SELECT trim(complaint_channel, :blank) <> '' FROM station_profile"
        " ORDER BY id LIMIT 1), 0) AS met",
        blank=BLANK_CHARS,
    )
    add(
        "excluded_share",
        "SELECT COUNT(*) AS base, COUNT(*) AS denominator, COUNT(*) FILTER (WHERE p) AS excluded, "
        "COUNT(*) FILTER (WHERE p) AS numerator FROM ("
        f" SELECT personal_reason AS p, MAX(registered_on) FROM registration WHERE {REG_ACTIVE}"
        " GROUP BY person_id)",
    )
    a = {}
    trainings = _in("t", TRAININGS, a)
    add(
        "training_employment_share",
        "SELECT (SELECT COUNT(*) FROM person WHERE training_need = 1) AS base,"
        " (SELECT COUNT(*) FROM person WHERE training_need = 1) AS denominator, x AS employed_after_training,"
        " x AS numerator FROM (SELECT COUNT(DISTINCT t.person_id) AS x FROM training_referral t"
        " JOIN person p ON p.id = t.person_id WHERE p.training_need = 1 AND t.result = '已结业'"
        f" AND t.completed_on BETWEEN :s AND :e AND t.kind IN {trainings}"
        " AND EXISTS (SELECT 1 FROM employment e WHERE e.person_id = t.person_id"
        "  AND e.started_on >= t.completed_on AND e.started_on <= :e))",
        **a,
    )
    add(
        "staff_experience",
        "SELECT COUNT(*) AS full_time, COUNT(*) FILTER (WHERE started_service_on IS NOT NULL AND "
        f" {PLUS_YEARS.format('started_service_on', 61, 5)} <= :e) AS experienced, "
        "COUNT(*) FILTER (WHERE started_service_on IS NOT NULL AND "
        f" {PLUS_YEARS.format('started_service_on', 61, 5)} <= :e) AS numerator "
        "FROM staff WHERE nature = '专职'",
        {"years": 5},
    )
    return out


def run_floor(floors: list[Floor]) -> dict[str, dict[str, int]]:
    """Every floor statement once: indicator id -> figure -> value."""
    from db.models import database

    out: dict[str, dict[str, int]] = {}
    for f in floors:
        cursor = database.execute_sql(f.sql, f.args)
        row = cursor.fetchone()
        names = [d[0] for d in cursor.description]
        out[f.indicator] = {n: int(v) for n, v in zip(names, row, strict=True)}
    return out


def engine_figures(res: Any) -> dict[str, int]:
    """The figures of an engine result the floor computes: numerator, denominator, met and every count."""
    out = {k: int(v) for k, v in res.counts.items()}
    for name in ("numerator", "denominator", "met"):
        value = getattr(res, name)
        if value is not None:
            out[name] = int(value)
    return out
