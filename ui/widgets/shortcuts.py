"""Keyboard shortcuts connected in one typed place (PySide6's stubs do not declare the ``activated=``
keyword of ``QShortcut``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget


def add_shortcut(parent: QWidget, keys: str | QKeySequence, slot: Callable[[], Any]) -> QShortcut:
    """A shortcut on ``parent`` that calls ``slot`` (its return value is ignored)."""
    shortcut = QShortcut(keys if isinstance(keys, QKeySequence) else QKeySequence(keys), parent)
    shortcut.activated.connect(lambda: slot())
    return shortcut
