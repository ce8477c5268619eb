"""hub status / report / package: who is late, stations × figures with sums, assessment totals whose rates
come from summed numerators and denominators, the upper level's Excel shapes, and a district hub that
imports a town hub's package."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.hub import export, importing, reports, store
from app.upward import tables as t
from db.hub_models import Received

from .packages import FakeStation, assessment_figures, month_figures, write_assessment, write_month

A = FakeStation("310110012003", "幸福社区")
B = FakeStation("310110012004", "安康社区")
C = FakeStation("310110012005", "和平社区")


@pytest.fixture
def three(hub: str) -> str:
    for s in (A, B, C):
        store.add_station(s.code, s.name, s.fingerprint)
    return hub


def test_status_on_time_late_and_missing(three: str, tmp_path: Path) -> None:
    importing.import_packages([write_month(tmp_path / "a", A, "2026-03", seed=1)])
    importing.import_packages([write_month(tmp_path / "b", B, "2026-03", seed=2)])
    Received.update(received_at=dt.datetime(2026, 4, 3, 9, 0)).where(
        Received.file_name.startswith(A.code)
    ).execute()
    Received.update(received_at=dt.datetime(2026, 4, 9, 9, 0)).where(
        Received.file_name.startswith(B.code)
    ).execute()
    rows = {r.code: r for r in reports.status("2026-03", today=dt.date(2026, 4, 20))}
    assert rows[A.code].state == "按时报送" and not rows[A.code].late
    assert rows[B.code].state == "逾期报送" and rows[B.code].late
    assert rows[C.code].state == "逾期未报" and rows[C.code].late
    before_due = {r.code: r.state for r in reports.status("2026-03", today=dt.date(2026, 4, 3))}
    assert before_due[C.code] == "未报送"


def test_month_report_sums(three: str, tmp_path: Path) -> None:
    importing.import_packages(
        [write_month(tmp_path / "a", A, "2026-03", seed=1), write_month(tmp_path / "b", B, "2026-03", seed=2)]
    )
    report = reports.month_report("2026-03")
    fa, fb = month_figures("2026-03", 1), month_figures("2026-03", 2)
    for path, _label, _table in reports.month_columns():
        assert report.totals.get(path, 0) == t.get_path(fa, path) + t.get_path(fb, path), path
    by_code = {s["code"]: s for s in report.stations}
    assert by_code[C.code]["values"] == {} and by_code[C.code]["state"] in ("未报送", "逾期未报")
    assert by_code[A.code]["values"]["ep1.new_employment"] == fa["ep1"]["new_employment"]


def test_month_report_over_months_sums_flows_and_takes_the_last_stock(three: str, tmp_path: Path) -> None:
    paths = [write_month(tmp_path / m, A, m, seed=1) for m in ("2026-01", "2026-02", "2026-03")]
    importing.import_packages(paths)
    report = reports.month_report("2026-01", "2026-03")
    row = next(s for s in report.stations if s["code"] == A.code)["values"]
    figures = [month_figures(m, 1) for m in ("2026-01", "2026-02", "2026-03")]
    assert row["ep1.new_employment"] == sum(f["ep1"]["new_employment"] for f in figures)
    assert row["ep1.new_employment_ytd"] == figures[-1]["ep1"]["new_employment_ytd"]
    assert row["registered_unemployed.total"] == figures[-1]["registered_unemployed"]["total"]
    assert report.months == ["2026-01", "2026-02", "2026-03"]


def test_month_report_uses_the_current_package_only(three: str, tmp_path: Path) -> None:
    importing.import_packages(
        [write_month(tmp_path / "1", A, "2026-03", seed=1, created_at="2026-04-01T08:00:00")]
    )
    importing.import_packages(
        [write_month(tmp_path / "2", A, "2026-03", seed=4, created_at="2026-04-02T08:00:00")]
    )
    report = reports.month_report("2026-03")
    assert report.totals["ep1.new_employment"] == month_figures("2026-03", 4)["ep1"]["new_employment"]


def test_bad_month_text(three: str) -> None:
    with pytest.raises(UserError, match="YYYY-MM"):
        reports.month_report("三月")


def test_assessment_totals_recompute_rates_from_sums(three: str, tmp_path: Path) -> None:
    importing.import_packages(
        [write_assessment(tmp_path / "a", A, seed=1), write_assessment(tmp_path / "b", B, seed=2)]
    )
    report = reports.assessment_report("test-standard", dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert [s["code"] for s in report.stations] == [A.code, B.code]
    fa, fb = assessment_figures(1), assessment_figures(2)
    for ia, ib in zip(fa["items"], fb["items"], strict=True):
        tot = report.totals[ia["id"]]
        num, den = ia["numerator"] + ib["numerator"], ia["denominator"] + ib["denominator"]
        assert (tot["numerator"], tot["denominator"]) == (num, den)
        assert tot["rate_fraction"] == f"{num}/{den}"
        assert tot["rate"] == reports.rate_text(num, den)
        assert tot["met"] == int(ia["met"]) + int(ib["met"])


def test_total_rate_is_not_an_average_of_rates() -> None:
    # 1/2 and 9/10: the average of rates would be 70.0%; the rate of the sums is 10/12.
    assert reports.rate_text(1 + 9, 2 + 10) == "83.3%"
    assert Fraction(10, 12) != (Fraction(1, 2) + Fraction(9, 10)) / 2
    assert reports.rate_text(0, 0) == "—"


def test_most_lost_items(three: str, tmp_path: Path) -> None:
    importing.import_packages(
        [write_assessment(tmp_path / "a", A, seed=1), write_assessment(tmp_path / "b", B, seed=2)]
    )
    report = reports.assessment_report("test-standard", dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    lost = report.most_lost()
    assert lost and all(n >= 1 for _i, _t, n, _p in lost)
    counts = [n for _i, _t, n, _p in lost]
    assert counts == sorted(counts, reverse=True)


def test_assessment_outside_the_period_is_left_out(three: str, tmp_path: Path) -> None:
    importing.import_packages([write_assessment(tmp_path / "a", A, seed=1)])
    report = reports.assessment_report("test-standard", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert report.stations == []


def test_xlsx_in_the_upper_levels_shapes(three: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.hub.xlsx import write_month_xlsx

    importing.import_packages(
        [write_month(tmp_path / "a", A, "2026-03", seed=1), write_month(tmp_path / "b", B, "2026-03", seed=2)]
    )
    out = write_month_xlsx(reports.month_report("2026-03"), tmp_path / "月报.xlsx", "殷行街道")
    wb = load_workbook(out)
    assert wb.sheetnames == [table.title[:31] for table in t.MONTHLY_TABLES]
    ws = wb["人社统EP1 就业再就业工作月度进展情况"]
    assert ws["A1"].value == "人社统EP1 就业再就业工作月度进展情况"
    assert [ws.cell(row=3, column=c).value for c in range(4, 9)] == [label for _k, label in t.EP1]
    assert ws.cell(row=4, column=2).value == A.code and ws.cell(row=4, column=2).data_type == "s"
    assert ws.cell(row=7, column=3).value == "合计"
    fa, fb = month_figures("2026-03", 1), month_figures("2026-03", 2)
    assert ws.cell(row=7, column=4).value == fa["ep1"]["new_employment"] + fb["ep1"]["new_employment"]
    assert ws.cell(row=6, column=4).value is None  # C has not sent
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$3"
    table = t.MONTHLY_TABLES[2]
    ws2 = wb[table.title[:31]]
    assert [ws2.cell(row=3, column=4 + i).value for i in range(len(table.columns))] == [
        lb for _p, lb in table.columns
    ]
    assert not list(tmp_path.glob("*.part*"))


def test_town_package_imported_by_a_district(three: str, tmp_path: Path) -> None:
    importing.import_packages(
        [write_month(tmp_path / "a", A, "2026-03", seed=1), write_month(tmp_path / "b", B, "2026-03", seed=2)]
    )
    town_totals = reports.month_report("2026-03").totals
    town_fp = store.hub_fingerprint()
    path, missing = export.build_hub_package(tmp_path / "up", "2026-03")
    assert path.name == "310110012000-2026-03.sdpkg" and missing == [C.code]
    store.close()
    district = str(tmp_path / "district.sqlite")
    store.init_hub(district, level="district", code="310110000000", name="杨浦区")
    store.add_station("310110012000", "殷行街道", town_fp)
    [result] = importing.import_packages([path])
    assert result.station_code == "310110012000"
    report = reports.month_report("2026-03")
    for p, _label, _table in reports.month_columns():
        assert report.totals.get(p, 0) == town_totals.get(p, 0), p


def test_hub_package_needs_some_station(three: str, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="尚未收到"):
        export.build_hub_package(tmp_path, "2026-03")


def test_town_assessment_package_imported_by_a_district(three: str, tmp_path: Path) -> None:
    period = (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    importing.import_packages(
        [write_assessment(tmp_path / "a", A, seed=1), write_assessment(tmp_path / "b", B, seed=2)]
    )
    town = reports.assessment_report("test-standard", *period)
    town_fp = store.hub_fingerprint()
    path, missing = export.build_hub_assessment_package(tmp_path / "up", "test-standard", *period)
    assert path.name == "310110012000-test-standard-20251001-20260930.sdpkg" and missing == [C.code]
    store.close()
    store.init_hub(str(tmp_path / "district.sqlite"), level="district", code="310110000000", name="杨浦区")
    store.add_station("310110012000", "殷行街道", town_fp)
    importing.import_packages([path])
    district = reports.assessment_report("test-standard", *period)
    assert [s["code"] for s in district.stations] == ["310110012000"]
    for item_id, tot in town.totals.items():
        got = district.totals[item_id]
        assert (got["numerator"], got["denominator"], got["rate"]) == (
            tot["numerator"],
            tot["denominator"],
            tot["rate"],
        )
