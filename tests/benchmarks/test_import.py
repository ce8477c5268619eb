"""Import of the town's own export (issue 17 item 2: the importer streams): time and peak memory at each
town size, each run a fresh process importing into an empty database.

The export (full IDs, every sheet) is written once per town into the bench cache folder beside the town
(``export-<town file stem>.xlsx``) and reused. The time is measured inside the child around
``import_workbook`` alone; the peak memory is the child's VmHWM (interpreter and imports included, about
40 MB) plus the largest peak of the processes it started to read its large sheets (they run one at a
time; counted as if at their peak together with the importer's).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from tests.benchmarks.conftest import ROOT, Collector, Timing, check, child, goal

IMPORT = """
import sys, time
from pathlib import Path
from db.connection import close_database, open_database
from app.workbook import import_workbook
open_database(Path(sys.argv[2]))
t0 = time.perf_counter()
summary = import_workbook(Path(sys.argv[1]))
print("@@seconds", time.perf_counter() - t0)
import resource
usage = resource.getrusage(resource.RUSAGE_SELF)
readers = resource.getrusage(resource.RUSAGE_CHILDREN)  # the processes that read the large sheets
print("@@cpu", usage.ru_utime + usage.ru_stime + readers.ru_utime + readers.ru_stime)
from app.workbook import xlsxstream
print("@@reader_mb", max(xlsxstream.READER_PEAKS_KB, default=0) / 1024)  # their own VmHWM
print("@@created", summary.created)
close_database()
"""

EXPORT = """
import sys, shutil
from pathlib import Path
from db.connection import close_database, open_database
from app.workbook import export_workbook
copy = Path(sys.argv[3])
shutil.copy(sys.argv[1], copy)
open_database(copy)
rows = export_workbook(Path(sys.argv[2]))
print("@@rows", sum(rows.values()))
close_database()
"""


def _writer_hash() -> str:
    """The code that writes the export: a cached export is written again when it changes."""
    h = hashlib.sha1()
    for name in ("app/workbook/exporter.py", "app/workbook/layout.py", "app/core/excel.py"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()[:8]


def _export_of(town_file: Path, tmp_path: Path) -> Path:
    book = town_file.with_name(f"export-{town_file.stem}-{_writer_hash()}.xlsx")
    if not book.exists():
        part = book.with_name(book.name + f".part{os.getpid()}.xlsx")
        child(
            EXPORT, str(town_file), str(part), str(tmp_path / "export-source.sqlite"), home=tmp_path / "home"
        )
        os.replace(part, book)
    return book


def _value(out: list[str], tag: str) -> float:
    return float(next(line.split()[1] for line in out if line.startswith(tag)))


def test_import_of_the_towns_export(
    collector: Collector, persons: int, town_file: Path, tmp_path: Path
) -> None:
    book = _export_of(town_file, tmp_path)
    runs = 3 if persons <= 50_000 else 2
    seconds: list[float] = []
    peaks: list[float] = []
    cpu: list[float] = []
    for i in range(runs):
        target = tmp_path / f"target-{i}.sqlite"
        done = child(IMPORT, str(book), str(target), home=tmp_path / "home")
        assert _value(done.stdout, "@@created") > persons  # persons and their history
        seconds.append(_value(done.stdout, "@@seconds"))
        peaks.append(done.peak_mb + _value(done.stdout, "@@reader_mb"))
        cpu.append(_value(done.stdout, "@@cpu"))
    how = (
        f"import_workbook of the town's own export ({book.stat().st_size / 1e6:.0f} MB .xlsx) into an empty "
        f"database, a fresh process each run; {runs} runs"
    )
    time_record = collector.timing(
        "import of the town's export", persons, Timing(tuple(seconds)), goal(persons, 10.0, 60.0), how
    )
    memory_record = collector.values(
        "peak memory, import of the town's export",
        persons,
        peaks,
        goal(persons, 300.0, 600.0),
        how + " (VmHWM of the child + the peak of its largest sheet-reading process)",
        "MB",
    )
    collector.values(
        "CPU time, import of the town's export",
        persons,
        cpu,
        None,
        how + " (user + system time of the child and its sheet-reading processes: less sensitive to a busy"
        " machine than the wall time)",
        "s",
    )
    check(time_record)
    check(memory_record)
