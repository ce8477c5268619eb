"""充分就业社区(村)申报表: the basic figures of the community, the service platform, the indicators
with their values for the period, the self score against a standard, and the opinion boxes of the
社区(村), the 街道/镇 and the 区人社局 (seeds 002, 003, 004)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable

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
    rate_text,
    stage,
    title_block,
)
from app.documents.pdf import build_pdf, data_table

TITLE = "充分就业社区(村)申报表"
DEFAULT_STANDARD = "guangzhou-full-employment-2024"


def basic_figures(period: Period) -> list[tuple[str, object]]:
    """(label, value) of the community's basic figures; manual figures from 站点信息, the rest counted
    from the ledgers on the last day of the period."""
    from app.assessment.indicators.register import working_age_persons
    from app.station.profile import get_profile

    prof = get_profile()
    end = period.end
    households = figures.scalar("SELECT COUNT(*) FROM household")
    persons = figures.scalar("SELECT COUNT(*) FROM person")
    zero_in_p = figures.scalar(
        "SELECT COUNT(*) FROM zero_family WHERE recognized_on BETWEEN ? AND ?",
        (period.start_iso, period.end_iso),
    )

    def manual(value: int | None) -> str:
        return "（未填写）" if value is None else str(value)

    return [
        ("辖区户数", f"{manual(prof.household_count)} 户（台账在册 {households} 户）"),
        ("辖区常住人口", f"{manual(prof.population)} 人"),
        (
            "法定劳动年龄人口",
            f"{manual(prof.working_age_population)} 人"
            f"（台账在册劳动年龄人员 {len(working_age_persons(end))} 人）",
        ),
        ("劳动力台账在册", f"{persons} 人"),
        ("登记失业人员", f"{figures.registered_unemployed_on(end)} 人"),
        ("就业困难人员", f"{figures.difficulty_on(end)} 人"),
        ("零就业家庭", f"{figures.zero_families_open_on(end)} 户未清零（报告期内认定 {zero_in_p} 户）"),
    ]


def indicator_rows(period: Period) -> list[list[object]]:
    """The indicators of STANDARDS.md the applications quote, with their values for the period."""
    from app.assessment.indicators import compute

    out: list[list[object]] = []
    r = compute("reemployment_rate", period)
    out.append(
        [
            "登记失业人员再就业率",
            f"再就业 {r.counts.get('employed', 0)} 人 ÷（登记失业 {r.counts.get('base', 0)} 人 − 非就业情形 "
            f"{r.counts.get('excluded', 0)} 人）",
            rate_text(r.numerator, r.denominator),
        ]
    )
    r = compute("difficulty_employment_rate", period)
    out.append(
        [
            "就业困难人员就业率",
            f"实现就业 {r.counts.get('employed', 0)} 人 ÷"
            f"（就业困难人员 {r.counts.get('base', 0)} 人 − 非就业情形 "
            f"{r.counts.get('excluded', 0)} 人）",
            rate_text(r.numerator, r.denominator),
        ]
    )
    r = compute("graduate_placement", period)
    out.append(
        [
            "离校未就业高校毕业生去向落实率",
            f"{period.end.year} 届已落实 {r.counts.get('placed', 0)} 人 ÷ 名单 {r.counts.get('G', 0)} 人",
            rate_text(r.numerator, r.denominator),
        ]
    )
    r = compute("zero_family_cleared", period)
    out.append(
        [
            "零就业家庭动态清零",
            f"报告期内认定 {r.counts.get('F', 0)} 户，按期清零 {r.counts.get('cleared', 0)} 户，"
            f"逾期未清零 {r.counts.get('failed', 0)} 户，未到期 {r.counts.get('pending', 0)} 户",
            "达到" if r.met else "未达到",
        ]
    )
    r = compute("long_term_unemployed", period, months=12)
    out.append(["失业一年以上人员", "报告期末仍登记失业且已满 12 个月的人员", f"{r.numerator} 人"])
    r = compute("excluded_share", period)
    out.append(
        [
            "剔除人员（个人原因未就业）占比",
            "个人原因未就业 ÷ 报告期内登记失业人员",
            rate_text(r.numerator, r.denominator),
        ]
    )
    r = compute("register_coverage", period)
    out.append(
        [
            "劳动力台账覆盖率",
            "台账在册劳动年龄人员 ÷ 辖区法定劳动年龄人口",
            rate_text(r.numerator, r.denominator) if r.denominator else "（未填写辖区法定劳动年龄人口）",
        ]
    )
    r = compute("monthly_contact", period)
    missed = len(r.sets.get("missed", []))
    out.append(["就业困难人员每月援助", "有月份未联系的就业困难人员", f"{missed} 人"])
    return out


def self_score(
    standard: str | None, period: Period, assessment: int | None, live: bool = False
) -> tuple[dict[str, Any], list[list[object]]]:
    """The self score of the form: of ``assessment``; else of the latest saved assessment of the standard
    and period (定稿 before 草稿); else (or with ``live``) from the ledgers alone."""
    from app.documents.score_sheet import score_data, sections, subtotal, verdict

    data = score_data(standard or DEFAULT_STANDARD, period if assessment is None else None, assessment, live)
    rows: list[list[object]] = []
    for section, items in sections(data):
        if data["kind"] == "score":
            sec_max, sub = subtotal(data, section, items)
            rows.append([section, num(sec_max), num(sub)])
        else:
            met = sum(1 for it in items if it["met"])
            rows.append([section, f"{len(items)} 项", f"{met} 项达标"])
    if data["kind"] == "score":
        total_max = (data["base_max"] or 0) + (data["bonus_max"] or 0)
        rows.append(["合计（含加分）", num(total_max), num(data["total"])])
    rows.append(["结论", "", verdict(data)])
    return data, rows


def form_period(period: object, standard: str | None, assessment: int | None) -> Period:
    """The period of the form: the one given; else that of the saved ``assessment`` (so the figures and
    the self score cover the same days); else the standard's default period (Guangzhou: the last
    completed 1 October–30 September), as on the 自评 page."""
    if period is not None:
        return as_period(period)
    if assessment is not None:
        from app.assessment.assessments import load, period_of

        return period_of(load(int(assessment)))
    from app.documents import default_period_for

    return default_period_for("full-employment-application", standard or DEFAULT_STANDARD)


def build_pdf_document(
    path: Path | str,
    *,
    period: object = None,
    standard: str | None = None,
    assessment: int | None = None,
    live: bool = False,
    progress: Progress | None = None,
) -> Path:
    from app.station.profile import get_profile, list_staff

    p = form_period(period, standard, assessment)
    prof = get_profile()
    report = stage(progress, "正在生成申报表…", 0, 100, 100)
    report(0, 1)
    staff = list_staff()
    full_time = sum(1 for s in staff if s.nature == "专职")
    story: list[Flowable] = [*title_block(TITLE, f"报告期：{period_text(p)}")]
    story.append(heading("一、基本情况"))
    story.append(
        kv_table(
            [
                (f"{prof.kind}名称*", prof.name),
                ("所在区县", prof.district),
                ("所在街道/镇", prof.street),
                ("负责人", prof.contact),
                ("联系电话", prof.phone),
                *basic_figures(p),
            ],
            label_mm=32,
        )
    )
    story.append(heading("二、服务平台"))
    story.append(
        kv_table(
            [
                ("服务场所", prof.venue or prof.address),
                ("场地面积", f"{num(prof.area_m2)} 平方米" if prof.area_m2 is not None else "（未填写）"),
                ("工作人员", f"{len(staff)} 人，其中专职 {full_time} 人"),
                ("投诉渠道", prof.complaint_channel or "（未公开）"),
                ("办公设备*", prof.facilities or "（未填写）"),
                ("管理制度*", prof.systems or "（未填写）"),
            ],
            label_mm=32,
        )
    )
    report(30, 100)
    story.append(heading("三、主要指标（报告期）"))
    story.append(data_table(["指标", "计算口径", "数值"], indicator_rows(p), [2.2, 4.6, 1.8]))
    report(60, 100)
    data, score_rows = self_score(standard, p, assessment, live)
    story.append(heading("四、自评得分"))
    if data.get("live"):
        from app.documents.score_sheet import LIVE_NOTE

        story.append(note(f"注：{LIVE_NOTE}。"))
    story.append(
        data_table(
            ["评估项目", "分值", "自评分"],
            [[f"评估标准：{data['name']}", "", ""], *score_rows],
            [5, 1.2, 1.8],
            align_right=[1, 2],
        )
    )
    story.append(heading("五、审核意见"))
    story.append(opinion_box(f"{prof.kind}意见", 34, signer="盖章"))
    story.append(opinion_box("街道（镇）意见", 34))
    story.append(opinion_box("区人社局意见", 34))
    build_pdf(
        path, TITLE, story, period_text=period_text(p), progress=stage(progress, "正在排版…", 80, 20, 100)
    )
    return Path(path)
