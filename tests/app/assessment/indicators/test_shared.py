"""The reads indicators share: the latest registration and recognition per person, classed in SQL as
``registration_class`` / ``recognition_class`` class them in Python, and read once within an assessment."""

from __future__ import annotations

import datetime as dt

import pytest

from app.assessment.indicators.shared import (
    EMPLOYED,
    NON_EMPLOYMENT,
    OPEN,
    latest_recognitions,
    latest_registrations,
    shared_reads,
)
from app.core.codes import DIFFICULTY_CANCEL_REASONS, REGISTRATION_CANCEL_REASONS, CancelClass
from app.register.active import recognition_class, registration_class
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P

CODE = {CancelClass.EMPLOYED: EMPLOYED, CancelClass.NON_EMPLOYMENT: NON_EMPLOYMENT, CancelClass.KEPT: OPEN}
# Each reason as stored, padded as a careless import might have left it, and reasons in no list.
PADDINGS = ("{}", " {} ", "\u3000{}\u00a0", "\t{}\n")
UNKNOWN = ("", "   ", "调动", "(五)实现就业创业", "\u200b灵活就业")


def _reasons(known: dict[str, CancelClass]) -> list[str]:
    return [pad.format(r) for r in known for pad in PADDINGS] + list(UNKNOWN)


def test_registration_classes_in_sql_match_registration_class(lg: Ledger) -> None:
    reasons = _reasons(REGISTRATION_CANCEL_REASONS)
    pids = [lg.person() for _ in reasons]
    for pid, reason in zip(pids, reasons, strict=True):
        lg.reg(pid, D(2023, 1, 1), D(2024, 3, 1), reason)
    got = {pid: ended for pid, _start, _personal, ended in latest_registrations(P)}
    assert got == {pid: CODE[registration_class(reason)] for pid, reason in zip(pids, reasons, strict=True)}


def test_recognition_classes_in_sql_match_recognition_class(lg: Ledger) -> None:
    reasons = _reasons(DIFFICULTY_CANCEL_REASONS)
    pids = [lg.person() for _ in reasons]
    for pid, reason in zip(pids, reasons, strict=True):
        lg.rec(pid, D(2023, 1, 1), D(2024, 3, 1), reason)
    got = {pid: ended for pid, _start, _personal, ended in latest_recognitions(P)}
    assert got == {pid: CODE[recognition_class(reason)] for pid, reason in zip(pids, reasons, strict=True)}


@pytest.mark.parametrize(
    ("cancelled", "ended"),
    [(None, OPEN), (FROM, EMPLOYED), (TO, EMPLOYED), (TO + DAY, OPEN)],
)
def test_a_cancellation_counts_only_inside_the_period(
    lg: Ledger, cancelled: dt.date | None, ended: int
) -> None:
    pid = lg.person()
    lg.reg(pid, D(2023, 1, 1), cancelled, "灵活就业")
    lg.rec(pid, D(2023, 1, 1), cancelled, "(五) 实现就业创业")
    assert [row[3] for row in latest_registrations(P)] == [ended]
    assert [row[3] for row in latest_recognitions(P)] == [ended]


def test_the_latest_row_per_person_decides(lg: Ledger) -> None:
    pid = lg.person()
    lg.reg(pid, D(2023, 11, 1), D(2024, 1, 1), "灵活就业")
    lg.reg(pid, D(2024, 5, 1), personal=True)
    assert latest_registrations(P) == [(pid, "2024-05-01", 1, OPEN)]


def test_reads_are_shared_within_a_scope_only(lg: Ledger) -> None:
    pid = lg.person()
    lg.reg(pid, D(2024, 1, 1))
    with shared_reads():
        first = latest_registrations(P)
        lg.reg(lg.person(), D(2024, 2, 1))
        assert latest_registrations(P) is first  # one read per period inside the scope
        assert len(latest_registrations(P)) == 1
    assert len(latest_registrations(P)) == 2  # outside: the database as it is
