"""Pieces shared by the forms: red error labels beside fields, date fields, code combos, confirmation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSizePolicy,
    QWidget,
)

from app.core.dates import FORMATS_HINT, parse_date
from app.core.errors import ValidationError
from ui import theme


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """Ask a yes/no question (Chinese buttons); True for 是. Tests monkeypatch this."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton("是", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("否", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


class ErrorLabel(QLabel):
    """The red message shown beside a field; empty when the field is fine."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        theme.apply(self, theme.ERROR_TEXT)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(200)

    def show_message(self, message: str) -> None:
        self.setText(message)
        self.setToolTip(message)


def beside(field: QWidget, error: ErrorLabel, field_width: int = 240) -> QWidget:
    """A row: the field, then its error label to the right."""
    row = QWidget()
    lay = QHBoxLayout(row)
    lay.setContentsMargins(0, 0, 0, 0)
    field.setMinimumWidth(field_width)
    field.setMaximumWidth(max(field_width, 360))
    lay.addWidget(field)
    lay.addWidget(error, 1)
    return row


class DateEdit(QLineEdit):
    """A date typed in any accepted form (2024-05-01, 2024/5/1, 2024.5.1, 20240501, 2024年5月1日)."""

    def __init__(self, value: dt.date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("如 2024-05-01")
        self.setToolTip(f"可写作 {FORMATS_HINT}")
        self.set_date(value)

    def set_date(self, value: dt.date | None) -> None:
        self.setText(value.isoformat() if value else "")

    def date(self, label: str = "日期") -> dt.date | None:
        """The parsed date (None when empty); raises ValidationError naming ``label``."""
        return parse_date(self.text(), label)


def code_combo(values: Iterable[str], blank: str | None = "") -> QComboBox:
    """A non-editable combo over a code list; ``blank`` adds an empty first choice (data '')."""
    combo = QComboBox()
    if blank is not None:
        combo.addItem(blank, "")
    for v in values:
        combo.addItem(v, v)
    return combo


def set_combo_data(combo: QComboBox, value: str) -> None:
    i = combo.findData(value)
    if i < 0 and value:
        # A value outside the list (old data): keep it visible rather than silently dropping it.
        combo.addItem(value, value)
        i = combo.count() - 1
    combo.setCurrentIndex(max(i, 0))


def check_date_field(edit: DateEdit, error: ErrorLabel, label: str, required: bool) -> dt.date | None:
    """Validate a date field, show the message beside it; raises ValidationError when bad."""
    try:
        value = edit.date(label)
        if value is None and required:
            raise ValidationError(f"{label}不能为空")
    except ValidationError as exc:
        error.show_message(exc.message)
        raise
    error.show_message("")
    return value
