"""The shared PDF foundation: app/pdf/base.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

from app.core.errors import UserError
from app.documents import pdf as base
from db.models import StationProfile

needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils 未安装")


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def text_of(path: Path, *pages: int) -> str:
    """pdftotext of the PDF (or of pages first..last) with all white space removed."""
    rng = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    return re.sub(r"\s+", "", run("pdftotext", *rng, path, "-"))


def test_register_font_is_idempotent():
    assert base.register_font() == base.FONT_NAME
    assert base.register_font() == base.FONT_NAME
    assert base.FONT_NAME in pdfmetrics.getRegisteredFontNames()
    assert base.font_path().is_file()


def test_styles_all_use_the_cjk_font():
    sheet = base.styles()
    assert {"title", "body", "small", "th", "td"} <= set(sheet)
    assert {s.fontName for s in sheet.values()} == {base.FONT_NAME}


def test_margins_leave_room_for_the_stamp():
    points_per_mm = 72 / 25.4
    assert round(base.MARGIN_BOTTOM / points_per_mm, 6) >= 25
    assert round(base.MARGIN_RIGHT / points_per_mm, 6) >= 25


def test_escape():
    assert base.escape("A<B & C>\n") == "A&lt;B &amp; C&gt;<br/>"
    assert base.escape(None) == ""


def _long_story(n: int) -> list:
    rows = [[str(i), f"第{i}号人员", "良口镇塘尾村", "4500"] for i in range(1, n + 1)]
    return [
        Paragraph("测试台账", base.styles()["title"]),
        base.data_table(["序号", "姓名", "地址", "月薪"], rows, [1, 2, 4, 1], align_right=[3]),
    ]


@needs_poppler
def test_build_pdf_pages_header_footer(db, tmp_path):
    StationProfile.create(id=1, name="塘尾村就业服务站", phone="020-87654321")
    progress: list[tuple[int, int]] = []
    out = base.build_pdf(
        tmp_path / "t.pdf",
        "劳动力台账",
        _long_story(120),
        period_text="2026年1月1日至2026年11月22日",
        progress=lambda done, total: progress.append((done, total)),
    )
    info = run("pdfinfo", out)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= 3
    assert "595.276 x 841.89" in info  # A4 portrait
    first = text_of(out, 1)
    last = text_of(out, pages)
    assert "塘尾村就业服务站" in first
    assert "劳动力台账" in first and "2026年1月1日至2026年11月22日" in first
    assert f"第1页共{pages}页" in first
    assert f"第{pages}页共{pages}页" in last
    assert "序号" in last and "姓名" in last  # the header row repeats
    assert "第120号人员" in last
    fonts = run("pdffonts", out)
    assert "WenQuanYiMicroHei" in fonts
    font_lines = fonts.splitlines()[2:]
    assert font_lines and all(line.split()[-5] == "yes" for line in font_lines)  # every font embedded
    assert progress and progress[-1][0] == progress[-1][1]


@needs_poppler
def test_build_pdf_landscape(db, tmp_path):
    out = base.build_pdf(tmp_path / "l.pdf", "横向", _long_story(3), landscape=True)
    assert "841.89 x 595.276" in run("pdfinfo", out)
    assert base.content_width(True) > base.content_width(False)


@needs_poppler
def test_build_pdf_without_station_profile(db, tmp_path):
    out = base.build_pdf(tmp_path / "n.pdf", "无站点", _long_story(2))
    assert "第1页共1页" in text_of(out)


def test_build_pdf_unwritable_target_is_a_user_error(db, tmp_path):
    target = tmp_path / "dir.pdf"
    target.mkdir()
    with pytest.raises(UserError) as err:
        base.build_pdf(target, "x", _long_story(1))
    assert "无法写入" in err.value.message


def test_page_streams_are_binary_without_touching_reportlabs_global_setting(db, tmp_path):
    """Page streams are Flate without the ASCII85 wrapper, set per document: the module-wide
    ``rl_config.useA85`` stays as it was during the build, so a document built at the same time in
    another thread is not affected."""
    from reportlab import rl_config

    before = rl_config.useA85
    seen: list[object] = []
    out = base.build_pdf(
        tmp_path / "b.pdf", "流", _long_story(80), progress=lambda _d, _t: seen.append(rl_config.useA85)
    )
    assert seen and set(seen) == {before}
    assert rl_config.useA85 == before
    data = out.read_bytes()
    assert b"/ASCII85Decode" not in data and b"/FlateDecode" in data


@needs_poppler
def test_two_documents_built_at_once_in_threads(db, tmp_path):
    import threading

    StationProfile.create(id=1, name="塘尾村就业服务站")
    errors: list[BaseException] = []

    def build(n: int) -> None:
        try:
            base.build_pdf(tmp_path / f"t{n}.pdf", f"文书{n}", _long_story(150), station="塘尾村就业服务站")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for n in range(2):
        text = text_of(tmp_path / f"t{n}.pdf")
        assert f"文书{n}" in text and "第150号人员" in text
        assert b"/ASCII85Decode" not in (tmp_path / f"t{n}.pdf").read_bytes()
