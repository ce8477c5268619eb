"""Demo generator: a realistic synthetic station (a village of 从化区良口镇) in the OPEN database.

Everything is made up but shaped like real ledgers: Chinese names drawn by surname frequency, valid ID
numbers with real region codes, households of 1-6 with relations and a shared address, the 六清 facts,
and about three years of history up to ``today`` that the standards count — unemployment registrations
with every kind of cancellation, employment-difficulty recognitions with plans and monthly contacts,
zero-employment families, graduates, postings, referrals, training and services.

The station looks like a decent one preparing its application: over the last completed assessment year
(1 October - 30 September before ``today``) the re-employment rate lands in 82-90 % and the difficulty
employment rate in 80-90 % (histories are planned first and their outcomes calibrated), graduates are
placed, one zero-employment family is cleared late, a couple of plans are late, a handful of persons miss
a monthly contact, one graduate is a service short; today's to-do list has a few dozen lines (the
deliberate gaps grow slowly with the size, not in proportion).

The result is deterministic for a seed (and ``today``). It never breaks a ledger rule: registrations and
recognitions of one person never overlap, every cancellation has its reason, no date lies after
``today``. All rows are written in one transaction with ``insert_many`` in chunks, with explicit ids so
the foreign keys need no read-back; 50,000 persons take a few seconds. The audit trail gets one entry
for the whole demo, not one per row.

The module is one long generator class on purpose (over 600 lines): its steps draw from one random stream
in a fixed order and calibrate each other's outcomes (registrations, then recognitions, then the contacts
that keep the rates in range), so the order of the draws is the contract that makes a seed reproducible;
the word lists live apart in :mod:`app.demo.names`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from app.accounts import audit
from app.core import codes
from app.core.dates import add_months, add_years, age_on, month_end, month_start
from app.core.errors import UserError
from app.core.idcard import make_id
from app.core.settings import DEMO_STATION
from app.core.validators import credit_code_check
from app.core.workage import is_working_age, retirement_date
from app.demo import names as N
from app.demo.real_columns import PersonFacts, RealColumns
from app.jobs import referrals
from db.bulk import indexes_deferred
from db.models import (
    BaseModel,
    Complaint,
    Employer,
    Employment,
    Event,
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
    StarRating,
    StationProfile,
    TrainingReferral,
    Vacancy,
    ZeroFamily,
    database,
)

Progress = Callable[[int, int, str], None]
T = TypeVar("T")

MAX_PERSONS = 500_000
_CHUNK = 5000
# Chinese titles of the tables the generator fills, in the order they are written.
TABLE_TITLES: dict[str, str] = {
    "station_profile": "站点信息",
    "star_rating": "星级评定",
    "staff": "工作人员",
    "employer": "用人单位",
    "vacancy": "岗位",
    "household": "户",
    "person": "人员",
    "registration": "失业登记",
    "recognition": "就业困难认定",
    "employment": "就业记录",
    "zero_family": "零就业家庭",
    "graduate": "高校毕业生",
    "service_plan": "服务计划",
    "service": "服务记录",
    "referral": "推荐记录",
    "training_referral": "培训推荐",
    "job_seeking": "求职登记",
    "complaint": "投诉",
    "event": "活动",
}


@dataclass
class DemoSummary:
    persons: int
    seed: int
    today: dt.date
    counts: dict[str, int] = field(default_factory=dict)  # table name -> rows written

    def lines(self) -> list[str]:
        """The counts as Chinese lines (for the command line and the window)."""
        return [f"{TABLE_TITLES.get(k, k)}：{v:,}" for k, v in self.counts.items()]


def generate_demo(
    persons: int = 2000,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> DemoSummary:
    """Fill the open (empty) database with a synthetic station of ``persons`` residents."""
    if not 1 <= persons <= MAX_PERSONS:
        raise UserError(f"演示人数应在 1 至 {MAX_PERSONS:,} 之间，现为 {persons}")
    today = today or dt.date.today()
    _refuse_non_empty()
    report = progress or (lambda done, total, text: None)
    gen = _Generator(persons, seed, today)
    gen.build(report)
    with (
        database.atomic(),
        audit.silent("demo", detail=f"生成演示数据：{persons} 人，随机种子 {seed}"),
        indexes_deferred(database.connection(), TABLE_TITLES),  # built once after the load (db.bulk)
    ):
        counts = gen.write(report)
    return DemoSummary(persons=persons, seed=seed, today=today, counts=counts)


def _refuse_non_empty() -> None:
    filled = [
        (title, model.select().count())
        for title, model in (("人员", Person), ("户", Household), ("用人单位", Employer), ("岗位", Vacancy))
    ]
    filled = [(t, c) for t, c in filled if c]
    if filled:
        what = "、".join(f"{t} {c:,} 条" for t, c in filled)
        raise UserError(
            f"数据文件中已有数据（{what}），演示数据只能写入新的空数据文件，以免与真实台账混在一起。"
            "请用 --db 指定一个新文件名。"
        )


# ---------------------------------------------------------------------------- the generator


@dataclass
class _P:
    """A person being made (plain attributes; turned into a row at the end)."""

    id: int
    id_number: str
    name: str
    male: bool
    birth: dt.date
    household_id: int
    relation: str
    hukou: str
    address: str
    grid: str
    phone: str
    education: str
    labor_ability: str
    status: str
    employer: str
    unemployment_reason: str
    family_situation: str
    job_intention: str
    skills: str
    social_security: str
    wants_work: bool | None
    training_need: bool
    training_intention: str
    disabled: bool
    survey_date: dt.date
    surveyor: str
    expected_pay: int | None
    desired_job_kind: str
    note: str = ""
    working: bool = True  # of working age on ``today``
    busy: bool = False  # has a history (registration, recognition, zero family, graduate)
    last_job: dt.date | None = None


@dataclass(eq=False)
class _Spell:
    """A registration or recognition span being planned; ``label`` is its outcome class."""

    start: dt.date
    end: dt.date | None
    label: str  # open | personal | employed | non_employment | kept | "" (not decided yet)
    fixed: bool = False  # the story decided the label (a job follows it)


def _best_count(
    least: int, most: int, denominator: int, lo: Fraction, hi: Fraction, target: Fraction
) -> int | None:
    """The count E in [least, most] with lo <= E / denominator < hi closest to ``target``; None when no
    count is in the band (an empty denominator counts as in the band)."""
    if denominator <= 0:
        return least
    first = max(least, math.ceil(lo * denominator))  # lo <= E / d
    last = min(most, math.ceil(hi * denominator) - 1)  # E / d < hi
    if first > last:
        return None
    ideal = target * denominator
    near = {max(first, min(last, e)) for e in (math.floor(ideal), math.ceil(ideal))}
    return min(near, key=lambda e: (abs(Fraction(e, denominator) - target), e))


class _Weighted:
    """Fast weighted choice from (value, weight) pairs."""

    def __init__(self, pairs: Sequence[tuple[Any, float]]) -> None:
        self.values = [v for v, _ in pairs]
        self.cum = list(itertools.accumulate(w for _, w in pairs))

    def pick(self, r: random.Random) -> Any:
        return self.values[bisect.bisect_right(self.cum, r.random() * self.cum[-1])]


def _w(d: dict[str, float]) -> _Weighted:
    return _Weighted(list(d.items()))


_SIZES = _Weighted([(1, 15), (2, 31), (3, 28), (4, 16), (5, 7), (6, 3)])
_EDU_YOUNG = _w(
    {
        "研究生": 1.5,
        "大学本科": 12,
        "大学专科": 17,
        "中专": 12,
        "技校": 4,
        "高中": 22,
        "初中": 28,
        "小学及以下": 3.5,
    }
)
_EDU_OLD = _w(
    {
        "研究生": 0.2,
        "大学本科": 3,
        "大学专科": 5,
        "中专": 6,
        "技校": 2,
        "高中": 18,
        "初中": 42,
        "小学及以下": 24,
    }
)
_STATUS = _w(
    {"单位就业": 44, "个体经营": 7, "创办企业": 1.5, "灵活就业": 24, "公益性岗位": 1, "未就业": 14, "其他": 3}
)
_JOB_FORM = _w({"单位就业": 60, "灵活就业": 25, "个体经营": 8, "创办企业": 2, "公益性岗位": 5})
_REG_OUTCOME = _w({"open": 5, "closed": 93, "personal": 2})
# Cancellation class of a closed registration outside the calibrated period.
_CLOSED_OUTCOME = _w({"employed": 85, "non_employment": 7, "kept": 8})
_NONEMP = _w(
    {"入学": 3, "服兵役": 2, "移居境外": 2, "完全丧失劳动能力": 2, "被判刑收监执行": 0.5, "死亡": 0.5}
)
_KEPT = _w({"连续6个月未联系": 5, "终止求职或拒绝公共就业服务": 3, "其他": 2})
_LEVEL = _w({"一级": 3, "二级": 4, "三级": 3})
_DESTINATION = _w({"就业": 60, "灵活就业": 15, "自主创业": 5, "升学": 10, "参军": 3, "出国": 2, "其他": 5})
_DEGREE = _w({"大学专科": 50, "大学本科": 45, "研究生": 5})
_VAC_KIND = _w({"全日制": 55, "非全日制": 15, "公益性岗位": 8, "零工": 22})
_TRAIN_KIND = _w({"职业技能培训": 70, "创业培训": 15, "就业见习": 15})
_REF_OUTCOME = _w({"已面试": 25, "已录用": 18, "未录用": 30, "未到岗": 12, "待反馈": 15})
_DECIDED = ("已面试", "未录用", "未录用", "未到岗")
_SERVICE_KIND = _w(
    {
        "政策宣介": 22,
        "职业指导": 12,
        "岗位推荐": 14,
        "培训推荐": 6,
        "就业见习推荐": 1,
        "创业服务": 3,
        "档案服务": 2,
        "帮办失业登记": 1,
        "帮办就困认定": 0.5,
        "帮办补贴申领": 4,
        "跟踪回访": 15,
        "上门走访": 16,
        "其他": 3,
    }
)
_CONTACT_KIND = _w({"跟踪回访": 35, "上门走访": 25, "职业指导": 15, "岗位推荐": 15, "政策宣介": 10})
_MODE = _w({"电话": 35, "来访": 35, "上门": 20, "线上": 10})
_FAMILY = _Weighted(list(N.FAMILY_SITUATIONS))
_SURNAME = _Weighted(list(N.SURNAMES))
_LOCAL = _Weighted(list(N.LOCAL_REGIONS))
_OTHER = _Weighted(list(N.OTHER_REGIONS))
_EMPLOYER_TYPE = _w({k: float(v) for k, v in N.EMPLOYER_TYPE_WEIGHTS.items()})
_COLLECT = _w({k: float(v) for k, v in N.COLLECT_METHOD_WEIGHTS.items()})
_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_NUMERALS = "一二三四五六七八九十"


class _Generator:
    def __init__(self, persons: int, seed: int, today: dt.date) -> None:
        self.n = persons
        self.seed = seed
        self.r = random.Random(f"stationdesk-demo-{seed}")
        self.today = today
        self.start = add_years(today, -3)
        # The Guangzhou assessment year (1 Oct - 30 Sep): the one in progress and the last completed one.
        first = dt.date(today.year if today.month >= 10 else today.year - 1, 10, 1)
        self.current = (first, self.days(add_years(first, 1), -1))
        self.last = (add_years(first, -1), self.days(first, -1))
        # Registrations open on the last period's end started after this day (nobody unemployed for a
        # year then: item 1.5 is met).
        self.no_long_term_after = self.days(add_months(self.last[1], -12), 1)
        self.stamp = dt.datetime.combine(today, dt.time(9, 0))
        self.used_ids: set[str] = set()
        self.people: list[_P] = []
        self.households: list[tuple[int, str, str]] = []
        self.household_members: dict[int, list[_P]] = {}
        self.staff: list[tuple] = []
        self.staff_names: list[str] = []
        self.employers: list[tuple] = []  # rows
        self.vacancies: list[tuple] = []  # rows
        self.vac_dates: list[dt.date] = []  # collected_on per vacancy (index = id - 1)
        self.vac_info: list[tuple[int, str, str]] = []  # (employer id, kind, employer name)
        self.registrations: list[tuple] = []
        self.recognitions: list[tuple] = []
        self.employments: dict[tuple[int, dt.date, str], list[Any]] = {}
        self.zero_families: list[tuple] = []
        self.graduates: list[tuple] = []
        self.plans: dict[tuple[int, dt.date], tuple] = {}
        self.services: dict[tuple[int, dt.date, str], tuple] = {}
        self.referrals: dict[tuple[int, int, dt.date], tuple] = {}
        self.trainings: dict[tuple[int, dt.date, str], tuple] = {}
        # Person id -> (from, to, 服务类型 or "" for any): no service there (the gaps the demo shows).
        self.blocked: dict[int, list[tuple[dt.date, dt.date, str]]] = {}
        self.trainings_by_person: dict[int, list[tuple[int, dt.date, str]]] = {}
        self.complaints: list[tuple] = []
        self.events: dict[tuple[dt.date, str], tuple] = {}
        self.recognized: list[tuple[_P, dt.date, dt.date | None, str]] = []

    # ------------------------------------------------------------------ small helpers

    def between(self, a: dt.date, b: dt.date) -> dt.date:
        if b <= a:
            return a
        return a + dt.timedelta(days=self.r.randrange((b - a).days + 1))

    def recent(self, a: dt.date | None = None) -> dt.date:
        """A date in [a, today], more often recent than old."""
        a = a or self.start
        span = (self.today - a).days
        return self.today - dt.timedelta(days=int(span * self.r.random() ** 1.6))

    def days(self, d: dt.date, n: int) -> dt.date:
        return d + dt.timedelta(days=n)

    def clip(self, d: dt.date | None) -> dt.date | None:
        return d if d is not None and d <= self.today else None

    def choice(self, seq: Sequence[T]) -> T:
        return seq[int(self.r.random() * len(seq))]

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    def person_name(self, male: bool, surname: str | None = None) -> str:
        surname = surname or _SURNAME.pick(self.r)
        chars = N.MALE_CHARS if male else N.FEMALE_CHARS
        given = self.choice(chars)
        if self.r.random() < 0.86:
            given += self.choice(chars)
        return surname + given

    def surname_of(self, name: str) -> str:
        return name[:2] if name[:2] in ("欧阳", "司徒") else name[0]

    def id_number(self, birth: dt.date, male: bool, local: bool) -> str:
        for _ in range(200):
            if local:
                region = "440117" if birth.year >= 2014 else _LOCAL.pick(self.r)
            else:
                region = _OTHER.pick(self.r)
            seq = self.r.randrange(500) * 2 + (1 if male else 0)
            number = make_id(region, birth, seq)
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
        raise RuntimeError("could not draw a unique ID number")  # pragma: no cover

    def birth_for_age(self, age: int) -> dt.date:
        return self.days(add_years(self.today, -age), -self.r.randrange(1, 365))

    def phone(self) -> str:
        return f"1{self.choice('3578935789')}{self.r.randrange(10**9):09d}"

    def landline(self) -> str:
        return f"020-{self.choice(('8784', '8785', '8786', '6198'))}{self.r.randrange(10**4):04d}"

    def service(
        self, p: _P, day: dt.date, kind: str, mode: str = "", result: str = "", follow: bool = False
    ) -> bool:
        key = (p.id, day, kind)
        if day > self.today or key in self.services:
            return False
        for a, b, k in self.blocked.get(p.id, ()):
            if a <= day <= b and k in ("", kind):
                return False
        mode = mode or ("上门" if kind == "上门走访" else _MODE.pick(self.r))
        nxt = self.clip(self.days(day, self.r.randint(7, 30))) if follow else None
        self.services[key] = (
            p.id,
            day,
            kind,
            mode,
            self.choice(N.SERVICE_CONTENT[kind]),
            result or self.choice(N.SERVICE_RESULTS),
            self.choice(self.staff_names),
            nxt,
        )
        return True

    def service_in(self, p: _P, a: dt.date, b: dt.date, kind: str) -> bool:
        return any(self.service(p, self.between(a, min(b, self.today)), kind) for _ in range(6))

    def employ(
        self, p: _P, day: dt.date, form: str, employer: str = "", vacancy_id: int | None = None
    ) -> list[Any]:
        key = (p.id, day, form)
        row = self.employments.get(key)
        if row is None:
            if not employer:
                employer = self.employer_for(form)
            row = [p.id, day, form, employer, vacancy_id, None]
            self.employments[key] = row
        if p.last_job is None or day >= p.last_job:
            p.last_job = day
            p.status = form
            p.employer = row[3]
            p.unemployment_reason = ""
        return row

    def employer_for(self, form: str) -> str:
        if form == "灵活就业":
            return self.choice(("网约车司机", "外卖配送", "打零工", "电商代销", "家政钟点工", ""))
        if form in ("个体经营", "创办企业"):
            return self.choice(
                ("自营小卖部", "自营农家乐", "自营果园", "自营汽修店", "自营快餐店", "自营民宿")
            )
        if form == "公益性岗位":
            return f"{N.STATION_VILLAGE}村民委员会"
        return self.choice(self.employers)[1]

    # ------------------------------------------------------------------ build

    def build(self, report: Progress) -> None:
        steps: list[tuple[str, Callable[[], None]]] = [
            ("正在生成站点和工作人员…", self.make_station),
            ("正在生成用人单位和岗位…", self.make_employers),
            ("正在生成户和人员…", self.make_people),
            ("正在生成零就业家庭…", self.make_zero_families),
            ("正在生成高校毕业生…", self.make_graduates),
            ("正在生成失业登记…", self.make_registrations),
            ("正在生成就业困难认定…", self.make_recognitions),
            ("正在生成服务计划和每月联系…", self.make_plans_and_contacts),
            ("正在生成推荐和培训记录…", self.make_referrals_and_training),
            ("正在生成服务记录…", self.make_services),
            ("正在生成投诉和活动…", self.make_complaints_and_events),
        ]
        total = len(steps) * 2
        for i, (text, step) in enumerate(steps):
            report(i, total, text)
            step()

    def make_station(self) -> None:
        t = self.today
        natures = (
            ("专职", 7, "大学本科", "职业指导师（四级）", 40),
            ("专职", 3, "大学专科", "", 90),
            ("兼职", 1, "高中", "", 420),
        )
        for nature, years, edu, cert, trained_ago in natures:
            male = self.chance(0.4)
            age = self.r.randint(28, 48)
            birth = self.birth_for_age(age)
            name = self.person_name(male)
            while name in self.staff_names:
                name = self.person_name(male)
            self.staff_names.append(name)
            started = self.days(add_years(t, -years), -self.r.randint(20, 200))
            trained = self.days(t, -trained_ago - self.r.randint(0, 20))
            self.staff.append((name, self.id_number(birth, male, True), nature, edu, started, cert, trained))

    def make_employers(self) -> None:
        count = max(3, round(self.n / 16))
        names: set[str] = set()
        by_type: dict[str, list[str]] = {}
        for kind, suffix in N.COMPANY_TRADES:
            by_type.setdefault(kind, []).append(suffix)
        for i in range(count):
            kind = _EMPLOYER_TYPE.pick(self.r)
            for attempt in itertools.count():
                word = self.choice(N.TRADE_WORDS)
                if attempt > 20:
                    word += self.choice(N.TRADE_WORDS)
                suffix = self.choice(by_type[kind])
                if kind in ("企业", "家政", "平台企业"):
                    name = f"广州市{word}{suffix}"
                elif kind == "机关事业单位":
                    name = (
                        f"从化区{N.STATION_TOWN}{word}{suffix}" if suffix != "卫生院" else f"{word}{suffix}"
                    )
                elif kind == "农民专业合作社":
                    name = f"广州市从化区{word}{suffix}"
                else:
                    name = f"{N.STATION_TOWN}{word}{suffix}"
                if name not in names:
                    break
            names.add(name)
            head = N.CREDIT_PREFIX[kind] + self.choice(("440117", "440184"))
            body = "".join(self.choice(_CREDIT_CHARS[:10]) for _ in range(8)) + self.choice(_CREDIT_CHARS)
            first17 = head + body
            contact = self.person_name(self.chance(0.5))
            phone = self.landline() if self.chance(0.3) else self.phone()
            grid = self.choice(N.GRID_NAMES)
            addr = f"{N.STATION_CITY}{N.STATION_DISTRICT}{N.STATION_TOWN}{grid}路{self.r.randint(1, 180)}号"
            self.employers.append(
                (i + 1, name, kind, first17 + credit_code_check(first17), contact, phone, addr)
            )
        self.make_vacancies()

    def make_vacancies(self) -> None:
        count = max(4, round(self.n / 6))
        kinds = ("全日制", "非全日制", "公益性岗位", "零工")
        elements = ("hours", "requirements", "pay_text", "contact", "phone")
        rows = []
        for i in range(count):
            kind = kinds[i] if i < 4 else _VAC_KIND.pick(self.r)
            emp = self.choice(self.employers)
            title = self.choice(N.VACANCY_TITLES[kind])
            collected = self.recent()
            if kind == "零工":
                day_lo = self.r.randrange(120, 260, 10)
                day_hi = day_lo + self.r.randrange(20, 80, 10)
                pay_text = f"{day_lo}-{day_hi}元/天"
                pay_min, pay_max = day_lo * 22, day_hi * 22
            elif kind == "非全日制":
                hour = self.r.randrange(20, 36)
                pay_text = f"{hour}元/小时"
                pay_min, pay_max = hour * 80, hour * 100
            else:
                pay_min = self.r.randrange(2300, 6500, 100) if kind != "公益性岗位" else 2300
                pay_max = pay_min + self.r.randrange(0, 3001, 500)
                pay_text = f"{pay_min}-{pay_max}元/月" if pay_max > pay_min else f"{pay_min}元/月"
            values = {
                "hours": self.choice(N.HOURS[kind]),
                "requirements": self.choice(N.REQUIREMENTS),
                "pay_text": pay_text,
                "contact": emp[4],
                "phone": emp[5],
            }
            if self.chance(0.12):
                values[self.choice(elements)] = ""
            valid = self.days(collected, self.r.choice((30, 60, 90, 180)))
            if valid >= self.today:
                status = "招聘中" if self.chance(0.9) else "已招满"
            else:
                status = self.choice(("已关闭", "已关闭", "已招满"))
            channels = "" if self.chance(0.08) else self.choice(N.CHANNELS)
            rows.append(
                (
                    i + 1,
                    f"GW{collected:%Y}{i + 1:05d}",
                    emp[0],
                    title,
                    kind,
                    self.r.randint(1, 3) if kind == "公益性岗位" else self.r.randint(1, 12),
                    values["hours"],
                    values["requirements"],
                    values["pay_text"],
                    pay_min,
                    pay_max,
                    values["contact"],
                    values["phone"],
                    self.vacancy_location(i, kind, emp[6]),
                    collected,
                    _COLLECT.pick(self.r),
                    channels,
                    valid,
                    status,
                )
            )
            self.vac_dates.append(collected)
            self.vac_info.append((emp[0], kind, emp[1]))
        # A few lately expired postings are still marked 招聘中 (on today's to-do list).
        lately = [i for i, row in enumerate(rows) if self.days(self.today, -45) <= row[17] < self.today]
        for i in self.pick_few(lately, 4 + self.n // 10_000):
            rows[i] = (*rows[i][:18], "招聘中")
        self.vacancies = rows

    def grid_names(self) -> list[str]:
        return [f"第{i + 1}村民小组" for i in range(max(3, min(120, self.n // 450)))]

    def vacancy_location(self, index: int, kind: str, employer_address: str) -> str:
        """Village posts (公益性岗位, 零工) are mostly in a grid of the village, the rest at the employer.

        Chosen from the index, not the random stream, so the rest of the demo stays as it was.
        """
        if kind in ("公益性岗位", "零工") and index % 3 != 2:
            grids = self.grid_names()
            return f"{N.STATION_TOWN}{grids[index % len(grids)]}"
        return employer_address

    def make_people(self) -> None:
        grids = self.grid_names()
        ngrids = len(grids)
        pid = 0
        hid = 0
        while pid < self.n:
            hid += 1
            size = min(_SIZES.pick(self.r), self.n - pid)
            local = self.chance(0.85)
            grid = grids[(hid - 1) % ngrids] if self.chance(0.9) else self.choice(grids)
            place = f"{N.STATION_CITY}{N.STATION_DISTRICT}{N.STATION_TOWN}{N.STATION_VILLAGE}"
            addr = f"{place}{grid}{self.r.randint(1, 260)}号"
            code = f"TW{hid:06d}"
            self.households.append((hid, code, addr))
            members = self.household_specs(size)
            family = _FAMILY.pick(self.r)
            head_surname = ""
            head_male = True
            spouse_surname = ""
            made: list[_P] = []
            for relation, male, age in members:
                if relation == "户主":
                    name = self.person_name(male)
                    head_surname = self.surname_of(name)
                    head_male = male
                elif relation == "配偶":
                    name = self.person_name(male)
                    spouse_surname = self.surname_of(name)
                elif relation == "子女":
                    father = head_surname if head_male else (spouse_surname or head_surname)
                    name = self.person_name(male, father)
                elif relation == "兄弟姐妹" or (relation == "父母" and male and head_male):
                    name = self.person_name(male, head_surname)
                else:
                    name = self.person_name(male)
                pid += 1
                made.append(self.person(pid, hid, relation, name, male, age, local, addr, grid, family))
            self.household_members[hid] = made
            self.people.extend(made)
        # A few surveys are over a year old, a few more reach a year within the month (to-do list).
        for p in self.pick_few(self.people, 5 + self.n // 10_000):
            p.survey_date = self.days(self.today, -self.r.randint(370, 500))
        for p in self.pick_few(self.people, 4 + self.n // 10_000):
            p.survey_date = self.days(self.today, -self.r.randint(336, 364))

    def household_specs(self, size: int) -> list[tuple[str, bool, int]]:
        r = self.r
        head_male = r.random() < 0.8
        head_age = int(r.triangular(22, 70, 46))
        specs = [("户主", head_male, head_age)]
        if size >= 2 and r.random() < 0.9:
            specs.append(("配偶", not head_male, max(20, head_age + r.randint(-6, 4))))
        while len(specs) < size:
            if head_age - 20 >= 16 and (r.random() < 0.75 or head_age >= 52):
                specs.append(("子女", r.random() < 0.52, r.randint(16, max(16, min(head_age - 20, 40)))))
            elif head_age <= 48:
                specs.append(("父母", r.random() < 0.45, min(80, head_age + r.randint(22, 30))))
            else:
                specs.append(
                    (
                        "兄弟姐妹" if r.random() < 0.7 else "其他",
                        r.random() < 0.5,
                        head_age + r.randint(-8, 8),
                    )
                )
        return specs

    def person(
        self,
        pid: int,
        hid: int,
        relation: str,
        name: str,
        male: bool,
        age: int,
        local: bool,
        addr: str,
        grid: str,
        family: str,
    ) -> _P:
        r = self.r
        age = max(16, age)
        birth = self.birth_for_age(age)
        working = is_working_age(birth, male, self.today)
        edu = (_EDU_YOUNG if age < 45 else _EDU_OLD).pick(r)
        if not working and age >= 45:
            status = "退休" if r.random() < 0.85 else self.choice(("灵活就业", "其他"))
        elif age <= 22 and r.random() < (0.85 if age <= 18 else 0.5):
            status = "在校学生"
            edu = self.choice(("高中", "中专", "技校", "大学专科", "大学本科")) if age > 18 else "高中"
        elif male and 18 <= age <= 24 and r.random() < 0.03:
            status = "服兵役"
        else:
            status = _STATUS.pick(r)
        disabled = r.random() < 0.02
        ability = "完全劳动能力"
        if disabled or r.random() < 0.02:
            ability = "部分丧失劳动能力"
        if disabled and r.random() < 0.15:
            ability = "完全丧失劳动能力"
            status = "其他"
        employer = self.employer_for(status) if status in codes.EMPLOYED_STATUSES else ""
        unemployed = status == "未就业"
        wants = (r.random() < 0.85) if unemployed else (True if status in codes.EMPLOYED_STATUSES else None)
        need = r.random() < (0.45 if unemployed else 0.05)
        survey = self.days(self.today, -r.randint(0, 330))
        if status in ("单位就业", "公益性岗位"):
            security = "职工社保" if r.random() < 0.9 else "城乡居民社保"
        else:
            security = "城乡居民社保" if r.random() < 0.85 else self.choice(("未参保", "职工社保", "其他"))
        return _P(
            working=working,
            id=pid,
            id_number=self.id_number(birth, male, local),
            name=name,
            male=male,
            birth=birth,
            household_id=hid,
            relation=relation,
            hukou="本市户籍" if local else "外市户籍",
            address=addr,
            grid=grid,
            phone="" if r.random() < 0.05 else self.phone(),
            education=edu,
            labor_ability=ability,
            status=status,
            employer=employer,
            unemployment_reason=self.choice(N.UNEMPLOYMENT_REASONS) if unemployed else "",
            family_situation=family,
            job_intention=self.choice(N.JOB_INTENTIONS) if (unemployed or r.random() < 0.2) else "",
            skills=self.choice(N.SKILLS),
            social_security=security,
            wants_work=wants,
            training_need=need,
            training_intention=self.choice(N.TRAINING_INTENTIONS) if need else "",
            disabled=disabled,
            survey_date=survey,
            surveyor=self.choice(self.staff_names),
            expected_pay=r.randrange(3000, 7501, 500) if unemployed and wants else None,
            desired_job_kind=self.choice(("全日制", "全日制", "非全日制", "零工"))
            if unemployed and wants
            else "",
        )

    def set_unemployed(self, p: _P, reason: str = "", wants: bool = True) -> None:
        p.status = "未就业"
        p.employer = ""
        p.unemployment_reason = reason or p.unemployment_reason or self.choice(N.UNEMPLOYMENT_REASONS)
        p.wants_work = wants
        p.job_intention = p.job_intention or self.choice(N.JOB_INTENTIONS)
        if wants:
            p.expected_pay = p.expected_pay or self.r.randrange(3000, 7501, 500)
            p.desired_job_kind = p.desired_job_kind or "全日制"

    def working_age_adults(self, p: _P) -> bool:
        return (
            not p.busy
            and p.status not in ("在校学生", "服兵役", "退休")
            and p.labor_ability != "完全丧失劳动能力"
            and p.working
        )

    # ------------------------------------------------------------------ histories

    def make_zero_families(self) -> None:
        want = 3 + self.n // 5000
        candidates = [
            hid
            for hid, members in self.household_members.items()
            if len(members) >= 2 and sum(self.working_age_adults(m) for m in members) >= 2
        ]
        self.r.shuffle(candidates)
        for i, hid in enumerate(candidates[:want]):
            members = self.household_members[hid]
            adults = [m for m in members if self.working_age_adults(m)]
            for m in members:
                m.busy = True
                m.family_situation = "零就业家庭"
                if m in adults:
                    self.set_unemployed(m, "单位裁员")
            # The first is cleared late within the last period (item 1.4 visibly lost), the second was
            # recognised days ago (on today's to-do list); the others found work within the month.
            late = i == 0
            pending = i == 1
            if pending:
                rec = self.days(self.today, -self.r.randint(3, 20))
                self.zero_families.append((hid, rec, None))
                continue
            if late:
                rec = self.between(self.last[0], self.days(self.last[1], -62))
            else:
                rec = self.between(self.start, self.days(self.today, -75))
            deadline = add_months(rec, 1)
            cleared = (
                self.days(deadline, self.r.randint(5, 30)) if late else self.days(rec, self.r.randint(5, 27))
            )
            cleared = min(cleared, self.today) if late else min(cleared, deadline)
            worker = adults[0]
            self.employ(worker, cleared, self.choice(("公益性岗位", "单位就业", "灵活就业")))
            self.zero_families.append((hid, rec, cleared if self.chance(0.6) else None))
            # Another member was recognised as a difficulty person; the job ends that by rule (六).
            other = adults[1]
            recognized = self.days(rec, self.r.randint(0, 4))
            if recognized < cleared:
                self.add_recognition(
                    other, recognized, ["零就业家庭"], cleared, codes.DIFFICULTY_CANCEL_ZERO_FAMILY
                )

    def make_graduates(self) -> None:
        """Graduates of the last two completed assessment years: most placed by 30 September; of the
        last year about one in twelve is not (each with the service package, one or two short of it)."""
        want = max(1, round(self.n * 0.01))
        pool = [p for p in self.people if not p.busy and 21 <= age_on(p.birth, self.today) <= 25]
        self.r.shuffle(pool)
        last_year = self.last[1].year
        chosen = pool[:want]
        for year in (last_year, last_year - 1):
            group = [p for i, p in enumerate(chosen) if (i % 2 == 0) == (year == last_year)]
            rows = [(p, self.chance(0.1), self.chance(0.92)) for p in group]  # (person, hardship, wants)
            seekers = [i for i, (_p, hardship, wants) in enumerate(rows) if wants and not hardship]
            unplaced_n = max(1, len(rows) * 8 // 100)
            if not rows or Fraction(len(rows) - unplaced_n, len(rows)) < Fraction(9, 10):
                unplaced_n = 0
            unplaced = self.pick_few(seekers, unplaced_n)
            short = set(self.pick_few(unplaced, 1 + self.n // 25_000)) if year == last_year else set()
            for i, (p, hardship, wants) in enumerate(rows):
                self.graduate(p, year, hardship, wants, i in unplaced, i in short)

    def graduate(self, p: _P, year: int, hardship: bool, wants: bool, unplaced: bool, short: bool) -> None:
        leave = dt.date(year, 7, 1)
        assessed = dt.date(year, 9, 30)  # the end of the assessment year they are counted in
        degree = _DEGREE.pick(self.r)
        p.busy = True
        p.education = degree
        placed: dt.date | None = None
        dest = ""
        if not unplaced:
            placed = self.between(self.days(leave, 10), self.days(leave, 80))
        elif self.chance(0.5):
            placed = self.clip(self.between(self.days(assessed, 5), self.days(assessed, 200)))
        if placed is not None:
            if hardship and wants:
                dest = self.choice(("就业", "就业", "灵活就业"))
            else:
                dest = _DESTINATION.pick(self.r) if wants else self.choice(("升学", "出国", "其他"))
        self.graduates.append(
            (p.id, year, self.choice(N.SCHOOLS), self.choice(N.MAJORS), degree, hardship, wants, placed, dest)
        )
        if unplaced:
            # Services the Guangzhou standard asks for (item 3.7) between leaving and 30 September.
            needs = [("政策宣介", 1), ("职业指导", 3), ("岗位推荐", 3), ("培训推荐", 1), ("档案服务", 1)]
            if short:  # one service short (a kind that no referral row can stand in for)
                kind, k = self.choice([x for x in needs if x[0] in ("政策宣介", "职业指导", "档案服务")])
                needs[needs.index((kind, k))] = (kind, k - 1)
                self.blocked.setdefault(p.id, []).append((self.last[0], self.last[1], kind))
            for kind, k in needs:
                for _ in range(k):
                    self.service_in(p, leave, min(assessed, self.today), kind)
        if placed is None:
            self.set_unemployed(p, "毕业未就业")
        elif dest == "就业":
            self.employ(p, placed, "单位就业")
        elif dest == "灵活就业":
            self.employ(p, placed, "灵活就业")
        elif dest == "自主创业":
            self.employ(p, placed, self.choice(("个体经营", "创办企业")))
        else:
            p.status = {"升学": "在校学生", "参军": "服兵役"}.get(dest, "其他")
            p.employer = ""
            p.wants_work = None

    def add_registration(
        self,
        p: _P,
        start: dt.date,
        end: dt.date | None,
        reason: str,
        personal: bool = False,
        note: str = "",
    ) -> None:
        self.registrations.append((p.id, start, end, reason, personal, note))
        if self.chance(0.7):
            self.service(p, start, "帮办失业登记", "来访", "已办结")

    def add_recognition(
        self,
        p: _P,
        start: dt.date,
        cats: list[str],
        end: dt.date | None = None,
        reason: str = "",
        level: str = "",
    ) -> None:
        level = level or _LEVEL.pick(self.r)
        self.recognitions.append((p.id, start, "、".join(dict.fromkeys(cats)), level, end, reason))
        self.recognized.append((p, start, end, level))
        if self.chance(0.6):
            self.service(p, start, "帮办就困认定", "来访", "已办结")

    def make_registrations(self) -> None:
        """Registration histories, planned first as spells, then calibrated so that the last completed
        period scores a realistic 登记失业人员就业率 (about 82-89 %), then written out."""
        want = max(1, round(self.n * 0.05))
        pool = [p for p in self.people if self.working_age_adults(p)]
        self.r.shuffle(pool)
        self.registered: list[tuple[_P, dt.date, dt.date | None, str]] = []
        plans: list[tuple[_P, list[_Spell]]] = []
        for p in pool[:want]:
            p.busy = True
            plans.append((p, self.registration_plan()))
        self.calibrate_registrations(plans)
        for p, spells in plans:
            self.registration_history(p, spells)
        self.retirement_cancellations()

    def registration_plan(self) -> list[_Spell]:
        """One person's registration spells (dates only; the cancellation class of the last spell is
        decided later, except where the story fixes it)."""
        r = self.r
        outcome = _REG_OUTCOME.pick(r)
        floor = self.no_long_term_after
        if outcome == "open":
            start = self.days(self.today, -r.randint(3, 300))
            return [_Spell(max(start, floor), None, "open")]
        if outcome == "personal":
            start = self.between(self.days(self.today, -540), self.days(self.today, -5))
            return [_Spell(start, None, "personal")]
        start = self.between(self.start, self.days(self.today, -25))
        spell = r.randint(15, 75) if r.random() < 0.8 else r.randint(75, 200)
        end = self.days(start, spell)
        if end > self.today:
            return [_Spell(max(start, floor), None, "open")]
        again = self.days(end, r.randint(60, 400))
        if r.random() < 0.15 and again <= self.days(self.today, -5):
            first = _Spell(start, end, "employed", fixed=True)
            if r.random() < 0.7 and self.days(again, 20) <= self.today:
                second_end = self.between(self.days(again, 15), min(self.today, self.days(again, 200)))
                return [first, _Spell(again, second_end, "")]
            return [first, _Spell(max(again, floor), None, "open")]
        return [_Spell(start, end, "")]

    def calibrate_registrations(self, plans: list[tuple[_P, list[_Spell]]]) -> None:
        """Decide the open cancellation classes so that E / (B − X) of the last period lands in the
        target band (spells still open at its end count in B and not in E); other spells at random."""
        ps, pe = self.last
        free: list[_Spell] = []
        crossing: list[_Spell] = []
        fixed_employed = 0
        for _p, spells in plans:
            active = [x for x in spells if x.start <= pe and (x.end is None or x.end >= ps)]
            if not active:
                continue
            spell = max(active, key=lambda x: x.start)
            if spell.label == "personal":
                continue
            if spell.end is None or spell.end > pe:
                crossing.append(spell)
            elif spell.fixed:
                fixed_employed += 1
            else:
                free.append(spell)
        lo, hi = Fraction(82, 100), Fraction(90, 100)
        target = Fraction(self.r.randint(84, 88), 100)
        shorten = [x for x in crossing if not x.fixed and x.start <= self.days(pe, -15)]
        self.r.shuffle(shorten)
        while True:
            excluded = round(len(free) * 0.06)
            usable = len(free) - excluded  # employed or kept
            denominator = usable + fixed_employed + len(crossing)
            best = _best_count(fixed_employed, fixed_employed + usable, denominator, lo, hi, target)
            if not shorten or (
                best is not None and Fraction(best, max(1, denominator)) >= target - Fraction(1, 100)
            ):
                break
            spell = shorten.pop()
            spell.end = self.between(max(self.days(spell.start, 15), ps), min(pe, self.today))
            spell.label = ""
            crossing.remove(spell)
            free.append(spell)
        employed = (best if best is not None else fixed_employed + usable) - fixed_employed
        labels = ["non_employment"] * excluded + ["employed"] * employed + ["kept"] * (usable - employed)
        self.r.shuffle(labels)
        for spell, label in zip(free, labels, strict=True):
            spell.label = label
        for _p, spells in plans:
            for spell in spells:
                if not spell.label:
                    spell.label = _CLOSED_OUTCOME.pick(self.r)

    def registration_history(self, p: _P, spells: list[_Spell]) -> None:
        """Write one person's planned spells: registrations, jobs, referrals, the person's state."""
        r = self.r
        for i, spell in enumerate(spells):
            start, end, label = spell.start, spell.end, spell.label
            if label == "personal":
                note = self.choice(
                    (
                        "照顾家中老人，暂不就业",
                        "怀孕待产，暂无求职意愿",
                        "照顾年幼子女，暂不求职",
                        "自身患病治疗中",
                    )
                )
                self.add_registration(p, start, None, "", True, note)
                self.registered.append((p, start, None, "personal"))
                self.set_unemployed(p, "其他", wants=False)
            elif label == "open" or end is None:
                self.add_registration(p, start, None, "")
                self.registered.append((p, start, None, "open"))
                self.set_unemployed(p, "合同到期" if i else "")
            elif label == "employed":
                form = _JOB_FORM.pick(r)
                self.add_registration(p, start, end, codes.REGISTRATION_CANCEL_FOR_FORM[form])
                self.registered.append((p, start, end, "employed"))
                self.set_unemployed(p)
                vacancy = self.vacancy_before(end) if form == "单位就业" and r.random() < 0.35 else None
                if vacancy is not None:
                    _emp_id, _kind, emp_name = self.vac_info[vacancy - 1]
                    referred = max(start, self.days(end, -r.randint(3, 20)), self.vac_dates[vacancy - 1])
                    self.referrals[(p.id, vacancy, referred)] = (
                        p.id, vacancy, referred, "已录用", end, "经推荐录用"
                    )  # fmt: skip
                    row = self.employ(p, end, form, emp_name, vacancy)
                else:
                    row = self.employ(p, end, form)
                if i + 1 < len(spells):  # lost that job and registered again
                    row[5] = self.days(spells[i + 1].start, -r.randint(1, 30))
                    p.last_job = None
            elif label == "non_employment":
                reason = _NONEMP.pick(r)
                age = age_on(p.birth, self.today)
                if (reason == "入学" and age > 35) or (reason == "服兵役" and (not p.male or age > 24)):
                    reason = "移居境外"
                self.add_registration(p, start, end, reason)
                self.registered.append((p, start, end, reason))
                p.employer = ""
                p.wants_work = None
                p.status = {"入学": "在校学生", "服兵役": "服兵役"}.get(reason, "其他")
                if reason == "完全丧失劳动能力":
                    p.labor_ability = "完全丧失劳动能力"
                elif reason == "死亡":
                    p.note = "已故（演示数据）"
                elif reason == "移居境外":
                    p.note = "已移居境外"
            else:  # kept: stays in the denominator, not employed
                reason = _KEPT.pick(r)
                if reason == "连续6个月未联系" and (end - start).days < 183:
                    reason = self.choice(("终止求职或拒绝公共就业服务", "其他"))
                self.add_registration(p, start, end, reason)
                self.registered.append((p, start, end, reason))
                self.set_unemployed(p, wants=reason == "其他")

    def retirement_cancellations(self) -> None:
        """A few registered persons reached retirement age: cancelled as 达到法定退休年龄."""
        want = max(0, round(self.n * 0.002))
        pool = []
        for p in self.people:
            if p.busy or p.labor_ability == "完全丧失劳动能力" or p.birth > add_years(self.today, -45):
                continue
            retire = retirement_date(p.birth, p.male)
            if self.days(self.start, 90) <= retire <= self.today:
                pool.append((p, retire))
        self.r.shuffle(pool)
        for p, retire in pool[:want]:
            p.busy = True
            start = max(self.start, self.days(retire, -self.r.randint(60, 300)))
            self.add_registration(p, start, retire, "达到法定退休年龄")
            self.registered.append((p, start, retire, "达到法定退休年龄"))
            p.status, p.employer, p.wants_work = "退休", "", None

    def vacancy_before(self, day: dt.date) -> int | None:
        for _ in range(8):
            vid = self.r.randrange(len(self.vacancies)) + 1
            if self.vac_dates[vid - 1] <= self.days(day, -3) and self.vac_info[vid - 1][1] == "全日制":
                return vid
        return None

    def categories_for(self, p: _P, long_unemployed: bool = False) -> list[str]:
        cats = []
        age = age_on(p.birth, self.today)
        if (p.male and age >= 50) or (not p.male and age >= 40):
            cats.append("大龄")
        if p.disabled:
            cats.append("残疾")
        if p.family_situation == "低保家庭":
            cats.append("低保")
        if long_unemployed:
            cats.append("连续失业一年以上")
        if not cats:
            cats.append(self.choice(("失地农民", "失地农民", "农村零转移就业贫困家庭", "退役军人", "其他")))
        return cats

    def make_recognitions(self) -> None:
        want = max(1, round(self.n * 0.015))
        done = len(self.recognitions)
        from_reg = [x for x in self.registered if x[3] != "达到法定退休年龄"]
        self.r.shuffle(from_reg)
        seen: set[int] = set()
        for p, start, end, outcome in from_reg[: int(want * 0.7)]:
            if p.id in seen or any(x[0] is p for x in self.recognized):
                continue
            seen.add(p.id)
            rec = self.days(start, self.r.randint(7, 60))
            if rec > self.days(self.today, -1) or (end is not None and rec >= end):
                continue
            cats = self.categories_for(p, long_unemployed=rec >= add_years(start, 1))
            if end is None:
                self.add_recognition(p, rec, cats)
            elif outcome == "employed":
                self.add_recognition(p, rec, cats, end, codes.DIFFICULTY_CANCEL_EMPLOYED)
            else:
                reason = {
                    "入学": "(三) 入学、服兵役、移居境外",
                    "服兵役": "(三) 入学、服兵役、移居境外",
                    "移居境外": "(三) 入学、服兵役、移居境外",
                    "完全丧失劳动能力": "(二) 完全丧失劳动能力",
                    "被判刑收监执行": "(七) 被判处刑罚",
                    "死亡": "死亡",
                    "终止求职或拒绝公共就业服务": "(四) 拒绝公共就业服务或终止求职",
                    "连续6个月未联系": "(十) 失联超过6个月",
                }.get(outcome, "其他")
                self.add_recognition(p, rec, cats, end, reason)
            done += 1
        pool = [p for p in self.people if self.working_age_adults(p)]
        self.r.shuffle(pool)
        drafts: list[tuple[_P, _Spell]] = []
        for p in pool[: max(0, want - done)]:
            p.busy = True
            rec = self.between(self.start, self.days(self.today, -10))
            roll = self.r.random()
            if roll < 0.3 or self.days(rec, 30) > self.today:
                drafts.append((p, _Spell(rec, None, "open")))
            elif roll < 0.88:
                end = self.between(
                    self.days(rec, 30), min(self.today, self.days(rec, self.r.randint(45, 150)))
                )
                drafts.append((p, _Spell(rec, end, "employed")))
            else:
                end = self.between(self.days(rec, 30), min(self.today, self.days(rec, 300)))
                drafts.append((p, _Spell(rec, end, "non_employment")))
        self.calibrate_recognitions(drafts)
        for p, spell in drafts:
            cats = self.categories_for(p)
            if spell.end is None:
                self.add_recognition(p, spell.start, cats)
                self.set_unemployed(p)
            elif spell.label == "employed":
                self.add_recognition(p, spell.start, cats, spell.end, codes.DIFFICULTY_CANCEL_EMPLOYED)
                self.set_unemployed(p)
                self.employ(p, spell.end, self.choice(("公益性岗位", "单位就业", "灵活就业")))
            else:
                reason = self.choice(("(四) 拒绝公共就业服务或终止求职", "(十) 失联超过6个月", "其他"))
                self.add_recognition(p, spell.start, cats, spell.end, reason)
                self.set_unemployed(p, wants=False)

    def calibrate_recognitions(self, drafts: list[tuple[_P, _Spell]]) -> None:
        """Set the outcome of the drafted recognitions active in the last period so that its 就业困难人员
        就业率 E / (D − X) lands in 80-90 % (those still recognised at its end count in D, not in E)."""
        ps, pe = self.last
        employed = crossing = 0
        for _p, start, end, _level in self.recognized:  # zero families and registrations: fixed
            if start > pe or (end is not None and end < ps):
                continue
            if end is None or end > pe:
                crossing += 1
        for _pid, _start, _end, reason in self._recognition_rows_in_last():
            if reason in (codes.DIFFICULTY_CANCEL_EMPLOYED, codes.DIFFICULTY_CANCEL_ZERO_FAMILY):
                employed += 1
        adjustable: list[_Spell] = []
        for _p, spell in drafts:
            if spell.start > pe or (spell.end is not None and spell.end < ps):
                continue
            if spell.label == "non_employment" and spell.end is not None and spell.end <= pe:
                continue  # leaves the denominator whatever the others do
            if spell.start > self.days(pe, -30):
                crossing += 1  # cannot end within the period (a recognition lasts 30 days at least)
            else:
                adjustable.append(spell)
        denominator = employed + crossing + len(adjustable)
        target = Fraction(self.r.randint(80, 89), 100)
        lo, hi = Fraction(80, 100), Fraction(90, 100)
        best = _best_count(employed, employed + len(adjustable), denominator, lo, hi, target)
        if best is None:  # out of reach: as close to the band as the fixed ones allow
            best = (
                employed + len(adjustable)
                if Fraction(employed + len(adjustable), max(1, denominator)) < lo
                else employed
            )
        for i, spell in enumerate(adjustable):
            if i < best - employed:
                spell.end = self.between(max(self.days(spell.start, 30), ps), pe)
                spell.label = "employed"
            elif (self.today - pe).days > 3 and self.chance(0.5):
                spell.end = self.between(max(self.days(spell.start, 30), self.days(pe, 1)), self.today)
                spell.label = "employed"
            else:
                spell.end = None
                spell.label = "open"

    def _recognition_rows_in_last(self) -> list[tuple[int, dt.date, dt.date | None, str]]:
        """(person id, 认定日期, 取消日期, 取消原因) of the recognitions written so far cancelled in the
        last period."""
        ps, pe = self.last
        return [
            (pid, start, end, reason)
            for pid, start, _cats, _level, end, reason in self.recognitions
            if end is not None and ps <= end <= pe
        ]

    def make_plans_and_contacts(self) -> None:
        """一人一策 within 30 days and a contact every month of recognition; in the last period a couple of
        plans are late and a handful of persons miss one month; this month some are not contacted yet."""
        r = self.r
        ps, pe = self.last
        counted: list[list[dt.date]] = []  # per recognition: its counted months
        for _p, rec, end, _level in self.recognized:
            months = []
            month = month_start(rec)
            if month < rec:
                month = add_months(month, 1)
            while month <= self.today:
                if end is not None and month_end(month) > end:
                    break
                months.append(month)
                month = add_months(month, 1)
            counted.append(months)
        due_in_last = [
            i for i, (_p, rec, _e, _l) in enumerate(self.recognized) if ps <= self.days(rec, 30) <= pe
        ]
        late = set(self.pick_few(due_in_last, 2 + self.n // 50_000))
        in_last = [i for i, months in enumerate(counted) if any(ps <= m <= pe for m in months)]
        missed: dict[int, dt.date] = {}
        for i in self.pick_few(in_last, 3 + self.n // 25_000):
            missed[i] = self.choice([m for m in counted[i] if ps <= m <= pe])
        this_month = month_start(self.today)
        for i, (p, rec, _end, level) in enumerate(self.recognized):
            deadline = self.days(rec, 30)
            made: dt.date | None = self.days(rec, r.randint(35, 70) if i in late else r.randint(2, 25))
            if made is not None and made > self.today:
                made = None if deadline >= self.today or i in late else self.between(rec, self.today)
            if made is not None and (p.id, made) not in self.plans:
                review = self.clip(add_months(made, 3))
                self.plans[(p.id, made)] = (
                    p.id,
                    made,
                    level,
                    "三个月内实现就业" if level != "三级" else "稳定就业意愿，逐步实现就业",
                    self.choice(
                        (
                            "每月至少联系1次；推荐匹配岗位；推荐参加技能培训",
                            "一对一职业指导；优先推荐公益性岗位；协助申领就业补贴",
                            "上门走访了解需求；推送岗位信息；跟踪面试结果",
                        )
                    ),
                    self.choice(self.staff_names[:2]),
                    review,
                )
            for month in counted[i]:
                if missed.get(i) == month or (month == this_month and r.random() < 0.3):
                    # A missed month, or not contacted yet this month (on today's to-do list).
                    self.blocked.setdefault(p.id, []).append((month, month_end(month), ""))
                    continue
                self.service_in(p, month, min(month_end(month), self.today), _CONTACT_KIND.pick(r))

    def pick_few(self, items: Sequence[T], k: int) -> list[T]:
        """``k`` of ``items`` at random (all of them when there are fewer)."""
        return self.r.sample(list(items), min(k, len(items)))

    def make_referrals_and_training(self) -> None:
        r = self.r
        want = round(self.n * 0.4)
        seekers = [p for p in self.people if p.status == "未就业" and p.wants_work]
        adults = [p for p in self.people if p.status not in ("退休", "在校学生", "服兵役")] or self.people
        nvac = len(self.vacancies)
        attempts = 0
        while len(self.referrals) < want and attempts < want * 3:
            attempts += 1
            p = self.choice(seekers) if seekers and r.random() < 0.7 else self.choice(adults)
            vid = r.randrange(nvac) + 1
            day = min(self.today, self.days(self.vac_dates[vid - 1], r.randint(0, 40)))
            key = (p.id, vid, day)
            if key in self.referrals:
                continue
            # 回访 within the 14 days the to-do list allows; the latest ones are still waiting.
            if (self.today - day).days < referrals.FOLLOW_UP_DAYS:
                outcome = "待反馈" if r.random() < 0.6 else _REF_OUTCOME.pick(r)
            else:
                outcome = self.choice(_DECIDED) if (o := _REF_OUTCOME.pick(r)) == "待反馈" else o
            if outcome == "已录用" and p.busy:
                # A person whose history is planned elsewhere (registration, recognition) is not
                # hired through a referral: 已录用 would contradict their open registration.
                outcome = "已面试"
            follow = None
            if outcome != "待反馈":
                follow = self.clip(self.days(day, r.randint(2, referrals.FOLLOW_UP_DAYS - 1)))
            self.referrals[key] = (
                p.id, vid, day, outcome, follow, ""
            )  # fmt: skip
            if outcome == "已录用" and not p.busy:
                kind = self.vac_info[vid - 1][1]
                form = {"全日制": "单位就业", "公益性岗位": "公益性岗位"}.get(kind, "灵活就业")
                start = follow or self.clip(self.days(day, 7)) or day
                self.employ(p, start, form, self.vac_info[vid - 1][2], vid)
        # A few older referrals were never followed up (on today's to-do list).
        lo, hi = self.days(self.today, -60), self.days(self.today, -referrals.FOLLOW_UP_DAYS - 1)
        waiting = [k for k, v in self.referrals.items() if lo <= v[2] <= hi and v[3] != "已录用"]
        for key in self.pick_few(waiting, 6 + self.n // 10_000):
            self.referrals[key] = (*self.referrals[key][:3], "待反馈", None, "")
        self.make_training()
        self.training_in_last_period()

    def make_training(self) -> None:
        r = self.r
        want = round(self.n * 0.05)
        spans = {p.id: (p, s, e) for p, s, e, _ in self.registered}
        spans.update({p.id: (p, s, e) for p, s, e, _ in self.recognized})
        key_people = [v for v in spans.values() if v[0].training_need]
        needy = [p for p in self.people if p.training_need and p.id not in spans]
        attempts = 0
        while len(self.trainings) < want and attempts < want * 3 and (key_people or needy):
            attempts += 1
            if key_people and (r.random() < 0.6 or not needy):
                p, a, b = self.choice(key_people)
                day = min(self.today, self.between(self.days(a, 5), min(self.today, b or self.today)))
            else:
                p = self.choice(needy)
                day = self.recent()
            kind = _TRAIN_KIND.pick(r)
            program = self.choice(N.TRAINING_PROGRAMS[kind])
            completed = self.add_training(p, day, kind, program)
            if isinstance(completed, dt.date) and not p.busy and r.random() < 0.3:
                job = self.clip(self.days(completed, r.randint(5, 60)))
                if job is not None:
                    self.employ(p, job, self.choice(("单位就业", "灵活就业", "个体经营")))

    def add_training(self, p: _P, day: dt.date, kind: str, program: str) -> dt.date | bool | None:
        """Record a 培训推荐 (False when that one exists); its 结业日期 when completed, else None."""
        key = (p.id, day, program)
        if key in self.trainings:
            return False
        r = self.r
        done = self.clip(self.days(day, r.randint(10, 45)))
        if done is None:
            result = "已报名"
        else:
            result = self.choice(("已结业",) * 7 + ("未参加",) * 2 + ("已报名",))
        completed = done if result == "已结业" else None
        self.trainings[key] = (p.id, day, kind, program, result, completed)
        self.trainings_by_person.setdefault(p.id, []).append(key)
        if r.random() < 0.5:
            self.service(p, day, "就业见习推荐" if kind == "就业见习" else "培训推荐")
        return completed

    def training_in_last_period(self) -> None:
        """Every person with 培训需求 registered or recognised in the last period and not employed in it
        was referred to training at least twice in it (most three times): item 3.6 scores 3 points."""
        ps, pe = self.last
        windows: dict[int, tuple[dt.date, dt.date]] = {}
        spans = [(row[0], row[1], row[2]) for row in self.registrations]
        spans += [(row[0], row[1], row[4]) for row in self.recognitions]
        for pid, start, end in spans:
            a, b = max(start, ps), min(end or pe, pe)
            if a <= b:
                old = windows.get(pid)
                windows[pid] = (min(a, old[0]), max(b, old[1])) if old else (a, b)
        employed = {pid for pid, day, _form in self.employments if ps <= day <= pe}
        counted: list[tuple[_P, dt.date, dt.date, int]] = []
        idle = [pid for pid in windows if pid not in employed]
        if idle and not any(self.people[pid - 1].training_need for pid in idle):
            p = self.people[self.choice(idle) - 1]  # somebody still out of work wants training
            p.training_need = True
            p.training_intention = self.choice(N.TRAINING_INTENTIONS)
        for pid, (a, b) in windows.items():
            p = self.people[pid - 1]
            if p.training_need and pid not in employed:
                have = sum(  # 就业见习 is not training (STANDARDS.md)
                    1
                    for key in self.trainings_by_person.get(pid, ())
                    if ps <= key[1] <= pe and self.trainings[key][2] != "就业见习"
                )
                counted.append((p, a, b, have))
        # One of them (at least) was referred only twice: the level is 2 (item 3.6 scores 3 of 5).
        two = self.pick_few(range(len(counted)), 1)
        for i in two:  # keep two of that person's referrals in the period
            p = counted[i][0]
            keys = self.trainings_by_person.get(p.id, [])
            inside = [k for k in keys if ps <= k[1] <= pe and self.trainings[k][2] != "就业见习"]
            for k in inside[2:]:
                del self.trainings[k]
                keys.remove(k)
            counted[i] = (*counted[i][:3], min(2, len(inside)))
        for i, (p, a, b, have) in enumerate(counted):
            want = 2 if i in two or self.chance(0.3) else 3
            for _ in range(6 * want):
                if have >= want:
                    break
                day = self.between(a, b)
                kind = self.choice(("职业技能培训", "职业技能培训", "创业培训"))
                program = self.choice(N.TRAINING_PROGRAMS[kind])
                if self.add_training(p, day, kind, program) is not False:
                    have += 1

    def make_services(self) -> None:
        r = self.r
        target = round(self.n * 4)
        weights = [5.0 if (p.busy or p.status == "未就业") else 1.0 for p in self.people]
        cum = list(itertools.accumulate(weights))
        attempts = 0
        while len(self.services) < target and attempts < 4:
            attempts += 1
            missing = target - len(self.services)
            for p in r.choices(self.people, cum_weights=cum, k=missing):
                self.service(p, self.recent(), _SERVICE_KIND.pick(r), follow=r.random() < 0.2)

    def make_complaints_and_events(self) -> None:
        r = self.r
        count = 2 + self.n // 25000
        for i in range(count):
            content, result, valid = N.COMPLAINTS[i % len(N.COMPLAINTS)]
            if i >= len(N.COMPLAINTS):
                content += f"（第{i // len(N.COMPLAINTS) + 1}次）"
            if i == 0:
                day = self.days(self.today, -r.randint(400, 700))
            else:
                day = self.days(self.today, -r.randint(10, 360))
            self.complaints.append((day, content, valid if i else True, result))
        kinds = list(N.EVENT_NAMES)
        count = max(len(kinds), self.n // 400)
        for i in range(count):
            kind = kinds[i] if i < len(kinds) else self.choice(kinds)
            day = self.days(self.today, -r.randint(5, 330)) if i < len(kinds) else self.recent()
            name = N.EVENT_NAMES[kind].format(town=N.STATION_TOWN) + f"（{day.month}月）"
            key = (day, name)
            if key in self.events:
                continue
            people = r.randint(15, 60) if kind != "招聘会" else r.randint(80, 400)
            self.events[key] = (day, kind, name, people, f"{N.STATION_VILLAGE}党群服务中心")
        self.six_clear_gaps()

    def six_clear_gaps(self) -> None:
        """A few unemployed persons still lack 择业意向 (六清 to complete, on today's to-do list)."""
        unemployed = [p for p in self.people if p.status == "未就业"]
        for p in self.pick_few(unemployed, 4 + self.n // 10_000):
            p.job_intention = ""

    # ------------------------------------------------------------------ write

    def real_columns(self) -> tuple[RealColumns, dict[int, PersonFacts]]:
        """The drawer of the real ledgers' columns over the finished histories, and each person's facts."""
        registered: dict[int, dt.date] = {}
        for row in self.registrations:
            registered[row[0]] = min(registered.get(row[0], row[1]), row[1])
        drawer = RealColumns(
            self.seed,
            self.today,
            registered=registered,
            recognized=frozenset(row[0] for row in self.recognitions),
            graduates={row[0]: row[3] for row in self.graduates},
            credit_codes={row[1]: row[3] for row in self.employers},
        )
        facts = {
            p.id: PersonFacts(
                p.id, p.id_number, p.male, p.birth, p.hukou == "本市户籍", p.education, p.status,
                p.social_security, p.wants_work, p.job_intention, p.expected_pay,
            )
            for p in self.people
        }  # fmt: skip
        return drawer, facts

    def by_person(self, rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """``rows`` (person id first) grouped by person, each person's in their order: written so, each
        row's foreign-key check reads the person just read, where the order they were made in (random
        persons) reads the person table all over — at 200,000 persons it outgrows the page cache, and the
        services' insert grew 6 times from 50,000, the referrals' 8 times (issue 17). One pass into
        buckets by person id: no sort."""
        buckets: list[list[tuple[Any, ...]]] = [[] for _ in range(len(self.people) + 1)]
        for row in rows:
            buckets[row[0]].append(row)
        return list(itertools.chain.from_iterable(buckets))

    def write(self, report: Progress) -> dict[str, int]:
        total = 23
        step = 11
        counts: dict[str, int] = {}

        def put(model: type[BaseModel], fields: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
            nonlocal step
            title = TABLE_TITLES[model._meta.table_name]
            report(step, total, f"正在写入{title}（{len(rows):,} 条）…")
            step = min(total - 1, step + 1)
            # One prepared INSERT run over the rows in chunks (executemany on the transaction's
            # connection): peewee's insert_many builds SQL per row and value, 5x slower at this size.
            columns = ", ".join(f'"{getattr(model, f).column_name}"' for f in fields)
            marks = ", ".join("?" * len(fields))
            sql = f'INSERT INTO "{model._meta.table_name}" ({columns}) VALUES ({marks})'
            cursor = database.cursor()
            for i in range(0, len(rows), _CHUNK):
                cursor.executemany(sql, rows[i : i + _CHUNK])
            counts[model._meta.table_name] = counts.get(model._meta.table_name, 0) + len(rows)

        t = self.today
        working_age = sum(1 for p in self.people if p.working)
        columns, facts = self.real_columns()
        StationProfile.delete().where(StationProfile.id == 1).execute()
        # Marks the file as demo data: the window says so, so nobody mistakes it for a real station.
        Setting.insert(key=DEMO_STATION, value="1").on_conflict_replace().execute()
        put(
            StationProfile,
            (
                "id", "name", "kind", "district", "street", "address", "phone", "contact", "opened_on",
                "venue", "area_m2", "facilities", "operator_org", "operator_qualification", "systems",
                "special_functions", "working_age_population", "household_count", "population",
                "complaint_channel", "note", "updated_at", "area_code",
            ),
            [
                (
                    1,
                    f"{N.STATION_TOWN}{N.STATION_VILLAGE}就业服务站",
                    "村",
                    N.STATION_DISTRICT,
                    N.STATION_TOWN,
                    f"{N.STATION_CITY}{N.STATION_DISTRICT}{N.STATION_TOWN}{N.STATION_VILLAGE}党群服务中心一楼",
                    self.landline(),
                    self.staff_names[0],
                    add_years(t, -8),
                    f"{N.STATION_VILLAGE}党群服务中心",
                    str(Decimal("60")),
                    "固定服务窗口2个，电脑2台、打印机、资料柜、公告栏、自助查询机",
                    "",
                    "",
                    "岗位职责制度、首问负责制度、服务承诺制度、信息公开制度",
                    "零工驿站、直播带岗、荔枝季用工对接",
                    max(1, round(working_age / 0.97)),
                    len(self.households) + len(self.households) // 20,
                    round(self.n * 1.45),
                    "站内意见箱、服务电话（公告栏公示）",
                    "演示数据：由程序随机生成，不对应任何真实人员。",
                    self.stamp,
                    N.STATION_AREA_CODE,
                )
            ],
        )  # fmt: skip
        put(StarRating, ("year", "stars", "note"), [(t.year - 2, 3, "区级评定"), (t.year - 1, 4, "区级评定")])
        put(
            Staff,
            (
                "name",
                "id_number",
                "nature",
                "education",
                "started_service_on",
                "certificates",
                "last_trained_on",
            ),
            self.staff,
        )
        put(Employer, ("id", "name", "kind", "credit_code", "contact", "phone", "address"), self.employers)
        put(
            Vacancy,
            (
                "id", "code", "employer", "title", "kind", "headcount", "hours", "requirements", "pay_text",
                "pay_min", "pay_max", "contact", "phone", "location", "collected_on", "collect_method",
                "channels", "valid_until", "status",
            ),
            self.vacancies,
        )  # fmt: skip
        put(Household, ("id", "code", "address"), self.households)
        put(
            Person,
            (
                "id", "id_number", "name", "gender", "birth_date", "phone", "household", "relation",
                "hukou_type", "address", "grid", "education", "labor_ability", "employment_status",
                "employer", "unemployment_reason", "family_situation", "job_intention", "skills",
                "social_security", "wants_work", "training_need", "training_intention", "disabled",
                "survey_date", "surveyor", "note", "expected_pay", "desired_job_kind", "created_at",
                "updated_at", "employment_card", "person_category", "hukou_nature", "ethnicity", "veteran",
                "skill_level", "certificate", "insurance", "major",
            ),
            [
                (
                    p.id, p.id_number, p.name, "男" if p.male else "女", p.birth, p.phone,
                    p.household_id, p.relation, p.hukou, p.address, p.grid, p.education, p.labor_ability,
                    p.status, p.employer, p.unemployment_reason, p.family_situation, p.job_intention,
                    p.skills, p.social_security, p.wants_work, p.training_need, p.training_intention,
                    p.disabled, p.survey_date, p.surveyor, p.note, p.expected_pay,
                    p.desired_job_kind, self.stamp, self.stamp, *columns.person(facts[p.id]),
                )
                for p in self.people
            ],
        )  # fmt: skip
        put(
            Registration,
            ("person", "registered_on", "cancelled_on", "cancel_reason", "personal_reason", "exclusion_note",
             "unemployed_on", "prior_status"),
            [
                (*row, *columns.registration(row[1], facts[row[0]].birth, row[4]))
                for row in self.registrations
            ],
        )  # fmt: skip
        put(
            Recognition,
            ("person", "recognized_on", "categories", "level", "cancelled_on", "cancel_reason"),
            self.recognitions,
        )
        put(
            Employment,
            ("person", "started_on", "form", "employer", "vacancy", "ended_on", "employment_type", "channel",
             "industry", "credit_code", "position", "monthly_income", "contract", "contract_term"),
            [
                (*row, *columns.employment(
                    row[0], row[1], row[2], row[3], self.vacancies[row[4] - 1][3] if row[4] else ""
                ))
                for row in self.employments.values()
            ],
        )  # fmt: skip
        put(ZeroFamily, ("household", "recognized_on", "cleared_on"), self.zero_families)
        put(
            Graduate,
            (
                "person",
                "grad_year",
                "school",
                "major",
                "degree",
                "hardship",
                "wants_work",
                "placed_on",
                "destination",
            ),
            self.graduates,
        )
        put(
            ServicePlan,
            ("person", "made_on", "level", "goal", "measures", "responsible", "review_on"),
            list(self.plans.values()),
        )
        put(
            Service,
            ("person", "served_on", "kind", "mode", "content", "result", "staff", "next_follow_up"),
            self.by_person(self.services.values()),
        )
        put(
            Referral,
            ("person", "vacancy", "referred_on", "outcome", "followed_up_on", "note"),
            self.by_person(self.referrals.values()),
        )
        put(
            TrainingReferral,
            ("person", "referred_on", "kind", "program", "result", "completed_on"),
            self.by_person(self.trainings.values()),
        )
        put(
            JobSeeking,
            ("person", "registered_on", "intention", "expected_pay", "area", "work_form", "guidance_count",
             "introduction_count"),
            columns.job_seekings(facts.values(), ((row[0], row[1]) for row in self.registrations)),
        )  # fmt: skip
        put(Complaint, ("date", "content", "valid", "result"), self.complaints)
        put(Event, ("date", "kind", "name", "participants", "note"), list(self.events.values()))
        report(total, total, "演示数据已生成")
        return counts
