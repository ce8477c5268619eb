"""The base of the employer and vacancy forms: fields in a form layout with the red message beside
each, validated as you type through the ``app/`` field rules; Ctrl+S saves, Esc cancels (asking first
when something changed). A refused save keeps every typed value (nothing lost)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import FieldErrors, UserError, ValidationError
from ui import theme
from ui.forms import common
from ui.forms.common import ErrorLabel, beside, code_combo, set_combo_data
from ui.widgets.shortcuts import add_shortcut


class RecordForm(QDialog):
    """Subclasses add fields with :meth:`add_line`, :meth:`add_combo`, :meth:`add_text` and implement
    :meth:`check_field` (raise ValidationError) and :meth:`write` (returns the saved record's id)."""

    saved = Signal(int)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.dirty = False
        self._loading = False
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._getters: dict[str, Callable[[], object]] = {}
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.save_error = ErrorLabel()
        self.save_error.setObjectName("save_error")
        self.status = QLabel()
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(lambda _c=False: self.reject())
        self.top = QVBoxLayout()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.cancel_button)
        # The fields scroll when the screen is short (1366×768); the buttons stay in view.
        body = QWidget()
        body_lay = QVBoxLayout(body)
        body_lay.setContentsMargins(0, 0, 0, 0)
        body_lay.addLayout(self.form)
        body_lay.addStretch(1)
        self.body_scroll = QScrollArea()
        self.body_scroll.setWidgetResizable(True)
        self.body_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body_scroll.setWidget(body)
        lay = QVBoxLayout(self)
        lay.addLayout(self.top)
        lay.addWidget(self.body_scroll, 1)
        lay.addWidget(self.save_error)
        lay.addLayout(bottom)
        add_shortcut(self, "Ctrl+S", self.save)

    # ------------------------------------------------------------------ building

    def _add(self, name: str, label: str, widget: QWidget, getter: Callable[[], object], width: int) -> None:
        widget.setObjectName(f"field_{name}")
        err = ErrorLabel()
        err.setObjectName(f"error_{name}")
        self.fields[name] = widget
        self.errors[name] = err
        self._getters[name] = getter
        self.form.addRow(label, beside(widget, err, width))

    def add_line(self, name: str, label: str, placeholder: str = "", width: int = 240) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.textChanged.connect(lambda _t, n=name: self._changed(n))
        self._add(name, label, edit, edit.text, width)
        return edit

    def add_combo(self, name: str, label: str, values: tuple[str, ...], blank: str | None = "") -> QComboBox:
        combo = code_combo(values, blank)
        combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
        self._add(name, label, combo, combo.currentData, 240)
        return combo

    def add_text(self, name: str, label: str, placeholder: str = "", height: int = 64) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        edit.textChanged.connect(lambda n=name: self._changed(n))
        self._add(name, label, edit, edit.toPlainText, 360)
        return edit

    # ------------------------------------------------------------------ values

    def value(self, name: str) -> object:
        return self._getters[name]()

    def set_value(self, name: str, value: object) -> None:
        w = self.fields[name]
        text = "" if value is None else (value.isoformat() if hasattr(value, "isoformat") else str(value))
        if isinstance(w, QComboBox):
            set_combo_data(w, text)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText(text)
        elif isinstance(w, QLineEdit):
            w.setText(text)

    def values(self) -> dict[str, object]:
        return {name: self.value(name) for name in self.fields}

    def load_values(self, values: dict[str, Any]) -> None:
        self._loading = True
        try:
            for name, value in values.items():
                if name in self.fields:
                    self.set_value(name, value)
        finally:
            self._loading = False
        self.dirty = False

    # ------------------------------------------------------------------ validation

    def check_field(self, name: str, value: object) -> None:
        """Raise ValidationError when ``value`` is not acceptable for field ``name``."""

    def cross_check(self) -> dict[str, str]:
        """Messages of rules between fields (field -> message), on the values as typed."""
        return {}

    def after_change(self, name: str) -> None:
        """Hook after a field changed and was checked."""

    def _changed(self, name: str) -> None:
        if self._loading:
            return
        self.dirty = True
        self.status.setText("")
        self.validate_field(name)
        self._show_cross()
        self.after_change(name)

    def validate_field(self, name: str) -> bool:
        try:
            self.check_field(name, self.value(name))
        except ValidationError as exc:
            self.errors[name].show_message(exc.message)
            return False
        self.errors[name].show_message("")
        return True

    def _show_cross(self) -> dict[str, str]:
        cross = self.cross_check()
        for name, message in cross.items():
            if not self.errors[name].text() or self.errors[name].property("cross"):
                self.errors[name].show_message(message)
                self.errors[name].setProperty("cross", True)
        for name, err in self.errors.items():
            if err.property("cross") and name not in cross:
                err.setProperty("cross", False)
                self.validate_field(name)
        return cross

    def validate_all(self) -> list[str]:
        bad = [name for name in self.fields if not self.validate_field(name)]
        for name in self.errors:
            self.errors[name].setProperty("cross", False)
        bad += [name for name in self._show_cross() if name not in bad]
        return bad

    def error_text(self, name: str) -> str:
        return self.errors[name].text()

    # ------------------------------------------------------------------ save / cancel

    def write(self) -> int:
        raise NotImplementedError

    def _refused(self, text: str) -> None:
        theme.apply(self.status, theme.ERROR_TEXT)
        self.status.setText(text)

    def save(self) -> bool:
        """Check every field; refuse with the messages beside the fields, else write. True if saved."""
        self.save_error.show_message("")
        bad = self.validate_all()
        if bad:
            self._refused(f"有 {len(bad)} 项需要修改，未保存")
            self.fields[bad[0]].setFocus()
            return False
        try:
            record_id = self.write()
        except FieldErrors as exc:
            for name, message in exc.errors.items():
                self.errors.get(name, self.save_error).show_message(message)
            self._refused("未保存")
            return False
        except UserError as exc:
            self.save_error.show_message(exc.message)
            self._refused("未保存")
            return False
        self.dirty = False
        theme.apply(self.status, theme.SUCCESS_TEXT)
        self.status.setText("已保存")
        self.saved.emit(record_id)
        self.accept()
        return True

    def reject(self) -> None:
        if self.dirty and not common.confirm(self, "放弃修改", "有未保存的修改，确定放弃并关闭吗？"):
            return
        super().reject()
