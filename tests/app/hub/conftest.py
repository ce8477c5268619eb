"""Every hub test runs on SQLite and on PostgreSQL (STATIONDESK_TEST_PG_DSN, set by .ci/run through
.ci/postgres.sh; without it the PostgreSQL runs are skipped locally and fail in CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.hub import store
from tests.app.upward.conftest import march  # noqa: F401  (the hand-made station, for end-to-end tests)

PG_ENV = "STATIONDESK_TEST_PG_DSN"
TOWN_CODE = "310110012000"


def _reset_postgres(dsn: str) -> None:
    from db.hub_models import _postgres, close_hub, drop_hub_tables

    close_hub()
    db = _postgres(dsn)
    db.connect()
    try:
        drop_hub_tables(db)
    finally:
        db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def hub_target(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Where a new hub goes: a fresh SQLite path, or the test PostgreSQL database emptied of hub tables."""
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    if request.param == "sqlite":
        yield str(tmp_path / "hub.sqlite")
        store.close()
        return
    dsn = os.environ.get(PG_ENV)
    if not dsn:
        if os.environ.get("CI"):
            pytest.fail(f"{PG_ENV} is not set: .ci/run must start PostgreSQL (.ci/postgres.sh)")
        pytest.skip(f"{PG_ENV} not set (source .ci/postgres.sh to run the hub tests on PostgreSQL)")
    _reset_postgres(dsn)
    yield dsn
    store.close()
    _reset_postgres(dsn)


@pytest.fixture
def hub(hub_target: str) -> str:
    """A new, open town hub."""
    store.init_hub(hub_target, level="town", code=TOWN_CODE, name="殷行街道")
    return hub_target
