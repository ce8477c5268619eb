"""Town-scale benchmarks (PRODUCT.md, "Town scale is fast"): collected only with STATIONDESK_BENCH=1
(``./tasks.sh bench``).

The town (``demo --persons 50000 --seed 1``) is built once into a cache file
``$TMPDIR/stationdesk-bench/town-<schema version>-<generator hash>.sqlite`` (rebuilt when missing or when
the generator changed) and copied for every benchmark that writes. Each benchmark records
``(what, measured, target)`` into the session collector; at the end the table is printed and written to
``tests/benchmarks/latest.md`` with the machine it ran on. A benchmark fails when it misses its target.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATEST = Path(__file__).resolve().parent / "latest.md"
TOWN_PERSONS = 50_000
TOWN_SEED = 1


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text(encoding="ascii").strip()
    except OSError:
        return "n/a"


@dataclass
class Measurement:
    what: str
    measured: float
    target: float
    unit: str  # "s", "MB" or "%"
    how: str

    @property
    def ok(self) -> bool:
        return self.measured < self.target

    def text(self, value: float) -> str:
        if self.unit == "MB":
            return f"{value:.0f} MB"
        if self.unit == "%":
            return f"{value:.1f} %"
        if value < 0.01:
            return f"{value * 1000:.1f} ms"
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


@dataclass
class Skipped:
    what: str
    reason: str


class Collector:
    def __init__(self) -> None:
        self.rows: list[Measurement | Skipped] = []
        self.load_start = _loadavg()

    def record(self, what: str, measured: float, target: float, how: str, unit: str = "s") -> Measurement:
        m = Measurement(what, measured, target, unit, how)
        self.rows.append(m)
        return m

    def skipped(self, what: str, reason: str) -> None:
        self.rows.append(Skipped(what, reason))

    def table(self) -> list[str]:
        lines = ["| what | measured | target | result | how |", "|---|---|---|---|---|"]
        for r in self.rows:
            if isinstance(r, Skipped):
                lines.append(f"| {r.what} | — | — | skipped | {r.reason} |")
            else:
                verdict = "ok" if r.ok else "**MISSED**"
                lines.append(
                    f"| {r.what} | {r.text(r.measured)} | < {r.text(r.target)} | {verdict} | {r.how} |"
                )
        return lines


COLLECTOR = Collector()


def machine_lines() -> list[str]:
    cpu = "n/a"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "n/a"
    try:
        for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {PySide6.__version__}, Qt {qVersion()}"
    except ImportError:  # pragma: no cover
        qt = "n/a"
    return [
        f"- nproc: {os.cpu_count()}",
        f"- CPU: {cpu}",
        f"- RAM: {ram}",
        f"- Python: {platform.python_version()} ({sys.platform})",
        f"- Qt: {qt}",
        f"- date: {dt.datetime.now().isoformat(timespec='seconds')}",
        f"- load average (/proc/loadavg) at start: {COLLECTOR.load_start}; at end: {_loadavg()}",
        f"- QT_QPA_PLATFORM: {os.environ.get('QT_QPA_PLATFORM', '')}",
    ]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COLLECTOR.rows:
        return
    terminalreporter.write_sep("=", "town-scale benchmarks (50,000 persons)")
    for line in COLLECTOR.table():
        terminalreporter.write_line(line)
    for line in machine_lines():
        terminalreporter.write_line(line)
    body = [
        "# Town-scale benchmarks — latest run",
        "",
        f"Town: `python -m app demo --persons {TOWN_PERSONS} --seed {TOWN_SEED}` "
        "(generated for the day of the run). Times are wall-clock (`time.perf_counter`), best of N "
        "as noted; a benchmark fails when it misses its target. "
        "Written by `tests/benchmarks/conftest.py` (`./tasks.sh bench`).",
        "",
        *COLLECTOR.table(),
        "",
        "Machine:",
        "",
        *machine_lines(),
        "",
        "Other processes may have been running during the run: see the load average above.",
        "",
    ]
    LATEST.write_text("\n".join(body), encoding="utf-8")
    terminalreporter.write_line(f"written: {LATEST}")


# ---------------------------------------------------------------------------- timing helpers


def best_of(
    n: int, run: Callable[[], Any], *, warmup: int = 0, setup: Callable[[], Any] | None = None
) -> float:
    """The best wall time of ``n`` runs of ``run`` (after ``warmup`` unmeasured runs); ``setup`` runs
    before each, unmeasured."""
    for _ in range(warmup):
        if setup is not None:
            setup()
        run()
    best = float("inf")
    for _ in range(n):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.fixture(scope="session")
def collector() -> Collector:
    return COLLECTOR


# ---------------------------------------------------------------------------- the town


def _generator_hash() -> str:
    h = hashlib.sha1()
    for name in ("app/demo.py", "app/demo_names.py"):
        h.update((ROOT / name).read_bytes())
    h.update(dt.date.today().isoformat().encode())  # the demo is dated relative to today
    return h.hexdigest()[:10]


def town_cache_path() -> Path:
    from db.connection import SCHEMA_VERSION

    folder = Path(tempfile.gettempdir()) / "stationdesk-bench"
    return folder / f"town-{SCHEMA_VERSION}-{_generator_hash()}.sqlite"


def build_town(path: Path) -> float:
    """Generate the town into ``path`` (a new file); the wall time of the generation itself."""
    from app.demo.generator import generate_demo
    from db.connection import close_database, open_database

    open_database(path)
    try:
        t0 = time.perf_counter()
        generate_demo(persons=TOWN_PERSONS, seed=TOWN_SEED)
        took = time.perf_counter() - t0
    finally:
        close_database()
    return took


@pytest.fixture(scope="session")
def town_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The cached town (built when missing); benchmarks open it read-mostly or copy it."""
    path = town_cache_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob("town-*.sqlite*"):
            old.unlink()
        tmp = tmp_path_factory.mktemp("town") / "town.sqlite"
        build_town(tmp)
        shutil.copyfile(tmp, path.with_suffix(".part"))
        os.replace(path.with_suffix(".part"), path)
    return path


@pytest.fixture
def town(town_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the town, open as the current database."""
    from db.connection import close_database, open_database

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "town.sqlite"
    shutil.copyfile(town_file, path)
    open_database(path)
    yield path
    close_database()
