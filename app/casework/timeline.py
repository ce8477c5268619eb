"""A person's timeline: every dated thing that happened to them, in date order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from app.core.sql import query, to_date

# ---------------------------------------------------------------------------- timeline


@dataclass(frozen=True)
class TimelineEntry:
    date: dt.date
    category: str  # 服务 计划 推荐 培训 失业登记 求职登记 就业困难 就业 毕业生 零就业家庭 调查
    title: str
    detail: str = ""
    record: str = ""  # service | plan | referral | training | registration | recognition | employment …
    record_id: int | None = None


def timeline(person_id: int) -> list[TimelineEntry]:
    """Everything that happened to a person, oldest first (same day: by category order, then id)."""
    out: list[TimelineEntry] = []
    pid = (person_id,)

    def d(v: Any) -> dt.date:
        parsed = to_date(v)
        assert parsed is not None
        return parsed

    for sid, on, kind, mode, content, result, staff in query(
        "SELECT id, served_on, kind, mode, content, result, staff FROM service WHERE person_id = ?", pid
    ):
        detail = "；".join(
            x
            for x in (content, f"结果：{result}" if result else "", f"经办人：{staff}" if staff else "")
            if x
        )
        out.append(
            TimelineEntry(d(on), "服务", f"{kind}" + (f"（{mode}）" if mode else ""), detail, "service", sid)
        )
    for plid, made, level, goal, review in query(
        "SELECT id, made_on, level, goal, review_on FROM service_plan WHERE person_id = ?", pid
    ):
        title = "制定一人一策" + (f"（{level}）" if level else "")
        detail = f"目标：{goal}" + (f"；复核日期 {review}" if review else "")
        out.append(TimelineEntry(d(made), "计划", title, detail, "plan", plid))
    for rid, on, code, title, employer, outcome, follow in query(
        "SELECT r.id, r.referred_on, v.code, v.title, e.name, r.outcome, r.followed_up_on FROM referral r "
        "JOIN vacancy v ON v.id = r.vacancy_id JOIN employer e ON e.id = v.employer_id WHERE r.person_id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(
                d(on), "推荐", f"推荐到 {employer} {title}（{code}）", f"推荐结果：{outcome}", "referral", rid
            )
        )
        if follow:
            out.append(
                TimelineEntry(
                    d(follow), "推荐", f"回访：{employer} {title}", f"推荐结果：{outcome}", "referral", rid
                )
            )
    for tid, on, kind, program, result, done in query(
        "SELECT id, referred_on, kind, program, result, completed_on FROM training_referral "
        "WHERE person_id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(d(on), "培训", f"推荐参加{kind}：{program}", f"培训结果：{result}", "training", tid)
        )
        if done:
            out.append(TimelineEntry(d(done), "培训", f"{kind}结业：{program}", "", "training", tid))
    for rid, start, end, reason, personal in query(
        "SELECT id, registered_on, cancelled_on, cancel_reason, personal_reason FROM registration "
        "WHERE person_id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(
                d(start), "失业登记", "失业登记", "个人原因未就业" if personal else "", "registration", rid
            )
        )
        if end:
            out.append(
                TimelineEntry(d(end), "失业登记", "注销失业登记", f"原因：{reason}", "registration", rid)
            )
    for rid, start, cats, level, end, reason in query(
        "SELECT id, recognized_on, categories, level, cancelled_on, cancel_reason FROM recognition "
        "WHERE person_id = ?",
        pid,
    ):
        detail = f"类别：{cats}" + (f"；{level}" if level else "")
        out.append(TimelineEntry(d(start), "就业困难", "认定为就业困难人员", detail, "recognition", rid))
        if end:
            out.append(
                TimelineEntry(d(end), "就业困难", "取消就业困难认定", f"原因：{reason}", "recognition", rid)
            )
    for eid, start, form, employer, end in query(
        "SELECT id, started_on, form, employer, ended_on FROM employment WHERE person_id = ?", pid
    ):
        out.append(TimelineEntry(d(start), "就业", f"实现就业（{form}）", employer or "", "employment", eid))
        if end:
            out.append(TimelineEntry(d(end), "就业", "离职", employer or "", "employment", eid))
    for jid, on, intention, area, form in query(
        "SELECT id, registered_on, intention, area, work_form FROM job_seeking WHERE person_id = ?", pid
    ):
        detail = "；".join(x for x in (f"求职意向：{intention}" if intention else "", area, form) if x)
        out.append(TimelineEntry(d(on), "求职登记", "求职登记", detail, "job_seeking", jid))
    for gid, year, placed, dest in query(
        "SELECT id, grad_year, placed_on, destination FROM graduate WHERE person_id = ?", pid
    ):
        if placed:
            out.append(
                TimelineEntry(d(placed), "毕业生", f"{year}届毕业生去向落实", dest or "", "graduate", gid)
            )
    for zid, code, start, cleared in query(
        "SELECT z.id, h.code, z.recognized_on, z.cleared_on FROM zero_family z "
        "JOIN household h ON h.id = z.household_id JOIN person p ON p.household_id = h.id WHERE p.id = ?",
        pid,
    ):
        out.append(
            TimelineEntry(
                d(start), "零就业家庭", f"家庭（户 {code}）认定为零就业家庭", "", "zero_family", zid
            )
        )
        if cleared:
            out.append(
                TimelineEntry(
                    d(cleared), "零就业家庭", f"零就业家庭（户 {code}）清零", "", "zero_family", zid
                )
            )
    for survey, surveyor in query("SELECT survey_date, surveyor FROM person WHERE id = ?", pid):
        out.append(
            TimelineEntry(
                d(survey), "调查", "入户调查", f"调查人：{surveyor}" if surveyor else "", "person", person_id
            )
        )
    order = {
        c: i
        for i, c in enumerate(
            (
                "调查",
                "零就业家庭",
                "失业登记",
                "求职登记",
                "就业困难",
                "计划",
                "服务",
                "推荐",
                "培训",
                "毕业生",
                "就业",
            )
        )
    }
    out.sort(key=lambda e: (e.date, order.get(e.category, 99), e.record_id or 0))
    return out
