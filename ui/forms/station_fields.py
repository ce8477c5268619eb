"""The field editors of the 站点信息 forms (the station profile and a staff member): one input per field
with its error label, placeholders and choices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.core.dates import fmt
from ui import theme

# Profile fields shown as multi-line boxes.
MULTILINE_FIELDS = frozenset({"facilities", "operator_qualification", "systems", "special_functions", "note"})
PLACEHOLDERS = {
    "name": "如 幸福社区就业服务站",
    "district": "如 杨浦区",
    "street": "如 殷行街道",
    "area_code": "村/社区的12位统计用区划代码，如 310110012003",
    "phone": "手机或座机，如 021-65551234",
    "opened_on": "如 2021-03-01",
    "area_m2": "单位：平方米，如 120",
    "working_age_population": "人",
    "household_count": "户",
    "population": "人",
    "complaint_channel": "如 投诉电话、意见箱；留空表示未公布",
    "started_service_on": "如 2019-09-01",
    "last_trained_on": "如 2024-05-10",
    "id_number": "可不填；填写时将校验",
}
# The staff dialog's own hints where a field name means something else than in the profile.
STAFF_PLACEHOLDERS = {**PLACEHOLDERS, "name": "如 张晓红"}
PROFILE_SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "基本信息",
        ("name", "kind", "district", "street", "area_code", "address", "phone", "contact", "opened_on"),
    ),
    ("场地与运营", ("venue", "area_m2", "facilities", "operator_org", "operator_qualification")),
    ("制度与功能", ("systems", "special_functions", "complaint_channel")),
    ("辖区情况", ("working_age_population", "household_count", "population", "note")),
)


def error_label() -> QLabel:
    label = QLabel()
    theme.apply(label, theme.LOSS_TEXT)
    label.setWordWrap(True)
    label.hide()
    return label


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return fmt(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return str(value)


class FieldEditor:
    """One form field: its input widget, the error label beside it, and text get/set."""

    def __init__(self, field: str, widget: QWidget) -> None:
        self.field = field
        self.widget = widget
        self.error = error_label()

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QLineEdit):
            return w.text()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QComboBox):
            return w.currentText()
        raise TypeError(type(w))

    def set_text(self, text: str) -> None:
        w = self.widget
        if isinstance(w, QLineEdit):
            w.setText(text)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(text)
        elif isinstance(w, QComboBox):
            i = w.findText(text)
            w.setCurrentIndex(max(i, 0))

    def connect_changed(self, slot: Callable[[], None]) -> None:
        w = self.widget
        if isinstance(w, QLineEdit | QPlainTextEdit):
            w.textChanged.connect(slot)
        elif isinstance(w, QComboBox):
            w.currentIndexChanged.connect(slot)

    def show_error(self, message: str | None) -> None:
        if message:
            self.error.setText(message)
            self.error.show()
        else:
            self.error.clear()
            self.error.hide()

    def container(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.widget)
        layout.addWidget(self.error)
        return box


def make_editor(
    field: str,
    choices: tuple[str, ...] | None = None,
    multiline: bool = False,
    placeholders: dict[str, str] = PLACEHOLDERS,
) -> FieldEditor:
    widget: QWidget
    if choices is not None:
        combo = QComboBox()
        combo.addItems(list(choices))
        widget = combo
    elif multiline:
        box = QPlainTextEdit()
        box.setTabChangesFocus(True)
        box.setMinimumHeight(56)
        box.setMaximumHeight(80)
        if field in placeholders:
            box.setPlaceholderText(placeholders[field])
        widget = box
    else:
        line = QLineEdit()
        if field in placeholders:
            line.setPlaceholderText(placeholders[field])
        widget = line
    widget.setObjectName(field)
    return FieldEditor(field, widget)


# ------------------------------------------------------------------------------------------ staff dialog
