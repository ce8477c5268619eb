"""Standards as data: every shipped file loads and adds up; each kind of mistake in a file is named
with the file and the item."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from app.assessment.indicators import INDICATORS
from app.assessment.scoring import default_period
from app.assessment.standards import KNOWN_INDICATORS, get_standard, load_standard, shipped_standards
from app.core.errors import UserError

GOOD = """
id = "tiny"
name = "小标准"
kind = "score"
base_max = 10
bonus_max = 2

[[sections]]
id = "1"
title = "指标"
max = 10

[[sections]]
id = "B"
title = "加分"
max = 2
bonus = true
items_exceed = true

[[items]]
id = "1.1"
section = "1"
title = "就业率"
max = 6
mode = "auto"
[items.rule]
kind = "tiers"
indicator = "reemployment_rate"
tiers = [{ at = ">=90%", points = 6 }, { at = "80%-90%", points = 4 }]

[[items]]
id = "1.2"
section = "1"
title = "台位"
max = 4
mode = "manual"
[items.rule]
kind = "checklist"
entries = [{ key = "a", label = "有台位", points = 4 }]

[[items]]
id = "B.1"
section = "B"
title = "荣誉"
max = 2
mode = "manual"
[items.rule]
kind = "checklist"
entries = [{ key = "h", label = "荣誉", points = 1, each = true }]

