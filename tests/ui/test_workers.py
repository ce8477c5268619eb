"""run_with_progress / BackgroundTask: results, exceptions, progress, responsiveness, SQLite per thread."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtWidgets import QPushButton

from app.core.errors import UserError
from db.models import Setting, database
from ui import workers
from ui.workers import BackgroundTask, OperationCancelled, ProgressRunner, run_with_progress


def test_returns_result_and_passes_arguments(qtbot) -> None:
    def work(a: int, b: int, *, scale: int, progress) -> int:
        return (a + b) * scale

    assert run_with_progress(None, "计算", work, 2, 3, scale=10) == 50


def test_runs_off_the_gui_thread(qtbot) -> None:
    gui = threading.get_ident()

    def work(*, progress) -> int:
        return threading.get_ident()

    assert run_with_progress(None, "线程", work) != gui


def test_exception_is_reraised_on_the_gui_thread(qtbot) -> None:
    def work(*, progress) -> None:
        raise UserError("第 3 行身份证号有误")

    with pytest.raises(UserError, match="第 3 行身份证号有误"):
        run_with_progress(None, "导入", work)


def test_unexpected_exception_keeps_its_traceback(qtbot) -> None:
    def broken(*, progress) -> None:
        raise KeyError("missing")

    with pytest.raises(KeyError) as info:
        run_with_progress(None, "导入", broken)
    assert any(frame.name == "broken" for frame in info.traceback)


def test_progress_updates_reach_the_gui_thread(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(workers, "THROTTLE_SECONDS", 0.0)
    seen: list[tuple[int, int, str, bool]] = []
    runner = ProgressRunner(None, "导出")

    def on_progress(done: int, total: int, text: str) -> None:
        is_gui = QThread.currentThread() is runner.thread()
        seen.append((done, total, text, is_gui))
        if runner.dialog is not None:
            assert runner.dialog.maximum() == total

    runner.progressed.connect(on_progress)

    def work(*, progress) -> str:
        for i in range(1, 6):
            progress(i, 5, f"第 {i} 张表")
        return "完成"

    assert runner.run(work) == "完成"
    assert [(d, t, x) for d, t, x, _ in seen] == [(i, 5, f"第 {i} 张表") for i in range(1, 6)]
    assert all(is_gui for *_, is_gui in seen)


def test_progress_is_throttled_but_the_last_update_arrives(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(workers, "THROTTLE_SECONDS", 3600.0)
    seen: list[int] = []
    runner = ProgressRunner(None, "导出")
    runner.progressed.connect(lambda done, total, text: seen.append(done))

    def work(*, progress) -> None:
        for i in range(1, 1001):
            progress(i, 1000)

    runner.run(work)
    assert seen[-1] == 1000
    assert len(seen) <= 2


def test_gui_stays_responsive_while_the_worker_runs(qtbot) -> None:
    # The worker can only finish after a GUI-thread timer fired during the run.
    timer_fired = threading.Event()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(timer_fired.set)
    timer.start(10)

    def work(*, progress) -> bool:
        return timer_fired.wait(timeout=30)

    assert run_with_progress(None, "等待", work) is True


def test_cancellable_work_stops_with_a_user_error(qtbot) -> None:
    runner = ProgressRunner(None, "导入", cancellable=True)
    started = threading.Event()
    release = threading.Event()

    def cancel_soon() -> None:
        assert runner.dialog is not None
        button = runner.dialog.findChild(QPushButton)
        assert button.text() == "取消"
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        release.set()

    def work(*, progress) -> None:
        started.set()
        release.wait(timeout=30)
        progress(1, 10)

    QTimer.singleShot(0, cancel_soon)
    with pytest.raises(OperationCancelled, match="已取消"):
        runner.run(work)
    assert started.is_set()


def test_worker_uses_its_own_sqlite_connection_and_closes_it(qtbot, db: Path) -> None:
    gui_connection = database.connection()
    seen: dict[str, object] = {}

    def work(*, progress) -> int:
        seen["conn"] = database.connection()
        with database.atomic():
            Setting.insert(key="k", value="v").execute()
        return Setting.select().count()

    assert run_with_progress(None, "写入", work) == 1
    assert seen["conn"] is not gui_connection
    # The worker's connection was closed in the worker thread; the GUI one is still usable.
    with pytest.raises(Exception, match="closed"):
        seen["conn"].execute("select 1")  # type: ignore[attr-defined]
    assert Setting.get(Setting.key == "k").value == "v"
    assert database.connection() is gui_connection


def test_background_task_signals(qtbot) -> None:
    task = BackgroundTask(lambda *, progress: 7 * 6)
    with qtbot.waitSignal(task.finished, timeout=10000) as blocker:
        task.start()
    assert blocker.args == [42]
    assert task.done and task.result == 42


def test_background_task_failure_signal(qtbot) -> None:
    def work(*, progress) -> None:
        raise UserError("磁盘已满")

    task = BackgroundTask(work)
    with qtbot.waitSignal(task.failed, timeout=10000) as blocker:
        task.start()
    assert isinstance(blocker.args[0], UserError)
    assert task.error is blocker.args[0]


def test_memory_is_given_back_when_a_task_ends(qtbot, monkeypatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(workers, "release_freed_memory", lambda: calls.append(1) or True)
    assert run_with_progress(None, "测试", lambda progress: 7) == 7
    assert calls == [1]
    with pytest.raises(UserError):
        run_with_progress(None, "测试", _fail_with_user_error)
    assert calls == [1, 1]  # a failed task too


def _fail_with_user_error(progress) -> None:
    raise UserError("不行")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_release_freed_memory_trims_the_heap_on_linux(monkeypatch) -> None:
    monkeypatch.setattr(workers, "_TRIM", None)
    assert workers.release_freed_memory() is True  # found and called
    monkeypatch.setattr(workers, "_TRIM", False)  # no malloc_trim in this C library
    assert workers.release_freed_memory() is False
