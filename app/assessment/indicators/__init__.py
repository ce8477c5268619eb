"""Indicators: every indicator of STANDARDS.md, and every data fact a standard tests, as an exact function
of the database and a period. ``INDICATORS`` is the one registry: the standards loader checks ids and
parameters against it and the scoring engine computes nothing else.

``compute(indicator_id, period, **params)`` returns an :class:`IndicatorResult` with the exact rate
(``Fraction``), the named sets (sorted ids, for drill-down), their sizes and per-member details.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any

from app.assessment.indicators.base import IndicatorResult
from app.assessment.indicators.difficulty import (
    difficulty_employment_rate,
    difficulty_plan_timely,
    monthly_contact,
)
from app.assessment.indicators.facts import (
    complaint_channel,
    events,
    job_seekers,
    job_seeking_registrations,
    register_size,
    staff_count,
    staff_trained,
    survey_fresh,
    surveys_in_period,
    valid_complaints,
)
from app.assessment.indicators.families import zero_family_cleared, zero_family_none
from app.assessment.indicators.graduates import graduate_placement, graduate_services
from app.assessment.indicators.postings import (
    posting_elements,
    public_welfare_posts,
    referrals_by_outcome,
    vacancies_of_kind,
)
from app.assessment.indicators.register import register_coverage
from app.assessment.indicators.registration import (
    excluded_share,
    long_term_unemployed,
    reemployment_rate,
    served_unemployed,
)
from app.assessment.indicators.services import plans_in_period, services_of_type, services_total
from app.assessment.indicators.staff import staff_experience
from app.assessment.indicators.station import station_area, station_running_months
from app.assessment.indicators.training import (
    training_employment_share,
    training_referral_level,
    trainings_in_period,
)
from app.core.codes import (
    COLLECT_METHOD,
    EVENT_TYPE,
    SERVICE_TYPE,
    STAFF_NATURE,
    TRAINING_KIND,
    VACANCY_KIND,
    CodeList,
)
from app.core.errors import UserError
from app.core.period import Period

INDICATORS: dict[str, Callable[..., IndicatorResult]] = {
    "reemployment_rate": reemployment_rate,
    "difficulty_employment_rate": difficulty_employment_rate,
    "graduate_placement": graduate_placement,
    "zero_family_cleared": zero_family_cleared,
    "zero_family_none": zero_family_none,
    "long_term_unemployed": long_term_unemployed,
    "excluded_share": excluded_share,
    "posting_elements": posting_elements,
    "difficulty_plan_timely": difficulty_plan_timely,
    "monthly_contact": monthly_contact,
    "training_referral_level": training_referral_level,
    "graduate_services": graduate_services,
    "training_employment_share": training_employment_share,
    "staff_experience": staff_experience,
    "register_coverage": register_coverage,
    "served_unemployed": served_unemployed,
    "public_welfare_posts": public_welfare_posts,
    # Evidence counts for condition lists.
    "services_of_type": services_of_type,
    "services_total": services_total,
    "vacancies_of_kind": vacancies_of_kind,
    "plans_in_period": plans_in_period,
    "trainings_in_period": trainings_in_period,
    "referrals_by_outcome": referrals_by_outcome,
    "station_area": station_area,
    "station_running_months": station_running_months,
    # Data facts the proposals of assisted items use.
    "staff_count": staff_count,
    "staff_trained": staff_trained,
    "register_size": register_size,
    "survey_fresh": survey_fresh,
    "surveys_in_period": surveys_in_period,
    "events": events,
    "job_seekers": job_seekers,
    "job_seeking_registrations": job_seeking_registrations,
    "valid_complaints": valid_complaints,
    "complaint_channel": complaint_channel,
}

# Parameters whose value must come from a code list (checked when a standard is loaded).
PARAM_CODES: dict[tuple[str, str], CodeList] = {
    ("services_of_type", "kind"): SERVICE_TYPE,
    ("vacancies_of_kind", "kind"): VACANCY_KIND,
    ("vacancies_of_kind", "method"): COLLECT_METHOD,
    ("trainings_in_period", "kind"): TRAINING_KIND,
    ("training_referral_level", "kind"): TRAINING_KIND,
    ("events", "kind"): EVENT_TYPE,
    ("staff_count", "nature"): STAFF_NATURE,
}


def check_params(indicator_id: str, params: Mapping[str, Any]) -> None:
    """Refuse, with a Chinese UserError, an unknown indicator, parameters its function does not take (or
    a missing required one) and a code-list parameter outside its list. Used by the standards loader so
    that a mistake in a standard file is named when the file is read, not when it is scored."""
    fn = INDICATORS.get(indicator_id)
    if fn is None:
        raise UserError(f"未知的指标“{indicator_id}”")
    try:
        inspect.signature(fn).bind(None, **params)
    except TypeError:
        wanted = list(inspect.signature(fn).parameters)[1:]
        raise UserError(
            f"指标“{indicator_id}”的参数不正确：{'、'.join(params) or '无'}"
            f"（可用：{'、'.join(wanted) or '无参数'}）"
        ) from None
    for name, value in params.items():
        codes = PARAM_CODES.get((indicator_id, name))
        if codes is not None and (not isinstance(value, str) or codes.normalize(value) is None):
            raise UserError(
                f"指标“{indicator_id}”的参数 {name}“{value}”不在{codes.name}可选值内，"
                f"可选：{codes.allowed_text()}"
            )


@functools.cache
def _takes(fn: Callable[..., IndicatorResult], names: frozenset[str]) -> bool:
    """Whether ``fn`` can be called with a period and these parameter names (it depends on the names
    only, so it is checked once per combination)."""
    try:
        inspect.signature(fn).bind(None, **dict.fromkeys(names))
    except TypeError:
        return False
    return True


def compute(indicator_id: str, period: Period, **params: Any) -> IndicatorResult:
    """Compute one indicator over the open database for ``period``."""
    fn = INDICATORS.get(indicator_id)
    if fn is None:
        raise UserError(f"未知的指标“{indicator_id}”")
    if not _takes(fn, frozenset(params)):
        raise UserError(f"指标“{indicator_id}”的参数不正确：{'、'.join(params) or '无'}")
    return fn(period, **params)


__all__ = ["INDICATORS", "PARAM_CODES", "IndicatorResult", "Period", "check_params", "compute"]
