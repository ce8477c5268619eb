"""Start-up stays lazy (issue 17): opening the window does not import pyqtgraph, numpy, openpyxl or
reportlab (a quarter to a third of a second together); the 工作台's charts import pyqtgraph just after the
window's first frame, the document writers import openpyxl and reportlab when they write.

Each check runs in a fresh interpreter (this test process has imported everything long ago)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

HEAVY = ("pyqtgraph", "numpy", "openpyxl", "reportlab")


def _run(script: str, *args: str) -> dict[str, object]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script), *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-2000:]}"
    result: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_importing_the_window_modules_loads_no_heavy_library() -> None:
    report = _run(
        f"""
        import json, sys
        import app.__main__, ui.app, ui.main_window, ui.pages.home, ui.pages.register, ui.charts
        print(json.dumps({{"loaded": [m for m in {HEAVY!r} if m in sys.modules]}}))
        """
    )
    assert report["loaded"] == []


def test_the_window_with_charts_to_draw_opens_without_them_then_draws_them(small_ledger: object) -> None:
    from db.connection import current_path

    path = current_path()
    assert path is not None
    report = _run(
        f"""
        import json, sys
        from pathlib import Path
        from PySide6.QtCore import QEventLoop, QTimer
        from app.storage.datafile import open_station
        from ui.app import make_application
        from ui.main_window import MainWindow

        heavy = {HEAVY!r}
        app = make_application()
        open_station(Path(sys.argv[1]))
        window = MainWindow()
        window.show()
        at_show = [m for m in heavy if m in sys.modules]
        home = window.page("home")
        has_data = home.services_chart.has_data() or home.state_chart.has_data()
        # The charts are built once the window has painted: run the event loop until they are (as
        # qtbot.waitUntil does; there is no qtbot in this fresh process), 5 s at most.
        loop = QEventLoop()
        check = QTimer(interval=10)
        check.timeout.connect(lambda: home.state_chart.chart is not None and loop.quit())
        check.start()
        QTimer.singleShot(5000, loop.quit)
        if home.state_chart.chart is None:
            loop.exec()
        check.stop()
        print(json.dumps({{
            "at_show": at_show,
            "has_data": has_data,
            "drawn": home.state_chart.chart is not None,
            "after": [m for m in heavy if m in sys.modules],
        }}))
        """,
        str(path),
    )
    assert report["has_data"] is True  # there was something to draw
    assert report["at_show"] == []
    assert report["drawn"] is True
    assert report["after"] == ["pyqtgraph", "numpy"]  # openpyxl and reportlab: not even then


def test_the_chart_holder_keeps_its_data_until_built(qtbot: object) -> None:
    from ui.charts import LazyBarChart, Series

    holder = LazyBarChart("人数", "人")
    qtbot.addWidget(holder)  # type: ignore[attr-defined]
    holder.set_data(["甲", "乙"], [Series("人数", [0, 0])])
    assert holder.chart is None and not holder.has_data()
    holder.set_data(["甲", "乙"], [Series("人数", [2, 0])])
    assert holder.has_data() and holder.categories == ["甲", "乙"]
    chart = holder.ensure_chart()
    assert holder.ensure_chart() is chart
    assert chart.categories == ["甲", "乙"] and chart.bar_items()[0].opts["height"] == [2, 0]
    holder.set_data(["丙"], [Series("人数", [5])])  # later data goes to the built chart
    assert chart.categories == ["丙"] and chart.ticks[-1] >= 5
