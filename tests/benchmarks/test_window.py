"""The window at 10,000, 50,000 and 200,000 persons (issue 17): start-up, the 劳动力台账 page, a filter
keystroke, memory. Start-up and memory are measured in child processes (a fresh interpreter each: no
module imported, no garbage of another benchmark); the page figures in this process.

Figures (the names are the same at every size):
- whole-process start to window: a new Python until the main window is exposed, as ``run_gui`` starts
  it (QApplication, the data file, the log-in check, ``MainWindow``, ``show_fitted``); goal < 0.6 s at
  the town (50,000).
- register page opens: ``RegisterPage()`` shown until its list's first paint (the query, the model and
  the paint); goal < 300 ms at 200,000.
- filter keystroke including the repaint: ``setText`` of one more character and the list's repaint;
  goal < 50 ms.
- peak memory, window + register page: VmHWM of a child once the list is painted and its search keys
  and 劳动年龄内 are read.
- peak memory, window + register + 劳动力资源台账 PDF built in the window: the 申报与报表 page builds
  and previews the ledger (worker thread, PDF preview) after the register was opened; VmHWM, goal
  < 400 MB at the town, and the resident memory once it is shown (what the window keeps).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from tests.benchmarks.conftest import TOWN_PERSONS, Collector, Timing, check, child, goal, measure

START_RUNS = 5
MEMORY_RUNS = 3


def _private_copy(town_file: Path, tmp_path: Path) -> Path:
    """A copy of the cached town for child processes (opening a file may write to it)."""
    path = tmp_path / "town.sqlite"
    if not path.exists():
        shutil.copyfile(town_file, path)
    return path


def _cjk_font(qapp: Any) -> None:
    from ui.app import load_cjk_font

    load_cjk_font(qapp)


# ---------------------------------------------------------------------------- start-up

_START = """
    import sys, time
    from pathlib import Path
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from app.storage.datafile import open_station
    from ui.app import make_application
    from ui.dialogs.login import ensure_login
    from ui.errors import install_excepthook
    from ui.main_window import MainWindow

    app = make_application()  # as ui.app.run_gui
    install_excepthook()
    open_station(Path(sys.argv[1]))
    assert ensure_login(None)
    window = MainWindow()
    window.enable_auto_backup()
    window.show_fitted()
    QTest.qWaitForWindowExposed(window)
    print("@@shown", time.time())
    import resource
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print("@@cpu", usage.ru_utime + usage.ru_stime)
    heavy = [m for m in ("pyqtgraph", "numpy", "openpyxl", "reportlab") if m in sys.modules]
    print("@@heavy", ",".join(heavy))
