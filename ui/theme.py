"""The window's one theme: every colour and style sheet of ``ui/`` is named here.

Widgets get their look through :func:`apply` (never ``setStyleSheet`` elsewhere), table cells and painted
items through the colour constants (hex strings; :func:`qcolor` makes a ``QColor``), rich-text labels
through :func:`span`. ``tests/ui/test_theme.py`` fails when a colour literal or a ``setStyleSheet`` call
appears anywhere else in ``ui/``.
"""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

# ------------------------------------------------------------------------------------------ colours
# Text and marks
TEXT = "#1d2733"  # body text painted by delegates
HEADING = "#1f2937"  # bold headings, totals
CHART_TEXT = "#374151"  # chart labels on the 自评 page
TILE_VALUE = "#1f2d3d"
TILE_LABEL = "#44546a"
TILE_NOTE = "#8a94a6"  # the 工作台 tiles' notes and hints
MUTED = "#6b7280"  # secondary text
HINT = "#5f6b7a"  # hints on the 岗位与匹配 page and the person form
NOTE_GREY = "#666666"  # notes in dialogs and settings
GREY = "#8a94a3"  # inactive rows and badges
WHITE = "#ffffff"

ACCENT = "#1f6feb"  # selection, primary buttons, drafts
ACCENT_HOVER = "#1a5fd0"
ACCENT_DISABLED = "#9db8e8"
PROPOSAL = "#1f5fbf"  # the system's proposal on an 自评 item

ERROR = "#c62828"  # errors, overdue, missing elements
LOSS = "#c0392b"  # points lost, rejected imports, station-page errors
SUCCESS = "#2e7d32"  # saved, hired, complete
PASS = "#1e8449"  # full points, passed, a good import
PENDING = "#b9770e"  # needs input, unsaved, warnings
TODAY = "#b26a00"  # due today
TAG = "#d35400"  # tags and 已面试-like highlights
FINALISED = "#a04000"  # a finalised (read-only) assessment

# Backgrounds and borders
EXPIRED_BACKGROUND = "#fdf0ef"
OVERDUE_BACKGROUND = "#fff4e5"
SECTION_TINTS = (WHITE, "#f3f6fb")  # alternate sections of the 自评 items, not rows
TRACK = "#e3e8ef"  # the empty part of a score bar
BORDER = "#d8dde6"
NAV_BACKGROUND = "#f3f5f8"
NAV_HOVER = "#e3e8f0"
CHIP_BORDER = "#b8c2d1"
CHIP_HOVER = "#eef3fb"
CARD_BACKGROUND = "#f6f8fb"
CARD_BORDER = "#dde3ec"
SUMMARY_BACKGROUND = "#f5f8fc"
SUMMARY_BORDER = "#dbe3ee"
BANNER_BORDER = "#f3c98b"
BANNER_TEXT = "#8a4b00"
READONLY_BACKGROUND = "#fdf2e9"
NOTICE_BACKGROUND = "#fef9e7"
NOTICE_TEXT = "#9a6700"
NOTICE_BORDER = "#f5d98b"
WARNING_BACKGROUND = "#fdecea"
WARNING_BORDER = "#f5c2c0"

# The PDF preview
PREVIEW_BACKGROUND = "#5f6670"
PREVIEW_TEXT = "#f0f2f5"
PREVIEW_PLACEHOLDER = "#9aa3ad"
PREVIEW_PAGE_EDGE = "#3d434b"
PREVIEW_SHADOW = (0, 0, 0, 70)  # RGBA

# Charts
CHART_PALETTE = ("#1f6feb", "#f0883e", "#2da44e", "#8250df", "#cf222e")  # the 工作台's series
CHART_AXIS_TEXT = "#333333"
CHART_AXIS = "#999999"
SCORE_AXIS = "#9aa4b2"  # the 自评 section chart
SCORE_TRACK = "#e5e9f0"
SCORE_FULL = "#2e9d5b"
SCORE_BONUS = "#c9a227"
SCORE_PARTIAL = ACCENT


def qcolor(color: str | tuple[int, int, int, int]) -> QColor:
    """A ``QColor`` of a theme colour (a hex string or an RGBA tuple)."""
    if isinstance(color, tuple):
        return QColor(*color)
    return QColor(color)


def span(text: str, color: str, *, bold: bool = False) -> str:
    """Rich text: ``text`` (already escaped) in ``color``."""
    inner = f"<b>{text}</b>" if bold else text
    return f"<span style='color:{color}'>{inner}</span>"


def card_title(text: str) -> str:
    """Rich text: the bold first words of a summary card (``text`` already escaped)."""
    return f"<b style='font-size:14px'>{text}</b>"


# ------------------------------------------------------------------------------------------ style sheets


def text_style(color: str = "", *, bold: bool = False, size: int = 0) -> str:
    """A label's style: colour, weight and pixel size (each optional)."""
    parts = []
    if size:
        parts.append(f"font-size: {size}px;")
    if bold:
        parts.append("font-weight: bold;")
    if color:
        parts.append(f"color: {color};")
    return " ".join(parts)


