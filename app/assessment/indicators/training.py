"""培训推荐: referral level of persons with a training need, and employment after training."""

from __future__ import annotations

from typing import Any

from app.assessment.indicators.base import IndicatorResult, ids, make_result
from app.assessment.indicators.shared import cancelled_as_employed_sql
from app.core.codes import TRAINING_KIND
from app.core.errors import ValidationError
from app.core.period import Period
from app.core.sql import code_value, query
from app.register.active import (
    period_params,
    recognized_persons_sql,
    registered_persons_sql,
)

FULL_LEVEL = 3
COMPLETED = "已结业"
# 就业见习 is not training: the seed's “参加各类职业技能培训、创业培训” (STANDARDS.md, correction).
NOT_TRAINING = "就业见习"
TRAINING_KINDS = tuple(k for k in TRAINING_KIND.values if k != NOT_TRAINING)
# The groups T may be restricted to (Gansu 第五条(四)1 “推荐组织就业困难人员参加就业创业培训”; Pingdingshan
# “为登记失业人员……组织推荐其参加职业技能培训和创业培训，推荐率达到100%”).
GROUP_DIFFICULTY = "就业困难人员"
GROUP_REGISTERED = "登记失业人员"


def _t_sql(group: str | None) -> tuple[str, int]:
    """Persons with 培训需求=是 and an active registration or recognition in P (only a recognition for the
    group 就业困难人员): the SQL (column ``id``) and how many ``period_params`` it takes. The few persons
    with an active row are found first, then their 培训需求 (CROSS JOIN keeps that order)."""
    if group == GROUP_DIFFICULTY:
        active, copies = f"SELECT DISTINCT person_id FROM ({recognized_persons_sql()})", 1
    elif group == GROUP_REGISTERED:
        active, copies = f"SELECT DISTINCT person_id FROM ({registered_persons_sql()})", 1
    else:
        active, copies = f"{registered_persons_sql()} UNION {recognized_persons_sql()}", 2
    return (
        f"SELECT p.id AS id FROM ({active}) AS k CROSS JOIN person p ON p.id = k.person_id "
        "WHERE p.training_need = 1",
        copies,
    )


def training_referral_level(
    period: Period, kind: str | None = None, group: str | None = None
) -> IndicatorResult:
    """T = persons with 培训需求=是 who in P had an active registration or an active recognition (with
    ``group="就业困难人员"`` an active recognition only, ``"登记失业人员"`` a registration only); per
    person n = 培训推荐 rows dated in P of a training — 职业技能培训 or 创业培训, never 就业见习 — (of
    培训类型 ``kind`` when given), or 3 when the
    person was employed in P; level = min over T of min(n, 3); T empty: level 3.

    counts["level"] is the level; details["n"][person] = min(n, 3); sets "level_0".."level_3"."""
    params: dict[str, Any] = {}
    if kind is not None:
        canon = TRAINING_KIND.normalize(kind)
        if canon is None or canon == NOT_TRAINING:
            allowed = "、".join(TRAINING_KINDS)
            raise ValidationError(f"培训类型“{kind}”不是培训（就业见习不计为培训），可选：{allowed}")
        kind = canon
        params["kind"] = kind
    if group is not None:
        if group not in (GROUP_DIFFICULTY, GROUP_REGISTERED):
            allowed = f"{GROUP_DIFFICULTY}、{GROUP_REGISTERED}"
            raise ValidationError(f"培训推荐的人员范围“{group}”不在可选值内，可选：{allowed}")
        params["group"] = group
    t_sql, copies = _t_sql(group)
    kinds = (kind,) if kind is not None else TRAINING_KINDS
    p = (period.start_iso, period.end_iso)
    reg_employed = cancelled_as_employed_sql("registration", "g")
    rec_employed = cancelled_as_employed_sql("recognition", "c")
    # Per person of T: the training referrals of P, and whether they were employed in P (the rule of
    # ``app.register.active.employed_in_period``, asked for these persons only).
    rows = query(
        f"SELECT t.id, (SELECT COUNT(*) FROM training_referral r WHERE r.person_id = t.id "
        f"  AND r.referred_on BETWEEN ? AND ? AND r.kind IN ({', '.join('?' for _ in kinds)})), "
        " EXISTS (SELECT 1 FROM employment e WHERE e.person_id = t.id AND e.started_on BETWEEN ? AND ?) "
        " OR EXISTS (SELECT 1 FROM registration g WHERE g.person_id = t.id "
        f"  AND g.cancelled_on BETWEEN ? AND ? AND {reg_employed}) "
        " OR EXISTS (SELECT 1 FROM recognition c WHERE c.person_id = t.id "
        f"  AND c.cancelled_on BETWEEN ? AND ? AND {rec_employed}) "
        f"FROM ({t_sql}) AS t",
        (*p, *kinds, *p, *p, *p, *period_params(period) * copies),
    )
    n: dict[int, int] = {}
    employed: list[int] = []
    for pid, count, was_employed in rows:
        if was_employed:
            employed.append(pid)
            n[pid] = FULL_LEVEL
        else:
            n[pid] = min(count, FULL_LEVEL)
    level = min(n.values(), default=FULL_LEVEL)
    sets: dict[str, tuple[str, Any]] = {"T": ("person", n), "employed": ("person", employed)}
    for k in range(FULL_LEVEL + 1):
        sets[f"level_{k}"] = ("person", [pid for pid, v in n.items() if v == k])
    return make_result(
        "training_referral_level",
        params,
        sets=sets,
        counts={"level": level},
        details={"n": n},
        empty=not n,
    )


