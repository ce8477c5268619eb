"""Writing a file the user keeps (a workbook, a PDF, a picture): all or nothing.

:func:`atomic_write` is the one way ``app`` writes such a file: the content goes to a temporary name in
the destination's folder, is flushed to the disk (``fsync``), and only then takes the final name
(``os.replace``, then the folder is flushed). A crash, a kill or a full disk leaves the old file (or no
file) at the destination, never a truncated one. A temporary file left by a killed writer (a hidden
``.name.part<pid>.ext``) is removed by the next write to the same name once it is an hour old. A full
disk or a refused write (the file open in Excel, a read-only folder) becomes a Chinese :class:`UserError`.
"""

from __future__ import annotations

import glob
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from app.core.errors import UserError, translate_os_error
from db.durable import fault_point, replace_durably

TEMP_PREFIX = "."
TEMP_INFIX = ".part"
STALE_AFTER_SECONDS = 3600  # no writer of this app takes an hour over one file


def temp_name(dest: Path) -> Path:
    """The temporary name next to ``dest`` (same folder: the rename stays on one file system). It keeps
    the suffix, since some writers choose the format by it."""
    return dest.with_name(f"{TEMP_PREFIX}{dest.stem}{TEMP_INFIX}{os.getpid()}{dest.suffix}")


def _remove(path: Path) -> None:
    with suppress(OSError):
        path.unlink()


def remove_stale_temps(dest: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporary files of ``dest`` that a killed writer left behind (older than an hour;
    a younger one may belong to a writer still at work in another process). The files removed."""
    now = time.time() if now is None else now
    removed: list[Path] = []
    prefix = f"{TEMP_PREFIX}{dest.stem}{TEMP_INFIX}"
    with suppress(OSError):
        for path in dest.parent.glob(f"{glob.escape(prefix)}*{glob.escape(dest.suffix)}"):
            pid = path.name[len(prefix) : len(path.name) - len(dest.suffix) or None]
            if not pid.isdigit():
                continue
            with suppress(OSError):
                if now - path.stat().st_mtime > STALE_AFTER_SECONDS:
                    path.unlink()
                    removed.append(path)
    return removed


@contextmanager
def atomic_write(dest: Path | str, *, action: str = "保存文件", make_folder: bool = False) -> Iterator[Path]:
    """``with atomic_write(dest) as tmp: write(tmp)`` — ``dest`` gets the content only when the block
    completes; otherwise it is untouched and ``tmp`` is removed. ``make_folder``: create a missing
    folder (documents), else a missing folder is refused."""
    dest = Path(dest)
    if dest.is_dir():
        raise UserError(f"无法写入 {dest}：这是一个文件夹，不能保存为文件")
    if make_folder and not dest.parent.is_dir():
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                f"无法写入 {dest}：不能创建文件夹 {dest.parent}（{exc.strerror or exc}）"
            ) from exc
    if not dest.parent.is_dir():
        raise UserError(f"保存位置不存在：{dest.parent}")
    remove_stale_temps(dest)
    tmp = temp_name(dest)
    try:
        yield tmp
        fault_point("file-written")
        replace_durably(tmp, dest)
    except OSError as exc:
        _remove(tmp)
        user = translate_os_error(exc, dest, action)
        if user is None:
            raise UserError(f"无法{action}：{dest}（{exc.strerror or exc}）") from exc
        raise user from exc
    except BaseException:
        _remove(tmp)
        raise


def write_with(
    dest: Path | str, writer: Callable[[Path], object], *, action: str = "保存文件", make_folder: bool = False
) -> Path:
    """Run ``writer(tmp)`` and give the result the name ``dest`` atomically; ``dest``."""
    dest = Path(dest)
    with atomic_write(dest, action=action, make_folder=make_folder) as tmp:
        writer(tmp)
    return dest


def write_bytes(dest: Path | str, data: bytes, *, action: str = "保存文件") -> Path:
    return write_with(dest, lambda tmp: tmp.write_bytes(data), action=action)
