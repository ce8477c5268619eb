"""The one synonym table (app/core/codes.py): column headers and values the stations write, read by the
importer and listed in the template's 说明 sheet."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from app.core import codes
from app.workbook import validate_workbook, write_template
from app.workbook.recognise import SYNONYM_OF, synonyms_for
from app.workbook.schema import GRADUATES, HELP_SHEET, PERSONS, SHEETS
from tests.app.workbook.conftest import ID1


@pytest.mark.parametrize(
    ("written", "header"),
    [
        ("身份证号码", "身份证号"),
        ("公民身份号码", "身份证号"),
        ("证件号码", "身份证号"),
        ("手机号", "联系电话"),
        ("电话", "联系电话"),
        ("学历", "文化程度"),
        ("户口类型", "户籍类型"),
        ("登记时间", "登记日期"),
        ("家庭住址", "居住地址"),
        ("技能特长", "职业技能"),
        ("求职意向", "择业意向"),
    ],
)
def test_column_synonyms(written: str, header: str) -> None:
    assert SYNONYM_OF[written] == header


def test_every_synonym_names_a_column_of_some_sheet_and_is_no_sheets_own_header_of_the_same_sheet() -> None:
    headers = {h for s in SHEETS for h in s.headers}
    assert set(codes.COLUMN_SYNONYMS) <= headers
    assert len(SYNONYM_OF) == sum(len(v) for v in codes.COLUMN_SYNONYMS.values())  # no synonym twice


def test_a_sheets_own_header_wins_over_a_synonym() -> None:
    assert "学历" in synonyms_for(PERSONS, "文化程度")
    assert "学历" in GRADUATES.by_header  # 高校毕业生 keeps its own 学历


@pytest.mark.parametrize(
    ("code_list", "written", "stored"),
    [
        (codes.EDUCATION, "本科", "大学本科"),
        (codes.EDUCATION, "大专", "大学专科"),
        (codes.EDUCATION, "硕士", "研究生"),
        (codes.EDUCATION, "小学", "小学及以下"),
        (codes.DEGREE, "本科", "大学本科"),
        (codes.HUKOU, "本市", "本市户籍"),
        (codes.EMPLOYMENT_FORM, "个体工商户", "个体经营"),
        (codes.EMPLOYMENT_STATUS, "失业", "未就业"),
        (codes.DIFFICULTY_CATEGORIES, "4050人员", "大龄"),
        (codes.DIFFICULTY_CATEGORIES, "残疾人", "残疾"),
    ],
)
def test_value_synonyms(code_list: codes.CodeList, written: str, stored: str) -> None:
    assert code_list.normalize(written) == stored


def test_a_value_synonym_of_one_list_is_not_accepted_by_another() -> None:
    assert codes.EDUCATION.normalize("大学本科") == "大学本科"
    assert codes.EMPLOYMENT_FORM.normalize("本科") is None
    assert codes.EDUCATION.normalize("大本科") is None


def test_every_value_synonym_points_at_an_allowed_value() -> None:
    lists = {c.name: c for c in codes.ALL_CODE_LISTS}
    for name, table in codes.VALUE_SYNONYMS.items():
        assert name in lists, name
        assert set(table.values()) <= set(lists[name].values), name


def test_value_synonyms_in_an_import(db: Path, book) -> None:
    path = book(
        {
            "人员": [
                ["身份证号码", "姓名", "就业状态", "调查日期", "学历"],
                [ID1, "张三", "失业", "2024-03-01", "大专"],
            ]
        }
    )
    report = validate_workbook(path)
    assert report.ok and not report.warnings


def test_the_template_help_sheet_lists_the_synonyms(tmp_path: Path) -> None:
    write_template(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    rows = [[c.value for c in row] for row in wb[HELP_SHEET].iter_rows()]
    id_row = next(r for r in rows if r[1] == "身份证号" and r[4] and "也可写作" in r[4])
    assert "身份证号码、公民身份号码" in id_row[4]
    education = next(r for r in rows if r[1] == "文化程度")
    assert "也可写作：学历" in education[4] and "本科（大学本科）" in education[4]
    degree = next(r for r in rows if r[1] == "学历")  # 高校毕业生's own column: no 也可写作
    assert "也可写作" not in (degree[4] or "") and "本科（大学本科）" in degree[4]


@pytest.mark.parametrize(
    ("written", "header"),
    [
        ("户口性质", "户籍性质"),
        ("就业失业登记证号", "就业创业证号"),
        ("是否是退役军人", "是否退役军人"),
        ("技能等级证书", "证书"),
        ("薪资报酬", "月收入"),
        ("是否签定劳动合同", "劳动合同"),
        ("从事产业类型", "所属产业"),
    ],
)
def test_synonyms_of_the_real_ledgers_columns(written: str, header: str) -> None:
    assert SYNONYM_OF[written] == header


def test_a_person_sheet_with_the_real_ledgers_column_names(db: Path, book) -> None:
    headers = [
        "身份证号",
        "姓名",
        "就业状态",
        "调查日期",
        "户口性质",
        "是否是退役军人",
        "专业",
        "就业失业登记证号",
    ]
    path = book(
        {"Sheet1": [headers, [ID1, "张三", "未就业", "2024-03-01", "农业", "否", "会计", "4401000001"]]}
    )
    report = validate_workbook(path)
    assert report.ok and not report.warnings, report.text()
