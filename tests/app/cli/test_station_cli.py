"""``station show`` / ``station set KEY VALUE`` on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli.main import main
from db.connection import close_database


def _run(db: Path, *args: str) -> int:
    return main(["--db", str(db), "station", *args])


def test_set_then_show(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    close_database()
    assert _run(db, "set", "站点名称", "幸福社区就业服务站") == 0
    assert _run(db, "set", "站点类型", "社区") == 0
    assert _run(db, "set", "辖区法定劳动年龄人口数", "1200") == 0
    assert _run(db, "set", "场地面积", "65.5平方米") == 0
    assert _run(db, "set", "opened_on", "2020/3/1") == 0
    assert _run(db, "set", "星级评定（2023年）", "三星") == 0
    out = capsys.readouterr().out
    assert "已保存：辖区法定劳动年龄人口数：1200" in out and "已保存：场地面积（平方米）：65.5" in out
    assert "已保存：开始运行日期：2020-03-01" in out
    assert _run(db, "show") == 0
    lines = dict(line.split("\t") for line in capsys.readouterr().out.strip().splitlines())
    assert lines["辖区法定劳动年龄人口数"] == "1200"
    assert lines["场地面积（平方米）"] == "65.5"
    assert lines["星级评定（2023年）"].startswith("三星")
    assert lines["备注"] == "（未填写）"


def test_pingdingshan_coverage_can_be_met_from_the_command_line(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: without the page, 3.1 always failed (no 辖区法定劳动年龄人口数)."""
    import json

    close_database()
    args = ["--db", str(db), "score", "--standard", "pingdingshan-city-2020", "--from", "2024-01-01",
            "--to", "2024-12-31", "--json"]  # fmt: skip
    assert main(args) == 0
    item = next(it for it in json.loads(capsys.readouterr().out)["items"] if it["id"] == "3.1")
    assert item["met"] is False and "未填写" in item["basis"]
    assert _run(db, "set", "站点名称", "和平村") == 0 and _run(db, "set", "站点类型", "村") == 0
    assert _run(db, "set", "辖区法定劳动年龄人口数", "1") == 0
    capsys.readouterr()
    assert main(args) == 0
    item = next(it for it in json.loads(capsys.readouterr().out)["items"] if it["id"] == "3.1")
    assert "÷ 辖区法定劳动年龄人口 1 人" in item["basis"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("场地面积", "-3", "场地面积应大于 0 平方米"),
        ("辖区法定劳动年龄人口数", "许多", "辖区法定劳动年龄人口数"),
        ("楼层", "3", "站点信息没有“楼层”这一项"),
        ("星级评定（2023年）", "六星", "星级应为一星至五星"),
        ("开始运行日期", "2999-01-01", "晚于今天"),
    ],
)
def test_bad_values_are_refused_with_the_pages_message(
    db: Path, capsys: pytest.CaptureFixture[str], key: str, value: str, message: str
) -> None:
    close_database()
    assert _run(db, "set", key, value) == 1
    assert message in capsys.readouterr().err


def test_without_an_action_is_a_usage_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    close_database()
    assert _run(db) == 2
    assert "show" in capsys.readouterr().err
