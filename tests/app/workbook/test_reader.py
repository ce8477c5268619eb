"""The calamine reader gives what openpyxl's read-only mode gives (a date-formatted cell as a date, a whole
number as an int), for files written by openpyxl in both modes and for hand-made files with the variants
other programs (Excel, WPS) write; and the sheet grid (SourceSheet) of the reader's contract."""

from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from app.core.errors import UserError
from app.workbook.reader import CellRange, open_source, open_values


def _as_read(value: Any) -> Any:
    """openpyxl's value as the reader gives it: a midnight datetime of a date cell is a date, a whole
    float an int."""
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def by_openpyxl(path: Path, name: str) -> list[tuple[int, list[Any]]]:
    """Non-empty rows of a sheet as openpyxl's read-only, values-only mode reads them (trailing Nones
    dropped: openpyxl pads rows to the sheet's width)."""
    with warnings.catch_warnings():  # hand-made files have no default style: openpyxl warns
        warnings.simplefilter("ignore", UserWarning)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[name]
        out = []
        for number, values in enumerate(ws.iter_rows(values_only=True), start=ws.min_row or 1):
            cells = [_as_read(v) for v in values]
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                out.append((number, cells))
        return out
    finally:
        wb.close()


def _trimmed(values: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row's values without the empty cells after its last (calamine pads a row to the sheet's width, a
    sheet read row by row ends it at its last cell)."""
    cells = list(values)
    while cells and cells[-1] is None:
        cells.pop()
    return tuple(cells)


def by_fast_reader(path: Path, name: str) -> list[tuple[int, list[Any]]]:
    with open_values(path) as book:
        out = []
        for number, values in book.rows(name):
            cells = list(values)
            while cells and cells[-1] is None:
                cells.pop()
            if cells:
                out.append((number, cells))
        return out


ROWS: list[list[Any]] = [
    ["身份证号", "姓名", "日期", "数", "是否", "空", "备注"],
    ["110101199003070011", "张三", dt.date(2024, 3, 1), 3, True, None, "a & b < c"],
    ["11010119900307001X", "李 四", dt.datetime(2024, 3, 1, 8, 30), 2.5, False, None, "  前后空格  "],
    [110101199003070011, "王五", "2024/3/1", -7, None, None, "全角１２３　"],
    [None, None, None, None, None, None, None],
    ["", "只有第二列", None, 0, None, None, "=1+1"],
]


@pytest.mark.parametrize("write_only", [False, True], ids=["shared strings", "inline strings"])
def test_same_values_as_openpyxl(tmp_path, write_only):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook(write_only=write_only)
    ws = wb.create_sheet("人员")
    for row in ROWS:
        ws.append(row)
    if not write_only:
        ws["J9"] = "远处的单元格"
        ws["C2"].number_format = "yyyy-mm-dd"
        ws["A12"] = dt.time(9, 15)
        ws["B12"] = dt.timedelta(hours=30)
        ws["C12"] = CellRichText(["普通", TextBlock(InlineFont(b=True), "加粗")])
        wb.remove(wb["Sheet"])
    wb.save(path)
    fast = by_fast_reader(path, "人员")
    expected = by_openpyxl(path, "人员")
    if not write_only:  # calamine gives the time and the duration as their text
        assert fast[-1] == (12, ["09:15:00", "1 day, 6:00:00", "普通加粗"])
        assert expected[-1][1][:2] == [dt.time(9, 15), dt.timedelta(hours=30)]
        fast, expected = fast[:-1], expected[:-1]
    assert fast == expected
    assert fast[1][1][2] == dt.date(2024, 3, 1)  # a date cell comes back as a date
    assert fast[2][1][2] == dt.datetime(2024, 3, 1, 8, 30)  # with its time when it has one
    number = fast[3][1][0]  # an ID Excel stored as a number stays a number (the importer refuses it)
    assert isinstance(number, int | float) and int(number) // 10**5 == 110101199003070011 // 10**5


def test_sheet_names_in_workbook_order(tmp_path):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.create_sheet("人员")
    wb.create_sheet("失业登记")
    wb.save(path)
    with open_values(path) as book:
        assert book.sheetnames == ["说明", "人员", "失业登记"]
        assert book.read("失业登记").header_row == 0


def test_header_and_rows_with_their_excel_row_numbers(tmp_path):
    path = tmp_path / "book.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws["B3"] = "身份证号"
    ws["C3"] = "姓名"
    ws["B5"] = "110101199003070011"
    ws["C7"] = "张三"
    ws["C8"] = "   "
    wb.save(path)
    with open_values(path) as book:
        raw = book.read("人员")
    assert (raw.header_row, raw.headers) == (3, ["", "身份证号", "姓名"])
    assert [(n, _trimmed(v)) for n, v in raw.rows] == [
        (5, (None, "110101199003070011")),
        (7, (None, None, "张三")),
    ]


# ---------------------------------------------------------------------------- hand-made packages

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def package(
    path: Path, sheet_xml: str, *, shared: str = "", date1904: bool = False, prefix: str = ""
) -> Path:
    """A minimal .xlsx written by hand: one sheet 人员, optional shared strings, one date style (s=1)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns:{prefix}="{_NS}"' if prefix else f'xmlns="{_NS}"'
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_R}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<{p}workbook {xmlns} xmlns:r="{_R}">'
            f"<{p}workbookPr{' date1904=' + chr(34) + '1' + chr(34) if date1904 else ''}/>"
            f'<{p}sheets><{p}sheet name="人员" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="/xl/worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_R}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{_R}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"
        ),
        "xl/styles.xml": (
            f'<{p}styleSheet {xmlns}><{p}numFmts count="1">'
            f'<{p}numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/>'
            f'</{p}numFmts><{p}cellXfs count="3"><{p}xf numFmtId="0"/><{p}xf numFmtId="164"/>'
            f'<{p}xf numFmtId="14"/></{p}cellXfs></{p}styleSheet>'
        ),
        "xl/sharedStrings.xml": f"<{p}sst {xmlns}>{shared}</{p}sst>",
        "xl/worksheets/sheet1.xml": (
            f"<{p}worksheet {xmlns}><{p}sheetData>{sheet_xml}</{p}sheetData></{p}worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return path


# Shared strings and cells as other programs write them (rich text with a phonetic run, escapes,
# formulas with their values, errors, ISO dates, cells without a reference, an empty row).
OTHER_PROGRAMS_SHARED = (
    "<si><t>身份证号</t></si>"
    '<si><r><rPr><b/></rPr><t xml:space="preserve">张</t></r><r><t>三</t></r>'
    "<rPh sb='0' eb='1'><t>ZHANG</t></rPh></si>"
    "<si><t>a_x005F_x000D_b</t></si>"
)
OTHER_PROGRAMS_SHEET = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
    '<row r="4" spans="1:6">'
    '<c r="A4" s="1"><v>45352</v></c>'  # custom date format
    '<c r="B4" s="2"><v>45352.5</v></c>'  # built-in date format 14
    '<c r="C4" t="b"><v>1</v></c>'
    '<c r="D4" t="str"><f>A1&amp;"x"</f><v>身份证号x</v></c>'
    '<c r="E4" t="e"><v>#N/A</v></c>'
    '<c r="F4" t="inlineStr"><is><t>&lt;全&amp;角&gt;&#20013;</t></is></c>'
    "</row>"
    '<row r="5"><c t="s"><v>2</v></c><c><v>1E3</v></c><c t="d"><v>2024-03-01T00:00:00</v></c>'
    '<c><v></v></c><c r="G5"><v>7</v></c></row>'
    '<row r="6"/>'
)


