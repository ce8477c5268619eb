"""Matching job seekers and vacancies — explainable and deterministic.

A match is the sum of a few visible factors, each with its weight, the points it gave and a Chinese
reason (“意向相符：保洁”, “年龄不符：要求18-35岁，现60岁” …). Ties are broken by id. Points are
integers.

Job intention vs vacancy. Chinese job words are short compounds (保洁, 保洁员, 清洁工, 仓库管理员,
收银员 …, 2–6 characters) that share morphemes. We compare them with the Dice coefficient of their
CJK character bigrams, plus exact keyword containment (a keyword of the intention found in the title or
the requirements, or the title found in the intention). Why this and not something else:
- no word segmentation library is needed: bigrams of a 2–6-character word already carry its
  morphemes (保洁员 -> 保洁, 洁员), and segmenters are unreliable on such short, domain-specific words;
- Dice = 2|A∩B| / (|A|+|B|) is symmetric, bounded to [0, 1] and cheap on small sets;
- it is deterministic, works offline, needs no model or dictionary, and a worker can follow it
  (“the words share 保洁”).
Containment catches the common case a bigram score under-rates (意向 保洁 vs 岗位 保洁员: Dice 2/3,
but clearly the same job). Neither sees that 驾驶员 and 货车司机, 电工 and 水电维修, 餐饮服务 and 酒席帮厨
are the same trade; a short, fixed table of job families (``JOB_FAMILIES``: the trades the Chongming
document lists for village stations, each with the words that name it) gives those pairs
``INTENTION_FAMILY`` points with the family named in the reason (“意向同类：驾驶员→货车司机（驾驶类）”).

Reasons. Every factor keeps its reason (the tooltip lists them all with their points); ``Match.reasons``
and the list column show only the informative ones: a factor that scores the same for every row
(“年龄不限”, “学历不限”, “未填期望月薪”) is ``informative=False`` and stays out of the list, so the row
says what sets it apart; shortfalls (学历不足, 薪酬低于期望, 年龄不符) are ``shortfall=True``.

Speed (town scale: 8,000 vacancies, 50,000 people): candidates come from ONE query each
(``.tuples()``); text features (bigrams, parsed age/education limits) are cached by their text, so
they are computed once per distinct title/requirement; the scoring is plain Python that formats the
reasons only for the matches returned.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from app.core import codes
from app.core.dates import add_years, age_on
from app.core.errors import ValidationError
from app.core.workage import MIN_WORKING_AGE, is_working_age
from app.jobs.vacancies import open_condition
from db.models import Person, Recognition, Registration, Setting, Vacancy, database

# ---------------------------------------------------------------------------- factors and weights

INTENTION = "择业意向"
PAY = "薪酬"
AGE = "年龄"
EDUCATION = "学历"
JOB_KIND = "岗位类型"
GRID = "网格"
DIFFICULTY = "就业困难人员"

INTENTION_WEIGHT = 40  # full points for an exact keyword in the title; Dice share otherwise
INTENTION_IN_REQUIREMENTS = 30  # a keyword found only in the requirements
INTENTION_FAMILY = 30  # intention and title name the same trade (JOB_FAMILIES)
PAY_WEIGHT = 20  # pay reaches the expectation; half when unknown or within 80% of it
AGE_WEIGHT = 15  # within the age limits (or none given)
AGE_MISMATCH = -40  # outside the age limits: ranked well below, with the reason
EDUCATION_WEIGHT = 10  # meets the minimum parsed from the requirements (or none given)
JOB_KIND_WEIGHT = 10  # 全日制/非全日制… as wished; half when no wish recorded
GRID_WEIGHT = 5  # workplace in the person's grid
DIFFICULTY_WEIGHT = 30  # 公益性岗位 for a person with an open difficulty recognition
PAY_NEAR = (4, 5)  # "slightly below": the top of the range reaches 80% of the expectation

PUBLIC_WELFARE = "公益性岗位"
UNEMPLOYED = "未就业"
NO_ABILITY = "完全丧失劳动能力"


@dataclass(frozen=True)
class Factor:
    name: str
    weight: int
    points: int
    reason: str
    # False: the factor says nothing about this pair in particular (no limit stated, nothing recorded);
    # it still counts in the score and shows in the tooltip, not in the reasons column.
    informative: bool = True
    # True: the person falls short of what the vacancy asks or offers (a reason against).
    shortfall: bool = False


@dataclass(frozen=True)
class Match:
    score: int
    person_id: int
    vacancy_id: int
    factors: tuple[Factor, ...]

    @property
    def reasons(self) -> str:
        """The informative reasons that gave points, biggest first, then the shortfalls marked ✗."""
        good = sorted(
            (f for f in self.factors if f.points > 0 and f.informative and not f.shortfall),
            key=lambda f: -f.points,
        )
        bad = [f for f in self.factors if f.shortfall]
        return "；".join([f.reason for f in good] + [f"✗{f.reason}" for f in bad])


# ---------------------------------------------------------------------------- text features

_CJK_RUN = re.compile(r"[0-9A-Za-z\u3400-\u9fff]+")
_KEYWORD_SPLIT = re.compile(r"[、,，;；/|\s]+|或|和|及")


@lru_cache(maxsize=65536)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the CJK/alphanumeric runs of ``text`` (a 1-character run counts itself)."""
    out: set[str] = set()
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            out.add(run)
        else:
            out.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(out)


