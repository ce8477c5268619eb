"""The Excel layout of a ledger sheet (app/workbook/layout.py): drop-down sources, widths, text columns."""

from __future__ import annotations

from app.workbook.layout import (
    INLINE_LIST_LIMIT,
    PRINT_CHARS_PER_PAGE,
    CodeSheet,
    column_width,
    display_width,
    inline_list,
    is_text_column,
    pages_wide,
)
from app.workbook.schema import CODES_SHEET, PERSONS, REGISTRATIONS, SHEETS, Column, Kind, Sheet


def test_inline_list_at_the_limit():
    values = ("a" * (INLINE_LIST_LIMIT - 2),)  # with its two quotes exactly the limit
    assert inline_list(values) == '"' + values[0] + '"'


def test_inline_list_one_over_the_limit():
    assert inline_list(("a" * (INLINE_LIST_LIMIT - 1),)) is None


def test_inline_list_with_a_comma_or_quote_is_not_inline():
    assert inline_list(("甲,乙", "丙")) is None
    assert inline_list(('甲"', "丙")) is None
    assert inline_list(("甲，乙", "丙")) == '"甲，乙,丙"'  # a full-width comma is no separator


def test_code_sheet_keeps_each_long_list_once_in_its_own_column():
    sheet = CodeSheet()
    long_a = tuple(f"甲{i:03d}" for i in range(60))
    long_b = tuple(f"乙{i:03d}" for i in range(70))
    assert sheet.source("短", ("是", "否")) == '"是,否"'
    assert sheet.source("甲", long_a) == f"'{CODES_SHEET}'!$A$2:$A$61"
    assert sheet.source("乙", long_b) == f"'{CODES_SHEET}'!$B$2:$B$71"
    assert sheet.source("甲", long_a) == f"'{CODES_SHEET}'!$A$2:$A$61"  # the same list again
    rows = list(sheet.rows())
    assert rows[0] == ["甲", "乙"] and len(rows) == 71
    assert rows[1] == ["甲000", "乙000"] and rows[60] == ["甲059", "乙059"]
    assert rows[61] == [None, "乙060"]


def test_empty_code_sheet_has_only_an_empty_header_row():
    assert list(CodeSheet().rows()) == [[]]


def test_display_width_counts_cjk_twice():
    assert display_width("身份证号") == 8 and display_width("ID") == 2 and display_width("Ａ1") == 3


def test_column_width_fits_the_header_on_two_lines():
    narrow = Column("从事就业服务起始日期", "x", Kind.DATE, width=12)  # 20 units over two lines
    assert column_width(narrow) == 12
    wide = Column("个人原因未就业", "x", Kind.YES_NO, width=8)  # 14 units: 7 a line and the padding
    assert column_width(wide) == 9
    assert column_width(Column("姓名", "name", width=10)) == 10


def test_text_columns_are_ids_and_references():
    texts = {c.header for c in PERSONS.columns if is_text_column(c)}
    assert {"身份证号", "户编号"} <= texts and not {"姓名", "调查日期", "就业状态"} & texts
    assert [c.header for c in REGISTRATIONS.columns if is_text_column(c)] == ["身份证号"]


def _sheet_of_width(total: int) -> Sheet:
    return Sheet("宽表", PERSONS.model, (Column("列", "name", width=total),), key=("name",))


def test_a_sheet_prints_one_page_across_up_to_the_readable_width() -> None:
    assert pages_wide(_sheet_of_width(PRINT_CHARS_PER_PAGE)) == 1
    assert pages_wide(_sheet_of_width(PRINT_CHARS_PER_PAGE + 1)) == 2
    assert pages_wide(_sheet_of_width(2 * PRINT_CHARS_PER_PAGE + 1)) == 3


def test_the_wide_ledger_sheets_print_across_several_pages() -> None:
    wide = {s.name: pages_wide(s) for s in SHEETS if pages_wide(s) > 1}
    assert wide == {"人员": 3, "岗位": 2}
