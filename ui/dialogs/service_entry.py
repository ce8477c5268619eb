"""Fast entry of service records (服务记录), keyboard only.

Single entry: Tab or Enter move through 服务日期 (default today) / 服务类型 / 服务方式 / 服务内容 / 服务结果 /
经办人 / 下次跟进日期; Enter on the last field or Ctrl+S saves. 服务类型, 服务方式 and 经办人 are remembered
from the last entry. Batch mode walks a list of people (e.g. every 就业困难人员 not contacted this month):
Enter confirms the current person and moves on, S skips; each confirmed entry is its own transaction, so
closing the dialog halfway keeps exactly what was confirmed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import casework
from app.core import codes
from app.core.errors import FieldErrors, UserError, ValidationError
from app.core.idcard import mask_id
from db.models import Person, Service
from ui import theme
from ui.forms.common import DateEdit, ErrorLabel, beside, code_combo, set_combo_data
from ui.widgets.person_picker import PersonPicker
from ui.widgets.shortcuts import add_shortcut

DEFAULT_CONTENT = {
    "跟踪回访": "电话联系，了解就业情况和需求",
    "政策宣介": "宣传就业创业扶持政策",
    "职业指导": "职业指导，分析求职方向",
    "岗位推荐": "推荐合适岗位",
    "档案服务": "办理档案服务",
    "上门走访": "上门走访，了解家庭和就业情况",
}
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ServiceEntryDialog(QDialog):
    """Record (or, with ``service_id``, edit) services; ``person_ids`` of two or more is a batch round."""

    saved = Signal(int)  # service id, after each successful write

    def __init__(
        self,
        person_ids: Sequence[int] | None = None,
        parent: QWidget | None = None,
        *,
        service_id: int | None = None,
        kind: str = "",
        mode: str = "",
        title: str = "",
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.today = today or dt.date.today()
        self.service_id = service_id
        self.person_ids = list(person_ids or [])
        self.batch: casework.ServiceBatch | None = None
        self.saved_ids: list[int] = []
        defaults = casework.entry_defaults()
        self.setMinimumWidth(640)

        self.picker = PersonPicker(include_left=False)
        self.person_edit = self.picker.edit
        self.person_label = QLabel()
        self.person_label.setObjectName("person_label")
        theme.apply(self.person_label, theme.SUBTITLE)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progress_label")

        self.served_on = DateEdit(self.today)
        self.picker.chosen.connect(lambda _pid: self.served_on.setFocus())
        self.kind = code_combo(codes.SERVICE_TYPE.values, blank=None)
        self.mode = code_combo(codes.SERVICE_MODE.values)
        self.content = QLineEdit()
        self.result_edit = QLineEdit()
        self.result_edit.setPlaceholderText("如：已联系，暂无求职意向")
        self.staff = QComboBox()
        self.staff.setEditable(True)
        self.staff.addItems(["", *casework.staff_names()])
        self.next_follow_up = DateEdit(None)
        self.next_follow_up.setPlaceholderText("可不填")
        set_combo_data(self.kind, kind or defaults["kind"] or "跟踪回访")
        set_combo_data(self.mode, mode or defaults["mode"])
        self.staff.setEditText(defaults["staff"])
        self.content.setText(DEFAULT_CONTENT.get(self.kind.currentData(), ""))
        self.kind.currentIndexChanged.connect(self._kind_changed)

        self.errors: dict[str, ErrorLabel] = {}
        form = QFormLayout()
        self.fields: list[QWidget] = []
        rows: list[tuple[str, str, QWidget]] = [
            ("served_on", "服务日期＊", self.served_on),
            ("kind", "服务类型＊", self.kind),
            ("mode", "服务方式", self.mode),
            ("content", "服务内容＊", self.content),
            ("result", "服务结果", self.result_edit),
            ("staff", "经办人", self.staff),
            ("next_follow_up", "下次跟进日期", self.next_follow_up),
        ]
        self.errors["person"] = ErrorLabel()
        if len(self.person_ids) == 0 and service_id is None:
            form.addRow("服务对象＊", self.picker)
            form.addRow("", self.errors["person"])
        for name, label, widget in rows:
            err = ErrorLabel()
            err.setObjectName(f"error_{name}")
            self.errors[name] = err
            form.addRow(label, beside(widget, err))
            self.fields.append(widget)
        for w in self.fields:
            w.installEventFilter(self)

        self.status = QLabel()
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.skip_button = QPushButton("跳过 (S)")
        self.close_button = QPushButton("关闭")
        for b in (self.save_button, self.skip_button, self.close_button):
            b.setAutoDefault(False)
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.skip_button.clicked.connect(lambda _c=False: self.skip())
        self.close_button.clicked.connect(lambda _c=False: self.reject())
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.skip_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)

        lay = QVBoxLayout(self)
        lay.addWidget(self.person_label)
        lay.addWidget(self.progress_label)
        lay.addLayout(form)
        if self.person_ids or service_id is not None:
            lay.addWidget(self.errors["person"])  # a person who left the register meanwhile
        lay.addLayout(buttons)
        add_shortcut(self, "Ctrl+S", self.save)
        self.skip_shortcut = add_shortcut(self, "S", self.skip)

        if service_id is not None:
            self._load_service(service_id)
            self.setWindowTitle(title or "编辑服务记录")
        elif len(self.person_ids) > 1:
            self.batch = casework.ServiceBatch(self.person_ids, {}, self.today)
            self.save_button.setText("确认并下一位 (Enter)")
            self.setWindowTitle(title or "批量录入服务记录")
            # The round starts on the confirm button: one Tab goes into the fields (服务日期 first).
            chain = [self.save_button, *self.fields, self.skip_button, self.close_button]
            for first, second in itertools.pairwise(chain):
                QWidget.setTabOrder(first, second)
        else:
            self.setWindowTitle(title or "记录服务")
        self.skip_button.setVisible(self.batch is not None)
        self.skip_shortcut.setEnabled(self.batch is not None)
        self._show_current()

    # ------------------------------------------------------------------ people

    def _person_text(self, person_id: int) -> str:
        p = Person.get_or_none(Person.id == person_id)
        if p is None:
            return "（该人员已不在台账中）"
        phone = f"  电话 {p.phone}" if p.phone else ""
        return f"{p.name}  {mask_id(p.id_number)}{phone}"

    def current_person(self) -> int | None:
        if self.batch is not None:
            return self.batch.current
        if self.person_ids:
            return self.person_ids[0]
        return None

    def _show_current(self) -> None:
        pid = self.current_person()
        if self.batch is not None:
            if pid is None:
                self.person_label.setText("本轮已全部处理完毕")
                self.progress_label.setText(self.batch.summary())
                return
            self.person_label.setText(self._person_text(pid))
            self.progress_label.setText(
                f"第 {self.batch.position + 1} / {self.batch.total} 人　{self.batch.summary()}"
            )
            self.save_button.setFocus()  # Enter confirms, S skips; Tab goes into the fields
        elif pid is not None:
            self.person_label.setText(self._person_text(pid))
            self.progress_label.setVisible(False)
            self.served_on.setFocus()
        else:
            self.person_label.setVisible(False)
            self.progress_label.setVisible(False)
            self.person_edit.setFocus()

    def _load_service(self, service_id: int) -> None:
        values = casework.service_values(service_id)
        self.person_ids = [values["person_id"]]
        self.served_on.set_date(values["served_on"])
        set_combo_data(self.kind, values["kind"])
        set_combo_data(self.mode, values["mode"])
        self.content.setText(values["content"])
        self.result_edit.setText(values["result"])
        self.staff.setEditText(values["staff"])
        self.next_follow_up.set_date(values["next_follow_up"])

    def _kind_changed(self) -> None:
        # Replace the content only while it is still one of the suggested texts.
        if self.content.text() in ("", *DEFAULT_CONTENT.values()):
            self.content.setText(DEFAULT_CONTENT.get(self.kind.currentData(), ""))

    # ------------------------------------------------------------------ keyboard

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)):
            return super().eventFilter(watched, event)
        if event.key() == Qt.Key.Key_S and event.modifiers() == Qt.KeyboardModifier.ControlModifier:
            self.save()  # reached only when the Ctrl+S shortcut did not fire (window not active)
            return True
        if event.key() in _ENTER_KEYS:
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier or self.batch is not None:
                self.save()
                return True
            if watched is self.fields[-1]:
                self.save()
            else:
                self.focusNextChild()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.batch is not None and event.key() in _ENTER_KEYS:
            self.save()
            return
        # S from a button or combo (text fields keep their letters); the QShortcut covers the rest.
        if self.batch is not None and event.key() == Qt.Key.Key_S and not event.modifiers():
            self.skip()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ saving

    def values(self) -> dict[str, object]:
        return {
            "served_on": self.served_on.text(),
            "kind": self.kind.currentData(),
            "mode": self.mode.currentData(),
            "content": self.content.text(),
            "result": self.result_edit.text(),
            "staff": self.staff.currentText(),
            "next_follow_up": self.next_follow_up.text(),
        }

    def _clear_errors(self) -> None:
        for err in self.errors.values():
            err.show_message("")
        theme.apply(self.status, theme.PLAIN)
        self.status.setText("")

    def _show_errors(self, exc: UserError) -> None:
        errors = (
            exc.errors
            if isinstance(exc, FieldErrors)
            else {getattr(exc, "field", None) or "person": exc.message}
        )
        first: QWidget | None = None
        for name, message in errors.items():
            label = self.errors.get(name) or self.errors["person"]
            label.show_message(message)
            if first is None:
                first = {
                    "served_on": self.served_on,
                    "kind": self.kind,
                    "mode": self.mode,
                    "content": self.content,
                    "next_follow_up": self.next_follow_up,
                    "person": self.person_edit,
                }.get(name)
        theme.apply(self.status, theme.ERROR_TEXT)
        self.status.setText("未保存")
        if first is not None and first.isVisible():
            first.setFocus()

    def save(self) -> bool:
        """Write the entry (a batch: for the current person, then move on). True when written."""
        self._clear_errors()
        values = self.values()
        try:
            if self.batch is not None:
                if self.batch.done:
                    self.accept()
                    return False
                service: Service = self.batch.confirm(values)
            elif self.service_id is not None:
                service = casework.update_service(
                    self.service_id, {**values, "person_id": self.person_ids[0]}, self.today
                )
            else:
                pid = self.current_person()
                if pid is None:
                    pid = self.picker.selected_id()
                if pid is None and len(self.picker.hits()) > 1:
                    raise ValidationError(
                        f"找到 {len(self.picker.hits())} 人，请按 ↓ 在列表中选择服务对象", field="person"
                    )
                if pid is None:  # typed but not chosen: a full ID number or a unique name
                    pid = casework.resolve_person(self.person_edit.text()).id
                service = casework.add_service({**values, "person_id": pid}, self.today)
        except (FieldErrors, ValidationError, UserError) as exc:
            self._show_errors(exc)
            return False
        casework.remember_defaults(
            str(values["kind"] or ""), str(values["mode"] or ""), str(values["staff"] or "")
        )
        self.saved_ids.append(service.id)
        self.saved.emit(service.id)
        if self.batch is not None:
            self.result_edit.clear()
            self._show_current()
            if self.batch.done:
                self.status.setText(self.batch.summary())
                self.accept()
        else:
            self.accept()
        return True

    def skip(self) -> None:
        if self.batch is None or self.batch.done:
            return
        self._clear_errors()
        self.batch.skip()
        self._show_current()
        if self.batch.done:
            self.accept()
