"""Builders for tiny hand-made ledgers: rows are inserted directly with the models."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.assessment.indicators import Period
from db.models import (
    Employer,
    Employment,
    Graduate,
    Household,
    JobSeeking,
    Person,
    Recognition,
    Referral,
    Registration,
    Service,
    ServicePlan,
    Setting,
    Staff,
    StationProfile,
    TrainingReferral,
    Vacancy,
    ZeroFamily,
)

D = dt.date
# The Guangzhou default period used by most tests: 2023-10-01 .. 2024-09-30.
P = Period.guangzhou_default(2024)
FROM = P.start
TO = P.end
DAY = dt.timedelta(days=1)
BIRTH = D(1990, 1, 1)


class Ledger:
    """Row builders; every method returns the new row's id."""

    def __init__(self) -> None:
        self._n = 0

    def _next(self) -> int:
        self._n += 1
        return self._n

    def person(
        self,
        *,
        gender: str = "男",
        birth: dt.date = BIRTH,
        household: int | None = None,
        wants_work: bool | None = True,
        training_need: bool | None = None,
        labor_ability: str = "完全劳动能力",
        female_retire_base: int | None = None,
    ) -> int:
        n = self._next()
        return Person.create(
            id_number=f"T{n:017d}",
            name=f"测试{n}",
            gender=gender,
            birth_date=birth,
            household=household,
            employment_status="未就业",
            labor_ability=labor_ability,
            wants_work=wants_work,
            training_need=training_need,
            survey_date=D(2024, 1, 1),
            female_retire_base=female_retire_base,
        ).id

    def persons(self, k: int, **kw: Any) -> list[int]:
        return [self.person(**kw) for _ in range(k)]

    def reg(
        self,
        pid: int,
        on: dt.date,
        cancelled: dt.date | None = None,
        reason: str = "",
        personal: bool = False,
    ) -> int:
        return Registration.create(
            person=pid,
            registered_on=on,
            cancelled_on=cancelled,
            cancel_reason=reason,
            personal_reason=personal,
        ).id

    def rec(self, pid: int, on: dt.date, cancelled: dt.date | None = None, reason: str = "") -> int:
        return Recognition.create(
            person=pid, recognized_on=on, categories="大龄", cancelled_on=cancelled, cancel_reason=reason
        ).id

    def emp(self, pid: int, on: dt.date, form: str = "单位就业") -> int:
        return Employment.create(person=pid, started_on=on, form=form).id

    def household(self) -> int:
        return Household.create(code=f"H{self._next()}").id

    def zero(self, hid: int, on: dt.date, cleared: dt.date | None = None) -> int:
        return ZeroFamily.create(household=hid, recognized_on=on, cleared_on=cleared).id

    def grad(
        self,
        pid: int,
        year: int = 2024,
        *,
        hardship: bool = False,
        wants: bool = True,
        placed: dt.date | None = None,
        dest: str = "",
    ) -> int:
        return Graduate.create(
            person=pid,
            grad_year=year,
            hardship=hardship,
            wants_work=wants,
            placed_on=placed,
            destination=dest,
        ).id

    def plan(self, pid: int, on: dt.date) -> int:
        return ServicePlan.create(person=pid, made_on=on, goal="就业", measures="推荐岗位").id

    def service(self, pid: int, on: dt.date, kind: str = "跟踪回访") -> int:
        return Service.create(person=pid, served_on=on, kind=kind, content="服务").id

    def vacancy(
        self,
        collected: dt.date,
        *,
        kind: str = "全日制",
        headcount: int = 1,
        channels: str = "公告栏",
        hours: str = "8:30-17:30",
        requirements: str = "高中以上",
        pay_text: str = "4500元/月",
        contact: str = "王经理",
        phone: str = "13800000000",
        method: str = "",
    ) -> int:
        employer, _ = Employer.get_or_create(name="测试单位")
        return Vacancy.create(
            code=f"V{self._next()}",
            employer=employer,
            title="岗位",
            kind=kind,
            headcount=headcount,
            hours=hours,
            requirements=requirements,
            pay_text=pay_text,
            contact=contact,
            phone=phone,
            collected_on=collected,
            collect_method=method,
            channels=channels,
        ).id

    def referral(
        self, pid: int, vid: int, on: dt.date, followed: dt.date | None = None, outcome: str = "待反馈"
    ) -> int:
        return Referral.create(
            person=pid, vacancy=vid, referred_on=on, followed_up_on=followed, outcome=outcome
        ).id

    def seeking(self, pid: int, on: dt.date) -> int:
        """A 求职登记 of ``pid`` on ``on``."""
        return JobSeeking.create(person=pid, registered_on=on, intention="保洁").id

    def training(
        self,
        pid: int,
        on: dt.date,
        kind: str = "职业技能培训",
        result: str = "已报名",
        completed: dt.date | None = None,
    ) -> int:
        return TrainingReferral.create(
            person=pid,
            referred_on=on,
            kind=kind,
            program=f"项目{self._next()}",
            result=result,
            completed_on=completed,
        ).id

    def staff(self, nature: str = "专职", started: dt.date | None = None) -> int:
        return Staff.create(name=f"工作人员{self._next()}", nature=nature, started_service_on=started).id

    def setting(self, key: str, value: str) -> None:
        Setting.insert(key=key, value=value).on_conflict_replace().execute()

    def profile(self, working_age_population: int | None = None, **fields: Any) -> None:
        """The station profile row (replaced whole: fields not given are reset)."""
        StationProfile.insert(
            id=1, working_age_population=working_age_population, **fields
        ).on_conflict_replace().execute()


@pytest.fixture
def lg(db: Path) -> Iterator[Ledger]:
    yield Ledger()
