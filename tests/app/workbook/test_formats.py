"""The formats stations receive (issue 13 item 1): .xls, .et, .ods, CSV in UTF-8 or GBK, each told by
its content; and the date and ID rules for what those formats store (items 6, bad input).

The .xls files are written by xlwt and the .ods files by odfpy (both dev dependencies), in each test.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import UserError
from app.workbook import ImportRejected, import_workbook
from app.workbook.csvfile import detect_encoding, sniff_delimiter
from app.workbook.reader import detect_format, open_source
from db.models import Person

from .conftest import ID1, ID2, person, persons, snapshot, write_book


def write_xls(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write(r, c, value, date_style)
                elif value is not None:
                    ws.write(r, c, value)
    wb.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, Sequence[Sequence[Any]]]) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            tr = TableRow()
            for value in row:
                if isinstance(value, int | float) and not isinstance(value, bool):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text="" if value is None else str(value)))
                tr.addElement(cell)
            table.addElement(tr)
        doc.spreadsheet.addElement(table)
    doc.save(str(path))
    return path


def names() -> dict[str, str]:
    return dict(Person.select(Person.id_number, Person.name).tuples())


ROWS = persons(person(ID1, "张三"), person(ID2, "李四", survey=dt.date(2024, 3, 2)))


# ---------------------------------------------------------------------------- spreadsheet formats


def test_an_xls_workbook_is_imported(db, tmp_path):
    path = write_xls(tmp_path / "台账.xls", {"人员": ROWS})
    assert detect_format(path) == "xls"
    import_workbook(path)
    assert names() == {ID1: "张三", ID2: "李四"}
    survey = Person.get(Person.id_number == ID2).survey_date
    assert survey == dt.date(2024, 3, 2)  # a date-formatted .xls cell is a date


def test_an_xls_with_an_id_stored_as_a_float_is_refused_naming_the_row(db, tmp_path):
    """The old format stored a typed ID as a float: 4.40106198001011e+17 (digits lost)."""
    rows = persons(person(ID1), person(4.40106198001011e17, "李四"), person(440106198001011000.0, "王五"))
    path = write_xls(tmp_path / "旧台账.xls", {"人员": rows})
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        import_workbook(path)
    problems = [(p.sheet, p.row, p.column) for p in info.value.report.problems]
    assert problems == [("人员", 3, "身份证号"), ("人员", 4, "身份证号")]
    assert all("Excel" in p.message and "数字" in p.message for p in info.value.report.problems)
    assert all(p.message.startswith(f"第 {p.row} 行") for p in info.value.report.problems)
    assert snapshot() == before


def test_an_et_file_is_read_by_its_content(db, tmp_path):
    """WPS saves .et as an .xls or an .xlsx inside; either is read."""
    xls = write_xls(tmp_path / "a.xls", {"人员": ROWS})
    xlsx = write_book(tmp_path / "b.xlsx", {"人员": ROWS})
    et_old, et_new = tmp_path / "旧.et", tmp_path / "新.et"
    shutil.copy(xls, et_old)
    shutil.copy(xlsx, et_new)
    assert (detect_format(et_old), detect_format(et_new)) == ("xls", "xlsx")
    import_workbook(et_old)
    import_workbook(et_new)
    assert names() == {ID1: "张三", ID2: "李四"}


def test_a_misnamed_file_is_read_by_its_content(db, tmp_path):
    xlsx_named_xls = tmp_path / "其实是新格式.xls"
    shutil.copy(write_book(tmp_path / "b.xlsx", {"人员": ROWS}), xlsx_named_xls)
    import_workbook(xlsx_named_xls)
    assert names() == {ID1: "张三", ID2: "李四"}


def test_an_ods_workbook_is_imported(db, tmp_path):
    path = write_ods(tmp_path / "台账.ods", {"人员": persons(person(ID1, "张三"))})
    assert detect_format(path) == "ods"
    import_workbook(path)
    assert names() == {ID1: "张三"}


def test_hidden_sheet_state_of_an_xls_is_known(tmp_path):
    import xlwt

    wb = xlwt.Workbook()
    wb.add_sheet("人员").write(0, 0, "x")
    hidden = wb.add_sheet("旧")
    hidden.write(0, 0, "y")
    hidden.visibility = 1
    path = tmp_path / "h.xls"
    wb.save(str(path))
    with open_source(path) as book:
        assert [book.sheet(n).state for n in book.sheetnames] == ["visible", "hidden"]


# ---------------------------------------------------------------------------- CSV


def write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str, delimiter: str = ",") -> Path:
    text = "\r\n".join(delimiter.join("" if v is None else str(v) for v in row) for row in rows)
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_a_csv_in_each_encoding_is_imported_as_the_sheet_of_its_name(db, tmp_path, encoding):
    path = write_csv(tmp_path / "人员.csv", persons(person(ID1, "张三"), person(ID2, "李四")), encoding)
    assert detect_format(path) == "csv"
    import_workbook(path)
    assert names() == {ID1: "张三", ID2: "李四"}


def test_a_gbk_csv_is_never_read_as_utf8(db, tmp_path):
    """GBK bytes are not valid UTF-8: the whole file is checked strictly, so a GBK file is read as GBK and
    its names arrive as written, never as replacement characters or mojibake."""
    rows = persons(person(ID1, "欧阳娜娜"), person(ID2, "李四"))
    path = write_csv(tmp_path / "人员.csv", rows, "gbk")
    assert detect_encoding(path) == "gb18030"
    import_workbook(path)
    stored = names()
    assert stored == {ID1: "欧阳娜娜", ID2: "李四"}
    assert not any("\ufffd" in n or "Ã" in n for n in stored.values())


def test_a_csv_whose_gbk_text_starts_late_is_still_gbk(tmp_path):
    """The encoding is decided from the whole file, not from its first kilobytes (ASCII at the top)."""
    rows = [["身份证号", "姓名"], *([ID1, "abc"] for _ in range(50_000)), [ID2, "李四"]]
    path = write_csv(tmp_path / "人员.csv", rows, "gbk")
    assert detect_encoding(path) == "gb18030"


def test_a_file_in_no_known_encoding_is_refused(db, tmp_path):
    path = tmp_path / "人员.csv"
    path.write_bytes("身份证号,姓名\r\n".encode() + b"\xff\xfe\xfd\x80\x80\r\n")
    before = snapshot()
    with pytest.raises(UserError) as info:
        import_workbook(path)
    assert "编码无法识别" in info.value.message
    assert snapshot() == before


@pytest.mark.parametrize("delimiter", [",", "\t", ";"])
def test_the_delimiter_is_sniffed(db, tmp_path, delimiter):
    path = write_csv(tmp_path / "人员.csv", persons(person(ID1, "张三")), "utf-8", delimiter)
    import_workbook(path)
    assert names() == {ID1: "张三"}


def test_sniffing_a_single_column_falls_back_to_comma():
    assert sniff_delimiter("身份证号\n110\n") == ","


def test_a_csv_keeps_leading_zeros_and_long_ids_as_text(tmp_path):
    path = write_csv(tmp_path / "人员.csv", [["身份证号", "编号"], [ID1, "007"]], "utf-8")
    with open_source(path) as book:
        assert book.sheetnames == ["人员"]
        assert list(book.sheet("人员").rows()) == [(1, ("身份证号", "编号")), (2, (ID1, "007"))]


def test_a_quoted_field_over_two_lines_is_one_row(tmp_path):
    path = tmp_path / "人员.csv"
    path.write_text('身份证号,备注\n"110","第一行\n第二行"\n120,x\n', encoding="utf-8")
    with open_source(path) as book:
        rows = list(book.sheet("人员").rows())
    assert rows == [(1, ("身份证号", "备注")), (2, ("110", "第一行\n第二行")), (3, ("120", "x"))]


def test_a_text_file_with_a_workbook_suffix_is_not_read_as_csv(db, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_text("身份证号,姓名\n", encoding="utf-8")
    with pytest.raises(UserError) as info:
        import_workbook(path)
    assert "不是有效的 Excel 工作簿" in info.value.message and "CSV" in info.value.message


# ---------------------------------------------------------------------------- dates as stored (item 6)


def _survey(db_unused: object, tmp_path: Path, value: Any, number_format: str | None = None) -> Any:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    for row in persons(person(ID1, survey=value)):
        ws.append(row)
    if number_format is not None:
        ws["D2"].number_format = number_format
    path = tmp_path / "日期.xlsx"
    wb.save(path)
    return import_workbook(path)


def test_an_eight_digit_number_is_a_date(db, tmp_path):
    _survey(db, tmp_path, 20240501)
    assert Person.get().survey_date == dt.date(2024, 5, 1)


def test_an_eight_digit_text_is_a_date(db, tmp_path):
    _survey(db, tmp_path, "20240501")
    assert Person.get().survey_date == dt.date(2024, 5, 1)


def test_a_serial_in_a_date_formatted_cell_is_that_day(db, tmp_path):
    _survey(db, tmp_path, 45413, "yyyy-mm-dd")
    assert Person.get().survey_date == dt.date(2024, 5, 1)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (2024, "只有年份"),
        ("2024", "只有年份"),
        (202405, "只有年和月"),
        ("202405", "只有年和月"),
        (20241301, "不存在"),
        (45413, "数字不会当作日期"),  # a serial without a date format: not 2024-05-01, not 1905
    ],
    ids=["year number", "year text", "month number", "month text", "no such day", "bare serial"],
)
def test_a_number_that_is_not_a_day_is_refused_naming_the_cell(db, tmp_path, value, words):
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        _survey(db, tmp_path, value)
    [problem] = info.value.report.problems
    assert (problem.sheet, problem.row, problem.column) == ("人员", 2, "调查日期")
    assert words in problem.message and str(value) in problem.message
    assert snapshot() == before
