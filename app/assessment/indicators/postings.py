"""岗位: collection, publication, completeness, follow-up of referrals; 公益性岗位 headcount; postings of
one kind; referrals by outcome."""

from __future__ import annotations

import itertools
import json
from typing import Any

from app.assessment.indicators.base import IndicatorResult, filled_sql, make_result
from app.core.codes import COLLECT_METHOD, VACANCY_KIND
from app.core.period import Period
from app.core.sql import code_value, query

PUBLIC_WELFARE = "公益性岗位"


# The five elements of a complete posting (STANDARDS.md): column and label.
ELEMENTS = (
    ("hours", "工作时间"),
    ("requirements", "招聘要求"),
    ("pay_text", "薪酬待遇"),
    ("contact", "联系人"),
    ("phone", "联系电话"),
)
_ALL_ELEMENTS = (1 << len(ELEMENTS)) - 1


def _json_ints(joined: str | None) -> list[int]:
    """The integers of a ``group_concat`` ("1,5,9"; None when nothing was joined)."""
    return json.loads(f"[{joined}]") if joined is not None else []


def posting_elements(period: Period) -> IndicatorResult:
    """Postings with 收集日期 in P: collected; published (发布渠道 not empty); complete (工作时间, 招聘要求,
    薪酬待遇, 联系人, 联系电话 all non-empty); and referrals with 推荐日期 in P and 回访日期 <= to.
    numerator/denominator = complete / collected. Empty means blank (``textnorm.is_blank``): whitespace,
    full-width spaces and invisible characters only."""
    s, e = period.start_iso, period.end_iso
    # One statement, one pass over the postings: every id collected, and — only for the postings that lack
    # something — id, unpublished (0/1) and a bit mask of the elements present (tested in SQL), as flat
    # triples; then the followed-up referrals. Each comes as one text value. "+collected_on",
    # "+referred_on": a period holds about half of the postings and referrals, and one scan of the table
    # in id order (ids ascending) beats fetching each row through the date index, whose lookups grew past
    # linear (20 + 18 ms at 200,000 persons where 3 + 4 at 50,000; the scans: 13 + 10 ms).
    mask = " + ".join(f"{filled_sql(col)} * {1 << i}" for i, (col, _label) in enumerate(ELEMENTS))
    rows = query(
        "SELECT group_concat(id), group_concat(CASE WHEN unpublished OR mask <> "
        f"{_ALL_ELEMENTS} THEN id || ',' || unpublished || ',' || mask END), "
        "(SELECT group_concat(id) FROM referral WHERE +referred_on BETWEEN ? AND ? "
        "AND followed_up_on IS NOT NULL AND followed_up_on <= ?) "
        f"FROM (SELECT id, 1 - {filled_sql('channels')} AS unpublished, {mask} AS mask "
        "FROM vacancy WHERE +collected_on BETWEEN ? AND ?)",
        (s, e, e, s, e),
    )
    all_ids, lacking_text, followed_text = rows[0]
    collected: list[int] = _json_ints(all_ids)
    followed = _json_ints(followed_text)
    flat = _json_ints(lacking_text)
    lacking = list(zip(flat[0::3], flat[1::3], flat[2::3], strict=True))
    unpublished = {vid for vid, unpub, _m in lacking if unpub}
    missing_elements: dict[int, list[str]] = {
        vid: [label for i, (_col, label) in enumerate(ELEMENTS) if not m & (1 << i)]
        for vid, _unpublished, m in lacking
        if m != _ALL_ELEMENTS
    }
    published = [vid for vid in collected if vid not in unpublished]
    complete = [vid for vid in collected if vid not in missing_elements]
    return make_result(
        "posting_elements",
        {},
        sets={
            "collected": ("vacancy", collected),
            "published": ("vacancy", published),
            "complete": ("vacancy", complete),
            "incomplete": ("vacancy", missing_elements),
            "followed_up_referrals": ("referral", followed),
        },
        numerator=len(complete),
        denominator=len(collected),
        rate=True,
        details={"missing_elements": missing_elements},
    )


