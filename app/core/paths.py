"""Where things live: shipped resources and the per-user data folder."""

from __future__ import annotations

import importlib.resources
import os
import sys
from pathlib import Path

# The shipped resources (standards, fonts with licence, icons) are the package data of this package:
# the checkout's resources/ folder, mapped to this name by setup.py, so a wheel (venv, --user, system),
# an editable install, the PyInstaller bundle and the .deb all carry them the same way.
RESOURCE_PACKAGE = "stationdesk_resources"


def resources_dir() -> Path:
    """The folder of the shipped resources, found with ``importlib.resources`` in any install; in a
    checkout run without installing (``python -m app`` from the repository), resources/ beside the code."""
    try:
        found = importlib.resources.files(RESOURCE_PACKAGE)
    except ModuleNotFoundError:
        found = None
    if found is not None and found.is_dir():
        return Path(str(found))
    return Path(__file__).resolve().parents[2] / "resources"


def user_data_dir() -> Path:
    """Per-user data folder: %APPDATA%\\stationdesk on Windows, $XDG_DATA_HOME/stationdesk
    (default ~/.local/share/stationdesk) elsewhere. STATIONDESK_HOME overrides both."""
    override = os.environ.get("STATIONDESK_HOME")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "stationdesk"


def default_db_path() -> Path:
    return user_data_dir() / "station.sqlite"


def log_path() -> Path:
    return user_data_dir() / "stationdesk.log"


def icon_path(size: int = 256) -> Path:
    """The app icon as a PNG of ``size`` pixels (16, 24, 32, 48, 64, 128 or 256)."""
    return resources_dir() / "icons" / f"stationdesk-{size}.png"
