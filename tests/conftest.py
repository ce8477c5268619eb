"""Shared fixtures. Each test gets its own temporary database file."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Town-scale benchmarks run only when asked for (tasks.sh bench sets this).
if not os.environ.get("STATIONDESK_BENCH"):
    collect_ignore = ["benchmarks"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.sqlite"


@pytest.fixture
def db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty, migrated station database in a temporary file (nobody logged in, no accounts)."""
    from app.accounts import session
    from app.storage.datafile import close_station, open_station

    monkeypatch.setenv("STATIONDESK_HOME", str(db_path.parent / "home"))
    open_station(db_path)
    yield db_path
    close_station()
    session.file_opened(has_accounts=False)
