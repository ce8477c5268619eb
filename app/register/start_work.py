"""Someone started work: the one owner of what follows.

A start of work (a hire through a referral, an employment entered on the person's form, a case worker
recording it) proposes, for the worker to confirm:

- a 就业记录 (unless the same one exists);
- cancelling the open 失业登记 with the employment reason of the form (取消原因 for the form);
- cancelling the open 就业困难认定 with reason (五) 实现就业创业;
- clearing the household's open 零就业家庭 (清零) on the start date;
- setting the person's 就业状态 / 就业单位.

A status that began after the start of work is not ended by it. :func:`propose` reads and writes
nothing; :func:`apply` writes the accepted changes in ONE transaction, all or nothing. The window, the
referral outcome, the case-work page and the tests all call these two functions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from app.core import codes, validators
from app.core.daterules import check_event_date
from app.core.dates import parse_date
from app.core.errors import ValidationError
from app.register import ledger
from db.models import Employment, Household, Person, ZeroFamily, database

EMPLOYMENT = "employment"
CANCEL_REGISTRATION = "cancel_registration"
CANCEL_RECOGNITION = "cancel_recognition"
UPDATE_STATUS = "update_status"
CLEAR_ZERO_FAMILY = "clear_zero_family"


@dataclass(frozen=True)
class ProposedChange:
    key: str  # one of the constants above
    text: str  # Chinese, for a check box


@dataclass(frozen=True)
class StartWork:
    """What follows from someone starting work; nothing is written until :func:`apply`."""

    person_id: int
    person_name: str
    started_on: dt.date
    form: str
    employer: str = ""
    vacancy_code: str = ""
    add_employment: bool = True  # False when the same employment record already exists
    # The employment record's details (ledger.EMPLOYMENT_DETAILS: 就业类型 … 合同期限) as (field, value).
    details: tuple[tuple[str, object], ...] = ()
    registration_id: int | None = None
    registration_reason: str = ""
    recognition_id: int | None = None
    recognition_reason: str = codes.DIFFICULTY_CANCEL_EMPLOYED
    zero_family_id: int | None = None
    household_code: str = ""
    # The person's 就业状态 / 就业单位 now and after the change; no change is proposed while
    # ``status_to`` is empty (see with_status_update).
    status_from: str = ""
    status_to: str = ""
    employer_from: str = ""
    employer_to: str = ""

    @property
    def cleared_on(self) -> dt.date | None:
        return self.started_on if self.zero_family_id is not None else None

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
        if self.zero_family_id is not None:
            out.append(
                ProposedChange(
                    CLEAR_ZERO_FAMILY,
                    f"零就业家庭（户 {self.household_code}）清零，清零日期 {self.cleared_on}",
                )
            )
        return out

    @property
    def keys(self) -> set[str]:
        return {c.key for c in self.changes}


def propose(
    person_id: int,
    started_on: object,
    form: str,
    *,
    employer: str = "",
    vacancy_code: str = "",
    today: dt.date | None = None,
    offer_status: bool = True,
) -> StartWork:
    """What follows from ``person_id`` starting work on ``started_on`` in ``form`` (see the module).

    The start date follows the shared event-date rule (not after ``today``, not before birth). With
    ``offer_status`` the proposal also offers to set 就业状态 to the form and 就业单位 to the employer."""
    day = today or dt.date.today()
    person = ledger.person_of(person_id)
    try:
        start = parse_date(started_on, "就业日期")
        if start is None:
            raise ValidationError("就业日期不能为空")
        check_event_date(start, "就业日期", today=day, birth=person.birth_date, name=person.name)
    except ValidationError as exc:
        raise ValidationError(exc.message, field="started_on") from None
    form_v = codes.EMPLOYMENT_FORM.normalize(validators.text(form))
    if form_v is None:
        raise ValidationError(
            f"就业形式“{form}”不在可选值内，可选：{codes.EMPLOYMENT_FORM.allowed_text()}", field="form"
        )
    exists = (
        Employment.select()
        .where(Employment.person == person.id, Employment.started_on == start, Employment.form == form_v)
        .exists()
    )
    reg = ledger.open_registration(person.id)
    if reg is not None and reg.registered_on > start:
        reg = None
    rec = ledger.open_recognition(person.id)
    if rec is not None and rec.recognized_on > start:
        rec = None
    zero: ZeroFamily | None = None
    household_code = ""
    if person.household_id is not None:
        zero = (
            ZeroFamily.select()
            .where(
                ZeroFamily.household == person.household_id,
                ZeroFamily.cleared_on.is_null(),
                ZeroFamily.recognized_on <= start,
            )
            .order_by(ZeroFamily.recognized_on.desc())
            .first()
        )
        if zero is not None:
            household_code = Household.get_by_id(person.household_id).code
    proposal = StartWork(
        person_id=person.id,
        person_name=person.name,
        started_on=start,
        form=form_v,
        employer=validators.text(employer),
        vacancy_code=validators.text(vacancy_code),
        add_employment=not exists,
        registration_id=reg.id if reg is not None else None,
        registration_reason=codes.REGISTRATION_CANCEL_FOR_FORM[form_v],
        recognition_id=rec.id if rec is not None else None,
        zero_family_id=zero.id if zero is not None else None,
        household_code=household_code,
    )
    return with_status_update(proposal) if offer_status else proposal


def with_status_update(proposal: StartWork) -> StartWork:
    """``proposal`` also offering to set the person's 就业状态 to the employment form and 就业单位 to
    the employer (left as it is when the proposal names none)."""
    person = ledger.person_of(proposal.person_id)
    return dataclasses.replace(
        proposal,
        status_from=person.employment_status or "",
        status_to=proposal.form,
        employer_from=person.employer or "",
        employer_to=proposal.employer,
    )


def apply(proposal: StartWork, accepted: Iterable[str]) -> None:
    """Apply the accepted changes (keys of ``proposal.changes``) in ONE transaction: all or nothing."""
    keys = set(accepted)
    unknown = keys - proposal.keys
    if unknown:
        raise ValueError(f"not offered by this proposal: {sorted(unknown)}")
    with database.atomic():
        if EMPLOYMENT in keys:
            ledger.add_employment(
                proposal.person_id,
                proposal.started_on,
                proposal.form,
                employer=proposal.employer,
                vacancy_code=proposal.vacancy_code,
                details=dict(proposal.details),
            )
        if CANCEL_REGISTRATION in keys and proposal.registration_id is not None:
            ledger.cancel_registration(
                proposal.registration_id, proposal.started_on, proposal.registration_reason
            )
        if CANCEL_RECOGNITION in keys and proposal.recognition_id is not None:
            ledger.cancel_recognition(
                proposal.recognition_id, proposal.started_on, proposal.recognition_reason
            )
        if UPDATE_STATUS in keys and proposal.status_to:
            person = Person.get_or_none(Person.id == proposal.person_id)
            if person is None:
                raise ValidationError("该人员已不存在（可能已被删除）")
            person.employment_status = proposal.status_to
            if proposal.employer_to:
                person.employer = proposal.employer_to
            person.updated_at = dt.datetime.now().replace(microsecond=0)
            person.save()
        if CLEAR_ZERO_FAMILY in keys and proposal.zero_family_id is not None:
            zero = ZeroFamily.get_or_none(ZeroFamily.id == proposal.zero_family_id)
            if zero is None:
                raise ValidationError("该零就业家庭记录已不存在（可能已被删除）")
            if zero.cleared_on is not None:
                raise ValidationError(f"该零就业家庭已于 {zero.cleared_on} 清零")
            zero.cleared_on = proposal.cleared_on
            zero.save()
