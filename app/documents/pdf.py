"""The shared PDF foundation: the embedded CJK font, one page template, one style sheet, tables.

Every printed document (notices, the self-score sheet, application forms, ledgers, a person's file)
is built with :func:`build_pdf` so that they all look alike:

- the font ``resources/fonts/wqy-microhei.ttc`` (TrueType outlines, so reportlab can embed it) is
  registered once and embedded as a subset: the PDF renders the same on a PC without Chinese fonts;
- A4 portrait or landscape; margins leave room for the station's stamp (>= 25 mm bottom and right);
- a header with the station name (站点信息, StationProfile 1) and the document title / period, a footer
  “第 x 页 共 y 页” (the canvas keeps the pages until the end, so it knows the page count);
- tables repeat their header row on every page.

A long ledger (hundreds of thousands of rows) is not laid out by platypus nor kept in memory:
:func:`streamed_pdf` draws page after page on the same template, the page count known beforehand, and
compresses each page as soon as it is finished.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.pagesizes import landscape as to_landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFZCompress
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from app.core.errors import UserError
from app.core.files import atomic_write
from app.core.paths import resources_dir

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = "fonts/wqy-microhei.ttc"

# Margins: the stamp (公章, ~42 mm) goes bottom right, so bottom and right keep >= 25 mm.
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 25 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 28 * mm
HEADER_GAP = 8 * mm  # header baseline above the frame
FOOTER_Y = 12 * mm  # footer baseline above the paper's bottom edge

GRID_COLOR = colors.HexColor("#555555")
HEADER_FILL = colors.HexColor("#E8EEF4")

ProgressCallback = Callable[[int, int], None]


def font_path() -> Path:
    return resources_dir() / FONT_FILE


def register_font() -> str:
    """Register the CJK font with reportlab (idempotent); its name."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        path = font_path()
        if not path.is_file():
            raise UserError(f"找不到PDF所需的中文字体文件：{path}。请重新安装本程序。")
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(path), subfontIndex=0))
        # <b>/<i> in paragraphs map to the same face (the font has no bold/italic cut).
        pdfmetrics.registerFontFamily(
            FONT_NAME, normal=FONT_NAME, bold=FONT_NAME, italic=FONT_NAME, boldItalic=FONT_NAME
        )
    return FONT_NAME


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """The one style sheet: title, subtitle, body, small, table header, table cell — all in the CJK font."""
    font = register_font()
    base = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    return {
        "title": ParagraphStyle(
            "title", parent=base, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=4 * mm
        ),
        "subtitle": ParagraphStyle(
            "subtitle", parent=base, fontSize=10.5, leading=14, alignment=TA_CENTER, spaceAfter=4 * mm
        ),
        "heading": ParagraphStyle("heading", parent=base, fontSize=13, leading=18, spaceBefore=3 * mm),
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11),
        "th": ParagraphStyle("th", parent=base, fontSize=9.5, leading=12, alignment=TA_CENTER),
        "td": ParagraphStyle("td", parent=base, fontSize=9.5, leading=12),
        "td_right": ParagraphStyle("td_right", parent=base, fontSize=9.5, leading=12, alignment=TA_RIGHT),
    }


def page_size(landscape: bool = False) -> tuple[float, float]:
    return to_landscape(A4) if landscape else A4


def content_width(landscape: bool = False) -> float:
    """Width of the text frame in points, for sizing tables."""
    return page_size(landscape)[0] - MARGIN_LEFT - MARGIN_RIGHT


def escape(text: object) -> str:
    """Plain text made safe for a reportlab Paragraph (which parses a little XML)."""
    s = "" if text is None else str(text)
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def para(text: object, style: str = "td") -> Paragraph:
    """A paragraph of plain text in one of the sheet's styles."""
    return Paragraph(escape(text), styles()[style])


