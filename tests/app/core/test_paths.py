"""Where the program finds its resources and keeps its data."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.core import paths


def test_resources_beside_the_code_in_a_checkout() -> None:
    found = paths.resources_dir()
    assert (found / "standards").is_dir()
    assert (found / "fonts" / "wqy-microhei.ttc").is_file()


def test_resources_of_a_wheel_install_under_the_prefix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """No resources/ beside the code: the data files of the wheel, <prefix>/share/stationdesk/resources."""
    monkeypatch.setattr(paths, "__file__", str(tmp_path / "site-packages" / "app" / "paths.py"))
    monkeypatch.setattr(sys, "prefix", str(tmp_path / "venv"))
    assert paths.resources_dir() == tmp_path / "venv" / "share" / "stationdesk" / "resources"


def test_resources_inside_a_pyinstaller_bundle(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resources_dir() == tmp_path / "resources"


def test_data_folder_follows_stationdesk_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path))
    assert paths.default_db_path() == tmp_path / "station.sqlite"
    assert paths.log_path() == tmp_path / "stationdesk.log"
