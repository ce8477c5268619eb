"""Job referrals (推荐记录), their outcome and the follow-up call (回访).

A hire proposes what follows through :mod:`app.register.start_work`, the one owner of the consequences of
someone starting work (the person form and the case-work page use the same functions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

import peewee as pw

from app.core import codes, validators
from app.core.dates import parse_date
from app.core.errors import ValidationError
from app.core.idcard import mask_id
from app.jobs.vacancies import is_expired, tuples
from app.register import start_work
from db.models import Employer, Person, Recognition, Referral, Registration, Vacancy, database

# Vacancy kind -> 就业形式 of the employment record a hire creates.
FORM_FOR_VACANCY_KIND = {
    "全日制": "单位就业",
    "非全日制": "灵活就业",
    "零工": "灵活就业",
    "公益性岗位": "公益性岗位",
}
FOLLOW_UP_DAYS = 14
HIRED = "已录用"

CLOSED_WARNING = "该岗位已关闭/已过有效期，确需推荐请勾选‘仍然推荐’"


class ClosedVacancyWarning(ValidationError):
    """Referral to a closed or expired vacancy; the window offers the ‘仍然推荐’ check box."""


def refer(
    person_ids: Iterable[int],
    vacancy_id: int,
    on: object,
    note: str = "",
    allow_closed: bool = False,
) -> list[Referral]:
    """Refer one or several people to a vacancy on day ``on``, in one transaction (all or nothing)."""
    day = parse_date(on, "推荐日期")
    if day is None:
        raise ValidationError("推荐日期不能为空", field="referred_on")
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        raise ValidationError("请至少选择一名推荐人员")
    text_note = validators.text(note)
    with database.atomic():
        vacancy = Vacancy.get_or_none(Vacancy.id == vacancy_id)
        if vacancy is None:
            raise ValidationError("该岗位已不存在（可能已被删除）")
        if day < vacancy.collected_on:
            raise ValidationError(
                f"推荐日期 {day} 早于岗位“{vacancy.title}”的收集日期 {vacancy.collected_on}",
                field="referred_on",
            )
        if not allow_closed:
            if vacancy.status != codes.VACANCY_STATUS_DEFAULT:
                raise ClosedVacancyWarning(f"岗位“{vacancy.title}”状态为{vacancy.status}。{CLOSED_WARNING}")
            if is_expired(vacancy, day):
                raise ClosedVacancyWarning(
                    f"岗位“{vacancy.title}”有效期至 {vacancy.valid_until}，已过期。{CLOSED_WARNING}"
                )
        names: dict[int, str] = dict(
            tuples(Person.select(Person.id, Person.name).where(cast(Any, Person.id).in_(ids)))
        )
        unknown = [i for i in ids if i not in names]
        if unknown:
            raise ValidationError(f"有 {len(unknown)} 名所选人员已不存在（可能已被删除），请刷新后重选")
        twice = [
            names[pid]
            for (pid,) in tuples(
                Referral.select(Referral.person).where(
                    Referral.vacancy == vacancy_id, Referral.referred_on == day, Referral.person.in_(ids)
                )
            )
        ]
        if twice:
            raise ValidationError(
                f"{'、'.join(sorted(twice))} 已于 {day} 推荐到岗位“{vacancy.title}”，同一天不能重复推荐"
            )
        return [
            Referral.create(person=pid, vacancy=vacancy_id, referred_on=day, note=text_note) for pid in ids
        ]


def delete_referral(referral_id: int) -> None:
    with database.atomic():
        Referral.delete_by_id(referral_id)


# ---------------------------------------------------------------------------- outcome and follow-up


def record_outcome(
    referral_id: int, outcome: str, followed_up_on: object = None, today: dt.date | None = None
) -> start_work.StartWork | None:
    """Record 推荐结果 (and the 回访 date). When the outcome becomes 已录用, return the proposal of what
    follows (:func:`app.register.start_work.propose`, starting on the 回访 date or else the 推荐日期) for
    the user to confirm with ``start_work.apply``. A hire whose start date breaks the event-date rule is
    refused before anything is written."""
    result = codes.REFERRAL_OUTCOME.normalize(validators.text(outcome) or codes.REFERRAL_OUTCOME_DEFAULT)
    if result is None:
        raise ValidationError(
            f"推荐结果“{outcome}”不在可选值内，可选：{codes.REFERRAL_OUTCOME.allowed_text()}", field="outcome"
        )
    follow = parse_date(followed_up_on, "回访日期")
    with database.atomic():
        referral = Referral.get_or_none(Referral.id == referral_id)
        if referral is None:
            raise ValidationError("该推荐记录已不存在（可能已被删除）")
        if follow is not None and follow < referral.referred_on:
            raise ValidationError(
                f"回访日期 {follow} 早于推荐日期 {referral.referred_on}", field="followed_up_on"
            )
        proposal: start_work.StartWork | None = None
        if result == HIRED and referral.outcome != HIRED:
            start = follow or referral.followed_up_on or referral.referred_on
            try:
                proposal = _hire_proposal(referral, start, today)
            except ValidationError as exc:
                raise ValidationError(exc.message, field="followed_up_on") from None
        referral.outcome = result
        if follow is not None:
            referral.followed_up_on = follow
        referral.save()
    return proposal


def _hire_proposal(referral: Referral, start: dt.date, today: dt.date | None) -> start_work.StartWork:
    vacancy = Vacancy.get_by_id(referral.vacancy_id)
    employer = Employer.get_by_id(vacancy.employer_id)
    return start_work.propose(
        referral.person_id,
        start,
        FORM_FOR_VACANCY_KIND[vacancy.kind],
        employer=employer.name,
        vacancy_code=vacancy.code,
        today=today,
    )


def hire_consequences(referral_id: int, today: dt.date | None = None) -> start_work.StartWork:
    """What follows from the hire of referral ``referral_id`` (an employment record from the vacancy's
    kind, starting on the 回访 date or else the 推荐日期; the cancellations; clearing the household's
    zero-employment family; 就业状态 and 就业单位). Also for a hire recorded earlier whose consequences were
    not applied then (offers only what is still missing). Nothing is written until ``start_work.apply``."""
    referral = Referral.get_or_none(Referral.id == referral_id)
    if referral is None:
        raise ValidationError("该推荐记录已不存在（可能已被删除）")
    if referral.outcome != HIRED:
        raise ValidationError(f"该推荐的结果是{referral.outcome}，不是{HIRED}")
    return _hire_proposal(referral, referral.followed_up_on or referral.referred_on, today)


@dataclass(frozen=True)
class FollowUp:
    """A referral still waiting for its follow-up call."""

    referral_id: int
    person_id: int
    person_name: str
    masked_id: str
    phone: str
    vacancy_id: int
    vacancy_code: str
    vacancy_title: str
    employer_name: str
    referred_on: dt.date
    outcome: str
    days_waiting: int


def due_follow_ups(today: dt.date, days: int = FOLLOW_UP_DAYS) -> list[FollowUp]:
    """Referrals with no 回访 ``days`` or more days after 推荐日期, oldest first (one query)."""
    cutoff = today - dt.timedelta(days=days)
    q = (
        Referral.select(
            Referral.id,
            Referral.person,
            Person.name,
            Person.id_number,
            Person.phone,
            Referral.vacancy,
            Vacancy.code,
            Vacancy.title,
            Employer.name,
            Referral.referred_on,
            Referral.outcome,
        )
        .join(Person, on=(Referral.person == Person.id))
        .switch(Referral)
        .join(Vacancy, on=(Referral.vacancy == Vacancy.id))
        .join(Employer, on=(Vacancy.employer == Employer.id))
        .where(Referral.followed_up_on.is_null(), Referral.referred_on <= cutoff)
        .order_by(Referral.referred_on, Referral.id)
    )
    return [
        FollowUp(rid, pid, name, mask_id(idn), phone, vid, code, title, emp, on, outcome, (today - on).days)
        for rid, pid, name, idn, phone, vid, code, title, emp, on, outcome in tuples(q)
    ]


def referrals_of_person(person_id: int) -> list[tuple[Any, ...]]:
    """(id, 推荐日期, 岗位编号, 岗位名称, 单位名称, 推荐结果, 回访日期) of one person, newest first."""
    q = (
        Referral.select(
            Referral.id,
            Referral.referred_on,
            Vacancy.code,
            Vacancy.title,
            Employer.name,
            Referral.outcome,
            Referral.followed_up_on,
        )
        .join(Vacancy, on=(Referral.vacancy == Vacancy.id))
        .join(Employer, on=(Vacancy.employer == Employer.id))
        .where(Referral.person == person_id)
        .order_by(Referral.referred_on.desc(), cast(Any, Referral.id).desc())
    )
    return list(tuples(q))


# ---------------------------------------------------------------------------- lists for the window


@dataclass(frozen=True)
class ReferralRow:
    """One referral for the 推荐与回访 list, with its follow-up reminder."""

    id: int
    person_id: int
    person_name: str
    masked_id: str
    phone: str
    vacancy_id: int
    vacancy_code: str
    vacancy_title: str
    vacancy_kind: str
    employer_name: str
    referred_on: dt.date
    outcome: str
    followed_up_on: dt.date | None
    note: str
    today: dt.date

    @property
    def follow_up_on(self) -> dt.date:
        """The day the follow-up call is due (推荐日期 + FOLLOW_UP_DAYS)."""
        return self.referred_on + dt.timedelta(days=FOLLOW_UP_DAYS)

    @property
    def follow_up_due(self) -> bool:
        """No 回访 yet and the due day has come (the same rule as due_follow_ups)."""
        return self.followed_up_on is None and self.today >= self.follow_up_on

    @property
    def days_overdue(self) -> int:
        return (self.today - self.follow_up_on).days if self.follow_up_due else 0

    @property
    def reminder(self) -> str:
        """Chinese text of the follow-up state, for a list column."""
        if self.followed_up_on is not None:
            return f"已回访（{self.followed_up_on}）"
        days = (self.follow_up_on - self.today).days
        if days > 0:
            return f"{days} 天后回访（{self.follow_up_on}）"
        if days == 0:
            return "今天应回访"
        return f"逾期 {-days} 天未回访"


def list_referrals(
    *,
    today: dt.date | None = None,
    text: str = "",
    outcome: str = "",
    due_only: bool = False,
    vacancy_id: int | None = None,
    person_id: int | None = None,
    since: dt.date | None = None,
) -> list[ReferralRow]:
    """Referrals newest first, in ONE query. ``text`` matches 姓名, 身份证号, 联系电话, 岗位编号, 岗位名称 or
    单位名称; ``due_only``: only those waiting for a 回访 that is due on ``today``; ``since``: referred on
    or after that day."""
    day = today or dt.date.today()
    q = (
        Referral.select(
            Referral.id,
            Referral.person,
            Person.name,
            Person.id_number,
            Person.phone,
            Referral.vacancy,
            Vacancy.code,
            Vacancy.title,
            Vacancy.kind,
            Employer.name,
            Referral.referred_on,
            Referral.outcome,
            Referral.followed_up_on,
            Referral.note,
        )
        .join(Person, on=(Referral.person == Person.id))
        .switch(Referral)
        .join(Vacancy, on=(Referral.vacancy == Vacancy.id))
        .join(Employer, on=(Vacancy.employer == Employer.id))
        .order_by(Referral.referred_on.desc(), cast(Any, Referral.id).desc())
    )
    t = validators.text(text)
    if t:
        q = q.where(
            Person.name.contains(t)
            | Person.id_number.contains(t.upper())
            | Person.phone.contains(t)
            | Vacancy.code.contains(t)
            | Vacancy.title.contains(t)
            | Employer.name.contains(t)
        )
    if outcome:
        q = q.where(Referral.outcome == outcome)
    if due_only:
        q = q.where(
            Referral.followed_up_on.is_null(),
            Referral.referred_on <= day - dt.timedelta(days=FOLLOW_UP_DAYS),
        )
    if vacancy_id is not None:
        q = q.where(Referral.vacancy == vacancy_id)
    if person_id is not None:
        q = q.where(Referral.person == person_id)
    if since is not None:
        q = q.where(Referral.referred_on >= since)
    # Raw cursor rows: peewee's per-value conversion would be most of the time at 20,000 referrals.
    date = dt.date.fromisoformat
    rows = database.execute_sql(*q.sql()).fetchall()
    return [
        ReferralRow(
            rid,
            pid,
            name,
            mask_id(idn),
            phone,
            vid,
            code,
            title,
            kind,
            emp,
            date(on),
            out,
            date(fu) if fu else None,
            note,
            day,
        )
        for rid, pid, name, idn, phone, vid, code, title, kind, emp, on, out, fu, note in rows
    ]


def count_due_follow_ups(today: dt.date, days: int = FOLLOW_UP_DAYS) -> int:
    """How many referrals wait for a 回访 that is due (the rule of due_follow_ups), by one COUNT."""
    cutoff = today - dt.timedelta(days=days)
    return int(
        Referral.select().where(Referral.followed_up_on.is_null(), Referral.referred_on <= cutoff).count()
    )


@dataclass(frozen=True)
class PersonBrief:
    """A person as the matching and referral views show them (ID number masked)."""

    id: int
    name: str
    masked_id: str
    gender: str
    age: int
    phone: str
    employment_status: str
    job_intention: str
    education: str
    expected_pay: int | None
    grid: str
    registered: bool  # open unemployment registration
    difficulty: bool  # open difficulty recognition

    @property
    def tags(self) -> str:
        out = []
        if self.difficulty:
            out.append("就业困难人员")
        if self.registered:
            out.append("失业登记")
        return "、".join(out)


_BRIEF_COLUMNS = (
    Person.id,
    Person.name,
    Person.id_number,
    Person.gender,
    Person.birth_date,
    Person.phone,
    Person.employment_status,
    Person.job_intention,
    Person.education,
    Person.expected_pay,
    Person.grid,
)


def _briefs(query: Any, today: dt.date) -> list[PersonBrief]:
    from app.core.dates import age_on

    regs = Registration.select(Registration.person).where(Registration.cancelled_on.is_null())
    recs = Recognition.select(Recognition.person).where(Recognition.cancelled_on.is_null())
    q = query.select(
        *_BRIEF_COLUMNS,
        cast(Any, Person.id).in_(regs).alias("reg"),
        cast(Any, Person.id).in_(recs).alias("rec"),
    )
    return [
        PersonBrief(
            pid,
            name,
            mask_id(idn),
            gender,
            age_on(birth, today),
            phone,
            status,
            intent,
            edu,
            pay,
            grid,
            bool(reg),
            bool(rec),
        )
        for pid, name, idn, gender, birth, phone, status, intent, edu, pay, grid, reg, rec in tuples(q)
    ]


def people_briefs(person_ids: Iterable[int], today: dt.date | None = None) -> dict[int, PersonBrief]:
    """PersonBrief of each of ``person_ids`` (missing ids left out), in one query."""
    ids = list(dict.fromkeys(int(i) for i in person_ids))
    if not ids:
        return {}
    rows = _briefs(Person.select().where(cast(Any, Person.id).in_(ids)), today or dt.date.today())
    return {b.id: b for b in rows}


def find_people(text: str = "", today: dt.date | None = None, limit: int = 200) -> list[PersonBrief]:
    """People to match or refer: ``text`` matches 姓名, 身份证号 or 联系电话 (exact names first); with no
    text, the job seekers (未就业, or an open unemployment registration or difficulty recognition)."""
    day = today or dt.date.today()
    t = validators.text(text)
    q = Person.select()
    if t:
        q = q.where(Person.name.contains(t) | Person.id_number.contains(t.upper()) | Person.phone.contains(t))
        q = q.order_by(pw.Case(None, [(Person.name == t, 0)], 1), Person.name, Person.id)
    else:
        regs = Registration.select(Registration.person).where(Registration.cancelled_on.is_null())
        recs = Recognition.select(Recognition.person).where(Recognition.cancelled_on.is_null())
        q = q.where(
            (Person.employment_status == "未就业")
            | cast(Any, Person.id).in_(regs)
            | cast(Any, Person.id).in_(recs)
        ).order_by(Person.name, Person.id)
    return _briefs(q.limit(limit), day)
