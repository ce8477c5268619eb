"""The hub window: stations × figures with late stations marked, a package opened with its PDFs, the
assessment tab with its chart, registering a station, importing, exporting (issue 16)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from app.hub import importing, store
from db.hub_models import Received
from tests.app.hub.packages import FakeStation, write_assessment, write_month
from ui import theme
from ui.hub.models import HubTableModel
from ui.hub.window import HubWindow, open_hub_window
from ui.models.station_table import Row

A = FakeStation("310110012003", "幸福社区")
B = FakeStation("310110012004", "安康社区")


@pytest.fixture
def hub_file(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    path = tmp_path / "town.hub.sqlite"
    store.init_hub(path, level="town", code="310110012000", name="殷行街道")
    for s in (A, B):
        store.add_station(s.code, s.name, s.fingerprint)
    importing.import_packages([write_month(tmp_path / "a", A, "2026-03", seed=1)])
    importing.import_packages(
        [write_assessment(tmp_path / "x", A, seed=1), write_assessment(tmp_path / "y", B, seed=2)]
    )
    Received.update(received_at=dt.datetime(2026, 4, 2, 9, 0)).execute()
    store.close()
    yield path
    store.close()


@pytest.fixture
def window(qtbot, hub_file: Path) -> HubWindow:
    w = open_hub_window(None, hub_file)
    qtbot.addWidget(w)
    w.month_box.setCurrentText("2026-03")
    return w


def test_model_passes_the_tester(qtmodeltester) -> None:
    model = HubTableModel()
    model.set_table(
        ["a", "b"], [Row(("1", "2"), (1, 2), {"late": True}), Row(("3", "4"), (3, 4))], numeric_from=1
    )
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole) == theme.qcolor(
        theme.WARNING_BACKGROUND
    )
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole) is None


def test_month_table_marks_the_late_station(window: HubWindow) -> None:
    model = window.month_model
    assert model.titles()[:4] == ("统计用区划代码", "站点", "报送情况", "城镇新增就业人数")
    codes = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert codes == [A.code, B.code, "合计"]
    assert model.index(0, 2).data() == "按时报送" and not model.is_late(0)
    assert model.index(1, 2).data() == "逾期未报" and model.is_late(1)
    assert "逾期 1" in window.summary.text()


def test_fits_1366x768(window: HubWindow) -> None:
    window.resize(1366, 768)
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 768


def test_open_a_package_with_its_pdfs(window: HubWindow, qtbot) -> None:
    window.month_view.selectionModel().select(
        window.month_model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    dialog = window.open_selected_package()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert list(dialog.paths) == ["monthly-report.pdf"]
    assert "幸福社区" in dialog.windowTitle()
    dialog.reject()


def test_assessment_tab_and_chart(window: HubWindow) -> None:
    assert window.standard_box.count() == 1
    model = window.item_model
    assert model.titles()[:3] == ("统计用区划代码", "站点", "总分")
    assert model.rowCount() == 3 and model.index(2, 0).data() == "合计"
    assert "%" in model.index(2, 3).data()
    assert window.lost_chart.categories


def test_add_station_and_import(window: HubWindow, tmp_path: Path, monkeypatch) -> None:
    from ui import dialogs

    seen: list[str] = []
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text: seen.append(text))
    c = FakeStation("310110012005", "和平社区")
    assert window.add_station((c.code, c.name, c.fingerprint))
    results = window.import_files([write_month(tmp_path / "c", c, "2026-03", seed=3)])
    assert results and results[0].station_code == c.code
    assert any("已导入 和平社区" in t for t in seen)
    codes = [window.month_model.index(r, 0).data() for r in range(window.month_model.rowCount())]
    assert c.code in codes


def test_refused_import_shows_the_message(window: HubWindow, tmp_path: Path, monkeypatch) -> None:
    import ui.errors

    shown: list[str] = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: shown.append(text))
    stranger = FakeStation("310110012099", "陌生社区")
    assert window.import_files([write_month(tmp_path / "s", stranger, "2026-03")]) is None
    assert shown and "未在本汇总库登记" in shown[0]


def test_export_xlsx_and_package(window: HubWindow, tmp_path: Path, monkeypatch) -> None:
    from ui import dialogs

    monkeypatch.setattr(dialogs, "inform", lambda *_a: None)
    out = window.export_xlsx(tmp_path / "月报.xlsx")
    assert out is not None and out.exists()
    pkg = window.export_package(tmp_path / "up")
    assert pkg is not None and pkg.name == "310110012000-2026-03.sdpkg"


def test_main_window_opens_a_hub(qtbot, db, hub_file: Path) -> None:
    from ui.main_window import MainWindow

    main = MainWindow()
    qtbot.addWidget(main)
    assert main.new_hub_action.text() == "新建汇总库…" and main.open_hub_action.text() == "打开汇总库…"
    hub_window = main.open_hub(str(hub_file))
    assert isinstance(hub_window, HubWindow)  # a child of the main window, deleted when closed
    assert "殷行街道" in hub_window.windowTitle()
    hub_window.close()


def test_total_row_stays_last_when_sorted(window: HubWindow) -> None:
    model = window.month_model
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(3, order)
        assert model.index(model.rowCount() - 1, 0).data() == "合计"
