"""Cell-level rules of the importer: ID numbers, dates, codes, person fields."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import codes
from app.core.idcard import make_id
from app.workbook import ImportRejected, Problem, import_workbook, validate_workbook
from db.models import Person, Recognition, Registration

from .conftest import ID1, ID2, PERSON_HEADERS, person, persons, snapshot


def rejected(path) -> list[Problem]:
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        import_workbook(path)
    assert snapshot() == before, "a rejected import must leave the database unchanged"
    assert str(info.value).startswith("工作簿中发现")
    return info.value.report.problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, problems
    return problems[0]


# ---------------------------------------------------------------------------- ID numbers


def test_valid_persons_import_with_gender_and_birth_from_id(db, book):
    summary = import_workbook(book({"人员": persons(person(ID1), person(ID2, "李四"))}))
    assert summary.sheets["人员"].created == 2
    p1 = Person.get(Person.id_number == ID1)
    assert (p1.gender, p1.birth_date, p1.name) == ("男", dt.date(1990, 3, 7), "张三")
    assert Person.get(Person.id_number == ID2).gender == "女"


def test_bad_check_character(db, book):
    bad = ID1[:17] + ("0" if ID1[17] != "0" else "1")
    p = only(rejected(book({"人员": persons(person(bad))})))
    assert (p.sheet, p.row, p.column, p.value) == ("人员", 2, "身份证号", bad)
    assert "校验位错误" in p.message and ID1[17] in p.message


def test_wrong_birth_date_in_id(db, book):
    first17 = "11010119900230001"  # 1990-02-30
    from app.core.idcard import check_char

    bad = first17 + check_char(first17)
    p = only(rejected(book({"人员": persons(person(bad))})))
    assert "出生日期 19900230 不存在" in p.message


@pytest.mark.parametrize("value", [110101199003070110, 1.10101199003071e17])
def test_id_stored_as_number(db, book, value):
    p = only(rejected(book({"人员": persons(person(ID2, "李四"), person(value))})))
    assert p.message == "第 3 行 身份证号 被 Excel 存成了数字，后几位已丢失；请把该列设为文本格式后重新录入"
    assert p.row == 3


def test_id_in_scientific_text(db, book):
    p = only(rejected(book({"人员": persons(person("1.10101E+17"))})))
    assert p.message == "第 2 行 身份证号 被 Excel 存成了数字，后几位已丢失；请把该列设为文本格式后重新录入"


def test_15_digit_id_is_converted(db, book):
    old = "110101900307011"  # 1990-03-07, sequence 011
    import_workbook(book({"人员": persons(person(old))}))
    assert Person.get().id_number == make_id("110101", dt.date(1990, 3, 7), 11) == ID1


def test_full_width_digits_and_lowercase_x(db, book):
    number = make_id("440106", dt.date(1980, 1, 1), 5)
    number_x = number
    seq = 5
    while not number_x.endswith("X"):
        seq += 2
        number_x = make_id("440106", dt.date(1980, 1, 1), seq)
    full = "".join(chr(ord(c) + 0xFEE0) for c in number_x[:17]) + "x"
    import_workbook(book({"人员": persons(person(" " + full + "　", "　王五 "))}))
    p = Person.get()
    assert p.id_number == number_x
    assert p.name == "王五"


def test_masked_id_is_refused(db, book):
    p = only(rejected(book({"人员": persons(person("110101********011X"))})))
    assert "脱敏" in p.message and "不能导入" in p.message


def test_duplicate_id_within_sheet(db, book):
    problems = rejected(book({"人员": persons(person(ID1), person(ID2, "李四"), person(ID1, "王五"))}))
    p = only(problems)
    assert (p.row, p.column) == (4, "身份证号")
    assert "与第 2 行重复" in p.message


# ---------------------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value",
    ["2024-05-01", "2024/5/1", "2024.5.1", "20240501", "2024年5月1日", "２０２４－０５－０１",
     dt.datetime(2024, 5, 1), dt.date(2024, 5, 1)],
)  # fmt: skip
def test_every_date_format(db, book, value):
    import_workbook(book({"人员": persons(person(survey=value))}))
    assert Person.get().survey_date == dt.date(2024, 5, 1)


def test_date_that_does_not_exist(db, book):
    p = only(rejected(book({"人员": persons(person(survey="2023-02-29"))})))
    assert (p.column, p.value) == ("调查日期", "2023-02-29")
    assert "不存在" in p.message


def test_date_in_bad_format(db, book):
    p = only(rejected(book({"人员": persons(person(survey="去年春天"))})))
    assert "格式不对" in p.message and "2024-05-01" in p.message


def test_required_cell_empty(db, book):
    p = only(rejected(book({"人员": persons(person(survey=None))})))
    assert (p.column, p.message) == ("调查日期", "调查日期不能为空")


# ---------------------------------------------------------------------------- codes


def test_unknown_code_lists_allowed_values(db, book):
    p = only(rejected(book({"人员": persons(person(status="待定"))})))
    assert p.column == "就业状态"
    assert "“待定”不在可选值内" in p.message
    assert codes.EMPLOYMENT_STATUS.allowed_text() in p.message


def test_categories_multi_valued(db, book):
    sheets = {
        "人员": persons(person()),
        "就业困难认定": [["身份证号", "认定日期", "认定类别"], [ID1, "2024-01-01", "大龄；残疾、低保"]],
    }
    import_workbook(book(sheets))
    assert Recognition.get().categories == "大龄、残疾、低保"


def test_categories_with_unknown_value(db, book):
    sheets = {
        "人员": persons(person()),
        "就业困难认定": [["身份证号", "认定日期", "认定类别"], [ID1, "2024-01-01", "大龄、贫困"]],
    }
    p = only(rejected(book(sheets)))
    assert "“贫困”不在可选值内" in p.message and "农村零转移就业贫困家庭" in p.message


@pytest.mark.parametrize("value", ["实现就业创业", "(五)", "五", "（五）实现就业创业", "(五) 实现就业创业"])
def test_difficulty_cancel_reason_forms(db, book, value):
    sheets = {
        "人员": persons(person()),
        "就业困难认定": [
            ["身份证号", "认定日期", "认定类别", "取消日期", "取消原因"],
            [ID1, "2024-01-01", "大龄", "2024-06-01", value],
        ],
    }
    import_workbook(book(sheets))
    assert Recognition.get().cancel_reason == codes.DIFFICULTY_CANCEL_EMPLOYED


def test_difficulty_cancel_reason_unknown(db, book):
    sheets = {
        "人员": persons(person()),
        "就业困难认定": [
            ["身份证号", "认定日期", "认定类别", "取消日期", "取消原因"],
            [ID1, "2024-01-01", "大龄", "2024-06-01", "(十一)"],
        ],
    }
    p = only(rejected(book(sheets)))
    assert p.column == "取消原因" and "可选" in p.message


def test_yes_no_values(db, book):
    headers = [*PERSON_HEADERS, "就业意愿", "培训需求", "是否残疾"]
    rows = [
        [*person(ID1), "Y", "0", "√"],
        [*person(ID2, "李四"), None, "否", 1],
    ]
    import_workbook(book({"人员": persons(*rows, headers=headers)}))
    p1 = Person.get(Person.id_number == ID1)
    p2 = Person.get(Person.id_number == ID2)
    assert (p1.wants_work, p1.training_need, p1.disabled) == (True, False, True)
    assert (p2.wants_work, p2.training_need, p2.disabled) == (None, False, True)


def test_yes_no_bad_value(db, book):
    headers = [*PERSON_HEADERS, "就业意愿"]
    p = only(rejected(book({"人员": persons([*person(), "也许"], headers=headers)})))
    assert "应填 是 或 否" in p.message


# ---------------------------------------------------------------------------- person fields


@pytest.mark.parametrize("name", ["张", "x" * 31])
def test_name_length(db, book, name):
    p = only(rejected(book({"人员": persons(person(name=name))})))
    assert p.column == "姓名" and "2至30个字" in p.message


def test_name_boundaries_accepted(db, book):
    import_workbook(book({"人员": persons(person(ID1, "张三"[:2]), person(ID2, "y" * 30))}))
    assert Person.select().count() == 2


def test_phone_rule(db, book):
    headers = [*PERSON_HEADERS, "联系电话"]
    good = book({"人员": persons([*person(ID1), "13800138000"], [*person(ID2, "李四"), "020-12345678"],
                                 headers=headers)})  # fmt: skip
    assert validate_workbook(good).ok
    p = only(rejected(book({"人员": persons([*person(), "1380013800"], headers=headers)})))
    assert p.column == "联系电话" and "格式不对" in p.message


def test_extra_person_columns(db, book):
    headers = [*PERSON_HEADERS, "期望月薪", "期望岗位类型", "女性退休年龄", "户编号", "劳动能力"]
    import_workbook(book({"人员": persons([*person(ID2, "李四"), 4500.0, "零工", 55, 101, None],
                                          headers=headers)}))  # fmt: skip
    p = Person.get()
    assert (p.expected_pay, p.desired_job_kind, p.female_retire_base) == (4500, "零工", 55)
    assert p.household.code == "101"
    assert p.labor_ability == codes.LABOR_ABILITY_DEFAULT


@pytest.mark.parametrize(
    ("column", "value", "text"), [("女性退休年龄", 60, "50 或 55"), ("期望月薪", "四千", "整数")]
)
def test_extra_person_columns_bad(db, book, column, value, text):
    headers = [*PERSON_HEADERS, column]
    p = only(rejected(book({"人员": persons([*person(ID2, "李四"), value], headers=headers)})))
    assert p.column == column and text in p.message


def test_all_problems_are_collected(db, book):
    rows = [person("123", "张"), person(ID2, "李四", "待定", "2023-02-30")]
    problems = rejected(book({"人员": persons(*rows)}))
    assert [(p.row, p.column) for p in problems] == [
        (2, "身份证号"),
        (2, "姓名"),
        (3, "就业状态"),
        (3, "调查日期"),
    ]


def test_registration_default_values(db, book):
    sheets = {"人员": persons(person()), "失业登记": [["身份证号", "登记日期"], [ID1, "2024-01-02"]]}
    import_workbook(book(sheets))
    r = Registration.get()
    assert (r.registered_on, r.cancelled_on, r.personal_reason, r.cancel_reason) == (
        dt.date(2024, 1, 2), None, False, "")  # fmt: skip
