"""Qt's own Chinese: the standard buttons, the text boxes' context menu, the file and print dialogs.

``qtbase_zh_CN.qm`` ships with PySide6 (its ``translations`` folder, found by ``QLibraryInfo``; inside
the bundle that folder travels with the Qt libraries). Loaded once at start by ``ui.app``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

log = logging.getLogger(__name__)

CATALOGUES = ("qtbase_zh_CN",)
# Kept alive for the life of the application (Qt does not own an installed translator).
_installed: list[QTranslator] = []


def translation_dirs() -> list[Path]:
    """Where Qt's catalogues may be: Qt's own path, then a bundle's ``translations`` folders."""
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        dirs += [Path(bundle) / "PySide6" / "Qt" / "translations", Path(bundle) / "translations"]
    return dirs


def install_qt_chinese(app: QCoreApplication) -> bool:
    """Install Qt's Simplified Chinese catalogues into ``app`` (once); True when one was loaded."""
    if _installed:
        return True
    for name in CATALOGUES:
        for folder in translation_dirs():
            translator = QTranslator(app)
            if translator.load(name, str(folder)):
                app.installTranslator(translator)
                _installed.append(translator)
                break
        else:
            log.warning("Qt translation %s not found in %s", name, translation_dirs())
    return bool(_installed)
