"""What the hub shows: who has sent (status), stations × monthly figures, stations × assessment items,
with totals. Totals of counts are sums; a total rate is the summed numerator over the summed denominator,
never an average of the stations' rates. Everything is SQL over the current packages.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.core.errors import ValidationError
from app.upward import tables as t
from db.hub_models import HubStation, ItemFigure, Received, hub_database

DUE_DAY = 5  # a month's package is due by the 5th of the next month


def parse_month(value: object) -> str:
    text = str(value or "").strip().replace("/", "-").replace(".", "-")
    try:
        y, m = (int(p) for p in text.split("-"))
        dt.date(y, m, 1)
    except ValueError:
        raise ValidationError(f"月份应写作 YYYY-MM，如 2026-03，现为“{value}”") from None
    return f"{y:04d}-{m:02d}"


def due_date(month: str, due_day: int = DUE_DAY) -> dt.date:
    y, m = (int(p) for p in month.split("-"))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return dt.date(y, m, due_day)


# ---------------------------------------------------------------------------------------- status


@dataclass(frozen=True)
class StationStatus:
    code: str
    name: str
    state: str  # 按时报送 / 逾期报送 / 未报送 / 逾期未报
    received_at: dt.datetime | None
    resends: int

    @property
    def late(self) -> bool:
        return self.state in ("逾期报送", "逾期未报")


def status(month: object, *, today: dt.date | None = None, due_day: int = DUE_DAY) -> list[StationStatus]:
    """Every registered station and whether its package of ``month`` came, on time or late."""
    key = parse_month(month)
    due = due_date(key, due_day)
    today = today or dt.date.today()
    sent: dict[int, tuple[dt.datetime, int]] = {}
    rows: Any = (
        Received.select(Received.station, Received.received_at, Received.current)
        .where((Received.kind == "month") & (Received.period_key == key))
        .tuples()
    )
    firsts: dict[int, dt.datetime] = {}
    counts: dict[int, int] = defaultdict(int)
    for sid, when, _current in rows:
        counts[sid] += 1
        if sid not in firsts or when < firsts[sid]:
            firsts[sid] = when
    for station_id, first in firsts.items():
        sent[station_id] = (first, counts[station_id] - 1)
    out = []
    for s in HubStation.select().order_by(HubStation.code):
        if s.id in sent:
            first, resends = sent[s.id]
            state = "按时报送" if first.date() <= due else "逾期报送"
            out.append(StationStatus(s.code, s.name, state, first, resends))
        else:
            out.append(StationStatus(s.code, s.name, "逾期未报" if today > due else "未报送", None, 0))
    return out


# ---------------------------------------------------------------------------------------- monthly


def month_columns() -> list[tuple[str, str, str]]:
    """(path, label, table title) of every column of the upper level's monthly tables."""
    return [(p, label, table.title) for table in t.MONTHLY_TABLES for p, label in table.columns]


@dataclass
class MonthReport:
    title: str
    months: list[str]
    stations: list[dict[str, Any]]  # code, name, state, values {path: int}
    totals: dict[str, int]
    columns: list[tuple[str, str, str]] = field(default_factory=month_columns)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "month",
            "title": self.title,
            "months": self.months,
            "columns": [{"path": p, "label": label, "table": table} for p, label, table in self.columns],
            "stations": self.stations,
            "totals": self.totals,
        }


# Figures that are a state at the month's end or a count since 1 January: over several months the last
# month's value is taken, never the sum.
_STOCK_PREFIXES = (
    "ep1.new_employment_ytd",
    "ep1.natural_attrition_ytd",
    "ep1.reemployed_ytd",
    "ep1.difficulty_employed_ytd",
    "registered_unemployed.",
    "work.difficulty_at_end",
)


def is_stock(path: str) -> bool:
    return path.startswith(_STOCK_PREFIXES)


