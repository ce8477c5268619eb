"""Code lists: the single source of every allowed value."""

from __future__ import annotations

import pytest

from app.core import codes
from app.core.codes import (
    ALL_CODE_LISTS,
    DIFFICULTY_CANCEL,
    DIFFICULTY_CANCEL_EMPLOYED,
    DIFFICULTY_CANCEL_REASONS,
    DIFFICULTY_CANCEL_ZERO_FAMILY,
    REGISTRATION_CANCEL,
    REGISTRATION_CANCEL_FOR_FORM,
    REGISTRATION_CANCEL_REASONS,
    CancelClass,
    CodeList,
    OpenList,
    normalize_difficulty_cancel,
    parse_yes_no,
    split_categories,
)

_EVERY_CODE_LIST = [v for v in vars(codes).values() if isinstance(v, CodeList)]
_EVERY_OPEN_LIST = [v for v in vars(codes).values() if isinstance(v, OpenList)]


def test_every_module_code_list_is_registered() -> None:
    assert len(_EVERY_CODE_LIST) >= len(ALL_CODE_LISTS)
    missing = {c.name for c in _EVERY_CODE_LIST} - {c.name for c in ALL_CODE_LISTS}
    # 站点类型 is a station setting, not a ledger column.
    assert missing <= {"站点类型"}


@pytest.mark.parametrize("lst", _EVERY_CODE_LIST + _EVERY_OPEN_LIST, ids=lambda c: c.name)
def test_code_list_non_empty_without_duplicates(lst: CodeList | OpenList) -> None:
    assert lst.name
    assert lst.values
    assert len(set(lst.values)) == len(lst.values)
    assert all(v and v == v.strip() for v in lst.values)


@pytest.mark.parametrize("lst", _EVERY_CODE_LIST, ids=lambda c: c.name)
def test_code_list_aliases_map_to_values(lst: CodeList) -> None:
    for alias, canonical in lst.aliases:
        assert canonical in lst.values
        assert lst.normalize(alias) == canonical


def test_code_list_names_unique() -> None:
    names = [c.name for c in ALL_CODE_LISTS]
    assert len(names) == len(set(names))


def test_code_list_normalize_and_allowed_text() -> None:
    assert codes.HUKOU.normalize(" 本市户籍 ") == "本市户籍"
    assert codes.HUKOU.normalize("本地") is None
    assert codes.HUKOU.allowed_text() == "本市户籍、外市户籍"
    assert "本市户籍" in codes.HUKOU
    assert list(codes.HUKOU) == ["本市户籍", "外市户籍"]
    aliased = CodeList("测试", ("甲", "乙"), aliases=(("A", "甲"),))
    assert aliased.normalize("A") == "甲"
    assert aliased.normalize("B") is None


def test_ledger_format_lists_match_the_spec() -> None:
    assert codes.RELATION.values == ("户主", "配偶", "子女", "父母", "兄弟姐妹", "祖父母", "孙子女", "其他")
    assert codes.EMPLOYMENT_FORM.values == ("单位就业", "个体经营", "创办企业", "灵活就业", "公益性岗位")
    assert set(codes.EMPLOYMENT_FORM.values) == codes.EMPLOYED_STATUSES
    assert set(REGISTRATION_CANCEL_FOR_FORM) == set(codes.EMPLOYMENT_FORM.values)
    assert all(
        REGISTRATION_CANCEL_REASONS[r] is CancelClass.EMPLOYED for r in REGISTRATION_CANCEL_FOR_FORM.values()
    )
    assert len(codes.DIFFICULTY_CATEGORIES.values) == 12
    assert codes.VACANCY_STATUS_DEFAULT in codes.VACANCY_STATUS
    assert codes.REFERRAL_OUTCOME_DEFAULT in codes.REFERRAL_OUTCOME
    assert codes.TRAINING_RESULT_DEFAULT in codes.TRAINING_RESULT
    assert codes.LABOR_ABILITY_DEFAULT in codes.LABOR_ABILITY


def test_education_rank_orders_higher_first() -> None:
    assert (
        codes.EDUCATION_RANK["研究生"] > codes.EDUCATION_RANK["大学本科"] > codes.EDUCATION_RANK["小学及以下"]
    )
    assert codes.EDUCATION_RANK["小学及以下"] == 1


