"""Parameters and the ledger grid's wrapping."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.errors import UserError
from app.core.period import Period
from app.documents import common
from app.documents.grid import ELLIPSIS, MAX_LINES, Column, GridPage, _Measure, grid_pages
from app.documents.pdf import register_font


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


# ---------------------------------------------------------------------------- default periods


def test_month_default_is_last_month():
    assert common.default_month(dt.date(2026, 11, 22)) == dt.date(2026, 10, 1)
    assert common.as_month(None, today=dt.date(2026, 11, 1)) == Period(
        dt.date(2026, 10, 1), dt.date(2026, 10, 31)
    )


def test_month_default_in_january_is_last_december():
    assert common.default_month(dt.date(2026, 1, 31)) == dt.date(2025, 12, 1)


def test_score_documents_default_to_the_standards_last_completed_year():
    from app.documents import default_period_for

    gz = "guangzhou-full-employment-2024"
    expected = Period(dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    for kind in ("full-employment-application", "score-sheet"):
        assert default_period_for(kind, gz, today=dt.date(2026, 11, 22)) == expected
    # The day the Guangzhou year ends it is still the running one; the day after, the completed one.
    assert default_period_for("score-sheet", gz, today=dt.date(2026, 9, 30)).end == dt.date(2026, 9, 30)
    assert default_period_for("score-sheet", gz, today=dt.date(2026, 10, 1)) == expected


def test_yangpu_application_defaults_to_its_standards_year_up_to_today():
    from app.documents import default_period_for

    today = dt.date(2026, 11, 22)
    assert default_period_for("yangpu-application", today=today) == Period(dt.date(2026, 1, 1), today)
    # Early in the year the application is about the completed last year.
    assert default_period_for("yangpu-application", today=dt.date(2026, 3, 5)) == Period(
        dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    )


def test_ledgers_default_to_this_year_up_to_today():
    from app.documents import default_period_for

    today = dt.date(2026, 11, 22)
    assert default_period_for("ledger-services", today=today) == Period(dt.date(2026, 1, 1), today)


# ---------------------------------------------------------------------------- ledger grid density


def test_column_max_lines_caps_a_cell_with_ellipsis():
    pages = grid_pages(
        [Column("序号", 20), Column("就业单位", 40, max_lines=1)], [("1", "一" * 200)], count=1
    )
    (cells,) = pages[0].rows
    assert len(cells[1]) == 1 and cells[1][0].endswith(ELLIPSIS)


def test_header_of_a_narrow_column_is_not_cut():
    from app.documents.ledgers import DIFFICULTY_COLUMNS

    pages = grid_pages(
        [Column(c.header, c.weight, c.align, c.lines) for c in DIFFICULTY_COLUMNS], [], count=0
    )
    for col, lines in zip(DIFFICULTY_COLUMNS, pages[0].header, strict=True):
        assert "".join(lines) == col.header  # e.g. 报告期服务次数 on three lines, no “…”


def test_labor_ledger_fits_a_typical_person_on_one_line_and_45_on_a_page():
    from app.documents.ledgers import LABOR_COLUMNS

    row = (
        "50000", "TW012345", "欧阳晓明", "男", "440184********123X", "45", "小学及以下", "完全劳动能力",
        "单位就业", "广州市流溪家政服务有限公司", "单位解聘", "零就业家庭", "灵活就业", "中式烹调师",
        "城乡居民社保", "13800138000", "2026-11-22",
    )  # fmt: skip
    pages = grid_pages(
        [Column(c.header, c.weight, c.align, c.lines) for c in LABOR_COLUMNS], [row] * 200, count=200
    )
    assert all(len(cell) <= 1 for cell in pages[0].rows[0])
    assert len(pages[1].rows) >= 45  # 50,000 people on about 1,100 pages, not 2,500
