"""The first-day guide: each step ticked from the data, however it was done."""

from __future__ import annotations

import datetime as dt

from app.core.idcard import make_id
from app.register import ledger
from app.workbench import guide
from db.models import Staff, StationProfile


def _done() -> dict[str, bool]:
    return {s.key: s.done for s in guide.first_day_steps()}


def test_a_new_station_has_every_step_open(db):
    assert _done() == {guide.STATION: False, guide.LEDGER: False, guide.STAFF: False, guide.ASSESSMENT: False}
    assert guide.guide_needed()


def test_steps_tick_as_the_data_comes(db):
    StationProfile.create(id=1, name="幸福社区就业服务站")
    ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1980, 1, 1), 1),
            "name": "张三",
            "employment_status": "未就业",
            "survey_date": "2026-03-01",
        }
    )
    Staff.create(name="刘专员", nature="专职")
    done = _done()
    assert done[guide.STATION] and done[guide.LEDGER] and done[guide.STAFF]
    assert not done[guide.ASSESSMENT]
    assert guide.guide_needed()


def test_an_unnamed_station_is_not_done(db):
    StationProfile.create(id=1, name="  ")
    assert not _done()[guide.STATION]
