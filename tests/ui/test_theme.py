"""Every colour and style sheet of the window comes from ui/theme.py: the other modules of ui/ name no
colour and call no setStyleSheet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from ui import theme

UI = Path(__file__).resolve().parents[2] / "ui"
THEME = UI / "theme.py"

# What counts as a colour or a style outside the theme.
FORBIDDEN = {
    "hex colour": re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|#[0-9a-fA-F]{8}\b"),
    "rgb() colour": re.compile(r"\brgba?\s*\("),
    "QColor from a literal": re.compile(r"QColor\(\s*[\"'0-9]"),
    "named Qt colour": re.compile(r"Qt\.GlobalColor\.(?!white\b)"),  # white: a page's paper in the preview
    "setStyleSheet": re.compile(r"\bsetStyleSheet\b"),
    "inline HTML style": re.compile(r"style\s*=\s*['\"]"),
}


def offences(text: str) -> list[str]:
    found = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for what, pattern in FORBIDDEN.items():
            if pattern.search(line):
                found.append(f"{lineno}: {what}: {line.strip()}")
    return found


def test_no_colour_or_style_sheet_outside_the_theme():
    bad = {}
    for path in sorted(UI.rglob("*.py")):
        if path == THEME:
            continue
        found = offences(path.read_text(encoding="utf-8"))
        if found:
            bad[str(path.relative_to(UI.parent))] = found
    assert bad == {}


@pytest.mark.parametrize(
    "line",
    [
        'label.setStyleSheet("color: red")',
        'QColor("#c62828")',
        "x = '#fff'",
        "QColor(0, 0, 0, 70)",
        "brush = 'rgba(0, 0, 0, 0.5)'",
        "f\"<span style='color:{c}'>\"",
        "painter.setPen(Qt.GlobalColor.red)",
    ],
)
def test_the_check_catches_each_kind(line):
    assert offences(line)


@pytest.mark.parametrize("line", ["theme.apply(label, theme.ERROR_TEXT)", "QColor(color)", "# issue #12"])
def test_the_check_passes_theme_use(line):
    assert offences(line) == []


def test_the_theme_itself_has_the_colours():
    assert offences(THEME.read_text(encoding="utf-8"))


def test_apply_and_span(qtbot):
    label = QLabel()
    qtbot.addWidget(label)
    theme.apply(label, theme.ERROR_TEXT)
    assert label.styleSheet() == f"color: {theme.ERROR};"
    theme.apply(label, theme.PLAIN)
    assert label.styleSheet() == ""
    assert (
        theme.span("已定稿", theme.FINALISED, bold=True)
        == f"<span style='color:{theme.FINALISED}'><b>已定稿</b></span>"
    )


def test_text_style_combines_size_weight_and_colour():
    assert theme.text_style(theme.HEADING, bold=True, size=16) == (
        f"font-size: 16px; font-weight: bold; color: {theme.HEADING};"
    )
    assert theme.text_style() == ""


def test_qcolor_reads_hex_and_rgba():
    assert theme.qcolor(theme.ERROR).name() == theme.ERROR
    shadow = theme.qcolor(theme.PREVIEW_SHADOW)
    assert (shadow.red(), shadow.green(), shadow.blue(), shadow.alpha()) == theme.PREVIEW_SHADOW
