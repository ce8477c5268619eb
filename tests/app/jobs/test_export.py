"""Excel export of vacancies: app/jobs_export.py, checked by reopening with openpyxl."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.core.errors import UserError
from app.jobs import vacancies as jobs
from app.jobs.export import COLUMNS, export_vacancies

TODAY = dt.date(2026, 11, 22)
LEDGER_COLUMNS = [
    "岗位编号", "单位名称", "岗位名称", "岗位类型", "招聘人数", "工作时间", "招聘要求", "薪酬待遇",
    "薪酬下限", "薪酬上限", "联系人", "联系电话", "工作地点", "收集日期", "收集方式", "发布渠道",
    "有效期至", "状态",
]  # fmt: skip


@pytest.fixture
def data(db):
    emp = jobs.save_employer({"name": "广州市荔香食品有限公司"})
    common = {"employer_id": emp.id, "kind": "全日制", "headcount": 2, "collected_on": "2026-11-01"}
    jobs.save_vacancy(
        {
            **common,
            "code": "G2026-0001",
            "title": "包装工",
            "hours": "8:00-17:00",
            "requirements": "18-45岁",
            "pay_text": "4000元/月",
            "pay_min": 3800,
            "pay_max": 4500,
            "contact": "陈小姐",
            "phone": "13912345678",
            "channels": "公告栏",
            "valid_until": "2026-12-31",
        }
    )
    jobs.save_vacancy({**common, "code": "G2026-0002", "title": "仓管", "contact": "陈小姐"})
    jobs.save_vacancy({**common, "code": "G2026-0003", "title": "已关闭岗位", "status": "已关闭"})


def _rows(path):
    ws = load_workbook(path)["岗位"]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_columns_are_the_ledger_sheet_plus_missing_elements():
    assert [h for h, _w in COLUMNS] == [*LEDGER_COLUMNS, "缺少要素"]


def test_export_open_vacancies(data, tmp_path):
    out = tmp_path / "岗位.xlsx"
    assert export_vacancies(out, today=TODAY) == 2
    ws, rows = _rows(out)
    assert rows[0] == [h for h, _w in COLUMNS]
    assert [r[0] for r in rows[1:]] == ["G2026-0001", "G2026-0002"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["单位名称"] == "广州市荔香食品有限公司"
    assert first["招聘人数"] == 2 and first["薪酬下限"] == 3800
    assert first["收集日期"] == dt.datetime(2026, 11, 1)  # a real date cell
    assert first["有效期至"] == dt.datetime(2026, 12, 31)
    assert first["状态"] == "招聘中"
    assert first["缺少要素"] is None  # complete
    second = dict(zip(rows[0], rows[2], strict=True))
    assert second["缺少要素"] == "工作时间、招聘要求、薪酬待遇、联系电话"
    assert ws.cell(row=2, column=14).number_format == "yyyy-mm-dd"


def test_export_all_vacancies(data, tmp_path):
    out = tmp_path / "all.xlsx"
    assert export_vacancies(out, only_open=False, today=TODAY) == 3
    _ws, rows = _rows(out)
    assert "已关闭岗位" in [r[2] for r in rows]


def test_export_print_setup(data, tmp_path):
    out = tmp_path / "p.xlsx"
    export_vacancies(out, today=TODAY)
    ws = load_workbook(out)["岗位"]
    assert ws.freeze_panes == "A2"
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.print_title_rows == "$1:$1"
    assert ws.column_dimensions["B"].width == 24
    assert ws.cell(row=1, column=1).font.bold


def test_export_empty(db, tmp_path):
    out = tmp_path / "e.xlsx"
    assert export_vacancies(out, today=TODAY) == 0
    _ws, rows = _rows(out)
    assert rows == [[h for h, _w in COLUMNS]]


def test_export_to_unwritable_place_is_a_user_error(data, tmp_path):
    target = tmp_path / "dir.xlsx"
    target.mkdir()
    with pytest.raises(UserError) as err:
        export_vacancies(target, today=TODAY)
    assert "无法写入" in err.value.message