[[items]]
id = "B.2"
section = "B"
title = "报道"
max = 1
mode = "manual"
[items.rule]
kind = "checklist"
entries = [{ key = "r", label = "报道", points = 1 }]
"""


def _write(tmp_path: Path, text: str, name: str = "bad.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(UserError) as info:
        load_standard(_write(tmp_path, text))
    return info.value.message


def test_every_shipped_standard_loads() -> None:
    standards = shipped_standards()
    ids = [s.id for s in standards]
    assert "guangzhou-full-employment-2024" in ids
    assert "guangzhou-quality-village-2024" in ids
    for std in standards:
        for item in std.items:
            for indicator_id in item.rule.indicator_ids():
                assert indicator_id in KNOWN_INDICATORS


def test_guangzhou_full_employment_adds_up() -> None:
    std = get_standard("guangzhou-full-employment-2024")
    assert std.kind == "score"
    assert (std.base_max, std.bonus_max, std.pass_mark) == (Decimal(100), Decimal(10), None)
    maxima = {s.id: s.max for s in std.sections}
    assert maxima == {"1": 30, "2": 30, "3": 40, "B": 10}
    for s in std.sections:
        if not s.bonus:
            assert sum(it.max for it in std.items if it.section == s.id and it.max) == s.max
    assert [it.id for it in std.items] == [
        "1.1", "1.2", "1.3", "1.4", "1.5",
        "2.1", "2.2", "2.3", "2.4", "2.5", "2.6",
        "3.1", "3.2", "3.3", "3.4", "3.5", "3.6", "3.7", "3.8", "3.9", "3.10",
        "B.1", "B.2", "B.3", "B.4", "B.5", "B.6",
    ]  # fmt: skip
    modes = {it.id: it.mode for it in std.items}
    assert modes["1.1"] == modes["3.5"] == modes["B.4"] == "auto"
    assert modes["2.2"] == modes["2.6"] == modes["3.9"] == "assisted"
    assert modes["2.1"] == modes["B.6"] == "manual"


def test_guangzhou_quality_village_adds_up() -> None:
    std = get_standard("guangzhou-quality-village-2024")
    assert (std.base_max, std.bonus_max) == (Decimal(100), Decimal(10))
    assert {s.id: s.max for s in std.sections} == {"1": 25, "2": 15, "3": 55, "4": 5, "B": 10}
    assert len(std.items) == 14
    lt = std.item("1.3")
    assert lt.rule.params == {"months": 6}


def test_known_indicator_ids_are_the_indicator_registry() -> None:
    """One registry: the loader knows exactly the indicators app.indicators computes."""
    assert set(INDICATORS) == KNOWN_INDICATORS


def test_unknown_standard_lists_the_ids() -> None:
    with pytest.raises(UserError) as info:
        get_standard("nowhere")
    assert "nowhere" in info.value.message
    assert "guangzhou-full-employment-2024" in info.value.message


def test_good_fixture_loads(tmp_path: Path) -> None:
    std = load_standard(_write(tmp_path, GOOD, "tiny.toml"))
    assert std.max_points == 12
    assert std.item("1.1").rule.tiers[1].at.op == "range"


def test_unknown_rule_kind(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('kind = "tiers"', 'kind = "stairs"'))
    assert "bad.toml" in msg and "1.1" in msg and "stairs" in msg


def test_unknown_indicator(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('"reemployment_rate"', '"happiness_rate"'))
    assert "bad.toml" in msg and "1.1" in msg and "happiness_rate" in msg


def test_missing_field(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('title = "台位"\n', ""))
    assert "bad.toml" in msg and "1.2" in msg and "title" in msg


def test_missing_item_max(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('title = "台位"\nmax = 4\n', 'title = "台位"\n'))
    assert "1.2" in msg and "max" in msg


def test_points_above_item_max(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('{ at = ">=90%", points = 6 }', '{ at = ">=90%", points = 7 }'))
    assert "bad.toml" in msg and "1.1" in msg and "超过本项满分" in msg


def test_entry_points_above_item_max(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('label = "有台位", points = 4', 'label = "有台位", points = 5'))
    assert "1.2" in msg and "超过本项满分" in msg


def test_points_not_in_half_steps(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('{ at = "80%-90%", points = 4 }', '{ at = "80%-90%", points = 4.3 }'))
    assert "1.1" in msg and "0.5" in msg


def test_item_maxima_not_adding_up_to_section(tmp_path: Path) -> None:
    text = GOOD.replace('title = "台位"\nmax = 4', 'title = "台位"\nmax = 3').replace(
        "points = 4 }]", "points = 3 }]"
    )
    msg = _error(tmp_path, text)
    assert "bad.toml" in msg and "分类 1" in msg and "不符" in msg


def test_section_maxima_not_adding_up_to_base_max(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace("base_max = 10", "base_max = 100"))
    assert "bad.toml" in msg and "base_max" in msg


def test_bonus_sections_not_adding_up_to_bonus_max(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace("bonus_max = 2", "bonus_max = 10"))
    assert "bonus_max" in msg


def test_bonus_item_above_its_section_max(tmp_path: Path) -> None:
    text = GOOD.replace('title = "荣誉"\nmax = 2', 'title = "荣誉"\nmax = 3')
    msg = _error(tmp_path, text)
    assert "B.1" in msg and "超过所属分类" in msg


def test_bad_tier_text(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('at = ">=90%"', 'at = "about 90"'))
    assert "1.1" in msg and "about 90" in msg


def test_tier_without_percent_in_a_rate_rule(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('at = ">=90%"', 'at = ">=90"'))
    assert "1.1" in msg and "百分号" in msg


def test_reversed_range(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('"80%-90%"', '"90%-80%"'))
    assert "1.1" in msg and "下限" in msg


def test_auto_item_with_a_checklist(tmp_path: Path) -> None:
    msg = _error(
        tmp_path,
        GOOD.replace('title = "台位"\nmax = 4\nmode = "manual"', 'title = "台位"\nmax = 4\nmode = "auto"'),
    )
    assert "1.2" in msg and "auto" in msg


def test_unknown_mode(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('mode = "auto"', 'mode = "magic"'))
    assert "1.1" in msg and "magic" in msg


def test_unknown_item_field(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('title = "就业率"', 'title = "就业率"\nmaxx = 3'))
    assert "1.1" in msg and "maxx" in msg


def test_duplicate_item_id(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('id = "1.2"', 'id = "1.1"'))
    assert "1.1" in msg and "重复" in msg


def test_unknown_section(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD.replace('section = "1"\ntitle = "台位"', 'section = "9"\ntitle = "台位"'))
    assert "1.2" in msg and "9" in msg


def test_toml_syntax_error_names_the_file(tmp_path: Path) -> None:
    msg = _error(tmp_path, GOOD + "\n[[items]\n")
    assert "bad.toml" in msg and "格式有误" in msg


def test_condition_rule_in_a_score_sheet(tmp_path: Path) -> None:
    text = GOOD.replace(
        'kind = "checklist"\nentries = [{ key = "a"',
        'kind = "condition"\nmanual = true\nentries = [{ key = "a"',
    )
    msg = _error(tmp_path, text)
    assert "1.2" in msg


def test_duplicate_standard_ids_in_a_folder(tmp_path: Path) -> None:
    _write(tmp_path, GOOD, "a.toml")
    _write(tmp_path, GOOD, "b.toml")
    with pytest.raises(UserError) as info:
        shipped_standards(tmp_path)
    assert "a.toml" in info.value.message and "b.toml" in info.value.message


def test_default_period_guangzhou() -> None:
    std = get_standard("guangzhou-full-employment-2024")
    # Mid-year: the period in progress.
    p = default_period(std, dt.date(2024, 6, 24))
    assert (p.start, p.end) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    # Within 90 days after 30 September: the period just finished.
    p = default_period(std, dt.date(2024, 10, 15))
    assert (p.start, p.end) == (dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    # Later: the new period.
    p = default_period(std, dt.date(2025, 1, 5))
    assert (p.start, p.end) == (dt.date(2024, 10, 1), dt.date(2025, 9, 30))


# ------------------------------------------------------------------ indicator parameters


def _with_rule(rule: str, mode: str = "auto") -> str:
    """GOOD with item 1.1's rule replaced."""
    start = GOOD.index('[items.rule]\nkind = "tiers"')
    end = GOOD.index("\n[[items]]", start)
    text = GOOD[:start] + "[items.rule]\n" + rule.strip() + "\n" + GOOD[end:]
    return text.replace(
        'title = "就业率"\nmax = 6\nmode = "auto"', f'title = "就业率"\nmax = 6\nmode = "{mode}"'
    )


