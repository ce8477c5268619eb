"""The demo generator: scale, determinism, validity of every generated fact."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import peewee as pw
import pytest

from app.assessment.indicators.registration import long_term_unemployed
from app.core import codes
from app.core.errors import UserError
from app.core.idcard import is_valid_id, parse_id
from app.core.period import Period
from app.core.validators import credit_code, phone
from app.demo.generator import TABLE_TITLES, DemoSummary, generate_demo
from app.register.ledger import Span, overlapping, save_person
from db.connection import close_database, open_database
from db.models import (
    DATA_MODELS,
    Complaint,
    Employer,
    Employment,
    Event,
    Graduate,
    Household,
    Person,
    Recognition,
    Referral,
    Registration,
    Service,
    ServicePlan,
    Staff,
    StationProfile,
    TrainingReferral,
    Vacancy,
    ZeroFamily,
    database,
)

TODAY = dt.date(2025, 3, 15)
LAST = Period(dt.date(2023, 10, 1), dt.date(2024, 9, 30))  # the last completed period on TODAY


@pytest.fixture
def demo(db: Path) -> DemoSummary:
    return generate_demo(persons=600, seed=3, today=TODAY)


def _dump(path: Path, persons: int, seed: int) -> dict[str, list[tuple]]:
    open_database(path)
    try:
        generate_demo(persons=persons, seed=seed, today=TODAY)
        out = {}
        for model in (Person, Registration, Recognition, Employment, Service, Referral, Vacancy, Staff):
            out[model._meta.table_name] = list(model.select().order_by(model.id).tuples())
        return out
    finally:
        close_database()


def test_counts_match_the_tables_and_the_summary_prints_chinese(demo: DemoSummary) -> None:
    assert demo.counts["person"] == Person.select().count() == 600
    for model in DATA_MODELS:
        name = model._meta.table_name
        if name in demo.counts:
            assert demo.counts[name] == model.select().count(), name
    lines = demo.lines()
    assert "人员：600" in lines
    assert all(line.split("：")[0] in TABLE_TITLES.values() for line in lines)


@pytest.mark.parametrize("persons", [400, 1600])
def test_counts_scale_with_persons(db: Path, persons: int) -> None:
    counts = generate_demo(persons=persons, seed=1, today=TODAY).counts
    assert counts["person"] == persons
    assert persons / 3.3 <= counts["household"] <= persons / 2.4
    assert counts["employer"] == round(persons / 16)
    assert counts["vacancy"] == round(persons / 6)
    assert counts["service"] == persons * 4
    assert counts["referral"] == round(persons * 0.4)
    assert 0.04 * persons <= counts["registration"] <= 0.065 * persons
    assert 0.01 * persons <= counts["recognition"] <= 0.02 * persons
    assert counts["graduate"] == round(persons * 0.01)
    assert counts["zero_family"] >= 1
    assert counts["staff"] == 3


def test_same_seed_gives_the_same_data_and_another_seed_does_not(tmp_path: Path) -> None:
    a = _dump(tmp_path / "a.sqlite", 300, 5)
    b = _dump(tmp_path / "b.sqlite", 300, 5)
    c = _dump(tmp_path / "c.sqlite", 300, 6)
    # created_at/updated_at are the generation stamp derived from `today`, so everything compares.
    assert a == b
    assert a["person"] != c["person"]


def test_fifty_persons_work(db: Path) -> None:
    counts = generate_demo(persons=50, seed=1, today=TODAY).counts
    assert counts["person"] == 50
    assert Vacancy.select(Vacancy.kind).distinct().count() == 4
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []


def test_one_person_works(db: Path) -> None:
    assert generate_demo(persons=1, seed=1, today=TODAY).counts["person"] == 1


@pytest.mark.parametrize("persons", [0, -5, 10_000_000])
def test_person_count_out_of_range_is_refused(db: Path, persons: int) -> None:
    with pytest.raises(UserError, match="演示人数"):
        generate_demo(persons=persons)
    assert Person.select().count() == 0


def test_refuses_a_database_that_already_has_persons(db: Path) -> None:
    save_person({"id_number": "11010519491231002X", "name": "张三", "employment_status": "未就业",
                 "survey_date": "2024-05-01"})  # fmt: skip
    with pytest.raises(UserError, match="已有数据"):
        generate_demo(persons=50, today=TODAY)
    assert Person.select().count() == 1
    assert Service.select().count() == 0


def test_every_id_number_is_valid_and_matches_gender_and_birth(demo: DemoSummary) -> None:
    rows = list(Person.select(Person.id_number, Person.gender, Person.birth_date).tuples())
    assert len({r[0] for r in rows}) == len(rows)
    for number, gender, birth in rows:
        info = parse_id(number)
        assert info.gender == gender and info.birth_date == birth
    assert all(is_valid_id(s.id_number) for s in Staff.select())


def test_codes_phones_and_credit_codes_are_valid(demo: DemoSummary) -> None:
    for p in Person.select():
        assert p.employment_status in codes.EMPLOYMENT_STATUS
        assert p.relation in codes.RELATION
        assert p.education in codes.EDUCATION
        assert p.labor_ability in codes.LABOR_ABILITY
        assert p.hukou_type in codes.HUKOU
        assert phone(p.phone) == p.phone
        assert 2 <= len(p.name) <= 30
    for e in Employer.select():
        assert credit_code(e.credit_code) == e.credit_code
        assert e.kind in codes.EMPLOYER_TYPE
    assert {s.kind for s in Service.select()} <= set(codes.SERVICE_TYPE.values)
    assert {r.outcome for r in Referral.select()} <= set(codes.REFERRAL_OUTCOME.values)
    assert {e.form for e in Employment.select()} <= set(codes.EMPLOYMENT_FORM.values)
    for r in Registration.select():
        assert (r.cancelled_on is None) == (r.cancel_reason == "")
        assert r.cancel_reason == "" or r.cancel_reason in codes.REGISTRATION_CANCEL
        assert not r.personal_reason or r.exclusion_note
    for r in Recognition.select():
        assert (r.cancelled_on is None) == (r.cancel_reason == "")
        assert r.cancel_reason == "" or r.cancel_reason in codes.DIFFICULTY_CANCEL
        assert all(c in codes.DIFFICULTY_CATEGORIES for c in codes.split_categories(r.categories))
        assert r.level in codes.SERVICE_LEVEL


def test_households_have_one_head_and_share_address_and_grid(demo: DemoSummary) -> None:
    members: dict[int, list[Person]] = defaultdict(list)
    for p in Person.select():
        members[p.household_id].append(p)
    assert len(members) == Household.select().count()
    for group in members.values():
        assert 1 <= len(group) <= 6
        assert sum(p.relation == "户主" for p in group) == 1
        assert len({p.address for p in group}) == 1
        assert len({p.grid for p in group}) == 1


def test_no_overlapping_registrations_or_recognitions(db: Path) -> None:
    generate_demo(persons=3000, seed=2, today=TODAY)
    for model, start, end in (
        (Registration, "registered_on", "cancelled_on"),
        (Recognition, "recognized_on", "cancelled_on"),
    ):
        spans: dict[int, list[Span]] = defaultdict(list)
        for row in model.select():
            s, e = getattr(row, start), getattr(row, end)
            assert e is None or e >= s
            spans[row.person_id].append(Span(s, e))
        for person_spans in spans.values():
            assert overlapping(person_spans) == []
            assert sum(s.end is None for s in person_spans) <= 1


def test_referential_integrity(demo: DemoSummary) -> None:
    assert database.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_no_date_lies_after_today(demo: DemoSummary) -> None:
    # 有效期至 of a posting still open is an expiry date: the one date that is in the future by nature.
    for model in DATA_MODELS:
        for f in model._meta.sorted_fields:
            if isinstance(f, pw.DateField) and f is not Vacancy.valid_until:
                latest = model.select(pw.fn.MAX(f)).scalar()
                assert latest is None or dt.date.fromisoformat(str(latest)) <= TODAY, (model, f.name)
    assert Registration.select(pw.fn.MIN(Registration.registered_on)).scalar() >= dt.date(2022, 3, 15)
    assert Vacancy.select().where(Vacancy.valid_until > TODAY).exists()
    assert not Vacancy.select().where(Vacancy.valid_until < Vacancy.collected_on).exists()


def test_histories_have_the_shapes_the_standards_count(db: Path) -> None:
    generate_demo(persons=4000, seed=1, today=TODAY)
    reasons = {r.cancel_reason for r in Registration.select()}
    classes = {codes.REGISTRATION_CANCEL_REASONS[r] for r in reasons if r}
    assert classes == set(codes.CancelClass)
    assert Registration.select().where(Registration.cancelled_on.is_null()).count() > 0
    # Nobody unemployed for a year at the end of the last completed period (2023-10-01..2024-09-30).
    assert long_term_unemployed(LAST, 12).met is True
    assert Registration.select().where(Registration.personal_reason).count() >= 1
    # Every cancellation as employed has the employment record of that day.
    for r in Registration.select().where(
        Registration.cancel_reason.in_(list(codes.REGISTRATION_CANCEL_FOR_FORM.values()))
    ):
        assert (
            Employment.select()
            .where(Employment.person == r.person_id, Employment.started_on == r.cancelled_on)
            .exists()
        )
    rec_reasons = {r.cancel_reason for r in Recognition.select()}
    assert codes.DIFFICULTY_CANCEL_EMPLOYED in rec_reasons
    assert len(rec_reasons - {"", codes.DIFFICULTY_CANCEL_EMPLOYED}) >= 2
    # Plans: most difficulty persons have one within 30 days, a few are late.
    timely = late = 0
    for rec in Recognition.select():
        deadline = rec.recognized_on + dt.timedelta(days=30)
        if deadline > TODAY:
            continue
        ok = (
            ServicePlan.select()
            .where(ServicePlan.person == rec.person_id, ServicePlan.made_on <= deadline)
            .exists()
        )
        timely += ok
        late += not ok
    assert timely > 5 * late > 0
    # Zero-employment families: 3 + one per 5,000 persons.
    assert ZeroFamily.select().count() == 3
    # Graduates of the last two completed assessment years (the 2025 class has not left yet).
    graduates = {g.grad_year for g in Graduate.select()}
    assert graduates == {2023, 2024}
    assert Graduate.select().where(Graduate.placed_on.is_null(False)).count() > 0
    missing = (Vacancy.hours == "") | (Vacancy.pay_text == "") | (Vacancy.contact == "")
    assert Vacancy.select().where(missing | (Vacancy.phone == "") | (Vacancy.requirements == "")).exists()
    assert Vacancy.select().where(Vacancy.valid_until < TODAY, Vacancy.status == "招聘中").exists()
    assert Referral.select().where(Referral.followed_up_on.is_null(False)).exists()
    assert TrainingReferral.select().where(TrainingReferral.result == "已结业").exists()
    assert Complaint.select().where(Complaint.valid).exists()
    assert {e.kind for e in Event.select()} == set(codes.EVENT_TYPE.values)


def test_zero_families_mostly_cleared_within_a_month_and_one_late(db: Path) -> None:
    from app.core.dates import add_months

    generate_demo(persons=20000, seed=4, today=TODAY)
    families = list(ZeroFamily.select())
    assert len(families) == 7
    late = pending = timely = 0
    for z in families:
        cleared = z.cleared_on
        if cleared is None:
            ids = [p.id for p in Person.select().where(Person.household == z.household_id)]
            first = (
                Employment.select(pw.fn.MIN(Employment.started_on))
                .where(Employment.person.in_(ids), Employment.started_on >= z.recognized_on)
                .scalar()
            )
            cleared = first
        if cleared is None:
            pending += 1
        elif cleared > add_months(z.recognized_on, 1):
            late += 1
        else:
            timely += 1
    assert (late, pending, timely) == (1, 1, 5)


def test_staff_and_station_profile(demo: DemoSummary) -> None:
    staff = list(Staff.select())
    assert {s.nature for s in staff} == {"专职", "兼职"}
    assert any(s.nature == "专职" and s.started_service_on <= dt.date(2020, 3, 15) for s in staff)
    profile = StationProfile.get_by_id(1)
    assert profile.kind in codes.STATION_KIND
    assert "演示数据" in profile.note
    assert profile.working_age_population > 0


def test_the_ledger_importer_accepts_an_export_of_the_demo(db: Path, tmp_path: Path) -> None:
    workbook = pytest.importorskip("app.workbook")
    generate_demo(persons=300, seed=9, today=dt.date.today())
    path = tmp_path / "demo.xlsx"
    workbook.export_workbook(path)
    report = workbook.validate_workbook(path)
    assert report.problems == []


# ---------------------------------------------------------------------------- a believable station

GZ = "guangzhou-full-employment-2024"


def _score(today: dt.date) -> dict[str, object]:
    from app.assessment.scoring import assess
    from app.assessment.standards import get_standard

    std = get_standard(GZ)
    ps = dt.date(today.year if today.month >= 10 else today.year - 1, 10, 1)
    last = Period(dt.date(ps.year - 1, 10, 1), ps - dt.timedelta(days=1))
    return assess(std, last).to_json_dict()


def _items(data: dict[str, object]) -> dict[str, dict[str, object]]:
    items = data["items"]
    assert isinstance(items, list)
    return {it["id"]: it for it in items}


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("today", [dt.date(2026, 11, 22), dt.date(2025, 3, 15), dt.date(2024, 10, 3)])
def test_the_last_full_period_scores_like_a_decent_station(db: Path, seed: int, today: dt.date) -> None:
    from app.assessment.indicators.difficulty import difficulty_employment_rate
    from app.assessment.indicators.registration import reemployment_rate

    generate_demo(persons=2000, seed=seed, today=today)
    data = _score(today)
    items = _items(data)
    period = data["period"]
    assert isinstance(period, dict)
    last = Period(dt.date.fromisoformat(period["from"]), dt.date.fromisoformat(period["to"]))
    assert last.end < today and (today - last.end).days <= 366
    reemployment = reemployment_rate(last).value
    difficulty = difficulty_employment_rate(last).value
    assert reemployment is not None and 0.75 <= reemployment <= 0.95
    assert difficulty is not None and 0.75 <= difficulty < 0.90
    assert items["1.1"]["points"] in (5, 6, 7)
    assert items["1.2"]["points"] == 6  # most graduates placed, the hard-up ones in work
    # 1.3 also counts difficulty persons whose 失业登记 was cancelled as employed (the Guangzhou seed's
    # “……或就业情形注销失业登记的人数”), so it scores above the recognitions-only rate above.
    assert items["1.3"]["points"] in (3, 4, 5, 6)
    assert items["1.4"]["points"] == 0  # one family visibly cleared late
    assert items["1.5"]["points"] == 5
    assert 1 <= items["3.5"]["points"] <= 4  # a couple of late plans, a handful of missed months
    assert items["3.6"]["points"] in (3, 5)
    assert items["3.7"]["points"] in (3, 4)  # one person a service short
    auto = sum(it["points"] for it in items.values() if it["mode"] == "auto" and not it["id"].startswith("B"))
    manual_max = sum(
        it["max"] for it in items.values() if it["mode"] != "auto" and not it["id"].startswith("B")
    )
    # With the manual and assisted items answered in full the base total is realistic.
    assert 75 <= auto + manual_max <= 88


def test_the_gap_list_names_the_late_family_and_the_short_graduate(db: Path) -> None:
    from app.assessment.scoring import assess, gaps
    from app.assessment.standards import get_standard

    today = dt.date(2026, 11, 22)
    generate_demo(persons=2000, seed=1, today=today)
    result = assess(get_standard(GZ), Period(dt.date(2025, 10, 1), dt.date(2026, 9, 30)))
    lost = {g.item_id for g in gaps(result)}
    assert {"1.4", "3.5", "3.7"} <= lost


@pytest.mark.parametrize("seed", [1, 2])
def test_todays_to_do_list_has_a_few_dozen_lines(db: Path, seed: int) -> None:
    from app.workbench import reminders

    today = dt.date(2026, 11, 22)
    generate_demo(persons=2000, seed=seed, today=today)
    items = reminders.todo_list(today)
    assert 15 <= len(items) <= 60
    rules = {i.rule for i in items}
    assert {reminders.ZERO_FAMILY, reminders.REFERRAL_FOLLOW_UP, reminders.VACANCY_EXPIRED} <= rules
    assert {reminders.SURVEY_OUTDATED, reminders.SIX_CLEAR} <= rules


def test_a_town_keeps_the_rates_in_band(db: Path) -> None:
    from app.assessment.indicators.difficulty import difficulty_employment_rate
    from app.assessment.indicators.registration import reemployment_rate

    today = dt.date(2026, 11, 22)
    generate_demo(persons=12000, seed=7, today=today)
    last = Period(dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    reemployment = reemployment_rate(last).value
    difficulty = difficulty_employment_rate(last).value
    assert reemployment is not None and 0.80 <= reemployment < 0.90
    assert difficulty is not None and 0.80 <= difficulty < 0.90


def test_some_village_posts_lie_in_a_grid_of_the_village(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """So that matching's “同一网格” reason shows on the demo."""
    from app.demo.generator import generate_demo
    from db.connection import close_database, open_database
    from db.models import Person, Vacancy

    open_database(tmp_path / "d.sqlite")
    try:
        generate_demo(persons=300, seed=1, today=dt.date(2026, 11, 22))
        grids = {g for (g,) in Person.select(Person.grid).distinct().tuples()}
        locations = [loc for (loc,) in Vacancy.select(Vacancy.location).tuples()]
        in_grid = [loc for loc in locations if any(g in loc for g in grids)]
        assert in_grid
    finally:
        close_database()