def dice(a: frozenset[str], b: frozenset[str]) -> tuple[int, int]:
    """Dice coefficient as (numerator, denominator); (0, 1) when either side is empty."""
    if not a or not b:
        return 0, 1
    return 2 * len(a & b), len(a) + len(b)


@lru_cache(maxsize=65536)
def keywords(intention: str) -> tuple[str, ...]:
    """The wanted jobs in an 择业意向 text (“保洁、保安/收银” -> 保洁, 保安, 收银)."""
    return tuple(dict.fromkeys(k for k in _KEYWORD_SPLIT.split(intention) if k and len(k) >= 2))


# Job families: (name, words that name the trade). A text belongs to a family when it contains one of
# its words; an intention and a title of one family are the same trade under other words. The words
# are whole morphemes of at least two characters (one character, 农 or 工, would catch 农家书屋管理员
# or every 普工). Kept short on purpose: every entry must be obvious to a station worker.
JOB_FAMILIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("驾驶类", ("驾驶", "司机", "货运", "网约车")),
    ("保洁家政类", ("保洁", "清洁", "家政", "钟点工", "保姆", "家务")),
    ("育婴护理类", ("育婴", "月嫂", "育儿", "保育", "护理", "护工", "陪护", "养老")),
    ("餐饮类", ("餐饮", "厨师", "帮厨", "厨工", "餐厅", "服务员", "面点", "洗碗", "配菜", "传菜")),
    ("仓储物流类", ("仓储", "仓库", "仓管", "物流", "理货", "装卸", "搬运", "分拣", "快递", "配送", "叉车")),
    ("电工类", ("电工", "水电", "电气")),
    ("维修类", ("维修", "机修", "修理")),
    ("焊工类", ("焊工", "电焊", "焊接")),
    ("销售类", ("销售", "导购", "促销", "营业员", "收银", "业务员")),
    ("电商类", ("电商", "直播", "网店", "运营")),
    ("文员类", ("文员", "行政", "文秘", "前台", "录入", "办公室")),
    ("客服类", ("客服", "接待", "话务")),
    ("保安类", ("保安", "安保", "门卫", "巡逻", "治安")),
    ("种植类", ("种植", "果蔬", "采摘", "农业", "果园", "园林", "绿化", "护林", "苗木")),
    ("民宿酒店类", ("民宿", "客房", "酒店", "宾馆", "农家乐")),
    ("生产类", ("普工", "操作工", "包装", "流水线", "装配", "生产", "质检")),
    ("财会类", ("会计", "出纳", "财务", "记账")),
    ("教育类", ("家教", "教师", "老师", "辅导", "托管")),
)

