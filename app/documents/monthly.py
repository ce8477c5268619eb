"""月度工作信息报送表 — the month's surveys, new and cancelled registrations, employment starts, services
by type, vacancies collected, referrals and their outcomes, trainings and events (seed 000: monthly data
reporting to the district). PDF and Excel."""

from __future__ import annotations

from pathlib import Path

from reportlab.platypus import Flowable

from app.documents.common import Progress, as_month, heading, month_text, signature_block, stage, title_block
from app.documents.figures import MonthFigures, month_figures
from app.documents.pdf import build_pdf, data_table, station_name
from app.documents.xlsx_common import column_letter, print_setup, save
from app.documents.xlsx_common import styles as xstyles

TITLE = "月度工作信息报送表"


def _split(pairs: list[tuple[str, int]]) -> str:
    return "；".join(f"{k} {n}" for k, n in pairs) or "—"


def sections(f: MonthFigures) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """(section, [(item, figure, breakdown)]) in the order of the form."""
    return [
        (
            "一、劳动力调查与登记",
            [
                ("入户调查（人）", f.surveys, ""),
                ("新增失业登记（人次）", f.registrations_new, ""),
                ("注销失业登记（人次）", f.registrations_cancelled, _split(f.cancelled_by_class)),
                ("月末登记失业人员（人）", f.registered_at_end, ""),
                ("新认定就业困难人员（人）", f.recognitions_new, ""),
                ("取消就业困难认定（人）", f.recognitions_cancelled, ""),
                ("月末就业困难人员（人）", f.difficulty_at_end, ""),
                ("实现就业（人次）", f.employment_starts, _split(f.employment_by_form)),
            ],
        ),
        (
            "二、就业服务",
            [("服务记录（人次）", f.services, f"服务 {f.persons_served} 人")]
            + [(f"　其中：{k}", n, "") for k, n in f.services_by_kind],
        ),
        (
            "三、岗位收集与推荐",
            [
                (
                    "收集岗位（个）",
                    f.vacancies,
                    f"招聘 {f.vacancy_headcount} 人；" + _split(f.vacancies_by_kind),
                ),
                ("推荐就业（人次）", f.referrals, _split(f.referrals_by_outcome)),
                ("推荐回访（人次）", f.followed_up, ""),
            ],
        ),
        (
            "四、培训",
            [
                ("推荐培训（人次）", f.trainings, _split(f.trainings_by_kind)),
                ("培训结业（人次）", f.trainings_completed, ""),
            ],
        ),
        ("五、活动", [("开展活动（场）", len(f.events), "")]),
    ]


def build_pdf_document(path: Path | str, *, month: object = None, progress: Progress | None = None) -> Path:
    p = as_month(month)
    f = month_figures(p)
    story: list[Flowable] = [*title_block(TITLE, f"{station_name()}　{month_text(p)}")]
    for title, rows in sections(f):
        story.append(heading(title))
        story.append(
            data_table(
                ["项目", "数量", "构成"], [[a, b, c] for a, b, c in rows], [3, 1.2, 5], align_right=[1]
            )
        )
    if f.events:
        story.append(heading("活动明细"))
        story.append(
            data_table(
                ["日期", "活动类型", "活动名称", "参与人数"],
                [[d, k, n, "" if c is None else c] for d, k, n, c in f.events],
                [1.4, 1.4, 4.4, 1.2],
                align_right=[3],
            )
        )
    story.append(signature_block(signers=("填报人", "审核人")))
    build_pdf(
        path, TITLE, story, period_text=month_text(p), progress=stage(progress, "正在生成月报…", 0, 100, 100)
    )
    return Path(path)


def build_xlsx_document(path: Path | str, *, month: object = None, progress: Progress | None = None) -> Path:
    from app.core.excel import new_workbook

    p = as_month(month)
    f = month_figures(p)
    st = xstyles()
    wb = new_workbook()
    ws = wb.active
    ws.title = TITLE
    widths = (30, 12, 60, 24)
    ws.merge_cells("A1:D1")
    ws["A1"] = TITLE
    ws["A1"].font = st["title"]
    ws["A1"].alignment = st["center"]
    ws.merge_cells("A2:D2")
    ws["A2"] = f"{station_name()}　{month_text(p)}（{p.start.isoformat()} 至 {p.end.isoformat()}）"
    ws["A2"].alignment = st["center"]
    for col, (h, w) in enumerate(zip(("项目", "数量", "构成", "备注"), widths, strict=True), start=1):
        c = ws.cell(row=3, column=col, value=h)
        c.font, c.fill, c.border, c.alignment = st["bold"], st["fill"], st["border"], st["center"]
        ws.column_dimensions[column_letter(col)].width = w
    row = 4
    for title, rows in sections(f):
        ws.cell(row=row, column=1, value=title).font = st["bold"]
        for col in range(1, 5):
            ws.cell(row=row, column=col).fill = st["fill"]
            ws.cell(row=row, column=col).border = st["border"]
        row += 1
        for label, value, detail in rows:
            for col, v in enumerate((label, value, detail or None, None), start=1):
                c = ws.cell(row=row, column=col, value=v)
                c.border = st["border"]
                c.alignment = st["wrap"]
            row += 1
    if f.events:
        row += 1
        ws.cell(row=row, column=1, value="活动明细").font = st["bold"]
        row += 1
        for d, k, n, c in f.events:
            for col, v in enumerate((f"{d} {k}", c, n, None), start=1):
                cell = ws.cell(row=row, column=col, value=v)
                cell.border = st["border"]
                cell.alignment = st["wrap"]
            row += 1
    row += 1
    ws.cell(row=row, column=1, value="填报人：")
    ws.cell(row=row, column=3, value="审核人：")
    row += 2
    ws.cell(row=row, column=1, value="单位（盖章）：")
    ws.cell(row=row, column=3, value="日期：　　　　年　　月　　日")
    print_setup(ws, landscape=False, title_rows="3:3", freeze="A4")
    out = save(wb, path)
    if progress is not None:
        progress(100, 100, "完成")
    return out
