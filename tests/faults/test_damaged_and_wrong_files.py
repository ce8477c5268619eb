"""Faults 6 and 9: damaged content and the wrong file.

- A data file with flipped bytes is refused on open (``PRAGMA quick_check``) with a Chinese message,
  by every command and the screenshot (which hung in a modal dialog offscreen); a backup of a file
  damaged while open leaves nothing at the destination.
- A new data file is made only by explicit choice: a mistyped ``--db`` is refused (no folder, no file,
  no “备份完成”), a 0-byte file is refused as damaged, never filled; ``demo`` and ``import`` say
  “已新建数据文件 …”.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from tests.faults.conftest import run_app

DAMAGED = "已损坏"


def flip(path: Path, seed: int = 5) -> None:
    """Overwrite the b-tree page headers of a few pages in the middle of the file with random bytes
    (the file header is left intact: the file still looks like SQLite)."""
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    for p in range(pages // 3, pages // 3 + 4):
        data[p * page : p * page + 12] = rng.randbytes(12)
    path.write_bytes(bytes(data))


@pytest.fixture
def damaged(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "damaged.sqlite"
    shutil.copyfile(demo_template, path)
    flip(path)
    return path


def test_flipped_bytes_are_refused_on_open(damaged: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.core.errors import CorruptDatabaseError
    from app.storage.datafile import open_station

    monkeypatch.setenv("STATIONDESK_HOME", str(damaged.parent / "home"))
    before = damaged.read_bytes()
    with pytest.raises(CorruptDatabaseError) as info:
        open_station(damaged)
    assert DAMAGED in info.value.message
    assert damaged.read_bytes() == before


@pytest.mark.parametrize(
    "command",
    [
        ("export", "{out}/e.xlsx"),
        ("backup", "{out}/b.sqlite"),
        ("todo",),
        ("form", "monthly-report", "--pdf", "{out}/m.pdf"),
    ],
)
def test_every_command_refuses_a_damaged_file(
    damaged: Path, tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    args = [a.format(out=out) for a in command]
    done = run_app("--db", damaged, *args, home=tmp_path / "home")
    assert done.returncode == 1
    assert DAMAGED in done.stderr and "Traceback" not in done.stderr and "程序内部错误" not in done.stderr
    assert list(out.iterdir()) == []  # no damaged copy, no partial file


def test_screenshot_of_a_damaged_file_does_not_hang(damaged: Path, tmp_path: Path) -> None:
    done = run_app(
        "--db",
        damaged,
        "screenshot",
        "--page",
        "home",
        "--out",
        tmp_path / "s.png",
        home=tmp_path / "home",
        timeout=60,
    )
    assert done.returncode == 1 and DAMAGED in done.stderr
    assert not (tmp_path / "s.png").exists()


def test_backup_of_a_file_damaged_while_open_leaves_nothing(
    station: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.errors import UserError
    from app.storage.backup import backup
    from app.storage.datafile import close_station, open_station

    close_station()
    flip(station)
    import db.connection as connection

    monkeypatch.setattr(connection, "_quick_check", lambda path: None)  # damaged after it was opened
    open_station(station)
    dest = tmp_path / "备份" / "b.sqlite"
    with pytest.raises(UserError):
        backup(dest)
    assert not dest.exists() and not dest.with_name("b.sqlite.part").exists()


def test_quick_check_runs_on_every_open(station: Path) -> None:
    from app.storage.datafile import close_station, open_station
    from db.models import database

    close_station()
    statements: list[str] = []
    real_connect = database._connect

    def traced(*args: object, **kwargs: object) -> object:
        con = real_connect(*args, **kwargs)
        con.set_trace_callback(statements.append)
        return con

    database._connect = traced  # type: ignore[method-assign]
    try:
        open_station(station)
    finally:
        del database._connect
    assert any(s.startswith("PRAGMA quick_check") for s in statements)


# ------------------------------------------------------------------ wrong files


def test_a_mistyped_db_is_refused_not_created(tmp_path: Path) -> None:
    typo = tmp_path / "typo-folder" / "statoin.sqlite"
    for args in (("todo",), ("backup", tmp_path / "b.sqlite"), ("export", tmp_path / "e.xlsx")):
        done = run_app("--db", typo, *args, home=tmp_path / "home")
        assert done.returncode == 1, args
        assert "找不到数据文件" in done.stderr and "备份完成" not in done.stdout
    assert not typo.parent.exists()
    assert not (tmp_path / "b.sqlite").exists()


def test_a_zero_byte_file_is_refused_as_damaged(tmp_path: Path) -> None:
    empty = tmp_path / "station.sqlite"
    empty.touch()
    for args in (("todo",), ("demo", "--persons", "5"), ("import", tmp_path / "x.xlsx")):
        done = run_app("--db", empty, *args, home=tmp_path / "home")
        assert done.returncode == 1, args
        assert DAMAGED in done.stderr
    assert empty.stat().st_size == 0
    assert not empty.with_name("station.sqlite-wal").exists()


def test_demo_says_it_made_a_new_file(tmp_path: Path) -> None:
    new = tmp_path / "new" / "demo.sqlite"
    done = run_app("--db", new, "demo", "--persons", "5", home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert f"已新建数据文件 {new}" in done.stdout
    again = run_app("--db", new, "todo", home=tmp_path / "home")
    assert again.returncode == 0 and "已新建数据文件" not in again.stdout


def test_import_says_it_made_a_new_file(demo_template: Path, tmp_path: Path) -> None:
    book = tmp_path / "e.xlsx"
    assert (
        run_app("--db", demo_template, "export", book, "--full-ids", home=tmp_path / "home").returncode == 0
    )
    new = tmp_path / "imported.sqlite"
    done = run_app("--db", new, "import", book, home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert f"已新建数据文件 {new}" in done.stdout
