"""The demo's values for the real ledgers' columns (issue 13 item 5) and its 求职登记 rows.

They are drawn from a random stream of their own, after the generator has made its histories, so adding
them changed none of the figures the generator calibrates (rates, to-do lines): the same seed gives the
same registrations, recognitions and referrals as before, now with 民族, 参保情况, 失业前身份, 就业渠道 …
and a 求职登记 for the people looking for work.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core import codes
from app.core.dates import add_years

# (value, weight) draws.
_ETHNIC_MINORITIES = ("壮族", "瑶族", "回族", "土家族", "苗族", "满族", "畲族")
_SKILL_WEIGHTS = (("无", 70), ("五级/初级工", 12), ("四级/中级工", 10), ("三级/高级工", 5), ("二级/技师", 2),
                  ("一级/高级技师", 1))  # fmt: skip
_CERTIFICATES = ("电工", "中式烹调师", "育婴员", "保育员", "焊工", "美发师", "养老护理员", "家政服务员",
                 "汽车维修工", "农艺工")  # fmt: skip
_TRADE_MAJORS = ("电气设备安装", "烹饪", "汽车运用与维修", "计算机应用", "会计", "幼儿保育", "电子商务")
_PRIOR_WEIGHTS = (
    ("被企业解除或终止劳动关系", 40), ("从各类单位辞职", 25), ("退出灵活就业", 12), ("退出个体经营", 6),
    ("私营企业停产", 5), ("承包土地被征用", 3), ("退出公益性岗位", 2), ("刑满释放", 1), ("其他", 6),
)  # fmt: skip
_POSITIONS = {
    "单位就业": ("普工", "保安", "仓管员", "文员", "厨师", "服务员", "司机", "销售员", "保洁员", "电工"),
    "公益性岗位": ("保洁员", "护林员", "治安巡逻员", "公共设施维护员", "就业服务协管员"),
    "灵活就业": ("网约车司机", "外卖骑手", "零工", "电商代销", "钟点工"),
    "个体经营": ("经营者",),
    "创办企业": ("负责人",),
}
_FORM_TO_TYPE = {"单位就业": "单位就业", "个体经营": "个体工商户", "创办企业": "个体工商户",
                 "灵活就业": "灵活就业", "公益性岗位": "公益性岗位"}  # fmt: skip
_FORM_TO_CHANNEL = {
    "个体经营": "个体经营",
    "创办企业": "个体经营",
    "灵活就业": "灵活就业",
    "公益性岗位": "公益性岗位",
}
_TERMS = ("1年", "2年", "3年", "3年", "无固定期限")
_HIGHER = frozenset({"研究生", "大学本科", "大学专科"})
_VOCATIONAL = frozenset({"中专", "技校"})


def _pick(r: random.Random, weighted: Sequence[tuple[str, int]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return str(r.choices(values, weights)[0])


def _in_order(values: Iterable[str]) -> str:
    """参保情况 as stored: the list's order, joined with 、."""
    chosen = set(values)
    return "、".join(v for v in codes.INSURANCE.values if v in chosen)


@dataclass(frozen=True)
class PersonFacts:
    """What the generator knows of a person that these columns follow from."""

    id: int
    id_number: str
    male: bool
    birth: dt.date
    local: bool
    education: str
    status: str
    social_security: str
    wants_work: bool | None
    job_intention: str
    expected_pay: int | None