def training_employment_share(period: Period) -> IndicatorResult:
    """Persons with 培训需求=是 (denominator); numerator = those with a 培训推荐 of a training (not 就业见习)
    of 培训结果 已结业 with 结业日期 in P and a 就业记录 with 就业日期 on or after 结业日期 and <= to."""
    base = ids("SELECT id FROM person WHERE training_need = 1")
    employed = {
        int(r[0])
        for r in query(
            "SELECT DISTINCT t.person_id FROM training_referral t JOIN person p ON p.id = t.person_id "
            "WHERE p.training_need = 1 AND t.result = ? AND t.completed_on BETWEEN ? AND ? "
            f"AND t.kind IN ({', '.join('?' for _ in TRAINING_KINDS)}) "
            "AND EXISTS (SELECT 1 FROM employment e WHERE e.person_id = t.person_id "
            "            AND e.started_on >= t.completed_on AND e.started_on <= ?)",
            (COMPLETED, period.start_iso, period.end_iso, *TRAINING_KINDS, period.end_iso),
        )
    }
    return make_result(
        "training_employment_share",
        {},
        sets={"base": ("person", base), "employed_after_training": ("person", employed)},
        numerator=len(employed),
        denominator=len(base),
        rate=True,
    )


def trainings_in_period(period: Period, kind: str | None = None) -> IndicatorResult:
    """培训推荐 rows with 推荐日期 in P of a training (职业技能培训 or 创业培训; 就业见习 is not training) or
    of 培训类型 ``kind`` when given: numerator and counts["trainings"] = how many rows; set "persons" = the
    persons referred (counts["persons"]); set "completed" = the persons with such a row of 培训结果 已结业."""
    params: dict[str, Any] = {}
    sql = "SELECT person_id, result FROM training_referral WHERE referred_on BETWEEN ? AND ?"
    args: tuple[Any, ...] = (period.start_iso, period.end_iso)
    kinds = TRAINING_KINDS
    if kind is not None:
        kind = code_value(kind, TRAINING_KIND, "培训类型")
        params["kind"] = kind
        kinds = (kind,)
    sql += f" AND kind IN ({', '.join('?' for _ in kinds)})"
    args = (*args, *kinds)
    rows = query(sql, args)
    return make_result(
        "trainings_in_period",
        params,
        sets={
            "persons": ("person", {int(r[0]) for r in rows}),
            "completed": ("person", {int(r[0]) for r in rows if r[1] == COMPLETED}),
        },
        numerator=len(rows),
        counts={"trainings": len(rows)},
    )