_FAMILY_ORDER = {name: i for i, (name, _words) in enumerate(JOB_FAMILIES)}


@lru_cache(maxsize=65536)
def families(text: str) -> frozenset[str]:
    """The job families ``text`` names (“货车司机” -> 驾驶类)."""
    return frozenset(name for name, words in JOB_FAMILIES if any(w in text for w in words))


# Education keywords in 招聘要求 -> 文化程度 value.
_EDUCATION_WORDS: tuple[tuple[str, str], ...] = (
    ("研究生", "研究生"),
    ("硕士", "研究生"),
    ("博士", "研究生"),
    ("本科", "大学本科"),
    ("大专", "大学专科"),
    ("专科", "大学专科"),
    ("中专", "中专"),
    ("中职", "中专"),
    ("职高", "中专"),
    ("技校", "技校"),
    ("高中", "高中"),
    ("初中", "初中"),
    ("小学", "小学及以下"),
)
_NO_EDUCATION_LIMIT = ("学历不限", "不限学历")


@lru_cache(maxsize=65536)
def min_education(requirements: str) -> str | None:
    """The lowest 文化程度 the requirements accept (“高中及以上” -> 高中); None when not limited."""
    if any(w in requirements for w in _NO_EDUCATION_LIMIT):
        return None
    found = [value for word, value in _EDUCATION_WORDS if word in requirements]
    if not found:
        return None
    return min(found, key=lambda v: codes.EDUCATION_RANK[v])


@dataclass(frozen=True)
class AgeLimit:
    gender: str | None  # 男 / 女 / None = everyone
    low: int | None
    high: int | None  # inclusive (以下/以内 include the number)

    @property
    def text(self) -> str:
        who = f"{self.gender}性" if self.gender else ""
        if self.low is not None and self.high is not None:
            return f"{who}{self.low}-{self.high}岁"
        if self.high is not None:
            return f"{who}{self.high}岁以下"
        return f"{who}{self.low}岁以上"

    def accepts(self, age: int) -> bool:
        return (self.low is None or age >= self.low) and (self.high is None or age <= self.high)


_CLAUSE_SPLIT = re.compile(r"[，,；;。\n]+")
_GENDER_SPLIT = re.compile(r"(?=[男女])")
_AGE_RANGE = re.compile(r"(\d{1,2})\s*(?:周?岁)?\s*[-~～〜－—–至到]\s*(\d{1,2})\s*周?岁")
_AGE_HIGH = re.compile(
    r"(?:不超过|不大于|不高于|小于)\s*(\d{1,2})\s*周?岁|(\d{1,2})\s*周?岁\s*[及或]?(?:以下|以内|之内)"
)
_AGE_LOW = re.compile(r"(?:不低于|不小于|大于)\s*(\d{1,2})\s*周?岁|(\d{1,2})\s*周?岁\s*[及或]?以上")


@lru_cache(maxsize=65536)
def age_limits(requirements: str) -> tuple[AgeLimit, ...]:
    """Age limits in 招聘要求: “18-45岁”, “45周岁以下”, “男性55岁以下，女性50岁以下” …"""
    out: list[AgeLimit] = []
    text = requirements.replace("男女不限", "").replace("不限男女", "")
    clauses = []
    for clause in _CLAUSE_SPLIT.split(text):
        # “男55岁以下女50岁以下” without punctuation: one clause per gender.
        clauses.extend(_GENDER_SPLIT.split(clause) if "男" in clause and "女" in clause else [clause])
    for clause in clauses:
        if "岁" not in clause:
            continue
        male, female = "男" in clause, "女" in clause
        gender = "男" if male and not female else "女" if female and not male else None
        m = _AGE_RANGE.search(clause)
        if m:
            lo, hi = sorted((int(m.group(1)), int(m.group(2))))
            out.append(AgeLimit(gender, lo, hi))
            continue
        hm, lm = _AGE_HIGH.search(clause), _AGE_LOW.search(clause)
        high = int(hm.group(1) or hm.group(2)) if hm else None
        low = int(lm.group(1) or lm.group(2)) if lm else None
        if high is not None or low is not None:
            out.append(AgeLimit(gender, low, high))
    return tuple(out)


