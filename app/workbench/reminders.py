"""The to-do list of the 工作台: the standards' rules seen from today.

Each rule reuses the indicator that scores it (``app.indicators``) over a period ending today (or at the
end of the current month), so a reminder and the self-assessment never disagree:

- ``monthly_contact``: ``monthly_contact`` over the current calendar month; due its last day.
- ``difficulty_plan``: ``difficulty_plan_timely`` on today and ``first_plan_dates``; due 认定日期 + 30 days.
- ``zero_family``: ``zero_family_cleared`` over every recognition up to today; due the calendar month
  after 认定日期.
- ``long_term_unemployed``: ``long_term_unemployed(6)`` / ``(12)`` 30 days ahead; due 登记日期 + 6 / 12
  months.
- ``graduate_services``: ``graduate_services`` over the current assessment year (1 October .. 30
  September: the cohort graduating that year, the services so far); due 30 September.
- ``referral_follow_up``: ``referrals.due_follow_ups`` (no 回访 14 days after 推荐日期); due then.
- ``vacancy_expired``: vacancies 招聘中 past 有效期至; due 有效期至.
- ``survey_outdated``: 调查日期 older than 12 months (or within 30 days of it); due 调查日期 + 12 months.
- ``six_clear_missing``: 六清 facts missing for the unemployed and the key groups; no due date.

Order: overdue first (most overdue first), then by due date, then the items without a due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from app.assessment.indicators.base import filled_sql
from app.assessment.indicators.difficulty import (
    PLAN_DAYS,
    difficulty_plan_timely,
    first_plan_dates,
    monthly_contact,
)
from app.assessment.indicators.facts import survey_fresh
from app.assessment.indicators.families import zero_family_cleared
from app.assessment.indicators.graduates import REQUIREMENTS, graduate_services
from app.assessment.indicators.registration import long_term_unemployed
from app.core.dates import add_months, month_end, month_start
from app.core.period import Period
from app.core.sql import query, to_date
from app.core.textnorm import is_blank
from app.jobs import referrals
from app.register import ledger
from app.register.active import day_params, recognition_open_sql, registration_open_sql

# Rule ids and their short Chinese titles (the to-do list's filter and the CLI's JSON).
MONTHLY_CONTACT = "monthly_contact"
DIFFICULTY_PLAN = "difficulty_plan"
ZERO_FAMILY = "zero_family"
LONG_TERM = "long_term_unemployed"
GRADUATE_SERVICES = "graduate_services"
REFERRAL_FOLLOW_UP = "referral_follow_up"
VACANCY_EXPIRED = "vacancy_expired"
SURVEY_OUTDATED = "survey_outdated"
SIX_CLEAR = "six_clear_missing"

RULES: dict[str, str] = {
    MONTHLY_CONTACT: "每月联系",
    DIFFICULTY_PLAN: "一人一策",
    ZERO_FAMILY: "零就业家庭清零",
    LONG_TERM: "长期失业",
    GRADUATE_SERVICES: "毕业生服务",
    REFERRAL_FOLLOW_UP: "推荐回访",
    VACANCY_EXPIRED: "岗位过期",
    SURVEY_OUTDATED: "重新调查",
    SIX_CLEAR: "六清补全",
}

_RULE_ORDER = {rule: i for i, rule in enumerate(RULES)}

# What a click on the line opens.
OPEN_SERVICE = "service"  # the service entry for the person (type suggested)
OPEN_PLAN = "plan"  # the plan editor for the person
OPEN_PERSON = "person"  # the person's record
OPEN_REFERRAL = "referral"
OPEN_VACANCY = "vacancy"

NOTICE_DAYS = 30  # long-term unemployment and surveys are announced this many days ahead
LONG_TERM_MONTHS = (6, 12)
SURVEY_MONTHS = 12
CONTACT_KIND = "跟踪回访"
CONTACT_MODE = "电话"
# 服务类型 recorded to meet each graduate requirement.
REQUIREMENT_SERVICE = {
    "政策宣介": "政策宣介",
    "职业指导": "职业指导",
    "岗位推荐": "岗位推荐",
    "培训或见习": "培训推荐",
    "档案服务": "档案服务",
}
# 六清 facts checked (model field -> label); 失业原因 and 择业意向 only for persons not in work.
SIX_CLEAR_FIELDS = (
    ("unemployment_reason", "失业原因"),
    ("family_situation", "家庭状况"),
    ("job_intention", "择业意向"),
    ("skills", "职业技能"),
    ("social_security", "社会保障"),
)
_ONLY_UNEMPLOYED = frozenset({"unemployment_reason", "job_intention"})
UNEMPLOYED = "未就业"


@dataclass(frozen=True)
class TodoItem:
    rule: str
    due: dt.date | None
    days_left: int | None  # due − today; negative = overdue; None without a due date
    subject_kind: str  # person | household | referral | vacancy
    subject_id: int
    person_id: int | None  # the person the line is about (None for a vacancy)
    text: str  # the Chinese line
    opens: str  # OPEN_*
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def rule_title(self) -> str:
        return RULES[self.rule]

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def when_text(self) -> str:
        """到期 column: 已逾期 N 天 / 今天到期 / 还剩 N 天 / —."""
        return days_text(self.days_left)

    def sort_key(self) -> tuple[Any, ...]:
        if self.due is None:
            return (2, dt.date.max, self.rule, self.text)
        return (0 if self.overdue else 1, self.due, _RULE_ORDER[self.rule], self.text)

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "rule_title": self.rule_title,
            "due": self.due.isoformat() if self.due else None,
            "days_left": self.days_left,
            "overdue": self.overdue,
            "subject": {"kind": self.subject_kind, "id": self.subject_id},
            "person_id": self.person_id,
            "text": self.text,
            "opens": self.opens,
            **({"extra": self.extra} if self.extra else {}),
        }


def days_text(days_left: int | None) -> str:
    if days_left is None:
        return "—"
    if days_left < 0:
        return f"已逾期 {-days_left} 天"
    if days_left == 0:
        return "今天到期"
    return f"还剩 {days_left} 天"


def md(d: dt.date, today: dt.date) -> str:
    """3月2日 in the current year, 2024年3月2日 otherwise."""
    return f"{d.month}月{d.day}日" if d.year == today.year else f"{d.year}年{d.month}月{d.day}日"


def _names(person_ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(person_ids))
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        marks = ",".join("?" * len(chunk))
        out.update(
            (int(pid), str(name))
            for pid, name in query(f"SELECT id, name FROM person WHERE id IN ({marks})", chunk)
        )
    return out


# ---------------------------------------------------------------------------- the rules


def monthly_contact_items(today: dt.date) -> list[TodoItem]:
    """就业困难人员 counted this month (recognised for the whole month) without a service yet."""
    result = monthly_contact(Period(month_start(today), month_end(today)))
    due = month_end(today)
    names = _names(result.sets["missed"])
    return [
        TodoItem(
            MONTHLY_CONTACT,
            due,
            (due - today).days,
            "person",
            pid,
            pid,
            f"就业困难人员 {names.get(pid, '')} 本月尚未联系",
            OPEN_SERVICE,
            {"service_kind": CONTACT_KIND, "service_mode": CONTACT_MODE},
        )
        for pid in result.sets["missed"]
        if pid in names
    ]


def plan_items(today: dt.date) -> list[TodoItem]:
    """就业困难人员 recognised on today with no 一人一策 made by 认定日期 + 30 days (the line stays, overdue,
    until a plan exists; a plan made late ends it)."""
    period = Period(today, today)
    result = difficulty_plan_timely(period)
    first = first_plan_dates(period)
    deadlines: dict[int, dt.date] = result.details["deadline"]
    pending = [pid for pid in result.sets["base"] if pid not in first]
    names = _names(pending)
    out = []
    for pid in pending:
        deadline = deadlines[pid]
        recognized = deadline - dt.timedelta(days=PLAN_DAYS)
        out.append(
            TodoItem(
                DIFFICULTY_PLAN,
                deadline,
                (deadline - today).days,
                "person",
                pid,
                pid,
                f"就业困难人员 {names.get(pid, '')} 认定于 {md(recognized, today)}，"
                f"{md(deadline, today)}前须制定一人一策",
                OPEN_PLAN,
            )
        )
    return out


def zero_family_items(today: dt.date) -> list[TodoItem]:
    """零就业家庭 not yet cleared (no 清零日期 and no member in work since 认定日期)."""
    result = zero_family_cleared(Period(dt.date(1900, 1, 1), today))
    rows: dict[int, dict[str, Any]] = result.details["rows"]
    open_rows = {zid: r for zid, r in rows.items() if r["cleared_on"] is None or r["cleared_on"] > today}
    if not open_rows:
        return []
    households = {r["household_id"] for r in open_rows.values()}
    marks = ",".join("?" * len(households))
    codes: dict[int, str] = {}
    heads: dict[int, int] = {}
    for hid, code in query(f"SELECT id, code FROM household WHERE id IN ({marks})", sorted(households)):
        codes[int(hid)] = str(code)
    for hid, pid in query(
        f"SELECT household_id, id FROM person WHERE household_id IN ({marks}) "
        "ORDER BY household_id, relation <> '户主', birth_date DESC",
        sorted(households),
    ):
        heads.setdefault(int(hid), int(pid))
    out = []
    for r in open_rows.values():
        hid = r["household_id"]
        deadline: dt.date = r["deadline"]
        out.append(
            TodoItem(
                ZERO_FAMILY,
                deadline,
                (deadline - today).days,
                "household",
                hid,
                heads.get(hid),
                f"零就业家庭 {codes.get(hid, '')} 认定于 {md(r['recognized_on'], today)}，"
                f"{md(deadline, today)}前须有一人就业，{days_text((deadline - today).days)}",
                OPEN_PERSON,
            )
        )
    return out


def long_term_items(today: dt.date) -> list[TodoItem]:
    """Open registrations (not 个人原因未就业) reaching 6 or 12 months within ``NOTICE_DAYS`` or past it;
    one line per person for the nearest threshold."""
    horizon = today + dt.timedelta(days=NOTICE_DAYS)
    period = Period(horizon, horizon)
    found: dict[int, tuple[int, dt.date]] = {}
    for months in LONG_TERM_MONTHS:  # 12 after 6: the longer threshold wins
        res = long_term_unemployed(period, months)
        for pid, start in res.details["registered_on"].items():
            found[pid] = (months, start)
    names = _names(found)
    out = []
    for pid, (months, start) in found.items():
        if start > today:
            continue
        due = add_months(start, months)
        left = (due - today).days
        if left > 0:
            tail = f"将于 {md(due, today)}满{months}个月，{days_text(left)}"
        elif left == 0:
            tail = f"今天（{md(due, today)}）满{months}个月"
        else:
            tail = f"已于 {md(due, today)}满{months}个月"
        out.append(
            TodoItem(
                LONG_TERM,
                due,
                left,
                "person",
                pid,
                pid,
                f"登记失业人员 {names.get(pid, '')} 登记于 {md(start, today)}，{tail}",
                OPEN_PERSON,
                {"months": months},
            )
        )
    return out


def assessment_year(today: dt.date) -> tuple[Period, dt.date]:
    """The assessment year so far (1 October .. today) and its last day (30 September)."""
    end_year = today.year if today.month <= 9 else today.year + 1
    return Period(dt.date(end_year - 1, 10, 1), today), dt.date(end_year, 9, 30)


def graduate_items(today: dt.date) -> list[TodoItem]:
    """Graduates who want work and are not placed, short of the service package of the current
    assessment year: the cohort the standard will assess on 30 September (毕业年份 = that year, so from
    1 October the next cohort), counting the services recorded since 1 October (none can be dated
    later than today)."""
    so_far, due = assessment_year(today)
    result = graduate_services(Period(so_far.start, due))
    missing: dict[int, dict[str, int]] = result.details["missing"]
    names = _names(missing)
    out = []
    for pid, short in missing.items():
        parts = "、".join(f"{req} {n} 次" for req, n in short.items())
        first = next(req for req in REQUIREMENTS if req in short)
        out.append(
            TodoItem(
                GRADUATE_SERVICES,
                due,
                (due - today).days,
                "person",
                pid,
                pid,
                f"高校毕业生 {names.get(pid, '')} 尚缺 {parts}",
                OPEN_SERVICE,
                {"service_kind": REQUIREMENT_SERVICE[first], "missing": dict(short)},
            )
        )
    return out


def referral_items(today: dt.date) -> list[TodoItem]:
    """Referrals with no 回访 ``referrals.FOLLOW_UP_DAYS`` days after 推荐日期 (the rule of
    ``referrals.due_follow_ups``, read here with one plain query: at town scale peewee's row conversion
    of that function's wider rows alone costs more than this whole rule)."""
    days = referrals.FOLLOW_UP_DAYS
    cutoff = today - dt.timedelta(days=days)
    # NOT INDEXED: the referrals up to the cutoff are nearly all of them, and one pass over the table in
    # its own order costs a sixth of walking the referred_on index with a lookup per row (which also grew
    # faster than the table); the few found are sorted.
    rows = query(
        "SELECT r.id, r.person_id, p.name, r.vacancy_id, v.code, v.title, e.name, r.referred_on "
        "FROM referral r NOT INDEXED JOIN person p ON p.id = r.person_id "
        "JOIN vacancy v ON v.id = r.vacancy_id "
        "JOIN employer e ON e.id = v.employer_id "
        "WHERE r.followed_up_on IS NULL AND r.referred_on <= ? ORDER BY r.referred_on, r.id",
        (cutoff.isoformat(),),
    )
    out = []
    for rid, pid, name, vid, code, title, employer, referred in rows:
        on = dt.date.fromisoformat(referred)
        due = on + dt.timedelta(days=days)
        out.append(
            TodoItem(
                REFERRAL_FOLLOW_UP,
                due,
                (due - today).days,
                "referral",
                rid,
                pid,
                f"推荐 {name} 到 {employer} {title}（{code}）已 {(today - on).days} 天，尚未回访",
                OPEN_REFERRAL,
                {"vacancy_id": vid},
            )
        )
    return out


def vacancy_items(today: dt.date) -> list[TodoItem]:
    """Vacancies still 招聘中 whose 有效期至 has passed."""
    rows = query(
        "SELECT v.id, v.code, v.title, e.name, v.valid_until FROM vacancy v "
        "JOIN employer e ON e.id = v.employer_id "
        "WHERE v.status = '招聘中' AND v.valid_until IS NOT NULL AND v.valid_until < ?",
        (today.isoformat(),),
    )
    out = []
    for vid, code, title, employer, until in rows:
        d = to_date(until)
        assert d is not None
        out.append(
            TodoItem(
                VACANCY_EXPIRED,
                d,
                (d - today).days,
                "vacancy",
                int(vid),
                None,
                f"岗位 {code} {title}（{employer}）有效期至 {md(d, today)}，已过期，请关闭或延期",
                OPEN_VACANCY,
            )
        )
    return out


def survey_items(today: dt.date) -> list[TodoItem]:
    """Persons whose 调查日期 is older than 12 months, or will be within ``NOTICE_DAYS``: the persons the
    indicator ``survey_fresh`` counts as stale ``NOTICE_DAYS`` days ahead."""
    horizon = today + dt.timedelta(days=NOTICE_DAYS)
    stale = sorted(survey_fresh(Period(horizon, horizon), SURVEY_MONTHS).sets["stale"])
    rows: list[tuple[Any, ...]] = []
    for i in range(0, len(stale), 900):
        chunk = stale[i : i + 900]
        marks = ",".join("?" * len(chunk))
        rows += query(f"SELECT id, name, survey_date FROM person WHERE id IN ({marks})", chunk)
    out = []
    for pid, name, survey in rows:
        d = to_date(survey)
        assert d is not None
        due = add_months(d, SURVEY_MONTHS)
        if due > horizon:
            continue
        left = (due - today).days
        if left < 0:
            state = "已超过12个月，请重新调查"
        elif left == 0:
            state = "今天满12个月，请重新调查"
        else:
            state = "即将满12个月，请安排重新调查"
        out.append(
            TodoItem(
                SURVEY_OUTDATED,
                due,
                left,
                "person",
                int(pid),
                int(pid),
                f"人员 {name} 调查日期 {md(d, today)}{state}",
                OPEN_PERSON,
            )
        )
    return out


def six_clear_items(today: dt.date) -> list[TodoItem]:
    """Persons not in work (就业状态 未就业) or in a key group today (registration or recognition open
    today: one cancelled today has ended, as on the 重点人员帮扶 page) whose 六清 facts are incomplete."""
    cols = ", ".join(f for f, _label in SIX_CLEAR_FIELDS)
    empty = " OR ".join(f"{filled_sql(f)} = 0" for f, _label in SIX_CLEAR_FIELDS)
    rows = query(
        f"SELECT id, name, employment_status, {cols} FROM person WHERE ({empty}) AND ("
        "  employment_status = ? "
        f"  OR id IN (SELECT person_id FROM registration WHERE {registration_open_sql()}) "
        f"  OR id IN (SELECT person_id FROM recognition WHERE {recognition_open_sql()}))",
        (UNEMPLOYED, *day_params(today), *day_params(today)),
    )
    out = []
    for row in rows:
        pid, name, status = int(row[0]), row[1], row[2]
        lacking = [
            label
            for (fname, label), value in zip(SIX_CLEAR_FIELDS, row[3:], strict=True)
            if is_blank(value) and (fname not in _ONLY_UNEMPLOYED or status == UNEMPLOYED)
        ]
        if not lacking:
            continue
        out.append(
            TodoItem(
                SIX_CLEAR,
                None,
                None,
                "person",
                pid,
                pid,
                f"人员 {name} 六清信息缺 {'、'.join(lacking)}",
                OPEN_PERSON,
                {"missing": lacking},
            )
        )
    return out


RULE_FUNCTIONS = {
    MONTHLY_CONTACT: monthly_contact_items,
    DIFFICULTY_PLAN: plan_items,
    ZERO_FAMILY: zero_family_items,
    LONG_TERM: long_term_items,
    GRADUATE_SERVICES: graduate_items,
    REFERRAL_FOLLOW_UP: referral_items,
    VACANCY_EXPIRED: vacancy_items,
    SURVEY_OUTDATED: survey_items,
    SIX_CLEAR: six_clear_items,
}


def todo_list(today: dt.date | None = None, rules: Iterable[str] | None = None) -> list[TodoItem]:
    """Every to-do item on ``today`` (default: the real today), most urgent first; nothing about a
    person who has left the register by then."""
    day = today or dt.date.today()
    wanted = list(RULE_FUNCTIONS) if rules is None else list(rules)
    items: list[TodoItem] = []
    for rule in wanted:
        items.extend(RULE_FUNCTIONS[rule](day))
    # Nobody who has left the register (迁出 / 死亡 / 退休 / 其他) by the day is on the list.
    gone = ledger.left_by(day)
    if gone:
        items = [item for item in items if item.person_id not in gone]
    items.sort(key=TodoItem.sort_key)
    return items


def counts_by_rule(items: Iterable[TodoItem]) -> dict[str, tuple[int, int]]:
    """rule -> (items, overdue items), every rule present."""
    out = dict.fromkeys(RULES, (0, 0))
    for item in items:
        n, late = out[item.rule]
        out[item.rule] = (n + 1, late + (1 if item.overdue else 0))
    return out