def grid_style() -> list[tuple[Any, ...]]:
    """Table style commands every table starts from: the CJK font (tables default to Helvetica,
    which would be referenced unembedded), a thin grid, middle alignment, compact padding."""
    return [
        ("FONTNAME", (0, 0), (-1, -1), register_font()),
        ("FONTSIZE", (0, 0), (-1, -1), 9.5),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float] | None = None,
    *,
    landscape: bool = False,
    align_right: Sequence[int] = (),
) -> Table:
    """A grid table whose header row repeats on every page; cells wrap (CJK-aware).

    ``col_widths`` are relative weights, scaled to the frame width (equal columns when None).
    """
    width = content_width(landscape)
    weights = list(col_widths) if col_widths is not None else [1.0] * len(header)
    total = float(sum(weights))
    widths = [w * width / total for w in weights]
    data: list[list[Any]] = [[para(h, "th") for h in header]]
    right = set(align_right)
    for row in rows:
        data.append(
            [
                c if isinstance(c, Flowable) else para(c, "td_right" if i in right else "td")
                for i, c in enumerate(row)
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1)
    style = grid_style()
    style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    table.setStyle(TableStyle(style))
    return table


def _station() -> Any:
    """StationProfile 1, or None (not set up yet, or no database open)."""
    from db.models import StationProfile, database

    if database.deferred:
        return None
    return StationProfile.get_or_none(StationProfile.id == 1)


def station_name() -> str:
    """站点名称 from 站点信息 ('' when not set)."""
    row = _station()
    return row.name if row is not None else ""


def station_phone() -> str:
    """The station's phone from 站点信息 ('' when not set)."""
    row = _station()
    return row.phone if row is not None else ""


def draw_footer(canvas: Canvas, page: int, total: int, footer_note: str = "") -> None:
    """“第 x 页 共 y 页” centred at the foot of the page, and the note below it on the left."""
    width, _height = canvas._pagesize
    canvas.saveState()
    canvas.setFont(FONT_NAME, 9)
    canvas.setFillColor(colors.black)
    canvas.drawCentredString(width / 2, FOOTER_Y, f"第 {page} 页 共 {total} 页")
    if footer_note:
        canvas.setFont(FONT_NAME, 8)
        canvas.drawString(MARGIN_LEFT, FOOTER_Y - 4.5 * mm, footer_note)
    canvas.restoreState()


def draw_header(canvas: Canvas, station: str, text: str) -> None:
    """The station's name on the left and ``text`` (title, period) on the right, over a rule."""
    width, height = canvas._pagesize
    y = height - MARGIN_TOP + HEADER_GAP
    canvas.saveState()
    canvas.setFont(FONT_NAME, 9)
    canvas.drawString(MARGIN_LEFT, y, station)
    canvas.drawRightString(width - MARGIN_RIGHT, y, text)
    canvas.setStrokeColor(GRID_COLOR)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN_LEFT, y - 2 * mm, width - MARGIN_RIGHT, y - 2 * mm)
    canvas.restoreState()


def body_frame(landscape: bool) -> Frame:
    """The text frame of a page (a new one per page: a frame remembers how much of it is used)."""
    size = page_size(landscape)
    return Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        size[0] - MARGIN_LEFT - MARGIN_RIGHT,
        size[1] - MARGIN_TOP - MARGIN_BOTTOM,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _numbered_canvas(footer_note: str) -> type[Canvas]:
    """A canvas that holds every page until save(), then stamps “第 x 页 共 y 页” on each.

    Page streams are written compressed but not ASCII85-wrapped (faster and about a fifth smaller; every
    reader reads them). reportlab decides that from the module-wide ``rl_config.useA85`` when the file is
    written; this canvas gives each of its own pages its stream instead, so nothing global is toggled
    and two documents built at once (in two threads) cannot affect each other.
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
                self._binary_stream(self._doc.Pages.pages[-1])
            super().save()

        @staticmethod
        def _binary_stream(page: Any) -> None:
            """The page's content stream, Flate-compressed without the ASCII85 wrapper (set here, so
            reportlab's page check keeps it rather than reading the global setting)."""
            if page.Contents or not page.stream:
                return
            stream = PDFStream(content=page.stream)
            if page.compression:
                stream.filters = [PDFZCompress]
            stream.__Comment__ = "page stream"
            page.Contents = stream

        def _draw_footer(self, total: int) -> None:
            draw_footer(self, self._pageNumber, total, footer_note)

    return NumberedCanvas


