"""Benchmarks over the demo towns of 10,000, 50,000 and 200,000 persons: each figure is measured at every
size (the ``persons`` fixture), recorded as a median with its spread, and fails on a miss of its goal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.benchmarks.conftest import (
    Collector,
    Timing,
    build_town,
    check,
    goal,
    measure,
    size_label,
)

GZ = "guangzhou-full-employment-2024"


def _check(
    collector: Collector, what: str, persons: int, timing: Timing, target: float | None, how: str
) -> None:
    check(collector.timing(what, persons, timing, target, how))


def _last_period() -> Any:
    from app.assessment.scoring import default_period
    from app.assessment.standards import get_standard

    return default_period(get_standard(GZ))


def _cjk_font(qapp: Any) -> None:
    from ui.app import load_cjk_font

    load_cjk_font(qapp)


# ---------------------------------------------------------------------------- generation


def test_demo_generation(
    collector: Collector, persons: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    runs = iter(range(100))
    timing = measure(
        1 if persons > 50_000 else 3, lambda: build_town(tmp_path / f"fresh-{next(runs)}.sqlite", persons)
    )
    _check(
        collector, "demo generation", persons, timing, goal(persons, 60.0), "generate_demo in an empty file"
    )


# The window's figures (start-up, the register page, memory): test_window.py.


# ---------------------------------------------------------------------------- self-assessment


def test_guangzhou_self_assessment(collector: Collector, persons: int, town: Path) -> None:
    from app.assessment.scoring import assess
    from app.assessment.standards import get_standard

    std = get_standard(GZ)
    period = _last_period()
    timing = measure(7, lambda: assess(std, period), warmup=1)
    _check(
        collector,
        "whole Guangzhou self-assessment",
        persons,
        timing,
        goal(persons, 0.5),
        f"7 runs after 1 warm-up (app.assessment.scoring.assess, {period.start}..{period.end})",
    )


def test_every_shipped_standard_assessed(collector: Collector, persons: int, town: Path) -> None:
    """Each of the seven shipped standards over its own default period (the slowest one is recorded)."""
    from app.assessment.scoring import assess, default_period
    from app.assessment.standards import shipped_standards

    worst: Timing | None = None
    for std in shipped_standards():
        period = default_period(std)
        timing = measure(5, lambda std=std, period=period: assess(std, period), warmup=1)
        if worst is None or timing.median > worst.median:
            worst = timing
    assert worst is not None
    _check(
        collector,
        "slowest of the seven shipped standards",
        persons,
        worst,
        goal(persons, 0.5),
        "5 runs each after 1 warm-up, the slowest standard shown",
    )


def test_assessment_page_opens(collector: Collector, persons: int, town: Path, qtbot: Any, qapp: Any) -> None:
    from ui.pages.assessment import AssessmentPage

    _cjk_font(qapp)
    pages: list[Any] = []

    def open_page() -> None:
        page = AssessmentPage()
        with qtbot.waitSignal(page.computed, timeout=60_000):
            page.show()
            qtbot.waitExposed(page)
        pages.append(page)

    def drop() -> None:
        for p in pages:
            p.close()
            p.deleteLater()
        pages.clear()

    timing = measure(3, open_page, warmup=1, setup=drop)
    drop()
    _check(
        collector,
        "自评 page opens (scored and shown)",
        persons,
        timing,
        goal(persons, 1.0),
        "3 runs after 1 warm-up: AssessmentPage() shown until `computed`",
    )


# ---------------------------------------------------------------------------- case work and home


def _busiest_person() -> int:
    from app.core.sql import query

    row = query("SELECT person_id FROM service GROUP BY person_id ORDER BY COUNT(*) DESC, person_id LIMIT 1")
    return int(row[0][0])


def test_todo_list(collector: Collector, persons: int, town: Path) -> None:
    from app.workbench import reminders

    today = dt.date.today()
    items: list[Any] = []
    timing = measure(7, lambda: items.append(reminders.todo_list(today)), warmup=1)
    _check(
        collector,
        "to-do list of today",
        persons,
        timing,
        goal(persons, 0.3),
        f"7 runs after 1 warm-up (todo_list; {len(items[-1])} lines at {size_label(persons)})",
    )


def test_person_timeline(collector: Collector, persons: int, town: Path) -> None:
    from app import casework

    pid = _busiest_person()
    entries: list[Any] = []
    timing = measure(7, lambda: entries.append(casework.timeline(pid)), warmup=1)
    _check(
        collector,
        "a person's timeline (the most served person)",
        persons,
        timing,
        goal(persons, 0.05, 0.05),
        "7 runs after 1 warm-up (casework.timeline)",
    )


def test_home_page_shown(collector: Collector, persons: int, town: Path, qtbot: Any, qapp: Any) -> None:
    from ui.pages.home import HomePage

    _cjk_font(qapp)
    pages: list[Any] = []

    def open_page() -> None:
        page = HomePage()
        page.show()
        qtbot.waitExposed(page)
        pages.append(page)

    def drop() -> None:
        for p in pages:
            p.close()
            p.deleteLater()
        pages.clear()

    timing = measure(3, open_page, warmup=1, setup=drop)
    drop()
    _check(
        collector,
        "home page (工作台) shown",
        persons,
        timing,
        goal(persons, 0.5),
        "3 runs after 1 warm-up: HomePage() shown until exposed",
    )


# ---------------------------------------------------------------------------- matching


def test_best_vacancies_for_one_person(collector: Collector, persons: int, town: Path) -> None:
    from app.core.sql import query
    from app.jobs.matching import best_vacancies

    pid = int(
        query(
            "SELECT id FROM person WHERE employment_status = '未就业' AND wants_work = 1 ORDER BY id LIMIT 1"
        )[0][0]
    )
    today = dt.date.today()
    found: list[Any] = []
    timing = measure(7, lambda: found.append(best_vacancies(pid, today)), warmup=1)
    assert found[-1]
    _check(
        collector,
        "best vacancies for one person",
        persons,
        timing,
        goal(persons, 0.1),
        "7 runs after 1 warm-up (best_vacancies)",
    )


def test_best_people_for_one_vacancy(collector: Collector, persons: int, town: Path) -> None:
    from app.core.sql import query
    from app.jobs.matching import best_people

    today = dt.date.today()
    vid = int(
        query(
            "SELECT id FROM vacancy WHERE status = '招聘中' AND valid_until >= ? AND kind = '全日制' "
            "ORDER BY id LIMIT 1",
            (today.isoformat(),),
        )[0][0]
    )
    found: list[Any] = []
    timing = measure(7, lambda: found.append(best_people(vid, today)), warmup=1)
    assert found[-1]
    _check(
        collector,
        "best people for one vacancy",
        persons,
        timing,
        goal(persons, 0.3),
        "7 runs after 1 warm-up (best_people)",
    )


# ---------------------------------------------------------------------------- documents


def test_self_score_pdf(collector: Collector, persons: int, town: Path, tmp_path: Path) -> None:
    """The 自评打分表 through the document registry, as the 申报与报表 page builds it (scoring included)."""
    from app.documents import get_document

    spec = get_document("score-sheet")
    out = tmp_path / "selfscore.pdf"
    timing = measure(5, lambda: spec.build_pdf(out, standard=GZ, period=_last_period()), warmup=1)
    assert out.stat().st_size > 0
    _check(
        collector,
        "self-score PDF (自评打分表)",
        persons,
        timing,
        goal(persons, 1.0),
        "5 runs after 1 warm-up, scoring included",
    )
