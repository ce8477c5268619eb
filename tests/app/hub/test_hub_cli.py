"""The hub's command line end to end: a real station writes its package, the hub registers the station,
imports, shows the status and the reports (text, JSON, Excel) and exports its own package."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.hub import store
from app.station.signing import station_fingerprint
from app.storage.datafile import close_station
from tests.app.upward.conftest import CODE

from .conftest import TOWN_CODE


def hub_cli(target: str, *args: str) -> list[str]:
    return ["hub", "--db", target, *args]


@pytest.fixture
def station_package(march, tmp_path: Path) -> Path:
    """The March package of the hand-made station, and its fingerprint registered later."""
    from app.storage.datafile import current_path

    db = current_path()
    assert main(["--db", str(db), "package", "--month", "2026-03", "--out", str(tmp_path / "out")]) == 0
    return tmp_path / "out" / f"{CODE}-2026-03.sdpkg"


def test_station_to_hub(station_package: Path, hub_target: str, tmp_path: Path, capsys) -> None:
    fp = station_fingerprint()
    close_station()
    assert main(["hub", "init", hub_target, "--code", TOWN_CODE, "--name", "殷行街道"]) == 0
    assert "密钥指纹" in capsys.readouterr().out
    assert main(hub_cli(hub_target, "station", "add", CODE, "幸福社区就业服务站", "--key", fp)) == 0
    assert main(hub_cli(hub_target, "import", str(station_package))) == 0
    assert "已导入 幸福社区就业服务站" in capsys.readouterr().out

    assert main(hub_cli(hub_target, "status", "--month", "2026-03", "--json")) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["code"] == CODE and row["received_at"]

    xlsx = tmp_path / "月报.xlsx"
    assert main(hub_cli(hub_target, "report", "--month", "2026-03", "--json", "--xlsx", str(xlsx))) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["totals"]["ep1.new_employment"] == 3
    assert data["totals"]["new_employment.by_channel.机关事业单位"] == 1
    assert xlsx.exists()

    assert main(hub_cli(hub_target, "report", "--month", "2026-03")) == 0
    assert "合计" in capsys.readouterr().out

    assert main(hub_cli(hub_target, "package", "--month", "2026-03", "--out", str(tmp_path / "up"))) == 0
    assert (tmp_path / "up" / f"{TOWN_CODE}-2026-03.sdpkg").exists()


def test_import_refusal_exits_1_with_chinese_message(station_package: Path, hub_target: str, capsys) -> None:
    close_station()
    assert main(["hub", "init", hub_target, "--code", TOWN_CODE, "--name", "殷行街道"]) == 0
    assert main(hub_cli(hub_target, "import", str(station_package))) == 1
    err = capsys.readouterr().err
    assert "错误：" in err and "未在本汇总库登记" in err and "汇总库未作任何改动" in err


def test_hub_without_db(capsys) -> None:
    assert main(["hub", "status", "--month", "2026-03"]) == 1
    assert "请用 --db 指定汇总库" in capsys.readouterr().err


def test_report_needs_a_period(hub: str, capsys) -> None:
    store.close()
    assert main(hub_cli(hub, "report")) == 1
    assert "--month" in capsys.readouterr().err


def test_report_standard_needs_dates(hub: str, capsys) -> None:
    store.close()
    assert main(hub_cli(hub, "report", "--standard", "x")) == 1
    assert "--from" in capsys.readouterr().err


def test_assessment_report_cli(hub: str, tmp_path: Path, capsys) -> None:
    from .packages import FakeStation, write_assessment

    a = FakeStation("310110012003", "幸福社区")
    store.add_station(a.code, a.name, a.fingerprint)
    store.close()
    path = write_assessment(tmp_path, a, seed=1)
    assert main(hub_cli(hub, "import", str(path))) == 0
    capsys.readouterr()
    args = ["report", "--standard", "test-standard", "--from", "2025-10-01", "--to", "2026-09-30"]
    assert main(hub_cli(hub, *args, "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["code"] for s in data["stations"]] == [a.code]
    assert main(hub_cli(hub, *args)) == 0
    assert "达标" in capsys.readouterr().out


def test_package_needs_month_or_standard(hub: str, capsys) -> None:
    store.close()
    assert main(hub_cli(hub, "package")) == 1
    assert "--month" in capsys.readouterr().err
