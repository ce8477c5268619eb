"""A sheet too large for calamine's grid is read as its XML is decompressed (app/workbook/xlsxstream.py):
it gives the rows calamine gives, on the same files (``tasks.sh test`` also runs the whole import suite
with every sheet read so)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.core.errors import UserError
from app.workbook import reader, xlsxstream
from app.workbook.reader import CellRange, open_values
from app.workbook.xlsxstream import DATE, DURATION, number_format_kind, serial_value

from .test_reader import OTHER_PROGRAMS_SHARED, OTHER_PROGRAMS_SHEET, package


def _rows(path: Path, name: str, streamed: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(xlsxstream, "STREAM_BYTES", -1 if streamed else 1 << 40)
    with open_values(path) as book:
        assert book.streamed(name) is streamed
        sheet = book.sheet(name)
        rows = []
        for number, values in sheet.rows():
            cells = list(values)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append((number, cells))
        return rows, sheet.merged, sheet.hidden_rows


def same_as_calamine(path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    streamed = _rows(path, name, True, monkeypatch)
    assert streamed == _rows(path, name, False, monkeypatch)
    return streamed[0]


# ---------------------------------------------------------------------------- number formats


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("yyyy-mm-dd", DATE),
        ("DD/MM/YY", DATE),
        ('yyyy"年"m"月"d"日"', DATE),
        ("H:MM:SS;@", DATE),
        ('m"M"d"D";@', DATE),
        ("[$-404]e/m/d", DATE),
        ("h:mm AM/PM", DATE),
        ("*-yyyy-mm-dd", DATE),  # a fill character, then a date
        ("[h]:mm:ss", DURATION),
        ("[mm]", DURATION),
        ("[s].000", DURATION),
        ("[Blue]\\+[h]:mm;[Red]\\-[h]:mm", DURATION),
        ("General", None),
        ("0.00", None),
        ("@", None),
        ("#,##0\\ [$\\u20bd-46D]", None),
        ('"Y: "0.00"m";"Y: "-0.00"m"', None),  # letters in quotes are text
        ("\\Y000000", None),  # an escaped letter is text
        ('#,##0.0####" YMD"', None),
        ("#,##0*y", None),  # the fill character is a literal
        ("[>=100][Magenta].00", None),
        ("0_ ;[Red]\\-0\\ ", None),
    ],
)
def test_number_formats_are_told_apart_as_calamine_does(code: str, kind: str | None) -> None:
    assert number_format_kind(code) == kind


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (0.25, dt.time(6, 0)),
        (-0.25, dt.time(18, 0)),
        (1, dt.date(1900, 1, 1)),
        (59, dt.date(1900, 2, 28)),
        (60, dt.date(1900, 2, 28)),  # Excel's 1900-02-29, which never was
        (61, dt.date(1900, 3, 1)),
        (45352.5, dt.datetime(2024, 3, 1, 12, 0)),
        (2958465, dt.date(9999, 12, 31)),
        (2958466, 2958466),  # beyond 9999-12-31: the number
    ],
)
def test_serial_numbers_in_date_cells(serial: float, expected: Any) -> None:
    assert serial_value(serial, DATE, False) == expected


def test_a_duration_cell_is_a_duration() -> None:
    assert serial_value(1.25, DURATION, False) == dt.timedelta(days=1, hours=6)


# ---------------------------------------------------------------------------- the same rows as calamine


def test_cells_openpyxl_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "书.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(["文字", 1, 1.5, True, False, "#N/A", " 空格 ", "a_x000D_b", 2**60, "a&b<c>"])
    ws.append(
        [dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 12, 30, 15), dt.time(8, 30), dt.timedelta(hours=30)]
    )
    for col, serial in enumerate([-1, 0, 0.5, 1, 59, 60, 61, 45352.52100694444, 2958465, 2958466], start=1):
        ws.cell(row=3, column=col, value=serial).number_format = "yyyy-mm-dd"
    ws.cell(row=4, column=3, value="=1+1")
    ws.cell(row=6, column=2, value="隔一行")
    ws.cell(row=7, column=30, value="AD 列")
    ws.merge_cells("A8:A9")
    ws["A8"] = "合并"
    ws.row_dimensions[9].hidden = True
    ws["B9"] = "隐藏行"
    wb.save(path)
    rows = same_as_calamine(path, "人员", monkeypatch)
    assert rows[0][1][:3] == ["文字", 1, 1.5]
    assert (7, [None] * 29 + ["AD 列"]) in rows


def test_cells_other_programs_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Shared strings (rich text and phonetic runs among them), formulas with their values, errors,
    booleans, ISO dates, entities, escapes, cells and rows without references, line ends: each stretch
    with such a cell is read by lxml."""
    shared = OTHER_PROGRAMS_SHARED + "<si><t>第一行\r\n第二行</t></si>"
    sheet = (
        OTHER_PROGRAMS_SHEET + '<row r="7"><c r="A7" t="s"><v>3</v></c><c r="B7"><f>1+1</f><v>2</v></c></row>'
        '<row><c r="A8" t=\'inlineStr\'><is><t>单引号</t></is></c><c  r="B8"\n><v>8</v></c></row>'
        '<row r="9"><c r="A9" t="inlineStr"><is><t>CR\r\nLF</t></is></c></row>'
        '<row r="10"><c r="A10" t="inlineStr"><is><t><![CDATA[<数据>]]></t></is></c></row>'
        '<row r="11"><c r="A11" t="inlineStr"><is><t>简单</t></is></c><c r="B11" s="1"><v>45353</v></c></row>'
    )
    path = package(tmp_path / "手工.xlsx", sheet, shared=shared)
    rows = same_as_calamine(path, "人员", monkeypatch)
    assert rows[0] == (1, ["身份证号", None, "张三"])
    assert rows[-1] == (11, ["简单", dt.date(2024, 3, 2)])


