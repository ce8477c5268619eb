"""The key groups of case work (就业困难人员, 登记失业人员, 零就业家庭成员, 未落实高校毕业生): who is in
each on a day, and the rows of the 重点人员帮扶 page with their status and next due contact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.core import validators
from app.core.dates import add_months, month_end, month_start
from app.core.errors import ValidationError
from app.core.idcard import mask_id
from app.core.sql import query, to_date
from app.register import ledger, search
from app.register.active import (
    day_params,
    recognition_open_sql,
    registration_open_sql,
    zero_family_day_params,
    zero_family_open_sql,
)
from app.workbench import reminders

# ---------------------------------------------------------------------------- key groups

DIFFICULTY = "就业困难人员"
REGISTERED = "登记失业人员"
ZERO_FAMILY = "零就业家庭成员"
GRADUATE = "未落实高校毕业生"
KEY_GROUPS: tuple[str, ...] = (DIFFICULTY, REGISTERED, ZERO_FAMILY, GRADUATE)

_GRADUATE_SQL = "SELECT person_id FROM graduate WHERE wants_work = 1 AND (placed_on IS NULL OR placed_on > ?)"


def group_sql(group: str, day: dt.date) -> tuple[str, list[Any]]:
    """The person ids of ``group`` on ``day`` as a SQL sub-query and its parameters (members on that day:
    a status cancelled that day has ended — the open-on-a-day rules of :mod:`app.register.active`)."""
    if group == DIFFICULTY:
        return f"SELECT person_id FROM recognition WHERE {recognition_open_sql()}", list(day_params(day))
    if group == REGISTERED:
        return f"SELECT person_id FROM registration WHERE {registration_open_sql()}", list(day_params(day))
    if group == ZERO_FAMILY:
        # Members of a household recognised as zero-employment and not cleared on the day.
        return (
            "SELECT m.id FROM person m JOIN zero_family z ON z.household_id = m.household_id "
            f"WHERE {zero_family_open_sql('z')}",
            list(zero_family_day_params(day)),
        )
    if group == GRADUATE:
        return _GRADUATE_SQL, [day.isoformat()]
    raise ValidationError(f"人员类别“{group}”不在可选值内，可选：{'、'.join(KEY_GROUPS)}")


def group_members(group: str, day: dt.date | None = None) -> list[int]:
    """Person ids of ``group`` on ``day`` (default today), in name order."""
    sql, params = group_sql(group, day or dt.date.today())
    return [int(r[0]) for r in query(f"SELECT id FROM person WHERE id IN ({sql}) ORDER BY name, id", params)]


@dataclass(frozen=True)
class KeyPersonRow:
    person_id: int
    name: str
    masked_id: str
    phone: str
    status: str  # the group's own facts (认定日期 and 类别, 登记日期 …)
    last_contact: dt.date | None
    next_due: dt.date | None
    next_due_text: str  # the rule of the nearest to-do item, with its days
    plan: str  # latest plan: 制定日期 and 帮扶等级, or 无


def _status_texts(group: str, ids: Sequence[int], day: dt.date) -> dict[int, str]:
    if not ids:
        return {}
    sql, params = group_sql(group, day)
    out: dict[int, str] = {}
    if group == DIFFICULTY:
        for pid, rec, cats, level in query(
            "SELECT person_id, recognized_on, categories, level FROM recognition "
            f"WHERE {recognition_open_sql()} ORDER BY person_id, recognized_on",
            params,
        ):
            out[int(pid)] = f"{rec} 认定，{cats}" + (f"，{level}" if level else "")
    elif group == REGISTERED:
        for pid, reg, personal in query(
            "SELECT person_id, registered_on, personal_reason FROM registration "
            f"WHERE {registration_open_sql()} ORDER BY person_id, registered_on",
            params,
        ):
            start = to_date(reg)
            assert start is not None
            # Whole months as add_months counts them (31 May + 6 months = 30 November), like the
            # long-term-unemployed indicator and reminders.
            months = (day.year - start.year) * 12 + day.month - start.month
            if add_months(start, months) > day:
                months -= 1
            out[int(pid)] = f"{reg} 登记，已 {max(months, 0)} 个月" + ("，个人原因未就业" if personal else "")
    elif group == ZERO_FAMILY:
        for pid, code, rec in query(
            "SELECT m.id, h.code, z.recognized_on FROM person m JOIN household h ON h.id = m.household_id "
            f"JOIN zero_family z ON z.household_id = h.id WHERE m.id IN ({sql}) "
            "ORDER BY m.id, z.recognized_on",
            params,
        ):
            out[int(pid)] = f"户 {code}，{rec} 认定"
    else:
        for pid, year, degree in query(
            "SELECT person_id, grad_year, degree FROM graduate WHERE wants_work = 1 "
            "AND (placed_on IS NULL OR placed_on > ?) ORDER BY person_id, grad_year",
            params,
        ):
            out[int(pid)] = f"{year}届" + (f" {degree}" if degree else "") + "，未落实去向"
    return out


# Rules whose items are about one person's case (the casework list shows the nearest one).
CASE_RULES = (
    reminders.MONTHLY_CONTACT,
    reminders.DIFFICULTY_PLAN,
    reminders.ZERO_FAMILY,
    reminders.LONG_TERM,
    reminders.GRADUATE_SERVICES,
)


def key_group_rows(group: str, text: str = "", today: dt.date | None = None) -> list[KeyPersonRow]:
    """The members of ``group`` today with status, last contact, next due and plan, without those who
    have left the register; ``text`` filters with the register's one matcher (name, pinyin initials, ID
    fragment, phone, 户编号: :mod:`app.register.search`)."""
    day = today or dt.date.today()
    sql, params = group_sql(group, day)
    found = query(
        "SELECT p.id, p.name, p.id_number, p.phone, "
        "  (SELECT MAX(s.served_on) FROM service s WHERE s.person_id = p.id AND s.served_on <= ?), "
        "  (SELECT sp.made_on || ' ' || sp.level FROM service_plan sp WHERE sp.person_id = p.id "
        "   ORDER BY sp.made_on DESC LIMIT 1), h.code "
        f"FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE p.id IN ({sql}) "
        "ORDER BY p.name, p.id",
        [day.isoformat(), *params],
    )
    gone = ledger.left_by(day)
    needle = search.normalize_query(validators.text(text))
    rows = [
        r[:6]
        for r in found
        if int(r[0]) not in gone
        and (not needle or search.matches(search.search_key(r[1], r[2], r[3], r[6]), needle))
    ]
    ids = [int(r[0]) for r in rows]
    status = _status_texts(group, ids, day)
    nearest: dict[int, reminders.TodoItem] = {}
    items = reminders.todo_list(day, CASE_RULES)
    households = {i.subject_id for i in items if i.subject_kind == "household"}
    members: dict[int, list[int]] = {}
    if households:
        marks = ",".join("?" * len(households))
        for hid, mid in query(
            f"SELECT household_id, id FROM person WHERE household_id IN ({marks})", sorted(households)
        ):
            members.setdefault(int(hid), []).append(int(mid))
    for todo in items:  # sorted: the first per person is the nearest
        about = members.get(todo.subject_id, []) if todo.subject_kind == "household" else [todo.person_id]
        for who in about:
            if who is not None and who not in nearest:
                nearest[who] = todo
    # 就业困难人员 already contacted this month: the next contact is due by the end of next month.
    next_month = month_end(add_months(month_start(day), 1))
    out = []
    for pid, name, idn, phone, last, plan in rows:
        pid = int(pid)
        item = nearest.get(pid)
        if item is None and group == DIFFICULTY:
            item = reminders.TodoItem(
                reminders.MONTHLY_CONTACT, next_month, (next_month - day).days, "person", pid, pid, "", ""
            )
        out.append(
            KeyPersonRow(
                pid,
                name,
                mask_id(idn),
                phone or "",
                status.get(pid, ""),
                to_date(last),
                item.due if item else None,
                f"{item.rule_title}，{item.when_text}" if item else "",
                (plan or "").strip() or "无",
            )
        )
    return out