PASS_FAIL = """
kind = "pass_fail"
indicator = "services_of_type"
params = {params}
on = "numerator"
test = ">=1"
points = 6
"""


def test_indicator_parameters_load(tmp_path: Path) -> None:
    std = load_standard(_write(tmp_path, _with_rule(PASS_FAIL.replace("{params}", '{ kind = "政策宣介" }'))))
    assert std.item("1.1").rule.checks[0].params == {"kind": "政策宣介"}


def test_missing_required_parameter(tmp_path: Path) -> None:
    msg = _error(tmp_path, _with_rule(PASS_FAIL.replace("{params}", "{}")))
    assert "bad.toml" in msg and "1.1" in msg and "services_of_type" in msg and "参数不正确" in msg
    assert "kind" in msg  # names the parameters the indicator takes


def test_unknown_parameter_name(tmp_path: Path) -> None:
    msg = _error(tmp_path, _with_rule(PASS_FAIL.replace("{params}", '{ kind = "政策宣介", month = 3 }')))
    assert "1.1" in msg and "month" in msg


def test_parameter_outside_its_code_list(tmp_path: Path) -> None:
    msg = _error(tmp_path, _with_rule(PASS_FAIL.replace("{params}", '{ kind = "政策咨询" }')))
    assert "bad.toml" in msg and "1.1" in msg and "政策咨询" in msg and "服务类型" in msg
    assert "政策宣介" in msg  # lists the allowed values


def test_parameter_of_a_tiers_rule_is_checked(tmp_path: Path) -> None:
    msg = _error(
        tmp_path,
        GOOD.replace(
            'indicator = "reemployment_rate"', 'indicator = "reemployment_rate"\nparams = { months = 3 }'
        ),
    )
    assert "1.1" in msg and "months" in msg


def test_params_without_an_indicator(tmp_path: Path) -> None:
    text = GOOD.replace(
        'kind = "checklist"\nentries = [{ key = "a"',
        'kind = "checklist"\nparams = { a = 1 }\nentries = [{ key = "a"',
    )
    msg = _error(tmp_path, text)
    assert "1.2" in msg and "params" in msg


# ------------------------------------------------------------------ condition lists: figures, data + tick

CONDITION_FILE = """
id = "c"
name = "条件"
kind = "conditions"

[[sections]]
id = "1"
title = "条件"

[[items]]
id = "1"
section = "1"
title = "满意率90%以上"
mode = "{mode}"
[items.rule]
kind = "condition"
{rule}
"""


def _condition(rule: str, mode: str = "manual") -> str:
    return CONDITION_FILE.replace("{mode}", mode).replace("{rule}", rule.strip())


