"""The scoring engine with injected fake indicators: every rule kind at its edges, caps, the JSON
shape, assisted overrides, condition lists and the gap hints."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from app.assessment.indicators import IndicatorResult, Period
from app.assessment.indicators.base import make_result
from app.assessment.scoring import Answer, assess, gaps, percent_text, render
from app.assessment.standards import get_standard, load_standard
from app.core.errors import ValidationError

P = Period(dt.date(2023, 10, 1), dt.date(2024, 9, 30))
FULL = "guangzhou-full-employment-2024"
VILLAGE = "guangzhou-quality-village-2024"


def rate(indicator_id: str, num: int, den: int, **sets: list[int]) -> IndicatorResult:
    return make_result(
        indicator_id,
        {},
        sets={k: ("person", v) for k, v in sets.items()},
        numerator=num,
        denominator=den,
        rate=True,
    )


def neutral(indicator_id: str, period: Period, **params: Any) -> IndicatorResult:
    """Everything fine, nothing to count: the baseline the tests below change one indicator of."""
    if indicator_id in (
        "reemployment_rate",
        "difficulty_employment_rate",
        "excluded_share",
        "training_employment_share",
        "graduate_placement",
        "survey_fresh",
    ):
        res = rate(indicator_id, 0, 0)
        if indicator_id == "graduate_placement":
            res.details["all_gd_placed"] = True
        return res
    if indicator_id in ("zero_family_cleared", "long_term_unemployed", "complaint_channel"):
        return make_result(indicator_id, params, sets={}, met=True)
    if indicator_id == "training_referral_level":
        return make_result(indicator_id, params, sets={}, counts={"level": 3})
    return make_result(indicator_id, params, sets={}, numerator=0, counts={
        "collected": 0, "published": 0, "complete": 0, "followed_up_referrals": 0, "late": 0, "missed": 0,
        "missing": 0, "referrals": 0,
    })  # fmt: skip


def with_(**overrides: Callable[..., IndicatorResult] | IndicatorResult) -> Callable[..., IndicatorResult]:
    def lookup(indicator_id: str, period: Period, **params: Any) -> IndicatorResult:
        o = overrides.get(indicator_id)
        if o is None:
            return neutral(indicator_id, period, **params)
        return o(**params) if callable(o) else o

    return lookup


def score(
    standard_id: str, item_id: str, answers: dict[str, Answer] | None = None, **overrides: Any
) -> Decimal:
    result = assess(get_standard(standard_id), P, answers, with_(**overrides))
    points = result.item(item_id).points
    assert points is not None
    return points


# ------------------------------------------------------------------ tiers


@pytest.mark.parametrize(
    ("num", "den", "points"),
    [
        (45, 50, 8),  # exactly 90% meets 达90%
        (899, 1000, 7),  # 89.9%
        (85, 100, 7),
        (849, 1000, 6),
        (80, 100, 6),  # 达80% is inclusive
        (799, 1000, 5),  # 75%-80%
        (75, 100, 5),  # lower bound of 75%-80% is inclusive
        (749, 1000, 4),
        (70, 100, 4),
        (65, 100, 3),
        (649, 1000, 0),
        (0, 10, 0),
    ],
)
def test_reemployment_tiers(num: int, den: int, points: int) -> None:
    assert score(FULL, "1.1", reemployment_rate=rate("reemployment_rate", num, den)) == points


def test_reemployment_empty_denominator_scores_full() -> None:
    result = assess(get_standard(FULL), P, None, with_())
    item = result.item("1.1")
    assert item.points == 8
    assert item.basis.startswith("报告期内无登记失业人员，得8分")


def test_reemployment_basis_has_the_numbers() -> None:
    res = rate("reemployment_rate", 41, 50, base=list(range(52)), excluded=[1, 2], employed=list(range(41)))
    result = assess(get_standard(FULL), P, None, with_(reemployment_rate=res))
    assert result.item("1.1").basis.startswith(
        "再就业 41 人 ÷ (登记失业 52 人 − 非就业情形注销 2 人) = 82.0%，达80%得6分"
    )


@pytest.mark.parametrize(
    ("num", "den", "points"),
    [
        (90, 100, 5),
        (899, 1000, 4),
        (85, 100, 4),
        (849, 1000, 3),
        (80, 100, 3),
        (799, 1000, 2),
        (70, 100, 1),
        (699, 1000, 0),
    ],
)
def test_range_tiers_quality_village(num: int, den: int, points: int) -> None:
    assert (
        score(VILLAGE, "1.1", difficulty_employment_rate=rate("difficulty_employment_rate", num, den))
        == points
    )


@pytest.mark.parametrize(
    ("num", "den", "points"),
    [
        (0, 100, Decimal(2)),
        (29, 1000, Decimal("1.5")),
        (3, 100, Decimal(1)),
        (499, 10000, Decimal(1)),
        (5, 100, Decimal(0)),
    ],
)
def test_excluded_share_tiers(num: int, den: int, points: Decimal) -> None:
    assert score(FULL, "B.1", excluded_share=rate("excluded_share", num, den)) == points


@pytest.mark.parametrize(
    ("num", "den", "points"),
    [
        (15, 100, Decimal(2)),
        (149, 1000, Decimal("1.5")),
        (10, 100, Decimal("1.5")),
        (5, 100, Decimal(1)),
        (49, 1000, 0),
    ],
)
def test_training_share_bonus_tiers(num: int, den: int, points: Decimal) -> None:
    assert score(FULL, "B.2", training_employment_share=rate("training_employment_share", num, den)) == points


@pytest.mark.parametrize(
    ("num", "den", "points"), [(0, 10, 1), (5, 100, 2), (10, 100, 3), (149, 1000, 3), (15, 100, 5)]
)
def test_training_share_village_tiers(num: int, den: int, points: int) -> None:
    assert (
        score(VILLAGE, "2.3", training_employment_share=rate("training_employment_share", num, den)) == points
    )


# ------------------------------------------------------------------ pass_fail, count_tiers, components


def test_pass_fail_met_and_not_met() -> None:
    failed = make_result("zero_family_cleared", {}, sets={"failed": ("zero_family", [1])}, met=False)
    assert score(FULL, "1.4") == 5
    assert score(FULL, "1.4", zero_family_cleared=failed) == 0


def test_long_term_months_parameter_reaches_the_indicator() -> None:
    seen: list[dict[str, Any]] = []

    def long_term(**params: Any) -> IndicatorResult:
        seen.append(params)
        return make_result("long_term_unemployed", params, sets={}, met=True)

    score(FULL, "1.5", long_term_unemployed=long_term)
    score(VILLAGE, "1.3", long_term_unemployed=long_term)
    assert {"months": 12} in seen and {"months": 6} in seen


@pytest.mark.parametrize(("level", "points"), [(3, 5), (2, 3), (1, 2), (0, 0)])
def test_training_referral_level_count_tiers(level: int, points: int) -> None:
    res = make_result("training_referral_level", {}, sets={}, counts={"level": level})
    assert score(FULL, "3.6", training_referral_level=res) == points


@pytest.mark.parametrize(("heads", "points"), [(1, 0), (2, 2), (3, 3), (4, 4), (5, 5), (40, 5)])
def test_public_welfare_posts(heads: int, points: int) -> None:
    res = make_result("public_welfare_posts", {}, sets={}, numerator=heads, counts={"headcount": heads})
    assert score(VILLAGE, "1.5", public_welfare_posts=res) == points


def graduates(placed: int, total: int, gd_ok: bool) -> IndicatorResult:
    res = rate("graduate_placement", placed, total)
    res.details["all_gd_placed"] = gd_ok
    return res


@pytest.mark.parametrize(
    ("placed", "total", "gd_ok", "points"),
    [(0, 0, True, 6), (9, 10, True, 6), (9, 10, False, 4), (8, 10, True, 2), (8, 10, False, 0)],
)
def test_graduate_components(placed: int, total: int, gd_ok: bool, points: int) -> None:
    assert score(FULL, "1.2", graduate_placement=graduates(placed, total, gd_ok)) == points


def postings(collected: int, published: int, complete: int, followed: int) -> IndicatorResult:
    return make_result(
        "posting_elements",
        {},
        sets={
            "collected": ("vacancy", range(collected)),
            "published": ("vacancy", range(published)),
            "complete": ("vacancy", range(complete)),
            "incomplete": ("vacancy", range(complete, collected)),
            "followed_up_referrals": ("referral", range(followed)),
        },
        numerator=complete,
        denominator=collected,
        rate=True,
    )


@pytest.mark.parametrize(
    ("counts", "points"),
    [
        ((0, 0, 0, 0), 0),
        ((3, 0, 2, 0), 2),
        ((3, 1, 2, 0), 3),
        ((3, 1, 3, 0), 4),
        ((3, 1, 3, 1), 5),
        ((0, 0, 0, 1), 1),
    ],
)
def test_posting_elements_components(counts: tuple[int, int, int, int], points: int) -> None:
    assert score(FULL, "3.3", posting_elements=postings(*counts)) == points


# ------------------------------------------------------------------ deduction


def _late(n: int) -> IndicatorResult:
    return make_result(
        "difficulty_plan_timely", {}, sets={"late": ("person", range(n))}, numerator=n, met=n == 0
    )


def _missed(n: int) -> IndicatorResult:
    return make_result("monthly_contact", {}, sets={"missed": ("person", range(n))}, numerator=n, met=n == 0)


@pytest.mark.parametrize(
    ("late", "missed", "points"),
    [
        (0, 0, Decimal(5)),
        (1, 0, Decimal("4.5")),
        (1, 2, Decimal("3.5")),
        (5, 5, Decimal(0)),
        (6, 6, Decimal(0)),
    ],
)
def test_deduction_with_floor(late: int, missed: int, points: Decimal) -> None:
    assert score(FULL, "3.5", difficulty_plan_timely=_late(late), monthly_contact=_missed(missed)) == points


@pytest.mark.parametrize(("missing", "points"), [(0, 5), (1, 4), (5, 0), (9, 0)])
def test_graduate_services_deduction(missing: int, points: int) -> None:
    res = make_result("graduate_services", {}, sets={}, counts={"missing": missing})
    assert score(FULL, "3.7", graduate_services=res) == points


# ------------------------------------------------------------------ checklists and caps


def test_checklist_points_and_each_counts() -> None:
    answers = {"2.1": Answer(checked=frozenset({"window", "equipment"}))}
    assert score(FULL, "2.1", answers) == 3
    answers = {"B.6": Answer(checked=frozenset({"reported"}), counts={"honours": 1, "instructions": 1})}
    assert score(FULL, "B.6", answers) == 6


def test_negative_entries_floor_at_zero() -> None:
    assert score(FULL, "3.8", {"3.8": Answer(checked=frozenset())}) == 4
    assert score(
        FULL, "3.8", {"3.8": Answer(checked=frozenset({"no_records"}), counts={"false_entries": 3})}
    ) == Decimal("0.5")
    assert (
        score(FULL, "3.8", {"3.8": Answer(checked=frozenset({"no_records"}), counts={"false_entries": 10})})
        == 0
    )


def test_item_cap() -> None:
    # B.3 has no item cap of its own (seed: “……设置灵活创业摊点的，各加2分”): 1+2+1+1+2+2 = 9; all nine
    # boxes (15) reach only the bonus cap of 10.
    every = frozenset({"kiosk", "display", "visits", "board", "gig_station", "job_station"})
    assert score(FULL, "B.3", {"B.3": Answer(checked=every)}) == 9
    everything = every | {"ecommerce", "zhencuntong", "stalls"}
    assert score(FULL, "B.3", {"B.3": Answer(checked=everything)}) == 10
    assert score(FULL, "B.6", {"B.6": Answer(counts={"honours": 5})}) == 10
    assert score(FULL, "B.5", {"B.5": Answer(checked=frozenset({"ten", "fifteen"}))}) == 2


def test_bonus_cap_of_ten() -> None:
    answers = {
        "B.3": Answer(checked=frozenset({"kiosk", "display", "visits"})),
        "B.6": Answer(counts={"honours": 3}),
    }
    result = assess(get_standard(FULL), P, answers, with_())
    # B.1 2 (no registrations) + B.3 4 + B.6 9 = 15 -> 10
    assert result.bonus_total == 10
    assert result.section_totals["B"] == 10


def test_totals_and_base_cap() -> None:
    answers = {
        "2.1": Answer(checked=frozenset({"window", "sign", "equipment"})),
        "2.2": Answer(checked=None, override_points=Decimal(6), override_reason="两人参加区培训，熟悉系统"),
        "2.3": Answer(checked=frozenset({"budget"})),
        "2.4": Answer(checked=frozenset({"established", "public"})),
        "2.5": Answer(checked=frozenset({"software"})),
        "2.6": Answer(checked=frozenset({"established", "updated"}), override_reason="台账按月更新"),
        "3.1": Answer(checked=frozenset({"materials", "events"}), override_reason="社区宣传周"),
        "3.2": Answer(checked=frozenset({"survey", "baseline", "wishes"}), override_reason="已调查"),
        "3.4": Answer(checked=frozenset({"records", "published"}), override_reason="有记录"),
        "3.8": Answer(checked=frozenset()),
        "3.9": Answer(checked=frozenset({"no_complaint"})),
        "3.10": Answer(checked=frozenset({"no_incident"})),
    }
    lookup = with_(posting_elements=postings(2, 2, 2, 1))
    result = assess(get_standard(FULL), P, answers, lookup)
    assert result.needs_input == [result.item(i) for i in ("B.3", "B.5", "B.6")]
    assert result.base_total == 100
    assert result.total == result.base_total + result.bonus_total
    assert result.passed is None


# ------------------------------------------------------------------ assisted items


def _staff(n: int) -> IndicatorResult:
    return make_result("staff_count", {}, sets={"staff": ("staff", range(n))}, numerator=n)


def _trained(n: int) -> IndicatorResult:
    return make_result("staff_trained", {}, sets={"trained": ("staff", range(n))}, numerator=n)


def test_assisted_unanswered_counts_zero_with_the_proposal_in_the_basis() -> None:
    result = assess(get_standard(FULL), P, None, with_(staff_count=_staff(2), staff_trained=_trained(1)))
    item = result.item("2.2")
    assert item.status == "needs_input"
    assert item.points == 0
    assert item.proposed_points == 3
    assert item.proposed_checked == {"staffed", "trained"}
    assert "系统建议 3 分" in item.basis


def test_assisted_confirmed_takes_the_proposal() -> None:
    lookup = with_(staff_count=_staff(2), staff_trained=_trained(1))
    result = assess(get_standard(FULL), P, {"2.2": Answer(checked=None)}, lookup)
    assert result.item("2.2").points == 3
    assert result.item("2.2").status == "scored"


def test_assisted_adding_a_manual_box_needs_no_reason() -> None:
    lookup = with_(staff_count=_staff(2), staff_trained=_trained(1))
    answer = Answer(checked=frozenset({"staffed", "trained", "familiar"}))
    assert assess(get_standard(FULL), P, {"2.2": answer}, lookup).item("2.2").points == 6


def test_assisted_override_without_reason_is_refused() -> None:
    lookup = with_(staff_count=_staff(2), staff_trained=_trained(0))
    with pytest.raises(ValidationError) as info:
        assess(get_standard(FULL), P, {"2.2": Answer(override_points=Decimal(6))}, lookup)
    assert info.value.message == "改动系统建议分须填写理由"
    # Ticking a box the data did not propose is a change too.
    with pytest.raises(ValidationError, match="改动系统建议分须填写理由"):
        assess(get_standard(FULL), P, {"2.2": Answer(checked=frozenset({"staffed", "trained"}))}, lookup)


def test_assisted_override_with_reason() -> None:
    lookup = with_(staff_count=_staff(2), staff_trained=_trained(0))
    answer = Answer(override_points=Decimal("4.5"), override_reason="培训记录在街道")
    item = assess(get_standard(FULL), P, {"2.2": answer}, lookup).item("2.2")
    assert item.points == Decimal("4.5")
    assert "理由：培训记录在街道" in item.basis


def test_override_out_of_range_or_on_manual_items() -> None:
    with pytest.raises(ValidationError):
        assess(
            get_standard(FULL), P, {"2.2": Answer(override_points=Decimal(7), override_reason="x")}, with_()
        )
    with pytest.raises(ValidationError):
        assess(
            get_standard(FULL),
            P,
            {"2.2": Answer(override_points=Decimal("2.2"), override_reason="x")},
            with_(),
        )
    with pytest.raises(ValidationError):
        assess(
            get_standard(FULL), P, {"2.1": Answer(override_points=Decimal(2), override_reason="x")}, with_()
        )
    with pytest.raises(ValidationError):
        assess(get_standard(FULL), P, {"1.1": Answer(checked=frozenset({"x"}))}, with_())


def test_gate_entry_zeroes_the_item() -> None:
    answer = Answer(checked=frozenset({"trained", "familiar"}), override_reason="暂无专职人员")
    assert score(FULL, "2.2", {"2.2": answer}, staff_count=_staff(0), staff_trained=_trained(0)) == 0


def test_deduction_box_proposed_from_data() -> None:
    channel_missing = make_result("complaint_channel", {}, sets={}, met=False)
    result = assess(get_standard(FULL), P, {"3.9": Answer()}, with_(complaint_channel=channel_missing))
    assert result.item("3.9").points == 1  # 2 for no valid complaint − 1 for no published channel


def test_village_mixed_item_auto_part_and_boxes() -> None:
    level2 = make_result("training_referral_level", {"kind": "创业培训"}, sets={}, counts={"level": 2})
    answer = Answer(checked=frozenset({"platforms"}))
    assert score(VILLAGE, "2.1", {"2.1": answer}, training_referral_level=level2) == 3


def test_manual_number_input() -> None:
    assert score(VILLAGE, "1.4", {"1.4": Answer(numbers={"带动就业人次": Decimal(10)})}) == 1
    assert score(VILLAGE, "1.4", {"1.4": Answer(numbers={"带动就业人次": Decimal(9)})}) == 0
    assert score(VILLAGE, "1.4", {"1.4": Answer(numbers={"带动就业人次": Decimal(50)})}) == 5
    result = assess(get_standard(VILLAGE), P, {"1.4": Answer(note="待统计")}, with_())
    assert result.item("1.4").status == "needs_input"


def test_unknown_answer_item_is_refused() -> None:
    with pytest.raises(ValidationError):
        assess(get_standard(FULL), P, {"9.9": Answer()}, with_())


# ------------------------------------------------------------------ JSON shape


def test_json_shape() -> None:
    res = rate("reemployment_rate", 45, 50, base=list(range(52)), excluded=[1, 2], employed=list(range(45)))
    answers = {"3.8": Answer(checked=frozenset(), counts={"false_entries": 1})}
    data = assess(get_standard(FULL), P, answers, with_(reemployment_rate=res)).to_json_dict()
    assert list(data) == [
        "standard", "name", "kind", "period", "base_max", "bonus_max", "pass_mark",
        "base_total", "bonus_total", "total", "passed", "sections", "warnings", "items",
    ]  # fmt: skip
    assert data["standard"] == FULL
    assert data["name"] == "广州市充分就业社区(村)建设标准(2024年修订版)"
    assert data["period"] == {"from": "2023-10-01", "to": "2024-09-30"}
    assert (data["base_max"], data["bonus_max"], data["pass_mark"], data["passed"]) == (100, 10, None, None)
    assert len(data["items"]) == 27
    first = data["items"][0]
    assert list(first) == [
        "id", "section", "title", "mode", "max", "points", "met", "status", "basis", "indicator"
    ]  # fmt: skip
    assert first["section"] == "主要就业指标达标情况"
    assert first["indicator"] == {
        "id": "reemployment_rate",
        "numerator": 45,
        "denominator": 50,
        "value": "45/50",
        "sets": {"base": 52, "excluded": 2, "employed": 45},
    }
    assert first["points"] == 8 and isinstance(first["points"], int)
    item38 = next(it for it in data["items"] if it["id"] == "3.8")
    assert item38["points"] == 3.5 and item38["status"] == "scored"
    assert next(it for it in data["items"] if it["id"] == "2.1")["status"] == "needs_input"
    for it in data["items"]:
        assert it["met"] is None
        assert it["status"] in ("scored", "needs_input")
        points = Decimal(str(it["points"]))
        assert points * 2 == int(points * 2)
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["total"] == data["base_total"] + data["bonus_total"]


def test_percent_text_truncates() -> None:
    assert percent_text(Fraction(41, 50)) == "82.0%"
    assert percent_text(Fraction(9, 10)) == "90.0%"
    assert percent_text(Fraction(8999, 10000)) == "89.9%（截尾）"  # never 90.0%
    assert percent_text(Fraction(1, 3)) == "33.3%（截尾）"
    assert percent_text(Fraction(57, 200)) == "28.5%"  # exact: no mark


def test_render_leaves_unknown_placeholders_visible() -> None:
    assert render("{a} 与 {b}", {"a": "1"}) == "1 与 {b}"


# ------------------------------------------------------------------ condition lists

CONDITIONS = """
id = "tiny-conditions"
name = "小条件清单"
kind = "conditions"

