"""A district hub of 300 stations × 12 monthly packages + 300 assessments (issue 16): import of all
< 60 s, the yearly report < 2 s, on SQLite and on PostgreSQL (STATIONDESK_TEST_PG_DSN, see
.ci/postgres.sh). Run with ``./tasks.sh bench -k hub``."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from tests.app.hub.packages import FakeStation, station_code, write_assessment, write_month
from tests.benchmarks.conftest import Collector, best_of

STATIONS = 300
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)]
PG_ENV = "STATIONDESK_TEST_PG_DSN"


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[FakeStation], list[Path]]:
    folder = tmp_path_factory.mktemp("district-packages")
    stations = [FakeStation(station_code(n), f"第{n + 1}社区") for n in range(STATIONS)]
    paths: list[Path] = []
    for n, s in enumerate(stations):
        for month in MONTHS:
            paths.append(write_month(folder / month, s, month, seed=n, created_at=f"{month}-28T10:00:00"))
        paths.append(write_assessment(folder / "assessment", s, seed=n))
    return stations, paths


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_district_hub(
    backend: str, packages: tuple[list[FakeStation], list[Path]], tmp_path: Path, collector: Collector
) -> None:
    from app.hub import importing, reports, store

    stations, paths = packages
    if backend == "sqlite":
        target = str(tmp_path / "district.sqlite")
    else:
        target = os.environ.get(PG_ENV, "")
        if not target:
            collector.skipped(f"hub on PostgreSQL ({len(paths)} packages)", f"{PG_ENV} not set")
            pytest.skip(f"{PG_ENV} not set")
        from tests.app.hub.conftest import _reset_postgres

        _reset_postgres(target)
    try:
        store.init_hub(target, level="district", code="310110000000", name="杨浦区")
        for s in stations:
            store.add_station(s.code, s.name, s.fingerprint)
        t0 = time.perf_counter()
        results = importing.import_packages(paths)
        elapsed = time.perf_counter() - t0
        assert len(results) == len(paths)
        m = collector.record(
            f"hub import, {STATIONS} stations × 12 months + {STATIONS} assessments ({backend})",
            elapsed,
            60.0,
            f"one run: hub import of {len(paths)} packages in one call (all checks, one transaction)",
        )
        assert m.ok, f"import took {elapsed:.1f} s"

        def yearly() -> None:
            report = reports.month_report(MONTHS[0], MONTHS[-1])
            assert len(report.stations) == STATIONS and report.totals["ep1.new_employment"] > 0

        took = best_of(3, yearly, warmup=1)
        m = collector.record(
            f"hub yearly report, {STATIONS} stations × 12 months ({backend})",
            took,
            2.0,
            "best of 3 after 1 warm-up: report --from 2025-01 --to 2025-12 (flows summed, December stocks)",
        )
        assert m.ok

        def assessment() -> None:
            report = reports.assessment_report("test-standard", dt.date(2025, 10, 1), dt.date(2026, 9, 30))
            assert len(report.stations) == STATIONS

        took = best_of(3, assessment, warmup=1)
        m = collector.record(
            f"hub assessment report, {STATIONS} stations × 12 items ({backend})",
            took,
            2.0,
            "best of 3 after 1 warm-up: report --standard … (totals from summed numerators/denominators)",
        )
        assert m.ok
    finally:
        store.close()
        if backend == "postgresql":
            from tests.app.hub.conftest import _reset_postgres

            _reset_postgres(target)
