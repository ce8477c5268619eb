"""Parameters and the ledger grid's wrapping."""

from __future__ import annotations

import datetime as dt

import pytest

from app.documents import common
from app.documents.grid import ELLIPSIS, MAX_LINES, Column, GridPage, _Measure, grid_pages
from app.errors import UserError
from app.indicators.base import Period
from app.pdf.base import register_font


def test_period_default_is_this_year_to_today():
    p = common.as_period(None, today=dt.date(2025, 7, 9))
    assert p == Period(dt.date(2025, 1, 1), dt.date(2025, 7, 9))


def test_period_from_texts():
    assert common.as_period(("2025/1/1", "20251231")) == Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_period_single_day_is_allowed():
    d = dt.date(2025, 3, 1)
    assert common.as_period((d, d)) == Period(d, d)


def test_period_end_before_start_is_refused():
    with pytest.raises(UserError, match="早于开始日期"):
        common.as_period((dt.date(2025, 3, 2), dt.date(2025, 3, 1)))


def test_period_missing_end_is_refused():
    with pytest.raises(UserError, match="都要填写"):
        common.as_period(("2025-01-01", ""))


@pytest.mark.parametrize("value", ["2024-02", "2024年2月", dt.date(2024, 2, 17)])
def test_month_forms(value):
    assert common.as_month(value) == Period(dt.date(2024, 2, 1), dt.date(2024, 2, 29))


@pytest.mark.parametrize("value", ["2024-13", "2024", "二月"])
def test_bad_month_is_refused(value):
    with pytest.raises(UserError, match="月份"):
        common.as_month(value)


def test_rate_text_truncates():
    assert common.rate_text(8999, 10000) == "8999/10000 = 89.9%"
    assert common.rate_text(45, 50) == "45/50 = 90.0%"
    assert common.rate_text(0, 0).startswith("—")


def test_resolve_person_unknown_id(db):
    with pytest.raises(UserError, match="没有身份证号"):
        common.resolve_person("110101199003076632")


def test_resolve_person_bad_id(db):
    with pytest.raises(UserError, match="身份证号不对"):
        common.resolve_person("123")


def _measure() -> _Measure:
    return _Measure(register_font(), 7.5)


def test_wrap_exact_fit_is_one_line():
    m = _measure()
    text = "劳动力资源台账"
    assert m.wrap(text, m.width(text)) == (text,)


def test_wrap_one_char_over_breaks():
    m = _measure()
    text = "劳动力资源台账"
    assert m.wrap(text, m.width(text) - 0.01) == ("劳动力资源台", "账")


def test_wrap_caps_lines_with_ellipsis():
    m = _measure()
    one = m.width("一")
    lines = m.wrap("一" * 20, one * 3)
    assert len(lines) == MAX_LINES
    assert lines[-1].endswith(ELLIPSIS)
    assert all(m.width(line) <= one * 3 for line in lines)


def test_wrap_empty():
    assert _measure().wrap("", 10) == ()


def test_grid_pages_pack_rows_and_report_progress():
    seen: list[tuple[int, int]] = []
    pages = grid_pages(
        [Column("序号", 1), Column("姓名", 3)],
        ([str(i), f"人员{i}"] for i in range(500)),
        count=500,
        progress=lambda d, t: seen.append((d, t)),
        every=100,
    )
    assert len(pages) > 1
    assert all(isinstance(p, GridPage) for p in pages)
    assert sum(len(p.rows) for p in pages) == 500
    assert seen[-1] == (500, 500)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)


def test_grid_pages_without_rows_is_one_header_page():
    pages = grid_pages([Column("序号", 1)], [], count=0)
    assert len(pages) == 1 and not pages[0].rows
