import datetime as dt
import random
from fractions import Fraction

import pytest

from app.assessment.indicators import INDICATORS, IndicatorResult, Period, compute
from app.assessment.indicators.base import filled_sql, make_result
from app.core.errors import UserError, ValidationError
from app.core.sql import query
from app.core.textnorm import BLANK_CHARS, is_blank
from tests.app.assessment.indicators.conftest import FROM, TO, Ledger

EXPECTED_IDS = {
    "reemployment_rate",
    "difficulty_employment_rate",
    "graduate_placement",
    "zero_family_cleared",
    "zero_family_none",
    "long_term_unemployed",
    "excluded_share",
    "posting_elements",
    "difficulty_plan_timely",
    "monthly_contact",
    "training_referral_level",
    "graduate_services",
    "training_employment_share",
    "staff_experience",
    "register_coverage",
    "served_unemployed",
    "public_welfare_posts",
}
# Evidence counts the condition lists use, and the data facts of the proposals (moved from app.scoring).
EVIDENCE_IDS = {
    "services_of_type",
    "services_total",
    "vacancies_of_kind",
    "plans_in_period",
    "trainings_in_period",
    "referrals_by_outcome",
    "station_area",
    "station_running_months",
}
FACT_IDS = {
    "staff_count",
    "staff_trained",
    "register_size",
    "survey_fresh",
    "surveys_in_period",
    "events",
    "job_seekers",
    "job_seeking_registrations",
    "valid_complaints",
    "complaint_channel",
}
# Parameters an indicator cannot do without.
REQUIRED = {"services_of_type": {"kind": "政策宣介"}, "vacancies_of_kind": {"kind": "全日制"}}


def test_period_end_before_start_raises() -> None:
    with pytest.raises(ValidationError, match="报告期结束日期早于开始日期"):
        Period(dt.date(2024, 1, 2), dt.date(2024, 1, 1))


def test_period_of_one_day_is_allowed() -> None:
    p = Period(dt.date(2024, 1, 1), dt.date(2024, 1, 1))
    assert p.contains(dt.date(2024, 1, 1))
    assert not p.contains(dt.date(2024, 1, 2))
    assert not p.contains(None)


def test_guangzhou_default_period() -> None:
    p = Period.guangzhou_default(2024)
    assert (p.start, p.end) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    assert (p.start, p.end) == (FROM, TO)


def test_indicator_ids_are_exactly_the_spec_ones() -> None:
    assert set(INDICATORS) == EXPECTED_IDS | EVIDENCE_IDS | FACT_IDS
    assert not (EXPECTED_IDS & EVIDENCE_IDS) and not (EXPECTED_IDS & FACT_IDS)


def test_every_indicator_runs_on_an_empty_database(lg: Ledger) -> None:
    p = Period.guangzhou_default(2024)
    for indicator_id in INDICATORS:
        r = compute(indicator_id, p, **REQUIRED.get(indicator_id, {}))
        assert isinstance(r, IndicatorResult)
        assert r.id == indicator_id
        assert set(r.sets) <= set(r.counts)
        assert set(r.sets) == set(r.set_kinds)
        assert all(r.counts[name] == len(members) for name, members in r.sets.items())
        assert r.value is None or isinstance(r.value, Fraction)


def test_rates_on_empty_database_are_none_and_flagged_empty(lg: Ledger) -> None:
    p = Period.guangzhou_default(2024)
    for indicator_id in (
        "reemployment_rate",
        "difficulty_employment_rate",
        "graduate_placement",
        "excluded_share",
        "training_employment_share",
        "served_unemployed",
        "posting_elements",
    ):
        r = compute(indicator_id, p)
        assert r.value is None, indicator_id
        assert r.details["empty"] is True, indicator_id


def test_unknown_indicator_is_a_user_error(lg: Ledger) -> None:
    with pytest.raises(UserError, match="未知的指标"):
        compute("no_such_thing", Period.guangzhou_default(2024))


def test_unknown_parameter_is_a_user_error(lg: Ledger) -> None:
    with pytest.raises(UserError, match="参数不正确"):
        compute("reemployment_rate", Period.guangzhou_default(2024), months=3)


@pytest.mark.parametrize("bad", [0, -1, "12", 1.5, True])
def test_bad_month_parameter_is_a_validation_error(lg: Ledger, bad: object) -> None:
    with pytest.raises(ValidationError, match="正整数"):
        compute("long_term_unemployed", Period.guangzhou_default(2024), months=bad)


def test_params_are_reported(lg: Ledger) -> None:
    p = Period.guangzhou_default(2024)
    assert compute("long_term_unemployed", p, months=6).params == {"months": 6}
    assert compute("staff_experience", p, years=2).params == {"years": 2}
    assert compute("served_unemployed", p, min=2).params == {"min": 2}
    assert compute("training_referral_level", p, kind="创业培训").params == {"kind": "创业培训"}
    assert compute("training_referral_level", p).params == {}


# ---------------------------------------------------------------------------- blank text in SQL

BOUNDARY_CODES = (
    0x20,
    0x21,
    0x84,
    0x85,
    0x86,
    0x9F,
    0xA0,
    0xA1,
    0x2FFF,
    0x3000,
    0x3001,
    0xFEFE,
    0xFEFF,
    0xFF00,
)


def _filled_in_sql(texts: list[str | None]) -> list[bool]:
    values = ", ".join("(?, ?)" for _ in texts)
    args = [v for i, text in enumerate(texts) for v in (i, text)]
    rows = query(f"WITH t(i, x) AS (VALUES {values}) SELECT i, {filled_sql('x')} FROM t ORDER BY i", args)
    return [bool(r[1]) for r in rows]


def test_filled_sql_agrees_with_is_blank_on_every_blank_char(lg: Ledger) -> None:
    texts: list[str | None] = [None, "", "a", "中", "\U0001f600"]
    for ch in BLANK_CHARS:
        texts += [ch, ch * 2, f"{ch}中", f"中{ch}", f"{ch}a{ch}"]
    texts += [chr(c) for c in BOUNDARY_CODES] + [f"\u3000{chr(c)}" for c in BOUNDARY_CODES]
    assert _filled_in_sql(texts) == [not is_blank(t) for t in texts]


def test_filled_sql_agrees_with_is_blank_on_random_mixtures(lg: Ledger) -> None:
    rng = random.Random(17)
    alphabet = BLANK_CHARS + "a中、\u00ad" + "".join(chr(c) for c in BOUNDARY_CODES)
    texts: list[str | None] = [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(400)
    ]
    assert _filled_in_sql(texts) == [not is_blank(t) for t in texts]


# ---------------------------------------------------------------------------- result sets


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ([], []),
        ([3], [3]),
        ([1, 2, 9], [1, 2, 9]),  # ascending already: kept
        ([1, 2, 2, 9], [1, 2, 9]),  # a repeat is not ascending: made unique
        ([9, 1, 2], [1, 2, 9]),
        ({5: "a", 2: "b"}, [2, 5]),  # a dict's keys
        ({7, 3}, [3, 7]),
        ((i for i in (4, 4, 1)), [1, 4]),
    ],
)
def test_result_sets_are_sorted_and_unique(members: object, expected: list[int]) -> None:
    res = make_result("x", {}, sets={"s": ("person", members)})  # type: ignore[dict-item]
    assert res.sets["s"] == expected and res.counts["s"] == len(expected)