# ---------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class _Seeker:
    id: int
    gender: str
    age: int
    education: str
    intention: str
    expected_pay: int | None
    desired_kind: str
    grid: str
    difficulty: bool


@dataclass(frozen=True)
class _Job:
    id: int
    title: str
    kind: str
    requirements: str
    pay_min: int | None
    pay_max: int | None
    location: str


def _pay_text(lo: int | None, hi: int | None) -> str:
    if lo is not None and hi is not None:
        return f"{lo}-{hi}元" if lo != hi else f"{lo}元"
    return f"{lo if lo is not None else hi}元"


def _evaluate(p: _Seeker, v: _Job, explain: bool) -> tuple[int, list[Factor]]:
    """Score of person ``p`` for vacancy ``v``; the factors (with reasons) only when ``explain``."""
    factors: list[Factor] = []
    total = 0

    # Job intention.
    pts, why = 0, ""
    if not p.intention:
        why = "未填择业意向" if explain else ""
    else:
        words = keywords(p.intention)
        hit = req_hit = None
        for k in words:
            if k in v.title:
                hit = k
                break
        if hit is None and len(v.title) >= 2 and v.title in p.intention:
            hit = v.title
        if hit is None:
            for k in words:
                if k in v.requirements:
                    req_hit = k
                    break
        if hit is not None:
            pts = INTENTION_WEIGHT
            why = f"意向相符：{hit}" if explain else ""
        else:
            num, den = dice(bigrams(p.intention), bigrams(v.title))
            pts = (2 * INTENTION_WEIGHT * num + den) // (2 * den)  # rounded half up
            if explain:
                why = f"意向相近：{p.intention}／{v.title}" if pts else f"意向不符：{p.intention}"
            shared = families(v.title) & families(p.intention) if pts < INTENTION_FAMILY else frozenset()
            if shared:
                pts = INTENTION_FAMILY
                if explain:
                    family = min(shared, key=_FAMILY_ORDER.__getitem__)
                    word = next((k for k in words if family in families(k)), p.intention)
                    why = f"意向同类：{word}→{v.title}（{family}）"
            elif req_hit is not None and pts < INTENTION_IN_REQUIREMENTS:
                pts = INTENTION_IN_REQUIREMENTS
                why = f"意向与招聘要求相关：{req_hit}" if explain else ""
    total += pts
    if explain:
        factors.append(Factor(INTENTION, INTENTION_WEIGHT, pts, why, informative=pts > 0))

    # Pay.
    top = v.pay_max if v.pay_max is not None else v.pay_min
    if p.expected_pay is None:
        pts, why = PAY_WEIGHT // 2, "未填期望月薪"
    elif top is None:
        pts, why = PAY_WEIGHT // 2, "岗位未填薪酬范围"
    else:
        if top >= p.expected_pay:
            pts, why = PAY_WEIGHT, "薪酬在期望内"
        elif top * PAY_NEAR[1] >= p.expected_pay * PAY_NEAR[0]:
            pts, why = PAY_WEIGHT // 2, "薪酬略低于期望"
        else:
            pts, why = 0, "薪酬低于期望"
        if explain:
            why += f"（期望{p.expected_pay}元，岗位{_pay_text(v.pay_min, v.pay_max)}）"
    total += pts
    if explain:
        known = p.expected_pay is not None and top is not None
        factors.append(Factor(PAY, PAY_WEIGHT, pts, why, informative=known, shortfall=known and pts == 0))

    # Age.
    applies = fits = False
    for a in age_limits(v.requirements):
        if a.gender is None or a.gender == p.gender:
            fits = (not applies or fits) and a.accepts(p.age)
            applies = True
    if not applies:
        pts, why = AGE_WEIGHT, "年龄不限"
    else:
        pts = AGE_WEIGHT if fits else AGE_MISMATCH
        if explain:
            limits = [a for a in age_limits(v.requirements) if a.gender is None or a.gender == p.gender]
            text = "，".join(a.text for a in limits)
            why = f"年龄符合（{text}）" if fits else f"年龄不符：要求{text}，现{p.age}岁"
    total += pts
    if explain:
        factors.append(Factor(AGE, AGE_WEIGHT, pts, why, informative=applies, shortfall=pts < 0))

    # Education.
    need = min_education(v.requirements)
    if need is None:
        pts, why = EDUCATION_WEIGHT, "学历不限"
    elif not p.education:
        pts, why = 0, f"未填文化程度（要求{need}及以上）"
    elif codes.EDUCATION_RANK.get(p.education, 0) >= codes.EDUCATION_RANK[need]:
        pts, why = EDUCATION_WEIGHT, f"学历符合（要求{need}及以上）"
    else:
        pts, why = 0, f"学历不足：要求{need}及以上，现为{p.education}"
    total += pts
    if explain:
        short = need is not None and bool(p.education) and pts == 0
        factors.append(
            Factor(EDUCATION, EDUCATION_WEIGHT, pts, why, informative=need is not None, shortfall=short)
        )

    # Full-time / part-time wish.
    if not p.desired_kind:
        pts, why = JOB_KIND_WEIGHT // 2, "未填期望岗位类型"
    elif p.desired_kind == v.kind:
        pts, why = JOB_KIND_WEIGHT, f"希望{p.desired_kind}"
    else:
        pts, why = 0, f"希望{p.desired_kind}，岗位为{v.kind}"
    total += pts
    if explain:
        wished = bool(p.desired_kind)
        factors.append(
            Factor(JOB_KIND, JOB_KIND_WEIGHT, pts, why, informative=wished, shortfall=wished and pts == 0)
        )

    # Same grid.
    if p.grid and p.grid in v.location:
        pts, why = GRID_WEIGHT, f"同一网格：{p.grid}"
    else:
        pts, why = 0, ("未填网格" if not p.grid else "不在同一网格")
    total += pts
    if explain:
        factors.append(Factor(GRID, GRID_WEIGHT, pts, why, informative=bool(p.grid)))

    # 公益性岗位: difficulty persons first.
    if v.kind == PUBLIC_WELFARE:
        if p.difficulty:
            pts, why = DIFFICULTY_WEIGHT, "就业困难人员优先安置公益性岗位"
        else:
            pts, why = 0, "非就业困难人员（公益性岗位优先安置就业困难人员）"
        total += pts
        if explain:
            factors.append(Factor(DIFFICULTY, DIFFICULTY_WEIGHT, pts, why))
    return total, factors