def public_welfare_posts(period: Period) -> IndicatorResult:
    """招聘人数 summed over postings of type 公益性岗位 with 收集日期 in P (numerator and
    counts["headcount"])."""
    rows = query(
        "SELECT id, headcount FROM vacancy WHERE kind = ? AND collected_on BETWEEN ? AND ?",
        (PUBLIC_WELFARE, period.start_iso, period.end_iso),
    )
    total = sum(int(r[1] or 0) for r in rows)
    return make_result(
        "public_welfare_posts",
        {},
        sets={"vacancies": ("vacancy", {int(r[0]) for r in rows})},
        numerator=total,
        counts={"headcount": total},
        details={"headcount": {int(r[0]): int(r[1] or 0) for r in rows}},
    )


def vacancies_of_kind(period: Period, kind: str, method: str | None = None) -> IndicatorResult:
    """Postings of 岗位类型 ``kind`` (and 收集方式 ``method`` when given) with 收集日期 in P: numerator =
    how many (set "vacancies"); counts["headcount"] = 招聘人数 summed over them."""
    kind = code_value(kind, VACANCY_KIND, "岗位类型")
    params: dict[str, Any] = {"kind": kind}
    sql = "SELECT id, headcount FROM vacancy WHERE kind = ? AND collected_on BETWEEN ? AND ?"
    args: tuple[Any, ...] = (kind, period.start_iso, period.end_iso)
    if method is not None:
        method = code_value(method, COLLECT_METHOD, "收集方式")
        params["method"] = method
        sql += " AND collect_method = ?"
        args = (*args, method)
    rows = query(sql, args)
    headcount = sum(int(r[1] or 0) for r in rows)
    return make_result(
        "vacancies_of_kind",
        params,
        sets={"vacancies": ("vacancy", {int(r[0]) for r in rows})},
        numerator=len(rows),
        counts={"headcount": headcount},
    )


# 推荐结果 -> the set name (ASCII, so that a standard can test ``count:<name>``).
OUTCOME_SETS = {
    "待反馈": "pending",
    "已面试": "interviewed",
    "已录用": "hired",
    "未录用": "not_hired",
    "未到岗": "no_show",
}


def referrals_by_outcome(period: Period) -> IndicatorResult:
    """推荐记录 with 推荐日期 in P by 推荐结果: one set per outcome (pending 待反馈, interviewed 已面试,
    hired 已录用, not_hired 未录用, no_show 未到岗; an outcome outside the code list goes to "other"),
    "interviewed_or_hired" (已面试 or 已录用) and "referrals" (all; also the numerator).
    details["outcomes"] = {推荐结果: count} for the outcomes that occur."""
    # Grouped in SQL by the stored text (a handful of values): each group's ids come as one text value,
    # and only the group's text is stripped in Python, where a loop over every referral grew past linear.
    # "+referred_on": one scan of the table (13 ms at 200,000 persons) beats a row fetch per referral
    # through the date index (23 ms).
    rows = query(
        "SELECT outcome, group_concat(id) FROM referral WHERE +referred_on BETWEEN ? AND ? GROUP BY outcome",
        (period.start_iso, period.end_iso),
    )
    members: dict[str, list[int]] = {name: [] for name in (*OUTCOME_SETS.values(), "other")}
    outcomes: dict[str, int] = {}
    for outcome, joined in rows:
        text = str(outcome or "").strip()
        group: list[int] = json.loads(f"[{joined}]")
        members[OUTCOME_SETS.get(text, "other")] += group
        outcomes[text or "（空）"] = outcomes.get(text or "（空）", 0) + len(group)
    sets: dict[str, tuple[str, Any]] = {name: ("referral", group) for name, group in members.items()}
    sets["interviewed_or_hired"] = ("referral", members["interviewed"] + members["hired"])
    everyone = list(itertools.chain.from_iterable(members.values()))
    sets["referrals"] = ("referral", everyone)
    return make_result(
        "referrals_by_outcome",
        {},
        sets=sets,
        numerator=len(everyone),
        details={"outcomes": outcomes},
    )
