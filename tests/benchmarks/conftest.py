"""Scale benchmarks (PRODUCT.md "Town scale is fast", issue 17): collected only with STATIONDESK_BENCH=1
(``./tasks.sh bench``).

**Sizes.** A benchmark that takes the ``persons`` fixture runs once per size: 10,000, 50,000 and 200,000
persons by default; ``./tasks.sh bench --sizes 50000`` (or ``STATIONDESK_BENCH_SIZES=10000,50000``) picks.
The demo town of each size (``demo --persons N --seed 1``) is built once into a cache file
``$TMPDIR/stationdesk-bench/town-<N>-<schema version>-<generator hash>.sqlite`` (rebuilt when missing or
when the generator changed) and copied for every benchmark that opens it (``town``).

**Figures.** Each figure is the **median** of several runs with its spread (fastest–slowest), recorded with
``collector.timing`` / ``collector.memory`` under a name that is the same at every size. Peak memory is
measured in a child process (``child``: its ``VmHWM``), so one benchmark's garbage does not count in the
next. The table of the last run of every (figure, size) is kept in ``tests/benchmarks/latest.json`` and
written to ``tests/benchmarks/latest.md``: one column per size, the goal, and the growth exponent from
50,000 to 200,000 persons (``k`` in time ∝ n^k: 1 is linear). A benchmark fails when it misses its goal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATEST = Path(__file__).resolve().parent / "latest.md"
LATEST_JSON = Path(__file__).resolve().parent / "latest.json"
DEFAULT_SIZES = (10_000, 50_000, 200_000)
TOWN_PERSONS = 50_000  # the size of the README's "town" (PRODUCT.md); the default of non-sized figures
TOWN_SEED = 1


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])
    except OSError:
        return "n/a"


def size_label(persons: int) -> str:
    return f"{persons // 1000}k" if persons % 1000 == 0 else str(persons)


# ---------------------------------------------------------------------------- measuring


@dataclass(frozen=True)
class Timing:
    """Wall times of several runs, in seconds."""

    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def low(self) -> float:
        return min(self.runs)

    @property
    def high(self) -> float:
        return max(self.runs)


def measure(
    n: int, run: Callable[[], Any], *, warmup: int = 0, setup: Callable[[], Any] | None = None
) -> Timing:
    """``n`` timed runs of ``run`` after ``warmup`` untimed ones; ``setup`` runs before each, untimed."""
    for _ in range(warmup):
        if setup is not None:
            setup()
        run()
    times: list[float] = []
    for _ in range(n):
        if setup is not None:
            setup()
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return Timing(tuple(times))


def best_of(
    n: int, run: Callable[[], Any], *, warmup: int = 0, setup: Callable[[], Any] | None = None
) -> float:
    """The fastest of ``n`` runs (kept for the figures whose goal is stated as a best time)."""
    return measure(n, run, warmup=warmup, setup=setup).low


@dataclass(frozen=True)
class Child:
    """What a child process printed, its peak resident memory and its wall time."""

    stdout: list[str]
    peak_mb: float
    seconds: float


_PEAK_TAIL = """
import sys as _sys
for _line in open("/proc/self/status", encoding="ascii"):
    if _line.startswith("VmHWM:"):
        print("@@peak-kb", int(_line.split()[1]), file=_sys.stderr)
"""


def child(code: str, *args: str, home: Path | None = None, timeout: float = 900) -> Child:
    """Run ``code`` in a fresh Python (offscreen Qt, this checkout on the path) with ``args`` in
    ``sys.argv[1:]``; its peak resident set (VmHWM, MB) is read as it ends."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    if home is not None:
        env["STATIONDESK_HOME"] = str(home)
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code) + _PEAK_TAIL, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.perf_counter() - t0
    assert done.returncode == 0, done.stderr[-4000:]
    peak = [line for line in done.stderr.splitlines() if line.startswith("@@peak-kb")]
    assert peak, done.stderr[-2000:]
    return Child(done.stdout.splitlines(), int(peak[-1].split()[1]) / 1024, seconds)


# ---------------------------------------------------------------------------- recording


@dataclass
class Record:
    what: str
    persons: int | None  # None: a figure that does not scale with the town (a hub, a fixed workbook)
    median: float
    low: float
    high: float
    runs: int
    target: float | None
    unit: str  # "s", "MB", "%" or "×"
    how: str
    load: str = ""
    when: str = ""

    @property
    def ok(self) -> bool:
        return self.target is None or self.median <= self.target

    @property
    def key(self) -> str:
        return f"{self.what}|{self.persons}"

    def text(self, value: float) -> str:
        return fmt(value, self.unit)

    def cell(self) -> str:
        shown = self.text(self.median)
        low, high = self.text(self.low), self.text(self.high)
        if self.runs > 1:
            shown += f" ({low}–{high}, {self.runs} runs)" if low != high else f" ({self.runs} runs)"
        if not self.ok:
            shown += " **missed**"
        return shown