def test_prefixed_namespace_and_1904_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = '<x:row r="2"><x:c r="B2" s="1"><x:v>1</x:v></x:c><x:c r="C2"><x:v>12</x:v></x:c></x:row>'
    path = package(tmp_path / "前缀.xlsx", sheet, date1904=True, prefix="x")
    assert same_as_calamine(path, "人员", monkeypatch) == [(2, [None, dt.date(1904, 1, 2), 12])]


def test_rows_across_the_decompressed_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More rows than one block of text holds, a rich-text cell in the middle of them."""
    monkeypatch.setattr(xlsxstream, "_CHUNK", 4096)
    rows = [
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>第{i}行</t></is></c><c r="B{i}"><v>{i}</v></c></row>'
        for i in range(1, 801)
    ]
    rows[400] = '<row r="401"><c r="A401" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c></row>'
    path = package(tmp_path / "长.xlsx", "".join(rows))
    got = same_as_calamine(path, "人员", monkeypatch)
    assert len(got) == 800 and got[400] == (401, ["富文本"]) and got[-1] == (800, ["第800行", 800])


def test_merged_ranges_come_from_the_scan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "合并.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws["A1"] = "标题"
    ws.merge_cells("A1:D1")
    ws["B3"] = "上"
    ws.merge_cells("B3:B5")
    ws.merge_cells("AA10:AB12")
    wb.save(path)
    _cells, merged, _hidden = _rows(path, "人员", True, monkeypatch)
    assert sorted(merged) == [CellRange(1, 0, 1, 3), CellRange(3, 1, 5, 1), CellRange(10, 26, 12, 27)]
    same_as_calamine(path, "人员", monkeypatch)


# ---------------------------------------------------------------------------- no grid, and damage


def test_a_streamed_sheet_is_never_built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = package(tmp_path / "大.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    built: list[str] = []
    monkeypatch.setattr(reader.SourceBook, "_submit", lambda self, name: built.append(name))
    monkeypatch.setattr(xlsxstream, "STREAM_BYTES", -1)
    with open_values(path) as book:
        book.prefetch("人员")
        assert book.grid_bytes("人员") == 0
        assert list(book.sheet("人员").rows()) == [(1, (1,))]
    assert built == []


@pytest.mark.parametrize(
    "sheet",
    [
        '<row r="1"><c r="A1"><v>一</v></c></row>',  # a number that is not one
        '<row r="1"><c r="A1" t="s"><v>9</v></c></row>',  # a shared string that is not there
        '<row r="1"><c r="A1" t="inlineStr"><is><t>未完',  # cut off
    ],
    ids=["bad number", "missing shared string", "truncated"],
)
def test_a_damaged_streamed_sheet_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sheet: str
) -> None:
    path = package(tmp_path / "坏.xlsx", "")
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    files["xl/worksheets/sheet1.xml"] = (
        f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet}'
    ).encode() + (b"" if "未完" in sheet else b"</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    monkeypatch.setattr(xlsxstream, "STREAM_BYTES", -1)
    with pytest.raises(UserError) as info, open_values(path) as book:
        list(book.sheet("人员").rows())
    assert "坏.xlsx 不是有效的工作簿" in info.value.message


# ---------------------------------------------------------------------------- in a process of its own


def _big_book(tmp_path: Path) -> Path:
    rows = [
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>第{i}行</t></is></c>'
        f'<c r="B{i}" s="1"><v>{45000 + i}</v></c><c r="C{i}"><v>{i}.5</v></c></row>'
        for i in range(1, 5001)
    ]
    return package(tmp_path / "进程.xlsx", "".join(rows))


def test_a_process_of_its_own_gives_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _big_book(tmp_path)
    here = _rows(path, "人员", True, monkeypatch)
    monkeypatch.setattr(xlsxstream, "PROCESS_BYTES", -1)
    started: list[list[str]] = []
    popen = xlsxstream.subprocess.Popen

    def recorded(command: list[str], **kwargs: Any) -> Any:
        started.append(command)
        return popen(command, **kwargs)

    monkeypatch.setattr(xlsxstream.subprocess, "Popen", recorded)
    assert _rows(path, "人员", True, monkeypatch) == here
    assert len(here[0]) == 5000 and here[0][-1] == (5000, ["第5000行", dt.date(2036, 11, 21), 5000.5])
    [command] = started
    assert command[-3:] == [xlsxstream.READER_ARGUMENT, str(path), "xl/worksheets/sheet1.xml"]


def test_rows_not_all_wanted_end_the_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _big_book(tmp_path)
    processes: list[Any] = []
    popen = xlsxstream.subprocess.Popen

    def recorded(command: list[str], **kwargs: Any) -> Any:
        processes.append(popen(command, **kwargs))
        return processes[-1]

    monkeypatch.setattr(xlsxstream.subprocess, "Popen", recorded)
    rows = xlsxstream.rows_in_process(str(path), "xl/worksheets/sheet1.xml")
    assert next(rows) == (1, ("第1行", dt.date(2023, 3, 16), 1.5))
    rows.close()
    [process] = processes
    assert process.returncode is not None  # ended, not left running


def test_a_damaged_sheet_in_a_process_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = package(tmp_path / "坏.xlsx", '<row r="1"><c r="A1"><v>一</v></c></row>')
    monkeypatch.setattr(xlsxstream, "STREAM_BYTES", -1)
    monkeypatch.setattr(xlsxstream, "PROCESS_BYTES", -1)
    with pytest.raises(UserError) as info, open_values(path) as book:
        list(book.sheet("人员").rows())
    assert "坏.xlsx 不是有效的工作簿" in info.value.message


def test_a_process_that_cannot_start_leaves_the_reading_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _big_book(tmp_path)
    here = _rows(path, "人员", True, monkeypatch)
    monkeypatch.setattr(xlsxstream, "PROCESS_BYTES", -1)
    monkeypatch.setattr(xlsxstream.sys, "executable", str(tmp_path / "没有这个程序"))
    assert _rows(path, "人员", True, monkeypatch) == here


def test_a_sheet_cut_inside_a_character_is_refused_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = package(tmp_path / "断.xlsx", "")
    with zipfile.ZipFile(path) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    whole = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    files["xl/worksheets/sheet1.xml"] = (whole + '<row r="1"><c r="A1" t="inlineStr"><is><t>未').encode()[:-1]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    monkeypatch.setattr(xlsxstream, "STREAM_BYTES", -1)
    with pytest.raises(UserError) as info, open_values(path) as book:
        list(book.sheet("人员").rows())
    assert (
        info.value.message
        == "断.xlsx 不是有效的工作簿，读取时出错：工作表的内容不完整或不是有效的 UTF-8 文本"
    )
