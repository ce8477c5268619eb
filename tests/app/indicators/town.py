"""A synthetic town for the speed check: 50,000 persons and 200,000 services inserted with raw
``insert_many`` (reproducible: a fixed random seed)."""

from __future__ import annotations

import datetime as dt
import random

from db.models import (
    Employer,
    Employment,
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

SERVICE_KINDS = ("政策宣介", "职业指导", "岗位推荐", "培训推荐", "跟踪回访", "上门走访", "档案服务")
REG_REASONS = ("被用人单位录用", "灵活就业", "入学", "连续6个月未联系", "死亡")
REC_REASONS = (
    "(五) 实现就业创业",
    "(六) 零就业家庭已有成员就业",
    "(一) 享受基本养老保险待遇或达到法定退休年龄",
)


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _bulk(model: type, rows: list[tuple], fields: list) -> None:
    for i in range(0, len(rows), 5000):
        model.insert_many(rows[i : i + 5000], fields=fields).execute()


def build_town(persons: int = 50_000, services: int = 200_000, seed: int = 7) -> None:
    rng = random.Random(seed)
    start, end = dt.date(2022, 1, 1), dt.date(2024, 12, 31)
    now = dt.datetime(2024, 10, 1)
    with database.atomic():
        households = persons // 3
        _bulk(Household, [(f"H{i:06d}", "") for i in range(households)], [Household.code, Household.address])
        rows = []
        for i in range(persons):
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 60))
            rows.append(
                (
                    f"P{i:017d}", f"居民{i}", rng.choice("男女"), birth, i % households + 1, "完全劳动能力",
                    rng.choice(("未就业", "单位就业", "灵活就业")), rng.random() < 0.6, rng.random() < 0.2,
                    _day(rng, start, end), rng.choice((None, 50, 55)), now, now,
                )
            )  # fmt: skip
        _bulk(
            Person,
            rows,
            [
                Person.id_number, Person.name, Person.gender, Person.birth_date, Person.household,
                Person.labor_ability, Person.employment_status, Person.wants_work, Person.training_need,
                Person.survey_date, Person.female_retire_base, Person.created_at, Person.updated_at,
            ],
        )  # fmt: skip
        reg_people = rng.sample(range(1, persons + 1), persons // 8)
        regs = []
        for pid in reg_people:
            on = _day(rng, start, dt.date(2024, 9, 1))
            cancelled = on + dt.timedelta(days=rng.randint(20, 500)) if rng.random() < 0.6 else None
            reason = rng.choice(REG_REASONS) if cancelled else ""
            regs.append((pid, on, cancelled, reason, rng.random() < 0.02, ""))
        _bulk(
            Registration,
            regs,
            [
                Registration.person, Registration.registered_on, Registration.cancelled_on,
                Registration.cancel_reason, Registration.personal_reason, Registration.exclusion_note,
            ],
        )  # fmt: skip
        rec_people = reg_people[: persons // 30]
        recs = []
        for pid in rec_people:
            on = _day(rng, start, dt.date(2024, 9, 1))
            cancelled = on + dt.timedelta(days=rng.randint(30, 600)) if rng.random() < 0.5 else None
            recs.append((pid, on, "大龄", cancelled, rng.choice(REC_REASONS) if cancelled else ""))
        _bulk(
            Recognition,
            recs,
            [
                Recognition.person, Recognition.recognized_on, Recognition.categories,
                Recognition.cancelled_on, Recognition.cancel_reason,
            ],
        )  # fmt: skip
        _bulk(
            ServicePlan,
            [(pid, on + dt.timedelta(days=rng.randint(0, 45)), "目标", "措施") for pid, on, *_ in recs],
            [ServicePlan.person, ServicePlan.made_on, ServicePlan.goal, ServicePlan.measures],
        )
        emps = {(rng.randint(1, persons), _day(rng, start, end)) for _ in range(persons // 10)}
        _bulk(
            Employment,
            [(pid, on, "单位就业", "") for pid, on in emps],
            [Employment.person, Employment.started_on, Employment.form, Employment.employer],
        )
        _bulk(
            ZeroFamily,
            [(hid, _day(rng, start, end), None) for hid in rng.sample(range(1, households + 1), 120)],
            [ZeroFamily.household, ZeroFamily.recognized_on, ZeroFamily.cleared_on],
        )
        grads = rng.sample(range(1, persons + 1), 400)
        _bulk(
            Graduate,
            [
                (pid, rng.choice((2023, 2024)), rng.random() < 0.1, True,
                 dt.date(2024, 8, 1) if rng.random() < 0.8 else None, "就业")
                for pid in grads
            ],
            [
                Graduate.person, Graduate.grad_year, Graduate.hardship, Graduate.wants_work,
                Graduate.placed_on, Graduate.destination,
            ],
        )  # fmt: skip
        # Services: weighted towards registered / recognised persons.
        hot = reg_people + rec_people * 4
        svc: set[tuple[int, dt.date, str]] = set()
        while len(svc) < services:
            pid = rng.choice(hot) if rng.random() < 0.7 else rng.randint(1, persons)
            svc.add((pid, _day(rng, start, end), rng.choice(SERVICE_KINDS)))
        _bulk(
            Service,
            [(pid, on, kind, "", "服务", "", "") for pid, on, kind in svc],
            [Service.person, Service.served_on, Service.kind, Service.mode, Service.content, Service.result,
             Service.staff],
        )  # fmt: skip
        employer = Employer.create(name="合成单位")
        vac = []
        for i in range(800):
            vac.append(
                (f"V{i:05d}", employer.id, "岗位", rng.choice(("全日制", "公益性岗位")), rng.randint(1, 5),
                 "8-17", "", "4000", "", "", "", _day(rng, start, end), "", rng.choice(("", "公告栏")),
                 "招聘中")
            )  # fmt: skip
        _bulk(
            Vacancy,
            vac,
            [
                Vacancy.code, Vacancy.employer, Vacancy.title, Vacancy.kind, Vacancy.headcount, Vacancy.hours,
                Vacancy.requirements, Vacancy.pay_text, Vacancy.contact, Vacancy.phone, Vacancy.location,
                Vacancy.collected_on, Vacancy.collect_method, Vacancy.channels, Vacancy.status,
            ],
        )  # fmt: skip
        refs = {(rng.choice(reg_people), rng.randint(1, 800), _day(rng, start, end)) for _ in range(5000)}
        _bulk(
            Referral,
            [(p, v, on, "待反馈", on + dt.timedelta(days=7) if rng.random() < 0.5 else None, "")
             for p, v, on in refs],
            [Referral.person, Referral.vacancy, Referral.referred_on, Referral.outcome,
             Referral.followed_up_on, Referral.note],
        )  # fmt: skip
        trs = {
            (rng.randint(1, persons), _day(rng, start, end), f"项目{rng.randint(1, 30)}") for _ in range(4000)
        }
        _bulk(
            TrainingReferral,
            [
                (p, on, rng.choice(("职业技能培训", "创业培训")), prog, "已结业",
                 on + dt.timedelta(days=30))
                for p, on, prog in trs
            ],
            [TrainingReferral.person, TrainingReferral.referred_on, TrainingReferral.kind,
             TrainingReferral.program, TrainingReferral.result, TrainingReferral.completed_on],
        )  # fmt: skip
        for i in range(6):
            Staff.create(name=f"员工{i}", nature="专职", started_service_on=dt.date(2015 + i, 3, 1))
        StationProfile.insert(id=1, working_age_population=40_000).on_conflict_replace().execute()
    database.execute_sql("ANALYZE")
