"""Saved and remembered mappings (app/workbook/mapping.py) and what they do to an import."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import UserError
from app.workbook import import_workbook
from app.workbook.mapping import (
    IGNORE,
    Mapping,
    SheetMapping,
    load_mapping,
    recall,
    remember,
    save_mapping,
    signature,
)
from app.workbook.preview import preview_workbook
from db.models import Person, Setting
from tests.app.workbook.ledgers import real_ledger
from tests.app.workbook.test_real_ledgers import P1, TODAY


def roster(path: Path, headers: list[str], row: list[object]) -> Path:
    return real_ledger(path, "花名册", headers, [row])


def test_saved_mapping_round_trip(tmp_path: Path) -> None:
    mapping = Mapping({"Sheet1": SheetMapping("人员", {"现住地": "人员:居住地址", "序列": IGNORE})})
    save_mapping(mapping, tmp_path / "map.json")
    assert load_mapping(tmp_path / "map.json") == mapping
    assert not list(tmp_path.glob("*.tmp*"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "不是有效的 JSON"),
        ("[]", "应有 “sheets” 一项"),
        ('{"version": 9, "sheets": {}}', "版本 9 不受支持"),
        ('{"sheets": {"Sheet1": {"columns": {"a": 1}}}}', "columns 应为"),
    ],
)
def test_a_bad_mapping_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "map.json").write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match=message):
        load_mapping(tmp_path / "map.json")


def test_a_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="找不到映射文件"):
        load_mapping(tmp_path / "none.json")


def test_a_mapping_fills_an_unmatched_column(db: Path, tmp_path: Path) -> None:
    path = roster(
        tmp_path / "a.xlsx",
        ["身份证号", "姓名", "就业状态", "调查日期", "现住地"],
        [P1, "张三", "未就业", "2024-03-01", "XX路1号"],
    )
    unmapped = preview_workbook(path)
    assert [c.label for c in unmapped.sheets[0].unmatched] == ["现住地"]
    mapping = Mapping({"Sheet1": SheetMapping("", {"现住地": "人员:居住地址"})})
    assert preview_workbook(path, mapping=mapping).sheets[0].unmatched == []
    import_workbook(path, today=TODAY, mapping=mapping)
    assert Person.get().address == "XX路1号"


def test_a_mapping_can_ignore_one_of_two_columns_for_a_field(db: Path, tmp_path: Path) -> None:
    path = roster(
        tmp_path / "a.xlsx",
        ["身份证号", "姓名", "证件号码", "就业状态", "调查日期"],
        [P1, "张三", "旧号码", "未就业", "2024-03-01"],
    )
    mapping = Mapping({"Sheet1": SheetMapping("", {"证件号码": IGNORE})})
    summary = import_workbook(path, today=TODAY, mapping=mapping)
    assert summary.sheets["人员"].created == 1


def test_a_mapping_can_say_what_a_sheet_is_or_ignore_it(db: Path, tmp_path: Path) -> None:
    path = roster(tmp_path / "a.xlsx", ["身份证号", "姓名", "失业时间"], [P1, "张三", "2024-01-15"])
    as_ledger = preview_workbook(path, mapping=Mapping({"Sheet1": SheetMapping("失业人员管理台帐")}))
    assert as_ledger.sheets[0].targets == ("人员", "失业登记", "就业记录")
    ignored = preview_workbook(path, mapping=Mapping({"Sheet1": SheetMapping(IGNORE)}))
    assert ignored.tables == {}


def test_a_mapping_to_a_field_of_another_sheet_is_refused(db: Path, tmp_path: Path) -> None:
    path = roster(
        tmp_path / "a.xlsx",
        ["身份证号", "姓名", "就业状态", "调查日期", "x"],
        [P1, "张三", "未就业", "2024-03-01", 1],
    )
    with pytest.raises(UserError, match="映射中列“x”对应的“岗位:岗位编号”不是 人员 表的列"):
        preview_workbook(path, mapping=Mapping({"Sheet1": SheetMapping("", {"x": "岗位:岗位编号"})}))
    with pytest.raises(UserError, match="不是本程序的表或已知台账"):
        preview_workbook(path, mapping=Mapping({"Sheet1": SheetMapping("花名册")}))


def test_a_mapping_is_remembered_per_station_file_by_the_headers(db: Path) -> None:
    headers = {"Sheet1": ["身份证号", "姓名", "现住地"]}
    mapping = Mapping({"Sheet1": SheetMapping("", {"现住地": "人员:居住地址"})})
    remember(headers, mapping)
    key = "import_mapping." + signature(headers["Sheet1"])
    assert Setting.get_by_id(key).value
    # Another file whose sheet has the same headers under another name gets the same mapping.
    assert recall({"名单": headers["Sheet1"]}).sheets["名单"].columns == {"现住地": "人员:居住地址"}
    assert recall({"Sheet1": ["身份证号", "姓名"]}).sheets == {}


def test_a_damaged_remembered_mapping_is_forgotten(db: Path) -> None:
    Setting.insert(key="import_mapping." + signature(["a"]), value="{").execute()
    assert recall({"Sheet1": ["a"]}).sheets == {}
