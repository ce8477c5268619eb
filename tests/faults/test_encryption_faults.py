"""Encryption at rest under faults (issue 15): a process killed at each point of ``encrypt`` and
``decrypt`` leaves a whole file that opens — plain, or encrypted with its key file — and loses nothing;
the wrong password, no password and a missing key file change nothing (command line, exit status 1)."""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.faults.conftest import ROOT, counts, env_for

KILLED = -signal.SIGKILL
PASSWORD = "secret-1"
HEADER = b"SQLite format 3\x00"


def app(*args: str | Path, home: Path, password: str = PASSWORD, kill_at: str | None = None):
    extra = {"STATIONDESK_PASSWORD": password}
    if kill_at:
        extra["STATIONDESK_KILL_AT"] = kill_at
    return subprocess.run(
        [sys.executable, "-m", "app", *map(str, args)],
        cwd=ROOT,
        env=env_for(home, **extra),
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.fixture
def plain(demo_template: Path, tmp_path: Path) -> Path:
    """A copy of the demo with a 站长 (王站长)."""
    path = tmp_path / "station.sqlite"
    shutil.copyfile(demo_template, path)
    done = app("--db", path, "users", "add", "王站长", "--role", "站长", home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    return path


def _plain_counts(path: Path) -> dict[str, int]:
    assert path.read_bytes()[:16] == HEADER
    return counts(path)


def _opens(path: Path, home: Path) -> None:
    done = app("--db", path, "--user", "王站长", "audit", "--verify", home=home)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("point", ["converted", "encrypt-before-swap", "before-rename"])
def test_killed_while_encrypting_leaves_the_plain_file(plain: Path, tmp_path: Path, point: str) -> None:
    home = tmp_path / "home"
    before = _plain_counts(plain)
    killed = app("--db", plain, "--user", "王站长", "encrypt", home=home, kill_at=point)
    assert killed.returncode == KILLED, killed.stderr
    assert _plain_counts(plain) == before
    _opens(plain, home)
    # Encrypting again works (a key file left by the kill is replaced).
    done = app("--db", plain, "--user", "王站长", "encrypt", home=home)
    assert done.returncode == 0, done.stderr
    assert plain.read_bytes()[:16] != HEADER
    _opens(plain, home)
    assert not [p for p in plain.parent.iterdir() if ".encrypting" in p.name]


@pytest.mark.parametrize("point", ["converted", "before-rename"])
def test_killed_while_decrypting_leaves_the_encrypted_file(plain: Path, tmp_path: Path, point: str) -> None:
    home = tmp_path / "home"
    assert app("--db", plain, "--user", "王站长", "encrypt", home=home).returncode == 0
    killed = app("--db", plain, "--user", "王站长", "decrypt", home=home, kill_at=point)
    assert killed.returncode == KILLED, killed.stderr
    assert plain.read_bytes()[:16] != HEADER
    _opens(plain, home)
    done = app("--db", plain, "--user", "王站长", "decrypt", home=home)
    assert done.returncode == 0, done.stderr
    assert plain.read_bytes()[:16] == HEADER
    assert not Path(f"{plain}.keys").exists()


def test_refused_opens_change_nothing(plain: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = app("--db", plain, "--user", "王站长", "encrypt", home=home)
    assert done.returncode == 0, done.stderr
    assert "恢复码" in done.stdout
    digest = hashlib.sha256(plain.read_bytes()).hexdigest()

    wrong = app("--db", plain, "--user", "王站长", "todo", home=home, password="wrong-one")
    assert wrong.returncode == 1 and "账号或密码不正确" in wrong.stderr
    nobody = app("--db", plain, "todo", home=home)
    assert nobody.returncode == 1 and "--user" in nobody.stderr
    keys = Path(f"{plain}.keys")
    keys.rename(keys.with_name("elsewhere.keys"))
    lost = app("--db", plain, "--user", "王站长", "todo", home=home)
    assert lost.returncode == 1 and "没有密钥文件无法打开" in lost.stderr
    for result in (wrong, nobody, lost):
        assert "Traceback" not in result.stderr and "ERROR CORE" not in result.stderr
    assert hashlib.sha256(plain.read_bytes()).hexdigest() == digest
    assert not Path(f"{plain}-wal").exists()


def test_recover_on_the_command_line(plain: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    done = app("--db", plain, "--user", "王站长", "encrypt", home=home)
    code = done.stdout.split("与电脑分开保管）：")[1].split()[0]
    wrong = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(plain), "recover", "王站长"],
        cwd=ROOT,
        env=env_for(home, STATIONDESK_RECOVERY_CODE="AAAAA-BBBBB", STATIONDESK_NEW_PASSWORD="new-pass-9"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert wrong.returncode == 1 and "恢复码不正确" in wrong.stderr
    right = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(plain), "recover", "王站长"],
        cwd=ROOT,
        env=env_for(home, STATIONDESK_RECOVERY_CODE=code.lower(), STATIONDESK_NEW_PASSWORD="new-pass-9"),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert right.returncode == 0, right.stderr
    assert app("--db", plain, "--user", "王站长", "todo", home=home, password="new-pass-9").returncode == 0
    assert app("--db", plain, "--user", "王站长", "todo", home=home).returncode == 1
