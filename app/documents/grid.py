"""Fast long tables for the ledgers (台账): one flowable per page that draws its grid and its text
directly on the canvas.

A reportlab ``Table`` draws every cell with its own text object; for the 劳动力资源台账 of a town (50,000
rows, about 1,100 landscape pages) that alone takes several times longer than drawing each page's
cells into one text object, which is what :class:`GridPage` does. The rows are measured and wrapped
here (CJK-aware, at most the column's ``max_lines`` lines per cell — ``MAX_LINES`` unless the column
says otherwise — a longer text ends with “…”), packed into pages, and every page repeats the header
row. The type is 7 pt on rows 9.2 pt high (3.2 mm): dense, the size of a printed register's entries,
and still legible.

A district's ledger has hundreds of thousands of rows, so nothing here holds them all:
:meth:`GridLayout.pages` yields one page at a time as its rows fill it, and :meth:`GridLayout.count_pages`
is the cheap first pass that gives the page count (“共 N 页”) before any page is drawn — it finds the same
page breaks from line counts alone (a text short enough for its cell is not measured).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from app.documents.pdf import (
    GRID_COLOR,
    HEADER_FILL,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    content_width,
    page_size,
    register_font,
)

FONT_SIZE = 7.0
HEADER_SIZE = 7.5
LEADING = 7.8
PAD_X = 1.5
PAD_Y = 0.7
HEADER_PAD_Y = 2.0
MAX_LINES = 3
HEADER_LINES = 3
ELLIPSIS = "…"
# Wrapped texts remembered per column: a ledger's coded columns (性别, 文化程度, 就业状态 …) repeat a few
# values over all rows; a column of unique values (身份证号) stops adding at the limit.
CACHE_LIMIT = 2048


@dataclass(frozen=True)
class Column:
    header: str
    weight: float
    align: str = "left"  # left | center | right
    max_lines: int = MAX_LINES  # a longer text is cut with “…” (the full text is in the Excel ledger)


class _Measure:
    """String widths in the ledger font, with a per-character cache for wrapping."""

    def __init__(self, font: str, size: float) -> None:
        self.font = font
        self.size = size
        self.chars: dict[str, float] = {}
        face = getattr(getFont(font), "face", None)
        widest = max([*getattr(face, "charWidths", {}).values(), getattr(face, "defaultWidth", 1000), 1000])
        # No character is wider than this: a text of n characters is at most n times as wide.
        self.widest = widest * size / 1000

    def width(self, text: str) -> float:
        return float(stringWidth(text, self.font, self.size))

    def char(self, ch: str) -> float:
        w = self.chars.get(ch)
        if w is None:
            w = self.chars[ch] = float(stringWidth(ch, self.font, self.size))
        return w

    def wrap(self, text: str, avail: float, max_lines: int = MAX_LINES) -> tuple[str, ...]:
        """Lines of ``text`` no wider than ``avail`` (break anywhere: CJK text has no spaces)."""
        if not text:
            return ()
        if "\n" not in text and self.width(text) <= avail:
            return (text,)
        lines: list[str] = []
        for part in text.split("\n"):
            cur: list[str] = []
            w = 0.0
            for ch in part:
                cw = self.char(ch)
                if cur and w + cw > avail:
                    lines.append("".join(cur))
                    cur, w = [], 0.0
                cur.append(ch)
                w += cw
            lines.append("".join(cur))
        if len(lines) > max_lines:
            last = lines[max_lines - 1]
            while last and self.width(last + ELLIPSIS) > avail:
                last = last[:-1]
            lines = [*lines[: max_lines - 1], last + ELLIPSIS]
        return tuple(lines)


class Glyphs:
    """Texts encoded for a page stream in the subsets of the ledger's TrueType font, remembered (bounded)
    for the texts that repeat. This is reportlab's documented way to write a dynamic font
    (``splitString`` and ``getSubsetInternalName``, see ``reportlab.pdfbase.ttfonts``); the subsets are
    the document's, so the memory starts afresh for another document."""

    def __init__(self) -> None:
        self.doc: object = None
        self.cache: dict[str, list[tuple[int, str]]] = {}

    def chunks(self, text: str, doc: object) -> list[tuple[int, str]]:
        if doc is not self.doc:
            self.doc, self.cache = doc, {}
        chunks = self.cache.get(text)
        if chunks is None:
            font = getFont(register_font())
            chunks = [(subset, escapePDF(part)) for subset, part in font.splitString(text, doc)]
            if len(self.cache) < CACHE_LIMIT * 8:
                self.cache[text] = chunks
        return chunks


