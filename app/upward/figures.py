"""The figures a period package carries, each an SQL count over the ledger.

Monthly: 人社统EP1's five counts and the classification tables of REAL_LEDGERS.md
(:mod:`app.upward.tables` names them), plus the month's work figures of the 月度工作信息报送表
(:func:`app.documents.figures.month_figures`). Assessment: every item with points, met, numerator,
denominator and set sizes from the result JSON of :mod:`app.assessment.scoring`.

A record's own 所属产业 / 就业渠道 and a registration's own 失业前身份 (the real ledgers' columns) are
counted as recorded. Where they are empty nothing is guessed: 产业 is known only where the employer's
单位类型 decides it (else 未采集); 公有制企业 and 机关事业单位聘用临时 are not told apart from the other
channels (an employer of type 企业 counts as 非公有制企业); 失业前身份 follows from the person's 失业原因
where it says (else 其他); the kind of 灵活就业 comes from words in its 就业单位
(:data:`app.upward.tables.FLEXIBLE_KEYWORDS`, none = 其他). 累计自然减员 counts 失业登记 cancelled for
retirement or death since 1 January.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.core.period import Period
from app.core.sql import query
from app.documents.figures import month_figures, registered_unemployed_on, scalar
from app.upward import tables as t

# The employer of an employment record: through its vacancy, else by the name written on the record.
_EMPLOYER_KIND = (
    "COALESCE((SELECT em.kind FROM vacancy v JOIN employer em ON em.id = v.employer_id "
    "WHERE v.id = e.vacancy_id), (SELECT em.kind FROM employer em WHERE em.name = e.employer), '')"
)
_AGE = (
    "(CAST(strftime('%Y', e.started_on) AS INTEGER) - CAST(strftime('%Y', p.birth_date) AS INTEGER)"
    " - (strftime('%m-%d', e.started_on) < strftime('%m-%d', p.birth_date)))"
)
_OPEN_REGISTRATION = (
    "EXISTS (SELECT 1 FROM registration r WHERE r.person_id = e.person_id AND r.registered_on <= e.started_on"
    " AND (r.cancelled_on IS NULL OR r.cancelled_on >= e.started_on))"
)
_OPEN_RECOGNITION = (
    "EXISTS (SELECT 1 FROM recognition g WHERE g.person_id = e.person_id AND g.recognized_on <= e.started_on"
    " AND (g.cancelled_on IS NULL OR g.cancelled_on >= e.started_on))"
)
_STARTS = "FROM employment e JOIN person p ON p.id = e.person_id WHERE e.started_on BETWEEN ? AND ?"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ",".join("'" + v.replace("'", "''") + "'" for v in values) + ")"


def _channel_sql() -> str:
    return (
        "CASE WHEN e.channel <> '' THEN e.channel WHEN e.form IN ('个体经营', '创办企业') THEN '个体经营' "
        "WHEN e.form = '灵活就业' THEN '灵活就业' WHEN e.form = '公益性岗位' THEN '公益性岗位' "
        f"WHEN {_EMPLOYER_KIND} = '机关事业单位' THEN '机关事业单位' "
        f"WHEN {_EMPLOYER_KIND} = '个体工商户' THEN '个体经营' ELSE '非公有制企业' END"
    )


def _industry_sql() -> str:
    whens = " ".join(
        f"WHEN {_EMPLOYER_KIND} = '{kind}' THEN '{industry}'"
        for kind, industry in t.INDUSTRY_OF_EMPLOYER_KIND.items()
    )
    return (
        f"CASE WHEN e.industry <> '' THEN e.industry WHEN e.form = '公益性岗位' THEN '第三产业' {whens} "
        f"ELSE '{t.UNKNOWN}' END"
    )


def _age_sql() -> str:
    return (
        f"CASE WHEN {_AGE} BETWEEN 16 AND 24 THEN '16-24岁' WHEN {_AGE} BETWEEN 25 AND 45 THEN '25-45岁' "
        f"WHEN {_AGE} BETWEEN 46 AND 60 THEN '46-60岁' ELSE '其他年龄' END"
    )


def _breakdown(labels: tuple[str, ...], rows: list[tuple[Any, ...]]) -> dict[str, int]:
    out = dict.fromkeys(labels, 0)
    for label, n in rows:
        out[str(label)] = out.get(str(label), 0) + int(n or 0)
    return out


def flexible_kind(employer_text: str) -> str:
    """The 灵活就业 kind named by the words of a 就业单位 text (其他 when none)."""
    for kind, words in t.FLEXIBLE_KEYWORDS:
        if any(w in employer_text for w in words):
            return kind
    return "其他"


def new_employment(period: Period) -> dict[str, Any]:
    a = (period.start_iso, period.end_iso)
    return {
        "total": scalar(f"SELECT COUNT(*) {_STARTS}", a),
        "by_industry": _breakdown(
            t.INDUSTRIES, query(f"SELECT {_industry_sql()} AS k, COUNT(*) {_STARTS} GROUP BY k", a)
        ),
        "by_channel": _breakdown(
            t.CHANNELS, query(f"SELECT {_channel_sql()} AS k, COUNT(*) {_STARTS} GROUP BY k", a)
        ),
        "by_age": _breakdown(
            t.AGE_BANDS, query(f"SELECT {_age_sql()} AS k, COUNT(*) {_STARTS} GROUP BY k", a)
        ),
        "college_and_above": scalar(
            f"SELECT COUNT(*) {_STARTS} AND p.education IN {_in(t.COLLEGE_EDUCATION)}", a
        ),
        "female": scalar(f"SELECT COUNT(*) {_STARTS} AND p.gender = '女'", a),
    }


def ep1(period: Period) -> dict[str, int]:
    """人社统EP1: the month's new employment and the counts since 1 January of the month's year."""
    month = (period.start_iso, period.end_iso)
    ytd = (dt.date(period.end.year, 1, 1).isoformat(), period.end_iso)
    return {
        "new_employment": scalar(f"SELECT COUNT(*) {_STARTS}", month),
        "new_employment_ytd": scalar(f"SELECT COUNT(*) {_STARTS}", ytd),
        "natural_attrition_ytd": scalar(
            "SELECT COUNT(*) FROM registration WHERE cancelled_on BETWEEN ? AND ? "
            f"AND cancel_reason IN {_in(t.NATURAL_ATTRITION_REASONS)}",
            ytd,
        ),
        "reemployed_ytd": scalar(f"SELECT COUNT(*) {_STARTS} AND {_OPEN_REGISTRATION}", ytd),
        "difficulty_employed_ytd": scalar(f"SELECT COUNT(*) {_STARTS} AND {_OPEN_RECOGNITION}", ytd),
    }


def registered_unemployed(day: dt.date) -> dict[str, Any]:
    """登记失业人员 with a 失业登记 open on ``day`` (the month's end), by 失业前身份."""
    d = day.isoformat()
    open_persons = (
        "FROM person p WHERE EXISTS (SELECT 1 FROM registration r WHERE r.person_id = p.id "
        "AND r.registered_on <= ? AND (r.cancelled_on IS NULL OR r.cancelled_on > ?))"
    )
    whens = " ".join(
        f"WHEN p.unemployment_reason = '{k}' THEN '{v}'" for k, v in t.PRIOR_STATUS_OF_REASON.items()
    )
    # The 失业前身份 recorded on the registration open on the day, else from the 失业原因.
    recorded = (
        "(SELECT r.prior_status FROM registration r WHERE r.person_id = p.id AND r.registered_on <= ? "
        "AND (r.cancelled_on IS NULL OR r.cancelled_on > ?) ORDER BY r.registered_on DESC LIMIT 1)"
    )
    prior = f"COALESCE(NULLIF({recorded}, ''), CASE {whens} ELSE '其他' END)"
    return {
        "total": registered_unemployed_on(day),
        "by_prior_status": _breakdown(
            t.PRIOR_STATUSES,
            query(f"SELECT {prior} AS k, COUNT(*) {open_persons} GROUP BY k", (d, d, d, d)),
        ),
        "female": scalar(f"SELECT COUNT(*) {open_persons} AND p.gender = '女'", (d, d)),
        "difficulty": scalar(
            f"SELECT COUNT(*) {open_persons} AND EXISTS (SELECT 1 FROM recognition g "
            "WHERE g.person_id = p.id AND g.recognized_on <= ? "
            "AND (g.cancelled_on IS NULL OR g.cancelled_on > ?))",
            (d, d, d, d),
        ),
    }


def flexible(period: Period) -> dict[str, Any]:
    a = (period.start_iso, period.end_iso)
    by_kind = dict.fromkeys(t.FLEXIBLE_KINDS, 0)
    for employer, n in query(
        "SELECT employer, COUNT(*) FROM employment WHERE form = '灵活就业' AND started_on BETWEEN ? AND ? "
        "GROUP BY employer",
        a,
    ):
        by_kind[flexible_kind(str(employer or ""))] += int(n)
    return {
        "total": sum(by_kind.values()),
        "by_kind": by_kind,
        "public_posts": scalar(
            "SELECT COUNT(*) FROM employment WHERE form = '公益性岗位' AND started_on BETWEEN ? AND ?", a
        ),
    }


def work(period: Period) -> dict[str, int]:
    """The month's work figures of the 月度工作信息报送表 (counts only)."""
    f = month_figures(period)
    return {
        "surveys": f.surveys,
        "registrations_new": f.registrations_new,
        "registrations_cancelled": f.registrations_cancelled,
        "recognitions_new": f.recognitions_new,
        "difficulty_at_end": f.difficulty_at_end,
        "services": f.services,
        "persons_served": f.persons_served,
        "vacancies": f.vacancies,
        "vacancy_headcount": f.vacancy_headcount,
        "referrals": f.referrals,
        "trainings": f.trainings,
        "events": len(f.events),
    }


def month_statistics(period: Period) -> dict[str, Any]:
    """The figures JSON of a monthly package."""
    return {
        "kind": "month",
        "month": f"{period.start.year:04d}-{period.start.month:02d}",
        "ep1": ep1(period),
        "new_employment": new_employment(period),
        "registered_unemployed": registered_unemployed(period.end),
        "flexible": flexible(period),
        "work": work(period),
    }


def assessment_figures(result: dict[str, Any]) -> dict[str, Any]:
    """The figures JSON of an assessment package from a result JSON (``AssessmentResult.to_json_dict`` or
    a saved assessment's ``result_json``): every item with points, met, numerator, denominator, set sizes."""
    items = []
    for it in result["items"]:
        ind = it.get("indicator") or {}
        items.append(
            {
                "id": str(it["id"]),
                "section": str(it.get("section", "")),
                "title": str(it.get("title", "")),
                "max": it.get("max"),
                "points": it.get("points"),
                "met": it.get("met"),
                "status": str(it.get("status", "")),
                "numerator": ind.get("numerator"),
                "denominator": ind.get("denominator"),
                "sets": {str(k): int(v) for k, v in (ind.get("sets") or {}).items()},
            }
        )
    return {
        "kind": "assessment",
        "standard": str(result["standard"]),
        "name": str(result.get("name", "")),
        "scoring": str(result.get("kind", "score")),
        "period": {"from": result["period"]["from"], "to": result["period"]["to"]},
        "base_total": result.get("base_total"),
        "bonus_total": result.get("bonus_total"),
        "total": result.get("total"),
        "pass_mark": result.get("pass_mark"),
        "passed": result.get("passed"),
        "items": items,
    }
