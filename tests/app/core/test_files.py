"""app.core.files: a file the user keeps is written whole or not at all."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from app.core import files
from app.core.errors import DiskFullError, UserError
from app.core.files import atomic_write, temp_name, write_bytes


def test_the_content_takes_the_name_only_when_complete(tmp_path: Path) -> None:
    dest = tmp_path / "a.pdf"
    dest.write_bytes(b"old")
    with atomic_write(dest) as tmp:
        assert tmp.parent == dest.parent and tmp.suffix == ".pdf" and tmp != dest
        tmp.write_bytes(b"new")
        assert dest.read_bytes() == b"old"
    assert dest.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf"]


def test_a_failing_writer_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    dest = tmp_path / "a.xlsx"
    dest.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_write(dest) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("writer failed")
    assert dest.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_a_full_disk_is_a_chinese_disk_full_error(tmp_path: Path) -> None:
    def full(tmp: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    from app.core.files import write_with

    with pytest.raises(DiskFullError) as info:
        write_with(tmp_path / "a.pdf", full, action="保存PDF")
    assert info.value.message.startswith("磁盘空间已满，未能保存PDF")


def test_a_refused_write_names_the_likely_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def denied(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(UserError) as info:
        write_bytes(tmp_path / "a.xlsx", b"x")
    assert "正在其他程序" in info.value.message
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(UserError) as info:
        write_bytes(tmp_path / "none" / "a.pdf", b"x")
    assert "保存位置不存在" in info.value.message


def test_the_temporary_name_is_hidden_and_keeps_the_suffix(tmp_path: Path) -> None:
    tmp = temp_name(tmp_path / "月报.pdf")
    assert tmp.name.startswith(".月报.part") and tmp.suffix == ".pdf"


def test_every_file_the_app_writes_goes_through_the_one_writer() -> None:
    """No module of app/ saves a workbook, builds a PDF into its final name or renames a file itself:
    they all use :mod:`app.core.files` / :func:`app.core.excel.save_workbook` (atomic, formula-free)."""
    import re

    root = Path(__file__).resolve().parents[3] / "app"
    allowed = {"core/files.py", "core/excel.py", "documents/pdf.py"}  # pdf.py builds into atomic_write's name
    pattern = re.compile(r"\bwb\.save\(|\bos\.replace\(|\.replace\(tmp|mkstemp\(|\bdoc\.build\(")
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if str(path.relative_to(root)) not in allowed
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def _aged(path: Path, seconds: float) -> Path:
    path.write_bytes(b"half")
    old = time.time() - seconds
    os.utime(path, (old, old))
    return path


def test_a_killed_writers_temporary_is_removed_by_the_next_write_once_an_hour_old(tmp_path: Path) -> None:
    dest = tmp_path / "台账.xlsx"
    stale = _aged(tmp_path / ".台账.part4242.xlsx", files.STALE_AFTER_SECONDS + 60)
    files.write_bytes(dest, b"new")
    assert not stale.exists()
    assert dest.read_bytes() == b"new"


def test_a_younger_temporary_may_be_another_writer_at_work_and_is_kept(tmp_path: Path) -> None:
    dest = tmp_path / "台账.xlsx"
    young = _aged(tmp_path / ".台账.part4242.xlsx", files.STALE_AFTER_SECONDS - 60)
    files.write_bytes(dest, b"new")
    assert young.exists()


def test_only_the_temporaries_of_that_name_are_touched(tmp_path: Path) -> None:
    dest = tmp_path / "a.pdf"
    others = [
        _aged(tmp_path / ".ab.part4242.pdf", 10 * files.STALE_AFTER_SECONDS),  # another file's
        _aged(tmp_path / ".a.part4242.xlsx", 10 * files.STALE_AFTER_SECONDS),  # another suffix
        _aged(tmp_path / ".a.partial.pdf", 10 * files.STALE_AFTER_SECONDS),  # not a pid
        _aged(tmp_path / "a.part4242.pdf", 10 * files.STALE_AFTER_SECONDS),  # not hidden: the user's
    ]
    assert files.remove_stale_temps(dest) == []
    assert all(p.exists() for p in others)
