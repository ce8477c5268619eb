"""Privacy defaults on POSIX: the data folder is 0700 and every file the program writes is 0600.

The data file holds ID numbers, phones and family situations of residents (sensitive personal information
under the Personal Information Protection Law): another account on the same PC must not read it, nor its
backups, replaced copies, WAL or log. ``restrict_new_files`` sets the process umask once at start-up, so
every file and folder the program creates — through SQLite, openpyxl, reportlab or ``open`` — is private
without each writer having to remember. On Windows the per-user %APPDATA% folder is already private.
"""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

PRIVATE_UMASK = 0o077


def restrict_new_files() -> None:
    """Files and folders created from now on are readable by their owner only (umask 077)."""
    if sys.platform != "win32":
        os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create ``path`` if needed and make it 0700 (POSIX)."""
    path.mkdir(parents=True, exist_ok=True)
    if sys.platform != "win32":
        with contextlib.suppress(OSError):  # a folder we do not own (a shared mount): left as it is
            os.chmod(path, stat.S_IRWXU)
    return path


def private_file(path: Path) -> None:
    """Make an existing file 0600 (POSIX): a data file made before this version, or by another program."""
    if sys.platform == "win32":
        return
    try:
        if path.exists() and stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    except OSError:
        pass
