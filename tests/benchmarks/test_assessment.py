"""Issue 17: the Guangzhou self-assessment near its SQL floor.

The floor (``assessment_floor.py``, beside this file) is hand-written SQL that computes the same counts as
the engine — every figure of every indicator the assessment reads, one statement per indicator. This
benchmark first checks that each figure is equal, then runs the engine and the floor alternately in this
one process and records the ratio of their medians (whole assessment ÷ floor, and the automatic items
alone ÷ their floor), with the spread of the ratios of each alternated pair.

The machine may be shared: wall-clock ratios of runs made side by side cancel most of the load, and the
same ratios in CPU time (``time.process_time``, this process only) are recorded beside them.
"""

from __future__ import annotations

import dataclasses
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.assessment_floor import Floor, engine_figures, guangzhou_floor, run_floor
from tests.benchmarks.conftest import Collector, Record, Timing, check, size_label

GZ = "guangzhou-full-employment-2024"
GOAL = 1.5  # issue 17: whole assessment ÷ hand-written SQL ≤ 1.5×


def _runs(persons: int) -> int:
    return 9 if persons > 50_000 else 15


def _computed(standard: Any, period: Any) -> dict[tuple[str, frozenset[tuple[str, Any]]], Any]:
    """Every indicator result the assessment of ``standard`` reads, by (id, parameters)."""
    from app.assessment.indicators import compute
    from app.assessment.scoring import assess

    seen: dict[tuple[str, frozenset[tuple[str, Any]]], Any] = {}

    def recording(indicator_id: str, p: Any, **params: Any) -> Any:
        res = compute(indicator_id, p, **params)
        seen[(indicator_id, frozenset(params.items()))] = res
        return res

    assess(standard, period, indicator=recording)
    return seen


def _floor_for(
    floors: list[Floor], computed: dict[tuple[str, frozenset[tuple[str, Any]]], Any]
) -> list[Floor]:
    """The floor statements of exactly the indicators in ``computed`` (each must have one)."""
    by_key = {(f.indicator, frozenset(f.params.items())): f for f in floors}
    missing = sorted(k[0] for k in computed if k not in by_key)
    assert not missing, f"no floor statement for {missing}"
    return [by_key[k] for k in computed]


def _check_equal(floors: list[Floor], computed: dict[tuple[str, frozenset[tuple[str, Any]]], Any]) -> None:
    got = run_floor(floors)
    for f in floors:
        engine = engine_figures(computed[(f.indicator, frozenset(f.params.items()))])
        assert engine == got[f.indicator], f"{f.indicator}: engine {engine}, floor {got[f.indicator]}"


def _alternate(n: int, engine: Callable[[], Any], floor: Callable[[], Any]) -> dict[str, list[float]]:
    """``n`` rounds of engine then floor (after one warm-up round): wall and CPU seconds of each."""
    engine()
    floor()
    out: dict[str, list[float]] = {"engine": [], "floor": [], "engine_cpu": [], "floor_cpu": []}
    for _ in range(n):
        for name, run in (("engine", engine), ("floor", floor)):
            w0, c0 = time.perf_counter(), time.process_time()
            run()
            out[f"{name}_cpu"].append(time.process_time() - c0)
            out[name].append(time.perf_counter() - w0)
    return out


def _ratio(
    collector: Collector,
    what: str,
    persons: int,
    engine: list[float],
    floor: list[float],
    goal: float | None,
    how: str,
) -> Record:
    """Record median(engine) ÷ median(floor), its spread the lowest and highest ratio of one pair."""
    pairs = [e / f for e, f in zip(engine, floor, strict=True)]
    ratio = statistics.median(engine) / statistics.median(floor)
    # The harness's ``values`` would record the median of the per-round ratios; issue 17 asks for the
    # ratio of the medians, so the record is made here and stamped (load, time) by the collector.
    return collector._add(Record(what, persons, ratio, min(pairs), max(pairs), len(pairs), goal, "×", how))


def test_guangzhou_assessment_against_its_sql_floor(collector: Collector, persons: int, town: Path) -> None:
    from app.assessment.scoring import assess, default_period
    from app.assessment.standards import get_standard

    std = get_standard(GZ)
    period = default_period(std)
    auto = dataclasses.replace(std, items=tuple(it for it in std.items if it.mode == "auto"))
    every = guangzhou_floor(period)
    floor_all = _floor_for(every, _computed(std, period))
    floor_auto = _floor_for(every, _computed(auto, period))
    _check_equal(floor_all, _computed(std, period))

    n = _runs(persons)
    whole = _alternate(n, lambda: assess(std, period), lambda: run_floor(floor_all))
    alone = _alternate(n, lambda: assess(auto, period), lambda: run_floor(floor_auto))
    how = (
        f"ratio of medians, {n} alternated rounds after 1 warm-up, spread = lowest–highest ratio of one "
        f"round; counts checked equal first ({len(floor_all)} indicators, {period.start}..{period.end})"
    )
    records = [
        _ratio(
            collector, "Guangzhou assessment ÷ SQL floor", persons, whole["engine"], whole["floor"], GOAL, how
        ),
        _ratio(
            collector,
            "Guangzhou automatic items alone ÷ their SQL floor",
            persons,
            alone["engine"],
            alone["floor"],
            None,
            f"as above, the {len(auto.items)} auto items and their {len(floor_auto)} indicators",
        ),
        _ratio(
            collector,
            "Guangzhou assessment ÷ SQL floor, CPU time",
            persons,
            whole["engine_cpu"],
            whole["floor_cpu"],
            None,
            "as above in time.process_time (this process only: the other processes' load left out)",
        ),
    ]
    collector.timing(
        "SQL floor of the Guangzhou assessment",
        persons,
        Timing(tuple(whole["floor"])),
        None,
        f"{n} runs alternated with the assessment (run_floor: {len(floor_all)} statements)",
    )
    assert all(rec.median > 0 for rec in records), size_label(persons)
    check(records[0])
