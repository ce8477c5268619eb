"""The real ledgers' columns (issue 13 item 5) in the workbook: each code list, the credit code, the
date rules of 失业时间 and 求职登记, 合同期限 only with a 劳动合同, and the 求职登记 sheet's key."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.validators import credit_code_check
from app.workbook import import_workbook
from db.models import Employment, JobSeeking, Person, Registration

from .conftest import ID1, ID2, PERSON_HEADERS, person, persons
from .test_import_cells import only, rejected

CREDIT = "91440101MA5" + "ABCDE0"
CREDIT += credit_code_check(CREDIT)


def _person_with(header: str, value: object) -> dict[str, list[list[object]]]:
    return {"人员": persons([*person(ID1), value], headers=[*PERSON_HEADERS, header])}


@pytest.mark.parametrize(
    ("header", "cell", "field", "stored"),
    [
        ("户籍性质", "城镇", "hukou_nature", "城镇"),
        ("户籍性质", "非农业户口", "hukou_nature", "城镇"),
        ("户籍性质", "农业", "hukou_nature", "农村"),
        ("民族", "汉族", "ethnicity", "汉族"),
        ("民族", "基诺", "ethnicity", "基诺族"),  # the last of the 56, without 族
        ("技能等级", "无", "skill_level", "无"),
        ("技能等级", "初级工", "skill_level", "五级/初级工"),
        ("技能等级", "一级/高级技师", "skill_level", "一级/高级技师"),
        ("技能等级", "高级技师", "skill_level", "一级/高级技师"),
        ("参保情况", "工伤保险;职工养老", "insurance", "职工养老、工伤"),
        ("参保情况", "生育、生育", "insurance", "生育"),
        ("参保情况", "未参保", "insurance", "未参保"),
        ("是否退役军人", "是", "veteran", True),
        ("是否退役军人", None, "veteran", None),
        ("就业创业证号", "4401060020240001", "employment_card", "4401060020240001"),
        ("人员类别", "农村转移劳动者", "person_category", "农村转移劳动者"),
    ],
)
def test_person_code_columns_store_the_canonical_value(db, book, header, cell, field, stored):
    import_workbook(book(_person_with(header, cell)))
    assert getattr(Person.get(), field) == stored


@pytest.mark.parametrize(
    ("header", "cell", "message"),
    [
        ("户籍性质", "城市", "户籍性质“城市”不在可选值内，可选：城镇、农村"),
        ("民族", "汉人", "民族“汉人”不在可选值内"),
        ("技能等级", "六级", "技能等级“六级”不在可选值内"),
        ("参保情况", "商业保险", "参保情况“商业保险”不在可选值内"),
        ("参保情况", "未参保、失业", "参保情况填了“未参保”时不能再填其他项"),
        ("是否退役军人", "曾经", "是否退役军人应填 是 或 否"),
    ],
)
def test_person_code_columns_refuse_values_outside_the_list(db, book, header, cell, message):
    problem = only(rejected(book(_person_with(header, cell))))
    assert (problem.sheet, problem.row, problem.column) == ("人员", 2, header)
    assert message in problem.message


REG = ["身份证号", "登记日期", "失业时间", "失业前身份"]


def test_unemployed_on_the_registration_day_is_fine(db, book):
    import_workbook(
        book({"人员": persons(person(ID1)), "失业登记": [REG, [ID1, "2024-01-02", "2024-01-02", "刑满释放"]]})
    )
    reg = Registration.get()
    assert (reg.unemployed_on, reg.prior_status) == (dt.date(2024, 1, 2), "刑满释放")


def test_unemployed_after_the_registration_day_is_refused(db, book):
    problem = only(
        rejected(
            book({"人员": persons(person(ID1)), "失业登记": [REG, [ID1, "2024-01-02", "2024-01-03", ""]]})
        )
    )
    assert (problem.sheet, problem.column) == ("失业登记", "登记日期")
    assert "登记日期 2024-01-02 早于 失业时间 2024-01-03" in problem.message


def test_unemployed_before_birth_is_refused(db, book):
    # ID1 was born on 1990-03-07.
    problem = only(
        rejected(
            book({"人员": persons(person(ID1)), "失业登记": [REG, [ID1, "2024-01-02", "1990-03-06", ""]]})
        )
    )
    assert problem.column == "失业时间" and "出生日期" in problem.message


def test_prior_status_outside_the_list_is_refused(db, book):
    problem = only(
        rejected(book({"人员": persons(person(ID1)), "失业登记": [REG, [ID1, "2024-01-02", None, "下岗"]]}))
    )
    assert problem.column == "失业前身份" and "年满16周岁各类学校毕业或肄业" in problem.message


EMP = [
    "身份证号",
    "就业日期",
    "就业形式",
    "就业类型",
    "就业渠道",
    "所属产业",
    "统一社会信用代码",
    "月收入",
    "劳动合同",
    "合同期限",
]


def _employment(*values: object) -> dict[str, list[list[object]]]:
    return {"人员": persons(person(ID1)), "就业记录": [EMP, [ID1, "2024-02-01", "单位就业", *values]]}


def test_employment_details_import(db, book):
    import_workbook(
        book(_employment("失业人员再就业", "非公有制企业", "二产", CREDIT.lower(), 3800, "是", "3年"))
    )
    e = Employment.get()
    assert (e.employment_type, e.channel, e.industry, e.credit_code) == (
        "失业人员再就业",
        "非公有制企业",
        "第二产业",
        CREDIT,
    )
    assert (e.monthly_income, e.contract, e.contract_term) == (3800, True, "3年")


def test_credit_code_with_a_wrong_check_character_is_refused(db, book):
    wrong = CREDIT[:17] + ("0" if CREDIT[17] != "0" else "1")
    problem = only(rejected(book(_employment("", "", "", wrong, None, "", ""))))
    assert problem.column == "统一社会信用代码" and f"末位应为 {CREDIT[17]}" in problem.message


def test_credit_code_of_17_characters_is_refused(db, book):
    problem = only(rejected(book(_employment("", "", "", CREDIT[:17], None, "", ""))))
    assert "应为18位，现为17位" in problem.message


def test_contract_term_without_a_contract_is_refused(db, book):
    problem = only(rejected(book(_employment("", "", "", "", None, "否", "3年"))))
    assert problem.column == "合同期限" and "未填劳动合同时不能填写合同期限" in problem.message


def test_monthly_income_below_zero_is_refused(db, book):
    problem = only(rejected(book(_employment("", "", "", "", -1, "", ""))))
    assert problem.column == "月收入"


def test_industry_outside_the_three_is_refused(db, book):
    problem = only(rejected(book(_employment("", "", "第四产业", "", None, "", ""))))
    assert "第一产业、第二产业、第三产业" in problem.message


SEEK = [
    "身份证号",
    "登记日期",
    "求职意向",
    "期望薪资",
    "求职地区",
    "用工形式",
    "职业指导次数",
    "职业介绍次数",
]


def test_job_seeking_sheet_imports_and_counts_default_to_zero(db, book):
    rows = [
        SEEK,
        [ID1, "2024-03-01", "保洁", 3500, "本地", "短期工", None, 2],
        [ID2, "2024-03-02", "", None, "外省市", "", 1, None],
    ]
    import_workbook(book({"人员": persons(person(ID1), person(ID2, "李四")), "求职登记": rows}))
    first, second = JobSeeking.select().order_by(JobSeeking.registered_on)
    assert (first.intention, first.expected_pay, first.area, first.work_form) == (
        "保洁",
        3500,
        "本地",
        "短期",
    )
    assert (first.guidance_count, first.introduction_count) == (0, 2)
    assert (second.guidance_count, second.introduction_count, second.expected_pay) == (1, 0, None)


def test_job_seeking_twice_on_one_day_is_one_row(db, book):
    rows = [
        SEEK,
        [ID1, "2024-03-01", "保洁", None, "", "", 1, 1],
        [ID1, "2024-03-01", "保安", None, "", "", 1, 1],
    ]
    problems = rejected(book({"人员": persons(person(ID1)), "求职登记": rows}))
    assert problems and all(p.sheet == "求职登记" for p in problems)


def test_job_seeking_in_the_future_is_refused(db, book):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    rows = [SEEK, [ID1, tomorrow, "", None, "", "", None, None]]
    problem = only(rejected(book({"人员": persons(person(ID1)), "求职登记": rows})))
    assert problem.column == "登记日期" and "晚于今天" in problem.message


def test_job_seeking_area_and_counts_are_checked(db, book):
    rows = [SEEK, [ID1, "2024-03-01", "", None, "外地", "临时", -1, "两次"]]
    problems = rejected(book({"人员": persons(person(ID1)), "求职登记": rows}))
    assert sorted(p.column for p in problems) == sorted(
        ["求职地区", "用工形式", "职业指导次数", "职业介绍次数"]
    )


def test_template_explains_the_new_columns_and_offers_their_lists(tmp_path):
    import openpyxl

    from app.workbook import write_template
    from app.workbook.schema import HELP_SHEET

    path = tmp_path / "模板.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    rows = [[c.value for c in row] for row in wb[HELP_SHEET].iter_rows()]
    by_column = {(r[1], r[3]): r[4] for r in rows if r[1]}
    assert "“未参保”不能与其他项同填" in by_column[("参保情况", "下拉值，可多选")]
    assert "可选：第一产业、第二产业、第三产业" in by_column[("所属产业", "选填下拉值")]
    assert by_column[("职业指导次数", "整数")] == "整数，空 = 0"
    assert any(r[0] == "求职登记" and "每人每个登记日期一行" in str(r[4]) for r in rows)
    assert [c.value for c in wb["求职登记"][1]][:2] == ["身份证号", "登记日期"]