# ---------------------------------------------------------------- 就业困难认定 取消原因


@pytest.mark.parametrize(
    "value",
    [
        "实现就业创业",
        "(五)",
        "五",
        "（五）",
        "（五）实现就业创业",
        "(五) 实现就业创业",
        "(五)实现就业创业",
        " ( 五 ) 实现就业创业 ",
    ],
)
def test_difficulty_cancel_accepts_text_number_or_both(value: str) -> None:
    assert normalize_difficulty_cancel(value) == DIFFICULTY_CANCEL_EMPLOYED == "(五) 实现就业创业"


@pytest.mark.parametrize(
    "value", ["(十一)", "十一", "(五) 错误文字", "(五) 零就业家庭已有成员就业", "(零)", "就业", "", "5"]
)
def test_difficulty_cancel_rejects(value: str) -> None:
    assert normalize_difficulty_cancel(value) is None


def test_difficulty_cancel_every_number_and_text() -> None:
    for num, text in codes.DIFFICULTY_CANCEL_NUMBERED:
        canonical = f"({num}) {text}"
        assert canonical in DIFFICULTY_CANCEL
        assert normalize_difficulty_cancel(num) == canonical
        assert normalize_difficulty_cancel(f"({num})") == canonical
        assert normalize_difficulty_cancel(text) == canonical
        assert normalize_difficulty_cancel(canonical) == canonical
    assert normalize_difficulty_cancel("(十)") == "(十) 失联超过6个月"
    assert normalize_difficulty_cancel("死亡") == "死亡"
    assert normalize_difficulty_cancel("其他") == "其他"


def test_difficulty_cancel_classes() -> None:
    employed = {r for r, c in DIFFICULTY_CANCEL_REASONS.items() if c is CancelClass.EMPLOYED}
    assert employed == {DIFFICULTY_CANCEL_EMPLOYED, DIFFICULTY_CANCEL_ZERO_FAMILY}
    others = set(DIFFICULTY_CANCEL_REASONS) - employed
    assert len(others) == 10  # (一)-(四), (七)-(十), 死亡, 其他
    assert all(DIFFICULTY_CANCEL_REASONS[r] is CancelClass.NON_EMPLOYMENT for r in others)


# ---------------------------------------------------------------- 失业登记 注销原因


def test_registration_cancel_three_classes() -> None:
    by_class: dict[CancelClass, set[str]] = {c: set() for c in CancelClass}
    for reason, cls in REGISTRATION_CANCEL_REASONS.items():
        by_class[cls].add(reason)
    assert by_class[CancelClass.EMPLOYED] == {
        "被用人单位录用",
        "从事个体经营或创办企业",
        "灵活就业",
        "公益性岗位安置",
    }
    assert by_class[CancelClass.NON_EMPLOYMENT] == {
        "享受基本养老保险待遇",
        "达到法定退休年龄",
        "完全丧失劳动能力",
        "入学",
        "服兵役",
        "移居境外",
        "被判刑收监执行",
        "死亡",
    }
    assert by_class[CancelClass.KEPT] == {"终止求职或拒绝公共就业服务", "连续6个月未联系", "其他"}
    assert REGISTRATION_CANCEL.values == tuple(REGISTRATION_CANCEL_REASONS)


# ---------------------------------------------------------------- yes / no


@pytest.mark.parametrize("value", ["是", "Y", "y", "YES", "yes", "1", 1, 1.0, "√", " 是 ", True])
def test_parse_yes(value: object) -> None:
    assert parse_yes_no(value) is True


@pytest.mark.parametrize("value", ["否", "N", "n", "NO", "no", "0", 0, 0.0, "", "  ", None, False])
def test_parse_no(value: object) -> None:
    assert parse_yes_no(value) is False


@pytest.mark.parametrize("value", ["可能", "2", 2, 0.5, "×", "是的"])
def test_parse_neither(value: object) -> None:
    assert parse_yes_no(value) is None


def test_split_categories() -> None:
    assert split_categories("低保、残疾") == ["低保", "残疾"]
    assert split_categories("低保;残疾；大龄,其他，退役军人") == ["低保", "残疾", "大龄", "其他", "退役军人"]
    assert split_categories(" 低保 、、 ") == ["低保"]
    assert split_categories("") == []


# ---------------------------------------------------------------------------- the real ledgers' lists


