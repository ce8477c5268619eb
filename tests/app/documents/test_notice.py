"""岗位信息发布单: app/pdf/notice.py."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from app.documents.notice import build_vacancy_notice
from app.jobs import vacancies as jobs
from db.models import StationProfile

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils 未安装")

TODAY = dt.date(2026, 11, 22)


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def text_of(path: Path, *pages: int) -> str:
    """pdftotext of the PDF (or of pages first..last) with all white space removed."""
    rng = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return re.sub(r"\s+", "", run("pdftotext", *rng, path, "-"))


@pytest.fixture
def station_db(db):
    StationProfile.create(id=1, name="良口镇塘尾村就业服务站", phone="020-87654321")
    emp = jobs.save_employer({"name": "广州市荔香食品有限公司", "kind": "企业"})
    common = {
        "employer_id": emp.id,
        "headcount": 2,
        "hours": "8:00-17:00",
        "requirements": "18-45岁，初中以上学历，身体健康",
        "pay_text": "3500-4500元/月",
        "contact": "陈小姐",
        "phone": "13912345678",
        "location": "塘尾村一组",
        "collected_on": "2026-11-01",
        "valid_until": "2026-12-31",
    }
    ids = {}
    for code, title, kind, extra in [
        ("G2026-0001", "食品包装工", "全日制", {}),
        ("G2026-0002", "社区保洁员", "公益性岗位", {}),
        ("G2026-0003", "已关闭的岗位", "全日制", {"status": "已关闭"}),
        ("G2026-0004", "过期的岗位", "零工", {"valid_until": "2026-11-21"}),
    ]:
        ids[code] = jobs.save_vacancy({**common, "code": code, "title": title, "kind": kind, **extra}).id
    return ids


def test_notice_contents(station_db, tmp_path):
    out = tmp_path / "notice.pdf"
    assert build_vacancy_notice(out, today=TODAY) == 2
    text = text_of(out)
    assert "岗位信息发布单" in text
    assert "良口镇塘尾村就业服务站" in text
    assert "食品包装工" in text and "社区保洁员" in text
    assert "已关闭的岗位" not in text and "过期的岗位" not in text
    for element in ("广州市荔香食品有限公司", "8:00-17:00", "3500-4500元/月", "陈小姐", "13912345678"):
        assert element in text
    assert "2026年12月31日" in text  # 有效期
    assert "020-87654321" in text  # the station's phone
    assert "第1页共1页" in text


def test_notice_font_embedded(station_db, tmp_path):
    out = tmp_path / "notice.pdf"
    build_vacancy_notice(out, today=TODAY)
    lines = run("pdffonts", out).splitlines()[2:]
    assert lines
    assert all("WenQuanYiMicroHei" in line for line in lines)
    assert all(line.split()[-5] == "yes" for line in lines)  # emb yes


def test_notice_selected_vacancies(station_db, tmp_path):
    out = tmp_path / "one.pdf"
    assert build_vacancy_notice(out, [station_db["G2026-0003"]], today=TODAY) == 1
    text = text_of(out)
    assert "已关闭的岗位" in text and "食品包装工" not in text


def test_notice_without_vacancies(db, tmp_path):
    out = tmp_path / "empty.pdf"
    assert build_vacancy_notice(out, today=TODAY) == 0
    assert "暂无在招岗位" in text_of(out)


def test_notice_many_vacancies_span_pages(station_db, tmp_path):
    emp_id = jobs.list_employers("荔香")[0][0]
    for i in range(5, 30):
        jobs.save_vacancy(
            {
                "code": f"G2026-{i:04d}",
                "employer_id": emp_id,
                "title": f"岗位{i}",
                "kind": "全日制",
                "headcount": 1,
                "collected_on": "2026-11-01",
            }
        )
    out = tmp_path / "many.pdf"
    assert build_vacancy_notice(out, today=TODAY) == 27
    text = text_of(out)
    assert "共27个岗位" in text
    assert "第2页共" in text
    assert "面议" in text  # no pay given


def test_notice_page_renders(station_db, tmp_path):
    out = tmp_path / "notice.pdf"
    build_vacancy_notice(out, today=TODAY)
    run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", out, tmp_path / "page")
    png = next(tmp_path.glob("page*.png"))
    assert png.stat().st_size > 5000


def font_size_of(path: Path, needle: str) -> float:
    """Font size (points) of the first character of ``needle`` on page 1."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0].get_textpage()
        at = page.get_text_range().find(needle)
        assert at >= 0, needle
        return float(raw.FPDFText_GetFontSize(page, at))
    finally:
        pdf.close()


def test_notice_is_legible_on_a_board(station_db, tmp_path):
    out = tmp_path / "notice.pdf"
    build_vacancy_notice(out, today=TODAY)
    assert font_size_of(out, "广州市荔香食品有限公司") >= 10.5  # cell values
    assert font_size_of(out, "食品包装工") >= 13  # vacancy titles
    assert font_size_of(out, "用人单位") >= 10


def test_notice_groups_by_kind_in_code_order(station_db, tmp_path):
    out = tmp_path / "notice.pdf"
    build_vacancy_notice(out, today=TODAY)
    text = text_of(out)
    full, public = text.find("全日制岗位（1个）"), text.find("公益性岗位（1个）")
    assert 0 <= full < text.find("食品包装工") < public < text.find("社区保洁员")


def test_notice_heads_with_the_station_address_phone_and_contact(station_db, tmp_path):
    StationProfile.update(address="塘尾村党群服务中心一楼", contact="刘蓉").execute()
    out = tmp_path / "notice.pdf"
    build_vacancy_notice(out, today=TODAY)
    text = text_of(out, 1)
    assert "报名地点：塘尾村党群服务中心一楼" in text
    assert "咨询电话：020-87654321" in text and "联系人：刘蓉" in text
    assert "2026年11月22日发布" in text


def test_notice_without_station_profile_still_names_a_station(db, tmp_path):
    emp = jobs.save_employer({"name": "广州市荔香食品有限公司"})
    jobs.save_vacancy(
        {
            "code": "G1",
            "employer_id": emp.id,
            "title": "普工",
            "kind": "全日制",
            "headcount": 1,
            "collected_on": "2026-11-01",
        }
    )
    out = tmp_path / "notice.pdf"
    assert build_vacancy_notice(out, today=TODAY) == 1
    text = text_of(out)
    assert "就业服务站2026年11月22日发布" in text
    assert "报名地点" not in text