class GridPage(Flowable):
    """One page of a ledger: the header row and the rows that fit, drawn directly."""

    def __init__(
        self,
        widths: Sequence[float],
        aligns: Sequence[str],
        header: Sequence[tuple[str, ...]],
        header_height: float,
        rows: Sequence[Sequence[tuple[str, ...]]],
        heights: Sequence[float],
        glyphs: Glyphs | None = None,
    ) -> None:
        super().__init__()
        self.glyphs = glyphs if glyphs is not None else Glyphs()
        self.widths = list(widths)
        self.aligns = list(aligns)
        self.header = header
        self.header_height = header_height
        self.rows = rows
        self.heights = heights
        self.total_width = sum(self.widths)
        self.height = header_height + sum(heights)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.total_width, self.height

    def draw(self) -> None:
        c = self.canv
        font = register_font()
        xs = [0.0]
        for w in self.widths:
            xs.append(xs[-1] + w)
        top = self.height
        c.saveState()
        c.setFillColor(HEADER_FILL)
        c.rect(0, top - self.header_height, self.total_width, self.header_height, stroke=0, fill=1)
        ys = [top, top - self.header_height]
        y = top - self.header_height
        for h in self.heights:
            y -= h
            ys.append(y)
        c.setStrokeColor(GRID_COLOR)
        c.setLineWidth(0.5)
        c.lines([(0, yy, self.total_width, yy) for yy in ys] + [(x, 0, x, top) for x in xs])
        c.setFillColor(colors.black)
        text = c.beginText()
        text.setFont(font, HEADER_SIZE)
        self._cells(text, xs, top, self.header_height, self.header, HEADER_SIZE, center=True)
        c.drawText(text)
        ops = ["BT"]
        y = top - self.header_height
        for cells, h in zip(self.rows, self.heights, strict=True):
            self._row(ops, xs, y, cells)
            y -= h
        ops.append("ET")
        c.addLiteral("\n".join(ops))
        c.restoreState()

    def _cells(
        self, text: object, xs: list[float], top: float, height: float, cells: Sequence[tuple[str, ...]],
        size: float, center: bool,
    ) -> None:  # fmt: skip
        t = text
        for j, lines in enumerate(cells):
            n = len(lines)
            first = top - (height - n * LEADING) / 2 - LEADING + (LEADING - size) / 2 + 1.2
            for k, line in enumerate(lines):
                w = stringWidth(line, register_font(), size)
                x = xs[j] + (self.widths[j] - w) / 2 if center else xs[j] + PAD_X
                t.setTextOrigin(x, first - k * LEADING)  # type: ignore[attr-defined]
                t._textOut(line)  # type: ignore[attr-defined]

    def _row(self, ops: list[str], xs: list[float], top: float, cells: Sequence[tuple[str, ...]]) -> None:
        """The text operators of one row: each line placed (``Tm``) and shown in its font subset. Written
        directly rather than through a text object, which would measure every line again to move its
        cursor and re-encode every repeated text; a ledger has millions of lines."""
        base = top - PAD_Y - FONT_SIZE + 0.5
        font = register_font()
        doc = self.canv._doc
        ttf = getFont(font)
        size = " " + fp_str(FONT_SIZE) + " Tf"
        current = -1
        for j, lines in enumerate(cells):
            if not lines:
                continue
            align = self.aligns[j]
            for k, line in enumerate(lines):
                if align == "left":
                    x = xs[j] + PAD_X
                else:
                    w = stringWidth(line, font, FONT_SIZE)
                    x = xs[j + 1] - PAD_X - w if align == "right" else xs[j] + (self.widths[j] - w) / 2
                ops.append(f"1 0 0 1 {fp_str(x, base - k * LEADING)} Tm")
                for subset, chunk in self.glyphs.chunks(line, doc):
                    if subset != current:
                        ops.append(ttf.getSubsetInternalName(subset, doc) + size)
                        current = subset
                    ops.append(f"({chunk}) Tj")


def frame_height(landscape: bool) -> float:
    return page_size(landscape)[1] - MARGIN_TOP - MARGIN_BOTTOM


