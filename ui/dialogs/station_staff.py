"""The dialog that adds or edits one staff member (工作人员) of the station."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.errors import FieldErrors, UserError, ValidationError
from app.station import profile as station
from ui import theme

# Profile fields shown as multi-line boxes.
from ui.forms.station_fields import STAFF_PLACEHOLDERS, FieldEditor, error_label, make_editor, text_of


class StaffDialog(QDialog):
    """Add or edit one staff member; errors appear beside the fields."""

    saved = Signal(int)

    def __init__(self, parent: QWidget | None = None, staff_id: int | None = None) -> None:
        super().__init__(parent)
        self.staff_id = staff_id
        self.setWindowTitle("新增工作人员" if staff_id is None else "编辑工作人员")
        self.setMinimumWidth(460)
        self.editors: dict[str, FieldEditor] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for field, (label, _parser) in station.STAFF_FIELDS.items():
            choices: tuple[str, ...] | None = None
            if field == "nature":
                choices = codes.STAFF_NATURE.values
            elif field == "education":
                choices = ("", *codes.EDUCATION.values)
            editor = make_editor(field, choices, placeholders=STAFF_PLACEHOLDERS)
            self.editors[field] = editor
            required = "＊" if field in station.STAFF_REQUIRED else ""
            form.addRow(f"{label}{required}", editor.container())
            editor.connect_changed(lambda *_args, f=field: self._validate(f))
            if field == "started_service_on":
                self.years_label = QLabel()
                theme.apply(self.years_label, theme.NOTE_TEXT)
                form.addRow("工作年限", self.years_label)
        self.message = error_label()
        self.save_button = QPushButton("保存")
        self.save_button.setDefault(True)
        self.cancel_button = QPushButton("取消")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

        if staff_id is not None:
            from db.models import Staff

            staff = Staff.get_or_none(Staff.id == staff_id)
            if staff is not None:
                for field, editor in self.editors.items():
                    editor.set_text(text_of(getattr(staff, field)))
        self._update_years()

    def values(self) -> dict[str, str]:
        return {field: editor.text() for field, editor in self.editors.items()}

    def _validate(self, field: str) -> None:
        editor = self.editors[field]
        try:
            station.validate_staff_field(field, editor.text())
        except ValidationError as exc:
            editor.show_error(exc.message)
        else:
            editor.show_error(None)
        if field == "started_service_on":
            self._update_years()

    def _update_years(self) -> None:
        try:
            start = station.validate_staff_field(
                "started_service_on", self.editors["started_service_on"].text()
            )
        except ValidationError:
            start = None
        if start is None:
            self.years_label.setText("填写起始日期后自动计算")
            return
        from db.models import Staff

        years = station.experience_years(Staff(started_service_on=start), dt.date.today())
        self.years_label.setText(f"{years} 年（截至今天）")

    def save(self) -> None:
        self.message.hide()
        for editor in self.editors.values():
            editor.show_error(None)
        try:
            staff = station.save_staff(self.values(), self.staff_id)
        except FieldErrors as exc:
            for field, message in exc.errors.items():
                if field in self.editors:
                    self.editors[field].show_error(message)
            return
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc)
            return
        self.staff_id = staff.id
        self.saved.emit(staff.id)
        self.accept()


# ------------------------------------------------------------------------------------------ page
