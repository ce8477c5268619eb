"""Faults 7 and 8: workbook bombs and oddities.

Bombs are refused before they are parsed (unpacked size and compression ratio from the zip directory) or
while the rows stream in (rows, cells), each with a Chinese message that states the limit. Oddities are
warned or refused, never silent: merged 户编号 cells, hidden and very-hidden sheets and rows,
invisible characters, texts longer than a cell holds, huge values in messages, an encrypted file, an
ID whose county code was never issued.
"""

from __future__ import annotations

import datetime as dt
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Any

import pytest

from app.core.errors import UserError
from app.workbook import limits

PERSON_HEADER = ["身份证号", "姓名", "就业状态", "调查日期", "户编号"]


def _person_rows(n: int, start: int = 0) -> list[list[Any]]:
    from app.core.idcard import make_id

    rows = []
    for i in range(start, start + n):
        number = make_id("440106", dt.date(1985, (i % 12) + 1, (i % 27) + 1), 100 + i)
        rows.append([number, f"测试{chr(0x4E00 + i)}{chr(0x4E10 + i)}", "未就业", "2024-03-01", None])
    return rows


def _book(path: Path, rows: list[list[Any]], header: list[str] = PERSON_HEADER) -> Any:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(header)
    for r in rows:
        ws.append(r)
    return wb


def _raw_zip(path: Path, sheet_xml: bytes, shared: bytes | None = None) -> None:
    """A minimal .xlsx written part by part (for bombs openpyxl would take too long to write)."""
    ct = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        b"</Types>"
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    book = (
        b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<sheets><sheet name="\xe4\xba\xba\xe5\x91\x98" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    book_rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'worksheet" Target="worksheets/sheet1.xml"/>'
        + (
            b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'sharedStrings" Target="sharedStrings.xml"/>'
            if shared is not None
            else b""
        )
        + b"</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", book)
        zf.writestr("xl/_rels/workbook.xml.rels", book_rels)
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if shared is not None:
            zf.writestr("xl/sharedStrings.xml", shared)


_SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"


def _refused_quickly(path: Path, *words: str, memory: bool = True) -> str:
    from app.workbook import validate_workbook

    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(UserError) as info:
            validate_workbook(path)
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 20
    assert peak < 200 * 1024 * 1024, peak
    for w in words:
        assert w in info.value.message, info.value.message
    return info.value.message


