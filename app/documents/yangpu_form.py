"""杨浦区乐业空间认定申报表 (seed 000): the station's basics, hosting venue, area and facilities, the
operating organisation and its qualifications, the staff table, the management systems, the four
service functions with the period's figures from the ledgers, the 特色功能 text and the 街道办事处意见
box."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable, Spacer

from app.core.dates import fmt_cn
from app.core.idcard import parse_id
from app.core.period import Period
from app.documents import figures
from app.documents.common import (
    Progress,
    as_period,
    heading,
    kv_table,
    note,
    num,
    opinion_box,
    period_text,
    signature_block,
    stage,
    title_block,
)
from app.documents.pdf import build_pdf, data_table

TITLE = "杨浦区乐业空间认定申报表"


def staff_rows(on: Period) -> list[list[object]]:
    """序号, 姓名, 性别, 年龄, 文化程度, 从业年限, 岗位性质, 持证情况 — full-time staff first."""
    from app.core.dates import age_on
    from app.core.errors import ValidationError
    from app.station.profile import experience_years, list_staff

    rows: list[list[object]] = []
    for n, s in enumerate(list_staff(), 1):
        gender = age = ""
        if s.id_number:
            try:
                info = parse_id(s.id_number)
            except ValidationError:
                info = None
            if info is not None:
                gender = info.gender
                age = str(age_on(info.birth_date, on.end))
        years = experience_years(s, on.end)
        rows.append(
            [
                n,
                s.name,
                gender,
                age,
                s.education,
                "" if years is None else f"{years}年",
                "是" if s.nature == "专职" else f"否（{s.nature}）",
                s.certificates,
            ]
        )
    return rows


def functions(period: Period) -> list[list[object]]:
    """The four service functions of seed 000 with the period's figures."""
    from app.core.sql import query

    surveyed = figures.surveys(period)
    register = figures.scalar("SELECT COUNT(*) FROM person")
    graduates = figures.scalar("SELECT COUNT(*) FROM graduate WHERE grad_year = ?", (period.end.year,))
    n_vac, headcount = figures.vacancies(period)
    employers = figures.scalar(
        "SELECT COUNT(DISTINCT employer_id) FROM vacancy WHERE collected_on BETWEEN ? AND ?",
        (period.start_iso, period.end_iso),
    )
    welfare = figures.scalar(
        "SELECT COUNT(*) FROM vacancy WHERE kind = '公益性岗位' AND collected_on BETWEEN ? AND ?",
        (period.start_iso, period.end_iso),
    )
    n_services, persons = figures.services(period)
    n_ref, hired = figures.referrals(period)
    events = query(
        "SELECT kind, COUNT(*) FROM event WHERE date BETWEEN ? AND ? GROUP BY kind "
        "ORDER BY COUNT(*) DESC, kind",
        (period.start_iso, period.end_iso),
    )
    from app.station.profile import get_profile

    special = get_profile().special_functions or "（未填写）"
    event_text = "、".join(f"{k} {n} 场" for k, n in events) or "无"
    return [
        [
            "信息排摸",
            "配合开展劳动力基础数据排摸，摸清失无业人员基本情况和就业需求；开展高校毕业生专项调查",
            f"报告期内入户调查 {surveyed} 人；劳动力台账在册 {register} 人；"
            f"{period.end.year} 届高校毕业生 {graduates} 人",
        ],
        [
            "岗位开发",
            "宣传创业扶持政策，开展企业用工需求调查，分享区域岗位信息，配合开发社区公益性岗位",
            f"报告期内收集岗位 {n_vac} 个（招聘 {headcount} 人），涉及用人单位 {employers} 家；"
            f"其中公益性岗位 {welfare} 个",
        ],
        [
            "就业服务",
            "宣传就业扶持政策，职业指导，精准岗位匹配，劳动和社会保险维权服务",
            f"报告期内服务 {n_services} 人次（{persons} 人）；推荐就业 {n_ref} 人次，其中录用 {hired} 人次",
        ],
        ["特色功能", special, f"报告期内开展活动：{event_text}"],
    ]


def build_pdf_document(path: Path | str, *, period: object = None, progress: Progress | None = None) -> Path:
    from app.documents import default_period_for
    from app.station.profile import get_profile, staffing_notes

    p = as_period(period) if period is not None else default_period_for("yangpu-application")
    prof = get_profile()
    story: list[Flowable] = [*title_block(TITLE, f"数据期间：{period_text(p)}")]
    story.append(heading("一、基本情况"))
    story.append(
        kv_table(
            [
                ("乐业空间名称*", prof.name),
                ("所在街道", prof.street),
                ("所在区", prof.district),
                ("地址*", prof.address),
                ("负责人", prof.contact),
                ("联系电话", prof.phone),
                ("开始运行日期", fmt_cn(prof.opened_on) if prof.opened_on else ""),
                ("场地面积", f"{num(prof.area_m2)} 平方米" if prof.area_m2 is not None else ""),
                ("依托场所*", prof.venue),
                ("配套设施*", prof.facilities),
            ]
        )
    )
    story.append(heading("二、运作机构"))
    story.append(
        kv_table(
            [
                ("运营机构*", prof.operator_org or "（站点自行运作，未委托第三方机构）"),
                ("机构资质*", prof.operator_qualification or "（未填写）"),
            ]
        )
    )
    story.append(heading("三、运作团队"))
    rows = staff_rows(p)
    story.append(
        data_table(
            ["序号", "姓名", "性别", "年龄", "文化程度", "从业年限", "是否专职", "持证情况"],
            rows or [["", "（未登记工作人员）", "", "", "", "", "", ""]],
            [0.7, 1.4, 0.7, 0.7, 1.3, 1.1, 1.3, 2.6],
        )
    )
    full_time = sum(1 for r in rows if r[6] == "是")
    gaps = staffing_notes(p.end)
    story.append(
        note(
            f"专职工作人员 {full_time} 名（认定条件：至少 2 名，且具备两年及以上相关工作经验）。"
            + ("".join(gaps) if gaps else "符合条件。")
        )
    )
    story.append(heading("四、管理制度"))
    story.append(kv_table([("管理制度*", prof.systems or "（未填写）")]))
    story.append(heading("五、服务功能"))
    story.append(
        data_table(["服务功能", "工作内容", "报告期工作情况（台账数据）"], functions(p), [1, 3, 3.4])
    )
    story.append(Spacer(1, 2))
    story.append(signature_block(signers=("填表人", "乐业空间负责人")))
    story.append(opinion_box("街道办事处意见", 45))
    build_pdf(
        path,
        TITLE,
        story,
        period_text=period_text(p),
        progress=stage(progress, "正在生成申报表…", 0, 100, 100),
    )
    return Path(path)