def build_pdf(
    path: Path | str,
    title: str,
    story: list[Flowable],
    *,
    landscape: bool = False,
    period_text: str = "",
    progress: ProgressCallback | None = None,
    footer_note: str = "",
    station: str | None = None,
) -> Path:
    """Lay out ``story`` on the station's page template and write the PDF to ``path``.

    ``period_text`` (e.g. “2025年1月1日至2025年12月31日”) is shown in the header after the title.
    ``progress(done, total)`` is called as the flowables are laid out (for a progress dialog).
    ``station`` overrides the station name read from 站点信息.
    """
    font = register_font()
    out = Path(path)
    size = page_size(landscape)
    name = station_name() if station is None else station
    header_right = f"{title}　{period_text}" if period_text else title

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        draw_header(canvas, name, header_right)

    doc = BaseDocTemplate(
        str(out),
        pagesize=size,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=name,
        creator="就业服务站工作台",
        # Start every page in the CJK font, so no unembedded base-14 font (Helvetica) is referenced.
        initialFontName=font,
    )
    doc.addPageTemplates([PageTemplate(id="page", frames=[body_frame(landscape)], onPage=on_page)])
    if progress is not None:
        total = [max(len(story), 1)]

        def callback(kind: str, value: int) -> None:
            if kind == "SIZE_EST":
                total[0] = max(int(value), 1)
            elif kind == "PROGRESS":
                progress(min(int(value), total[0]), total[0])
            elif kind == "FINISHED":
                progress(total[0], total[0])

        doc.setProgressCallBack(callback)
    try:
        # Written under a temporary name and renamed when complete (a kill or a full disk never leaves a
        # truncated PDF where a good one was); OSError becomes a Chinese message there.
        with atomic_write(out, action="保存PDF", make_folder=True) as tmp:
            doc.filename = str(tmp)
            doc.build(list(story), canvasmaker=_numbered_canvas(footer_note))
    except LayoutError as exc:
        raise UserError(f"生成PDF时版面排不下（某一格内容过长）：{exc}") from exc
    return out


class PageWriter:
    """Draws the pages of a :func:`streamed_pdf` one by one: header, the page's flowables in the body
    frame, footer; then the page is compressed and only its compressed bytes are kept."""

    def __init__(
        self, filename: Path, *, title: str, pages: int, landscape: bool, header_right: str, station: str,
        footer_note: str,
    ) -> None:  # fmt: skip
        font = register_font()
        self.total = pages
        self.done = 0
        self.landscape = landscape
        self.station = station
        self.header_right = header_right
        self.footer_note = footer_note
        self.canvas = Canvas(str(filename), pagesize=page_size(landscape), initialFontName=font)
        self.canvas.setTitle(title)
        self.canvas.setAuthor(station)
        self.canvas.setCreator("就业服务站工作台")

    def page(self, flowables: Sequence[Flowable]) -> None:
        """One page with ``flowables`` from the top of the body frame; they must fit on it."""
        if self.done >= self.total:
            raise RuntimeError(f"PDF has more pages than the {self.total} counted")
        canvas = self.canvas
        draw_header(canvas, self.station, self.header_right)
        frame = body_frame(self.landscape)
        for f in flowables:
            if not frame.add(f, canvas):
                raise RuntimeError(f"a flowable does not fit on page {self.done + 1}: {f!r}"[:200])
        self.done += 1
        draw_footer(canvas, self.done, self.total, self.footer_note)
        canvas.showPage()
        _compress_now(canvas._doc.Pages.pages[-1])

    def close(self) -> None:
        if self.done != self.total:
            raise RuntimeError(f"PDF has {self.done} pages, {self.total} were counted")
        self.canvas.save()


def _compress_now(page: Any) -> None:
    """Replace a finished page's content text by its Flate-compressed bytes (marked as filtered, so
    reportlab writes them as they are): a page of a long ledger then holds a few kilobytes, not its text."""
    data = page.stream.encode("utf8") if isinstance(page.stream, str) else page.stream
    stream = PDFStream(
        dictionary=PDFDictionary({"Filter": PDFArray([PDFName("FlateDecode")])}), content=zlib.compress(data)
    )
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None


@contextmanager
def streamed_pdf(
    path: Path | str,
    title: str,
    *,
    pages: int,
    landscape: bool = False,
    period_text: str = "",
    footer_note: str = "",
    station: str | None = None,
) -> Iterator[PageWriter]:
    """A PDF of exactly ``pages`` pages on the station's page template, written page by page (see
    :class:`PageWriter`) to a temporary name and renamed when complete, like :func:`build_pdf`."""
    out = Path(path)
    name = station_name() if station is None else station
    header_right = f"{title}　{period_text}" if period_text else title
    with atomic_write(out, action="保存PDF", make_folder=True) as tmp:
        writer = PageWriter(
            tmp, title=title, pages=pages, landscape=landscape, header_right=header_right, station=name,
            footer_note=footer_note,
        )  # fmt: skip
        yield writer
        writer.close()


def today_text(day: dt.date | None = None) -> str:
    d = day or dt.date.today()
    return f"{d.year}年{d.month}月{d.day}日"
