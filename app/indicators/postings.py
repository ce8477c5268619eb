"""岗位: collection, publication, completeness, follow-up of referrals; 公益性岗位 headcount."""

from __future__ import annotations

from app.indicators.base import IndicatorResult, Period, make_result, query

PUBLIC_WELFARE = "公益性岗位"


def _filled(value: object) -> bool:
    return bool(str(value or "").strip())


def posting_elements(period: Period) -> IndicatorResult:
    """Postings with 收集日期 in P: collected; published (发布渠道 not empty); complete (工作时间, 招聘要求,
    薪酬待遇, 联系人, 联系电话 all non-empty); and referrals with 推荐日期 in P and 回访日期 <= to.
    numerator/denominator = complete / collected."""
    rows = query(
        "SELECT id, channels, hours, requirements, pay_text, contact, phone FROM vacancy "
        "WHERE collected_on BETWEEN ? AND ?",
        (period.start_iso, period.end_iso),
    )
    collected = {int(r[0]) for r in rows}
    published = {int(r[0]) for r in rows if _filled(r[1])}
    complete = {int(r[0]) for r in rows if all(_filled(v) for v in r[2:])}
    missing_elements: dict[int, list[str]] = {}
    labels = ("工作时间", "招聘要求", "薪酬待遇", "联系人", "联系电话")
    for r in rows:
        lacking = [label for label, v in zip(labels, r[2:], strict=True) if not _filled(v)]
        if lacking:
            missing_elements[int(r[0])] = lacking
    followed = {
        int(r[0])
        for r in query(
            "SELECT id FROM referral WHERE referred_on BETWEEN ? AND ? "
            "AND followed_up_on IS NOT NULL AND followed_up_on <= ?",
            (period.start_iso, period.end_iso, period.end_iso),
        )
    }
    return make_result(
        "posting_elements",
        {},
        sets={
            "collected": ("vacancy", collected),
            "published": ("vacancy", published),
            "complete": ("vacancy", complete),
            "incomplete": ("vacancy", collected - complete),
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
