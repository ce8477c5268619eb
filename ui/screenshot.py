"""Render one page of the window offscreen to a PNG (docs, README images, visual checks).

Used by ``python -m app --db F screenshot --page PAGE --out F.png``.
"""

from __future__ import annotations

import os
from pathlib import Path

from app.core.errors import UserError


def render_page(db_path: Path, page: str, out: Path, size: tuple[int, int] = (1280, 800)) -> None:
    """Open ``db_path``, build the main window at ``size``, show ``page`` (slug or Chinese title) and
    save the window's picture to ``out`` (PNG)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.storage.datafile import close_station, current_path, open_station
    from db.models import database
    from ui.app import make_application
    from ui.main_window import MainWindow

    db_path = Path(db_path)
    out = Path(out)
    if not db_path.is_file():
        raise UserError(f"数据文件不存在：{db_path}")
    app = make_application()
    already_open = (
        current_path() is not None
        and current_path().resolve() == db_path.resolve()  # type: ignore[union-attr]
        and not database.is_closed()
    )
    if not already_open:
        open_station(db_path)
    window = MainWindow()
    try:
        window.resize(*size)
        window.select_page(page)
        window.show()
        for _ in range(5):
            QApplication.processEvents()
        picture = window.grab()
        out.parent.mkdir(parents=True, exist_ok=True)
        if picture.isNull() or not picture.save(str(out), "PNG"):
            raise UserError(f"无法写入图片文件：{out}")
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        if not already_open:
            close_station()
    del app
