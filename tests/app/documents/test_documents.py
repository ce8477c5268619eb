"""Each document built from the demo station: the font embedded, the station's name and the ledger's
figures in the text (computed here with independent queries), page 1 rendered; Excel forms reopen
with the same figures."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.core.period import Period
from app.documents import get_document
from app.documents.common import num
from tests.app.documents.conftest import check_pdf, needs_poppler, this_year

GZ = "guangzhou-full-employment-2024"


def sql(path: Path, query: str, args: tuple[object, ...] = ()) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchall()
    finally:
        con.close()


def one(path: Path, query: str, args: tuple[object, ...] = ()) -> object:
    return sql(path, query, args)[0][0]


def station(path: Path) -> str:
    return str(one(path, "SELECT name FROM station_profile WHERE id = 1"))


def cells(path: Path) -> list[object]:
    ws = load_workbook(path).active
    return [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]


# ---------------------------------------------------------------------------- 自评打分表


@needs_poppler
def test_score_sheet_pdf(demo, tmp_path):
    from app.documents.score_sheet import score_data

    start, end = this_year()
    period = Period(start, end)
    data = score_data(GZ, period)
    out = get_document("score-sheet").build_pdf(tmp_path / "s.pdf", standard=GZ, period=period)
    text = check_pdf(out, tmp_path)
    assert station(demo) in text
    for word in (
        "序号",
        "评估内容",
        "县区审核分",
        "市评分",
        "小计",
        "总分",
        "填表人",
        "负责人",
        "单位（盖章）",
    ):
        assert word in text
    assert f"总分{num(data['base_max'] + data['bonus_max'])}{num(data['total'])}" in text
    # The reemployment rate the engine computed, as the basis prints it.
    first = data["items"][0]
    assert first["id"] == "1.1"
    n, d = first["indicator"]["numerator"], first["indicator"]["denominator"]
    assert f"再就业{n}人" in text
    if d is not None:
        assert str(d) in text


def test_score_sheet_uses_independent_registration_count(demo, tmp_path):
    """The item 1.1 base equals the persons with a registration active in the period (own SQL)."""
    from app.documents.score_sheet import score_data

    start, end = this_year()
    data = score_data(GZ, Period(start, end))
    base = one(
        demo,
        "SELECT COUNT(DISTINCT person_id) FROM registration WHERE registered_on <= ? "
        "AND (cancelled_on IS NULL OR cancelled_on >= ?) AND personal_reason = 0",
        (end.isoformat(), start.isoformat()),
    )
    assert data["items"][0]["indicator"]["sets"]["base"] == base


def test_score_sheet_xlsx_holds_the_same_figures(demo, tmp_path):
    from app.documents.score_sheet import score_data

    start, end = this_year()
    data = score_data(GZ, Period(start, end))
    out = get_document("score-sheet").build_xlsx(tmp_path / "s.xlsx", standard=GZ, period=(start, end))
    wb = load_workbook(out)
    ws = wb.active
    assert [c.value for c in ws[3]] == [
        "序号",
        "项目",
        "评估内容",
        "分值",
        "自评分",
        "评分依据",
        "县区审核分",
        "市评分",
    ]
    assert ws.freeze_panes == "A4"
    assert str(ws.page_setup.paperSize) == "9"
    total_row = next(r for r in ws.iter_rows(values_only=True) if r[1] == "总分")
    assert total_row[4] == data["total"]
    items = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    for it in data["items"]:
        assert items[it["id"]][4] == it["points"]
        assert items[it["id"]][6] is None and items[it["id"]][7] is None


@needs_poppler
def test_score_sheet_of_a_condition_list(demo, tmp_path):
    out = get_document("score-sheet").build_pdf(tmp_path / "c.pdf", standard="chongming-service-items-2023")
    text = check_pdf(out, tmp_path)
    assert "达标" in text and "必备" in text


@needs_poppler
def test_score_sheet_of_a_finalised_assessment_prints_its_snapshot(demo, tmp_path):
    from app.assessment import assessments
    from db.models import Assessment

    start, end = this_year()
    row = assessments.create(GZ, Period(start, end), "年度自评")
    try:
        snap = assessments.finalize(row.id)
        out = get_document("score-sheet").build_pdf(tmp_path / "a.pdf", assessment=row.id)
        text = check_pdf(out, tmp_path)
        assert "年度自评" in text and "定稿" in text
        assert str(snap["items"][0]["points"]) in text
    finally:
        Assessment.delete().where(Assessment.id == row.id).execute()


def test_score_sheet_needs_a_standard(demo, tmp_path):
    from app.core.errors import UserError

    with pytest.raises(UserError, match="评估标准"):
        get_document("score-sheet").build_pdf(tmp_path / "x.pdf")


# ---------------------------------------------------------------------------- application forms


@needs_poppler
def test_yangpu_application(demo, tmp_path):
    start, end = this_year()
    out = get_document("yangpu-application").build_pdf(tmp_path / "y.pdf", period=(start, end))
    text = check_pdf(out, tmp_path)
    args = (start.isoformat(), end.isoformat())
    surveyed = one(demo, "SELECT COUNT(*) FROM person WHERE survey_date BETWEEN ? AND ?", args)
    collected = one(demo, "SELECT COUNT(*) FROM vacancy WHERE collected_on BETWEEN ? AND ?", args)
    services = one(demo, "SELECT COUNT(*) FROM service WHERE served_on BETWEEN ? AND ?", args)
    referrals = one(demo, "SELECT COUNT(*) FROM referral WHERE referred_on BETWEEN ? AND ?", args)
    assert station(demo) in text
    assert f"入户调查{surveyed}人" in text
    assert f"收集岗位{collected}个" in text
    assert f"服务{services}人次" in text
    assert f"推荐就业{referrals}人次" in text
    for (name,) in sql(demo, "SELECT name FROM staff"):
        assert name in text
    for word in (
        "依托场所",
        "场地面积",
        "运营机构",
        "管理制度",
        "信息排摸",
        "岗位开发",
        "就业服务",
        "特色功能",
        "街道办事处意见",
    ):
        assert word in text


@needs_poppler
def test_full_employment_application(demo, tmp_path):
    start, end = this_year()
    out = get_document("full-employment-application").build_pdf(tmp_path / "f.pdf", period=(start, end))
    text = check_pdf(out, tmp_path)
    e = end.isoformat()
    registered = one(
        demo,
        "SELECT COUNT(DISTINCT person_id) FROM registration WHERE registered_on <= ? "
        "AND (cancelled_on IS NULL OR cancelled_on > ?)",
        (e, e),
    )
    difficulty = one(
        demo,
        "SELECT COUNT(DISTINCT person_id) FROM recognition WHERE recognized_on <= ? "
        "AND (cancelled_on IS NULL OR cancelled_on > ?)",
        (e, e),
    )
    households = one(demo, "SELECT COUNT(*) FROM household")
    assert station(demo) in text
    assert f"登记失业人员{registered}人" in text
    assert f"就业困难人员{difficulty}人" in text
    assert f"台账在册{households}户" in text
    for word in (
        f"{one(demo, 'SELECT kind FROM station_profile WHERE id = 1')}意见",
        "街道（镇）意见",
        "区人社局意见",
        "自评得分",
        "再就业率",
    ):
        assert word in text


@needs_poppler
def test_full_employment_application_defaults_to_the_standards_period(demo, tmp_path):
    """Without a period the form covers the standard's default period (Guangzhou: October to
    September), the same as its self-score sheet, not the calendar year."""
    from app.documents import default_period_for
    from app.documents.common import period_text

    out = get_document("full-employment-application").build_pdf(tmp_path / "f.pdf")
    p = default_period_for("full-employment-application", GZ)
    assert (p.start.month, p.start.day, p.end.month, p.end.day) == (10, 1, 9, 30)
    assert period_text(p) in check_pdf(out, tmp_path)


@needs_poppler
def test_full_employment_application_of_a_saved_assessment_covers_its_period(demo, tmp_path):
    from app.assessment import assessments
    from app.documents.common import period_text
    from db.models import Assessment

    period = Period(dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    row = assessments.create(GZ, period, "2025年度自评")
    try:
        out = get_document("full-employment-application").build_pdf(tmp_path / "f.pdf", assessment=row.id)
        assert period_text(period) in check_pdf(out, tmp_path)
    finally:
        Assessment.delete().where(Assessment.id == row.id).execute()


# ---------------------------------------------------------------------------- monthly report


def _busiest_month(path: Path) -> dt.date:
    ym = one(
        path, "SELECT substr(served_on, 1, 7) m FROM service GROUP BY m ORDER BY COUNT(*) DESC, m LIMIT 1"
    )
    y, m = str(ym).split("-")
    return dt.date(int(y), int(m), 1)


@needs_poppler
def test_monthly_report(demo, tmp_path):
    month = _busiest_month(demo)
    out = get_document("monthly-report").build_pdf(tmp_path / "m.pdf", month=month)
    text = check_pdf(out, tmp_path)
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    args = (month.isoformat(), (nxt - dt.timedelta(days=1)).isoformat())
    services = one(demo, "SELECT COUNT(*) FROM service WHERE served_on BETWEEN ? AND ?", args)
    new_reg = one(demo, "SELECT COUNT(*) FROM registration WHERE registered_on BETWEEN ? AND ?", args)
    assert station(demo) in text
    assert f"{month.year}年{month.month}月" in text
    assert f"服务记录（人次）{services}" in text
    assert f"新增失业登记（人次）{new_reg}" in text
    for kind, n in sql(
        demo, "SELECT kind, COUNT(*) FROM service WHERE served_on BETWEEN ? AND ? GROUP BY kind", args
    ):
        assert f"其中：{kind}{n}" in text


@needs_poppler
def test_monthly_report_defaults_to_last_month(demo, tmp_path):
    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    out = get_document("monthly-report").build_pdf(tmp_path / "m.pdf")
    assert f"{last.year}年{last.month}月" in check_pdf(out, tmp_path)


def test_monthly_report_xlsx(demo, tmp_path):
    month = _busiest_month(demo)
    out = get_document("monthly-report").build_xlsx(tmp_path / "m.xlsx", month=month)
    ws = load_workbook(out).active
    rows = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    args = (month.isoformat(), (nxt - dt.timedelta(days=1)).isoformat())
    assert rows["服务记录（人次）"][1] == one(
        demo, "SELECT COUNT(*) FROM service WHERE served_on BETWEEN ? AND ?", args
    )
    assert rows["收集岗位（个）"][1] == one(
        demo, "SELECT COUNT(*) FROM vacancy WHERE collected_on BETWEEN ? AND ?", args
    )
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"


# ---------------------------------------------------------------------------- personal file


@needs_poppler
def test_personal_file(demo, tmp_path):
    pid, number, name = sql(
        demo,
        "SELECT p.id, p.id_number, p.name FROM person p WHERE EXISTS (SELECT 1 FROM service_plan s "
        "WHERE s.person_id = p.id) "
        "ORDER BY (SELECT COUNT(*) FROM service s WHERE s.person_id = p.id) DESC LIMIT 1",
    )[0]
    out = get_document("personal-file").build_pdf(tmp_path / "p.pdf", person=number)
    text = check_pdf(out, tmp_path)
    assert station(demo) in text and name in text
    assert f"制表日期：{dt.date.today().year}年" in text
    assert number in text  # the person's own file shows the full number
    for word in ("失业原因", "家庭状况", "择业意向", "职业技能", "就业状况", "社会保障", "一人一策"):
        assert word in text
    dates = [
        str(d)
        for (d,) in sql(demo, "SELECT served_on FROM service WHERE person_id = ? ORDER BY served_on", (pid,))
    ]
    assert dates
    pos = text.find("五、服务、推荐与培训记录")
    assert pos >= 0
    for d in dates:  # every service, in date order
        pos = text.find(d, pos)
        assert pos >= 0, d


@needs_poppler
def test_personal_file_masked_on_request(demo, tmp_path):
    pid, number = sql(demo, "SELECT id, id_number FROM person ORDER BY id LIMIT 1")[0]
    out = get_document("personal-file").build_pdf(tmp_path / "p.pdf", person=pid, mask_ids=True)
    text = check_pdf(out, tmp_path)
    assert number not in text
    assert number[:6] + "********" + number[14:] in text


@needs_poppler
@pytest.mark.parametrize(
    "standard",
    [
        "guangzhou-full-employment-2024",
        "guangzhou-quality-village-2024",
        "gansu-provincial-2023",
        "pingdingshan-city-2020",
        "pingdingshan-star-2020",
        "yangpu-leye-recognition",
        "chongming-service-items-2023",
    ],
)
def test_score_sheet_signature_block_never_stands_alone(demo, tmp_path, standard):
    # The totals, the note and the 填表人/盖章 block are kept together: the page with the stamp also
    # carries the sheet's last rows (总分 / 达标分, or the condition list's 结论).
    from tests.app.documents.conftest import pages_of, run

    path = tmp_path / "sheet.pdf"
    get_document("score-sheet").build_pdf(path, standard=standard, period=None, assessment=None)
    pages = pages_of(path)
    page_texts = [
        "".join(run("pdftotext", "-f", str(n), "-l", str(n), path, "-").split()) for n in range(1, pages + 1)
    ]
    (signed,) = [t for t in page_texts if "填表人" in t]
    assert "单位（盖章）" in signed
    assert "达标分" in signed or "结论" in signed
