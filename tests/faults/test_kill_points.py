"""Faults 5 and 10: a process killed (SIGKILL, as a crash or a power cut leaves it) at chosen points of
writing a document, an export, a backup, a restore and an import. The file that was there before is
still whole, no half-written file takes its name, and the data file loses nothing.

The process kills itself at a named point (``STATIONDESK_KILL_AT``, :func:`db.durable.fault_point`).
Power loss itself cannot be simulated here: the tests check that every rename is preceded by an
``fsync`` of the data and followed by one of the folder, and that commits are ``synchronous=FULL``.
"""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from tests.faults.conftest import counts, run_app

KILLED = -signal.SIGKILL


@pytest.fixture
def copy(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "station.sqlite"
    shutil.copyfile(demo_template, path)
    return path


WRITERS = {
    "pdf": lambda db, out: ("--db", db, "form", "monthly-report", "--pdf", out / "月报.pdf"),
    "xlsx-document": lambda db, out: ("--db", db, "form", "ledger-labor", "--xlsx", out / "台账.xlsx"),
    "export": lambda db, out: ("--db", db, "export", out / "导出.xlsx"),
    "template": lambda db, out: ("template", out / "模板.xlsx"),
}


@pytest.mark.parametrize("point", ["file-written", "before-rename"])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_killed_while_writing_a_file_keeps_the_old_one(
    writer: str, point: str, copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = WRITERS[writer](copy, out)
    first = run_app(*args, home=tmp_path / "home")
    assert first.returncode == 0, first.stderr
    dest = Path(args[-1])
    good = dest.read_bytes()
    before = counts(copy)
    killed = run_app(*args, home=tmp_path / "home", kill_at=point)
    assert killed.returncode == KILLED
    assert dest.read_bytes() == good  # never a 0-byte or truncated file where a good one was
    assert counts(copy) == before


@pytest.mark.parametrize("point", ["backup-copied", "before-rename"])
def test_killed_during_backup_leaves_the_old_backup(point: str, copy: Path, tmp_path: Path) -> None:
    dest = tmp_path / "备份.sqlite"
    assert run_app("--db", copy, "backup", dest, home=tmp_path / "home").returncode == 0
    good = dest.read_bytes()
    killed = run_app("--db", copy, "backup", dest, home=tmp_path / "home", kill_at=point)
    assert killed.returncode == KILLED
    assert dest.read_bytes() == good


def test_killed_during_restore_keeps_a_whole_file(copy: Path, tmp_path: Path) -> None:
    backup = tmp_path / "备份.sqlite"
    assert run_app("--db", copy, "backup", backup, home=tmp_path / "home").returncode == 0
    before = counts(copy)
    killed = run_app("--db", copy, "restore", backup, home=tmp_path / "home", kill_at="restore-copied")
    assert killed.returncode in (KILLED, 0)  # same page size: restored in place without a copy
    assert counts(copy) == before
    assert run_app("--db", copy, "todo", home=tmp_path / "home").returncode == 0


def test_killed_during_import_writes_nothing(copy: Path, tmp_path: Path) -> None:
    book = tmp_path / "导出.xlsx"
    assert run_app("--db", copy, "export", book, "--full-ids", home=tmp_path / "home").returncode == 0
    fresh = tmp_path / "fresh.sqlite"
    killed = run_app("--db", fresh, "import", book, home=tmp_path / "home", kill_at="import-writing")
    assert killed.returncode == KILLED
    assert counts(fresh).get("person", 0) == 0  # all or nothing
    done = run_app("--db", fresh, "import", book, home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert counts(fresh)["person"] == counts(copy)["person"]  # records lost: 0


# ------------------------------------------------------------------ power loss: the order of the writes


def _record_fsync_and_rename(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync-dir" if os.path.isdir(f"/proc/self/fd/{fd}") else "fsync")
        real_fsync(fd)

    def replace(src: object, dst: object) -> None:
        events.append("rename")
        real_replace(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return events


def _durable(events: list[str]) -> bool:
    """Every rename has its data flushed before and its folder after."""
    for i, e in enumerate(events):
        if e == "rename" and not (
            i > 0 and events[i - 1] == "fsync" and events[i + 1 : i + 2] == ["fsync-dir"]
        ):
            return False
    return "rename" in events


def test_backup_flushes_before_and_after_its_rename(station: Path, tmp_path: Path, monkeypatch) -> None:
    from app.storage.backup import backup

    events = _record_fsync_and_rename(monkeypatch)
    backup(tmp_path / "b.sqlite")
    assert _durable(events), events


def test_workbook_save_flushes_before_and_after_its_rename(
    station: Path, tmp_path: Path, monkeypatch
) -> None:
    from app.workbook import export_workbook

    events = _record_fsync_and_rename(monkeypatch)
    export_workbook(tmp_path / "e.xlsx")
    assert _durable(events), events


def test_restore_flushes_before_and_after_its_rename(station: Path, tmp_path: Path, monkeypatch) -> None:
    from app.storage import backup as backup_module

    backup_module.backup(tmp_path / "b.sqlite")
    events = _record_fsync_and_rename(monkeypatch)
    backup_module._replace_file(tmp_path / "b.sqlite", station)
    assert _durable(events), events


def test_commits_are_synchronous_full(station: Path) -> None:
    from db.models import database

    assert database.execute_sql("PRAGMA synchronous").fetchone()[0] == 2  # FULL
