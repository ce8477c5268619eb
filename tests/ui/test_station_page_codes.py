"""站点信息: the statistical area code field and the signing key's fingerprint (issue 16)."""

from __future__ import annotations

from app.station import profile as station
from app.station.signing import station_fingerprint
from ui.pages.station import StationPage


def test_page_shows_fingerprint_and_saves_area_code(qtbot, db) -> None:
    page = StationPage()
    qtbot.addWidget(page)
    assert station_fingerprint() in page.fingerprint_label.text()
    page.editors["name"].set_text("幸福社区")
    page.editors["area_code"].set_text("310110012003")
    assert page.save_profile()
    assert station.get_profile().area_code == "310110012003"


def test_page_shows_area_code_error(qtbot, db) -> None:
    page = StationPage()
    qtbot.addWidget(page)
    page.editors["name"].set_text("幸福社区")
    page.editors["area_code"].set_text("3101")
    assert not page.save_profile()
    assert station.get_profile().area_code == ""
