"""The ``Page`` protocol: what the main window calls on every page of the left navigation.

A page is a ``QWidget`` subclass whose ``__init__(self, parent=None)`` builds it and which implements
every member below (a no-op where the action means nothing on that page). mypy checks each registered
page class against the protocol (``ui.pages._STATIC_CHECK``); the window calls the members directly,
never probing with ``getattr``/``hasattr``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Protocol, runtime_checkable

from PySide6.QtCore import SignalInstance


@dataclass(frozen=True)
class PageSignals:
    """The signals by which a page tells the window about changes beyond itself."""

    data_replaced: tuple[SignalInstance, ...] = ()  # every other page must re-read (import, restore)
    title_changed: tuple[SignalInstance, ...] = ()  # the window title (the station's name) changed


NO_SIGNALS = PageSignals()


@runtime_checkable
class Page(Protocol):
    # True: the page re-reads itself when shown (showEvent), so the window need not call reload().
    REFRESHES_ON_SHOW: ClassVar[bool]

    def reload(self) -> None:
        """Re-read everything shown from the database."""

    def focus_filter(self) -> None:
        """Ctrl+F: put the cursor in the page's search field (no-op without one)."""

    def new_record(self) -> object:
        """Ctrl+N: start a new record of the page's kind (no-op where there is none); the return value
        (the dialog or form opened, if any) is for tests and ignored by the window."""

    def window_signals(self) -> PageSignals:
        """The page's change signals the window listens to (``NO_SIGNALS`` for most pages)."""
