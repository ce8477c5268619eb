"""The program's name and version on the command line, and a broken install of the standards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import app
from app.assessment import standards as standards_module
from app.cli.main import PROG, main, program_name


def test_version_is_the_one_in_app(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/bin/stationdesk"])
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"stationdesk {app.__version__}\n"


@pytest.mark.parametrize(
    ("argv0", "name"),
    [
        ("/usr/bin/stationdesk", "stationdesk"),
        ("/opt/stationdesk/stationdesk", "stationdesk"),
        (r"C:\Users\a\AppData\Local\Programs\StationDesk\stationdesk-cli.exe", "stationdesk-cli"),
        ("stationdesk-cli.EXE", "stationdesk-cli"),
        ("/home/a/stationdesk/app/__main__.py", PROG),
        ("-c", PROG),
        ("", PROG),
    ],
)
def test_the_usage_line_names_the_program_as_started(argv0: str, name: str) -> None:
    if "\\" in argv0 and sys.platform != "win32":
        argv0 = argv0.replace("\\", "/")
    assert program_name(argv0) == name


def test_help_starts_with_the_program_name(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["/usr/bin/stationdesk"])
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：stationdesk [-h] [--version]")
    assert "示例：stationdesk --db" in out


def test_python_dash_m_app_reports_its_version(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "app", "--version"],
        capture_output=True,
        text=True,
        cwd=Path(app.__file__).resolve().parents[1],
        env={"STATIONDESK_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"python -m app {app.__version__}\n"


def test_no_standards_found_is_an_error_not_an_empty_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(standards_module, "resources_dir", lambda: tmp_path)
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    assert main(["standards"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "找不到评估标准文件" in captured.err
    assert str(tmp_path / "standards") in captured.err


def test_the_shipped_standards_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 + 7
