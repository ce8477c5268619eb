"""Matching people and vacancies: app/matching.py — hand-made cases whose right order is obvious."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import ValidationError
from app.core.idcard import make_id
from app.jobs import matching
from app.jobs import vacancies as jobs
from app.register import ledger
from db.models import Setting

TODAY = dt.date(2026, 11, 22)
_seq = iter(range(1, 999, 2))


def person(
    name: str = "张三", birth: dt.date = dt.date(1990, 5, 1), male: bool = True, **extra: object
) -> int:
    seq = next(_seq) if male else next(_seq) + 1
    values: dict[str, object] = {
        "id_number": make_id("440117", birth, seq),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-01-10",
        "wants_work": "是",
    }
    values.update(extra)
    return ledger.save_person(values).id


def vacancy(title: str, code: str, **extra: object) -> int:
    found = jobs.list_employers("荔香")
    emp_id = found[0][0] if found else jobs.save_employer({"name": "广州市荔香食品有限公司"}).id
    values: dict[str, object] = {
        "code": code,
        "employer_id": emp_id,
        "title": title,
        "kind": "全日制",
        "headcount": 1,
        "collected_on": "2026-10-01",
    }
    values.update(extra)
    return jobs.save_vacancy(values).id


def factor(match: matching.Match, name: str) -> matching.Factor:
    return next(f for f in match.factors if f.name == name)


# ---------------------------------------------------------------------------- text features


def test_bigrams():
    assert matching.bigrams("保洁员") == {"保洁", "洁员"}
    assert matching.bigrams("洁") == {"洁"}
    assert matching.bigrams("保洁、保安") == {"保洁", "保安"}
    assert matching.bigrams("") == frozenset()


def test_dice():
    assert matching.dice(matching.bigrams("保洁"), matching.bigrams("保洁员")) == (2, 3)
    assert matching.dice(matching.bigrams("保洁"), matching.bigrams("程序员")) == (0, 3)
    assert matching.dice(frozenset(), matching.bigrams("程序员")) == (0, 1)


def test_keywords():
    assert matching.keywords("保洁、保安/收银员 或 仓管") == ("保洁", "保安", "收银员", "仓管")


@pytest.mark.parametrize(
    ("text", "limits"),
    [
        ("18-45岁", [(None, 18, 45)]),
        ("年龄18至35周岁，身体健康", [(None, 18, 35)]),
        ("18～40岁", [(None, 18, 40)]),
        ("45周岁以下", [(None, None, 45)]),
        ("年龄不超过50岁", [(None, None, 50)]),
        ("20岁以上", [(None, 20, None)]),
        ("男性55岁以下，女性50岁以下", [("男", None, 55), ("女", None, 50)]),
        ("男55岁以下女50岁以下", [("男", None, 55), ("女", None, 50)]),
        ("男女不限，18-45岁", [(None, 18, 45)]),
        ("吃苦耐劳", []),
    ],
)
def test_age_limits(text, limits):
    assert [(a.gender, a.low, a.high) for a in matching.age_limits(text)] == limits


@pytest.mark.parametrize(
    ("text", "minimum"),
    [
        ("高中及以上学历", "高中"),
        ("大专以上", "大学专科"),
        ("本科", "大学本科"),
        ("高中或中专以上", "高中"),
        ("初中以上", "初中"),
        ("学历不限，高中优先", None),
        ("吃苦耐劳", None),
    ],
)
def test_min_education(text, minimum):
    assert matching.min_education(text) == minimum


# ---------------------------------------------------------------------------- best vacancies


def test_cleaner_seeker_prefers_cleaning_job(db):
    pid = person(job_intention="保洁")
    coder = vacancy("程序员", "G1")
    cleaner = vacancy("保洁员", "G2")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [cleaner, coder]
    assert factor(result[0], matching.INTENTION).reason == "意向相符：保洁"
    assert factor(result[1], matching.INTENTION).points == 0


def test_similar_title_scores_by_bigram_share(db):
    pid = person(job_intention="仓库管理")
    near = vacancy("仓库管理员", "G1")
    partial = vacancy("仓储物流员", "G2")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [near, partial]


def test_intention_found_in_requirements(db):
    pid = person(job_intention="叉车")
    a = vacancy("仓库工", "G1", requirements="持叉车证优先")
    b = vacancy("仓库工", "G2")
    result = matching.best_vacancies(pid, TODAY)
    assert result[0].vacancy_id == a and result[1].vacancy_id == b
    assert "叉车" in factor(result[0], matching.INTENTION).reason


def test_older_person_ranked_below_age_limited_job_with_reason(db):
    pid = person("老李", birth=dt.date(1966, 9, 1), job_intention="保安")
    young_only = vacancy("保安员", "G1", requirements="18-35岁")
    open_age = vacancy("保安员", "G2", requirements="身体健康")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [open_age, young_only]
    age = factor(result[1], matching.AGE)
    assert age.points < 0
    assert age.reason == "年龄不符：要求18-35岁，现60岁"
    assert factor(result[0], matching.AGE).reason == "年龄不限"


def test_age_within_limit_reason(db):
    pid = person(birth=dt.date(1990, 5, 1))
    vacancy("普工", "G1", requirements="18-45岁")
    [m] = matching.best_vacancies(pid, TODAY)
    assert factor(m, matching.AGE).reason == "年龄符合（18-45岁）"


def test_gendered_age_limit_applies_to_that_gender_only(db):
    woman = person("王女士", birth=dt.date(1974, 1, 1), male=False)  # 52
    man = person("王先生", birth=dt.date(1974, 1, 1))
    vacancy("保洁员", "G1", requirements="男性55岁以下，女性50岁以下")
    assert factor(matching.best_vacancies(woman, TODAY)[0], matching.AGE).points < 0
    assert factor(matching.best_vacancies(man, TODAY)[0], matching.AGE).points > 0


def test_pay_within_expectation_ranks_first(db):
    pid = person(expected_pay=5000)
    low = vacancy("普工", "G1", pay_min=2500, pay_max=3000)
    high = vacancy("普工", "G2", pay_min=4500, pay_max=6000)
    near = vacancy("普工", "G3", pay_min=3500, pay_max=4200)
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [high, near, low]
    assert factor(result[0], matching.PAY).reason == "薪酬在期望内（期望5000元，岗位4500-6000元）"
    assert factor(result[1], matching.PAY).reason.startswith("薪酬略低于期望")
    assert factor(result[2], matching.PAY).points == 0


def test_education_minimum(db):
    pid = person(education="初中")
    need_college = vacancy("文员", "G1", requirements="大专以上")
    any_school = vacancy("文员", "G2", requirements="初中以上")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [any_school, need_college]
    assert factor(result[1], matching.EDUCATION).reason == "学历不足：要求大学专科及以上，现为初中"
    assert factor(result[0], matching.EDUCATION).reason == "学历符合（要求初中及以上）"


def test_full_time_wish(db):
    pid = person(desired_job_kind="全日制")
    part = vacancy("收银员", "G1", kind="非全日制")
    full = vacancy("收银员", "G2", kind="全日制")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [full, part]
    assert factor(result[0], matching.JOB_KIND).reason == "希望全日制"


def test_same_grid(db):
    pid = person(grid="塘尾一组")
    far = vacancy("普工", "G1", location="从化城区")
    near = vacancy("普工", "G2", location="良口镇塘尾一组")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [near, far]
    assert factor(result[0], matching.GRID).reason == "同一网格：塘尾一组"
    assert "同一网格：塘尾一组" in result[0].reasons


def test_only_open_vacancies_for_a_person(db):
    pid = person()
    open_id = vacancy("普工", "G1", valid_until="2026-11-22")
    vacancy("普工", "G2", valid_until="2026-11-21")
    vacancy("普工", "G3", status="已关闭")
    vacancy("普工", "G4", status="已招满")
    assert [m.vacancy_id for m in matching.best_vacancies(pid, TODAY)] == [open_id]


def test_ties_broken_by_id_and_limit(db):
    pid = person()
    ids = [vacancy("普工", f"G{i}") for i in range(5)]
    assert [m.vacancy_id for m in matching.best_vacancies(pid, TODAY, limit=3)] == ids[:3]


def test_score_is_sum_of_factor_points(db):
    pid = person(job_intention="保洁", expected_pay=3000, grid="一组", education="高中")
    vacancy("保洁员", "G1", pay_max=3500, location="一组", requirements="初中以上，18-50岁")
    [m] = matching.best_vacancies(pid, TODAY)
    assert m.score == sum(f.points for f in m.factors)
    assert all(f.reason for f in m.factors)


def test_unknown_person_refused(db):
    with pytest.raises(ValidationError):
        matching.best_vacancies(999, TODAY)


# ---------------------------------------------------------------------------- best people


def test_best_people_orders_by_fit(db):
    v = vacancy("保洁员", "G1")
    cleaner = person("张保洁", job_intention="保洁")
    cook = person("李厨师", job_intention="厨师")
    result = matching.best_people(v, TODAY)
    assert [m.person_id for m in result] == [cleaner, cook]


def test_candidates_filter(db):
    v = vacancy("普工", "G1")
    seeker = person("求职者")
    person("不想工作", wants_work="否")
    person("已就业", employment_status="单位就业")
    registered = person("已就业但有登记", employment_status="单位就业")
    ledger.add_registration(registered, "2026-03-01")
    recognized = person("就困人员", employment_status="灵活就业")
    ledger.add_recognition(recognized, "2026-03-01", "大龄")
    person("退休年龄", birth=dt.date(1960, 1, 1))
    person("未成年", birth=dt.date(2011, 1, 1))
    person("丧失劳动能力", labor_ability="完全丧失劳动能力")
    cancelled = person("登记已注销", employment_status="单位就业")
    ledger.add_registration(
        cancelled, "2026-01-01", cancelled_on="2026-02-01", cancel_reason="被用人单位录用"
    )
    got = {m.person_id for m in matching.best_people(v, TODAY)}
    assert got == {seeker, registered, recognized}


def test_female_retirement_base_from_station_setting(db):
    v = vacancy("普工", "G1")
    # Born 1975-03: at base 50 retires after a delay of ceil(3/2) = 2 months, 2025-05;
    # at base 55 after 16 months, in 2031.
    woman = person("赵女士", birth=dt.date(1975, 3, 1), male=False)
    assert matching.best_people(v, TODAY) == []
    Setting.create(key="female_retire_base", value="55")
    assert [m.person_id for m in matching.best_people(v, TODAY)] == [woman]


def test_public_welfare_job_difficulty_persons_first(db):
    v = vacancy("保洁员", "G1", kind="公益性岗位")
    fit = person("合适但非就困", job_intention="保洁", expected_pay=3000)
    hard = person("就困人员", job_intention="养老护理")
    ledger.add_recognition(hard, "2026-03-01", "大龄")
    result = matching.best_people(v, TODAY)
    assert [m.person_id for m in result] == [hard, fit]
    assert factor(result[0], matching.DIFFICULTY).reason == "就业困难人员优先安置公益性岗位"
    assert factor(result[1], matching.DIFFICULTY).points == 0


def test_difficulty_not_first_for_ordinary_jobs(db):
    v = vacancy("保洁员", "G1", kind="全日制")
    fit = person("合适但非就困", job_intention="保洁")
    hard = person("就困人员", job_intention="养老护理")
    ledger.add_recognition(hard, "2026-03-01", "大龄")
    result = matching.best_people(v, TODAY)
    assert [m.person_id for m in result] == [fit, hard]
    assert all(f.name != matching.DIFFICULTY for f in result[0].factors)


def test_best_people_age_mismatch_ranked_below(db):
    v = vacancy("普工", "G1", requirements="18-35岁")
    old = person("老李", birth=dt.date(1966, 9, 1))
    young = person("小王", birth=dt.date(2000, 1, 1))
    result = matching.best_people(v, TODAY)
    assert [m.person_id for m in result] == [young, old]
    assert "年龄不符" in factor(result[1], matching.AGE).reason


def test_best_people_ties_by_id_and_limit(db):
    v = vacancy("普工", "G1")
    ids = [person(f"人员{i}") for i in range(4)]
    assert [m.person_id for m in matching.best_people(v, TODAY, limit=2)] == ids[:2]


def test_unknown_vacancy_refused(db):
    with pytest.raises(ValidationError):
        matching.best_people(999, TODAY)


# ---------------------------------------------------------------------------- job families and reasons


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("货车司机", "驾驶类"),
        ("驾驶员", "驾驶类"),
        ("水电维修", "电工类"),
        ("酒席帮厨", "餐饮类"),
        ("民宿保洁", "民宿酒店类"),
        ("治安巡逻员", "保安类"),
        ("荔枝采摘工", "种植类"),
    ],
)
def test_job_families(text, family):
    assert family in matching.families(text)


def test_one_character_is_not_a_family_word():
    # 农 of 农家书屋 is not farming; 工 of 普工 is not every trade.
    assert "种植类" not in matching.families("农家书屋管理员")
    assert matching.families("程序员") == frozenset()
    assert all(len(w) >= 2 for _name, words in matching.JOB_FAMILIES for w in words)


def test_same_trade_under_other_words_ranks_above_unrelated_job(db):
    pid = person(job_intention="驾驶员")
    cashier = vacancy("收银员", "G1")
    truck = vacancy("货车司机", "G2")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [truck, cashier]
    intention = factor(result[0], matching.INTENTION)
    assert intention.points == matching.INTENTION_FAMILY
    assert intention.reason == "意向同类：驾驶员→货车司机（驾驶类）"
    assert factor(result[1], matching.INTENTION).points == 0


def test_exact_intention_beats_same_family_beats_unrelated(db):
    pid = person(job_intention="电工")
    other = vacancy("文员", "G1")
    family = vacancy("水电维修", "G2")
    exact = vacancy("电工", "G3")
    result = matching.best_vacancies(pid, TODAY)
    assert [m.vacancy_id for m in result] == [exact, family, other]
    assert [factor(m, matching.INTENTION).points for m in result] == [40, 30, 0]


def test_best_people_for_a_kitchen_job_puts_catering_seekers_first(db):
    v = vacancy("酒席帮厨", "G1", kind="零工")
    guard = person("保安甲", job_intention="保安")
    catering = person("餐饮乙", job_intention="餐饮服务")
    cook = person("厨师丙", job_intention="厨师")
    result = matching.best_people(v, TODAY)
    assert [m.person_id for m in result] == [catering, cook, guard]


def test_several_intentions_name_the_word_that_matched(db):
    pid = person(job_intention="保安、司机")
    vacancy("叉车司机", "G1")
    [m] = matching.best_vacancies(pid, TODAY)
    assert factor(m, matching.INTENTION).reason == "意向相符：司机"  # contained: full points
    pid2 = person("李四", job_intention="保洁、驾驶员")
    [m2] = matching.best_vacancies(pid2, TODAY)
    assert factor(m2, matching.INTENTION).reason == "意向同类：驾驶员→叉车司机（驾驶类）"


def test_reasons_leave_out_what_every_row_says(db):
    # No age or education limit, no expected pay, no kind wish, no grid: these count but say nothing.
    pid = person(job_intention="保洁")
    vacancy("保洁员", "G1", requirements="吃苦耐劳")
    [m] = matching.best_vacancies(pid, TODAY)
    assert factor(m, matching.AGE).reason == "年龄不限" and not factor(m, matching.AGE).informative
    assert not factor(m, matching.EDUCATION).informative
    assert not factor(m, matching.PAY).informative
    assert not factor(m, matching.JOB_KIND).informative
    assert m.reasons == "意向相符：保洁"
    assert m.score == sum(f.points for f in m.factors)  # they still count


def test_reasons_show_the_fits_biggest_first_then_the_shortfalls(db):
    pid = person(job_intention="普工", education="初中", expected_pay=5000, desired_job_kind="零工")
    vacancy("普工", "G1", requirements="18-45岁，高中以上", pay_min=3000, pay_max=3500)
    [m] = matching.best_vacancies(pid, TODAY)
    assert m.reasons == (
        "意向相符：普工；年龄符合（18-45岁）；✗薪酬低于期望（期望5000元，岗位3000-3500元）；"
        "✗学历不足：要求高中及以上，现为初中；✗希望零工，岗位为全日制"
    )
    assert [f.name for f in m.factors if f.shortfall] == [matching.PAY, matching.EDUCATION, matching.JOB_KIND]


def test_age_mismatch_is_a_shortfall_in_the_reasons(db):
    pid = person("老李", birth=dt.date(1966, 9, 1), job_intention="保安")
    vacancy("保安员", "G1", requirements="18-35岁")
    [m] = matching.best_vacancies(pid, TODAY)
    assert m.reasons == "意向相符：保安；✗年龄不符：要求18-35岁，现60岁"
