"""In-app PDF preview: pypdfium2 renders the pages to QImages, lazily.

:class:`PdfPreview` is a toolbar (page counter, previous/next, 适合宽度 / 100%) over a :class:`PageCanvas`
that lays the pages out one under another and paints only the visible ones. A page is rendered at
screen resolution the first time it becomes visible, one page per event-loop turn (the window keeps
answering while a long document scrolls by), and a few rendered pages are kept in a small cache, so a
1,000-page ledger costs no more memory than a short one.

PDFium is not thread-safe: every call into it, here and in :mod:`ui.printing` (which renders on a worker
thread), holds :data:`PDFIUM_LOCK`. The preview only *tries* the lock and retries later when a print job
holds it, so the GUI thread never waits for a page being printed.
"""

from __future__ import annotations

import bisect
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPen, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from ui import theme

# One lock for every PDFium call in the process (PDFium must not be entered from two threads at once).
PDFIUM_LOCK = threading.RLock()

POINTS_PER_INCH = 72.0
PAGE_GAP = 14  # pixels between pages
MARGIN = 16  # pixels around the pages
CACHE_PAGES = 8  # rendered pages kept in memory
BACKGROUND = theme.qcolor(theme.PREVIEW_BACKGROUND)
EMPTY_TEXT = "请在左侧选择文档、填写参数，然后点击“生成预览”。"

ZOOM_FIT_WIDTH = "fit"
ZOOM_ACTUAL = "actual"


def open_pdf(path: Path | str) -> Any:
    """A pypdfium2 document for ``path``; a Chinese error when the file cannot be read."""
    try:
        with PDFIUM_LOCK:
            return pdfium.PdfDocument(str(path))
    except (OSError, pdfium.PdfiumError) as exc:
        raise UserError(f"无法打开PDF文件 {path}：{exc}") from exc


def render_page(document: Any, index: int, scale: float) -> QImage:
    """Page ``index`` of ``document`` rendered at ``scale`` pixels per point, white background.

    The caller holds no lock: this takes :data:`PDFIUM_LOCK` itself. The returned QImage owns its pixels.
    """
    with PDFIUM_LOCK:
        page = document[index]
        try:
            bitmap = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
            try:
                image = QImage(
                    bitmap.buffer,
                    bitmap.width,
                    bitmap.height,
                    bitmap.stride,
                    QImage.Format.Format_RGBX8888,
                )
                return image.copy()  # detach from PDFium's buffer before it is freed
            finally:
                bitmap.close()
        finally:
            page.close()


def page_sizes(document: Any) -> list[tuple[float, float]]:
    """(width, height) in points of every page."""
    with PDFIUM_LOCK:
        return [(float(w), float(h)) for w, h in (document.get_page_size(i) for i in range(len(document)))]


