"""Automatic backups: the rotation rule at its boundaries, making, checking, rotating, the chosen folder,
roles and privacy."""

from __future__ import annotations

import datetime as dt
import os
import stat
import sys
from pathlib import Path

import pytest

from app.accounts import session, users
from app.core.errors import UserError
from app.core.privacy import restrict_new_files
from app.storage import autobackup
from app.storage.autobackup import Policy, choose_kept

D = dt.datetime


def days(start: D, n: int, step: dt.timedelta = dt.timedelta(days=1)) -> list[D]:
    return [start - i * step for i in range(n)]


# ---------------------------------------------------------------------------- the rule


def test_nothing_to_keep_from_nothing() -> None:
    assert choose_kept([]) == set()


def test_seven_daily_backups_are_all_kept() -> None:
    stamps = days(D(2026, 6, 30, 18), 7)
    assert choose_kept(stamps, Policy(daily=7, weekly=0, monthly=0)) == set(stamps)


def test_the_eighth_day_is_dropped_by_the_daily_rule() -> None:
    stamps = days(D(2026, 6, 30, 18), 8)
    kept = choose_kept(stamps, Policy(daily=7, weekly=0, monthly=0))
    assert kept == set(stamps[:7])
    assert stamps[7] not in kept


def test_the_newest_backup_of_a_day_is_the_one_kept() -> None:
    morning, evening = D(2026, 6, 30, 9), D(2026, 6, 30, 18)
    assert choose_kept([morning, evening]) == {evening}


def test_days_without_backup_do_not_count() -> None:
    # a station closed for a month: its last seven backup days are still kept
    stamps = [*days(D(2026, 5, 1, 18), 7), D(2026, 6, 30, 18)]
    kept = choose_kept(stamps, Policy(daily=7, weekly=0, monthly=0))
    assert kept == {D(2026, 6, 30, 18), *stamps[:6]}


def test_weekly_keeps_the_newest_of_each_iso_week_across_sunday_and_monday() -> None:
    sunday, monday = D(2026, 6, 28, 18), D(2026, 6, 29, 18)  # ISO weeks 26 and 27
    saturday = D(2026, 6, 27, 18)
    kept = choose_kept([saturday, sunday, monday], Policy(daily=0, weekly=2, monthly=0))
    assert kept == {monday, sunday}


def test_weekly_keeps_four_weeks() -> None:
    stamps = days(D(2026, 6, 29, 18), 5, dt.timedelta(weeks=1))
    kept = choose_kept(stamps, Policy(daily=0, weekly=4, monthly=0))
    assert kept == set(stamps[:4])


def test_iso_week_spanning_new_year_is_one_week() -> None:
    dec31, jan1 = D(2025, 12, 31, 18), D(2026, 1, 1, 18)  # both ISO 2026-W01
    assert choose_kept([dec31, jan1], Policy(daily=0, weekly=4, monthly=0)) == {jan1}


def test_monthly_boundary_last_and_first_day() -> None:
    may31, jun1 = D(2026, 5, 31, 23, 59), D(2026, 6, 1, 0, 1)
    assert choose_kept([may31, jun1], Policy(daily=0, weekly=0, monthly=2)) == {may31, jun1}
    assert choose_kept([may31, jun1], Policy(daily=0, weekly=0, monthly=1)) == {jun1}