class RealColumns:
    """Draws the new columns; ``registered`` / ``recognized`` / ``graduates`` map a person to their
    history (first registration date, whether recognised, the graduate's major)."""

    def __init__(
        self,
        seed: int,
        today: dt.date,
        *,
        registered: Mapping[int, dt.date],
        recognized: frozenset[int],
        graduates: Mapping[int, str],
        credit_codes: Mapping[str, str],
    ) -> None:
        self.r = random.Random(f"stationdesk-demo-columns-{seed}")
        self.today = today
        self.registered = registered
        self.recognized = recognized
        self.graduates = graduates
        self.credit_codes = credit_codes

    # ------------------------------------------------------------------ person

    def person(self, p: PersonFacts) -> tuple[Any, ...]:
        """(employment_card, person_category, hukou_nature, ethnicity, veteran, skill_level, certificate,
        insurance, major)."""
        r = self.r
        rural = r.random() < (0.8 if p.local else 0.5)
        nature = "农村" if rural else "城镇"
        ethnicity = "汉族" if r.random() < 0.95 else r.choice(_ETHNIC_MINORITIES)
        age = self.today.year - p.birth.year
        veteran = p.male and age >= 22 and r.random() < 0.03
        skill = _pick(r, _SKILL_WEIGHTS)
        certificate = "" if skill == "无" else r.choice(_CERTIFICATES)
        major = self.graduates.get(p.id, "")
        if not major and p.education in _HIGHER | _VOCATIONAL:
            major = r.choice(_TRADE_MAJORS)
        since = self.registered.get(p.id)
        card = ""
        if since is not None or (p.status in codes.EMPLOYED_STATUSES and r.random() < 0.3):
            year = (since or self.today).year
            card = f"{p.id_number[:6]}{year}{p.id:06d}"
        if veteran:
            category = "退役军人"
        elif p.id in self.recognized:
            category = "就业困难人员"
        elif p.id in self.graduates:
            category = "高校毕业生"
        elif since is not None:
            category = "城镇登记失业人员"
        elif rural and p.status in codes.EMPLOYED_STATUSES:
            category = "农村转移劳动者"
        else:
            category = ""
        return (card, category, nature, ethnicity, veteran, skill, certificate, self.insurance(p), major)

    def insurance(self, p: PersonFacts) -> str:
        r = self.r
        if p.social_security == "职工社保":
            chosen = ["职工养老", "职工医疗", "失业", "工伤"]
            if r.random() < 0.6:
                chosen.append("生育")
            return _in_order(chosen)
        if p.social_security == "城乡居民社保":
            return _in_order(["城乡居民养老", "居民医疗"] if r.random() < 0.9 else ["居民医疗"])
        if p.social_security == "未参保":
            return codes.INSURANCE_NONE
        return "" if r.random() < 0.5 else "居民医疗"

    # ------------------------------------------------------------------ registration

    def registration(self, start: dt.date, birth: dt.date, personal: bool) -> tuple[dt.date, str]:
        """(失业时间, 失业前身份) of a registration starting on ``start``."""
        r = self.r
        since = max(start - dt.timedelta(days=r.randint(0, 60)), add_years(birth, 16))
        since = min(since, start)
        if (personal and r.random() < 0.5) or (start.year - birth.year <= 23 and r.random() < 0.6):
            prior = "年满16周岁各类学校毕业或肄业"
        else:
            prior = _pick(r, _PRIOR_WEIGHTS)
        return since, prior

    # ------------------------------------------------------------------ employment

    def employment(self, pid: int, day: dt.date, form: str, employer: str, position: str) -> tuple[Any, ...]:
        """(employment_type, channel, industry, credit_code, position, monthly_income, contract,
        contract_term) of an employment record."""
        r = self.r
        since = self.registered.get(pid)
        if pid in self.recognized and since is not None and since <= day:
            kind = "就业困难再就业"
        elif since is not None and since <= day:
            kind = "失业人员再就业"
        else:
            kind = _FORM_TO_TYPE[form]
        if form == "单位就业":
            channel = _pick(r, (("非公有制企业", 85), ("公有制企业", 10), ("机关事业单位", 5)))
            industry = "第二产业" if r.random() < 0.4 else "第三产业"
            income: int | None = r.randrange(3000, 8001, 100)
            contract: bool | None = r.random() < 0.9
        elif form == "公益性岗位":
            channel, industry = _FORM_TO_CHANNEL[form], "第三产业"
            income, contract = r.randrange(2300, 3001, 100), True
        elif form == "灵活就业":
            channel, industry = _FORM_TO_CHANNEL[form], "第三产业"
            income, contract = r.randrange(2000, 6001, 100), False
        else:  # 个体经营, 创办企业
            channel = _FORM_TO_CHANNEL[form]
            industry = "第一产业" if "果园" in employer else "第三产业"
            income, contract = (r.randrange(3000, 10001, 500) if r.random() < 0.7 else None), None
        term = r.choice(_TERMS) if contract else ""
        return (
            kind,
            channel,
            industry,
            self.credit_codes.get(employer, ""),
            position or r.choice(_POSITIONS[form]),
            income,
            contract,
            term,
        )

    # ------------------------------------------------------------------ 求职登记

    def job_seekings(
        self, people: Iterable[PersonFacts], registrations: Iterable[tuple[int, dt.date]]
    ) -> list[tuple[Any, ...]]:
        """求职登记 rows (person, registered_on, intention, expected_pay, area, work_form, guidance_count,
        introduction_count): most registrations come with one on the same day, and about half of the
        people looking for work today registered once in the last year. One row per person and day."""
        r = self.r
        facts = {p.id: p for p in people}
        rows: dict[tuple[int, dt.date], tuple[Any, ...]] = {}

        def add(p: PersonFacts, day: dt.date) -> None:
            if (p.id, day) in rows or day > self.today or day < p.birth:
                return
            rows[(p.id, day)] = (
                p.id,
                day,
                p.job_intention,
                p.expected_pay,
                "本地" if r.random() < 0.9 else "外省市",
                _pick(r, (("长期", 70), ("短期", 20), ("兼职", 10))),
                r.randint(0, 3),
                r.randint(0, 3),
            )

        for pid, day in registrations:
            if r.random() < 0.8:
                add(facts[pid], day)
        for p in facts.values():
            if p.status == "未就业" and p.wants_work and r.random() < 0.5:
                add(p, self.today - dt.timedelta(days=r.randint(0, 364)))
        return list(rows.values())
