"""个人就业援助档案 — one person's basic facts and the “六清”, the status history (失业登记, 就业困难
认定, 就业), the plans (一人一策) and every service, referral and training in date order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.platypus import Flowable

from app.core.dates import age_on
from app.core.idcard import mask_id
from app.core.sql import query, to_date
from app.documents.common import (
    Progress,
    date_text,
    heading,
    kv_table,
    note,
    resolve_person,
    signature_block,
    stage,
    title_block,
)
from app.documents.pdf import build_pdf, data_table, today_text

TITLE = "个人就业援助档案"


def _yes(value: object) -> str:
    return "（未填写）" if value is None else ("是" if value else "否")


def activity_rows(person_id: int) -> list[list[object]]:
    """Every service, referral and training of the person, oldest first:
    日期, 类别, 事项, 内容与结果, 经办人."""
    rows: list[tuple[str, int, int, list[object]]] = []
    for sid, on, kind, mode, content, result, staff in query(
        "SELECT id, served_on, kind, mode, content, result, staff FROM service WHERE person_id = ?",
        (person_id,),
    ):
        text = content + (f"；结果：{result}" if result else "")
        rows.append(
            (
                date_text(on),
                0,
                sid,
                [date_text(on), "服务", kind + (f"（{mode}）" if mode else ""), text, staff],
            )
        )
    for rid, on, code, title, employer, outcome, follow in query(
        "SELECT r.id, r.referred_on, v.code, v.title, e.name, r.outcome, r.followed_up_on FROM referral r "
        "JOIN vacancy v ON v.id = r.vacancy_id JOIN employer e ON e.id = v.employer_id WHERE r.person_id = ?",
        (person_id,),
    ):
        text = f"推荐结果：{outcome}" + (f"；{date_text(follow)} 回访" if follow else "")
        rows.append(
            (date_text(on), 1, rid, [date_text(on), "岗位推荐", f"{employer} {title}（{code}）", text, ""])
        )
    for tid, on, kind, program, result, done in query(
        "SELECT id, referred_on, kind, program, result, completed_on FROM training_referral "
        "WHERE person_id = ?",
        (person_id,),
    ):
        text = f"培训结果：{result}" + (f"；{date_text(done)} 结业" if done else "")
        rows.append((date_text(on), 2, tid, [date_text(on), "培训推荐", f"{kind}：{program}", text, ""]))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[3] for r in rows]


def build_pdf_document(
    path: Path | str, *, person: object = None, mask_ids: bool = False, progress: Progress | None = None
) -> Path:
    from db.models import Household, Person

    pid = resolve_person(person)
    p = Person.get_by_id(pid)
    household = Household.get_or_none(Household.id == p.household_id) if p.household_id else None
    today = dt.date.today()
    number = mask_id(p.id_number) if mask_ids else p.id_number
    story: list[Flowable] = [*title_block(TITLE, f"{p.name}　制表日期：{today_text(today)}")]
    story.append(heading("一、基本情况"))
    story.append(
        kv_table(
            [
                ("姓名", p.name),
                ("性别", p.gender),
                ("身份证号", number),
                ("年龄", f"{age_on(p.birth_date, today)} 岁"),
                ("联系电话", p.phone),
                ("户编号", f"{household.code}（{p.relation or '—'}）" if household else "（未入户）"),
                ("户籍类型", p.hukou_type),
                ("文化程度", p.education),
                ("住址*", p.address),
                ("劳动能力", p.labor_ability),
                ("网格", p.grid),
            ]
        )
    )
    story.append(heading("二、“六清”情况"))
    employment = p.employment_status + (f"（{p.employer}）" if p.employer else "")
    story.append(
        kv_table(
            [
                ("失业原因", p.unemployment_reason or "—"),
                ("家庭状况", p.family_situation or "—"),
                ("择业意向", p.job_intention or "—"),
                ("职业技能", p.skills or "—"),
                ("就业状况", employment),
                ("社会保障", p.social_security or "—"),
                ("就业意愿", _yes(p.wants_work)),
                (
                    "培训需求",
                    _yes(p.training_need) + (f"（{p.training_intention}）" if p.training_intention else ""),
                ),
                ("调查日期", date_text(p.survey_date)),
                ("调查人", p.surveyor),
            ]
        )
    )
    status: list[list[object]] = []
    for start, end, reason, personal in query(
        "SELECT registered_on, cancelled_on, cancel_reason, personal_reason FROM registration "
        "WHERE person_id = ? "
        "ORDER BY registered_on",
        (pid,),
    ):
        status.append(
            ["失业登记", date_text(start), date_text(end), reason + ("；个人原因未就业" if personal else "")]
        )
    for start, end, reason, cats, level in query(
        "SELECT recognized_on, cancelled_on, cancel_reason, categories, level FROM recognition "
        "WHERE person_id = ? "
        "ORDER BY recognized_on",
        (pid,),
    ):
        status.append(
            [
                "就业困难认定",
                date_text(start),
                date_text(end),
                f"{cats} {level}".strip() + (f"；{reason}" if reason else ""),
            ]
        )
    for start, end, form, employer in query(
        "SELECT started_on, ended_on, form, employer FROM employment WHERE person_id = ? ORDER BY started_on",
        (pid,),
    ):
        status.append(["就业", date_text(start), date_text(end), f"{form} {employer}".strip()])
    story.append(heading("三、身份与就业记录"))
    if status:
        status.sort(key=lambda r: str(r[1]))
        story.append(data_table(["事项", "开始日期", "结束日期", "说明"], status, [1.5, 1.3, 1.3, 4.5]))
    else:
        story.append(note("无失业登记、就业困难认定或就业记录。"))
    story.append(heading("四、援助计划（一人一策）"))
    plans = [
        [date_text(made), level, goal, measures, responsible, date_text(review)]
        for made, level, goal, measures, responsible, review in query(
            "SELECT made_on, level, goal, measures, responsible, review_on FROM service_plan "
            "WHERE person_id = ? "
            "ORDER BY made_on",
            (pid,),
        )
    ]
    if plans:
        story.append(
            data_table(
                ["制定日期", "帮扶等级", "目标", "措施", "责任人", "复核日期"],
                plans,
                [1.3, 1, 2.2, 3, 1, 1.3],
            )
        )
    else:
        story.append(note("尚未制定援助计划。"))
    story.append(heading("五、服务、推荐与培训记录"))
    acts = activity_rows(pid)
    if acts:
        story.append(
            data_table(["日期", "类别", "事项", "内容与结果", "经办人"], acts, [1.3, 1.1, 2.4, 4, 1])
        )
    else:
        story.append(note("暂无服务、推荐或培训记录。"))
    first = to_date(acts[0][0]) if acts else None
    period = f"{first.isoformat()} 至 {today.isoformat()}" if first else today.isoformat()
    story.append(signature_block(signers=("经办人", "负责人")))
    build_pdf(
        path, TITLE, story, period_text=period, progress=stage(progress, "正在生成个人档案…", 0, 100, 100)
    )
    return Path(path)