def test_twelve_months_kept_the_thirteenth_dropped() -> None:
    stamps = [D(2025 + (m - 1) // 12, (m - 1) % 12 + 1, 15) for m in range(1, 14)]  # 2025-01 .. 2026-01
    kept = choose_kept(stamps, Policy(daily=0, weekly=0, monthly=12))
    assert D(2025, 1, 15) not in kept
    assert len(kept) == 12


def test_a_year_of_daily_backups_keeps_at_most_23() -> None:
    stamps = days(D(2026, 12, 31, 18), 400)
    kept = choose_kept(stamps)
    assert len(kept) <= 7 + 4 + 12
    assert set(stamps[:7]) <= kept  # the last seven days
    assert D(2025, 12, 31, 18) not in kept or D(2026, 1, 31, 18) in kept  # newest of each month


# ---------------------------------------------------------------------------- making and rotating


def test_run_makes_a_checked_backup_in_backups(db: Path) -> None:
    result = autobackup.run(now=D(2026, 6, 30, 18))
    assert result.path == db.parent / "backups" / f"{db.stem}-自动备份-20260630-180000.sqlite"
    assert result.path.is_file()
    [listed] = autobackup.list_backups()
    assert listed.path == result.path
    assert listed.size == result.path.stat().st_size
    assert listed.check is not None and listed.check.ok
    assert listed.check_text == "完好"


def test_run_rotates_old_backups_and_leaves_other_files(db: Path) -> None:
    for stamp in days(D(2026, 6, 30, 18), 10):
        autobackup.run(now=stamp)
    folder = db.parent / "backups"
    (folder / "我的备份.sqlite").write_bytes(b"x")
    result = autobackup.run(now=D(2026, 7, 1, 18))
    left = {b.at for b in autobackup.list_backups()}
    # days Jun 25 .. Jul 1 (daily); Sunday Jun 21, the newest of ISO week 25 (weekly); Jun 22-24 removed
    assert left == {*days(D(2026, 7, 1, 18), 7), D(2026, 6, 21, 18)}
    assert result.removed
    assert (folder / "我的备份.sqlite").exists()


def test_rotation_forgets_the_checks_of_removed_files(db: Path) -> None:
    for stamp in days(D(2026, 6, 30, 18), 9):
        autobackup.run(now=stamp)
    checks = (db.parent / "backups" / autobackup.CHECKS_FILE).read_text(encoding="utf-8")
    names = {b.path.name for b in autobackup.list_backups()}
    for name in names:
        assert name in checks
    assert "20260622" not in checks


def test_due_after_a_day(db: Path) -> None:
    assert autobackup.due(D(2026, 6, 30, 18))
    autobackup.run(now=D(2026, 6, 30, 18))
    assert not autobackup.due(D(2026, 7, 1, 17, 59))
    assert autobackup.due(D(2026, 7, 1, 18))


def test_a_damaged_backup_is_reported_on_a_new_check(db: Path) -> None:
    result = autobackup.run(now=D(2026, 6, 30, 18))
    assert result.path is not None
    result.path.write_bytes(b"not a database at all, just text....")
    checked = autobackup.check(result.path)
    assert not checked.ok
    assert "不是数据库文件" in checked.message
    assert autobackup.list_backups()[0].check_text.startswith("有问题")


def test_a_failed_check_removes_the_copy(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.storage import backup

    def broken(path: Path) -> int:
        raise UserError("备份文件已损坏")

    monkeypatch.setattr(backup, "verify_backup_file", broken)
    with pytest.raises(UserError, match="已损坏"):
        autobackup.run(now=D(2026, 6, 30, 18))
    assert autobackup.list_backups() == []


def test_the_chosen_folder_is_used(db: Path, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    autobackup.set_folder(usb)
    assert autobackup.backup_folder() == usb.resolve()
    result = autobackup.run(now=D(2026, 6, 30, 18))
    assert result.path is not None and result.path.parent == usb.resolve()
    autobackup.set_folder(None)
    assert autobackup.backup_folder() == db.parent / "backups"


def test_a_missing_chosen_folder_falls_back_to_the_default(db: Path, tmp_path: Path) -> None:
    usb = tmp_path / "U盘"
    autobackup.set_folder(usb)
    usb.rmdir()
    usb.write_text("a file where the folder was")  # the stick is gone; the path cannot be a folder
    result = autobackup.run(now=D(2026, 6, 30, 18))
    assert result.path is not None and result.path.parent == db.parent / "backups"
    assert "无法使用" in result.note


def test_only_a_head_chooses_the_folder(db: Path, tmp_path: Path) -> None:
    users.add_user("王站长", session.HEAD, "secret-1")
    users.login("王站长", "secret-1")
    users.add_user("小李", session.STAFF, "secret-1")
    users.login("小李", "secret-1")
    try:
        with pytest.raises(session.PermissionDenied, match="只有站长"):
            autobackup.set_folder(tmp_path / "x")
        assert autobackup.run(now=D(2026, 6, 30, 18)).path is not None  # staff may back up
    finally:
        session.file_opened(has_accounts=False)


def test_a_viewer_session_is_skipped(db: Path) -> None:
    users.add_user("王站长", session.HEAD, "secret-1")
    users.login("王站长", "secret-1")
    users.add_user("检查组", session.VIEWER, "secret-1")
    users.login("检查组", "secret-1")
    try:
        result = autobackup.run(now=D(2026, 6, 30, 18))
        assert result.path is None
        assert "只能查看" in result.note
    finally:
        session.file_opened(has_accounts=False)


def test_restore_goes_through_the_verified_restore(db: Path) -> None:
    from db.models import Setting

    made = autobackup.run(now=D(2026, 6, 30, 18)).path
    assert made is not None
    Setting.create(key="after_backup", value="1")
    kept = autobackup.restore(made)
    assert kept.exists()
    assert Setting.get_or_none(Setting.key == "after_backup") is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes")
def test_backups_are_private(db: Path) -> None:
    old = os.umask(0o022)
    try:
        restrict_new_files()
        result = autobackup.run(now=D(2026, 6, 30, 18))
    finally:
        os.umask(old)
    assert result.path is not None
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(result.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((result.path.parent / autobackup.CHECKS_FILE).stat().st_mode) == 0o600
