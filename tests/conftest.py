"""Shared fixtures. Each test gets its own temporary database file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The offscreen screen is a 1366×768 laptop less its taskbar (1366×728, issue 14): every window test
# runs on the smallest screen the window must fit.
if os.environ["QT_QPA_PLATFORM"] == "offscreen":
    _SCREEN = Path(__file__).parent / "ui" / "screen_1366x728.json"
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

# Town-scale benchmarks run only when asked for (tasks.sh bench sets this).
if not os.environ.get("STATIONDESK_BENCH"):
    collect_ignore = ["benchmarks"]


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real data folder (its window.ini, last data file, log): each
    gets an empty one unless it sets STATIONDESK_HOME itself."""
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.sqlite"


@pytest.fixture
def db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty, migrated station database in a temporary file (nobody logged in, no accounts)."""
    from app.accounts import session
    from app.storage.datafile import close_station, open_station

    monkeypatch.setenv("STATIONDESK_HOME", str(db_path.parent / "home"))
    open_station(db_path, create=True)
    yield db_path
    close_station()
    session.file_opened(has_accounts=False)
