"""Finding the table in a sheet (app/workbook/header.py): the header row below title rows, two-row
grouped headers, 序号 and blank columns."""

from __future__ import annotations

import pytest

from app.core.errors import UserError
from app.workbook.header import find_layout, header_text, parse_range
from app.workbook.recognise import is_known, is_skipped


def layout(rows, merged=()):
    return find_layout("Sheet1", list(enumerate(rows, start=1)), list(merged), is_known, is_skipped)


def test_header_in_the_first_row() -> None:
    found = layout([["身份证号", "姓名"], ["x", "y"]])
    assert found.header_row == found.last_header_row == 1
    assert [c.header for c in found.cells] == ["身份证号", "姓名"]


def test_header_below_a_title_and_a_station_line() -> None:
    found = layout(
        [
            ["XX社区失业人员管理台帐", None, None],
            ["填报单位：XX社区  2024年5月", None, None],
            ["序号", "姓名", "身份证号码"],
            [1, "张三", "x"],
        ],
        merged=["A1:C1", "A2:C2"],
    )
    assert found.header_row == 3
    assert [c.header for c in found.cells] == ["姓名", "身份证号码"]
    assert [c.header for c in found.skipped] == ["序号"]


def test_two_row_header_with_a_merged_group_heading() -> None:
    found = layout(
        [
            ["台帐", None, None, None, None],
            ["序号", "姓名", "安置情况", None, "备注"],
            [None, None, "再就业时间", "现就业单位", None],
            [1, "张三", "2024-06-01", "某公司", ""],
        ],
        merged=["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"],
    )
    assert (found.header_row, found.last_header_row) == (2, 3)
    assert [c.label for c in found.cells] == ["姓名", "安置情况/再就业时间", "安置情况/现就业单位", "备注"]


def test_two_row_header_whose_merged_cells_were_filled_down() -> None:
    """The reader repeats a merged cell's value in every row it covers: the second header row then
    holds all the headers, and the first is still taken as the top of the header."""
    found = layout(
        [
            ["序号", "姓名", "安置情况", None],
            ["序号", "姓名", "再就业时间", "现就业单位"],
            [1, "张三", "2024-06-01", "某公司"],
        ],
        merged=["A1:A2", "B1:B2", "C1:D1"],
    )
    assert (found.header_row, found.last_header_row) == (1, 2)
    assert [c.label for c in found.cells] == ["姓名", "安置情况/再就业时间", "安置情况/现就业单位"]


def test_two_row_header_without_merge_information() -> None:
    """A CSV has no merged ranges: the group heading's blank neighbours carry its columns."""
    found = layout(
        [
            ["姓名", "身份证号", "安置情况", None],
            [None, None, "再就业时间", "现就业单位"],
            ["张三", "x", "2024-06-01", "某公司"],
        ]
    )
    assert [c.label for c in found.cells] == [
        "姓名",
        "身份证号",
        "安置情况/再就业时间",
        "安置情况/现就业单位",
    ]


def test_a_data_row_under_the_header_is_not_a_second_header_row() -> None:
    found = layout([["姓名", "身份证号", "就业日期"], ["张三", "x", 45000]])
    assert found.last_header_row == 1


def test_blank_columns_are_skipped() -> None:
    found = layout([["姓名", None, "  ", "身份证号"], ["张三", None, None, "x"]])
    assert [(c.index, c.header) for c in found.cells] == [(0, "姓名"), (3, "身份证号")]


def test_unknown_headers_are_found_by_their_shape() -> None:
    found = layout([["报表"], ["甲列", "乙列", "丙列"], ["1", "2", "3"]])
    assert found.header_row == 2


def test_no_header_row_names_the_sheet() -> None:
    with pytest.raises(UserError) as info:
        layout([["2024年工作总结"], [12, 13]])
    assert "工作表“Sheet1”" in info.value.message and "找不到表头行" in info.value.message


def test_an_empty_sheet_has_no_header_row() -> None:
    with pytest.raises(UserError, match="空的"):
        layout([[None, None]])


def test_header_text_is_cleaned() -> None:
    assert header_text(" 身份证号码 \n") == "身份证号码"
    assert header_text("姓名*") == "姓名"
    assert header_text("联系电话：") == "联系电话"


def test_parse_range() -> None:
    assert parse_range("B3:F4") == (3, 1, 4, 5)
    assert parse_range("AA10:AB10") == (10, 26, 10, 27)
    assert parse_range("B3") is None
    assert parse_range("3:4") is None
