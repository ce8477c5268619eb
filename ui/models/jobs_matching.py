"""Models of the 匹配 view: the person picker, the best vacancies of a person, the best people of a
vacancy (with a check box per person, to refer several at once).

A match row shows the score, the reasons that gave points (“意向相符：保洁；薪酬在期望内 …”) and, in
its tooltip, every factor with its points, so a worker can follow why a row ranks where it does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.jobs.matching import Match, best_people, best_vacancies
from app.jobs.referrals import PersonBrief, find_people, people_briefs
from app.jobs.vacancies import VacancyRow, list_vacancies
from ui import theme
from ui.models.jobs_vacancies import pay_text
from ui.models.table_base import CheckableTableModel, Column, TableModel


def factors_tip(m: Match) -> str:
    """Every factor of a match with its points, one per line."""
    lines = [f"匹配度 {m.score} 分："]
    for f in m.factors:
        sign = "+" if f.points > 0 else ""
        lines.append(f"· {f.name}：{f.reason}（{sign}{f.points}/{f.weight}）")
    return "\n".join(lines)


def short_reason(reason: str) -> str:
    """A reason without its trailing detail in brackets (“薪酬在期望内（期望4000元…）” -> 薪酬在期望内);
    the tooltip keeps the detail."""
    cut = reason.find("（")
    return reason[:cut] if cut > 0 and reason.endswith("）") else reason


def reasons_text(m: Match) -> str:
    """The informative reasons that gave points, biggest first, then (marked ✗) the shortfalls.

    Reasons that would read the same on every row (“年龄不限”, “学历不限”, “未填期望月薪”) are left
    out: they still count in the score and are listed in the tooltip."""
    good = [
        short_reason(f.reason)
        for f in sorted(
            (f for f in m.factors if f.points > 0 and f.informative and not f.shortfall),
            key=lambda f: -f.points,
        )
    ]
    bad = [f"✗{f.reason}" for f in m.factors if f.shortfall]
    return "；".join(good + bad)


def _reasons_color(m: Match) -> str | None:
    return theme.ERROR if any(f.points < 0 for f in m.factors) else None


# ---------------------------------------------------------------------------- people


PERSON_COLUMNS: tuple[Column[PersonBrief], ...] = (
    Column("姓名", lambda p: p.name, sample="欧阳某某"),
    Column("身份证号", lambda p: p.masked_id, sample="440106********123X"),
    Column("性别", lambda p: p.gender, sample="性别"),
    Column("年龄", lambda p: str(p.age), key=lambda p: p.age, align="right", sample="年龄"),
    Column("就业状态", lambda p: p.employment_status, sample="公益性岗位"),
    Column("择业意向", lambda p: p.job_intention, sample="保洁、保安"),
    Column(
        "标记",
        lambda p: p.tags,
        foreground=lambda p: theme.TAG if p.difficulty else None,
        sample="就业困难人员",
    ),
)


class PersonPickModel(TableModel[PersonBrief]):
    """People found by name, ID number or phone (job seekers when the search is empty)."""

    LIMIT = 200

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PERSON_COLUMNS, lambda p: p.id, parent)
        self.search = ""

    def load(self, today: dt.date | None = None) -> None:
        self.set_rows(find_people(self.search, today, self.LIMIT))


# ---------------------------------------------------------------------------- vacancies for a person


@dataclass(frozen=True)
class VacancyMatch:
    match: Match
    vacancy: VacancyRow


VACANCY_MATCH_COLUMNS: tuple[Column[VacancyMatch], ...] = (
    Column(
        "匹配度",
        lambda x: str(x.match.score),
        key=lambda x: x.match.score,
        score=True,
        tooltip=lambda x: factors_tip(x.match),
        sample="匹配度匹配",
    ),
    Column("岗位名称", lambda x: x.vacancy.title, sample="仓库管理员"),
    Column("用人单位", lambda x: x.vacancy.employer_name, sample="某某食品有限公司"),
    Column("岗位类型", lambda x: x.vacancy.kind, sample="公益性岗位"),
    Column(
        "薪酬（元/月）",
        lambda x: pay_text(x.vacancy),
        key=lambda x: x.vacancy.pay_max if x.vacancy.pay_max is not None else x.vacancy.pay_min,
        sample="4500-6000",
    ),
    Column("岗位编号", lambda x: x.vacancy.code, foreground=lambda _x: theme.GREY, sample="G2026-0000"),
    Column(
        "匹配理由",
        lambda x: reasons_text(x.match),
        key=lambda x: x.match.score,
        foreground=lambda x: _reasons_color(x.match),
        tooltip=lambda x: factors_tip(x.match),
    ),
)


class VacancyMatchModel(TableModel[VacancyMatch]):
    """The open vacancies that suit one person best, best first."""

    LIMIT = 30

    def __init__(self, parent: Any = None) -> None:
        super().__init__(VACANCY_MATCH_COLUMNS, lambda x: x.vacancy.id, parent)
        self.person_id: int | None = None

    def load(self, person_id: int | None, today: dt.date | None = None) -> None:
        self.person_id = person_id
        if person_id is None:
            self.set_rows([])
            return
        day = today or dt.date.today()
        matches = best_vacancies(person_id, day, self.LIMIT)
        rows = {v.id: v for v in list_vacancies(today=day, ids=[m.vacancy_id for m in matches])}
        self.set_rows(VacancyMatch(m, rows[m.vacancy_id]) for m in matches if m.vacancy_id in rows)


# ---------------------------------------------------------------------------- people for a vacancy


@dataclass(frozen=True)
class PersonMatch:
    match: Match
    person: PersonBrief


PERSON_MATCH_COLUMNS: tuple[Column[PersonMatch], ...] = (
    Column("姓名", lambda x: x.person.name, sample="☐ 欧阳某某"),
    Column(
        "匹配度",
        lambda x: str(x.match.score),
        key=lambda x: x.match.score,
        score=True,
        tooltip=lambda x: factors_tip(x.match),
        sample="匹配度匹配",
    ),
    Column("性别", lambda x: x.person.gender, sample="性别"),
    Column("年龄", lambda x: str(x.person.age), key=lambda x: x.person.age, align="right", sample="年龄"),
    Column(
        "标记",
        lambda x: x.person.tags,
        foreground=lambda x: theme.TAG if x.person.difficulty else theme.ACCENT,
        sample="就业困难人员",
    ),
    Column("联系电话", lambda x: x.person.phone, sample="13800000000"),
    Column(
        "匹配理由",
        lambda x: reasons_text(x.match),
        key=lambda x: x.match.score,
        foreground=lambda x: _reasons_color(x.match),
        tooltip=lambda x: factors_tip(x.match),
    ),
)


class PersonMatchModel(CheckableTableModel[PersonMatch]):
    """The job seekers who suit one vacancy best (difficulty persons first for 公益性岗位), each with a
    check box for referring several people in one step."""

    LIMIT = 50

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PERSON_MATCH_COLUMNS, lambda x: x.person.id, parent)
        self.vacancy: VacancyRow | None = None

    def load(self, vacancy: VacancyRow | None, today: dt.date | None = None) -> None:
        self.vacancy = vacancy
        if vacancy is None:
            self.set_rows([])
            return
        day = today or dt.date.today()
        matches = best_people(vacancy.id, day, self.LIMIT)
        briefs = people_briefs([m.person_id for m in matches], day)
        self.set_rows(PersonMatch(m, briefs[m.person_id]) for m in matches if m.person_id in briefs)

    def names(self, person_ids: list[int]) -> list[str]:
        by_id = {x.person.id: x.person.name for x in self._rows}
        return [by_id[i] for i in person_ids if i in by_id]