def test_empty_rows_bomb_is_refused_with_the_row_limit(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "rows.xlsx"
    rows = b"".join(b'<row r="%d"/>' % i for i in range(1, limits.MAX_ROWS + 10))
    _raw_zip(path, _SHEET_HEAD + rows + _SHEET_TAIL)
    _refused_quickly(path, f"{limits.MAX_ROWS:,} 行", memory=False)  # tracemalloc would slow it 10 times


def test_wide_cells_bomb_is_refused_with_the_cell_limit(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "cells.xlsx"
    rows = b"".join(b'<row r="%d"><c r="XFD%d"/></row>' % (i, i) for i in range(1, 2000))
    _raw_zip(path, _SHEET_HEAD + rows + _SHEET_TAIL)
    _refused_quickly(path, f"{limits.MAX_CELLS:,} 个单元格")


def test_unpacked_size_bomb_is_refused_before_parsing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 20 * 1024 * 1024)  # the same check, a smaller file
    path = tmp_path / "shared.xlsx"
    shared = (
        b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>a</t></si>" * 1_500_000
        + b"</sst>"
    )
    _raw_zip(path, _SHEET_HEAD + _SHEET_TAIL, shared)
    parsed: list[str] = []
    import app.workbook.reader as reader

    real = reader.SourceBook.__init__
    monkeypatch.setattr(
        reader.SourceBook,
        "__init__",
        lambda self, path, kind: parsed.append(str(path)) or real(self, path, kind),
    )
    _refused_quickly(path, "解压后", "超过上限", "20 MB")
    assert parsed == []  # refused before a byte of XML was parsed


def test_two_far_apart_cells_are_refused_before_the_grid_is_built(db: Path, tmp_path: Path) -> None:
    """calamine allocates the rectangle from A1 to the last cell: A1 and XFD1048576 (a 300-byte file) would
    ask for 500 GB and abort the program. The sheet's extent is checked first."""
    path = tmp_path / "far.xlsx"
    cells = (
        b'<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>'
        b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>b</t></is></c></row>'
    )
    _raw_zip(path, _SHEET_HEAD + cells + _SHEET_TAIL)
    _refused_quickly(path, f"{limits.MAX_CELLS:,} 个单元格")


def test_a_wide_row_far_down_is_refused_with_the_cell_limit(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "wide.xlsx"
    cells = b'<row r="2000"><c r="A2000"><v>1</v></c><c r="XFD2000"><v>2</v></c></row>'
    _raw_zip(path, _SHEET_HEAD + cells + _SHEET_TAIL)
    _refused_quickly(path, f"{limits.MAX_CELLS:,} 个单元格")


def test_compression_ratio_bomb_is_refused(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "ratio.xlsx"
    _raw_zip(path, _SHEET_HEAD + b" " * (limits.RATIO_FROM_BYTES + 1024) + _SHEET_TAIL)
    _refused_quickly(path, "压缩比", f"{limits.MAX_RATIO}")


def test_a_town_sized_export_is_within_the_limits() -> None:
    """The limits leave room for a 50,000-person town (about 170 MB unpacked, 200,000 service rows) and a
    200,000-person district (659 MB unpacked, 345 MB in its largest sheet, 800,001 service rows)."""
    assert limits.MAX_UNPACKED_BYTES > 3 * 170 * 1024 * 1024
    assert limits.MAX_UNPACKED_BYTES > 2 * 659 * 1024 * 1024
    assert limits.MAX_PART_BYTES > 2 * 345 * 1024 * 1024
    assert limits.MAX_ROWS >= 800_001 and limits.MAX_CELLS >= 800_001 * 26


# ------------------------------------------------------------------ oddities


def _import(path: Path) -> Any:
    from app.workbook import import_workbook

    return import_workbook(path)


def test_merged_household_cells_give_every_row_its_household(db: Path, tmp_path: Path) -> None:
    from db.models import Household, Person

    rows = _person_rows(3)
    rows[0][4] = "H0001"
    wb = _book(tmp_path / "m.xlsx", rows)
    wb.active.merge_cells("E2:E4")
    wb.save(tmp_path / "m.xlsx")
    summary = _import(tmp_path / "m.xlsx")
    households = [p.household_id for p in Person.select()]
    assert len(households) == 3 and None not in households and len(set(households)) == 1
    assert Household.select().count() == 1
    assert any("合并单元格 E2:E4" in w.message for w in summary.warnings)


def test_report_on_merged_cells_does_not_crash(db: Path, tmp_path: Path) -> None:
    from app.workbook import ImportRejected

    rows = _person_rows(3)
    rows[0][2] = "不存在的状态"
    wb = _book(tmp_path / "m.xlsx", rows)
    wb.active.merge_cells("C2:C4")
    wb.save(tmp_path / "m.xlsx")
    with pytest.raises(ImportRejected) as info:
        _import(tmp_path / "m.xlsx")
    report = tmp_path / "report.xlsx"
    info.value.report.save_xlsx(tmp_path / "m.xlsx", report)
    assert report.stat().st_size > 0


def test_hidden_sheets_and_rows_are_warned(db: Path, tmp_path: Path) -> None:
    wb = _book(tmp_path / "h.xlsx", _person_rows(4))
    wb.active.row_dimensions[3].hidden = True
    ws = wb.create_sheet("服务记录")
    ws.append(["身份证号", "服务日期", "服务类型", "服务方式", "服务内容"])
    ws.sheet_state = "veryHidden"
    ws.append([_person_rows(1)[0][0], "2024-03-02", "职业指导", "电话", "电话联系"])
    wb.save(tmp_path / "h.xlsx")
    try:
        summary = _import(tmp_path / "h.xlsx")
        warnings = [w.message for w in summary.warnings]
    except UserError as exc:  # a rule of the service sheet: the warnings are in the report as well
        warnings = [w.message for w in exc.report.warnings]  # type: ignore[attr-defined]
    assert any("veryHidden" in w for w in warnings), warnings
    assert any("第 3 行在 Excel 中被隐藏" in w for w in warnings), warnings


def test_invisible_characters_are_stripped(db: Path, tmp_path: Path) -> None:
    from db.models import Person

    rows = _person_rows(1)
    rows[0][1] = "张\u200b\u202e三\ufeff"
    _book(tmp_path / "z.xlsx", rows).save(tmp_path / "z.xlsx")
    _import(tmp_path / "z.xlsx")
    assert Person.get().name == "张三"


def test_a_text_longer_than_a_cell_is_refused_with_the_limit(db: Path, tmp_path: Path) -> None:
    from app.workbook import ImportRejected

    # openpyxl would cut the text at 32,767 when writing: the sheet is written as XML (as other programs do)
    number, name = _person_rows(1)[0][:2]
    cells = [number, name, "未就业", "2024-03-01", "长" * 40_000]
    headers = ["身份证号", "姓名", "就业状态", "调查日期", "备注"]

    def row(n: int, values: list[str]) -> bytes:
        inline = "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
        return f'<row r="{n}">{inline}</row>'.encode()

    _raw_zip(tmp_path / "long.xlsx", _SHEET_HEAD + row(1, headers) + row(2, cells) + _SHEET_TAIL)
    with pytest.raises(ImportRejected) as info:
        _import(tmp_path / "long.xlsx")
    problem = info.value.report.problems[0]
    assert "32,767" in problem.message and "40,000" in problem.message
    assert len(problem.value) < 100  # the value is not echoed whole


def test_a_huge_value_is_not_echoed_whole(db: Path, tmp_path: Path) -> None:
    from app.workbook import ImportRejected

    rows = _person_rows(1)
    rows[0][2] = "无" * 30_000  # a code column: “not one of the allowed values”
    _book(tmp_path / "big.xlsx", rows).save(tmp_path / "big.xlsx")
    with pytest.raises(ImportRejected) as info:
        _import(tmp_path / "big.xlsx")
    assert len(str(info.value)) < 2000
    assert all(len(p.message) < 400 and len(p.value) < 100 for p in info.value.report.problems)


def test_a_password_protected_file_is_named_as_such(db: Path, tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    # An encrypted .xlsx is an OLE compound file with an “EncryptedPackage” stream.
    path.write_bytes(limits.OLE_MAGIC + b"\0" * 1000 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1000)
    with pytest.raises(UserError) as info:
        _import(path)
    assert "密码" in info.value.message and "改了扩展名" not in info.value.message


@pytest.mark.parametrize(
    ("code", "known"),
    [("440106", True), ("440102", True), ("110103", True), ("440199", False), ("449999", False)],
)
def test_county_codes_include_abolished_ones(code: str, known: bool) -> None:
    """东山区 (440102, abolished 2005) and 崇文区 (110103, abolished 2010) stay valid; 440199 never
    existed."""
    from app.core.regions import is_known_region

    assert is_known_region(code) is known


def test_an_unknown_county_code_is_a_warning_not_a_refusal(db: Path, tmp_path: Path) -> None:
    from app.core.idcard import make_id
    from db.models import Person

    rows = _person_rows(1)
    rows[0][0] = make_id("440199", dt.date(1985, 1, 1), 123)
    _book(tmp_path / "c.xlsx", rows).save(tmp_path / "c.xlsx")
    summary = _import(tmp_path / "c.xlsx")
    assert Person.select().count() == 1
    assert any("440199" in w.message and "行政区划" in w.message for w in summary.warnings)
