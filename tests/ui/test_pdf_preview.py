"""The PDF preview widget: page count, rendered images, lazy rendering, zoom and page navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.platypus import PageBreak

from app.core.errors import UserError
from app.documents.pdf import build_pdf, data_table, para
from ui.pdf_preview import CACHE_PAGES, ZOOM_ACTUAL, ZOOM_FIT_WIDTH, PdfPreview


def make_pdf(path: Path, pages: int, *, landscape: bool = False) -> Path:
    """A real PDF of ``pages`` pages with a table on each, built by the shared PDF foundation."""
    story = []
    for n in range(pages):
        if n:
            story.append(PageBreak())
        story.append(para(f"测试文档第{n + 1}页", "title"))
        story.append(data_table(["序号", "姓名", "说明"], [[i, f"人员{i}", "文字"] for i in range(10)]))
    return build_pdf(path, "测试文档", story, landscape=landscape, station="测试社区就业服务站")


def dark_pixels(image, step: int = 4) -> int:
    """How many sampled pixels are clearly not white."""
    count = 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            if c.red() + c.green() + c.blue() < 600:
                count += 1
    return count


@pytest.fixture
def preview(qtbot) -> PdfPreview:
    widget = PdfPreview()
    qtbot.addWidget(widget)
    widget.resize(700, 600)
    widget.show()
    return widget


def test_empty_preview_has_no_pages_and_disabled_controls(preview) -> None:
    assert preview.page_count() == 0
    assert preview.current_page() == -1
    assert not preview.page_spin.isEnabled()
    assert not preview.next_button.isEnabled()
    assert preview.count_label.text() == "/ 共 0 页"
    with pytest.raises(UserError, match="预览中没有文档"):
        preview.page_image(0)


def test_shows_every_page_of_a_generated_pdf(preview, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", 3)
    assert preview.load(pdf) == 3
    assert preview.page_count() == 3
    assert preview.count_label.text() == "/ 共 3 页"
    assert preview.page_spin.value() == 1
    assert preview.current_page() == 0


def test_page_image_has_ink_and_screen_size(preview, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", 2)
    preview.load(pdf)
    image = preview.page_image(1)
    assert not image.isNull()
    # A4 portrait at fit-width: the picture is taller than wide (ratio 297/210).
    ratio = image.height() / image.width()
    assert abs(ratio - 297 / 210) < 0.02
    assert dark_pixels(image) > 50  # text and grid lines, not a blank white page
    # The top-left corner is margin: white.
    corner = image.pixelColor(2, 2)
    assert (corner.red(), corner.green(), corner.blue()) == (255, 255, 255)


def test_visible_pages_are_rendered_lazily_and_the_window_paints_them(preview, qtbot, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", 30)
    preview.load(pdf)
    rendered: list[int] = []
    preview.canvas.pageRendered.connect(rendered.append)
    preview.canvas.viewport().repaint()
    qtbot.waitUntil(lambda: 0 in rendered)
    # Only what is on screen gets rendered, never the whole 30 pages.
    visible = preview.canvas.visible_pages()
    assert set(rendered) <= set(visible)
    assert len(visible) < 5
    grab = preview.canvas.viewport().grab().toImage()
    assert dark_pixels(grab) > 50


def test_cache_keeps_only_a_few_pages(preview, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", CACHE_PAGES + 4)
    preview.load(pdf)
    for i in range(CACHE_PAGES + 4):
        preview.page_image(i)
    assert preview.canvas.cached_image(0) is None
    assert preview.canvas.cached_image(CACHE_PAGES + 3) is not None


def test_page_navigation_updates_the_counter(preview, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", 5)
    preview.load(pdf)
    preview.next_button.click()
    assert preview.current_page() == 1
    assert preview.page_spin.value() == 2
    preview.page_spin.setValue(4)
    assert preview.current_page() == 3
    preview.prev_button.click()
    assert preview.current_page() == 2
    preview.go_to_page(99)  # beyond the end: the last page
    assert preview.current_page() == 4
    assert not preview.next_button.isEnabled()


def test_zoom_fit_width_and_actual_size(preview, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", 2)
    preview.load(pdf)
    canvas = preview.canvas
    assert canvas.zoom_mode() == ZOOM_FIT_WIDTH
    fit_width = canvas.page_rect(0).width()
    assert abs(fit_width - (canvas.viewport().width() - 32)) <= 1
    preview.actual_button.click()
    assert canvas.zoom_mode() == ZOOM_ACTUAL
    # 100%: 210 mm at the screen's logical dpi.
    expected = 210 / 25.4 * canvas.logicalDpiX()
    assert abs(canvas.page_rect(0).width() - expected) <= 2
    preview.fit_button.click()
    assert canvas.page_rect(0).width() == fit_width


def test_landscape_pages_are_wider_than_tall(preview, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "wide.pdf", 1, landscape=True)
    preview.load(pdf)
    rect = preview.canvas.page_rect(0)
    assert rect.width() > rect.height()


def test_clear_releases_the_document(preview, tmp_path) -> None:
    pdf = make_pdf(tmp_path / "doc.pdf", 2)
    preview.load(pdf)
    preview.clear()
    assert preview.page_count() == 0
    assert preview.path() is None
    pdf.unlink()  # the file is no longer held open
    assert not pdf.exists()


def test_reloading_replaces_the_previous_document(preview, tmp_path) -> None:
    preview.load(make_pdf(tmp_path / "a.pdf", 4))
    preview.go_to_page(3)
    assert preview.load(make_pdf(tmp_path / "b.pdf", 2)) == 2
    assert preview.current_page() == 0
    assert preview.path() == tmp_path / "b.pdf"


def test_a_file_that_is_not_a_pdf_gives_a_chinese_message(preview, tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(UserError, match="无法打开PDF文件"):
        preview.load(bad)
    assert preview.page_count() == 0
