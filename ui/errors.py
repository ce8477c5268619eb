"""Showing errors in the window.

- :func:`show_error` — a :class:`~app.errors.UserError` (or a sqlite error that translates to one) gets a
  warning box with its Chinese message; anything else is a bug: it is logged with the traceback and the
  :class:`~ui.dialogs.bug_report.BugReportDialog` is shown.
- :func:`guard` — ``with guard(self): ...`` around slot bodies.
- :func:`install_excepthook` — uncaught exceptions (GUI thread or any other thread) reach show_error
  on the GUI thread instead of vanishing or killing the window.

Tests intercept the dialogs by monkeypatching :func:`_message_box` and :func:`_bug_report`, which are
looked up at call time, so no test ever blocks in ``exec()``.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.core.errors import UserError, translate_error
from app.core.paths import log_path

log = logging.getLogger(__name__)

WARNING_TITLE = "提示"


# --- hooks (tests monkeypatch these) ---------------------------------------------------------------


def _message_box(parent: QWidget | None, title: str, text: str) -> None:
    """Modal warning box with a Chinese message."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.button(QMessageBox.StandardButton.Ok).setText("确定")
    box.exec()


def _bug_report(parent: QWidget | None, report: str, log_file: Path | None) -> None:
    """Modal bug-report dialog."""
    from ui.dialogs.bug_report import BugReportDialog

    dialog = BugReportDialog(report, log_file, parent)
    dialog.exec()


# --- public API --------------------------------------------------------------------------------------


def user_error_for(exc: BaseException) -> UserError | None:
    """The user-facing form of ``exc``, or None when it is a bug."""
    return translate_error(exc, _current_db_path())


def show_error(parent: QWidget | None, exc: BaseException) -> None:
    """Tell the user about ``exc``: a warning for a user error, the bug-report dialog otherwise."""
    user = user_error_for(exc)
    if user is not None:
        log.info("user error shown: %s", type(user).__name__)  # no names or IDs in the log
        _message_box(parent, WARNING_TITLE, user.message)
        return
    report = format_report(exc)
    log.error("unexpected error\n%s", report)
    _bug_report(parent, report, _log_file())


@contextmanager
def guard(parent: QWidget | None) -> Iterator[None]:
    """Show any exception raised in the block (user error or bug) instead of propagating it."""
    try:
        yield
    except Exception as exc:
        show_error(parent, exc)


def format_report(exc: BaseException) -> str:
    """Bug-report text: when, where, versions and the traceback."""
    try:
        from PySide6 import __version__ as pyside_version
        from PySide6.QtCore import qVersion

        qt = f"PySide6 {pyside_version} / Qt {qVersion()}"
    except Exception:  # pragma: no cover - Qt is always there in the window
        qt = "Qt 版本未知"
    lines = [
        "就业服务站工作台 错误报告",
        f"时间：{dt.datetime.now().isoformat(timespec='seconds')}",
        f"程序版本：{_app_version()}",
        f"系统：{platform.platform()}",
        f"Python：{sys.version.split()[0]}，{qt}",
        f"数据文件：{_current_db_path() or '未打开'}",
        "",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)).rstrip(),
    ]
    return "\n".join(lines)


# --- excepthook --------------------------------------------------------------------------------------


class _Dispatcher(QObject):
    """Lives on the GUI thread; exceptions from any thread are queued to it through a signal."""

    raised = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.raised.connect(self._show)
        self._busy = False

    @Slot(object)
    def _show(self, exc: BaseException) -> None:
        if self._busy:  # an error while showing an error: log only, never recurse
            log.error("error while showing an error", exc_info=(type(exc), exc, exc.__traceback__))
            return
        self._busy = True
        try:
            show_error(QApplication.activeWindow(), exc)
        except Exception:
            log.exception("could not show the error dialog")
        finally:
            self._busy = False


_dispatcher: _Dispatcher | None = None
_installed: dict[str, object] = {}


def install_excepthook(*, log_to_file: bool = True) -> None:
    """Route uncaught exceptions to :func:`show_error` on the GUI thread. Call on the GUI thread after
    the QApplication exists. ``log_to_file`` adds a handler writing to :func:`app.paths.log_path`."""
    global _dispatcher
    if _dispatcher is None:
        _dispatcher = _Dispatcher()
    if log_to_file:
        _ensure_file_logging()
    if "sys" not in _installed:
        _installed["sys"] = sys.excepthook
        _installed["threading"] = threading.excepthook
    sys.excepthook = _sys_hook
    threading.excepthook = _thread_hook


def uninstall_excepthook() -> None:
    """Restore the hooks that were there before :func:`install_excepthook`."""
    if "sys" in _installed:
        sys.excepthook = _installed.pop("sys")  # type: ignore[assignment]
        threading.excepthook = _installed.pop("threading")  # type: ignore[assignment]


def _sys_hook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(etype, KeyboardInterrupt):
        previous = _installed.get("sys", sys.__excepthook__)
        previous(etype, value, tb)  # type: ignore[operator]
        return
    if value.__traceback__ is None and tb is not None:
        value = value.with_traceback(tb)
    _dispatch(value)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    value = args.exc_value
    if value is None:
        return
    if value.__traceback__ is None and args.exc_traceback is not None:
        value = value.with_traceback(args.exc_traceback)
    _dispatch(value)


def _dispatch(exc: BaseException) -> None:
    if _dispatcher is None or QApplication.instance() is None:
        log.error("uncaught exception", exc_info=(type(exc), exc, exc.__traceback__))
        return
    # Emitting from a non-GUI thread queues the call to the dispatcher's (GUI) thread.
    _dispatcher.raised.emit(exc)


# --- helpers -----------------------------------------------------------------------------------------


def _ensure_file_logging() -> None:
    path = log_path()
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler) and Path(handler.baseFilename) == path.resolve():
            return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        log.warning("cannot write the log file %s", path)
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)


def _log_file() -> Path | None:
    try:
        return log_path()
    except Exception:  # pragma: no cover - path computation never fails in practice
        return None


def _current_db_path() -> str | None:
    try:
        from app.storage.datafile import current_path

        path = current_path()
    except Exception:
        return None
    return str(path) if path else None


def _app_version() -> str:
    from app import __version__

    return __version__
