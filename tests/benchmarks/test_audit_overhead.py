"""What the audit trail costs (issue 15: < 20% on a service save and on a 10,000-row import).

Each figure is measured in one process, alternating runs with the audit triggers installed and runs
without them (``db.audit.trigger_sql`` patched to install none), and compares the medians.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.benchmarks.conftest import Collector

RUNS = 5


def _alternate(
    monkeypatch: pytest.MonkeyPatch, run: Callable[[bool], float], runs: int = RUNS
) -> tuple[float, float]:
    from db import audit

    real = audit.trigger_sql
    with_audit: list[float] = []
    without: list[float] = []
    for i in range(runs * 2):
        audited = i % 2 == 0
        monkeypatch.setattr(audit, "trigger_sql", real if audited else (lambda conn: []))
        (with_audit if audited else without).append(run(audited))
    monkeypatch.setattr(audit, "trigger_sql", real)
    return statistics.median(with_audit), statistics.median(without)


def _record(collector: Collector, what: str, audited: float, plain: float, how: str) -> None:
    ratio = audited / plain - 1
    how = f"{how}; median with {audited * 1000:.1f} ms, without {plain * 1000:.1f} ms"
    collector.record(f"{what}: audit overhead", ratio * 100, 20.0, how, unit="%")
    assert ratio < 0.20, f"{what}: audit adds {ratio:.0%}"


def test_audit_overhead_on_a_service_save(
    collector: Collector, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.casework import add_service
    from app.demo.generator import generate_demo
    from app.storage.datafile import close_station, open_station
    from db.models import Person, Service

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    counter = iter(range(10_000))

    def run(audited: bool) -> float:
        path = tmp_path / f"s-{next(counter)}.sqlite"
        open_station(path, create=True)
        generate_demo(persons=300, seed=1, today=dt.date(2026, 11, 1))
        served = Service.select(Service.person).where(Service.served_on == dt.date(2026, 11, 1))
        people = [p.id for p in Person.select(Person.id).where(Person.id.not_in(served)).limit(200)]
        times = []
        for n, pid in enumerate(people):
            values: dict[str, Any] = {"person_id": pid, "served_on": "2026-11-01", "kind": "跟踪回访",
                                      "content": f"电话联系 {n}"}  # fmt: skip
            start = time.perf_counter()
            add_service(values, today=dt.date(2026, 11, 1))
            times.append(time.perf_counter() - start)
        close_station()
        return statistics.median(times)

    audited, plain = _alternate(monkeypatch, run)
    _record(collector, "service save", audited, plain, "median of 200 saves per run, 5 runs each way")


def test_audit_overhead_on_a_10000_person_import(
    collector: Collector, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    from app.demo.generator import generate_demo
    from app.storage.datafile import close_station, open_station
    from app.workbook import export_workbook, import_workbook

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    book = tmp_path / "ledger.xlsx"
    changed = tmp_path / "changed.xlsx"
    open_station(tmp_path / "source.sqlite", create=True)
    generate_demo(persons=10_000, seed=1, today=dt.date(2026, 11, 1))
    export_workbook(book, mask_ids=False)
    close_station()
    wb = load_workbook(book)
    ws = wb["人员"]
    col = [c.value for c in ws[1]].index("联系电话") + 1
    for row in range(2, ws.max_row + 1, 10):  # every tenth person gets a new phone: 1,000 field changes
        ws.cell(row=row, column=col, value=f"139{row:08d}")
    wb.save(changed)
    counter = iter(range(100))

    def run(audited: bool) -> float:
        path = tmp_path / f"t-{next(counter)}.sqlite"
        open_station(path, create=True)
        start = time.perf_counter()
        import_workbook(book)  # every row created
        import_workbook(changed)  # 1,000 persons updated
        took = time.perf_counter() - start
        close_station()
        return took

    audited, plain = _alternate(monkeypatch, run, runs=3)
    _record(collector, "import of 10,000 persons then 1,000 changes", audited, plain, "3 runs each way")
