"""Long ledgers stream: the page count comes from a cheap first pass, pages are drawn and compressed one at
a time (app/documents/grid.py GridLayout, app/documents/pdf.py streamed_pdf, ledgers.build_ledger_pdf)."""

from __future__ import annotations

import itertools
import random
import re
import zlib

import pytest
from reportlab.platypus import Paragraph

from app.documents.grid import CACHE_LIMIT, ELLIPSIS, Column, Glyphs, GridLayout, GridPage
from app.documents.ledgers import LABOR_COLUMNS
from app.documents.pdf import FONT_NAME, PageWriter, register_font, streamed_pdf, styles
from tests.app.documents.conftest import needs_poppler, pages_of, run

COLUMNS = [
    Column("序号", 20, "right"),
    Column("姓名", 40),
    Column("就业单位", 60, max_lines=2),
    Column("备注", 80),
]


def texts(seed: int, n: int) -> list[tuple[str, ...]]:
    """Rows of every shape: empty cells, short ones, long ones that wrap or are cut, line breaks."""
    rnd = random.Random(seed)
    pieces = [
        "",
        "张三",
        "一" * 9,
        "广州市从化区良口镇塘尾村" * 3,
        "A1\n第二行",
        "x" * 40,
        "１２３４５６７８９",
    ]
    return [
        (str(i), rnd.choice(pieces), rnd.choice(pieces), rnd.choice(pieces) * rnd.randint(1, 4))
        for i in range(n)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_page_count_of_the_first_pass_matches_the_pages(seed):
    register_font()
    layout = GridLayout(COLUMNS)
    rows = texts(seed, 700)
    for room in (None, 300.0, 40.0):
        pages = list(layout.pages(iter(rows), first_page_room=room))
        assert layout.count_pages(iter(rows), first_page_room=room) == len(pages)
        assert sum(len(p.rows) for p in pages) == len(rows)


def test_page_count_of_the_labor_ledger_columns_matches():
    register_font()
    layout = GridLayout([Column(c.header, c.weight, c.align, c.lines) for c in LABOR_COLUMNS])
    rnd = random.Random(5)
    words = [
        "",
        "单位就业",
        "广州市流溪家政服务有限公司广州市流溪家政服务有限公司",
        "440184********123X",
        "城乡居民社保",
    ]
    rows = [tuple(rnd.choice(words) for _ in LABOR_COLUMNS) for _ in range(400)]
    assert layout.count_pages(iter(rows)) == len(list(layout.pages(iter(rows))))


def test_no_rows_is_one_page_in_both_passes():
    layout = GridLayout(COLUMNS)
    assert layout.count_pages(iter(())) == 1 and len(list(layout.pages(iter(())))) == 1


def test_pages_are_yielded_before_the_rows_end():
    """A page is handed on as soon as it is full: the rows need not all be read (nor held)."""
    layout = GridLayout(COLUMNS)
    endless = ((str(i), "张三", "", "") for i in itertools.count())
    first = next(layout.pages(endless))
    assert isinstance(first, GridPage) and len(first.rows) > 20
    assert int(next(endless)[0]) == len(first.rows) + 1  # one row read past the page, no more


@pytest.mark.parametrize("text", ["", "张", "张" * 5, "张" * 6, "1" * 12, "1" * 30, "a\nb", "一" * 200, None])
def test_line_count_equals_the_wrapped_lines(text):
    for columns in ([Column("甲", 42.0)], [Column("甲", 42.0, max_lines=1)], [Column("甲", 7.0)]):
        layout = GridLayout([*columns, Column("乙", 500.0)])
        assert layout.line_count(0, text) == len(
            layout.measure.wrap(text or "", layout.avail[0], layout.limits[0])
        )
        assert layout.line_count(0, text) == len(layout.wrap(0, text))  # and again, from the cache


def test_line_count_of_a_text_exactly_as_wide_as_the_cell():
    layout = GridLayout([Column("甲", 10.0), Column("乙", 500.0)])
    text = "张" * 6
    exact = layout.measure.width(text)
    layout.avail[0] = exact
    assert layout.line_count(0, text) == 1
    layout = GridLayout([Column("甲", 10.0), Column("乙", 500.0)])
    layout.avail[0] = exact - 0.01
    assert layout.line_count(0, text) == 2
    assert layout.measure.wrap("一" * 200, 42.0, 2)[-1].endswith(ELLIPSIS)


def test_the_wrap_cache_of_a_column_is_bounded():
    layout = GridLayout([Column("身份证号", 80.0), Column("乙", 500.0)])
    for i in range(CACHE_LIMIT + 100):
        assert layout.wrap(0, f"{i:018d}") == (f"{i:018d}",)
    assert len(layout._wrapped[0]) == CACHE_LIMIT


def test_streamed_pdf_numbers_every_page_of_the_total(tmp_path):
    out = tmp_path / "s.pdf"
    with streamed_pdf(out, "测试台账", pages=3, landscape=True, station="某站") as pdf:
        for i in range(3):
            pdf.page([Paragraph(f"第{i + 1}段", styles()["body"])])
            page = pdf.canvas._doc.Pages.pages[-1]
            # only the compressed bytes are kept, and they are the page
            assert page.stream is None and b"Tf" in zlib.decompress(page.Contents.content)
    assert out.read_bytes().startswith(b"%PDF")


@needs_poppler
def test_streamed_pdf_footer_and_header_text(tmp_path):
    out = tmp_path / "s.pdf"
    with streamed_pdf(
        out, "测试台账", pages=2, landscape=True, period_text="截至今天", station="某站"
    ) as pdf:
        pdf.page([Paragraph("甲", styles()["body"])])
        pdf.page([Paragraph("乙", styles()["body"])])
    assert pages_of(out) == 2
    last = re.sub(r"\s+", "", run("pdftotext", "-f", "2", "-l", "2", out, "-"))
    assert (
        "第2页共2页" in last and "某站" in last and "测试台账" in last and "截至今天" in last and "乙" in last
    )
    assert FONT_NAME in run("pdffonts", out)


def test_streamed_pdf_with_fewer_pages_than_counted_leaves_no_file(tmp_path):
    out = tmp_path / "s.pdf"
    with (
        pytest.raises(RuntimeError, match="1 pages, 2 were counted"),
        streamed_pdf(out, "台账", pages=2) as pdf,
    ):
        pdf.page([])
    assert list(tmp_path.iterdir()) == []


def test_streamed_pdf_with_more_pages_than_counted_leaves_no_file(tmp_path):
    out = tmp_path / "s.pdf"
    with (
        pytest.raises(RuntimeError, match="more pages than the 1 counted"),
        streamed_pdf(out, "台账", pages=1) as pdf,
    ):
        pdf.page([])
        pdf.page([])
    assert list(tmp_path.iterdir()) == []


def test_a_flowable_too_tall_for_the_page_is_a_bug_not_a_second_page(tmp_path):
    writer = PageWriter(
        tmp_path / "x.pdf", title="台账", pages=1, landscape=True, header_right="", station="", footer_note=""
    )
    tall = Paragraph("<br/>".join(["行"] * 200), styles()["body"])
    with pytest.raises(RuntimeError, match="does not fit on page 1"):
        writer.page([tall])


def test_glyphs_start_afresh_for_another_document():
    from reportlab.pdfbase.pdfdoc import PDFDocument

    register_font()
    glyphs = Glyphs()
    first, second = PDFDocument(), PDFDocument()
    glyphs.chunks("张三", first)
    assert set(glyphs.cache) == {"张三"}
    glyphs.chunks("李四", second)
    assert set(glyphs.cache) == {"李四"} and glyphs.doc is second


@needs_poppler
def test_the_same_pages_drawn_into_two_documents_read_right_in_both(tmp_path):
    layout = GridLayout(COLUMNS)
    pages = list(layout.pages(iter([("1", "欧阳晓明", "甲乙", ""), ("2", "李四", "", "备注")])))
    for name in ("a.pdf", "b.pdf"):
        with streamed_pdf(tmp_path / name, "台账", pages=1, station="某站") as pdf:
            pdf.page(pages)
        text = re.sub(r"\s+", "", run("pdftotext", tmp_path / name, "-"))
        assert "欧阳晓明" in text and "李四" in text and "备注" in text