def test_nobody_hired_through_a_referral_stays_registered_unemployed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A referral ending in 已录用 is followed by employment: no open registration or recognition
    started before the hire is still open afterwards."""
    from app.demo.generator import generate_demo
    from db.connection import close_database, open_database
    from db.models import Recognition, Referral, Registration

    open_database(tmp_path / "d.sqlite")
    try:
        generate_demo(persons=2000, seed=1, today=dt.date(2026, 11, 22))
        hired = {
            (pid, day)
            for pid, day in Referral.select(Referral.person, Referral.referred_on)
            .where(Referral.outcome == "已录用")
            .tuples()
        }
        assert hired
        for model, start in (
            (Registration, Registration.registered_on),
            (Recognition, Recognition.recognized_on),
        ):
            open_rows = model.select(model.person, start).where(model.cancelled_on.is_null()).tuples()
            clash = [(pid, s) for pid, s in open_rows for hp, day in hired if hp == pid and s <= day]
            assert clash == []
    finally:
        close_database()


def test_the_demo_station_has_a_valid_area_code_so_it_can_report_upward(demo: DemoSummary) -> None:
    from app.station.profile import get_profile, parse_area_code
    from app.upward.builder import station_identity

    code = get_profile().area_code
    assert parse_area_code(code) == code
    assert station_identity()["code"] == code


def test_the_real_ledger_columns_are_filled_from_their_lists(demo: DemoSummary) -> None:
    """Issue 13 item 5: every coded value is in its list, 参保情况 is stored canonical, and most people have
    the facts a real ledger carries."""
    from app.core import fields
    from db.models import JobSeeking

    insurance = fields.code_set(codes.INSURANCE, alone=(codes.INSURANCE_NONE,))
    people = list(Person.select())
    for p in people:
        assert p.hukou_nature in codes.HUKOU_NATURE and p.ethnicity in codes.ETHNICITY
        assert p.skill_level in codes.SKILL_LEVEL and (p.certificate == "") == (p.skill_level == "无")
        assert p.veteran in (True, False) and insurance(p.insurance) == p.insurance
    assert sum(p.ethnicity == "汉族" for p in people) > len(people) * 0.8
    assert {p.hukou_nature for p in people} == {"城镇", "农村"}
    assert any(p.employment_card for p in people) and any(p.person_category for p in people)
    for reg in Registration.select():
        assert reg.prior_status in codes.PRIOR_STATUS and reg.unemployed_on <= reg.registered_on
    for e in Employment.select():
        assert e.employment_type in codes.EMPLOYMENT_TYPE and e.channel in codes.EMPLOYMENT_CHANNEL
        assert e.industry in codes.INDUSTRY and credit_code(e.credit_code) == e.credit_code
        assert (e.contract_term != "") == (e.contract is True) and e.position
    seekings = list(JobSeeking.select())
    assert seekings and all(s.area in codes.JOB_AREA and s.work_form in codes.WORK_FORM for s in seekings)
    # The Guangzhou 3.4 proposal has something to go on in the last completed period.
    assert any(LAST.start <= s.registered_on <= LAST.end for s in seekings)
