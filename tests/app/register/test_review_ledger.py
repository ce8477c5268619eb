"""Review findings on the ledger services: a record that does not exist (an unknown person, a deleted
registration) and a duplicate key must give a Chinese user error and change nothing — never a raw
peewee ``DoesNotExist`` or sqlite ``IntegrityError``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app import casework
from app.casework import groups
from app.core.errors import ValidationError
from app.core.idcard import make_id
from app.register import ledger
from db.models import Person
from tests.app.register.test_ledger import _person_values, _refused

D = dt.date
MISSING = 999_999
ID_C = make_id("110101", D(1988, 5, 20), 131)


@pytest.fixture
def person(db: Path) -> Person:
    return ledger.save_person(_person_values())


def test_save_person_with_an_unknown_id_is_refused(person: Person) -> None:
    with _refused() as info:
        ledger.save_person(_person_values(id_number=ID_C, name="李四"), person_id=MISSING)
    assert "不存在" in info.value.message


def test_add_registration_for_an_unknown_person_is_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_registration(MISSING, "2024-01-01")
    assert "人员" in info.value.message and "不存在" in info.value.message


def test_add_recognition_for_an_unknown_person_is_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_recognition(MISSING, "2024-01-01", "大龄")
    assert "不存在" in info.value.message


def test_add_employment_for_an_unknown_person_is_refused(person: Person) -> None:
    with _refused() as info:
        ledger.add_employment(MISSING, "2024-01-01", "灵活就业")
    assert "不存在" in info.value.message


def test_cancel_an_unknown_registration_is_refused(person: Person) -> None:
    with _refused() as info:
        ledger.cancel_registration(MISSING, "2024-02-01", "灵活就业")
    assert "失业登记" in info.value.message and "不存在" in info.value.message


def test_cancel_an_unknown_recognition_is_refused(person: Person) -> None:
    with _refused() as info:
        ledger.cancel_recognition(MISSING, "2024-02-01", "死亡")
    assert "就业困难认定" in info.value.message and "不存在" in info.value.message


def test_a_second_zero_family_recognition_on_the_same_day_is_refused(person: Person) -> None:
    ledger.add_zero_family("H001", "2024-01-01")
    with _refused() as info:
        ledger.add_zero_family("H001", "2024-01-01")
    assert info.value.message == "户 H001 已有 2024-01-01 的零就业家庭认定"


def test_zero_family_without_household_code_says_it_is_empty(person: Person) -> None:
    with _refused() as info:
        ledger.add_zero_family("  ", "2024-01-01")
    assert info.value.message == "户编号不能为空"


def test_cancelling_a_registration_still_refuses_a_bad_reason(person: Person) -> None:
    reg = ledger.add_registration(person.id, "2024-01-01")
    with _refused(ValidationError):
        ledger.cancel_registration(reg.id, "2024-02-01", "")


# ---------------------------------------------------------------------------- months registered


def test_registered_months_text_counts_a_month_end_like_the_indicator(person: Person) -> None:
    # Registered on 31 May; 30 November is six calendar months later (add_months clamps to the month
    # end), as the long-term-unemployed indicator and reminders count it.
    ledger.add_registration(person.id, "2024-05-31")
    texts = groups._status_texts(casework.REGISTERED, [person.id], D(2024, 11, 30))
    assert texts[person.id] == "2024-05-31 登记，已 6 个月"


def test_registered_months_text_before_the_month_end(person: Person) -> None:
    ledger.add_registration(person.id, "2024-05-31")
    texts = groups._status_texts(casework.REGISTERED, [person.id], D(2024, 11, 29))
    assert texts[person.id] == "2024-05-31 登记，已 5 个月"