def _match(p: _Seeker, v: _Job) -> Match:
    score, factors = _evaluate(p, v, True)
    return Match(score, p.id, v.id, tuple(factors))


# ---------------------------------------------------------------------------- queries


def _station_female_base() -> int:
    row = Setting.get_or_none(Setting.key == "female_retire_base")
    return 55 if row is not None and str(row.value).strip() == "55" else 50


def _open_person_ids(model: Any) -> Any:
    """Subquery: ids of persons with an open (not cancelled) row of ``model``."""
    return model.select(model.person).where(model.cancelled_on.is_null())


def _raw_rows(query: Any) -> list[tuple[Any, ...]]:
    """Rows of a peewee-built query straight from the SQLite cursor: no per-value conversion, which
    is most of the time at town scale (dates stay ISO text)."""
    return cast(list[tuple[Any, ...]], database.execute_sql(*query.sql()).fetchall())


_JOB_COLUMNS = (
    Vacancy.id,
    Vacancy.title,
    Vacancy.kind,
    Vacancy.requirements,
    Vacancy.pay_min,
    Vacancy.pay_max,
    Vacancy.location,
)


def best_vacancies(person_id: int, today: dt.date, limit: int = 20) -> list[Match]:
    """The open vacancies (招聘中, not expired on ``today``) that suit a person best."""
    row = Person.get_or_none(Person.id == person_id)
    if row is None:
        raise ValidationError("该人员已不存在（可能已被删除）")
    difficulty = (
        Recognition.select()
        .where(Recognition.person == person_id, Recognition.cancelled_on.is_null())
        .exists()
    )
    seeker = _Seeker(
        row.id,
        row.gender,
        age_on(row.birth_date, today),
        row.education,
        row.job_intention,
        row.expected_pay,
        row.desired_job_kind,
        row.grid,
        difficulty,
    )
    q = Vacancy.select(*_JOB_COLUMNS).where(open_condition(today))
    scored = []
    for r in _raw_rows(q):
        job = _Job(*r)
        score, _ = _evaluate(seeker, job, False)
        scored.append((-score, job.id, job))
    scored.sort(key=lambda t: (t[0], t[1]))
    return [_match(seeker, job) for _s, _i, job in scored[:limit]]