def _months_between(first: str, last: str) -> list[str]:
    y, m = (int(p) for p in first.split("-"))
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_report(first: object, last: object | None = None, *, today: dt.date | None = None) -> MonthReport:
    """Stations × the monthly tables' figures for one month (``last`` None) or the months ``first``..``last``
    (flows summed; stocks and counts since 1 January from each station's latest month in the range)."""
    a = parse_month(first)
    b = parse_month(last) if last is not None else a
    if b < a:
        raise ValidationError(f"结束月份 {b} 早于开始月份 {a}")
    months = _months_between(a, b)
    values: dict[str, dict[str, int]] = defaultdict(dict)
    flows = hub_database.execute_sql(
        _param(
            "SELECT s.code, f.path, SUM(f.value) FROM month_figure f JOIN received r ON r.id = f.received_id "
            "JOIN hub_station s ON s.id = r.station_id WHERE r.kind = 'month' AND r.current "
            "AND r.period_key BETWEEN {p} AND {p} GROUP BY s.code, f.path"
        ),
        (a, b),
    ).fetchall()
    for code, path, total in flows:
        if not is_stock(path):
            values[code][path] = int(total)
    latest = _param(
        "SELECT s.code, f.path, f.value FROM month_figure f JOIN received r ON r.id = f.received_id "
        "JOIN hub_station s ON s.id = r.station_id WHERE r.kind = 'month' AND r.current AND r.period_key = "
        "(SELECT MAX(r2.period_key) FROM received r2 WHERE r2.station_id = r.station_id "
        "AND r2.kind = 'month' AND r2.current AND r2.period_key BETWEEN {p} AND {p})"
    )
    for code, path, value in hub_database.execute_sql(latest, (a, b)).fetchall():
        if is_stock(path):
            values[code][path] = int(value)
    states = {s.code: s.state for s in status(b, today=today)} if a == b else {}
    stations = []
    totals: dict[str, int] = defaultdict(int)
    for s in HubStation.select().order_by(HubStation.code):
        row = values.get(s.code)
        stations.append(
            {
                "code": s.code,
                "name": s.name,
                "state": states.get(s.code, "" if row else "未报送"),
                "values": row or {},
            }
        )
        for path, v in (row or {}).items():
            totals[path] += v
    title = f"{a} 月度统计" if a == b else f"{a} 至 {b} 月度统计"
    return MonthReport(title, months, stations, dict(totals))


def _is_sqlite() -> bool:
    import peewee as pw

    return isinstance(hub_database.obj, pw.SqliteDatabase)


def _param(sql: str) -> str:
    return sql.replace("{p}", "?" if _is_sqlite() else "%s")


# ---------------------------------------------------------------------------------------- assessments


def rate_text(num: int, den: int) -> str:
    if not den:
        return "—"
    r = Fraction(num, den)
    tenths = (r * 1000).__floor__()
    return f"{Decimal(tenths) / 10:.1f}%"


