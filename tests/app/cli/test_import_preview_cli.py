"""``import --preview`` (text and --json) and ``import --mapping``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.workbook.mapping import Mapping, SheetMapping, save_mapping
from tests.app.workbook.ledgers import real_ledger
from tests.app.workbook.test_real_ledgers import P1, unemployed_ledger


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_preview_prints_what_would_be_read_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = unemployed_ledger(tmp_path / "失业.xlsx")
    db = tmp_path / "station.sqlite"
    code, out, _ = run(capsys, "--db", db, "import", source, "--preview")
    assert code == 0
    assert (
        "工作表“Sheet1” → 失业人员管理台帐（拆分为 人员、失业登记、就业记录），表头第 3 行，数据 3 行" in out
    )
    assert "  列名一致（5 列）：姓名、文化程度、身份证号、联系电话、备注" in out
    assert "  安置情况/再就业时间 → 就业记录:就业日期（按台账格式）" in out
    assert "  性别（由身份证号核对，不导入）" in out
    assert "将导入：人员 3 行，失业登记 3 行，就业记录 2 行" in out
    assert "440106********0116" in out and P1 not in out  # IDs masked
    assert out.rstrip().endswith("（仅预览，未写入任何数据）")
    assert not db.exists()


def test_preview_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = real_ledger(
        tmp_path / "a.xlsx",
        "花名册",
        ["身份证号码", "姓名", "就业状态", "调查日期", "现住地"],
        [[P1, "张三", "失业", "2024-03-01", "x"]],
    )
    code, out, _ = run(capsys, "import", source, "--preview", "--json")
    assert code == 0
    data = json.loads(out)
    (sheet,) = data["sheets"]
    assert (sheet["sheet"], sheet["target"], sheet["header_row"], sheet["rows"]) == ("Sheet1", "人员", 3, 1)
    assert {"column": "身份证号码", "field": "人员:身份证号", "how": "同义列名"} in sheet["columns"]
    assert sheet["unmatched"] == ["现住地"]
    (row,) = data["tables"]["人员"]["sample"]
    assert (
        row["row"] == 4
        and row["values"]["就业状态"] == "未就业"
        and row["values"]["调查日期"] == "2024-03-01"
    )
    assert row["values"]["身份证号"] == "440106********0116"
    assert data["warnings"][0]["message"] == "未识别的列“现住地”，已忽略"


def test_import_with_a_saved_mapping(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = real_ledger(
        tmp_path / "a.xlsx",
        "花名册",
        ["身份证号", "姓名", "就业状态", "调查日期", "现住地"],
        [[P1, "张三", "未就业", "2024-03-01", "XX路"]],
    )
    save_mapping(Mapping({"Sheet1": SheetMapping("", {"现住地": "人员:居住地址"})}), tmp_path / "map.json")
    code, out, _ = run(capsys, "import", source, "--preview", "--mapping", tmp_path / "map.json")
    assert "  现住地 → 人员:居住地址（按映射）" in out
    db = tmp_path / "station.sqlite"
    code, out, err = run(capsys, "--db", db, "import", source, "--mapping", tmp_path / "map.json")
    assert code == 0, err
    assert "人员：新增 1" in out


def test_json_without_preview_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "--db", tmp_path / "d.sqlite", "import", tmp_path / "a.xlsx", "--json")
    assert code == 2 and "--json 只能与 --preview 一起使用" in err


def test_a_bad_mapping_file_is_a_clear_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = unemployed_ledger(tmp_path / "失业.xlsx")
    (tmp_path / "map.json").write_text("{", encoding="utf-8")
    code, _, err = run(capsys, "import", source, "--preview", "--mapping", tmp_path / "map.json")
    assert code == 1 and "不是有效的 JSON" in err
