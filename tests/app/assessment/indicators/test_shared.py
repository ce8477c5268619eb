"""The reads indicators share: the latest registration and recognition per person, classed in SQL as
``registration_class`` / ``recognition_class`` class them in Python, and read once within an assessment."""

from __future__ import annotations

import datetime as dt

import pytest

from app.assessment.indicators import compute
from app.assessment.indicators.services import ONE_KIND_SQL
from app.assessment.indicators.shared import (
    EMPLOYED,
    NON_EMPLOYMENT,
    OPEN,
    SERVICES_BY_KIND_SQL,
    expected_calls,
    latest_recognitions,
    latest_registrations,
    services_by_kind,
    shared_reads,
)
from app.core.codes import DIFFICULTY_CANCEL_REASONS, REGISTRATION_CANCEL_REASONS, CancelClass
from app.core.sql import query
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


def test_services_of_every_type_read_once_give_what_one_type_gives(lg: Ledger) -> None:
    a, b = lg.person(), lg.person()
    lg.service(a, FROM, "职业指导")
    lg.service(a, TO, "职业指导")
    lg.service(b, D(2024, 3, 1), "职业指导")
    lg.service(b, D(2024, 3, 2), "政策宣介")
    lg.service(a, TO + DAY, "政策宣介")
    alone = {k: compute("services_of_type", P, kind=k) for k in ("职业指导", "政策宣介", "档案服务")}
    with shared_reads({"services_of_type": 3}):
        assert expected_calls("services_of_type") == 3
        shared = {k: compute("services_of_type", P, kind=k) for k in ("职业指导", "政策宣介", "档案服务")}
        assert set(services_by_kind(P)) == {"职业指导", "政策宣介"}
    for k, res in alone.items():
        assert (res.sets, res.numerator, res.details) == (
            shared[k].sets,
            shared[k].numerator,
            shared[k].details,
        )
    assert alone["职业指导"].details["services"] == {a: 2, b: 1}
    assert alone["档案服务"].numerator == 0
    assert expected_calls("services_of_type") == 0


def _plan(sql: str, args: tuple[object, ...]) -> list[str]:
    return [str(row[3]) for row in query(f"EXPLAIN QUERY PLAN {sql}", args)]


@pytest.mark.parametrize(
    ("sql", "args"),
    [
        (SERVICES_BY_KIND_SQL, (P.start_iso, P.end_iso)),
        (ONE_KIND_SQL, ("政策宣介", P.start_iso, P.end_iso)),
    ],
    ids=["every type", "one type"],
)
def test_services_by_type_read_the_type_index_without_a_sort(
    lg: Ledger, sql: str, args: tuple[object, ...]
) -> None:
    """The reads of services by type go through the (kind, person, served_on) index, which yields them
    grouped: no temporary B-tree, whose sort grew as n log n at 200,000 persons (issue 17). The plan is
    SQLite's own choice, without statistics (the station's file has none)."""
    lg.service(lg.person(), FROM, "政策宣介")
    plan = _plan(sql, args)
    assert any("COVERING INDEX service_kind_person_id_served_on" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step for step in plan), plan
