"""Where things live: shipped resources and the per-user data folder."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_dir() -> Path:
    """The shipped resources: inside a PyInstaller bundle, beside the code (a checkout or an
    editable install), or under <prefix>/share/stationdesk (a wheel install)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    beside = Path(__file__).resolve().parents[2] / "resources"
    if beside.is_dir():
        return beside
    return Path(sys.prefix) / "share" / "stationdesk" / "resources"


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
