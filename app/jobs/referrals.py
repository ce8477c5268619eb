"""Job referrals (推荐记录), their outcome and the follow-up call (回访), and the consequences of a hire.

``employment_consequences`` / ``apply_consequences`` are generic: the case-work pages reuse them whenever
someone starts work (an employment record, plus cancelling the open unemployment registration and the
open difficulty recognition with the employment reasons).
"""

from __future__ import annotations

import dataclasses
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
from app.register import ledger
from db.models import Employer, Employment, Person, Recognition, Referral, Registration, Vacancy, database

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


# ---------------------------------------------------------------------------- consequences of a hire

EMPLOYMENT = "employment"
CANCEL_REGISTRATION = "cancel_registration"
CANCEL_RECOGNITION = "cancel_recognition"
UPDATE_STATUS = "update_status"


@dataclass(frozen=True)
class ProposedChange:
    key: str  # EMPLOYMENT, CANCEL_REGISTRATION or CANCEL_RECOGNITION
    text: str  # Chinese, for a check box


@dataclass(frozen=True)
class Consequences:
    """What follows from someone starting work; nothing is written until apply_consequences."""

    person_id: int
    person_name: str
    started_on: dt.date
    form: str
    employer: str = ""
    vacancy_code: str = ""
    add_employment: bool = True  # False when the same employment record already exists
    registration_id: int | None = None
    registration_reason: str = ""
    recognition_id: int | None = None
    recognition_reason: str = codes.DIFFICULTY_CANCEL_EMPLOYED
    # The person's 就业状态 / 就业单位 now and after the change (see with_status_update); no change is
    # proposed while ``status_to`` is empty.
    status_from: str = ""
    status_to: str = ""
    employer_from: str = ""
    employer_to: str = ""

    @property
    def status_change_offered(self) -> bool:
        return bool(self.status_to) and (
            self.status_to != self.status_from
            or (bool(self.employer_to) and self.employer_to != self.employer_from)
        )

    @property
    def changes(self) -> list[ProposedChange]:
        out = []
        if self.add_employment:
            where = f"，{self.employer}" if self.employer else ""
            code = f"（岗位 {self.vacancy_code}）" if self.vacancy_code else ""
            out.append(
                ProposedChange(EMPLOYMENT, f"新增就业记录：{self.started_on} {self.form}{where}{code}")
            )
        if self.registration_id is not None:
            out.append(
                ProposedChange(
                    CANCEL_REGISTRATION,
                    f"注销失业登记，注销日期 {self.started_on}，原因：{self.registration_reason}",
                )
            )
        if self.recognition_id is not None:
            out.append(
                ProposedChange(
                    CANCEL_RECOGNITION,
                    f"取消就业困难认定，取消日期 {self.started_on}，原因：{self.recognition_reason}",
                )
            )
        if self.status_change_offered:
            unit = f"，就业单位：{self.employer_to}" if self.employer_to else ""
            out.append(
                ProposedChange(
                    UPDATE_STATUS,
                    f"更新人员就业状态：{self.status_from or '未填'} → {self.status_to}{unit}",
                )
            )
        return out

    @property
    def keys(self) -> set[str]:
        return {c.key for c in self.changes}


def employment_consequences(
    person_id: int, started_on: dt.date, form: str, *, employer: str = "", vacancy_code: str = ""
) -> Consequences:
    """The proposal for ``person_id`` starting work in ``form`` on ``started_on``."""
    if form not in codes.EMPLOYMENT_FORM:
        raise ValidationError(f"就业形式“{form}”不在可选值内，可选：{codes.EMPLOYMENT_FORM.allowed_text()}")
    person = Person.get_or_none(Person.id == person_id)
    if person is None:
        raise ValidationError("该人员已不存在（可能已被删除）")
    exists = (
        Employment.select()
        .where(Employment.person == person_id, Employment.started_on == started_on, Employment.form == form)
        .exists()
    )
    # A status that began after the start of work is not ended by it: it is not proposed.
    reg = ledger.open_registration(person_id)
    if reg is not None and reg.registered_on > started_on:
        reg = None
    rec = ledger.open_recognition(person_id)
    if rec is not None and rec.recognized_on > started_on:
        rec = None
    return Consequences(
        person_id=person_id,
        person_name=person.name,
        started_on=started_on,
        form=form,
        employer=employer,
        vacancy_code=vacancy_code,
        add_employment=not exists,
        registration_id=reg.id if reg is not None else None,
        registration_reason=codes.REGISTRATION_CANCEL_FOR_FORM[form],
        recognition_id=rec.id if rec is not None else None,
    )