"""


def test_whole_process_start_to_window(
    collector: Collector, persons: int, town_file: Path, tmp_path: Path
) -> None:
    seconds: list[float] = []
    cpu: list[float] = []
    for _ in range(START_RUNS + 1):  # the first run warms the disk cache: not counted
        started = time.time()
        out = child(_START, str(_private_copy(town_file, tmp_path)), home=tmp_path / "home").stdout
        shown = float(next(line for line in out if line.startswith("@@shown")).split()[1])
        cpu.append(float(next(line for line in out if line.startswith("@@cpu")).split()[1]))
        heavy = next(line for line in out if line.startswith("@@heavy")).split()[1:]
        assert heavy == []  # pyqtgraph, numpy, openpyxl, reportlab: imported when first needed
        seconds.append(shown - started)
    # The processor time of the same starts: what the wall time comes to on a quiet machine.
    collector.timing(
        "processor time of that start",
        persons,
        Timing(tuple(cpu[1:])),
        None,
        "user + system time of the same child processes until the window is exposed",
    )
    check(
        collector.timing(
            "whole-process start to window",
            persons,
            Timing(tuple(seconds[1:])),
            goal(persons, 0.6, None),
            f"a new `python -c` (as ui.app.run_gui) until the main window is exposed; {START_RUNS} runs "
            "after 1 warm-up, each a child process",
        )
    )


def test_window_shown(
    collector: Collector,
    persons: int,
    town_file: Path,
    qtbot: Any,
    qapp: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from db.connection import close_database, open_database
    from ui.main_window import MainWindow

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    _cjk_font(qapp)
    windows: list[Any] = []
    town = _private_copy(town_file, tmp_path)

    def show() -> None:
        open_database(town)  # as ui.app.run_gui: open the file, build the window, show it
        window = MainWindow()
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)

    def reset() -> None:
        for w in windows:
            w.close()
            w.deleteLater()
        windows.clear()
        close_database()

    try:
        timing = measure(5, show, warmup=1, setup=reset)
    finally:
        reset()
    check(
        collector.timing(
            "window shown with the town file",
            persons,
            timing,
            goal(persons, 2.0, 2.0),
            "5 runs after 1 warm-up: open_database + MainWindow() + show() until exposed (first page "
            "included), in this process",
        )
    )


# ---------------------------------------------------------------------------- the register page


class _FirstPaint:
    """The time of the first paint of a widget (an event filter)."""

    def __init__(self) -> None:
        from PySide6.QtCore import QEvent, QObject

        self.at: float | None = None
        outer = self

        class Filter(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and outer.at is None:
                    outer.at = time.perf_counter()
                return False

        self.filter = Filter()


def test_register_page_opens_and_filters(
    collector: Collector, persons: int, town: Path, qtbot: Any, qapp: Any
) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.pages.register import RegisterPage

    _cjk_font(qapp)
    pages: list[Any] = []
    painted: list[float] = []

    def open_page() -> None:
        t0 = time.perf_counter()
        page = RegisterPage()
        page.resize(1200, 640)  # the page in a 1366×768 window
        first = _FirstPaint()
        page.view.viewport().installEventFilter(first.filter)
        page.show()
        while first.at is None:  # the query, the model and the list's first paint
            QApplication.processEvents()
        painted.append(first.at - t0)
        page.view.viewport().removeEventFilter(first.filter)
        pages.append(page)

    def drop() -> None:
        for p in pages:
            p.close()
            p.deleteLater()
        pages.clear()
        QApplication.processEvents()

    measure(7, open_page, warmup=1, setup=drop)
    check(
        collector.timing(
            "register page opens (query, model, first paint)",
            persons,
            Timing(tuple(painted[1:])),
            goal(persons, 0.3, 0.3),
            "RegisterPage() until its list's first paint; 7 runs after 1 warm-up",
        )
    )

    page = pages[-1]
    assert page.model.rowCount() == persons
    register = page.model.register
    assert register is not None
    register.keys  # noqa: B018 - as after the first paint: the search keys are built while the user looks
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    viewport = page.view.viewport()
    worst_rounds = []
    for typed in ("4401", "1380", "陈", "zw", "4401", "1380", "陈", "zw"):
        page.filter_edit.clear()
        viewport.repaint()
        worst = 0.0
        text = ""
        for ch in typed:
            text += ch
            before = len(resets)
            t0 = time.perf_counter()
            page.filter_edit.setText(text)
            viewport.repaint()
            worst = max(worst, time.perf_counter() - t0)
            assert len(resets) == before + 1  # the model re-filtered within setText
        worst_rounds.append(worst)
    assert page.model.rowCount() < persons
    drop()
    check(
        collector.timing(
            "filter keystroke including the repaint",
            persons,
            Timing(tuple(worst_rounds)),
            goal(persons, 0.05, 0.05),
            "slowest keystroke of typing 4401 / 1380 / 陈 / zw one character at a time (setText, then the "
            "list's repaint), twice each: median of the 8 rounds",
        )
    )


# ---------------------------------------------------------------------------- memory

_WINDOW = """
    import sys
    from pathlib import Path
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from app.storage.datafile import open_station
    from ui.app import make_application
    from ui.main_window import MainWindow

    def rss_mb():
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024

    app = make_application()
    open_station(Path(sys.argv[1]))
    window = MainWindow()
    window.show()
    QTest.qWaitForWindowExposed(window)
    register = window.select_page("register")
    for _ in range(50):
        QApplication.processEvents()
    register._warm_search()  # the search keys and 劳动年龄内, as after the list's first paint
"""

_WITH_PDF = (
    _WINDOW
    + """
    docs = window.select_page("documents")
    docs.select_document("ledger-labor")
    path = docs.generate_preview()  # the worker thread builds it, the preview shows it
    assert path is not None and docs.preview.page_count() > 0
    for _ in range(50):
        QApplication.processEvents()
    print("@@pages", docs.preview.page_count())
    print("@@rss", rss_mb())
"""
)


def test_peak_memory_window_and_register(
    collector: Collector, persons: int, town_file: Path, tmp_path: Path
) -> None:
    town = str(_private_copy(town_file, tmp_path))
    peaks = [child(_WINDOW, town, home=tmp_path / "home").peak_mb for _ in range(MEMORY_RUNS)]
    check(
        collector.values(
            "peak memory, window + register page",
            persons,
            peaks,
            goal(persons, 400.0, None),
            f"VmHWM of a child process: window shown, register page painted, its search keys and "
            f"劳动年龄内 read; {MEMORY_RUNS} runs",
            "MB",
        )
    )


def test_peak_memory_window_register_and_ledger_pdf(
    collector: Collector, persons: int, town_file: Path, tmp_path: Path
) -> None:
    what = "peak memory, window + register + 劳动力资源台账 PDF built in the window"
    if persons > TOWN_PERSONS:
        # Issue 17 states this figure at the town; the 200k ledger PDF's own time and memory are measured
        # by the documents benchmarks (three window runs would take many minutes).
        pytest.skip("the window with the ledger PDF is measured at the town size")
    town = str(_private_copy(town_file, tmp_path))
    runs = [child(_WITH_PDF, town, home=tmp_path / "home") for _ in range(MEMORY_RUNS)]
    pages = {int(next(x for x in r.stdout if x.startswith("@@pages")).split()[1]) for r in runs}
    kept = [float(next(x for x in r.stdout if x.startswith("@@rss")).split()[1]) for r in runs]
    check(
        collector.values(
            what,
            persons,
            [r.peak_mb for r in runs],
            goal(persons, 400.0, None),
            f"VmHWM of a child process: window, register page, then the 申报与报表 page builds and "
            f"previews the ledger ({'/'.join(map(str, sorted(pages)))} pages); {MEMORY_RUNS} runs",
            "MB",
        )
    )
    collector.values(
        "resident memory once that PDF is shown",
        persons,
        kept,
        None,
        "VmRSS of the same child processes after the preview is shown (what the window keeps)",
        "MB",
    )
