"""The exported workbook and the empty template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from app.core import codes
from app.core.errors import UserError
from app.core.idcard import mask_id
from app.workbook import export_workbook, import_workbook, layout, validate_workbook, write_template
from app.workbook.layout import LAST_ROW, pages_wide
from app.workbook.schema import CODES_SHEET, HELP_SHEET, SHEETS, Kind

from .conftest import ID1, ID2, PERSON_HEADERS, person, persons

SPEC_HEADERS = {
    "人员": "身份证号 姓名 联系电话 户编号 与户主关系 户籍类型 居住地址 网格 文化程度 劳动能力 "
    "就业状态 就业单位 失业原因 家庭状况 择业意向 职业技能 社会保障 就业意愿 培训需求 培训意向 "
    "是否残疾 调查日期 调查人 备注 期望月薪 期望岗位类型 女性退休年龄 离开原因 离开日期 "
    "就业创业证号 人员类别 户籍性质 民族 是否退役军人 技能等级 证书 参保情况 所学专业",
    "失业登记": "身份证号 登记日期 注销日期 注销原因 个人原因未就业 剔除说明 失业时间 失业前身份",
    "就业困难认定": "身份证号 认定日期 认定类别 帮扶等级 取消日期 取消原因",
    "就业记录": "身份证号 就业日期 就业形式 就业单位 岗位编号 离职日期 就业类型 就业渠道 所属产业 "
    "统一社会信用代码 岗位 月收入 劳动合同 合同期限",
    "零就业家庭": "户编号 认定日期 清零日期",
    "高校毕业生": "身份证号 毕业年份 毕业院校 专业 学历 困难家庭 就业意愿 去向落实日期 去向",
    "服务计划": "身份证号 制定日期 帮扶等级 帮扶目标 帮扶措施 责任人 复核日期",
    "服务记录": "身份证号 服务日期 服务类型 服务方式 服务内容 服务结果 经办人 下次跟进日期",
    "用人单位": "单位名称 单位类型 统一社会信用代码 联系人 联系电话 地址",
    "岗位": "岗位编号 单位名称 岗位名称 岗位类型 招聘人数 工作时间 招聘要求 薪酬待遇 薪酬下限 "
    "薪酬上限 联系人 联系电话 工作地点 收集日期 收集方式 发布渠道 有效期至 状态",
    "推荐记录": "身份证号 岗位编号 推荐日期 推荐结果 回访日期 备注",
    "培训推荐": "身份证号 推荐日期 培训类型 培训项目 培训结果 结业日期",
    "求职登记": "身份证号 登记日期 求职意向 期望薪资 求职地区 用工形式 职业指导次数 职业介绍次数",
    "投诉": "日期 内容 有效投诉 处理结果",
    "工作人员": "姓名 身份证号 岗位性质 文化程度 从事就业服务起始日期 持证情况 最近培训日期",
    "活动": "日期 活动类型 名称 参与人数 说明",
}


def test_schema_matches_the_spec():
    assert {s.name: " ".join(s.headers) for s in SHEETS} == SPEC_HEADERS


def test_schema_code_lists_come_from_app_codes():
    lists = {id(c) for c in codes.ALL_CODE_LISTS}
    for sheet in SHEETS:
        for col in sheet.columns:
            if col.kind in (Kind.CODE, Kind.CODES, Kind.YES_NO):
                assert col.codes is not None and id(col.codes) in lists, (sheet.name, col.header)


@pytest.fixture
def exported(db, book, tmp_path) -> Path:
    headers = [*PERSON_HEADERS, "联系电话"]
    import_workbook(book({
        "人员": persons([*person(ID1), "13800138000"], [*person(ID2, "李四"), None], headers=headers),
        "失业登记": [["身份证号", "登记日期"], [ID1, "2024-01-02"]],
    }))  # fmt: skip
    return tmp_path / "导出.xlsx"


def test_export_layout(exported):
    counts = export_workbook(exported)
    assert counts["人员"] == 2 and counts["失业登记"] == 1 and counts["活动"] == 0
    assert set(counts) == set(SPEC_HEADERS)
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == [*SPEC_HEADERS, "站点"]  # the station's own settings last
    ws = wb["人员"]
    assert [c.value for c in ws[1]] == SPEC_HEADERS["人员"].split()
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["A"].width >= 18
    id_cell = ws["A2"]
    assert (id_cell.value, id_cell.data_type, id_cell.number_format) == (ID1, "s", "@")
    survey = ws.cell(row=2, column=SPEC_HEADERS["人员"].split().index("调查日期") + 1)
    assert survey.is_date and survey.number_format == "yyyy-mm-dd"
    assert survey.value.date() == dt.date(2024, 3, 1)
    reg = wb["失业登记"]
    assert reg["A2"].value == ID1 and reg["B2"].is_date
    assert wb["活动"].max_row == 1


def test_export_masked(exported):
    export_workbook(exported, mask_ids=True)
    wb = openpyxl.load_workbook(exported)
    assert wb["人员"]["A2"].value == mask_id(ID1) and "*" in mask_id(ID1)
    assert wb["失业登记"]["A2"].value == mask_id(ID1)
    report = validate_workbook(exported)
    assert not report.ok and all("脱敏" in p.message for p in report.problems)


def test_export_progress(exported):
    calls: list[tuple[int, int, str]] = []
    export_workbook(exported, progress=lambda d, t, s: calls.append((d, t, s)))
    assert ("正在导出 人员 表…") in [c[2] for c in calls]
    assert calls[-1] == (3, 3, "正在保存文件…")


def test_export_to_locked_file(exported, monkeypatch):
    import os

    def denied(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(UserError) as info:
        export_workbook(exported)
    assert "文件可能正在其他程序（如 Excel" in info.value.message
    assert not exported.exists()
    assert list(exported.parent.glob(".*part*")) == []


def test_export_to_missing_folder(exported):
    with pytest.raises(UserError) as info:
        export_workbook(exported.parent / "没有" / "x.xlsx")
    assert "保存位置不存在" in info.value.message


def list_values(wb, dv) -> tuple[str, ...]:
    """The values a list drop-down offers: inline (``"a,b"``) or a range of the hidden 代码表 sheet."""
    formula = dv.formula1
    if formula.startswith('"'):
        return tuple(formula.strip('"').split(","))
    sheet, ref = formula.split("!")
    assert sheet.strip("'") == CODES_SHEET
    return tuple(c.value for row in wb[CODES_SHEET][ref.replace("$", "")] for c in row)


def check_layout(wb, sheet) -> None:
    """The sheet is laid out from the schema: header, widths, text columns, drop-downs, print setup."""
    ws = wb[sheet.name]
    assert [c.value for c in ws[1]] == sheet.headers
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"  # the header row repeated on every printed page
    setup = ws.page_setup
    wide = pages_wide(sheet)
    assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
        "landscape",
        9,
        wide,
        0,
    )
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    validated = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validated[rng.min_col] = (dv, rng)
    for i, col in enumerate(sheet.columns, start=1):
        letter = get_column_letter(i)
        dim = ws.column_dimensions[letter]
        assert dim.width >= max(col.width, len(col.header) + 2), (sheet.name, col.header)
        if col.codes is not None:
            dv, rng = validated[i]
            assert (dv.type, rng.min_row, rng.max_row, rng.max_col) == ("list", 2, LAST_ROW, i)
            assert list_values(wb, dv) == col.codes.values, (sheet.name, col.header)
        else:
            assert i not in validated
        if col.kind in (Kind.ID, Kind.REFERENCE):
            assert dim.number_format == "@", (sheet.name, col.header)
        else:
            assert dim.number_format == "General", (sheet.name, col.header)


def test_template(tmp_path):
    path = tmp_path / "模板.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [HELP_SHEET, *SPEC_HEADERS]  # every code list fits in an inline drop-down
    for sheet in SHEETS:
        ws = wb[sheet.name]
        check_layout(wb, sheet)
        assert ws.max_row == 1 or all(c.value is None for row in ws.iter_rows(min_row=2) for c in row)
        for i, col in enumerate(sheet.columns, start=1):
            if col.kind is Kind.ID:
                assert ws.cell(row=2, column=i).number_format == "@"
    help_text = " ".join(str(c.value) for row in wb[HELP_SHEET].iter_rows() for c in row if c.value)
    assert "文本格式" in help_text and codes.EMPLOYMENT_STATUS.allowed_text() in help_text


def test_template_long_code_lists_go_to_the_hidden_sheet(tmp_path, monkeypatch):
    monkeypatch.setattr(layout, "INLINE_LIST_LIMIT", 12)  # only the shortest lists stay inline
    path = tmp_path / "模板.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [HELP_SHEET, CODES_SHEET, *SPEC_HEADERS]
    assert wb[CODES_SHEET].sheet_state == "hidden"
    formulas = [dv.formula1 for s in SHEETS for dv in wb[s.name].data_validations.dataValidation]
    assert any(f.startswith('"') for f in formulas) and any(CODES_SHEET in f for f in formulas)
    for sheet in SHEETS:
        check_layout(wb, sheet)


def test_export_is_laid_out_like_the_template(exported):
    export_workbook(exported)
    wb = openpyxl.load_workbook(exported)
    assert CODES_SHEET not in wb.sheetnames
    for sheet in SHEETS:
        check_layout(wb, sheet)


def test_export_long_code_lists_go_to_a_hidden_last_sheet_and_import_back(exported, monkeypatch):
    monkeypatch.setattr(layout, "INLINE_LIST_LIMIT", 30)
    export_workbook(exported)
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == [*SPEC_HEADERS, "站点", CODES_SHEET]
    assert wb[CODES_SHEET].sheet_state == "hidden"
    assert wb.active.title == "人员"
    for sheet in SHEETS:
        check_layout(wb, sheet)
    report = validate_workbook(exported)
    assert report.ok, report.problems


def test_export_id_cells_and_column_stay_text(exported):
    export_workbook(exported)
    wb = openpyxl.load_workbook(exported)
    ws = wb["人员"]
    assert ws.column_dimensions["A"].number_format == "@"
    assert [(c.value, c.data_type, c.number_format) for c in ws["A"][1:]] == [
        (ID1, "s", "@"),
        (ID2, "s", "@"),
    ]


def test_template_filled_in_imports(db, tmp_path):
    path = tmp_path / "模板.xlsx"
    write_template(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["人员"]
    values = dict(zip(SPEC_HEADERS["人员"].split(), person(ID1), strict=False))
    values = {"身份证号": ID1, "姓名": "张三", "就业状态": "未就业", "调查日期": "2024-03-01"}
    for i, cell in enumerate(ws[1], start=1):
        if cell.value in values:
            ws.cell(row=2, column=i, value=values[cell.value])
    wb.save(path)
    assert import_workbook(path).sheets["人员"].created == 1