def apply_consequences(proposal: Consequences, accepted: set[str]) -> None:
    """Apply the accepted changes (keys of ``proposal.changes``) in ONE transaction: all or nothing."""
    unknown = set(accepted) - proposal.keys
    if unknown:
        raise ValueError(f"not offered by this proposal: {sorted(unknown)}")
    with database.atomic():
        if EMPLOYMENT in accepted:
            ledger.add_employment(
                proposal.person_id,
                proposal.started_on,
                proposal.form,
                employer=proposal.employer,
                vacancy_code=proposal.vacancy_code,
            )
        if CANCEL_REGISTRATION in accepted and proposal.registration_id is not None:
            ledger.cancel_registration(
                proposal.registration_id, proposal.started_on, proposal.registration_reason
            )
        if CANCEL_RECOGNITION in accepted and proposal.recognition_id is not None:
            ledger.cancel_recognition(
                proposal.recognition_id, proposal.started_on, proposal.recognition_reason
            )
        if UPDATE_STATUS in accepted and proposal.status_to:
            person = Person.get_or_none(Person.id == proposal.person_id)
            if person is None:
                raise ValidationError("该人员已不存在（可能已被删除）")
            person.employment_status = proposal.status_to
            if proposal.employer_to:
                person.employer = proposal.employer_to
            person.updated_at = dt.datetime.now().replace(microsecond=0)
            person.save()


def with_status_update(proposal: Consequences) -> Consequences:
    """``proposal`` (of any Consequences subclass) also offering to set the person's 就业状态 to the
    employment form and 就业单位 to the employer (left as it is when the proposal names none)."""
    person = Person.get_or_none(Person.id == proposal.person_id)
    if person is None:
        raise ValidationError("该人员已不存在（可能已被删除）")
    return dataclasses.replace(
        proposal,
        status_from=person.employment_status or "",
        status_to=proposal.form,
        employer_from=person.employer or "",
        employer_to=proposal.employer,
    )


# ---------------------------------------------------------------------------- outcome and follow-up


def record_outcome(referral_id: int, outcome: str, followed_up_on: object = None) -> Consequences | None:
    """Record 推荐结果 (and the 回访 date). When the outcome becomes 已录用, return the proposal of what
    follows (employment record, cancellations) for the user to confirm with apply_consequences."""
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
        became_hired = result == HIRED and referral.outcome != HIRED
        referral.outcome = result
        if follow is not None:
            referral.followed_up_on = follow
        referral.save()
    if not became_hired:
        return None
    return hire_consequences(referral.id)


def hire_consequences(referral_id: int) -> Consequences:
    """What follows from the hire of referral ``referral_id`` (an employment record from the vacancy's
    kind, starting on the 回访 date or else the 推荐日期; the cancellations; 就业状态 and 就业单位).
    Also for a hire recorded earlier whose consequences were not applied then (offers only what is
    still missing). Nothing is written until apply_consequences."""
    referral = Referral.get_or_none(Referral.id == referral_id)
    if referral is None:
        raise ValidationError("该推荐记录已不存在（可能已被删除）")
    if referral.outcome != HIRED:
        raise ValidationError(f"该推荐的结果是{referral.outcome}，不是{HIRED}")
    vacancy = Vacancy.get_by_id(referral.vacancy_id)
    employer = Employer.get_by_id(vacancy.employer_id)
    return with_status_update(
        employment_consequences(
            referral.person_id,
            referral.followed_up_on or referral.referred_on,
            FORM_FOR_VACANCY_KIND[vacancy.kind],
            employer=employer.name,
            vacancy_code=vacancy.code,
        )
    )


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
