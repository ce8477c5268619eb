"""站点信息: the station profile form, the staff list and the yearly star ratings with the exit rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.errors import FieldErrors, ValidationError
from app.station import profile as station
from ui import dialogs, theme
from ui.dialogs.station_staff import StaffDialog
from ui.errors import guard
from ui.forms.station_fields import (
    MULTILINE_FIELDS,
    PROFILE_SECTIONS,
    FieldEditor,
    make_editor,
    text_of,
)
from ui.models.staff_table import StaffTableModel
from ui.models.station_ratings import StarRatingModel
from ui.pages.base import PageSignals
from ui.widgets.tables import setup_table


# Profile fields shown as multi-line boxes.
class StationPage(QWidget):
    """站点信息."""

    profile_saved = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editors: dict[str, FieldEditor] = {}
        self.staff_dialog: StaffDialog | None = None
        self._loading = False
        self._dirty = False

        outer = QHBoxLayout(self)
        outer.setContentsMargins(12, 12, 12, 12)
        outer.setSpacing(12)
        outer.addWidget(self._build_profile(), 5)
        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(self._build_staff(), 3)
        right.addWidget(self._build_ratings(), 2)
        outer.addLayout(right, 6)

        QShortcut(QKeySequence.StandardKey.Save, self, self.save_profile).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        QShortcut(QKeySequence.StandardKey.New, self, self.add_staff).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        self.reload()

    # --- building ----------------------------------------------------------------------------
    def _build_profile(self) -> QWidget:
        group = QGroupBox("站点基本信息")
        layout = QVBoxLayout(group)
        inner = QWidget()
        inner_layout = QVBoxLayout(inner)
        inner_layout.setContentsMargins(0, 0, 6, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for number, (title, fields) in enumerate(PROFILE_SECTIONS):
            heading = QLabel(title)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            if number:
                heading.setContentsMargins(0, 8, 0, 0)
            form.addRow(heading)
            for field in fields:
                label, _parser = station.PROFILE_FIELDS[field]
                choices = codes.STATION_KIND.values if field == "kind" else None
                editor = make_editor(field, choices, multiline=field in MULTILINE_FIELDS)
                self.editors[field] = editor
                required = "＊" if field in station.PROFILE_REQUIRED else ""
                form.addRow(f"{label}{required}", editor.container())
                editor.connect_changed(lambda *_args, f=field: self._on_field_changed(f))
        inner_layout.addLayout(form)
        # The signing key's fingerprint, to be registered with the 街道/镇 or 区 (issue 16).
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setWordWrap(True)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner_layout.addWidget(self.fingerprint_label)
        inner_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)

        self.profile_status = QLabel()
        self.profile_status.setWordWrap(True)
        self.save_button = QPushButton("保存站点信息")
        self.save_button.setToolTip("Ctrl+S")
        self.revert_button = QPushButton("撤销修改")
        bar = QHBoxLayout()
        bar.addWidget(self.profile_status, 1)
        bar.addWidget(self.revert_button)
        bar.addWidget(self.save_button)
        layout.addLayout(bar)
        self.save_button.clicked.connect(self.save_profile)
        self.revert_button.clicked.connect(self._load_profile)
        return group

    def _build_staff(self) -> QWidget:
        group = QGroupBox("工作人员")
        layout = QVBoxLayout(group)
        bar = QHBoxLayout()
        self.add_staff_button = QPushButton("新增…")
        self.add_staff_button.setToolTip("Ctrl+N")
        self.edit_staff_button = QPushButton("编辑…")
        self.delete_staff_button = QPushButton("删除")
        self.staff_count = QLabel()
        bar.addWidget(self.add_staff_button)
        bar.addWidget(self.edit_staff_button)
        bar.addWidget(self.delete_staff_button)
        bar.addStretch(1)
        bar.addWidget(self.staff_count)
        layout.addLayout(bar)
        self.staff_model = StaffTableModel(self)
        self.staff_view = _table_view(self.staff_model)
        layout.addWidget(self.staff_view, 1)
        self.staffing_label = QLabel()
        self.staffing_label.setWordWrap(True)
        theme.apply(self.staffing_label, theme.PENDING_TEXT)
        layout.addWidget(self.staffing_label)
        self.add_staff_button.clicked.connect(self.add_staff)
        self.edit_staff_button.clicked.connect(self.edit_staff)
        self.delete_staff_button.clicked.connect(self.delete_staff)
        self.staff_view.doubleClicked.connect(lambda _index: self.edit_staff())
        self.staff_view.selectionModel().selectionChanged.connect(self._update_staff_buttons)
        self.staff_model.modelReset.connect(self._update_staff_buttons)
        return group

    def _build_ratings(self) -> QWidget:
        group = QGroupBox("年度考核星级")
        layout = QVBoxLayout(group)
        bar = QHBoxLayout()
        self.rating_year = QSpinBox()
        self.rating_year.setRange(2000, dt.date.today().year)
        self.rating_year.setValue(dt.date.today().year)
        self.rating_year.setSuffix(" 年度")
        self.rating_stars = QComboBox()
        for stars in sorted(station.STAR_NAMES, reverse=True):
            self.rating_stars.addItem(station.star_label(stars), stars)
        self.rating_note = QLineEdit()
        self.rating_note.setPlaceholderText("说明（可不填），如 区人社局发文号")
        self.save_rating_button = QPushButton("记录星级")
        self.delete_rating_button = QPushButton("删除所选")
        bar.addWidget(self.rating_year)
        bar.addWidget(self.rating_stars)
        bar.addWidget(self.rating_note, 1)
        bar.addWidget(self.save_rating_button)
        bar.addWidget(self.delete_rating_button)
        layout.addLayout(bar)
        self.rating_model = StarRatingModel(self)
        self.rating_view = _table_view(self.rating_model)
        self.rating_view.setMaximumHeight(150)
        layout.addWidget(self.rating_view)
        self.exit_label = QLabel()
        self.exit_label.setWordWrap(True)
        theme.apply(self.exit_label, theme.LOSS_TEXT)
        layout.addWidget(self.exit_label)
        rules = QLabel(
            "退出机制：存在下列情况之一的，将予以摘牌——"
            + "".join(f"{i}. {r}" for i, r in enumerate(station.EXIT_RULES, start=1))
        )
        rules.setWordWrap(True)
        theme.apply(rules, theme.NOTE_TEXT)
        layout.addWidget(rules)
        self.save_rating_button.clicked.connect(self.save_rating)
        self.delete_rating_button.clicked.connect(self.delete_rating)
        self.rating_view.selectionModel().selectionChanged.connect(self._on_rating_selected)
        return group

    # --- page contract -----------------------------------------------------------------------

    # ------------------------------------------------------------------ Page protocol

    REFRESHES_ON_SHOW: ClassVar[bool] = (
        False  # the main window calls reload() when the data changed meanwhile
    )

    def focus_filter(self) -> None:
        """No search field on this page."""

    def new_record(self) -> None:
        """No record to start from Ctrl+N on this page."""

    def window_signals(self) -> PageSignals:
        return PageSignals(title_changed=(self.profile_saved,))

    def reload(self) -> None:
        with guard(self):
            self._load_profile()
            self._reload_staff()
            self._reload_ratings()

    # --- profile -----------------------------------------------------------------------------
    def _load_profile(self) -> None:
        from app.station.signing import station_fingerprint

        self.fingerprint_label.setText(f"上报密钥指纹（向街道/镇、区登记）：{station_fingerprint()}")
        values = station.profile_values()
        self._loading = True
        try:
            for field, editor in self.editors.items():
                editor.set_text(text_of(values.get(field)))
                editor.show_error(None)
        finally:
            self._loading = False
        self._set_dirty(False)
        self._show_status("", theme.NOTE_TEXT)

    def profile_form_values(self) -> dict[str, str]:
        return {field: editor.text() for field, editor in self.editors.items()}

    def is_dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        self.revert_button.setEnabled(dirty)

    def _on_field_changed(self, field: str) -> None:
        if self._loading:
            return
        self._set_dirty(True)
        editor = self.editors[field]
        try:
            station.validate_profile_field(field, editor.text())
        except ValidationError as exc:
            editor.show_error(exc.message)
        else:
            editor.show_error(None)
        self._show_status("有未保存的修改", theme.PENDING_TEXT)

    def save_profile(self) -> bool:
        for editor in self.editors.values():
            editor.show_error(None)
        try:
            station.save_profile(self.profile_form_values())
        except FieldErrors as exc:
            for field, message in exc.errors.items():
                if field in self.editors:
                    self.editors[field].show_error(message)
            first = next(iter(exc.errors))
            if first in self.editors:
                self.editors[first].widget.setFocus()
            self._show_status(f"有 {len(exc.errors)} 处需要修改，未保存", theme.LOSS_TEXT)
            return False
        except Exception as exc:
            from ui.errors import show_error

            show_error(self, exc)
            return False
        self._load_profile()
        self._show_status(f"已保存（{dt.datetime.now():%H:%M:%S}）", theme.PASS_TEXT)
        self.profile_saved.emit()
        return True

    def _show_status(self, text: str, style: str) -> None:
        self.profile_status.setText(text)
        theme.apply(self.profile_status, style)

    # --- staff -------------------------------------------------------------------------------
    def _reload_staff(self) -> None:
        self.staff_model.reload()
        self.staff_view.resizeColumnsToContents()
        staff = station.list_staff()
        full_time = sum(1 for s in staff if s.nature == "专职")
        self.staff_count.setText(f"共 {len(staff)} 人，其中专职 {full_time} 人")
        notes = station.staffing_notes(dt.date.today(), staff)
        self.staffing_label.setText("\n".join(notes))
        self.staffing_label.setVisible(bool(notes))

    def selected_staff_id(self) -> int | None:
        rows = self.staff_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.staff_model.staff_id(rows[0].row())

    def _update_staff_buttons(self) -> None:
        has = self.selected_staff_id() is not None
        self.edit_staff_button.setEnabled(has)
        self.delete_staff_button.setEnabled(has)

    def add_staff(self) -> None:
        self._open_staff_dialog(None)

    def edit_staff(self) -> None:
        staff_id = self.selected_staff_id()
        if staff_id is not None:
            self._open_staff_dialog(staff_id)

    def _open_staff_dialog(self, staff_id: int | None) -> None:
        dialog = StaffDialog(self, staff_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _id: self._reload_staff())
        dialog.finished.connect(lambda _result: setattr(self, "staff_dialog", None))
        self.staff_dialog = dialog
        dialog.open()

    def delete_staff(self) -> None:
        staff_id = self.selected_staff_id()
        if staff_id is None:
            return
        row = self.staff_view.selectionModel().selectedRows()[0].row()
        name = self.staff_model.index(row, 0).data()
        if not dialogs.confirm(self, "删除工作人员", f"确定删除工作人员“{name}”吗？", yes="删除"):
            return
        with guard(self):
            station.delete_staff(staff_id)
        self._reload_staff()

    # --- star ratings ------------------------------------------------------------------------
    def _reload_ratings(self) -> None:
        self.rating_model.reload()
        self.rating_view.resizeColumnsToContents()
        warnings = station.exit_warnings(station.list_star_ratings())
        self.exit_label.setText("\n".join(f"⚠ {w}" for w in warnings))
        self.exit_label.setVisible(bool(warnings))
        self.delete_rating_button.setEnabled(False)

    def exit_warning_texts(self) -> list[str]:
        return station.exit_warnings(station.list_star_ratings())

    def save_rating(self) -> None:
        with guard(self):
            station.set_star_rating(
                self.rating_year.value(), self.rating_stars.currentData(), self.rating_note.text()
            )
            self.rating_note.clear()
        self._reload_ratings()

    def _on_rating_selected(self) -> None:
        rows = self.rating_view.selectionModel().selectedRows()
        self.delete_rating_button.setEnabled(bool(rows))
        if rows:
            year = self.rating_model.year(rows[0].row())
            rating = next((r for r in station.list_star_ratings() if r.year == year), None)
            if rating is not None:
                self.rating_year.setValue(rating.year)
                self.rating_stars.setCurrentIndex(self.rating_stars.findData(rating.stars))
                self.rating_note.setText(rating.note)

    def delete_rating(self) -> None:
        rows = self.rating_view.selectionModel().selectedRows()
        if not rows:
            return
        year = self.rating_model.year(rows[0].row())
        if year is None:
            return
        if not dialogs.confirm(self, "删除星级记录", f"确定删除 {year} 年度的星级记录吗？", yes="删除"):
            return
        with guard(self):
            station.delete_star_rating(year)
        self._reload_ratings()


def _table_view(model: Any) -> QTableView:
    return setup_table(QTableView(), model, sortable=True)  # the model's order until a click
