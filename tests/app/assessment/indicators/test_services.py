"""services_of_type, services_total, plans_in_period: records dated in P (inclusive) and the persons."""

import pytest

from app.assessment.indicators import compute
from app.assessment.indicators.services import ONE_KIND_SQL
from app.core.codes import SERVICE_TYPE
from app.core.errors import UserError, ValidationError
from app.core.sql import query
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P


def test_services_of_type_counts_records_and_persons_in_period(lg: Ledger) -> None:
    a, b, c = lg.person(), lg.person(), lg.person()
    lg.service(a, FROM, "政策宣介")
    lg.service(a, TO, "政策宣介")
    lg.service(b, D(2024, 3, 1), "政策宣介")
    lg.service(c, FROM - DAY, "政策宣介")  # before P
    lg.service(c, TO + DAY, "政策宣介")  # after P
    lg.service(c, D(2024, 3, 1), "职业指导")  # another type
    r = compute("services_of_type", P, kind="政策宣介")
    assert r.numerator == 3 and r.counts["services"] == 3
    assert r.sets["persons"] == sorted([a, b]) and r.counts["persons"] == 2
    assert r.set_kinds["persons"] == "person"
    assert r.details["services"] == {a: 2, b: 1}
    assert r.params == {"kind": "政策宣介"}


def test_services_of_type_none_in_period(lg: Ledger) -> None:
    lg.service(lg.person(), FROM - DAY, "帮办失业登记")
    r = compute("services_of_type", P, kind="帮办失业登记")
    assert r.numerator == 0 and r.sets["persons"] == []


@pytest.mark.parametrize("kind", SERVICE_TYPE.values)
def test_services_of_type_accepts_every_service_type(lg: Ledger, kind: str) -> None:
    pid = lg.person()
    lg.service(pid, TO, kind)
    assert compute("services_of_type", P, kind=kind).sets["persons"] == [pid]


@pytest.mark.parametrize("kind", ["政策咨询", "", 3])
def test_services_of_type_refuses_a_kind_outside_the_code_list(lg: Ledger, kind: object) -> None:
    with pytest.raises(ValidationError, match=r"服务类型.*不在可选值内，可选：政策宣介"):
        compute("services_of_type", P, kind=kind)


def test_services_of_type_needs_a_kind(lg: Ledger) -> None:
    with pytest.raises(UserError, match="参数不正确"):
        compute("services_of_type", P)


def test_services_total_counts_every_type(lg: Ledger) -> None:
    a, b, c = lg.person(), lg.person(), lg.person()
    lg.service(a, FROM, "政策宣介")
    lg.service(a, FROM, "职业指导")
    lg.service(b, TO, "其他")
    lg.service(c, FROM - DAY)
    lg.service(c, TO + DAY)
    r = compute("services_total", P)
    assert r.numerator == 3 and r.counts["services"] == 3
    assert r.sets["persons"] == sorted([a, b])
    assert r.details["services"] == {a: 2, b: 1}
    assert r.params == {}


def test_services_total_empty(lg: Ledger) -> None:
    r = compute("services_total", P)
    assert r.numerator == 0 and r.counts["persons"] == 0


def test_plans_in_period_inclusive(lg: Ledger) -> None:
    a, b, c = lg.person(), lg.person(), lg.person()
    lg.plan(a, FROM)
    lg.plan(a, TO)
    lg.plan(b, D(2024, 5, 1))
    lg.plan(c, FROM - DAY)
    lg.plan(c, TO + DAY)
    r = compute("plans_in_period", P)
    assert r.numerator == 3 and r.counts["plans"] == 3
    assert r.sets["persons"] == sorted([a, b]) and r.counts["persons"] == 2


def test_plans_in_period_none(lg: Ledger) -> None:
    lg.plan(lg.person(), FROM - DAY)
    assert compute("plans_in_period", P).numerator == 0


def test_services_of_type_reads_only_its_type_through_the_type_index(lg: Ledger) -> None:
    """One type's services are read through the (kind, person, served_on) index (migration v007): that
    type's rows only, in person order, no temporary B-tree — grouping every type's services sorted them
    all, which grew as n log n at 200,000 persons (issue 17). The plan is SQLite's own choice, without
    statistics (a station's file has none)."""
    lg.service(lg.person(), FROM, "政策宣介")
    plan = [
        str(row[3])
        for row in query(f"EXPLAIN QUERY PLAN {ONE_KIND_SQL}", ("政策宣介", P.start_iso, P.end_iso))
    ]
    assert plan == ["SEARCH service USING COVERING INDEX service_kind_person_id_served_on (kind=?)"], plan


def test_services_of_type_counts_a_persons_records_of_that_type_only(lg: Ledger) -> None:
    a, b = lg.person(), lg.person()
    for day in (FROM, FROM + DAY, TO):
        lg.service(a, day, "政策宣介")
    lg.service(a, FROM, "职业指导")
    lg.service(b, TO, "政策宣介")
    lg.service(b, TO + DAY, "政策宣介")  # after P
    r = compute("services_of_type", P, kind="政策宣介")
    assert r.details["services"] == {a: 3, b: 1}
    assert r.sets["persons"] == sorted([a, b]) and r.numerator == 4