def fmt(value: float, unit: str) -> str:
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "%":
        return f"{value:.1f} %"
    if unit == "×":
        return f"{value:.2f}×"
    if value < 0.01:
        return f"{value * 1000:.1f} ms"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.1f} s"


@dataclass
class Collector:
    rows: list[Record] = field(default_factory=list)
    load_start: str = field(default_factory=_loadavg)

    def _add(self, rec: Record) -> Record:
        rec.load = _loadavg()
        rec.when = dt.datetime.now().isoformat(timespec="seconds")
        self.rows.append(rec)
        return rec

    def record(
        self,
        what: str,
        measured: float,
        target: float | None,
        how: str,
        unit: str = "s",
        *,
        persons: int | None = None,
    ) -> Record:
        """One measured figure (a single run, or a value already reduced by the benchmark)."""
        return self._add(Record(what, persons, measured, measured, measured, 1, target, unit, how))

    def timing(
        self, what: str, persons: int | None, timing: Timing, target: float | None, how: str
    ) -> Record:
        """The median and spread of ``timing``."""
        rec = Record(
            what, persons, timing.median, timing.low, timing.high, len(timing.runs), target, "s", how
        )
        return self._add(rec)

    def values(
        self, what: str, persons: int | None, values: list[float], target: float | None, how: str, unit: str
    ) -> Record:
        """The median and spread of several measured values (memory of several child runs, ratios …)."""
        rec = Record(
            what, persons, statistics.median(values), min(values), max(values), len(values), target, unit, how
        )
        return self._add(rec)

    def skipped(self, what: str, reason: str) -> None:
        self.rows.append(Record(what, None, math.nan, math.nan, math.nan, 0, None, "s", f"skipped: {reason}"))


COLLECTOR = Collector()


def check(rec: Record) -> None:
    """Fail the benchmark when its figure misses its goal."""
    assert rec.ok, f"{rec.what} at {rec.persons}: {rec.text(rec.median)}, goal ≤ {rec.text(rec.target or 0)}"


def _merge(previous: dict[str, Any], rows: list[Record]) -> dict[str, Any]:
    """The stored figures with this run's replacing the same (figure, size)."""
    merged = dict(previous)
    for r in rows:
        if r.runs:
            merged[r.key] = asdict(r)
    return merged


