"""Offscreen screenshots of a page."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from app.core.errors import UserError
from ui.screenshot import render_page


def test_render_register_page(qtbot, small_ledger, tmp_path):
    out = tmp_path / "shots" / "register.png"
    render_page(small_ledger_path(), "register", out)
    img = QImage(str(out))
    assert not img.isNull()
    assert (img.width(), img.height()) == (1280, 800)
    # Not a blank picture: many different colours.
    colours = {img.pixel(x, y) for x in range(0, 1280, 37) for y in range(0, 800, 23)}
    assert len(colours) > 5


def test_render_by_chinese_title_and_size(qtbot, small_ledger, tmp_path):
    out = tmp_path / "r.png"
    render_page(small_ledger_path(), "劳动力台账", out, size=(1024, 700))
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1024, 700)


def test_unknown_page(qtbot, small_ledger, tmp_path):
    with pytest.raises(UserError, match="没有页面"):
        render_page(small_ledger_path(), "nothing", tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


def test_missing_database_file(qtbot, tmp_path):
    with pytest.raises(UserError, match="数据文件不存在"):
        render_page(tmp_path / "none.sqlite", "register", tmp_path / "x.png")
    assert not (tmp_path / "none.sqlite").exists()


def small_ledger_path():
    from db.connection import current_path

    path = current_path()
    assert path is not None
    return path
