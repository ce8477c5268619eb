"""Document and export benchmarks (issue 17): the 劳动力资源台账 PDF and the ledger workbook export, at every
town size.

Each run is a child process (a fresh interpreter on its own copy of the town), so its peak memory (VmHWM,
the interpreter and its imports included) is the document's alone and nothing is warm from the run before.
The time is the build itself, measured inside the child (not the interpreter's start). Each figure is the
median of the runs with their spread.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.benchmarks.conftest import Collector, Timing, check, child, goal

BUILD = """
import json, sys, time
from pathlib import Path

what, db, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
from db.connection import open_database

open_database(db)
if what == "pdf":
    from app.documents.ledgers import build_ledger_pdf

    def build():
        build_ledger_pdf("ledger-labor", out)
else:
    from app.workbook import export_workbook

    def build():
        export_workbook(out)
t0 = time.perf_counter()
build()
print(json.dumps({"seconds": time.perf_counter() - t0, "bytes": out.stat().st_size}))
"""


def runs_in_children(what: str, town_file: Path, tmp_path: Path, n: int) -> tuple[Timing, list[float]]:
    """``n`` builds of ``what`` (``pdf``: the 劳动力资源台账, ``export``: the ledger workbook), each in a
    child process on a fresh copy of the town: their build times and peak memories (MB)."""
    import json

    seconds: list[float] = []
    peaks: list[float] = []
    for i in range(n):
        db = tmp_path / f"town-{i}.sqlite"
        shutil.copyfile(town_file, db)
        out = tmp_path / f"{what}-{i}.{'pdf' if what == 'pdf' else 'xlsx'}"
        done = child(BUILD, what, str(db), str(out), home=tmp_path / "home")
        result = json.loads(done.stdout[-1])
        assert result["bytes"] > 0
        seconds.append(float(result["seconds"]))
        peaks.append(done.peak_mb)
        out.unlink()
        db.unlink()
    return Timing(tuple(seconds)), peaks


def test_labor_ledger_pdf(collector: Collector, persons: int, town_file: Path, tmp_path: Path) -> None:
    """劳动力资源台账 (every person, A4 landscape) as the 申报与报表 page builds it: README's town goal 60 s,
    issue 17's 200,000-person goal 30 s and 300 MB."""
    timing, peaks = runs_in_children("pdf", town_file, tmp_path, 3)
    how = "build_ledger_pdf in a child process on a copy of the town; 3 runs"
    time_rec = collector.timing("劳动力资源台账 PDF", persons, timing, goal(persons, 60.0, 30.0), how)
    memory = collector.values(
        "劳动力资源台账 PDF, peak memory", persons, peaks, goal(persons, 300.0, 300.0), "VmHWM; " + how, "MB"
    )
    check(time_rec)
    check(memory)


def test_ledger_workbook_export(collector: Collector, persons: int, town_file: Path, tmp_path: Path) -> None:
    """The whole ledger as the workbook (full IDs), laid out for Excel; no goal yet, its growth reported."""
    n = 3 if persons <= 50_000 else 2
    timing, peaks = runs_in_children("export", town_file, tmp_path, n)
    how = f"export_workbook in a child process on a copy of the town; {n} runs"
    collector.timing("ledger workbook export", persons, timing, None, how)
    collector.values("ledger workbook export, peak memory", persons, peaks, None, "VmHWM; " + how, "MB")