def test_cell_kinds_of_other_programs(tmp_path):
    shared, sheet = OTHER_PROGRAMS_SHARED, OTHER_PROGRAMS_SHEET
    path = package(tmp_path / "手工.xlsx", sheet, shared=shared)
    fast = by_fast_reader(path, "人员")
    assert fast == [
        (1, ["身份证号", None, "张三"]),
        (
            4,
            [
                dt.date(2024, 3, 1),
                dt.datetime(2024, 3, 1, 12, 0),
                True,
                "身份证号x",
                None,  # an error value (#N/A) is a blank cell
                "<全&角>中",
            ],
        ),
        (5, ["a_x000D_b", 1000, dt.date(2024, 3, 1), None, None, None, 7]),
    ]


def test_prefixed_namespace_and_1904_dates(tmp_path):
    sheet = '<x:row r="2"><x:c r="B2" s="1"><x:v>1</x:v></x:c><x:c r="C2"><x:v>12</x:v></x:c></x:row>'
    path = package(tmp_path / "前缀.xlsx", sheet, date1904=True, prefix="x")
    assert by_fast_reader(path, "人员") == [(2, [None, dt.date(1904, 1, 2), 12])]


def test_date_serial_out_of_range_stays_a_number(tmp_path):
    """The date rule of the importer refuses it (99999999 is not a day)."""
    path = package(tmp_path / "坏日期.xlsx", '<row r="1"><c r="A1" s="1"><v>99999999</v></c></row>')
    assert by_fast_reader(path, "人员") == [(1, [99999999])]


