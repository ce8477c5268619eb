"""The shared date rule of services, plans and starts of work."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.daterules import check_event_date
from app.core.errors import ValidationError

D = dt.date
TODAY = D(2024, 5, 15)
BIRTH = D(2000, 3, 3)


def test_today_and_the_birth_day_are_allowed() -> None:
    check_event_date(TODAY, "服务日期", today=TODAY, birth=BIRTH, name="张三")
    check_event_date(BIRTH, "服务日期", today=TODAY, birth=BIRTH, name="张三")


def test_the_day_after_today_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        check_event_date(D(2024, 5, 16), "服务日期", today=TODAY, birth=BIRTH, name="张三")
    assert exc.value.message == "服务日期 2024-05-16 晚于今天（2024-05-15），不能记录将来的事"


def test_the_day_before_birth_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        check_event_date(D(2000, 3, 2), "制定日期", today=TODAY, birth=BIRTH, name="张三")
    assert exc.value.message == "制定日期 2000-03-02 早于张三的出生日期 2000-03-03"


def test_without_a_name_the_message_says_this_person() -> None:
    with pytest.raises(ValidationError) as exc:
        check_event_date(D(2000, 3, 2), "就业日期", birth=BIRTH)
    assert exc.value.message == "就业日期 2000-03-02 早于此人的出生日期 2000-03-03"


def test_a_missing_bound_is_not_checked() -> None:
    check_event_date(D(2099, 1, 1), "就业日期", birth=BIRTH)
    check_event_date(D(1900, 1, 1), "服务日期", today=TODAY)
