"""Faults 2 and 3: two writers at once.

- Two processes save at the same time, each transaction reading before it writes (as every save of the
  app does): every save waits its turn (``BEGIN IMMEDIATE`` + busy timeout), none fails with “database
  is locked”, none is lost.
- An import holds the write lock from its first read to its commit: another process saving meanwhile
  waits its turn, and neither its saves nor the import's rows are lost.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from tests.faults.conftest import ROOT, env_for

SAVES = 150

_WRITER = r"""
import sys
from app.storage.datafile import open_station
from db.models import database
open_station(sys.argv[1])
tag, n = sys.argv[2], int(sys.argv[3])
failed = 0
for i in range(n):
    try:
        with database.atomic():
            # read first, then write: a deferred transaction would have to upgrade its lock here
            count = database.execute_sql("SELECT count(*) FROM person").fetchone()[0]
            database.execute_sql(
                "INSERT INTO setting(key, value) VALUES (?, ?)", (f"{tag}-{i}", str(count))
            )
    except Exception as exc:
        failed += 1
        print(type(exc).__name__, exc, file=sys.stderr)
print(failed)
"""


def test_two_processes_saving_at_once_all_wait_their_turn(station: Path, tmp_path: Path) -> None:
    from app.storage.datafile import close_station

    close_station()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(station), tag, str(SAVES)],
            cwd=ROOT,
            env=env_for(tmp_path / "home"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("a", "b")
    ]
    results = [p.communicate(timeout=300) for p in procs]
    failures = [int(out.strip().splitlines()[-1]) for out, _err in results]
    assert failures == [0, 0], [err[-500:] for _out, err in results]
    con = sqlite3.connect(station)
    try:
        saved = con.execute("SELECT count(*) FROM setting WHERE key LIKE 'a-%' OR key LIKE 'b-%'").fetchone()[
            0
        ]
    finally:
        con.close()
    assert saved == 2 * SAVES  # records lost: 0


def test_every_transaction_begins_immediate(station: Path) -> None:
    """The root of the fix: the one database object every ``database.atomic()`` in app/ uses."""
    from db.engine import ImmediateDatabase
    from db.models import database

    assert isinstance(database, ImmediateDatabase)
    statements: list[str] = []
    con = database.connection()
    con.set_trace_callback(statements.append)
    try:
        with database.atomic():
            database.execute_sql("SELECT 1")
    finally:
        con.set_trace_callback(None)
    assert statements[0] == "BEGIN IMMEDIATE"


def _partial_workbook(path: Path, persons: list[tuple[str, str, str, object]]) -> None:
    """A workbook of the persons with the required columns and a new address (no phone column)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(["身份证号", "姓名", "就业状态", "调查日期", "居住地址"])
    for number, name, status, surveyed in persons:
        ws.append([number, name, status, surveyed, f"新地址{number[-4:]}号"])
    wb.save(path)


def test_saves_during_an_import_wait_for_it_and_none_is_lost(station: Path, tmp_path: Path) -> None:
    """The import holds the write lock from its first read to its commit (its check is against the data
    as it is when written): another process that saves meanwhile waits its turn, and neither its saves
    nor the import's rows are lost."""
    from app.workbook import importer
    from db.models import Person

    persons = list(
        Person.select(Person.id_number, Person.name, Person.employment_status, Person.survey_date)
        .order_by(Person.id)
        .tuples()
    )
    book = tmp_path / "addresses.xlsx"
    _partial_workbook(book, persons)
    started: list[subprocess.Popen[str]] = []
    script = _WRITER.replace("failed = 0", "failed = 0\nprint('ready', flush=True)")

    def another_process_saves(done: int, total: int, text: str) -> None:
        if started or not text.startswith("正在检查"):
            return
        proc = subprocess.Popen(
            [sys.executable, "-c", script, str(station), "w", "20"],
            cwd=ROOT,
            env=env_for(tmp_path / "home"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(proc)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"  # its first save is under way now

    importer.import_workbook(book, progress=another_process_saves)
    [proc] = started
    out, err = proc.communicate(timeout=120)
    assert int(out.strip().splitlines()[-1]) == 0, err[-500:]
    rows = list(Person.select(Person.address).tuples())
    assert len(rows) == len(persons) and all(r[0].startswith("新地址") for r in rows)
    con = sqlite3.connect(station)
    try:
        saved = con.execute("SELECT value FROM setting WHERE key LIKE 'w-%'").fetchall()
    finally:
        con.close()
    assert len(saved) == 20  # lost: 0
    assert all(int(v) == len(persons) for (v,) in saved)  # each read the persons after the import
