"""graduate_placement, graduate_services."""

from fractions import Fraction

from app.assessment.indicators import compute
from tests.app.assessment.indicators.conftest import DAY, FROM, TO, D, Ledger, P

# ---------------------------------------------------------------------------- graduate_placement


def test_nine_of_ten_placed_is_90_percent(lg: Ledger) -> None:
    rows = []
    for i in range(10):
        rows.append(lg.grad(lg.person(), 2024, placed=D(2024, 7, 1) if i < 9 else None, dest="就业"))
    r = compute("graduate_placement", P)
    assert (r.numerator, r.denominator) == (9, 10)
    assert r.value == Fraction(9, 10) and r.value >= Fraction(90, 100)
    assert r.sets["unplaced"] == [rows[9]]
    assert r.set_kinds["G"] == "graduate"


def test_graduates_of_another_year_are_ignored(lg: Ledger) -> None:
    this = lg.grad(lg.person(), 2024)
    lg.grad(lg.person(), 2023, placed=D(2023, 9, 1), dest="就业")
    lg.grad(lg.person(), 2025)
    r = compute("graduate_placement", P)
    assert r.sets["G"] == [this]
    assert r.value == 0


def test_placed_on_to_counts_and_after_does_not(lg: Ledger) -> None:
    on_to = lg.grad(lg.person(), placed=TO, dest="升学")
    after = lg.grad(lg.person(), placed=TO + DAY, dest="就业")
    r = compute("graduate_placement", P)
    assert r.sets["placed"] == [on_to]
    assert r.sets["unplaced"] == [after]


def test_hardship_graduates_need_employed_destinations(lg: Ledger) -> None:
    ok = lg.grad(lg.person(), hardship=True, placed=D(2024, 8, 1), dest="灵活就业")
    study = lg.grad(lg.person(), hardship=True, placed=D(2024, 8, 1), dest="升学")
    lg.grad(lg.person(), hardship=True, wants=False)  # no wish to work: not in G_d
    lg.grad(lg.person(), hardship=False)  # not a hardship graduate
    r = compute("graduate_placement", P)
    assert r.sets["G_d"] == sorted([ok, study])
    assert r.sets["G_d_placed_employed"] == [ok]
    assert r.counts["G_d"] == 2 and r.counts["G_d_placed_employed"] == 1
    assert r.details["all_gd_placed"] is False


def test_hardship_graduate_placed_after_to_is_not_placed(lg: Ledger) -> None:
    lg.grad(lg.person(), hardship=True, placed=TO + DAY, dest="就业")
    r = compute("graduate_placement", P)
    assert r.details["all_gd_placed"] is False
    lg2 = lg.grad(lg.person(), hardship=True, placed=TO, dest="自主创业")
    assert lg2 in compute("graduate_placement", P).sets["G_d_placed_employed"]


def test_all_gd_placed_true(lg: Ledger) -> None:
    lg.grad(lg.person(), hardship=True, placed=D(2024, 6, 30), dest="就业")
    lg.grad(lg.person())
    r = compute("graduate_placement", P)
    assert r.details["all_gd_placed"] is True


def test_no_graduates_is_empty(lg: Ledger) -> None:
    r = compute("graduate_placement", P)
    assert r.value is None and r.details["empty"] is True
    assert r.details["all_gd_placed"] is True
    assert r.counts["G"] == 0


# ---------------------------------------------------------------------------- graduate_services


def _full_services(lg: Ledger, pid: int) -> None:
    lg.service(pid, D(2024, 7, 1), "政策宣介")
    for day in (1, 2, 3):
        lg.service(pid, D(2024, 7, day), "职业指导")
        lg.service(pid, D(2024, 7, day), "岗位推荐")
    lg.service(pid, D(2024, 7, 1), "培训推荐")
    lg.service(pid, D(2024, 7, 1), "档案服务")


def test_complete_services_miss_nothing(lg: Ledger) -> None:
    pid = lg.person()
    lg.grad(pid)
    _full_services(lg, pid)
    r = compute("graduate_services", P)
    assert r.sets["base"] == [pid]
    assert r.counts["missing"] == 0
    assert r.sets["lacking"] == []
    assert r.details["done"][pid] == {
        "政策宣介": 1,
        "职业指导": 3,
        "岗位推荐": 3,
        "培训或见习": 1,
        "档案服务": 1,
    }


def test_nothing_done_misses_all_five(lg: Ledger) -> None:
    pid = lg.person()
    lg.grad(pid)
    r = compute("graduate_services", P)
    assert r.counts["missing"] == 5
    assert r.details["missing"][pid] == {
        "政策宣介": 1,
        "职业指导": 3,
        "岗位推荐": 3,
        "培训或见习": 1,
        "档案服务": 1,
    }


def test_referral_rows_count_as_job_recommendations_and_training_rows_as_training(lg: Ledger) -> None:
    pid = lg.person()
    lg.grad(pid)
    v = lg.vacancy(D(2024, 1, 1))
    lg.service(pid, FROM, "岗位推荐")
    lg.referral(pid, v, D(2024, 2, 1))
    lg.referral(pid, v, TO)
    lg.training(pid, D(2024, 3, 1), kind="就业见习")
    lg.service(pid, D(2024, 3, 1), "政策宣介")
    lg.service(pid, D(2024, 3, 1), "档案服务")
    for day in (2, 3):
        lg.service(pid, D(2024, 3, day), "职业指导")
    r = compute("graduate_services", P)
    assert r.details["done"][pid]["岗位推荐"] == 3
    assert r.details["done"][pid]["培训或见习"] == 1
    assert r.details["missing"] == {pid: {"职业指导": 1}}
    assert r.counts["missing"] == 1


def test_internship_service_counts_and_services_outside_period_do_not(lg: Ledger) -> None:
    pid = lg.person()
    lg.grad(pid)
    _full_services(lg, pid)
    lg.service(pid, FROM - DAY, "政策宣介")
    r = compute("graduate_services", P)
    assert r.counts["missing"] == 0
    other = lg.person()
    lg.grad(other)
    lg.service(other, D(2024, 1, 1), "就业见习推荐")
    lg.service(other, FROM - DAY, "政策宣介")
    lg.service(other, TO + DAY, "档案服务")
    v = lg.vacancy(D(2024, 1, 1))
    lg.referral(other, v, TO + DAY)
    lg.training(other, FROM - DAY)
    r = compute("graduate_services", P)
    assert r.details["missing"][other] == {"政策宣介": 1, "职业指导": 3, "岗位推荐": 3, "档案服务": 1}
    assert r.counts["missing"] == 4
    assert r.details["done"][other]["培训或见习"] == 1


def test_only_unplaced_willing_graduates_of_the_year_are_checked(lg: Ledger) -> None:
    placed, placed_later, unwilling, old = (lg.person() for _ in range(4))
    lg.grad(placed, placed=TO, dest="就业")
    lg.grad(placed_later, placed=TO + DAY, dest="就业")
    lg.grad(unwilling, wants=False)
    lg.grad(old, 2023)
    r = compute("graduate_services", P)
    assert r.sets["base"] == [placed_later]
    assert r.counts["missing"] == 5


def test_no_graduates_to_serve_is_empty(lg: Ledger) -> None:
    r = compute("graduate_services", P)
    assert r.counts["missing"] == 0 and r.details["empty"] is True
