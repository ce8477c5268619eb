"""Long work off the GUI thread, with a progress dialog.

:func:`run_with_progress` runs ``fn(*args, progress=callback, **kwargs)`` in a worker QObject moved to a
QThread, shows a modal :class:`QProgressDialog` and spins a local event loop (the window keeps
repainting, timers keep firing) until the work ends; then it returns the result or re-raises the
exception on the GUI thread. ``callback(done, total, text="")`` may be called from the worker thread
as often as it likes: it is throttled and marshalled to the GUI thread through a queued signal, and only
the GUI thread touches widgets.

SQLite: peewee keeps one connection per thread, so the worker opens its own (when a database file is
open) before calling ``fn``; it is closed in the worker thread when the work ends.

:class:`BackgroundTask` is the non-modal variant (signals ``finished`` / ``failed`` / ``progressed``).
When a task ends, the memory its thread freed is given back to the system (:func:`release_freed_memory`).
"""

from __future__ import annotations

import ctypes
import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.errors import UserError

log = logging.getLogger(__name__)

# Progress updates closer together than this are dropped (the last one always goes through).
THROTTLE_SECONDS = 0.05
# The progress dialog appears only when the work takes longer than this (no flash for quick work).
SHOW_AFTER_MS = 300


_TRIM: Any = None  # glibc's malloc_trim once looked up; False where there is none


def release_freed_memory() -> bool:
    """Give the memory that finished work freed back to the system; True when done (Linux, glibc).

    glibc keeps what a worker thread freed in that thread's malloc arena instead of returning it: after
    building the 1,100-page 劳动力资源台账 of 50,000 persons the window stayed about 120 MB bigger than
    it needed to (tests/benchmarks/test_window.py measures it)."""
    global _TRIM
    if _TRIM is None:
        _TRIM = False
        if sys.platform.startswith("linux"):
            try:
                _TRIM = ctypes.CDLL("libc.so.6").malloc_trim
            except (OSError, AttributeError):  # another C library (musl): nothing to trim
                log.info("malloc_trim is not available")
    if _TRIM is False:
        return False
    _TRIM(0)
    return True


class OperationCancelled(UserError):
    """The user pressed 取消 in a cancellable progress dialog."""

    def __init__(self) -> None:
        super().__init__("操作已取消，没有写入任何内容。")


class _Worker(QObject):
    """Runs the function in its thread; reports through signals (queued to the GUI thread)."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        super().__init__()
        self._fn = fn
        self._args = args
        self._kwargs = kwargs
        self._last_emit = 0.0
        self.cancel_requested = False

    def report(self, done: int, total: int, text: str = "") -> None:
        """The ``progress`` callback handed to ``fn`` (called on the worker thread)."""
        if self.cancel_requested:
            raise OperationCancelled()
        now = time.monotonic()
        if done < total and now - self._last_emit < THROTTLE_SECONDS:
            return
        self._last_emit = now
        self.progressed.emit(int(done), int(total), str(text or ""))

    @Slot()
    def run(self) -> None:
        try:
            self._open_thread_connection()
            result = self._fn(*self._args, progress=self.report, **self._kwargs)
        except BaseException as exc:
            self._close_thread_connection()
            self.failed.emit(exc)
        else:
            self._close_thread_connection()
            self.succeeded.emit(result)

    @staticmethod
    def _open_thread_connection() -> None:
        """Open this thread's SQLite connection when a database file is open (so code that checks
        ``database.is_closed()`` behaves as on the GUI thread)."""
        from pathlib import Path

        from db.models import database

        name = database.database
        if name and not database.deferred and Path(name).is_file():
            database.connect(reuse_if_open=True)

    @staticmethod
    def _close_thread_connection() -> None:
        """Close this thread's SQLite connection (peewee's state is thread-local)."""
        try:
            from db.models import database

            if database.database is not None and not database.is_closed():
                database.close()
        except Exception:
            log.exception("closing the worker thread's database connection failed")


class BackgroundTask(QObject):
    """Runs ``fn(*args, progress=..., **kwargs)`` on a worker thread; non-modal.

    Signals (all delivered on the GUI thread): ``progressed(done, total, text)``, ``finished(result)``,
    ``failed(exception)``. Keep a reference to the task until one of the last two arrives.
    """

    progressed = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)

    def __init__(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName(f"worker:{getattr(fn, '__name__', 'task')}")
        self._worker = _Worker(fn, args, kwargs)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self._on_progress)
        self._worker.succeeded.connect(self._on_success)
        self._worker.failed.connect(self._on_failure)
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop: the next progress call raises :class:`OperationCancelled`."""
        self._worker.cancel_requested = True

    def wait(self) -> None:
        """Block until the thread has ended (after finished/failed, for tidy shutdown)."""
        self._thread.quit()
        self._thread.wait()

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        self.progressed.emit(done, total, text)

    @Slot(object)
    def _on_success(self, result: object) -> None:
        self._end()
        self.result = result
        self.finished.emit(result)

    @Slot(object)
    def _on_failure(self, exc: BaseException) -> None:
        self._end()
        self.error = exc
        self.failed.emit(exc)

    def _end(self) -> None:
        self.done = True
        self._thread.quit()
        self._thread.wait()
        release_freed_memory()