def best_people(vacancy_id: int, today: dt.date, limit: int = 50) -> list[Match]:
    """The job seekers who suit a vacancy best.

    Candidates: people of working age on ``today`` with 就业意愿=是, not 完全丧失劳动能力, who are 未就业
    or have an open unemployment registration or difficulty recognition. For a 公益性岗位 the difficulty
    persons (open recognition) come first.
    """
    vrow = Vacancy.get_or_none(Vacancy.id == vacancy_id)
    if vrow is None:
        raise ValidationError("该岗位已不存在（可能已被删除）")
    job = _Job(vrow.id, vrow.title, vrow.kind, vrow.requirements, vrow.pay_min, vrow.pay_max, vrow.location)
    station_base = _station_female_base()
    difficult_ids = _open_person_ids(Recognition)
    seekers = (
        Person.select(Person.id).where(Person.employment_status == UNEMPLOYED)
        | _open_person_ids(Registration)
        | _open_person_ids(Recognition)
    )
    youngest = add_years(today, -MIN_WORKING_AGE)  # born on or before
    oldest = add_years(today, -70)  # retirement ages stay well below 70
    # Born after these days: younger than the lowest retirement age of the group, no exact check needed.
    surely_working = {
        ("男", 50): add_years(today, -60),
        ("男", 55): add_years(today, -60),
        ("女", 50): add_years(today, -50),
        ("女", 55): add_years(today, -55),
    }
    q = Person.select(
        Person.id,
        Person.gender,
        Person.birth_date,
        Person.female_retire_base,
        Person.education,
        Person.job_intention,
        Person.expected_pay,
        Person.desired_job_kind,
        Person.grid,
        cast(Any, Person.id).in_(difficult_ids),
    ).where(
        cast(Any, Person.id).in_(seekers),
        cast(Any, Person.wants_work) == True,  # noqa: E712 (SQL comparison)
        Person.labor_ability != NO_ABILITY,
        Person.birth_date <= youngest.isoformat(),
        Person.birth_date > oldest.isoformat(),
    )
    first_difficult = job.kind == PUBLIC_WELFARE
    scored = []
    for pid, gender, birth_text, fbase, edu, intention, pay, kind, grid, difficult in _raw_rows(q):
        birth = dt.date.fromisoformat(birth_text)
        base = fbase or station_base
        if birth <= surely_working[gender, base] and not is_working_age(birth, gender == "男", today, base):
            continue
        seeker = _Seeker(pid, gender, age_on(birth, today), edu, intention, pay, kind, grid, bool(difficult))
        score, _ = _evaluate(seeker, job, False)
        group = 0 if (seeker.difficulty or not first_difficult) else 1
        scored.append((group, -score, pid, seeker))
    scored.sort(key=lambda t: (t[0], t[1], t[2]))
    return [_match(seeker, job) for *_k, seeker in scored[:limit]]
