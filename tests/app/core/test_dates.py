"""Date parsing (every ledger format) and calendar-month arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.dates import (
    FORMATS_HINT,
    add_months,
    add_years,
    age_on,
    fmt,
    fmt_cn,
    month_end,
    month_start,
    months_between,
    parse_date,
)
from app.core.errors import ValidationError

MAY_1 = dt.date(2024, 5, 1)


def _fw(text: str) -> str:
    """Full-width form of the ASCII digits and punctuation in ``text``."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


@pytest.mark.parametrize(
    "value",
    [
        "2024-05-01",
        "2024-5-1",
        "2024/5/1",
        "2024/05/01",
        "2024.5.1",
        "2024.05.01",
        "20240501",
        "2024年5月1日",
        "2024年05月01日",
        "2024年5月1",
        " 2024-05-01 ",
        "2024-05-01 00:00:00",
        "2024-05-01 08:30",
        "2024-05-01T00:00:00",
        "2024/5/1 13:45:10.250",
        _fw("2024-05-01"),
        _fw("2024/5/1"),
        _fw("20240501"),
        _fw("2024") + "年" + _fw("5") + "月" + _fw("1") + "日",
        "2024-05-01\u3000",
    ],
)
def test_text_formats(value: str) -> None:
    assert parse_date(value) == MAY_1


def test_date_and_datetime_objects() -> None:
    assert parse_date(MAY_1) == MAY_1
    assert parse_date(dt.datetime(2024, 5, 1, 23, 59, 59)) == MAY_1
    assert type(parse_date(dt.datetime(2024, 5, 1, 12, 0))) is dt.date


@pytest.mark.parametrize("value", [45413, 45413.0, 1, 2958465])
def test_a_number_is_not_an_excel_serial(value: object) -> None:
    """A date-formatted cell reaches parse_date as a date (the reader converts it); a bare number is what
    the user typed, never silently a day of 1905 or 2454 (issue 13)."""
    with pytest.raises(ValidationError) as info:
        parse_date(value, "登记日期")
    assert info.value.message.startswith(f"登记日期 {value} 不是日期（数字不会当作日期")


@pytest.mark.parametrize("value", [2024, 2024.0, "2024", "２０２４"])
def test_a_year_alone_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(value, "登记日期")
    assert "只有年份" in info.value.message and "2024" in info.value.message


@pytest.mark.parametrize("value", [202405, 202405.0, "202405", "2024-05", "2024年5月"])
def test_a_year_and_month_are_refused(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(value, "登记日期")
    assert "只有年和月" in info.value.message


@pytest.mark.parametrize("value", [20241301, 20240230, 20230229, "20241301"])
def test_an_eight_digit_number_that_is_no_day_is_refused(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(value, "登记日期")
    assert "不存在（没有这一天）" in info.value.message


def test_int_yyyymmdd() -> None:
    assert parse_date(20240501) == MAY_1
    assert parse_date(20240501.0) == MAY_1
    assert parse_date(19000101) == dt.date(1900, 1, 1)
    assert parse_date(29991231) == dt.date(2999, 12, 31)


@pytest.mark.parametrize("value", [0, -1, 2958466, 30000101, 18991231])
def test_numbers_that_are_not_dates(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(value, "登记日期")
    assert info.value.message == (
        f"登记日期 {value} 不是日期（数字不会当作日期，除非单元格设为日期格式），应写作 {FORMATS_HINT}"
    )


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), 20240501.5])
def test_floats_that_are_not_dates(value: object) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(value, "登记日期")
    assert info.value.message == f"登记日期 {value} 不是日期，应写作 {FORMATS_HINT}"


