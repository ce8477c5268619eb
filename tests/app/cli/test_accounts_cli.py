"""The command line with accounts: users, --user log-in, audit and --verify, masked export by default, and
the privacy defaults (files 0600, data folder 0700) of a real process under umask 022."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "secret-1"


def run(tmp_path: Path, *argv: object, password: str | None = PASSWORD) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), STATIONDESK_HOME=str(tmp_path / "home"),
               PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")  # fmt: skip
    env.pop("STATIONDESK_PASSWORD", None)
    if password is not None:
        env["STATIONDESK_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "s.sqlite"), *map(str, argv)],
        cwd=tmp_path, env=env, capture_output=True, text=True, encoding="utf-8", timeout=120, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture
def station(tmp_path: Path) -> Path:
    assert run(tmp_path, "demo", "--persons", 30).returncode == 0
    done = run(tmp_path, "users", "add", "王站长", "--role", "站长")
    assert done.returncode == 0, done.stderr
    assert "需要登录" in done.stdout
    assert run(tmp_path, "--user", "王站长", "users", "add", "检查组", "--role", "查阅").returncode == 0
    return tmp_path


def test_a_file_with_accounts_needs_user(station: Path) -> None:
    done = run(station, "todo")
    assert done.returncode == 1 and "请用 --user 账号名 登录" in done.stderr


def test_wrong_password_is_exit_1_in_chinese(station: Path) -> None:
    done = run(station, "--user", "王站长", "todo", password="wrong-password")
    assert done.returncode == 1 and "账号或密码不正确" in done.stderr


def test_no_password_and_no_terminal_says_how(station: Path) -> None:
    done = run(station, "--user", "王站长", "todo", password=None)
    assert done.returncode == 1 and "STATIONDESK_PASSWORD" in done.stderr


def test_users_list(station: Path) -> None:
    done = run(station, "--user", "王站长", "users", "list")
    assert done.returncode == 0 and "检查组\t查阅\t启用" in done.stdout


def test_export_masks_ids_unless_a_head_asks(station: Path) -> None:
    done = run(station, "--user", "检查组", "export", station / "a.xlsx")
    assert done.returncode == 0 and "已脱敏" in done.stdout
    done = run(station, "--user", "检查组", "export", station / "b.xlsx", "--full-ids")
    assert done.returncode == 1 and "无权导出完整身份证号" in done.stderr
    assert not (station / "b.xlsx").exists()
    done = run(station, "--user", "王站长", "export", station / "c.xlsx", "--full-ids")
    assert done.returncode == 0
    log = run(station, "--user", "王站长", "audit", "--kind", "export")
    assert "c.xlsx" in log.stdout and "王站长" in log.stdout


def test_a_viewer_cannot_import(station: Path) -> None:
    run(station, "--user", "王站长", "export", station / "c.xlsx", "--full-ids")
    done = run(station, "--user", "检查组", "import", station / "c.xlsx")
    assert done.returncode == 1 and "无权修改台账" in done.stderr


def test_audit_verify_names_the_broken_entry(station: Path) -> None:
    ok = run(station, "--user", "王站长", "audit", "--verify")
    assert ok.returncode == 0 and "操作日志完整" in ok.stdout
    con = sqlite3.connect(station / "s.sqlite")
    con.execute("DROP TRIGGER audit_entry_no_update")
    con.execute("UPDATE audit_entry SET detail = '无' WHERE id = 2")
    con.commit()
    con.close()
    bad = run(station, "--user", "王站长", "audit", "--verify")
    assert bad.returncode == 1 and "第 2 条" in bad.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_files_written_are_private_under_umask_022(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run(tmp_path, "demo", "--persons", 20).returncode == 0
        assert run(tmp_path, "backup", tmp_path / "copy.sqlite").returncode == 0
        assert run(tmp_path, "export", tmp_path / "x.xlsx").returncode == 0
    finally:
        os.umask(old)
    for name in ("s.sqlite", "copy.sqlite", "x.xlsx"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE((tmp_path / "home").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "home" / "stationdesk.log").stat().st_mode) == 0o600
