"""离校未就业高校毕业生: placement rate and the services each unplaced graduate must receive."""

from __future__ import annotations

from app.assessment.indicators.base import IndicatorResult, make_result
from app.core.codes import GRADUATE_EMPLOYED_DESTINATIONS
from app.core.period import Period
from app.core.sql import query, to_date

# Requirement -> minimum count (STANDARDS.md, graduate_services). Names are shown to the user.
REQUIREMENTS: dict[str, int] = {
    "政策宣介": 1,
    "职业指导": 3,
    "岗位推荐": 3,
    "培训或见习": 1,
    "档案服务": 1,
}
# 服务类型 -> requirement it counts towards.
SERVICE_REQUIREMENT = {
    "政策宣介": "政策宣介",
    "职业指导": "职业指导",
    "岗位推荐": "岗位推荐",
    "培训推荐": "培训或见习",
    "就业见习推荐": "培训或见习",
    "档案服务": "档案服务",
}


def graduate_placement(period: Period) -> IndicatorResult:
    """G = 高校毕业生 rows with 毕业年份 = year of ``to``; placed = 去向落实日期 <= to; value = placed / G.
    G_d = rows of G with 困难家庭=是 and 就业意愿=是; details["all_gd_placed"] is True when every row of
    G_d is placed by ``to`` with 去向 就业/灵活就业/自主创业 (also when G_d is empty). Sets hold 高校毕业生
    row ids."""
    to = period.end
    rows = query(
        "SELECT id, person_id, hardship, wants_work, placed_on, destination FROM graduate "
        "WHERE grad_year = ?",
        (to.year,),
    )
    g: set[int] = set()
    placed: set[int] = set()
    g_d: set[int] = set()
    g_d_ok: set[int] = set()
    for gid, _pid, hardship, wants, placed_on, destination in rows:
        gid = int(gid)
        g.add(gid)
        d = to_date(placed_on)
        is_placed = d is not None and d <= to
        if is_placed:
            placed.add(gid)
        if hardship and wants:
            g_d.add(gid)
            if is_placed and (destination or "").strip() in GRADUATE_EMPLOYED_DESTINATIONS:
                g_d_ok.add(gid)
    return make_result(
        "graduate_placement",
        {},
        sets={
            "G": ("graduate", g),
            "placed": ("graduate", placed),
            "unplaced": ("graduate", g - placed),
            "G_d": ("graduate", g_d),
            "G_d_placed_employed": ("graduate", g_d_ok),
            "G_d_not_placed": ("graduate", g_d - g_d_ok),
        },
        numerator=len(placed),
        denominator=len(g),
        rate=True,
        details={"all_gd_placed": g_d_ok == g_d},
    )


def graduate_services(period: Period) -> IndicatorResult:
    """For each row of G with 就业意愿=是 not placed by ``to``, services dated in P must reach
    政策宣介 1, 职业指导 3, 岗位推荐 3 (服务记录 of that type plus 推荐记录 rows), 培训或见习 1 (服务记录
    培训推荐 / 就业见习推荐 plus 培训推荐 rows), 档案服务 1.

    counts["missing"] = unmet requirements summed over persons. details["missing"][person] = {requirement:
    how many short}; details["done"][person] = {requirement: count reached}. Sets hold person ids.
    """
    to = period.end
    p = (period.start_iso, period.end_iso)
    # Graduates of the year of `to` who want work and are not placed by `to`: params (year, to).
    base_sql = (
        "SELECT person_id FROM graduate WHERE grad_year = ? AND wants_work = 1 "
        "AND (placed_on IS NULL OR placed_on > ?)"
    )
    bp = (to.year, period.end_iso)
    base = {int(r[0]) for r in query(base_sql, bp)}
    done: dict[int, dict[str, int]] = {pid: dict.fromkeys(REQUIREMENTS, 0) for pid in base}
    if base:
        kinds = tuple(SERVICE_REQUIREMENT)
        marks = ",".join("?" * len(kinds))
        for pid, kind, n in query(
            "SELECT person_id, kind, COUNT(*) FROM service WHERE served_on BETWEEN ? AND ? "
            f"AND kind IN ({marks}) AND person_id IN ({base_sql}) GROUP BY person_id, kind",
            (*p, *kinds, *bp),
        ):
            done[int(pid)][SERVICE_REQUIREMENT[str(kind)]] += int(n)
        for pid, n in query(
            "SELECT person_id, COUNT(*) FROM referral WHERE referred_on BETWEEN ? AND ? "
            f"AND person_id IN ({base_sql}) GROUP BY person_id",
            (*p, *bp),
        ):
            done[int(pid)]["岗位推荐"] += int(n)
        for pid, n in query(
            "SELECT person_id, COUNT(*) FROM training_referral WHERE referred_on BETWEEN ? AND ? "
            f"AND person_id IN ({base_sql}) GROUP BY person_id",
            (*p, *bp),
        ):
            done[int(pid)]["培训或见习"] += int(n)
    missing: dict[int, dict[str, int]] = {}
    for pid, got in done.items():
        short = {req: need - got[req] for req, need in REQUIREMENTS.items() if got[req] < need}
        if short:
            missing[pid] = short
    return make_result(
        "graduate_services",
        {},
        sets={"base": ("person", base), "lacking": ("person", missing)},
        numerator=sum(len(v) for v in missing.values()),
        counts={"missing": sum(len(v) for v in missing.values())},
        details={"missing": missing, "done": done},
        empty=not base,
    )
