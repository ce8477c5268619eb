"""Fault 4 (brief item 3): a full disk. The data is kept, and every path says so in Chinese
(:class:`DiskFullError`) instead of “cannot rollback”, a bug report or a traceback; no partial file is
left (a migration's ``.part`` copy, a half-written export).

A real small file system (tmpfs) where the machine allows; the injected-ENOSPC tests run everywhere.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

import pytest

from tests.faults.conftest import counts, fill, run_app, small_filesystem

ERROR = "磁盘空间已满"


@pytest.fixture
def full_station(demo_template: Path, tmp_path: Path) -> object:
    """The demo station on a 4 MB file system that is then filled up; yields (station path, mount)."""
    mount = tmp_path / "small"
    with small_filesystem(mount, 4096) as where:
        station = where / "station.sqlite"
        shutil.copyfile(demo_template, station)
        yield station, where


def _free(where: Path) -> None:
    (where / "ballast").unlink(missing_ok=True)


def test_saving_on_a_full_disk_says_disk_full(
    full_station: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.errors import DiskFullError, translate_error
    from app.station.profile import save_profile
    from app.storage.datafile import close_station, open_station
    from db.models import Person, database

    station, where = full_station
    monkeypatch.setenv("STATIONDESK_HOME", str(where.parent / "home"))
    before = counts(station)
    open_station(station)
    try:
        fill(where)
        with pytest.raises(Exception) as info, database.atomic():
            for n in range(2000):
                Person.update(note="很长的备注" * 200 + str(n)).where(Person.id == (n % 40) + 1).execute()
            save_profile({"name": "满盘测试站", "kind": "社区"})
        user = translate_error(info.value)
        assert isinstance(user, DiskFullError), repr(info.value)
        assert ERROR in user.message
    finally:
        close_station()
        _free(where)
    assert counts(station) == before  # records lost: 0


def test_import_on_a_full_disk_says_disk_full(
    full_station: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.errors import UserError
    from app.storage.datafile import close_station, open_station
    from app.workbook import export_workbook, import_workbook
    from db.models import database

    station, where = full_station
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    book = tmp_path / "export.xlsx"
    open_station(station)
    try:
        export_workbook(book)
        database.execute_sql("DELETE FROM service")
        database.execute_sql("DELETE FROM referral")
        database.execute_sql("DELETE FROM employment")
        before = counts(station)
        fill(where)
        with pytest.raises(UserError) as info:
            import_workbook(book)
        assert ERROR in info.value.message and "cannot rollback" not in info.value.message
    finally:
        close_station()
        _free(where)
    assert counts(station) == before


def test_demo_on_a_full_disk_fails_in_chinese(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "small", 1024) as where:
        fill(where, leave=200_000)
        done = run_app("--db", where / "demo.sqlite", "demo", "--persons", "400", home=tmp_path / "home")
    assert done.returncode == 1
    assert ERROR in done.stderr and "程序内部错误" not in done.stderr and "Traceback" not in done.stderr
    assert "已生成演示数据" not in done.stdout


def test_export_on_a_full_disk_leaves_nothing_behind(demo_template: Path, tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "small", 1024) as where:
        station = tmp_path / "station.sqlite"
        shutil.copyfile(demo_template, station)
        fill(where, leave=4096)
        done = run_app("--db", station, "export", where / "导出.xlsx", home=tmp_path / "home")
        left = sorted(p.name for p in where.iterdir() if p.name != "ballast")
    assert done.returncode == 1
    assert ERROR in done.stderr and "Traceback" not in done.stderr
    assert left == []


def test_migration_on_a_full_disk_leaves_no_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.connection as connection
    from app.core.errors import DiskFullError
    from app.storage.datafile import close_station, open_station
    from db.migrations import MIGRATIONS

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    with small_filesystem(tmp_path / "small", 2048) as where:
        old = where / "old.sqlite"
        with monkeypatch.context() as m:
            m.setattr(connection, "MIGRATIONS", MIGRATIONS[:1])
            m.setattr(connection, "SCHEMA_VERSION", 1)
            open_station(old, create=True)
            close_station()
        size = old.stat().st_size
        fill(where, leave=size // 2)
        with pytest.raises(DiskFullError):
            open_station(old)
        close_station()
        names = sorted(p.name for p in where.iterdir() if p.name != "ballast")
    assert not [n for n in names if n.endswith(".part")], names
    assert [n for n in names if "before-migration" in n] == []


# ------------------------------------------------------------------ injected ENOSPC (any machine)


def _no_space(*_args: object, **_kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_injected_enospc_in_a_workbook_save(
    station: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl.writer.excel import ExcelWriter

    from app.core.errors import DiskFullError
    from app.workbook import export_workbook

    dest = tmp_path / "out.xlsx"
    dest.write_bytes(b"old content")
    monkeypatch.setattr(ExcelWriter, "write_data", _no_space)
    with pytest.raises(DiskFullError) as info:
        export_workbook(dest)
    assert ERROR in info.value.message
    assert dest.read_bytes() == b"old content"
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["out.xlsx"]


def test_injected_enospc_in_a_pdf(station: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus.doctemplate import BaseDocTemplate

    from app.core.errors import DiskFullError
    from app.documents import get_document

    dest = tmp_path / "月报.pdf"
    monkeypatch.setattr(BaseDocTemplate, "build", _no_space)
    with pytest.raises(DiskFullError):
        get_document("monthly-report").build_pdf(dest)
    assert list(tmp_path.glob("*.pdf")) == []


def test_sqlite_full_is_not_hidden_by_the_rollback(station: Path) -> None:
    """SQLITE_FULL (here from a page limit) reaches the caller as itself, not as “cannot rollback”."""
    from app.core.errors import DiskFullError, data_file_errors
    from db.models import Person, database

    pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
    database.execute_sql(f"PRAGMA max_page_count={pages}")
    with pytest.raises(DiskFullError), data_file_errors(station), database.atomic():
        for n in range(500):
            Person.update(note="备注" * 500 + str(n)).where(Person.id == (n % 40) + 1).execute()
