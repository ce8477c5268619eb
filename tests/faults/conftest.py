"""The fault suite (issue 11): kills at chosen points, full disks, damaged files, two writers, hostile and
oversized workbooks. Each test states the fault it tries; ``FAULTS`` counts them for the README's figure.

Subprocess helpers run ``python -m app`` with ``STATIONDESK_KILL_AT`` (see :mod:`db.durable`) so a
process dies exactly at a named point, as a power cut or a killed process would leave it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Texts that a spreadsheet program would run or reinterpret if written as they are.
HOSTILE = (
    '=HYPERLINK("http://x.cn","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "#N/A",
)

# Free-text columns a worker types (codes, dates and IDs are checked elsewhere).
FREE_TEXT = {
    "station_profile": ("name", "address", "contact", "note"),
    "household": ("address",),
    "person": ("name", "address", "employer", "job_intention", "skills", "note", "surveyor"),
    "employer": ("name", "contact", "address"),
    "vacancy": ("title", "requirements", "pay_text", "contact", "location"),
    "employment": ("employer",),
    "service": ("content", "result", "staff"),
    "service_plan": ("goal", "measures", "responsible"),
    "referral": ("note",),
    "complaint": ("content", "result"),
    "event": ("name", "note"),
}


def env_for(home: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["STATIONDESK_HOME"] = str(home)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.pop("STATIONDESK_KILL_AT", None)
    env.update(extra)
    return env


def run_app(
    *args: str | Path, home: Path, kill_at: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` in a fresh process; with ``kill_at`` it SIGKILLs itself at that point."""
    extra = {"STATIONDESK_KILL_AT": kill_at} if kill_at else {}
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=ROOT,
        env=env_for(home, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def make_station(path: Path, persons: int = 40, seed: int = 3) -> Path:
    """A small demo station at ``path`` (closed afterwards)."""
    from app.demo.generator import generate_demo
    from app.storage.datafile import close_station, open_station

    open_station(path, create=True)
    try:
        generate_demo(persons=persons, seed=seed)
    finally:
        close_station()
    return path


def counts(path: Path) -> dict[str, int]:
    """Rows per data table, read without writing (a check that nothing was lost). The audit trail is left
    out: a restore or a refused command may add its own entry."""
    import sqlite3

    con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in tables
            if not t.startswith("audit")
        }
    finally:
        con.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 40-person demo station made once; tests copy it."""
    folder = tmp_path_factory.mktemp("faults-demo")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STATIONDESK_HOME", str(folder / "home"))
        return make_station(folder / "demo.sqlite")


@pytest.fixture
def station(demo_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the demo station, open in this process."""
    import shutil

    from app.storage.datafile import close_station, open_station

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "station.sqlite"
    shutil.copyfile(demo_template, path)
    open_station(path)
    yield path
    close_station()


def _can_mount() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "geteuid") and os.geteuid() == 0


@contextlib.contextmanager
def small_filesystem(where: Path, size_kb: int) -> Iterator[Path]:
    """A real, small file system (tmpfs) at ``where``; skips the test where the machine does not allow
    it (not root). The fault suite's other full-disk tests inject ENOSPC instead."""
    if not _can_mount():
        pytest.skip("挂载小文件系统需要 root（其余满盘测试以注入 ENOSPC 代替）")
    where.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(where)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip("此机器不允许挂载 tmpfs")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def fill(folder: Path, leave: int = 0) -> None:
    """Fill the file system of ``folder`` until at most ``leave`` bytes are free."""
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize - leave
    if free <= 0:
        return
    with (folder / "ballast").open("wb") as fh:
        chunk = b"\0" * 65536
        try:
            while free > 0:
                fh.write(chunk[: min(len(chunk), free)])
                free -= len(chunk)
            fh.flush()
        except OSError:
            pass
