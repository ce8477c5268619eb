"""Sheet, row, history and cross-sheet rules of the importer, and re-import."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.validators import credit_code_check
from app.register.ledger import add_recognition, add_registration
from app.workbook import ImportRejected, import_workbook, validate_workbook
from db.models import Employment, Household, Person, Registration, Vacancy, ZeroFamily

from .conftest import ID1, ID2, ID3, PERSON_HEADERS, person, persons, snapshot
from .test_import_cells import only, rejected

REG = ["身份证号", "登记日期", "注销日期", "注销原因", "个人原因未就业", "剔除说明"]
CREDIT = "91440101MA5" + "ABCDE0"
CREDIT += credit_code_check(CREDIT)
EMPLOYERS = [["单位名称", "统一社会信用代码"], ["广州某某有限公司", CREDIT]]
VAC = [
    "岗位编号",
    "单位名称",
    "岗位名称",
    "岗位类型",
    "招聘人数",
    "收集日期",
    "薪酬下限",
    "薪酬上限",
    "有效期至",
]


def vacancy(code="G001", employer="广州某某有限公司", headcount=2, low=None, high=None, until=None):
    return [code, employer, "保洁员", "全日制", headcount, "2024-01-05", low, high, until]


# ---------------------------------------------------------------------------- sheets and columns


def test_column_order_is_free_and_unknown_column_warns(db, book):
    rows = [
        ["调查日期", "备用列", "姓名", "就业状态", "身份证号"],
        ["2024-01-01", "x", "张三", "未就业", ID1],
    ]
    report = validate_workbook(book({"人员": rows}))
    assert report.ok
    w = only(report.warnings)
    assert (w.sheet, w.column) == ("人员", "备用列") and "未识别的列" in w.message
    summary = import_workbook(book({"人员": rows}))
    assert summary.sheets["人员"].warnings == [w]
    assert Person.get().name == "张三"


def test_unknown_sheet_warns(db, book):
    report = validate_workbook(book({"人员": persons(person()), "统计": [["a"], [1]]}))
    assert report.ok and "未识别的工作表" in only(report.warnings).message


def test_required_column_missing_is_one_problem(db, book):
    rows = [["身份证号", "姓名", "调查日期"], [ID1, "张三", "2024-01-01"], [ID2, "李四", "2024-01-01"]]
    p = only(rejected(book({"人员": rows})))
    assert (p.sheet, p.row, p.column) == ("人员", 1, None)
    assert "缺少必填列：就业状态" in p.message


def test_missing_column_in_history_sheet(db, book):
    p = only(rejected(book({"人员": persons(person()), "失业登记": [["身份证号"], [ID1]]})))
    assert p.sheet == "失业登记" and "登记日期" in p.message


def test_empty_person_sheet(db, book):
    p = only(rejected(book({"人员": [PERSON_HEADERS]})))
    assert p.message == "人员表没有数据"
    p = only(rejected(book({"人员": []})))
    assert p.message == "人员表没有数据"


def test_person_sheet_missing(db, book):
    p = only(rejected(book({"活动": [["日期", "活动类型", "名称"], ["2024-01-01", "招聘会", "春风行动"]]})))
    assert p.sheet == "人员" and "没有“人员”表" in p.message


def test_empty_optional_sheets_are_fine(db, book):
    sheets = {"人员": persons(person()), "失业登记": [REG], "活动": []}
    summary = import_workbook(book(sheets))
    assert summary.sheets["人员"].created == 1 and "失业登记" not in summary.sheets


def test_blank_rows_are_skipped(db, book):
    rows = [[None] * 4, PERSON_HEADERS, person(ID1), [None, "  ", None, None], [], person(ID2, "李四")]
    summary = import_workbook(book({"人员": rows}))
    assert summary.sheets["人员"].created == 2


# ---------------------------------------------------------------------------- registrations


def reg_book(book, *rows):
    return book({"人员": persons(person(ID1), person(ID2, "李四")), "失业登记": [REG, *rows]})


def test_cancel_before_registration(db, book):
    p = only(rejected(reg_book(book, [ID1, "2024-05-01", "2024-04-30", "灵活就业"])))
    assert (p.column, p.message) == ("注销日期", "注销日期 2024-04-30 早于 登记日期 2024-05-01")


def test_cancel_on_registration_day_is_fine(db, book):
    assert validate_workbook(reg_book(book, [ID1, "2024-05-01", "2024-05-01", "灵活就业"])).ok


def test_cancel_reason_required_with_cancel_date(db, book):
    p = only(rejected(reg_book(book, [ID1, "2024-05-01", "2024-06-01"])))
    assert (p.column, p.message) == ("注销原因", "填写了注销日期时须填写注销原因")


def test_cancel_reason_without_cancel_date(db, book):
    p = only(rejected(reg_book(book, [ID1, "2024-05-01", None, "灵活就业"])))
    assert p.message == "未填注销日期时不能填写注销原因"


def test_exclusion_note_required_for_personal_reason(db, book):
    p = only(rejected(reg_book(book, [ID1, "2024-05-01", None, None, "是"])))
    assert (p.column, p.message) == ("剔除说明", "个人原因未就业为“是”时须填写剔除说明")
    assert validate_workbook(reg_book(book, [ID1, "2024-05-01", None, None, "是", "照顾老人"])).ok


def test_two_overlapping_registrations(db, book):
    rows = [[ID1, "2024-01-01", "2024-06-01", "灵活就业"], [ID1, "2024-05-01", "2024-08-01", "灵活就业"]]
    p = only(rejected(reg_book(book, *rows)))
    assert (p.row, p.column) == (3, "登记日期")
    assert p.message == "与第 2 行的失业登记（2024-01-01 至 2024-06-01）时间重叠"


def test_two_open_registrations(db, book):
    p = only(rejected(reg_book(book, [ID1, "2024-01-01"], [ID1, "2024-05-01"])))
    assert "两条未结束的失业登记" in p.message


def test_back_to_back_registrations_are_fine(db, book):
    rows = [[ID1, "2024-01-01", "2024-05-01", "灵活就业"], [ID1, "2024-05-01"], [ID2, "2024-02-01"]]
    assert validate_workbook(reg_book(book, *rows)).ok


def test_registration_overlapping_one_in_the_database(db, book):
    import_workbook(book({"人员": persons(person(ID1))}))
    add_registration(Person.get().id, "2024-01-01")
    before = snapshot()
    path = book({"人员": persons(person(ID1)), "失业登记": [REG, [ID1, "2024-03-01"]]})
    with pytest.raises(ImportRejected) as info:
        import_workbook(path)
    assert snapshot() == before
    p = only(info.value.report.problems)
    assert "已有数据中" in p.message and "2024-01-01" in p.message


def test_registration_row_replacing_the_database_row(db, book):
    import_workbook(book({"人员": persons(person(ID1))}))
    add_registration(Person.get().id, "2024-01-01")
    # The same registration (same natural key), now cancelled, plus a later one: no overlap.
    rows = [[ID1, "2024-01-01", "2024-03-01", "灵活就业"], [ID1, "2024-03-01"]]
    summary = import_workbook(book({"人员": persons(person(ID1)), "失业登记": [REG, *rows]}))
    assert (summary.sheets["失业登记"].created, summary.sheets["失业登记"].updated) == (1, 1)
    assert Registration.select().count() == 2


def test_overlapping_recognitions(db, book):
    import_workbook(book({"人员": persons(person(ID1))}))
    add_recognition(Person.get().id, "2024-01-01", "大龄")
    rows = [["身份证号", "认定日期", "认定类别"], [ID1, "2024-02-01", "残疾"]]
    p = only(rejected(book({"人员": persons(person(ID1)), "就业困难认定": rows})))
    assert p.sheet == "就业困难认定" and "未结束的就业困难认定" in p.message


# ---------------------------------------------------------------------------- references


def test_reference_to_missing_person(db, book):
    p = only(rejected(reg_book(book, [ID3, "2024-01-01"])))
    assert (p.sheet, p.column, p.value) == ("失业登记", "身份证号", ID3)
    assert p.message == f"身份证号 {ID3} 在“人员”表和已有数据中都找不到"


def test_reference_to_person_in_database(db, book):
    import_workbook(book({"人员": persons(person(ID3, "王五"))}))
    summary = import_workbook(reg_book(book, [ID3, "2024-01-01"]))
    assert summary.sheets["失业登记"].created == 1


def test_reference_to_missing_vacancy(db, book):
    sheets = {
        "人员": persons(person()),
        "就业记录": [
            ["身份证号", "就业日期", "就业形式", "岗位编号"],
            [ID1, "2024-03-01", "单位就业", "G404"],
        ],
    }
    p = only(rejected(book(sheets)))
    assert p.message == "岗位编号 G404 在“岗位”表和已有数据中都找不到"


def test_reference_to_missing_employer_and_household(db, book):
    sheets = {
        "人员": persons(person()),
        "岗位": [VAC, vacancy(employer="不存在公司")],
        "零就业家庭": [["户编号", "认定日期"], ["H9", "2024-01-01"]],
    }
    problems = rejected(book(sheets))
    assert {p.message for p in problems} == {
        "户编号 H9 在“人员”表和已有数据中都找不到",
        "单位名称 不存在公司 在“用人单位”表和已有数据中都找不到",
    }


def test_employment_linked_to_vacancy_in_same_workbook(db, book):
    sheets = {
        "人员": persons(person()),
        "用人单位": EMPLOYERS,
        "岗位": [VAC, vacancy()],
        "就业记录": [["身份证号", "就业日期", "就业形式", "岗位编号", "离职日期"],
                 [ID1, "2024-03-01", "单位就业", "G001", None]],
    }  # fmt: skip
    import_workbook(book(sheets))
    assert Employment.get().vacancy.code == "G001"


def test_employment_end_before_start(db, book):
    sheets = {
        "人员": persons(person()),
        "就业记录": [
            ["身份证号", "就业日期", "就业形式", "离职日期"],
            [ID1, "2024-03-01", "灵活就业", "2024-02-01"],
        ],
    }
    assert only(rejected(book(sheets))).message == "离职日期 2024-02-01 早于 就业日期 2024-03-01"


def test_zero_family_household_from_person_sheet(db, book):
    headers = [*PERSON_HEADERS, "户编号"]
    sheets = {
        "人员": persons([*person(), "H1"], headers=headers),
        "零就业家庭": [["户编号", "认定日期", "清零日期"], ["H1", "2024-01-01", None]],
    }
    import_workbook(book(sheets))
    zf = ZeroFamily.get()
    assert (zf.household.code, zf.cleared_on) == ("H1", None)
    assert Household.select().count() == 1


def test_zero_family_cleared_before_recognized(db, book):
    headers = [*PERSON_HEADERS, "户编号"]
    sheets = {
        "人员": persons([*person(), "H1"], headers=headers),
        "零就业家庭": [["户编号", "认定日期", "清零日期"], ["H1", "2024-01-01", "2023-12-31"]],
    }
    assert only(rejected(book(sheets))).message == "清零日期 2023-12-31 早于 认定日期 2024-01-01"


# ---------------------------------------------------------------------------- employers and vacancies


def test_bad_credit_code(db, book):
    bad = CREDIT[:17] + ("0" if CREDIT[17] != "0" else "1")
    p = only(rejected(book({"人员": persons(person()), "用人单位": [EMPLOYERS[0], ["甲公司", bad]]})))
    assert p.column == "统一社会信用代码" and "校验位错误" in p.message


def test_employer_name_unique(db, book):
    sheets = {"人员": persons(person()), "用人单位": [*EMPLOYERS, ["广州某某有限公司", None]]}
    p = only(rejected(book(sheets)))
    assert (p.row, p.column) == (3, "单位名称") and "与第 2 行重复" in p.message


@pytest.mark.parametrize(("headcount", "ok"), [(1, True), (0, False), ("两", False), (1.5, False)])
def test_headcount(db, book, headcount, ok):
    report = validate_workbook(book({"人员": persons(person()), "用人单位": EMPLOYERS,
                                     "岗位": [VAC, vacancy(headcount=headcount)]}))  # fmt: skip
    assert report.ok is ok
    if not ok:
        assert only(report.problems).column == "招聘人数"


def test_pay_range(db, book):
    sheets = {"人员": persons(person()), "用人单位": EMPLOYERS, "岗位": [VAC, vacancy(low=6000, high=4500)]}
    assert only(rejected(book(sheets))).message == "薪酬下限 6000 大于 薪酬上限 4500"
    sheets["岗位"] = [VAC, vacancy(low=4500, high=4500)]
    assert validate_workbook(book(sheets)).ok


def test_vacancy_code_unique_and_valid_until(db, book):
    sheets = {
        "人员": persons(person()),
        "用人单位": EMPLOYERS,
        "岗位": [VAC, vacancy(), vacancy(until="2024-01-05"), vacancy(code="G002", until="2024-01-04")],
    }
    problems = rejected(book(sheets))
    assert [(p.row, p.column) for p in problems] == [(3, "岗位编号"), (4, "有效期至")]


# ---------------------------------------------------------------------------- re-import


def test_reimport_updates_person_not_duplicates(db, book):
    import_workbook(book({"人员": persons(person(ID1), person(ID2, "李四"))}))
    summary = import_workbook(book({"人员": persons(person(ID1, "张三丰"), person(ID2, "李四"))}))
    r = summary.sheets["人员"]
    assert (r.created, r.updated, r.unchanged) == (0, 1, 1)
    assert Person.select().count() == 2
    assert Person.get(Person.id_number == ID1).name == "张三丰"


def test_reimport_keeps_fields_of_absent_columns(db, book):
    headers = [*PERSON_HEADERS, "联系电话"]
    import_workbook(book({"人员": persons([*person(), "13800138000"], headers=headers)}))
    import_workbook(book({"人员": persons(person(name="张三丰"))}))
    p = Person.get()
    assert (p.name, p.phone) == ("张三丰", "13800138000")


def test_reimport_history_matched_on_natural_key(db, book):
    sheets = {"人员": persons(person(ID1)), "失业登记": [REG, [ID1, "2024-01-01"]]}
    import_workbook(book(sheets))
    sheets["失业登记"] = [REG, [ID1, "2024-01-01", "2024-02-01", "灵活就业"]]
    summary = import_workbook(book(sheets))
    assert summary.sheets["失业登记"].updated == 1
    r = Registration.get()
    assert (Registration.select().count(), r.cancelled_on) == (1, dt.date(2024, 2, 1))


def test_reimport_vacancy_updates(db, book):
    sheets = {"人员": persons(person()), "用人单位": EMPLOYERS, "岗位": [VAC, vacancy()]}
    import_workbook(book(sheets))
    sheets["岗位"] = [VAC, vacancy(headcount=5)]
    import_workbook(book(sheets))
    assert [v.headcount for v in Vacancy.select()] == [5]
