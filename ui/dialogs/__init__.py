"""Dialogs (import, export, first run, bug report) and the small modal questions every page asks.

The helpers below (:func:`ask_open_file`, :func:`ask_save_file`, :func:`confirm`, :func:`inform`) wrap
the blocking Qt static dialogs. Callers use them through the module (``dialogs.confirm(...)``), so a
test replaces them with ``monkeypatch.setattr(ui.dialogs, "confirm", ...)`` and never blocks.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"
DATA_FILTER = "数据文件 (*.sqlite *.db *.sqlite3);;所有文件 (*)"


def ask_open_file(
    parent: QWidget | None, title: str, file_filter: str, start: Path | None = None
) -> Path | None:
    """The file the user picked to open, or None when cancelled."""
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start or ""), file_filter)
    return Path(name) if name else None


def ask_save_file(parent: QWidget | None, title: str, suggested: Path, file_filter: str) -> Path | None:
    """The file name the user picked to save to, or None when cancelled."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), file_filter)
    return Path(name) if name else None


def confirm(parent: QWidget | None, title: str, text: str, yes: str = "确定", no: str = "取消") -> bool:
    """A yes/no question; True when the user chose ``yes``. ``no`` is the default button."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def inform(parent: QWidget | None, title: str, text: str) -> None:
    """An information message with a 确定 button."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    box.exec()
