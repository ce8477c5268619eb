"""app.core.excel: no text is ever written as a formula."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core import excel


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "#N/A", "#DIV/0!"])
def test_texts_that_would_not_stay_text_are_quoted(text: str) -> None:
    assert excel.needs_quote(text)


@pytest.mark.parametrize("value", ["张三", "1+1", "#1 号楼", "", None, 5, -3])
def test_plain_values_are_left_alone(value: object) -> None:
    assert not excel.needs_quote(value)


def test_a_normal_workbook_is_swept_on_save(tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws["A1"] = "=SUM(1,2)"  # openpyxl makes this a formula
    ws["A2"] = "普通"
    assert ws["A1"].data_type == "f"
    excel.save_workbook(wb, tmp_path / "x.xlsx")
    back = load_workbook(tmp_path / "x.xlsx").active
    assert back is not None
    assert back["A1"].value == "=SUM(1,2)" and back["A1"].data_type == "s"
    assert back["A2"].value == "普通"


def test_set_value_keeps_text_literal() -> None:
    from openpyxl import Workbook

    ws = Workbook().active
    assert ws is not None
    cell = excel.set_value(ws["B2"], "=cmd|' /C calc'!A0")
    assert cell.data_type == "s" and cell.quotePrefix


@pytest.mark.parametrize("write_only", [True, False])
def test_sheets_are_written_in_utf8_not_as_character_references(tmp_path: Path, write_only: bool) -> None:
    import zipfile

    import openpyxl

    wb = excel.new_workbook(write_only=write_only)
    ws = wb.create_sheet("人员") if write_only else wb.active
    ws.append(["身份证号", "张三 & <李四>", 1, None, "😀"])
    dest = excel.save_workbook(wb, tmp_path / "book.xlsx")
    with zipfile.ZipFile(dest) as zf:
        xml = zf.read(next(n for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))).decode("utf-8")
    assert "身份证号" in xml and "&#" not in xml
    assert "张三 &amp; &lt;李四&gt;" in xml  # markup still escaped
    back = openpyxl.load_workbook(dest)
    assert [c.value for c in back.worksheets[0][1]] == ["身份证号", "张三 & <李四>", 1, None, "😀"]
