"""Job referrals (推荐记录), their outcome and the follow-up call (回访), and the consequences of a hire.

``employment_consequences`` / ``apply_consequences`` are generic: the case-work pages reuse them whenever
someone starts work (an employment record, plus cancelling the open unemployment registration and the
open difficulty recognition with the employment reasons).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, cast

from app import codes, ledger, validators
from app.dates import parse_date
from app.errors import ValidationError
from app.idcard import mask_id
from app.jobs import is_expired, tuples
from db.models import Employer, Employment, Person, Referral, Vacancy, database

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
    reg = ledger.open_registration(person_id)
    rec = ledger.open_recognition(person_id)
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
    vacancy = Vacancy.get_by_id(referral.vacancy_id)
    employer = Employer.get_by_id(vacancy.employer_id)
    return employment_consequences(
        referral.person_id,
        referral.followed_up_on or referral.referred_on,
        FORM_FOR_VACANCY_KIND[vacancy.kind],
        employer=employer.name,
        vacancy_code=vacancy.code,
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