def test_ethnicity_has_the_56_nationalities_first_and_last() -> None:
    assert len(codes.ETHNICITY.values) == 56 and len(set(codes.ETHNICITY.values)) == 56
    assert codes.ETHNICITY.values[0] == "汉族" and codes.ETHNICITY.values[-1] == "基诺族"
    assert all(v.endswith("族") for v in codes.ETHNICITY.values)
    assert codes.ETHNICITY.normalize("汉") == "汉族" and codes.ETHNICITY.normalize("基诺") == "基诺族"
    assert codes.ETHNICITY.normalize("蒙古") == "蒙古族"
    assert codes.ETHNICITY.normalize("穿青人") is None and codes.ETHNICITY.normalize("族") is None


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("无", "无"),
        ("五级", "五级/初级工"),
        ("初级", "五级/初级工"),
        ("四级/中级工", "四级/中级工"),
        ("高级", "三级/高级工"),
        ("技师", "二级/技师"),
        ("一级", "一级/高级技师"),
        ("高级技师", "一级/高级技师"),
    ],
)
def test_skill_level_accepts_the_grade_or_the_title(value: str, canonical: str) -> None:
    assert codes.SKILL_LEVEL.normalize(value) == canonical


@pytest.mark.parametrize("value", ["六级", "零级", "专家", "初级技师"])
def test_skill_level_rejects_grades_outside_the_five(value: str) -> None:
    assert codes.SKILL_LEVEL.normalize(value) is None


def test_skill_level_lists_none_then_lowest_to_highest() -> None:
    assert codes.SKILL_LEVEL.values == (
        "无",
        "五级/初级工",
        "四级/中级工",
        "三级/高级工",
        "二级/技师",
        "一级/高级技师",
    )


def test_hukou_nature_is_two_values_with_the_old_words() -> None:
    assert codes.HUKOU_NATURE.values == ("城镇", "农村")
    assert (
        codes.HUKOU_NATURE.normalize("非农业") == "城镇"
        and codes.HUKOU_NATURE.normalize("农业户口") == "农村"
    )
    assert codes.HUKOU_NATURE.normalize("本市户籍") is None  # that is 户籍类型, the other column


def test_prior_status_is_the_list_of_the_statistics_table() -> None:
    assert codes.PRIOR_STATUS.values[0] == "被企业解除或终止劳动关系"
    assert "年满16周岁各类学校毕业或肄业" in codes.PRIOR_STATUS and codes.PRIOR_STATUS.values[-1] == "其他"
    assert len(codes.PRIOR_STATUS.values) == 12


def test_employment_lists_of_the_monthly_tables() -> None:
    assert codes.INDUSTRY.values == ("第一产业", "第二产业", "第三产业")
    assert codes.INDUSTRY.normalize("三产") == "第三产业" and codes.INDUSTRY.normalize("第四产业") is None
    assert len(codes.EMPLOYMENT_CHANNEL.values) == 7 and "机关事业单位聘用临时" in codes.EMPLOYMENT_CHANNEL
    assert codes.EMPLOYMENT_TYPE.normalize("就业困难人员再就业") == "就业困难再就业"


def test_job_seeking_lists() -> None:
    assert codes.JOB_AREA.values == ("本地", "外省市")
    assert (
        codes.WORK_FORM.values == ("长期", "短期", "兼职") and codes.WORK_FORM.normalize("短期工") == "短期"
    )
    assert codes.WORK_FORM.normalize("临时") is None


def test_insurance_none_is_the_last_value() -> None:
    assert codes.INSURANCE.values[-1] == codes.INSURANCE_NONE == "未参保"
    assert codes.INSURANCE.normalize("城乡居民基本养老保险") == "城乡居民养老"
    assert codes.INSURANCE.normalize("居民医保") == "居民医疗"


def test_the_recorded_channels_and_industries_are_the_monthly_tables_own() -> None:
    """A 就业记录's 就业渠道 / 所属产业 are counted as recorded in 新就业人员分类情况表 (app.upward)."""
    from app.upward import tables

    assert codes.EMPLOYMENT_CHANNEL.values == tables.CHANNELS
    assert codes.INDUSTRY.values == tables.INDUSTRIES[:3]
    assert codes.PRIOR_STATUS.values == tables.PRIOR_STATUSES
