"""Starting the window: QApplication, a CJK font, the exception hook, the database, the main window."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.errors import UserError
from app.paths import default_db_path, resources_dir

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


def make_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName("stationdesk")
    load_cjk_font(app)
    return app


def _first_run() -> Path | None:
    from ui.dialogs.first_run import FirstRunDialog

    dialog = FirstRunDialog(None)
    if not dialog.exec():
        return None
    return dialog.chosen_path()


def run_gui(db_path: Path | None) -> int:
    """Open the window on ``db_path`` (default: the per-user data file, first-run dialog if none)."""
    from db.connection import close_database, open_database
    from ui.errors import install_excepthook, show_error
    from ui.main_window import MainWindow

    app = make_application()
    install_excepthook()
    path: Path | None = Path(db_path) if db_path is not None else default_db_path()
    if db_path is None and path is not None and not path.exists():
        path = _first_run()
    while True:
        if path is None:
            return 0
        try:
            open_database(path)
            break
        except UserError as exc:
            show_error(None, exc)
            path = _first_run()
    window = MainWindow()
    window.show()
    try:
        return app.exec()
    finally:
        close_database()