class PageCanvas(QAbstractScrollArea):
    """The pages, one under another, painted as they scroll into view."""

    currentPageChanged = Signal(int)  # 0-based index of the page at the top of the view
    pageRendered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_canvas")
        self.viewport().setAutoFillBackground(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._document: Any = None
        self._sizes: list[tuple[float, float]] = []
        self._zoom_mode = ZOOM_FIT_WIDTH
        self._scale = 1.0  # pixels per point
        self._tops: list[int] = []
        self._rects: list[QRect] = []
        self._content = QSize(0, 0)
        self._cache: OrderedDict[tuple[int, int], QImage] = OrderedDict()
        self._pending: list[int] = []
        self._current = -1
        self.empty_text = EMPTY_TEXT
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._render_next)
        self.verticalScrollBar().valueChanged.connect(self._on_scroll)
        self.horizontalScrollBar().valueChanged.connect(lambda _v: self.viewport().update())
        self.verticalScrollBar().setSingleStep(40)

    # ------------------------------------------------------------------ document

    def set_document(self, document: Any) -> None:
        """Show ``document`` (a pypdfium2 PdfDocument, or None for the empty state) from page 1."""
        self._document = document
        self._sizes = page_sizes(document) if document is not None else []
        self._cache.clear()
        self._pending.clear()
        self._current = -1
        self._relayout()
        self.verticalScrollBar().setValue(0)
        self._on_scroll()
        self.viewport().update()

    def page_count(self) -> int:
        return len(self._sizes)

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is in content coordinates (pixels)."""
        return QRect(self._rects[index])

    @property
    def scale(self) -> float:
        return self._scale

    # ------------------------------------------------------------------ zoom

    def zoom_mode(self) -> str:
        return self._zoom_mode

    def set_zoom_mode(self, mode: str) -> None:
        if mode not in (ZOOM_FIT_WIDTH, ZOOM_ACTUAL):
            raise ValueError(mode)
        if mode == self._zoom_mode:
            return
        keep = max(self._current, 0)
        self._zoom_mode = mode
        self._relayout()
        if self._sizes:
            self.go_to_page(keep)
        self.viewport().update()

    def _compute_scale(self) -> float:
        if not self._sizes:
            return 1.0
        if self._zoom_mode == ZOOM_ACTUAL:
            return self.logicalDpiX() / POINTS_PER_INCH
        widest = max(w for w, _h in self._sizes)
        available = max(self.viewport().width() - 2 * MARGIN, 100)
        return available / widest

    def _relayout(self) -> None:
        self._scale = self._compute_scale()
        self._tops = []
        self._rects = []
        y = MARGIN
        widest = 0
        for w, h in self._sizes:
            pw, ph = max(1, round(w * self._scale)), max(1, round(h * self._scale))
            self._tops.append(y)
            self._rects.append(QRect(0, y, pw, ph))
            widest = max(widest, pw)
            y += ph + PAGE_GAP
        content_w = widest + 2 * MARGIN
        self._content = QSize(content_w, y - PAGE_GAP + MARGIN if self._sizes else 0)
        # Centre each page horizontally in the content width.
        for r in self._rects:
            r.moveLeft((content_w - r.width()) // 2)
        self._update_scrollbars()

    def _update_scrollbars(self) -> None:
        vp = self.viewport().size()
        vbar, hbar = self.verticalScrollBar(), self.horizontalScrollBar()
        vbar.setPageStep(vp.height())
        vbar.setRange(0, max(0, self._content.height() - vp.height()))
        hbar.setPageStep(vp.width())
        hbar.setRange(0, max(0, self._content.width() - vp.width()))

    # ------------------------------------------------------------------ navigation

    def current_page(self) -> int:
        """0-based index of the page at the top of the view (-1 without a document)."""
        return self._current

    def go_to_page(self, index: int) -> None:
        if not self._sizes:
            return
        index = max(0, min(index, len(self._sizes) - 1))
        self.verticalScrollBar().setValue(self._tops[index] - MARGIN)
        self._on_scroll()

    def visible_pages(self) -> list[int]:
        """Indexes of the pages that intersect the viewport."""
        if not self._sizes:
            return []
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        first = max(0, bisect.bisect_right(self._tops, top) - 1)
        out = []
        for i in range(first, len(self._sizes)):
            r = self._rects[i]
            if r.top() > bottom:
                break
            if r.bottom() >= top:
                out.append(i)
        return out

    def _on_scroll(self) -> None:
        visible = self.visible_pages()
        current = -1
        if visible:
            # The page that occupies the upper part of the view.
            top = self.verticalScrollBar().value() + self.viewport().height() // 4
            current = visible[0]
            for i in visible:
                if self._rects[i].top() <= top:
                    current = i
            vbar = self.verticalScrollBar()
            if vbar.maximum() > 0 and vbar.value() >= vbar.maximum():
                # At the very end the last pages cannot reach the top: the last one whose top shows counts.
                bottom = vbar.value() + self.viewport().height()
                current = max(current, max(i for i in visible if self._rects[i].top() < bottom))
        if current != self._current:
            self._current = current
            self.currentPageChanged.emit(current)
        self.viewport().update()

    # ------------------------------------------------------------------ rendering

    def _key(self, index: int) -> tuple[int, int]:
        return (index, self._rects[index].width())

    def cached_image(self, index: int) -> QImage | None:
        image = self._cache.get(self._key(index))
        if image is not None:
            self._cache.move_to_end(self._key(index))
        return image

    def render_now(self, index: int) -> QImage:
        """Render page ``index`` at the current zoom (blocking) and cache it."""
        cached = self.cached_image(index)
        if cached is not None:
            return cached
        ratio = self.devicePixelRatioF()
        image = render_page(self._document, index, self._scale * ratio)
        image.setDevicePixelRatio(ratio)
        self._cache[self._key(index)] = image
        while len(self._cache) > CACHE_PAGES:
            self._cache.popitem(last=False)
        self.pageRendered.emit(index)
        return image

    def _render_next(self) -> None:
        """Render one waiting visible page, then come back on the next event-loop turn."""
        if self._document is None:
            self._pending.clear()
            return
        visible = set(self.visible_pages())
        self._pending = [i for i in self._pending if i in visible and self.cached_image(i) is None]
        if not self._pending:
            return
        if not PDFIUM_LOCK.acquire(blocking=False):
            self._timer.start(50)  # a print job is using PDFium: try again shortly
            return
        try:
            index = self._pending.pop(0)
            self.render_now(index)
        finally:
            PDFIUM_LOCK.release()
        self.viewport().update(self._to_viewport(self._rects[index]))
        if self._pending:
            self._timer.start()

    def _to_viewport(self, rect: QRect) -> QRect:
        return rect.translated(-self.horizontalScrollBar().value(), -self.verticalScrollBar().value())

    # ------------------------------------------------------------------ Qt events

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self.viewport())
        painter.fillRect(event.rect(), BACKGROUND)
        if self._document is None or not self._sizes:
            painter.setPen(theme.qcolor(theme.PREVIEW_TEXT))
            painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter, self.empty_text)
            painter.end()
            return
        want: list[int] = []
        for i in self.visible_pages():
            rect = self._to_viewport(self._rects[i])
            painter.fillRect(rect.translated(3, 3), theme.qcolor(theme.PREVIEW_SHADOW))  # shadow
            image = self.cached_image(i)
            if image is not None:
                painter.drawImage(QRectF(rect), image)
            else:
                painter.fillRect(rect, Qt.GlobalColor.white)
                painter.setPen(theme.qcolor(theme.PREVIEW_PLACEHOLDER))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"第 {i + 1} 页\n正在显示…")
                want.append(i)
            painter.setPen(QPen(theme.qcolor(theme.PREVIEW_PAGE_EDGE), 1))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()
        if want:
            self._pending = want + [i for i in self._pending if i not in want]
            if not self._timer.isActive():
                self._timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._zoom_mode == ZOOM_FIT_WIDTH and self._sizes:
            keep = self._current
            self._relayout()
            if keep >= 0:
                self.go_to_page(keep)
        else:
            self._update_scrollbars()
        self._on_scroll()

    def wheelEvent(self, event: QWheelEvent) -> None:
        super().wheelEvent(event)
        self._on_scroll()

    def sizeHint(self) -> QSize:
        return QSize(640, 800)

    def point_at_page(self, index: int, fx: float, fy: float) -> QPointF:
        """A point at fractions (fx, fy) of page ``index``, in content pixels (for tests)."""
        r = self._rects[index]
        return QPointF(r.left() + fx * r.width(), r.top() + fy * r.height())


class PdfPreview(QWidget):
    """Toolbar + :class:`PageCanvas`; :meth:`load` a PDF file, :meth:`clear` to empty it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document: Any = None
        self._path: Path | None = None

        self.canvas = PageCanvas(self)
        self.prev_button = QToolButton()
        self.prev_button.setText("上一页")
        self.prev_button.clicked.connect(
            lambda _c=False: self.canvas.go_to_page(self.canvas.current_page() - 1)
        )
        self.next_button = QToolButton()
        self.next_button.setText("下一页")
        self.next_button.clicked.connect(
            lambda _c=False: self.canvas.go_to_page(self.canvas.current_page() + 1)
        )
        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("page_spin")
        self.page_spin.setRange(0, 0)
        self.page_spin.setPrefix("第 ")
        self.page_spin.setSuffix(" 页")
        self.page_spin.setMinimumWidth(96)
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(self._on_spin)
        self.count_label = QLabel("共 0 页")
        self.count_label.setObjectName("page_count_label")

        self.fit_button = QPushButton("适合宽度")
        self.actual_button = QPushButton("100%")
        zoom_group = QButtonGroup(self)
        for button in (self.fit_button, self.actual_button):
            button.setCheckable(True)
            zoom_group.addButton(button)
        self.fit_button.setChecked(True)
        self.fit_button.clicked.connect(lambda _c=False: self.canvas.set_zoom_mode(ZOOM_FIT_WIDTH))
        self.actual_button.clicked.connect(lambda _c=False: self.canvas.set_zoom_mode(ZOOM_ACTUAL))

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.page_spin)
        bar.addWidget(self.count_label)
        bar.addWidget(self.next_button)
        bar.addStretch(1)
        bar.addWidget(QLabel("缩放："))
        bar.addWidget(self.fit_button)
        bar.addWidget(self.actual_button)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        lay.addLayout(bar)
        lay.addWidget(self.canvas, 1)

        self.canvas.currentPageChanged.connect(self._on_page_changed)
        self._update_controls()

    # ------------------------------------------------------------------ API

    def load(self, path: Path | str) -> int:
        """Show the PDF at ``path``; its page count."""
        document = open_pdf(path)
        self._close_document()
        self._document = document
        self._path = Path(path)
        self.canvas.set_document(document)
        self._update_controls()
        return self.page_count()

    def clear(self) -> None:
        """Back to the empty state (and release the file)."""
        self._close_document()
        self.canvas.set_document(None)
        self._update_controls()

    def path(self) -> Path | None:
        return self._path

    def page_count(self) -> int:
        return self.canvas.page_count()

    def current_page(self) -> int:
        """0-based index of the page shown at the top (-1 when empty)."""
        return self.canvas.current_page()

    def go_to_page(self, index: int) -> None:
        self.canvas.go_to_page(index)

    def page_image(self, index: int) -> QImage:
        """Page ``index`` as rendered for the screen at the current zoom (renders it if needed)."""
        if self._document is None:
            raise UserError("预览中没有文档")
        return self.canvas.render_now(index)

    def set_empty_text(self, text: str) -> None:
        self.canvas.empty_text = text
        self.canvas.viewport().update()

    # ------------------------------------------------------------------ internals

    def _close_document(self) -> None:
        if self._document is not None:
            self.canvas.set_document(None)
            with PDFIUM_LOCK:
                self._document.close()
        self._document = None
        self._path = None

    def _on_page_changed(self, index: int) -> None:
        self._update_controls()

    def _on_spin(self, value: int) -> None:
        if value >= 1 and value - 1 != self.canvas.current_page():
            self.canvas.go_to_page(value - 1)

    def _update_controls(self) -> None:
        n = self.page_count()
        current = self.canvas.current_page()
        self.page_spin.blockSignals(True)
        self.page_spin.setSpecialValueText("" if n else "第 - 页")  # shown at the minimum: only when empty
        self.page_spin.setRange(1 if n else 0, max(n, 0))
        self.page_spin.setValue(current + 1 if n else 0)
        self.page_spin.blockSignals(False)
        self.page_spin.setEnabled(n > 0)
        self.count_label.setText(f"/ 共 {n} 页")
        self.prev_button.setEnabled(n > 0 and current > 0)
        self.next_button.setEnabled(n > 0 and current < n - 1)
        self.fit_button.setEnabled(n > 0)
        self.actual_button.setEnabled(n > 0)

    def closeEvent(self, event: Any) -> None:
        self._close_document()
        super().closeEvent(event)