[[sections]]
id = "1"
title = "条件"

[[items]]
id = "1"
section = "1"
title = "登记失业人员再就业率达90%"
mode = "auto"
basis = "再就业 {employed} 人，{percent}，{verdict}"
[items.rule]
kind = "condition"
indicator = "reemployment_rate"
on = "value"
test = ">=90%"
text = "达标"
fail_text = "未达90%"

[[items]]
id = "2"
section = "1"
title = "零就业家庭动态为零"
mode = "auto"
[items.rule]
kind = "condition"
indicator = "zero_family_cleared"

[[items]]
id = "3"
section = "1"
title = "群众满意率达90%"
mode = "manual"
[items.rule]
kind = "condition"
manual = true

[[items]]
id = "4"
section = "1"
title = "有投诉渠道"
mode = "assisted"
required = false
[items.rule]
kind = "condition"
manual = true
proposal = { indicator = "complaint_channel", on = "met" }
"""


def _conditions(tmp_path: Path) -> Any:
    path = tmp_path / "tiny-conditions.toml"
    path.write_text(CONDITIONS, encoding="utf-8")
    return load_standard(path)


def test_condition_list_passes_when_every_required_item_is_met(tmp_path: Path) -> None:
    std = _conditions(tmp_path)
    lookup = with_(reemployment_rate=rate("reemployment_rate", 9, 10, employed=list(range(9))))
    result = assess(std, P, {"3": Answer(checked=frozenset({"met"}))}, lookup)
    data = result.to_json_dict()
    assert data["kind"] == "conditions"
    assert data["passed"] is True
    assert data["base_max"] is None and data["total"] is None
    assert [it["met"] for it in data["items"]] == [True, True, True, False]
    assert all(it["points"] is None and it["max"] is None for it in data["items"])
    assert data["items"][0]["basis"] == "再就业 9 人，90.0%，达标"
    assert data["items"][3]["status"] == "needs_input"  # optional item unanswered: does not block


def test_condition_list_fails_on_one_required_item(tmp_path: Path) -> None:
    std = _conditions(tmp_path)
    lookup = with_(reemployment_rate=rate("reemployment_rate", 89, 100))
    result = assess(std, P, {"3": Answer(checked=frozenset({"met"}))}, lookup)
    assert result.passed is False
    assert result.item("1").met is False
    assert [g.item_id for g in gaps(result)] == ["1", "4"]


def test_condition_list_unanswered_manual_item_is_not_met(tmp_path: Path) -> None:
    result = assess(_conditions(tmp_path), P, None, with_())
    assert result.item("3").met is False and result.item("3").status == "needs_input"
    assert result.item("1").met is True  # nobody registered: empty_met
    assert result.passed is False


# ------------------------------------------------------------------ gaps


def test_gaps_ordered_by_recoverable_points_with_people(db: Path) -> None:
    from db.models import Person

    people = [
        Person.create(
            id_number=f"11010519800101{i:03d}X",
            name=n,
            gender="男",
            birth_date=dt.date(1980, 1, 1),
            employment_status="未就业",
            survey_date=dt.date(2024, 1, 1),
        )
        for i, n in enumerate(["张三", "李四", "王五"])
    ]
    ids = [p.id for p in people]
    missed = make_result(
        "monthly_contact",
        {},
        sets={"missed": ("person", ids)},
        numerator=3,
        details={
            "months": {ids[0]: [dt.date(2024, 3, 1)], ids[1]: [dt.date(2024, 4, 1), dt.date(2024, 5, 1)]}
        },
    )
    lookup = with_(
        monthly_contact=missed,
        reemployment_rate=rate("reemployment_rate", 7, 10, not_employed=ids),
    )
    result = assess(get_standard(FULL), P, None, lookup)
    found = gaps(result)
    recoverable = [g.recoverable for g in found]
    assert recoverable == sorted(recoverable, reverse=True)
    contact = next(g for g in found if g.item_id == "3.5")
    assert contact.recoverable == Decimal("1.5")
    assert "3 名就业困难人员有月份未联系：张三(2024-03)、李四(2024-04、2024-05)、王五" in contact.hint
    rate_gap = next(g for g in found if g.item_id == "1.1")
    assert rate_gap.recoverable == 4
    assert "再有 1 人（达到 8/10）可升至“达80%得6分”" in rate_gap.hint
    manual = next(g for g in found if g.item_id == "2.3")
    assert manual.hint == "尚未填写"


def test_tier_hint_names_the_tier_the_new_rate_lands_in(db: Path) -> None:
    """1.3 at 8/10 = 80% (4 points): one more person gives 9/10 = 90%, which is “达90%得6分”, not the
    nearer “达85%得5分” the hint aimed at."""
    lookup = with_(difficulty_employment_rate=rate("difficulty_employment_rate", 8, 10))
    found = gaps(assess(get_standard(FULL), P, None, lookup))
    hint = next(g for g in found if g.item_id == "1.3").hint
    assert "再有 1 人（达到 9/10）可升至“达90%得6分”" in hint
    # with a larger denominator the nearest tier is the one reached
    lookup = with_(difficulty_employment_rate=rate("difficulty_employment_rate", 80, 100))
    hint = next(g for g in gaps(assess(get_standard(FULL), P, None, lookup)) if g.item_id == "1.3").hint
    assert "再有 5 人（达到 85/100）可升至“达85%得5分”" in hint


def test_gaps_list_unticked_boxes() -> None:
    result = assess(get_standard(FULL), P, {"2.4": Answer(checked=frozenset({"established"}))}, with_())
    gap = next(g for g in gaps(result) if g.item_id == "2.4")
    assert gap.recoverable == 2
    assert gap.hint == "未勾选：规章制度公开"


# ------------------------------------------------------------------ entered figures on conditions

FIGURES = """
id = "tiny-figures"
name = "填数条件"
kind = "conditions"

