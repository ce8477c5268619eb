"""Windows that fit the screen: a 1366×768 laptop with a taskbar leaves 1366×728.

:func:`fit_size` sizes a dialog to what it would like, but never beyond the screen it opens on (less
the window frame); long forms put their fields in a scroll area, so a dialog's own layout never needs
more than :data:`SMALLEST_SCREEN`. The main window opens maximised on small screens and remembers its
geometry in ``window.ini`` beside the default data file (a per-machine fact, not the station's).
"""

from __future__ import annotations

import contextlib
import os

from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.core.paths import default_db_path

SMALLEST_SCREEN = QSize(1366, 728)  # 1366×768 less a 40-pixel taskbar
# Room the window manager's frame (title bar, borders) takes around a top-level window.
FRAME = QSize(16, 40)
# Below this available size the main window opens maximised.
ROOMY_SCREEN = QSize(1440, 900)
MAIN_SIZE = QSize(1280, 800)
SETTINGS_FILE = "window.ini"
GEOMETRY_KEY = "main_window/geometry"


def available(widget: QWidget | None = None) -> QRect:
    """The available geometry (without taskbars) of the screen ``widget`` is on, else the primary."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return QRect(0, 0, SMALLEST_SCREEN.width(), SMALLEST_SCREEN.height())
    return screen.availableGeometry()


def bounded(widget: QWidget | None, width: int, height: int) -> QSize:
    """``width`` × ``height``, shrunk to the available screen less the frame."""
    room = available(widget)
    return QSize(
        min(width, room.width() - FRAME.width()),
        min(height, room.height() - FRAME.height()),
    )


def fit_size(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height`` or the screen's room, whichever is smaller."""
    widget.resize(bounded(widget, width, height))


def window_settings() -> QSettings:
    """The per-machine window settings (an INI file in the data folder)."""
    return QSettings(str(default_db_path().parent / SETTINGS_FILE), QSettings.Format.IniFormat)


def is_small_screen(widget: QWidget | None = None) -> bool:
    room = available(widget)
    return room.width() < ROOMY_SCREEN.width() or room.height() < ROOMY_SCREEN.height()


def show_main_window(window: QWidget) -> None:
    """Show ``window`` as it was left last time; the first time maximised on a small screen, else at
    its usual size."""
    data = window_settings().value(GEOMETRY_KEY)
    if data is not None and window.restoreGeometry(data):
        window.show()
        return
    if is_small_screen(window):
        window.showMaximized()
    else:
        fit_size(window, MAIN_SIZE.width(), MAIN_SIZE.height())
        window.show()


def remember_main_window(window: QWidget) -> None:
    settings = window_settings()
    settings.setValue(GEOMETRY_KEY, window.saveGeometry())
    settings.sync()
    with contextlib.suppress(OSError):  # like every file the program writes: the user's only
        os.chmod(settings.fileName(), 0o600)
