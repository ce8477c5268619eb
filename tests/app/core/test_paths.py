"""Where the program finds its resources and keeps its data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from app.core import paths


def test_resources_beside_the_code_in_a_checkout() -> None:
    found = paths.resources_dir()
    assert (found / "standards").is_dir()
    assert (found / "fonts" / "wqy-microhei.ttc").is_file()


def test_resources_are_the_package_data_importlib_finds(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A wheel install (venv, --user, system) or the bundle: wherever the resource package was installed."""
    site = tmp_path / "site-packages"
    package = site / paths.RESOURCE_PACKAGE
    (package / "standards").mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    spec = importlib.util.spec_from_file_location(
        paths.RESOURCE_PACKAGE, package / "__init__.py", submodule_search_locations=[str(package)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    # setitem puts back what was there (or nothing) afterwards: later tests see the real resources.
    monkeypatch.setitem(sys.modules, paths.RESOURCE_PACKAGE, module)
    assert paths.resources_dir() == package


def test_resources_beside_the_code_when_the_package_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A checkout run without installing (python -m app from the repository)."""
    monkeypatch.setattr(paths, "RESOURCE_PACKAGE", "stationdesk_resources_not_installed")
    assert paths.resources_dir() == Path(paths.__file__).resolve().parents[2] / "resources"


def test_the_editable_install_maps_the_package_to_the_checkouts_folder() -> None:
    repo = Path(paths.__file__).resolve().parents[2]
    assert paths.resources_dir() == repo / "resources"


def test_icons_in_every_size_the_desktop_asks_for() -> None:
    for size in (16, 24, 32, 48, 64, 128, 256):
        assert paths.icon_path(size).is_file(), size
    assert (paths.resources_dir() / "icons" / "stationdesk.ico").is_file()


def test_data_folder_follows_stationdesk_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path))
    assert paths.default_db_path() == tmp_path / "station.sqlite"
    assert paths.log_path() == tmp_path / "stationdesk.log"
