"""Making a file's bytes and its name survive a power loss, and the fault suite's kill points.

A rename is only durable once the file's data and then the folder entry are on the disk: every file
this program writes under a temporary name is ``fsync``-ed before ``os.replace`` and its folder after.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

# The fault suite (tests/faults) runs a command with STATIONDESK_KILL_AT=<point>; the process kills itself
# (SIGKILL: no cleanup, like a power cut or a killed process) when it reaches that point.
KILL_ENV = "STATIONDESK_KILL_AT"


def fault_point(name: str) -> None:
    """A named point where the fault suite may kill the process; nothing happens otherwise."""
    if os.environ.get(KILL_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def fsync_file(path: Path | str) -> None:
    fd = os.open(path, os.O_RDWR)  # Windows flushes only a handle open for writing
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path | str) -> None:
    """Make a rename or a new name in ``path`` durable (a no-op where folders cannot be opened: Windows)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) refuse fsync on a folder
    finally:
        os.close(fd)


def replace_durably(tmp: Path | str, dest: Path | str) -> None:
    """``os.replace(tmp, dest)`` with the data of ``tmp`` on the disk before and the rename after."""
    fsync_file(tmp)
    fault_point("before-rename")
    os.replace(tmp, dest)
    fsync_dir(Path(dest).parent)