def test_figure_condition_loads_with_percent_by_default(tmp_path: Path) -> None:
    std = load_standard(_write(tmp_path, _condition('input = "满意率"\ntest = ">=90%"')))
    rule = std.item("1").rule
    assert (rule.input, rule.unit) == ("满意率", "%")
    assert rule.test is not None and rule.test.rhs == Decimal("0.9") and rule.test.percent
    assert rule.has_manual_input and not rule.has_data


def test_figure_condition_with_a_unit(tmp_path: Path) -> None:
    std = load_standard(_write(tmp_path, _condition('input = "综合得分"\nunit = "分"\ntest = ">=90"')))
    assert std.item("1").rule.unit == "分"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ('input = "满意率"', "test"),
        ('input = "满意率"\ntest = "true"', "只能与数字比较"),
        ('input = "满意率"\ntest = ">=count:x"', "只能与数字比较"),
        ('input = "满意率"\nunit = "%"\ntest = ">=90"', "百分数"),
        ('input = "满意率"\nunit = "分"\ntest = ">=90%"', "unit 须为“%”"),
        ('input = "满意率"\nunit = 5\ntest = ">=90%"', "unit"),
        ('input = "满意率"\ntest = ">=90%"\nindicator = "reemployment_rate"', "indicator"),
        ('input = "满意率"\ntest = ">=90%"\nmanual = true', "manual"),
        ('input = "满意率"\ntest = ">=90%"\nempty_met = false', "empty_met"),
        ('input = ""\ntest = ">=90%"', "input"),
        ('manual = true\nunit = "%"', "unit"),
    ],
)
def test_figure_condition_mistakes_are_named(tmp_path: Path, rule: str, words: str) -> None:
    msg = _error(tmp_path, _condition(rule))
    assert "bad.toml" in msg and "第 1 项" in msg and words in msg


def test_figure_condition_cannot_be_auto(tmp_path: Path) -> None:
    msg = _error(tmp_path, _condition('input = "满意率"\ntest = ">=90%"', mode="auto"))
    assert "auto" in msg


def test_data_check_with_a_tick_is_assisted(tmp_path: Path) -> None:
    rule = 'manual = true\nchecks = [{ indicator = "station_area", on = "value", test = ">=50" }]'
    std = load_standard(_write(tmp_path, _condition(rule, mode="assisted")))
    assert std.item("1").rule.manual and std.item("1").rule.checks[0].indicator == "station_area"
    msg = _error(tmp_path, _condition(rule, mode="manual"))
    assert "第 1 项" in msg and "assisted" in msg


def test_manual_item_with_a_proposal_must_be_assisted(tmp_path: Path) -> None:
    rule = 'manual = true\nproposal = { indicator = "complaint_channel", on = "met" }'
    msg = _error(tmp_path, _condition(rule, mode="manual"))
    assert "assisted" in msg


def test_item_max_the_rule_cannot_reach_is_named(tmp_path: Path) -> None:
    """An item max of 8 whose best tier gives 6 is a typo in the file: refused with file and item."""
    text = GOOD.replace('title = "就业率"\nmax = 6', 'title = "就业率"\nmax = 8').replace(
        "max = 10\n\n[[sections]]", "max = 12\n\n[[sections]]", 1
    )
    text = text.replace("base_max = 10", "base_max = 12")
    msg = _error(tmp_path, text)
    assert msg == "标准文件 bad.toml 第 1.1 项：本项满分 8，但按计分规则最多只能得 6 分，两者不符"


def test_checklist_whose_boxes_do_not_add_up_to_the_max_is_named(tmp_path: Path) -> None:
    one_box = 'entries = [{ key = "a", label = "有台位", points = 4 }]'
    two_boxes = (
        'entries = [{ key = "a", label = "有台位", points = 2 }, { key = "b", label = "有标识", points = 1 }]'
    )
    text = GOOD.replace(one_box, two_boxes)
    msg = _error(tmp_path, text)
    assert "bad.toml" in msg and "第 1.2 项" in msg and "最多只能得 3 分" in msg


def test_boxes_adding_up_to_more_than_the_max_are_capped_not_refused(tmp_path: Path) -> None:
    one_box = 'entries = [{ key = "a", label = "有台位", points = 4 }]'
    two_boxes = (
        'entries = [{ key = "a", label = "有台位", points = 4 }, { key = "b", label = "加分", points = 1 }]'
    )
    text = GOOD.replace(one_box, two_boxes)
    assert load_standard(_write(tmp_path, text, "ok.toml")).item("1.2").max == 4
