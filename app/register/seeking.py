"""求职登记 (job-seeking registration): a person registered as looking for work on a day, with what they
look for (求职意向, 期望薪资, 求职地区, 用工形式) and how often the station gave them 职业指导 and 职业介绍.

The window (the person form's 求职登记 tab), the workbook's 求职登记 sheet (:mod:`app.workbook.schema`)
and the tests use the same rules: one row per person and 登记日期, the day not after today and not before
the person's birth, counts whole numbers from 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.core import codes, daterules, fields, validators
from app.core.errors import FieldErrors, ValidationError
from db.models import JobSeeking, Person, database


def _count(label: str) -> fields.Parser:
    def parse(value: object) -> int:
        if validators.text(value) == "":
            return 0
        return validators.positive_int(value, label, minimum=0)

    return parse


# Field -> (Chinese label, parser); the order is the dialog's.
FIELDS: dict[str, tuple[str, fields.Parser]] = {
    "registered_on": ("登记日期", fields.required_date("登记日期")),
    "intention": ("求职意向", fields.free),
    "expected_pay": ("期望薪资", lambda v: validators.optional_int(v, "期望薪资")),
    "area": ("求职地区", fields.code(codes.JOB_AREA)),
    "work_form": ("用工形式", fields.code(codes.WORK_FORM)),
    "guidance_count": ("职业指导次数", _count("职业指导次数")),
    "introduction_count": ("职业介绍次数", _count("职业介绍次数")),
}
REQUIRED = ("registered_on",)


def validate_field(field: str, value: object) -> Any:
    """One field as typed; ValidationError(field=field)."""
    return fields.validate_field(FIELDS, field, value)


def save_job_seeking(
    person_id: int,
    values: Mapping[str, object],
    seeking_id: int | None = None,
    *,
    today: dt.date | None = None,
) -> JobSeeking:
    """Create (``seeking_id`` None) or update one 求职登记 of a person; FieldErrors names each bad field."""
    data = fields.validate_fields(FIELDS, REQUIRED, values)
    day: dt.date = data["registered_on"]
    with database.atomic():
        person = Person.get_or_none(Person.id == person_id)
        if person is None:
            raise ValidationError("该人员在台账中不存在（可能已被删除），请刷新后重试")
        try:
            daterules.check_event_date(
                day, "登记日期", today=today or dt.date.today(), birth=person.birth_date, name=person.name
            )
        except ValidationError as exc:
            raise FieldErrors({"registered_on": exc.message}) from None
        clash = JobSeeking.get_or_none(JobSeeking.person == person_id, JobSeeking.registered_on == day)
        if clash is not None and clash.id != seeking_id:
            raise FieldErrors({"registered_on": f"已有 {day} 的求职登记"})
        if seeking_id is None:
            row = JobSeeking(person=person_id)
        else:
            found = JobSeeking.get_or_none(JobSeeking.id == seeking_id, JobSeeking.person == person_id)
            if found is None:
                raise ValidationError("这条求职登记已不存在（可能已被删除），请刷新后重试")
            row = found
        for key, value in data.items():
            setattr(row, key, value)
        row.save()
    return row


def delete_job_seeking(seeking_id: int) -> None:
    with database.atomic():
        JobSeeking.delete_by_id(seeking_id)


def job_seekings(person_id: int) -> list[JobSeeking]:
    """A person's 求职登记, oldest first."""
    return list(JobSeeking.select().where(JobSeeking.person == person_id).order_by(JobSeeking.registered_on))