PLAIN = ""  # back to the default look
ERROR_TEXT = text_style(ERROR)
LOSS_TEXT = text_style(LOSS)
SUCCESS_TEXT = text_style(SUCCESS)
PASS_TEXT = text_style(PASS)
PENDING_TEXT = text_style(PENDING)
MUTED_TEXT = text_style(MUTED)
HINT_TEXT = text_style(HINT)
NOTE_TEXT = text_style(NOTE_GREY)
TILE_NOTE_TEXT = text_style(TILE_NOTE)
PROPOSAL_TEXT = text_style(PROPOSAL)
SMALL_MUTED_TEXT = f"{MUTED_TEXT} font-size: 12px;"
HEADING_TEXT = text_style(HEADING, bold=True)
TITLE_TEXT = text_style(HEADING, bold=True, size=16)
TOTAL_TEXT = text_style(HEADING, bold=True, size=22)
CHART_TITLE = "font-weight: bold; font-size: 14px;"
SUBTITLE = text_style(bold=True, size=15)  # a dialog's or panel's first line
PAGE_TITLE = text_style(bold=True, size=18)

NAVIGATION = (
    f"QListWidget#nav {{ background: {NAV_BACKGROUND}; border: none; border-right: 1px solid {BORDER};"
    " font-size: 15px; padding-top: 8px; }"
    "QListWidget#nav::item { padding: 9px 14px; border-radius: 4px; margin: 0 6px; }"
    f"QListWidget#nav::item:selected {{ background: {ACCENT}; color: white; }}"
    f"QListWidget#nav::item:hover:!selected {{ background: {NAV_HOVER}; }}"
)

# Filter chips (QPushButton with the property chip=true) of the 劳动力台账 and 重点人员帮扶 pages.
_CHIP = (
    f'QPushButton[chip="true"] {{ border: 1px solid {CHIP_BORDER}; border-radius: 12px; padding: 3px 12px;'
    f" background: {WHITE}; }}"
)
_CHIP_CHECKED = (
    f'QPushButton[chip="true"]:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: white; }}'
)
CHIPS = _CHIP + f'QPushButton[chip="true"]:hover {{ background: {CHIP_HOVER}; }}' + _CHIP_CHECKED
CHIPS_NO_HOVER = _CHIP + _CHIP_CHECKED

TILES = (
    f"QFrame#tile {{ background: {WHITE}; border: 1px solid {BORDER}; border-radius: 6px; }}"
    f"QLabel#tile_value {{ font-size: 24px; font-weight: bold; color: {TILE_VALUE}; }}"
    f"QLabel#tile_label {{ color: {TILE_LABEL}; }}"
    f"QLabel#tile_note {{ color: {TILE_NOTE}; font-size: 11px; }}"
)

JOBS_PAGE = f"""
QLabel#summary_card {{ background: {SUMMARY_BACKGROUND}; border: 1px solid {SUMMARY_BORDER};
                      border-radius: 6px; padding: 8px 10px; }}
QLabel#due_banner {{ background: {OVERDUE_BACKGROUND}; border: 1px solid {BANNER_BORDER}; border-radius: 6px;
                    padding: 6px 10px; color: {BANNER_TEXT}; }}
QLabel#hint {{ color: {HINT}; }}
QLabel#section {{ font-weight: bold; color: {TEXT}; }}
"""

TOTALS_CARD = (
    f"QFrame#totals {{ background: {CARD_BACKGROUND}; border: 1px solid {CARD_BORDER}; border-radius: 6px; }}"
)
BASIS_BOX = (
    f"background: {CARD_BACKGROUND}; border: 1px solid {CARD_BORDER}; border-radius: 4px; padding: 8px;"
    " font-size: 13px;"
)
READONLY_BOX = f"background: {READONLY_BACKGROUND}; color: {FINALISED}; border-radius: 4px; padding: 6px;"
NOTICE_BOX = (
    f"background: {NOTICE_BACKGROUND}; color: {NOTICE_TEXT}; border: 1px solid {NOTICE_BORDER};"
    " border-radius: 4px; padding: 6px;"
)
WARNING_BOX = (
    f"color: {ERROR}; background: {WARNING_BACKGROUND}; border: 1px solid {WARNING_BORDER};"
    " border-radius: 4px; padding: 6px;"
)
DOCUMENT_LIST = (
    "QListView#document_list { font-size: 14px; }QListView#document_list::item { padding: 5px 6px; }"
)
PRIMARY_BUTTON = (
    f"QPushButton {{ background: {ACCENT}; color: white; border: none; border-radius: 4px;"
    " padding: 6px 14px; font-weight: bold; }"
    f"QPushButton:hover {{ background: {ACCENT_HOVER}; }}"
    f" QPushButton:disabled {{ background: {ACCENT_DISABLED}; }}"
)


def apply(widget: QWidget, style: str) -> None:
    """Give ``widget`` one of the style sheets above (``PLAIN`` resets it)."""
    widget.setStyleSheet(style)
