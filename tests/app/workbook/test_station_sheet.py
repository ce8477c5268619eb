"""The optional 站点 sheet: exported with the ledger, read back by the import with the page's rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from app.station import profile as station
from app.workbook.exporter import export_workbook
from app.workbook.importer import ImportRejected, import_workbook, validate_workbook
from db.connection import close_database, open_database
from db.models import Person, StationProfile


def _person() -> None:
    Person.create(
        id_number="110101199001011237",
        name="张三",
        gender="男",
        birth_date=dt.date(1990, 1, 1),
        employment_status="未就业",
        survey_date=dt.date(2024, 1, 1),
    )


def _set_up() -> None:
    station.save_profile(
        {"name": "幸福社区就业服务站", "kind": "社区", "working_age_population": "1200",
         "area_m2": "65.5", "opened_on": "2020-03-01", "complaint_channel": "=12345"}
    )  # fmt: skip
    station.set_star_rating(2023, "三星")
    _person()


def test_export_then_import_restores_the_settings(db: Path, tmp_path: Path) -> None:
    _set_up()
    path = tmp_path / "台账.xlsx"
    export_workbook(path)
    ws = openpyxl.load_workbook(path)["站点"]
    lines = {r[0]: r[1] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert lines["辖区法定劳动年龄人口数"] == 1200
    assert lines["场地面积（平方米）"] == 65.5
    assert lines["星级评定（2023年）"].startswith("三星")
    assert lines["投诉渠道"] == "=12345"  # text, never a formula
    assert ws.cell(row=[r[0].value for r in ws.iter_rows()].index("投诉渠道") + 1, column=2).data_type == "s"

    close_database()
    open_database(tmp_path / "新.sqlite")
    summary = import_workbook(path)
    assert summary.station_settings >= 6
    p = station.get_profile()
    assert (p.name, p.working_age_population, p.area_m2) == ("幸福社区就业服务站", 1200, Decimal("65.5"))
    assert p.opened_on == dt.date(2020, 3, 1)
    assert [(r.year, r.stars) for r in station.list_star_ratings()] == [(2023, 3)]


def _book(path: Path, lines: list[tuple[str, object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(["身份证号", "姓名", "性别", "出生日期", "就业状态", "调查日期"])
    ws.append(["110101199001011237", "张三", "男", "1990-01-01", "未就业", "2024-01-01"])
    st = wb.create_sheet("站点")
    st.append(["项目", "内容"])
    for line in lines:
        st.append(list(line))
    wb.save(path)
    return path


def test_a_station_without_the_page_reads_the_figures_from_the_workbook(db: Path, tmp_path: Path) -> None:
    """The issue's case: a station that keeps its records in Excel gives 辖区法定劳动年龄人口数, 场地面积."""
    lines = [("站点名称", "和平村就业服务站"), ("站点类型", "村"), ("辖区法定劳动年龄人口数", 800),
             ("场地面积", "52平方米")]  # fmt: skip
    path = _book(tmp_path / "a.xlsx", lines)
    import_workbook(path)
    p = station.get_profile()
    assert (p.working_age_population, p.area_m2) == (800, Decimal(52))


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (("场地面积（平方米）", "-5"), "场地面积应大于 0 平方米"),
        (("辖区法定劳动年龄人口数", "很多"), "辖区法定劳动年龄人口数"),
        (("星级评定（2023年）", "六星"), "星级应为一星至五星"),
        (("楼层", "3"), "站点信息没有“楼层”这一项"),
    ],
)
def test_a_bad_line_rejects_the_whole_import(
    db: Path, tmp_path: Path, line: tuple[str, str], message: str
) -> None:
    path = _book(tmp_path / "b.xlsx", [("站点名称", "和平村就业服务站"), ("站点类型", "村"), line])
    report = validate_workbook(path)
    assert any(p.sheet == "站点" and message in p.message for p in report.problems), report.problems
    with pytest.raises(ImportRejected):
        import_workbook(path)
    assert Person.select().count() == 0 and StationProfile.select().count() == 0


def test_settings_need_a_station_name(db: Path, tmp_path: Path) -> None:
    path = _book(tmp_path / "c.xlsx", [("辖区法定劳动年龄人口数", 800)])
    report = validate_workbook(path)
    assert any("站点名称" in p.message for p in report.problems)