@dataclass
class AssessmentReport:
    standard: str
    name: str
    period_from: dt.date
    period_to: dt.date
    items: list[dict[str, Any]]  # id, section, title, max
    stations: list[dict[str, Any]]  # code, name, total, passed, items {id: {...}}
    totals: dict[str, dict[str, Any]]  # item id -> numerator, denominator, rate, met, stations, points_lost

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "assessment",
            "standard": self.standard,
            "name": self.name,
            "period": {"from": self.period_from.isoformat(), "to": self.period_to.isoformat()},
            "items": self.items,
            "stations": self.stations,
            "totals": self.totals,
        }

    def most_lost(self, limit: int = 10) -> list[tuple[str, str, int, Decimal]]:
        """(item id, title, stations that lost points, points lost in all), most often lost first."""
        titles = {i["id"]: i["title"] for i in self.items}
        rows = [
            (item_id, titles.get(item_id, ""), int(tot["stations_lost"]), Decimal(str(tot["points_lost"])))
            for item_id, tot in self.totals.items()
            if tot["stations_lost"]
        ]
        rows.sort(key=lambda r: (-r[2], -r[3], r[0]))
        return rows[:limit]


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _points_json(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _empty_total() -> dict[str, Any]:
    return {
        "numerator": 0,
        "denominator": 0,
        "met": 0,
        "stations": 0,
        "stations_lost": 0,
        "points_lost": Decimal(0),
    }


def assessment_report(standard: str, period_from: dt.date, period_to: dt.date) -> AssessmentReport:
    """Stations × items of the current assessment packages of ``standard`` whose period lies within
    [from, to] (a station with several: the latest)."""
    if period_to < period_from:
        raise ValidationError("结束日期早于开始日期")
    rows = list(
        Received.select(Received.id, Received.station, Received.period_to, Received.figures)
        .where(
            (Received.kind == "assessment")
            & (Received.standard == standard)
            & Received.current
            & (Received.period_from >= period_from)
            & (Received.period_to <= period_to)
        )
        .order_by(Received.period_to)
    )
    chosen: dict[int, Any] = {}
    for r in rows:
        chosen[r.station_id] = r  # ordered by period_to: the latest wins
    stations_by_id = {s.id: s for s in HubStation.select()}
    received_ids = [r.id for r in chosen.values()]
    per: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for i in range(0, len(received_ids), 500):
        chunk = received_ids[i : i + 500]
        for fig in ItemFigure.select().where(ItemFigure.received.in_(chunk)):
            per[fig.received_id][fig.item_id] = {
                "points": _dec(fig.points),
                "max": _dec(fig.max_points),
                "met": fig.met,
                "numerator": fig.numerator,
                "denominator": fig.denominator,
            }
    items: list[dict[str, Any]] = []
    name = ""
    if chosen:
        sample = json.loads(next(iter(chosen.values())).figures)
        name = sample.get("name", "")
        items = [
            {"id": it["id"], "section": it["section"], "title": it["title"], "max": it["max"]}
            for it in sample["items"]
        ]
    totals: dict[str, dict[str, Any]] = {
        it["id"]: {
            "numerator": 0,
            "denominator": 0,
            "met": 0,
            "stations": 0,
            "stations_lost": 0,
            "points_lost": Decimal(0),
        }
        for it in items
    }
    stations_out = []
    for station_id, r in sorted(chosen.items(), key=lambda kv: stations_by_id[kv[0]].code):
        s = stations_by_id[station_id]
        figs = json.loads(r.figures)
        its = per[r.id]
        out_items = {}
        for item_id, f in its.items():
            tot = totals.setdefault(
                item_id,
                {
                    "numerator": 0,
                    "denominator": 0,
                    "met": 0,
                    "stations": 0,
                    "stations_lost": 0,
                    "points_lost": Decimal(0),
                },
            )
            tot["stations"] += 1
            if f["numerator"] is not None and f["denominator"] is not None:
                tot["numerator"] += f["numerator"]
                tot["denominator"] += f["denominator"]
            if f["met"]:
                tot["met"] += 1
            if f["points"] is not None and f["max"] is not None and f["points"] < f["max"]:
                tot["stations_lost"] += 1
                tot["points_lost"] += f["max"] - f["points"]
            out_items[item_id] = {
                "points": _points_json(f["points"]),
                "met": f["met"],
                "numerator": f["numerator"],
                "denominator": f["denominator"],
            }
        stations_out.append(
            {
                "code": s.code,
                "name": s.name,
                "total": figs.get("total"),
                "passed": figs.get("passed"),
                "items": out_items,
            }
        )
    for tot in totals.values():
        tot["rate"] = rate_text(tot["numerator"], tot["denominator"])
        tot["rate_fraction"] = f"{tot['numerator']}/{tot['denominator']}" if tot["denominator"] else None
        tot["points_lost"] = _points_json(tot["points_lost"])
    return AssessmentReport(standard, name, period_from, period_to, items, stations_out, totals)


# ---------------------------------------------------------------------------------------- choices


def months_received() -> list[str]:
    """The months of which at least one monthly package is in force, newest first."""
    rows = (
        Received.select(Received.period_key).where((Received.kind == "month") & Received.current).distinct()
    )
    return sorted({str(r.period_key) for r in rows}, reverse=True)


def assessments_received() -> list[tuple[str, dt.date, dt.date]]:
    """(standard, from, to) of the assessment packages in force, newest period first."""
    rows = (
        Received.select(Received.standard, Received.period_from, Received.period_to)
        .where((Received.kind == "assessment") & Received.current)
        .distinct()
    )
    found = {(str(r.standard), r.period_from, r.period_to) for r in rows}
    return sorted(found, key=lambda x: (x[2], x[0]), reverse=True)