def _table(records: list[Record]) -> list[str]:
    sizes = sorted({r.persons for r in records if r.persons is not None})
    by_what: dict[str, dict[int | None, Record]] = {}
    for r in records:
        by_what.setdefault(r.what, {})[r.persons] = r
    unsized = any(r.persons is None for r in records)
    head = ["figure", *[f"{size_label(s)} persons" for s in sizes], *(["other"] if unsized else [])]
    head += ["goal", "growth 50k→200k", "how"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for what, per in by_what.items():
        cells = [per[s].cell() if s in per else "—" for s in sizes]
        other = ([per[None].cell() if None in per else ""]) if unsized else []
        goals = sorted(
            {(r.persons or 0, r.target, r.unit) for r in per.values() if r.target is not None},
            key=lambda g: g[0],
        )
        distinct = {(t, u) for _p, t, u in goals}
        if len(distinct) == 1:
            t, u = distinct.pop()
            goal = f"≤ {fmt(t, u)}"
        else:
            goal = "; ".join(f"{size_label(p) if p else ''} ≤ {fmt(t, u)}".strip() for p, t, u in goals)
        growth = ""
        a, b = per.get(50_000), per.get(200_000)
        if a is not None and b is not None and a.median > 0 and b.median > 0 and a.unit == "s":
            growth = f"n^{math.log(b.median / a.median) / math.log(4):.2f}"
        how = next(iter(per.values())).how
        lines.append("| " + " | ".join([what, *cells, *other, goal, growth, how]) + " |")
    return lines


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
        f"- QT_QPA_PLATFORM: {os.environ.get('QT_QPA_PLATFORM', '')}",
    ]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not COLLECTOR.rows:
        return
    terminalreporter.write_sep("=", "scale benchmarks (this run)")
    for line in _table(COLLECTOR.rows):
        terminalreporter.write_line(line)
    for r in COLLECTOR.rows:
        if not r.runs:
            terminalreporter.write_line(f"skipped: {r.what}: {r.how}")
    try:
        previous = json.loads(LATEST_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    merged = _merge(previous, COLLECTOR.rows)
    records = [Record(**v) for v in merged.values()]
    loads = sorted({f"{r.when[:16]} load {r.load}" for r in records})
    body = [
        "# Scale benchmarks — latest figures",
        "",
        f"Towns: `python -m app demo --persons N --seed {TOWN_SEED}` (generated for the day of the run). "
        "Each cell is the median of the runs noted, with the fastest and slowest in brackets; memory is the "
        "peak resident set (VmHWM) of a child process. Growth is k in time ∝ n^k from 50,000 to 200,000 "
        "persons. Written by `tests/benchmarks/conftest.py` (`./tasks.sh bench`); each (figure, size) "
        "keeps its last run.",
        "",
        *_table(records),
        "",
        "Machine:",
        "",
        *machine_lines(),
        f"- runs between {min(r.when for r in records)} and {max(r.when for r in records)}",
        "",
        "Load average (1, 5, 15 min) when each figure was recorded: other processes may have been running.",
        "",
        *[f"- {line}" for line in loads[-40:]],
        "",
    ]
    tmp = LATEST_JSON.with_suffix(".json.part")
    tmp.write_text(json.dumps(merged, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, LATEST_JSON)
    tmp = LATEST.with_suffix(".md.part")
    tmp.write_text("\n".join(body), encoding="utf-8")
    os.replace(tmp, LATEST)
    terminalreporter.write_line(f"written: {LATEST}")


@pytest.fixture(scope="session")
def collector() -> Collector:
    return COLLECTOR


# ---------------------------------------------------------------------------- sizes and towns


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--sizes",
        default=os.environ.get("STATIONDESK_BENCH_SIZES", ",".join(str(s) for s in DEFAULT_SIZES)),
        help="town sizes (persons) of the sized benchmarks, comma-separated",
    )


def bench_sizes(config: pytest.Config) -> list[int]:
    default = os.environ.get("STATIONDESK_BENCH_SIZES", ",".join(str(s) for s in DEFAULT_SIZES))
    given = config.getoption("--sizes", default=None) or default  # None: this conftest was not initial
    return [int(s.replace("_", "")) for s in str(given).split(",") if s.strip()]


def goal(persons: int, at_town: float | None, at_200k: float | None = None) -> float | None:
    """The goal of a figure at ``persons``: the README's town goal up to 50,000 persons, issue 17's
    200,000-person goal above (None: recorded with no goal, its growth reported)."""
    return at_town if persons <= TOWN_PERSONS else at_200k


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "persons" in metafunc.fixturenames:
        sizes = bench_sizes(metafunc.config)
        metafunc.parametrize("persons", sizes, ids=[size_label(s) for s in sizes], scope="session")


def _generator_hash() -> str:
    h = hashlib.sha1()
    for path in sorted((ROOT / "app" / "demo").glob("*.py")):
        h.update(path.read_bytes())
    h.update(dt.date.today().isoformat().encode())  # the demo is dated relative to today
    return h.hexdigest()[:10]


def town_cache_path(persons: int = TOWN_PERSONS) -> Path:
    from db.connection import SCHEMA_VERSION

    folder = Path(tempfile.gettempdir()) / "stationdesk-bench"
    return folder / f"town-{persons}-{SCHEMA_VERSION}-{_generator_hash()}.sqlite"


def build_town(path: Path, persons: int = TOWN_PERSONS) -> float:
    """Generate a town of ``persons`` into ``path`` (a new file); the wall time of the generation."""
    from app.demo.generator import generate_demo
    from db.connection import close_database, open_database

    open_database(path)
    try:
        t0 = time.perf_counter()
        generate_demo(persons=persons, seed=TOWN_SEED)
        took = time.perf_counter() - t0
    finally:
        close_database()
    return took


def cached_town(persons: int) -> Path:
    """The cached town of ``persons`` (built when missing); open it read-mostly or copy it."""
    path = town_cache_path(persons)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        for old in path.parent.glob(f"town-{persons}-*.sqlite*"):
            old.unlink()
        tmp = path.with_name(path.name + f".part{os.getpid()}")
        build_town(tmp, persons)
        for suffix in ("-wal", "-shm"):
            Path(str(tmp) + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
    return path


@pytest.fixture
def town_file(persons: int) -> Path:
    return cached_town(persons)


@pytest.fixture
def town(town_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the town of this size, open as the current database."""
    from db.connection import close_database, open_database

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "town.sqlite"
    shutil.copyfile(town_file, path)
    open_database(path)
    yield path
    close_database()
