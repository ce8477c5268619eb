"""Bad input in a station's own ledger: each a clear message naming the sheet, the row and the column,
and nothing written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from app.workbook import ImportRejected, Problem, import_workbook
from tests.app.workbook.conftest import snapshot
from tests.app.workbook.ledgers import real_ledger
from tests.app.workbook.test_real_ledgers import P1, P2, TODAY


def rejected(path: Path) -> list[Problem]:
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        import_workbook(path, today=TODAY)
    assert snapshot() == before  # nothing written
    return info.value.report.problems


def test_a_header_row_that_cannot_be_found(db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["2024年就业工作统计"])
    ws.append([12, 30, 45])
    wb.save(tmp_path / "统计.xlsx")
    problems = rejected(tmp_path / "统计.xlsx")
    (problem,) = [p for p in problems if p.sheet == "Sheet1"]
    assert "工作表“Sheet1”中找不到表头行" in problem.message
    assert any("没有“人员”表" in p.message for p in problems)


def test_a_sheet_named_as_an_app_sheet_must_have_a_header(db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "人员"
    wb.active.append([1, 2, 3])
    wb.save(tmp_path / "x.xlsx")
    problems = rejected(tmp_path / "x.xlsx")
    assert any(p.sheet == "人员" and "找不到表头行" in p.message for p in problems)


def test_two_columns_that_map_to_the_same_field(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "两列.xlsx",
        "花名册",
        ["身份证号", "姓名", "公民身份号码", "就业状态", "调查日期"],
        [[P1, "张三", P1, "未就业", "2024-03-01"]],
    )
    (problem,) = [p for p in rejected(path) if p.sheet == "Sheet1"]  # and so no 人员 sheet
    assert (problem.sheet, problem.row, problem.column) == ("Sheet1", 3, "公民身份号码")
    assert "列“身份证号”和列“公民身份号码”都对应“人员:身份证号”" in problem.message


def test_a_required_field_with_no_column(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "缺列.xlsx",
        "花名册",
        ["身份证号码", "姓名", "就业状态", "联系电话"],
        [[P1, "张三", "未就业", "13800138000"]],
    )
    (problem,) = rejected(path)
    assert (problem.sheet, problem.row) == ("Sheet1", 3)
    assert "缺少必填列：调查日期" in problem.message


def test_a_merged_cell_over_data_rows_in_the_id_column(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "合并.xlsx",
        "失业人员管理台帐",
        ["姓名", "身份证号", "失业时间"],
        [["张三", P1, "2024-01-15"], ["李四", None, "2024-02-01"]],
    )
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("C4:C5")  # 身份证号 of rows 4 and 5
    wb.save(path)
    problems = rejected(path)
    (merged,) = [p for p in problems if "合并单元格" in p.message]
    assert (merged.sheet, merged.row, merged.column) == ("Sheet1", 5, "身份证号")
    assert "合并单元格 C4:C5 跨越第 4 至 5 行" in merged.message


def test_a_merged_cell_over_data_rows_elsewhere_is_filled_with_a_warning(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "合并.xlsx",
        "失业人员管理台帐",
        ["姓名", "身份证号", "失业时间"],
        [["张三", P1, "2024-01-15"], ["李四", P2, None]],
    )
    wb = openpyxl.load_workbook(path)
    wb.active.merge_cells("D4:D5")  # 失业时间 of both rows
    wb.save(path)
    summary = import_workbook(path, today=TODAY)
    assert summary.sheets["失业登记"].created == 2
    assert any("合并单元格 D4:D5" in w.message for w in summary.warnings)


def test_a_row_whose_gender_contradicts_its_id(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "性别.xlsx",
        "失业人员管理台帐",
        ["姓名", "性别", "身份证号", "失业时间"],
        [["张三", "男", P1, "2024-01-15"], ["李四", "男", P2, "2024-02-01"]],  # P2 is a woman's
    )
    (problem,) = rejected(path)
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("Sheet1", 5, "性别", "男")
    assert "与身份证号不符（按身份证号为女）" in problem.message


def test_a_birth_date_that_contradicts_the_id(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "出生.xlsx",
        "失业人员管理台帐",
        ["姓名", "出生日期", "身份证号", "失业时间"],
        [["张三", dt.date(1990, 3, 8), P1, "2024-01-15"]],
    )
    (problem,) = rejected(path)
    assert (problem.sheet, problem.row, problem.column) == ("Sheet1", 4, "出生日期")
    assert "1990-03-07" in problem.message


def test_gender_and_age_that_agree_are_not_stored_and_say_nothing(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "一致.xlsx",
        "失业人员管理台帐",
        ["姓名", "性别", "年龄", "出生日期", "身份证号", "失业时间"],
        [["张三", "男性", 34, "1990-03-07", P1, "2024-01-15"]],
    )
    summary = import_workbook(path, today=TODAY)
    assert not [w for w in summary.warnings if w.column in ("性别", "年龄", "出生日期")]


def test_an_age_off_by_more_than_a_year_is_a_warning(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "年龄.xlsx",
        "失业人员管理台帐",
        ["姓名", "年龄", "身份证号", "失业时间"],
        [["张三", 30, P1, "2024-01-15"]],
    )
    summary = import_workbook(path, today=TODAY)
    (warning,) = [w for w in summary.warnings if w.column == "年龄"]
    assert warning.row == 4 and "34 岁" in warning.message


def test_an_unknown_gender_word_is_a_warning(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "性别.xlsx",
        "失业人员管理台帐",
        ["姓名", "性别", "身份证号", "失业时间"],
        [["张三", "未知", P1, "2024-01-15"]],
    )
    summary = import_workbook(path, today=TODAY)
    assert any(w.column == "性别" and "无法识别" in w.message for w in summary.warnings)


def test_the_error_report_marks_the_cell_under_title_and_grouped_header_rows(
    db: Path, tmp_path: Path
) -> None:
    path = real_ledger(
        tmp_path / "失业.xlsx",
        "失业人员管理台帐",
        ["姓名", "性别", "身份证号", "失业时间", ("安置情况", ["再就业时间", "现就业单位"])],
        [["张三", "女", P1, "2024-01-15", "2024-13-01", "某公司"]],
    )
    with pytest.raises(ImportRejected) as info:
        import_workbook(path, today=TODAY)
    info.value.report.save_xlsx(path, tmp_path / "报告.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "报告.xlsx")["Sheet1"]
    assert ws["C5"].comment is not None and "性别" in ws["C5"].comment.text  # 性别 (B is 序号)
    assert ws["F5"].comment is not None and "就业日期" in ws["F5"].comment.text  # 安置情况/再就业时间