class ProgressRunner(QObject):
    """Modal progress dialog + local event loop around a :class:`BackgroundTask`.

    ``progressed`` re-emits every update the dialog receives (tests connect to it).
    """

    progressed = Signal(int, int, str)

    def __init__(self, parent: QWidget | None, title: str, *, cancellable: bool = False) -> None:
        super().__init__()
        self._parent = parent
        self._title = title
        self._cancellable = cancellable
        self.dialog: QProgressDialog | None = None
        self.task: BackgroundTask | None = None

    def run(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        dialog = QProgressDialog(self._parent)
        dialog.setWindowTitle(self._title)
        dialog.setLabelText(f"{self._title}，请稍候…")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, 0)  # busy indicator until the first report
        dialog.setMinimumWidth(380)
        if self._cancellable:
            dialog.setCancelButtonText("取消")
        else:
            dialog.setCancelButton(None)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        self.dialog = dialog

        task = BackgroundTask(fn, *args, **kwargs)
        self.task = task
        loop = QEventLoop()
        task.progressed.connect(self._on_progress)
        task.finished.connect(loop.quit)
        task.failed.connect(loop.quit)
        if self._cancellable:
            dialog.canceled.connect(self._on_cancel)
        task.start()
        if not task.done:
            loop.exec()
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()
        self.dialog = None
        if task.error is not None:
            raise task.error
        return task.result

    @Slot()
    def _on_cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("正在取消…")

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, text: str) -> None:
        dialog = self.dialog
        if dialog is not None and total > 0 and dialog.maximum() != total:
            dialog.setRange(0, total)
        # Re-emitted before setValue: QProgressDialog.setValue of a modal dialog processes events, so a
        # later update can arrive inside it and must not be re-emitted before this one.
        self.progressed.emit(done, total, text)
        if dialog is not None:
            if total > 0:
                dialog.setValue(max(0, min(done, total)))
                label = text or self._title
                dialog.setLabelText(f"{label}（{done}/{total}）")
            elif text:
                dialog.setLabelText(text)


def run_with_progress(
    parent: QWidget | None,
    title: str,
    fn: Callable[..., Any],
    *args: Any,
    cancellable: bool = False,
    **kwargs: Any,
) -> Any:
    """Run ``fn(*args, progress=callback, **kwargs)`` off the GUI thread behind a modal progress dialog;
    return its result or re-raise its exception here (on the GUI thread)."""
    runner = ProgressRunner(parent, title, cancellable=cancellable)
    try:
        return runner.run(fn, *args, **kwargs)
    finally:
        runner.deleteLater()