[[sections]]
id = "1"
title = "条件"

[[items]]
id = "s"
section = "1"
title = "服务对象满意率90%以上"
mode = "manual"
[items.rule]
kind = "condition"
input = "满意率"
unit = "%"
test = ">=90%"

[[items]]
id = "q"
section = "1"
title = "量化评分90分以上"
mode = "manual"
[items.rule]
kind = "condition"
input = "综合得分"
unit = "分"
test = ">=90"
text = "达90分"
fail_text = "不足90分"

[[items]]
id = "r"
section = "1"
title = "占比在5%至10%之间"
mode = "manual"
required = false
[items.rule]
kind = "condition"
input = "占比"
test = "5%-10%"

[[items]]
id = "a"
section = "1"
title = "办公场所不低于50平方米，设施完备"
mode = "assisted"
basis = "面积 {area_m2} 平方米：{verdict}"
[items.rule]
kind = "condition"
manual = true
checks = [{ indicator = "station_area", on = "value", test = ">=50" }]
empty_met = false
text = "不低于50平方米"
fail_text = "不足50平方米"
empty_text = "未填写场地面积"
"""


def _figures(tmp_path: Path) -> Any:
    path = tmp_path / "tiny-figures.toml"
    path.write_text(FIGURES, encoding="utf-8")
    return load_standard(path)


def _area(value: str | None) -> Callable[..., IndicatorResult]:
    def fake(**params: Any) -> IndicatorResult:
        if value is None:
            return make_result("station_area", {}, sets={}, details={"note": "未填写站点面积"}, empty=True)
        res = make_result("station_area", {}, sets={}, details={"area_m2": Decimal(value)})
        res.value = Fraction(Decimal(value))
        return res

    return fake


def _figure(tmp_path: Path, item_id: str, label: str, value: str) -> Any:
    answers = {item_id: Answer(numbers={label: Decimal(value)})}
    return assess(_figures(tmp_path), P, answers, with_()).item(item_id)


@pytest.mark.parametrize(
    ("value", "met"),
    [("90", True), ("90.0", True), ("89.9", False), ("89.99999999", False), ("100", True), ("0", False)],
)
def test_entered_percentage_against_90_percent(tmp_path: Path, value: str, met: bool) -> None:
    r = _figure(tmp_path, "s", "满意率", value)
    assert r.met is met and r.status == "scored"


def test_entered_percentage_verdicts(tmp_path: Path) -> None:
    assert _figure(tmp_path, "s", "满意率", "90").basis == "满意率 90%，达90%，达标"
    assert _figure(tmp_path, "s", "满意率", "89.90").basis == "满意率 89.9%，低于90%，未达标"


@pytest.mark.parametrize(("value", "met"), [("90", True), ("89.5", False), ("120", True)])
def test_entered_points_without_percent(tmp_path: Path, value: str, met: bool) -> None:
    r = _figure(tmp_path, "q", "综合得分", value)
    assert r.met is met
    assert r.basis == f"综合得分 {value}分，{'达90分' if met else '不足90分'}"


@pytest.mark.parametrize(("value", "met"), [("4.99", False), ("5", True), ("9.99", True), ("10", False)])
def test_entered_figure_in_a_range(tmp_path: Path, value: str, met: bool) -> None:
    r = _figure(tmp_path, "r", "占比", value)
    assert r.met is met
    if not met:
        assert "不在5%-10%" in r.basis


def test_entered_figure_is_compared_exactly() -> None:
    from app.assessment.scoring import entered_value

    std = get_standard("pingdingshan-city-2020")
    rule = std.item("3.7").rule
    assert entered_value(rule, Decimal("89.9")) == Fraction(899, 1000)
    assert entered_value(rule, Decimal("90")) == Fraction(9, 10)
    assert isinstance(entered_value(rule, Decimal("0.1")), Fraction)


def test_unentered_figure_needs_input(tmp_path: Path) -> None:
    std = _figures(tmp_path)
    for answers in (None, {"s": Answer()}, {"s": Answer(note="测评表未回收")}):
        r = assess(std, P, answers, with_()).item("s")
        assert r.status == "needs_input" and r.met is False
        assert r.basis.startswith("待填写满意率")


def test_list_passes_only_with_the_figures_met(tmp_path: Path) -> None:
    std = _figures(tmp_path)
    ok = {
        "s": Answer(numbers={"满意率": Decimal(95)}),
        "q": Answer(numbers={"综合得分": Decimal(90)}),
        "a": Answer(checked=frozenset({"met"})),
    }
    lookup = with_(station_area=_area("50"))
    assert assess(std, P, ok, lookup).passed is True  # "r" is not required
    low = dict(ok, s=Answer(numbers={"满意率": Decimal("89.9")}))
    assert assess(std, P, low, lookup).passed is False


@pytest.mark.parametrize(
    ("figure", "message"),
    [
        ("100.01", "不能超过 100"),
        ("-1", "不能为负数"),
        ("NaN", "须填写数字"),
        ("Infinity", "须填写数字"),
    ],
)
def test_bad_entered_percentage_is_refused(tmp_path: Path, figure: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        assess(_figures(tmp_path), P, {"s": Answer(numbers={"满意率": Decimal(figure)})}, with_())


def test_percentage_of_100_is_accepted_and_points_above_100_are_not_capped(tmp_path: Path) -> None:
    assert _figure(tmp_path, "s", "满意率", "100").met is True
    assert _figure(tmp_path, "q", "综合得分", "100.5").met is True  # unit 分: no percentage cap


def test_a_tick_on_a_figure_condition_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="没有勾选项"):
        assess(_figures(tmp_path), P, {"s": Answer(checked=frozenset({"met"}))}, with_())


def test_entered_figures_round_trip_through_the_saved_answer() -> None:
    answer = Answer(numbers={"满意率": Decimal("89.9")})
    again = Answer.from_dict(json.loads(json.dumps(answer.to_dict())))
    assert again.numbers == {"满意率": Decimal("89.9")}


@pytest.mark.parametrize(
    ("area", "ticked", "met", "text"),
    [
        ("50", True, True, "面积 50 平方米：不低于50平方米；其余条件已经站点确认，达标"),
        ("49.9", True, False, "面积 49.9 平方米：不足50平方米；其余条件已经站点确认，未达标"),
        ("80", False, False, "面积 80 平方米：不低于50平方米；其余条件未经站点确认，未达标"),
        (None, True, False, "未填写场地面积，不满足；其余条件已经站点确认，未达标"),
    ],
)
def test_data_check_and_tick_together(
    tmp_path: Path, area: str | None, ticked: bool, met: bool, text: str
) -> None:
    answer = Answer(checked=frozenset({"met"}) if ticked else frozenset())
    r = assess(_figures(tmp_path), P, {"a": answer}, with_(station_area=_area(area))).item("a")
    assert r.met is met and r.status == "scored"
    assert r.basis == text
    assert r.indicators[0].id == "station_area"


def test_data_check_and_tick_unanswered_waits_for_the_station(tmp_path: Path) -> None:
    r = assess(_figures(tmp_path), P, None, with_(station_area=_area("60"))).item("a")
    assert r.status == "needs_input" and r.met is False
    assert r.basis == "待确认。系统建议：不低于50平方米；其余条件待站点确认"
    assert r.proposed_checked == frozenset()


def test_plain_value_reads_as_a_number_in_basis_and_json(tmp_path: Path) -> None:
    answer = {"a": Answer(checked=frozenset({"met"}))}
    r = assess(_figures(tmp_path), P, answer, with_(station_area=_area("62.5"))).item("a")
    data = r.to_json_dict()
    assert data["indicator"]["value"] == "62.5"
    assert data["indicator"]["numerator"] is None
    assert render("{value} {percent}", {}) == "{value} {percent}"


# ------------------------------------------------------------------ deductions left to the inspection


def test_an_auto_item_takes_the_stations_own_inspection_deduction() -> None:
    """Guangzhou 1.1 “底数不清扣4分……每占抽查比例10%扣4分”: the station enters what its own check found."""
    rates = {"reemployment_rate": rate("reemployment_rate", 9, 10)}
    assert score(FULL, "1.1", **rates) == 8
    found = Answer(counts={"unclear": 1}, note="自查：3 人去向未核实")
    assert score(FULL, "1.1", {"1.1": found}, **rates) == 4
    result = assess(get_standard(FULL), P, {"1.1": found}, with_(**rates)).item("1.1")
    assert "自查扣分：底数不清 1 处扣 4 分" in result.basis and "备注：自查：3 人去向未核实" in result.basis
    assert result.status == "scored"


@pytest.mark.parametrize(("mismatches", "points"), [(0, 8), (1, 4), (2, 0), (5, 0)])
def test_inspection_deductions_floor_at_zero(mismatches: int, points: int) -> None:
    rates = {"reemployment_rate": rate("reemployment_rate", 9, 10)}
    found = Answer(counts={"mismatch": mismatches}, note="自查")
    assert score(FULL, "1.1", {"1.1": found}, **rates) == points


def test_an_inspection_deduction_needs_a_note() -> None:
    with pytest.raises(ValidationError, match="备注"):
        score(FULL, "1.1", {"1.1": Answer(counts={"unclear": 1})})


def test_an_inspection_deduction_cannot_be_negative() -> None:
    with pytest.raises(ValidationError, match="不能为负数"):
        score(FULL, "1.1", {"1.1": Answer(counts={"unclear": -1}, note="x")})


def test_an_auto_item_still_refuses_other_counts() -> None:
    with pytest.raises(ValidationError, match="不是计次数的勾选项"):
        score(FULL, "1.1", {"1.1": Answer(counts={"honours": 1}, note="x")})


def test_an_assisted_item_deduction_applies_after_the_confirmed_proposal() -> None:
    """3.4 “系统办理数据每缺1种扣1分” on top of the confirmed boxes."""
    item = get_standard(FULL).item("3.4")
    keys = {e.key for r in item.rule.walk() for e in r.entries}
    found = Answer(checked=frozenset(keys), counts={"missing_kind": 2}, note="缺两种", override_reason="核对")
    assert score(FULL, "3.4", {"3.4": found}) == 3


def test_the_items_whose_deductions_the_seed_leaves_to_the_inspection() -> None:
    std = get_standard(FULL)
    with_inspection = {it.id: {d.key: d.per for d in it.inspection} for it in std.items if it.inspection}
    assert with_inspection == {
        "1.1": {"unclear": 4, "mismatch": 4},
        "2.6": {"mismatch": 2},
        "3.2": {"mismatch": Decimal("0.5")},
        "3.4": {"missing_kind": 1},
        "3.6": {"not_organised": 5},
        "3.7": {"mismatch": Decimal("0.5")},
    }