class GridLayout:
    """The columns of a ledger laid out across the frame: widths, the wrapped header, page breaks."""

    def __init__(self, columns: Sequence[Column], *, landscape: bool = True) -> None:
        font = register_font()
        self.measure = _Measure(font, FONT_SIZE)
        head_measure = _Measure(font, HEADER_SIZE)
        total_w = content_width(landscape)
        weight = float(sum(c.weight for c in columns))
        self.widths = [c.weight * total_w / weight for c in columns]
        self.avail = [w - 2 * PAD_X for w in self.widths]
        self.aligns = [c.align for c in columns]
        self.limits = [max(1, c.max_lines) for c in columns]
        self.header = [
            head_measure.wrap(c.header, self.avail[i], HEADER_LINES) for i, c in enumerate(columns)
        ]
        self.header_height = max(len(h) for h in self.header) * LEADING + 2 * HEADER_PAD_Y
        self.full = frame_height(landscape) - 1.0  # a point of slack against rounding
        self._wrapped: list[dict[str, tuple[str, ...]]] = [{} for _ in columns]
        self.glyphs = Glyphs()

    def wrap(self, j: int, value: object) -> tuple[str, ...]:
        """The lines of ``value`` in column ``j`` (remembered for values that repeat)."""
        text = "" if value is None else str(value)
        cache = self._wrapped[j]
        lines = cache.get(text)
        if lines is None:
            lines = self.measure.wrap(text, self.avail[j], self.limits[j])
            if len(cache) < CACHE_LIMIT:
                cache[text] = lines
        return lines

    def line_count(self, j: int, value: object) -> int:
        """``len(self.wrap(j, value))``, without measuring a text that surely fits."""
        text = "" if value is None else str(value)
        lines = self._wrapped[j].get(text)
        if lines is not None:
            return len(lines)
        if "\n" not in text and len(text) * self.measure.widest <= self.avail[j]:
            return 1 if text else 0
        return len(self.wrap(j, text))

    @staticmethod
    def row_height(lines: int) -> float:
        return max(lines, 1) * LEADING + 2 * PAD_Y

    def _room(self, first_page_room: float | None) -> float:
        return (first_page_room - 1.0) if first_page_room is not None else self.full

    def _page(self, rows: Sequence[Sequence[tuple[str, ...]]], heights: Sequence[float]) -> GridPage:
        return GridPage(self.widths, self.aligns, self.header, self.header_height, rows, heights, self.glyphs)

    def _paginate(
        self,
        rows: Iterable[Sequence[object]],
        measure: Callable[[Sequence[object]], tuple[Any, int]],
        first_page_room: float | None,
        count: int,
        progress: Callable[[int, int], None] | None,
        every: int,
    ) -> Iterator[tuple[list[Any], list[float]]]:
        """The rows broken into pages, the one rule both passes follow: each page's items and row heights,
        ``measure(row)`` giving a row's item and its number of lines; at least one page (with no rows
        when there are none)."""
        room = self._room(first_page_room)
        items: list[Any] = []
        heights: list[float] = []
        used = self.header_height
        done = 0
        yielded = False
        for row in rows:
            item, lines = measure(row)
            height = self.row_height(lines)
            if items and used + height > room:
                yield items, heights
                yielded = True
                items, heights, used, room = [], [], self.header_height, self.full
            items.append(item)
            heights.append(height)
            used += height
            done += 1
            if progress is not None and done % every == 0:
                progress(done, max(count, done))
        if items or not yielded:
            yield items, heights
        if progress is not None:
            progress(max(count, done), max(count, done))

    def pages(
        self,
        rows: Iterable[Sequence[object]],
        *,
        first_page_room: float | None = None,
        count: int = 0,
        progress: Callable[[int, int], None] | None = None,
        every: int = 500,
    ) -> Iterator[GridPage]:
        """The rows as :class:`GridPage` flowables, each yielded as soon as it is full (at least one,
        with the header only when there are no rows). ``first_page_room`` is the height left on the
        first page (after a title); ``count`` the expected number of rows, for ``progress(done, count)``
        every ``every`` rows."""
        wrap = self.wrap

        def cells(row: Sequence[object]) -> tuple[list[tuple[str, ...]], int]:
            wrapped = [wrap(j, v) for j, v in enumerate(row)]
            return wrapped, max((len(c) for c in wrapped), default=1)

        for page_rows, heights in self._paginate(rows, cells, first_page_room, count, progress, every):
            yield self._page(page_rows, heights)

    def count_pages(
        self,
        rows: Iterable[Sequence[object]],
        *,
        first_page_room: float | None = None,
        count: int = 0,
        progress: Callable[[int, int], None] | None = None,
        every: int = 500,
    ) -> int:
        """How many pages :meth:`pages` gives for the same rows, from line counts alone."""
        line_count = self.line_count

        def lines(row: Sequence[object]) -> tuple[None, int]:
            return None, max((line_count(j, v) for j, v in enumerate(row)), default=1)

        return sum(1 for _ in self._paginate(rows, lines, first_page_room, count, progress, every))


def grid_pages(
    columns: Sequence[Column],
    rows: Iterable[Sequence[object]],
    *,
    landscape: bool = True,
    count: int = 0,
    progress: Callable[[int, int], None] | None = None,
    every: int = 500,
    first_page_room: float | None = None,
) -> list[Flowable]:
    """All pages of :meth:`GridLayout.pages` at once (for short tables; a long ledger streams them)."""
    layout = GridLayout(columns, landscape=landscape)
    return list(
        layout.pages(rows, first_page_room=first_page_room, count=count, progress=progress, every=every)
    )