def test_bool_refused() -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(True, "登记日期")
    assert info.value.message == "登记日期格式不对"


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2023-02-29", "2023-02-29"),
        ("2024-02-30", "2024-02-30"),
        ("2024/4/31", "2024/4/31"),
        ("20231301", "20231301"),
        ("2024年13月1日", "2024年13月1日"),
        ("2024.0.10", "2024.0.10"),
        ("2024-05-00", "2024-05-00"),
    ],
)
def test_dates_that_do_not_exist(value: str, shown: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(value, "注销日期")
    assert info.value.message == f"注销日期 {shown} 不存在（没有这一天）"
    assert "不存在" in info.value.message


def test_int_date_that_does_not_exist() -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(20230229, "就业日期")
    assert info.value.message == "就业日期 20230229 不存在（没有这一天）"


def test_leap_day_accepted() -> None:
    assert parse_date("2024-02-29") == dt.date(2024, 2, 29)
    assert parse_date("2000-02-29") == dt.date(2000, 2, 29)
    with pytest.raises(ValidationError):
        parse_date("1900-02-29")


@pytest.mark.parametrize("value", ["abc", "24-05-01", "2024-05-01-01", "5/1/2024", "2024 05 01", "下周一"])
def test_garbage_refused_with_formats_hint(value: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(value, "调查日期")
    assert info.value.message == f"调查日期 {value} 格式不对，应写作 {FORMATS_HINT}"
    assert "2024/5/1" in info.value.message


def test_default_label() -> None:
    with pytest.raises(ValidationError) as info:
        parse_date("abc")
    assert info.value.message.startswith("日期 abc 格式不对")


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000"])
def test_empty_is_none(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2023, 1, 31), 1, dt.date(2023, 2, 28)),
        (dt.date(2024, 1, 31), 12, dt.date(2025, 1, 31)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2024, 5, 15), 0, dt.date(2024, 5, 15)),
        (dt.date(2024, 12, 15), 1, dt.date(2025, 1, 15)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
        (dt.date(2024, 1, 15), -1, dt.date(2023, 12, 15)),
        (dt.date(2024, 5, 31), -12, dt.date(2023, 5, 31)),
        (dt.date(2024, 5, 31), -25, dt.date(2022, 4, 30)),
        (dt.date(2024, 8, 31), 1, dt.date(2024, 9, 30)),
    ],
)
def test_add_months(start: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


def test_add_years() -> None:
    assert add_years(dt.date(2000, 2, 29), 1) == dt.date(2001, 2, 28)
    assert add_years(dt.date(2000, 2, 29), 4) == dt.date(2004, 2, 29)
    assert add_years(dt.date(1990, 6, 15), 16) == dt.date(2006, 6, 15)


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (dt.date(1990, 6, 15), dt.date(2024, 6, 14), 33),
        (dt.date(1990, 6, 15), dt.date(2024, 6, 15), 34),
        (dt.date(1990, 6, 15), dt.date(2024, 6, 16), 34),
        (dt.date(1990, 6, 15), dt.date(1990, 6, 15), 0),
        (dt.date(1990, 12, 31), dt.date(2025, 1, 1), 34),
        # Born on 29 February: in a common year the birthday has passed only from 1 March.
        (dt.date(2000, 2, 29), dt.date(2001, 2, 28), 0),
        (dt.date(2000, 2, 29), dt.date(2001, 3, 1), 1),
        (dt.date(2000, 2, 29), dt.date(2004, 2, 28), 3),
        (dt.date(2000, 2, 29), dt.date(2004, 2, 29), 4),
        (dt.date(2000, 2, 29), dt.date(2016, 2, 29), 16),
    ],
)
def test_age_on(birth: dt.date, on: dt.date, age: int) -> None:
    assert age_on(birth, on) == age


def test_month_helpers() -> None:
    assert month_start(dt.date(2024, 2, 17)) == dt.date(2024, 2, 1)
    assert month_end(dt.date(2024, 2, 17)) == dt.date(2024, 2, 29)
    assert month_end(dt.date(2023, 2, 1)) == dt.date(2023, 2, 28)
    assert month_end(dt.date(2024, 12, 1)) == dt.date(2024, 12, 31)
    assert months_between(dt.date(2024, 11, 30), dt.date(2025, 2, 1)) == [
        dt.date(2024, 11, 1),
        dt.date(2024, 12, 1),
        dt.date(2025, 1, 1),
        dt.date(2025, 2, 1),
    ]
    assert months_between(dt.date(2024, 5, 10), dt.date(2024, 5, 10)) == [dt.date(2024, 5, 1)]
    assert months_between(dt.date(2024, 6, 1), dt.date(2024, 5, 31)) == []


def test_formatting() -> None:
    assert fmt(MAY_1) == "2024-05-01"
    assert fmt(None) == ""
    assert fmt_cn(MAY_1) == "2024年5月1日"
    assert fmt_cn(None) == ""
    assert parse_date(fmt_cn(MAY_1)) == MAY_1
