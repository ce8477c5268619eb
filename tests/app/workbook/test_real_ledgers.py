"""The ledgers stations really keep (REAL_LEDGERS.md) come in as they are: each shape built here with a
title merged across the columns, a station line, a 序号 column and (where the shape has one) a two-row
header with 安置情况 merged over its columns; each is split into the app's records."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from app.cli.main import main
from app.core.idcard import make_id
from app.workbook import import_workbook, validate_workbook
from app.workbook.schema import SHEETS_BY_NAME
from db.connection import close_database
from db.models import Employment, Person, Recognition, Registration
from tests.app.workbook.ledgers import real_ledger

TODAY = dt.date(2024, 10, 8)
PLACEMENT = ["再就业时间", "现就业单位", "就业岗位", "就业去向", "是否签定劳动合同", "合同期限"]
P1 = make_id("440106", dt.date(1990, 3, 7), 11)  # male
P2 = make_id("440106", dt.date(1985, 12, 1), 22)  # female
P3 = make_id("440106", dt.date(1978, 6, 30), 33)  # male

UNEMPLOYED_HEADERS = [
    "姓名",
    "性别",
    "年龄",
    "文化程度",
    "身份证号",
    "户籍性质",
    "技能特长",
    "就业创业证号",
    "是否登记失业人员",
    "失业人员类型",
    "失业时间",
    ("安置情况", ["再就业时间", "现就业单位", "就业岗位"]),
    "求职意向",
    "联系电话",
    "备注",
]


def unemployed_ledger(path: Path) -> Path:
    return real_ledger(
        path,
        "XX社区失业人员管理台帐",
        UNEMPLOYED_HEADERS,
        [
            ["张三", "男", 34, "大专", P1, "城镇", "电工", "", "是", "其他", "2024-01-15",
             "2024-06-01", "某某物业公司", "电工", "保安", "13800138000", ""],
            ["李四", "女", 38, "本科", P2, "农村", "", "", "是", "其他", "2024/2/1",
             None, None, None, "文员", "13900139000", "长期联系"],
            ["王五", "男", 46, "初中", P3, "城镇", "", "", "是", "其他", "20240301",
             "2024年5月10日", None, None, "", "13700137000", ""],
        ],
    )  # fmt: skip


def test_unemployed_ledger_gives_persons_registrations_and_employments(db: Path, tmp_path: Path) -> None:
    summary = import_workbook(unemployed_ledger(tmp_path / "失业.xlsx"), today=TODAY)
    assert summary.sheets["人员"].created == 3
    zhang = Person.get(Person.id_number == P1)
    assert (zhang.name, zhang.education, zhang.skills, zhang.job_intention) == (
        "张三",
        "大学专科",
        "电工",
        "保安",
    )
    assert (zhang.employment_status, zhang.employer, zhang.survey_date) == ("单位就业", "某某物业公司", TODAY)
    assert Person.get(Person.id_number == P2).employment_status == "未就业"
    registrations = {
        r.person.id_number: (r.registered_on, r.cancelled_on, r.cancel_reason) for r in Registration.select()
    }
    assert registrations == {
        P1: (dt.date(2024, 1, 15), dt.date(2024, 6, 1), "被用人单位录用"),
        P2: (dt.date(2024, 2, 1), None, ""),
        P3: (dt.date(2024, 3, 1), dt.date(2024, 5, 10), "灵活就业"),
    }
    employments = {e.person.id_number: (e.started_on, e.form, e.employer) for e in Employment.select()}
    assert employments == {
        P1: (dt.date(2024, 6, 1), "单位就业", "某某物业公司"),
        P3: (dt.date(2024, 5, 10), "灵活就业", ""),
    }


def test_unemployed_ledger_warns_about_what_it_leaves_out(db: Path, tmp_path: Path) -> None:
    report = validate_workbook(unemployed_ledger(tmp_path / "失业.xlsx"), today=TODAY)
    assert report.ok, report.text()
    messages = [(w.sheet, w.row, w.column, w.message) for w in report.warnings]
    assert ("Sheet1", 3, "失业人员类型", "本程序暂不保存的列“失业人员类型”，已忽略") in messages
    assert ("Sheet1", None, None, "没有调查日期列，按导入日期 2024-10-08 填写，请核对") in messages
    # Title and header rows are not data: no warning about their merged cells.
    assert not any("合并单元格" in w.message for w in report.warnings)


def test_a_row_not_registered_gives_no_registration(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "失业.xlsx",
        "失业人员管理台帐",
        ["姓名", "身份证号", "是否登记失业人员", "失业时间"],
        [["张三", P1, "否", "2024-01-15"], ["李四", P2, "是", "2024-02-01"]],
    )
    import_workbook(path, today=TODAY)
    assert [r.person.id_number for r in Registration.select()] == [P2]
    assert Person.select().count() == 2


def test_a_registered_row_without_its_date_is_a_warning(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "失业.xlsx",
        "失业人员管理台帐",
        ["姓名", "身份证号", "是否登记失业人员", "失业时间"],
        [["张三", P1, "是", None]],
    )
    summary = import_workbook(path, today=TODAY)
    assert Registration.select().count() == 0 and Person.select().count() == 1
    (warning,) = [w for w in summary.warnings if "没有失业时间" in w.message]
    assert (warning.sheet, warning.row, warning.column) == ("Sheet1", 4, "是否登记失业人员")


def test_reemployment_ledger_without_title_or_station_line(db: Path, tmp_path: Path) -> None:
    """失业人员再就业信息明细台帐: 安置情况 with 就业渠道 and 所属产业; no subtitle line."""
    path = real_ledger(
        tmp_path / "再就业.xlsx",
        "失业人员再就业信息明细台帐",
        [
            "姓名",
            "身份证号码",
            "失业人员类型",
            "失业时间",
            ("安置情况", ["再就业时间", "就业渠道", "现就业单位", "就业岗位", "所属产业"]),
            "联系电话",
        ],
        [["张三", P1, "其他", "2024-01-15", "2024-06-01", "非公有制企业", "某公司", "电工", "第三产业", ""]],
        subtitle=None,
    )
    import_workbook(path, today=TODAY)
    assert Employment.get().employer == "某公司"
    assert Registration.get().cancel_reason == "被用人单位录用"


def test_difficulty_ledger_gives_recognitions(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "就困.xlsx",
        "XX社区就业困难人员管理台帐",
        [
            "姓名",
            "性别",
            "年龄",
            "文化程度",
            "身份证号",
            "技能特长",
            "就业困难人员类型",
            "就业创业证号",
            "家庭住址",
            "联系电话",
            ("安置情况", PLACEMENT),
            "是否就业援助对象",
            "就业援助形式",
        ],
        [
            ["王五", "男", 46, "初中", P3, "", "4050人员", "", "XX路1号", "13700137000",
             "2024-07-01", None, None, "公益性岗位", "是", "1年", "是", "公益性岗位"],
            ["李四", "女", 38, "高中", P2, "", "低保人员、残疾人", "", "XX路2号", "13900139000",
             None, None, None, None, None, None, "是", ""],
        ],
    )  # fmt: skip
    import_workbook(path, today=TODAY)
    recognitions = {r.person.id_number: (r.recognized_on, r.categories) for r in Recognition.select()}
    assert recognitions == {P3: (TODAY, "大龄"), P2: (TODAY, "低保、残疾")}
    employment = Employment.get()
    assert (employment.person.id_number, employment.form) == (P3, "公益性岗位")
    assert Person.get(Person.id_number == P3).address == "XX路1号"


def test_new_employment_list_gives_employments(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "新就业.xlsx",
        "新就业人员实名制明细表",
        ["地市名称", "姓名", "性别", "身份证号", "联系电话", "登记就业时间", "就业单位", "就业人员类型"],
        [
            ["广州市", "张三", "男", P1, "13800138000", "2024-03-01", "某公司", "单位就业"],
            ["广州市", "李四", "女", P2, "13900139000", "2024-04-01", "", "个体工商户"],
            ["广州市", "王五", "男", P3, "13700137000", "2024-05-01", "", "失业人员再就业"],
        ],
    )
    import_workbook(path, today=TODAY)
    forms = {e.person.id_number: (e.started_on, e.form) for e in Employment.select()}
    assert forms == {
        P1: (dt.date(2024, 3, 1), "单位就业"),
        P2: (dt.date(2024, 4, 1), "个体经营"),
        P3: (dt.date(2024, 5, 1), "灵活就业"),  # the type names no form, no employer: 灵活就业
    }
    assert Person.get(Person.id_number == P2).employment_status == "个体经营"


JOB_SEEKER_HEADERS = [
    "姓名",
    "性别",
    "年龄",
    "文化程度",
    "所学专业",
    "身份证号",
    "求职地区",
    "用工形式",
    "技能特长",
    "求职意向",
    "期望薪资",
    "是否应届高校毕业生",
    "是否农村转移劳动者",
    "职业指导次数",
    "职业介绍次数",
    "登记时间",
    "联系电话",
]


def job_seeker_ledger(path: Path) -> Path:
    return real_ledger(
        path,
        "求职人员登记台帐",
        JOB_SEEKER_HEADERS,
        [["张三", "男", 34, "本科", "会计", P1, "本地", "长期", "", "会计", "4000-5000", "否", "否", 1, 2,
          "2024-09-01", "13800138000"]],
    )  # fmt: skip


def test_job_seeker_ledger_gives_persons(db: Path, tmp_path: Path) -> None:
    """登记时间 is the survey date, the number in 期望薪资 the expected pay, 求职意向 the wanted job."""
    import_workbook(job_seeker_ledger(tmp_path / "求职.xlsx"), today=TODAY)
    zhang = Person.get()
    assert (zhang.survey_date, zhang.expected_pay, zhang.job_intention) == (dt.date(2024, 9, 1), 4000, "会计")
    assert zhang.education == "大学本科"


def test_job_seeker_ledger_gives_job_seeking_registrations(db: Path, tmp_path: Path) -> None:
    import_workbook(job_seeker_ledger(tmp_path / "求职.xlsx"), today=TODAY)
    model = SHEETS_BY_NAME["求职登记"].model
    (row,) = model.select()
    assert (row.registered_on, row.expected_pay, row.area, row.work_form) == (
        dt.date(2024, 9, 1),
        4000,
        "本地",
        "长期",
    )
    assert (row.guidance_count, row.introduction_count, row.intention) == (1, 2, "会计")
    assert Person.get().major == "会计"


def test_sheet1_with_a_person_table_and_synonym_headers(db: Path, tmp_path: Path) -> None:
    path = real_ledger(
        tmp_path / "人员.xlsx",
        "花名册",
        ["公民身份号码", "姓名", "手机号", "学历", "户口类型", "就业状态", "走访日期"],
        [[P1, "张三", "13800138000", "大专", "本市", "失业", "2024-03-01"]],
    )
    summary = import_workbook(path, today=TODAY)
    assert summary.sheets["人员"].created == 1
    zhang = Person.get()
    assert (zhang.phone, zhang.education, zhang.hukou_type, zhang.employment_status) == (
        "13800138000",
        "大学专科",
        "本市户籍",
        "未就业",
    )


def test_a_second_ledger_feeding_the_same_sheet_names_its_own_rows(db: Path, tmp_path: Path) -> None:
    """Two source sheets feed 人员: a problem in the second is named by its own sheet and row."""
    import openpyxl

    path = unemployed_ledger(tmp_path / "两表.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("新就业")
    ws.append(["姓名", "身份证号", "登记就业时间", "就业单位", "就业人员类型"])
    ws.append(["赵六", "440106199001011234", "2024-03-01", "某公司", "单位就业"])
    wb.save(path)
    report = validate_workbook(path, today=TODAY)
    assert {(p.sheet, p.row, p.column) for p in report.problems} == {("新就业", 2, "身份证号")}


@pytest.mark.parametrize("sheet_name", ["Sheet1", "失业人员"])
def test_unemployed_ledger_end_to_end_in_the_guangzhou_assessment(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], sheet_name: str
) -> None:
    """The imported ledger feeds the score: 3 registered in the period, 2 re-employed -> 2/3."""
    source = unemployed_ledger(tmp_path / "失业.xlsx")
    if sheet_name != "Sheet1":
        import openpyxl

        wb = openpyxl.load_workbook(source)
        wb.active.title = sheet_name
        wb.save(source)
    import_workbook(source, today=TODAY)
    close_database()
    code = main(
        [
            "--db",
            str(db),
            "score",
            "--standard",
            "guangzhou-full-employment-2024",
            "--from",
            "2024-01-01",
            "--to",
            "2024-09-30",
            "--json",
        ]
    )
    assert code == 0
    items = {it["id"]: it for it in json.loads(capsys.readouterr().out)["items"]}
    indicator = items["1.1"]["indicator"]
    assert indicator["id"] == "reemployment_rate"
    assert (indicator["numerator"], indicator["denominator"]) == (2, 3)
    assert indicator["sets"] == {"base": 3, "excluded": 0, "employed": 2, "not_employed": 1}


def test_a_sheet_without_the_key_of_an_app_sheet_is_not_taken_for_it(db: Path, tmp_path: Path) -> None:
    """A side sheet of 姓名 and 联系电话 (no 身份证号) stays unrecognised: a warning, not a refusal."""
    import openpyxl

    path = unemployed_ledger(tmp_path / "失业.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("联系人")
    ws.append(["姓名", "联系电话"])
    ws.append(["王主任", "13800000000"])
    wb.save(path)
    report = validate_workbook(path, today=TODAY)
    assert report.ok, report.text()
    assert any(w.sheet == "联系人" and "未识别的工作表" in w.message for w in report.warnings)


def test_a_person_in_two_ledgers_is_one_person(db: Path, tmp_path: Path) -> None:
    """张三 is in the 失业人员 ledger and the 就业困难 ledger: one person, his columns merged, a note."""
    import openpyxl

    path = unemployed_ledger(tmp_path / "两本台帐.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("就业困难人员管理台帐")
    ws.append(["姓名", "身份证号", "就业困难人员类型", "是否就业援助对象", "家庭住址", "联系电话"])
    ws.append(["张三", P1, "低保人员", "是", "XX路9号", "13811111111"])
    wb.save(path)
    summary = import_workbook(path, today=TODAY)
    assert summary.sheets["人员"].created == 3
    zhang = Person.get(Person.id_number == P1)
    assert (zhang.address, zhang.phone, zhang.skills) == ("XX路9号", "13800138000", "电工")
    assert Recognition.get().person.id_number == P1
    assert Registration.select().count() == 3
    notes = [(w.sheet, w.row, w.column) for w in summary.warnings if "Sheet1" in w.message]
    assert ("就业困难人员管理台帐", 2, None) in notes
    assert ("就业困难人员管理台帐", 2, "联系电话") in notes  # 13811111111 differs: the first is kept


def test_an_app_sheet_is_let_go_after_recognising_and_read_again_when_checked(
    db: Path, tmp_path: Path
) -> None:
    """The importer holds one sheet's cells at a time: after reading, an app sheet found in the file is a
    RecognisedSheet with no rows in memory; checking reads it again (header rows dropped, app headers)."""
    from app.workbook.importer import _Validator
    from app.workbook.recognise import RecognisedSheet

    path = real_ledger(
        tmp_path / "人员.xlsx",
        "花名册",
        ["公民身份号码", "姓名", "手机号", "就业状态", "走访日期"],
        [[P1, "张三", "13800138000", "失业", "2024-03-01"], [P2, "李四", "", "灵活就业", "2024-03-02"]],
    )
    validator = _Validator(None, 1, TODAY)
    try:
        raws = validator.read(path)
        person = raws["人员"]
        assert isinstance(person, RecognisedSheet) and person.rows == [] and not person.loaded
        person.load()
        assert [number for number, _values in person.rows] == [4, 5]  # under the title and the header
        assert {"身份证号", "姓名", "联系电话"} <= set(person.headers)
    finally:
        validator.close()
    assert import_workbook(path, today=TODAY).sheets["人员"].created == 2


def _ledger_and_app_persons(tmp_path: Path) -> Path:
    """A 失业人员 ledger (three persons) and, after it, the app's own 人员 sheet with a fourth."""
    import openpyxl

    path = unemployed_ledger(tmp_path / "两种表.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.create_sheet("人员")
    ws.append(["身份证号", "姓名", "就业状态", "调查日期"])
    ws.append([make_id("440106", dt.date(1992, 1, 2), 44), "赵六", "未就业", "2024-03-01"])
    wb.save(path)
    return path


def test_an_app_sheet_and_a_real_ledger_feeding_the_same_sheet_are_joined(db: Path, tmp_path: Path) -> None:
    """The app's own 人员 sheet (let go after reading) and a 失业人员 ledger both give persons: the app
    sheet is read again to be joined with the ledger's rows."""
    summary = import_workbook(_ledger_and_app_persons(tmp_path), today=TODAY)
    assert summary.sheets["人员"].created == 4
    assert Person.get(Person.name == "赵六").employment_status == "未就业"


def test_a_sheet_written_as_it_was_checked_then_joined_starts_the_import_again(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app's 人员 sheet after a ledger that also gives persons: it was written row by row before the
    ledger's rows were joined to it, so the import is rolled back and run again with every sheet held
    whole; what it writes is the same, once."""
    from app.workbook import importer

    path = _ledger_and_app_persons(tmp_path)
    runs: list[bool] = []
    real = importer._run

    def counted(*args: Any, stream: bool, dry_run: bool) -> Any:
        runs.append(stream)
        return real(*args, stream=stream, dry_run=dry_run)

    monkeypatch.setattr(importer, "_run", counted)
    summary = import_workbook(path, today=TODAY)
    assert runs == [True, False]
    assert summary.sheets["人员"].created == 4 and Person.select().count() == 4