@pytest.mark.parametrize(
    "damage",
    [
        lambda files: files.pop("xl/workbook.xml"),
        lambda files: files.__setitem__("xl/workbook.xml", "<workbook"),
        lambda files: files.__setitem__("xl/workbook.xml", "<other xmlns='urn:x'/>"),
    ],
    ids=["no workbook part", "broken XML", "not a spreadsheet"],
)
def test_damaged_package_is_refused_in_chinese(tmp_path, damage):
    good = package(tmp_path / "好.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(good) as zf:
        files = {n: zf.read(n).decode() for n in zf.namelist()}
    damage(files)
    bad = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    with pytest.raises(UserError) as info:
        open_values(bad)
    assert info.value.message == "坏.xlsx 不是有效的 Excel 工作簿，文件可能已损坏"


def test_repeated_id_text_keeps_the_row_in_each_message(db, book):
    """The importer remembers good ID numbers across rows; a bad one is checked again on every row, so
    every message names its own row."""
    from app.workbook import ImportRejected, import_workbook

    from .conftest import ID1, person, persons

    path = book(
        {
            "人员": persons(person(ID1), person("1.10101E+17", "李四"), person("1.10101E+17", "王五")),
            "失业登记": [["身份证号", "登记日期"], [ID1, "2024-01-02"], [ID1, "2024-06-01"]],
        }
    )
    with pytest.raises(ImportRejected) as info:
        import_workbook(path)
    messages = [(p.sheet, p.row, p.message[:5]) for p in info.value.report.problems]
    assert messages == [("人员", 3, "第 3 行"), ("人员", 4, "第 4 行"), ("失业登记", 3, "此人有两条")]


# ---------------------------------------------------------------------------- the sheet grid


def test_the_grid_has_title_rows_merged_ranges_hidden_rows_and_state(tmp_path):
    path = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "失业人员管理台帐"
    ws["A1"] = "某街道失业人员管理台帐"
    ws.merge_cells("A1:D1")
    ws.append(["序号", "姓名", "身份证号码", "登记日期"])
    ws.append([1, "张三", "110101199003070011", dt.date(2024, 5, 1)])
    ws.append([2, "李四", "11010119900307001X", 20240501])
    ws.merge_cells("A3:A4")
    ws.row_dimensions[4].hidden = True
    other = wb.create_sheet("旧表")
    other.sheet_state = "hidden"
    other.append(["x"])
    wb.save(path)
    with open_source(path) as book:
        assert book.sheetnames == ["失业人员管理台帐", "旧表"]
        grid = book.sheet("失业人员管理台帐")
        rows = list(grid.rows())
        assert book.sheet("旧表").state == "hidden"
    assert grid.state == "visible"
    assert (rows[0][0], _trimmed(rows[0][1])) == (1, ("某街道失业人员管理台帐",))  # the title row is there
    assert rows[2] == (3, (1, "张三", "110101199003070011", dt.date(2024, 5, 1)))
    # A4 is under the merged A3:A4 (the file keeps only the top value); 20240501 has no date format
    assert rows[3] == (4, (None, "李四", "11010119900307001X", 20240501))
    assert CellRange(1, 0, 1, 3) in grid.merged and CellRange(3, 0, 4, 0) in grid.merged
    assert CellRange(3, 0, 4, 0).ref == "A3:A4"
    assert grid.hidden_rows == [4]


def test_rows_of_a_grid_can_be_read_again(tmp_path):
    path = tmp_path / "两遍.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["a", 1])
    wb.save(path)
    with open_source(path) as book:
        grid = book.sheet(book.sheetnames[0])
        assert list(grid.rows()) == list(grid.rows()) == [(1, ("a", 1))]
