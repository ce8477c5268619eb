"""Starting the window: QApplication, a CJK font, the exception hook, the database, the log-in when the
file has accounts (before opening it when it is encrypted), the main window (with its automatic
backups)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app.core.errors import UserError
from app.core.paths import default_db_path, icon_path, resources_dir
from ui.translation import install_qt_chinese

log = logging.getLogger(__name__)

APP_NAME = "就业服务站工作台"
SYSTEM_CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
MIN_POINT_SIZE = 10


def cjk_font_files() -> list[Path]:
    """The bundled fonts (resources/fonts/*.ttf, *.ttc), else the system WenQuanYi Micro Hei."""
    fonts_dir = resources_dir() / "fonts"
    files = sorted(fonts_dir.glob("*.tt[cf]")) if fonts_dir.is_dir() else []
    if not files and SYSTEM_CJK_FONT.exists():
        files = [SYSTEM_CJK_FONT]
    return files


def load_cjk_font(app: QApplication | None = None) -> str | None:
    """Register a font with Chinese glyphs and make it the application font; its family or None."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    for path in cjk_font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families = QFontDatabase.applicationFontFamilies(font_id)
        if not families:
            continue
        if app is not None:
            font = QFont(families[0])
            font.setPointSize(max(app.font().pointSize(), MIN_POINT_SIZE))
            app.setFont(font)
        return families[0]
    log.warning("no CJK font found; Chinese may show as boxes")
    return None


def app_icon() -> QIcon:
    """The app icon in every shipped size (resources/icons), the same one the bundle, the .deb and the
    Windows installer use."""
    icon = QIcon()
    for size in (16, 24, 32, 48, 64, 128, 256):
        path = icon_path(size)
        if path.is_file():
            icon.addFile(str(path))
    return icon


def make_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("stationdesk")
    install_qt_chinese(app)
    app.setDesktopFileName("stationdesk")  # matches the .deb's stationdesk.desktop (Wayland, task bars)
    app.setWindowIcon(app_icon())
    load_cjk_font(app)
    return app


# Where the file opened last is remembered, next to the default data file (one line: its path).
LAST_FILE_RECORD = "last_data_file.txt"
DEMO_FILE = "demo.sqlite"  # the first-run demo station (ui.dialogs.first_run)


def _record() -> Path:
    return default_db_path().parent / LAST_FILE_RECORD


def remembered_data_file() -> Path | None:
    """The data file opened last (when it still exists), or None."""
    try:
        text = _record().read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        return None
    path = Path(text) if text else None
    return path if path is not None and path.is_file() else None


def remember_data_file(path: Path) -> None:
    """Remember ``path`` so that the next start opens it when there is no default data file. The demo
    station is not remembered: after trying it, the next start offers the first-run choices again."""
    path = Path(path).resolve()
    if path == (default_db_path().parent / DEMO_FILE).resolve():
        return
    record = _record()
    if not record.parent.is_dir():  # no data folder (it holds the log too): nowhere to remember
        return
    try:
        record.write_text(str(path), encoding="utf-8")
    except OSError as exc:
        log.warning("could not remember the data file %s: %s", path, exc)


def startup_path() -> Path | None:
    """The file to open when none is given: the default data file, else the file opened last; None
    when neither exists (first run)."""
    default = default_db_path()
    if default.exists():
        return default
    return remembered_data_file()


def _first_run() -> Path | None:
    from ui.dialogs.first_run import FirstRunDialog

    dialog = FirstRunDialog(None)
    if not dialog.exec():
        return None
    return dialog.chosen_path()


def run_gui(db_path: Path | None) -> int:
    """Open the window on ``db_path`` (default: the per-user data file, first-run dialog if none)."""
    from app.storage.datafile import close_station
    from ui.dialogs.login import ensure_login, open_data_file
    from ui.errors import install_excepthook, show_error
    from ui.main_window import MainWindow

    app = make_application()
    install_excepthook()
    path: Path | None = Path(db_path) if db_path is not None else startup_path()
    chosen = False  # a file chosen in the first-run dialog may be new; any other must exist
    if db_path is None and path is None:
        path, chosen = _first_run(), True
    while True:
        if path is None:
            return 0
        try:
            if not open_data_file(None, path, create=chosen):  # an encrypted file's log-in abandoned
                return 0
            break
        except UserError as exc:
            show_error(None, exc)
            path, chosen = _first_run(), True
    if not ensure_login(None):  # the file has accounts and the log-in was abandoned
        close_station()
        return 0
    if db_path is None or path != Path(db_path):  # not for an explicit --db
        remember_data_file(path)
    window = MainWindow()
    window.enable_auto_backup()
    window.show_fitted()
    try:
        return app.exec()
    finally:
        close_station()
