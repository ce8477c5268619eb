"""Indicators: every indicator of STANDARDS.md as an exact function of the database and a period.

``compute(indicator_id, period, **params)`` returns an :class:`IndicatorResult` with the exact rate
(``Fraction``), the named sets (sorted ids, for drill-down), their sizes and per-member details.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

from app.errors import UserError
from app.indicators.base import IndicatorResult, Period
from app.indicators.difficulty import difficulty_employment_rate, difficulty_plan_timely, monthly_contact
from app.indicators.families import zero_family_cleared
from app.indicators.graduates import graduate_placement, graduate_services
from app.indicators.postings import posting_elements, public_welfare_posts
from app.indicators.register import register_coverage
from app.indicators.registration import (
    excluded_share,
    long_term_unemployed,
    reemployment_rate,
    served_unemployed,
)
from app.indicators.staff import staff_experience
from app.indicators.training import training_employment_share, training_referral_level

INDICATORS: dict[str, Callable[..., IndicatorResult]] = {
    "reemployment_rate": reemployment_rate,
    "difficulty_employment_rate": difficulty_employment_rate,
    "graduate_placement": graduate_placement,
    "zero_family_cleared": zero_family_cleared,
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
}


def compute(indicator_id: str, period: Period, **params: Any) -> IndicatorResult:
    """Compute one indicator over the open database for ``period``."""
    fn = INDICATORS.get(indicator_id)
    if fn is None:
        raise UserError(f"未知的指标“{indicator_id}”")
    try:
        inspect.signature(fn).bind(period, **params)
    except TypeError:
        raise UserError(f"指标“{indicator_id}”的参数不正确：{'、'.join(params) or '无'}") from None
    return fn(period, **params)


__all__ = ["INDICATORS", "IndicatorResult", "Period", "compute"]
