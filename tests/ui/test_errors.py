"""ui.errors: user errors as warnings, bugs as the report dialog, guard, excepthooks."""

from __future__ import annotations

import logging
import sqlite3
import sys
import threading
from pathlib import Path

import peewee
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from app.core.errors import FieldErrors, UserError, ValidationError
from ui import errors
from ui.dialogs.bug_report import BugReportDialog


@pytest.fixture
def shown(monkeypatch) -> dict[str, list]:
    calls: dict[str, list] = {"box": [], "bug": []}
    monkeypatch.setattr(errors, "_message_box", lambda parent, title, text: calls["box"].append(text))
    monkeypatch.setattr(
        errors, "_bug_report", lambda parent, report, log_file: calls["bug"].append((report, log_file))
    )
    return calls


def test_user_error_shows_its_chinese_message(shown) -> None:
    errors.show_error(None, ValidationError("身份证号校验位不正确", field="id_number"))
    assert shown["box"] == ["身份证号校验位不正确"]
    assert shown["bug"] == []


def test_field_errors_show_all_messages(shown) -> None:
    errors.show_error(None, FieldErrors({"name": "请填写姓名", "phone": "电话号码格式不对"}))
    assert shown["box"] == ["请填写姓名；电话号码格式不对"]


def _coded(text: str, code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    "exc",
    [
        pytest.param(lambda: _coded("database is locked", 5), id="sqlite3"),
        pytest.param(lambda: peewee.OperationalError(_coded("database is locked", 5)), id="peewee"),
    ],
)
def test_locked_database_is_translated(shown, exc) -> None:
    errors.show_error(None, exc())
    assert len(shown["box"]) == 1
    assert "占用" in shown["box"][0]
    assert shown["bug"] == []


def test_disk_full_is_translated(shown) -> None:
    errors.show_error(None, _coded("database or disk is full", 13))
    assert "磁盘空间已满" in shown["box"][0]


def test_untranslatable_sqlite_error_is_a_bug(shown) -> None:
    errors.show_error(None, sqlite3.OperationalError("no such column: foo"))
    assert shown["box"] == []
    assert "no such column: foo" in shown["bug"][0][0]


def test_bug_is_logged_and_reported_with_traceback(shown, caplog, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path))

    def deep() -> None:
        raise ZeroDivisionError("division by zero")

    try:
        deep()
    except ZeroDivisionError as exc:
        with caplog.at_level(logging.ERROR, logger="ui.errors"):
            errors.show_error(None, exc)
    report, log_file = shown["bug"][0]
    assert "Traceback" in report and "in deep" in report and "ZeroDivisionError" in report
    assert "错误报告" in report
    assert log_file == tmp_path / "stationdesk.log"
    assert any("ZeroDivisionError" in rec.getMessage() for rec in caplog.records)
    assert shown["box"] == []


def test_guard_shows_user_error_and_continues(shown, qtbot) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    reached_after = False
    with errors.guard(widget):
        raise UserError("请先选择一个人员")
    reached_after = True
    assert reached_after
    assert shown["box"] == ["请先选择一个人员"]


def test_guard_shows_bug_dialog_for_other_errors(shown) -> None:
    with errors.guard(None):
        {}["missing"]
    assert "KeyError" in shown["bug"][0][0]


def test_guard_without_error_shows_nothing(shown) -> None:
    with errors.guard(None):
        value = 1 + 1
    assert value == 2
    assert shown == {"box": [], "bug": []}


def test_bug_report_dialog_copy_save_close(qtbot, tmp_path: Path) -> None:
    dialog = BugReportDialog("Traceback (most recent call last):\nKeyError: 'x'", tmp_path / "a.log")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "程序出现了意外错误"
    assert dialog.text.isReadOnly()
    assert "KeyError" in dialog.text.toPlainText()
    assert [b.text() for b in (dialog.copy_button, dialog.save_button, dialog.close_button)] == [
        "复制报告",
        "保存报告…",
        "关闭",
    ]
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.report
    saved = dialog.save_report(tmp_path / "报告.txt")
    assert saved.read_text(encoding="utf-8") == dialog.report
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.close_button.click()


@pytest.fixture
def hooks_installed(shown, qtbot):
    errors.install_excepthook(log_to_file=False)
    yield shown
    errors.uninstall_excepthook()


def test_excepthook_routes_gui_thread_exceptions(hooks_installed, qtbot) -> None:
    try:
        raise UserError("数据文件只读")
    except UserError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    qtbot.waitUntil(lambda: hooks_installed["box"] == ["数据文件只读"], timeout=5000)


def test_threading_excepthook_routes_to_the_gui_thread(hooks_installed, qtbot, monkeypatch) -> None:
    gui_thread = threading.get_ident()
    seen_on: list[int] = []
    original = errors.show_error

    def recording_show(parent, exc) -> None:
        seen_on.append(threading.get_ident())
        original(parent, exc)

    monkeypatch.setattr(errors, "show_error", recording_show)

    def boom() -> None:
        raise RuntimeError("worker blew up")

    thread = threading.Thread(target=boom)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(hooks_installed["bug"]) == 1, timeout=5000)
    assert "worker blew up" in hooks_installed["bug"][0][0]
    assert seen_on == [gui_thread]


def test_uninstall_restores_previous_hooks(shown, qtbot) -> None:
    before = (sys.excepthook, threading.excepthook)
    errors.install_excepthook(log_to_file=False)
    assert sys.excepthook is not before[0]
    errors.uninstall_excepthook()
    assert (sys.excepthook, threading.excepthook) == before


def test_file_logging_writes_to_log_path(monkeypatch, tmp_path: Path, qtbot) -> None:
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path))
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    try:
        errors.install_excepthook(log_to_file=True)
        errors.install_excepthook(log_to_file=True)  # idempotent: one handler
        added = [h for h in root.handlers if h not in before]
        assert len(added) == 1
        logging.getLogger("ui.test").error("写入日志的测试")
        added[0].flush()
        assert "写入日志的测试" in (tmp_path / "stationdesk.log").read_text(encoding="utf-8")
    finally:
        errors.uninstall_excepthook()
        for handler in root.handlers[:]:
            if handler not in before:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
