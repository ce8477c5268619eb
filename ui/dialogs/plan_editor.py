"""The 一人一策 plan editor: 制定日期, 帮扶等级, 帮扶目标, 帮扶措施, 责任人, 复核日期; Ctrl+S saves, each
message beside its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import casework
from app.core import codes
from app.core.errors import FieldErrors, UserError
from db.models import Person, ServicePlan
from ui.forms.common import DateEdit, ErrorLabel, beside, code_combo, set_combo_data
from ui.widgets.shortcuts import add_shortcut


class PlanEditorDialog(QDialog):
    saved = Signal(int)  # plan id

    def __init__(
        self,
        person_id: int,
        plan_id: int | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.plan_id = plan_id
        self.today = today or dt.date.today()
        person = Person.get_or_none(Person.id == person_id)
        name = person.name if person is not None else ""
        self.setWindowTitle(f"一人一策 — {name}")
        self.setMinimumWidth(640)

        self.made_on = DateEdit(None)
        self.level = code_combo(codes.SERVICE_LEVEL.values)
        self.goal = QPlainTextEdit()
        self.goal.setTabChangesFocus(True)
        self.goal.setFixedHeight(64)
        self.goal.setPlaceholderText("如：三个月内实现稳定就业")
        self.measures = QPlainTextEdit()
        self.measures.setTabChangesFocus(True)
        self.measures.setFixedHeight(96)
        self.measures.setPlaceholderText("如：每月电话联系；推荐保洁、保安类岗位；推荐参加家政服务培训")
        self.responsible = QComboBox()
        self.responsible.setEditable(True)
        self.responsible.addItems(["", *casework.staff_names()])
        self.review_on = DateEdit(None)
        self.review_on.setPlaceholderText("可不填")

        self.errors: dict[str, ErrorLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("made_on", "制定日期＊", self.made_on),
            ("level", "帮扶等级", self.level),
            ("goal", "帮扶目标＊", self.goal),
            ("measures", "帮扶措施＊", self.measures),
            ("responsible", "责任人", self.responsible),
            ("review_on", "复核日期", self.review_on),
        ):
            err = ErrorLabel()
            err.setObjectName(f"error_{key}")
            self.errors[key] = err
            form.addRow(label, beside(widget, err, 320))
        self.general_error = ErrorLabel()
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        cancel = QPushButton("取消")
        cancel.clicked.connect(lambda _c=False: self.reject())
        row = QHBoxLayout()
        row.addWidget(self.general_error, 1)
        row.addWidget(self.save_button)
        row.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(f"帮扶对象：{name}"))
        lay.addLayout(form)
        lay.addLayout(row)
        add_shortcut(self, "Ctrl+S", self.save)
        self._load()
        self.made_on.setFocus()

    def _load(self) -> None:
        plan = ServicePlan.get_or_none(ServicePlan.id == self.plan_id) if self.plan_id is not None else None
        if plan is not None:
            values: dict[str, Any] = {
                "made_on": plan.made_on,
                "level": plan.level,
                "goal": plan.goal,
                "measures": plan.measures,
                "responsible": plan.responsible,
                "review_on": plan.review_on,
            }
        else:
            values = casework.plan_defaults(self.person_id, self.today)
        self.made_on.set_date(values["made_on"])
        set_combo_data(self.level, values["level"] or "")
        self.goal.setPlainText(values["goal"])
        self.measures.setPlainText(values["measures"])
        self.responsible.setEditText(values["responsible"])
        self.review_on.set_date(values["review_on"])

    def values(self) -> dict[str, object]:
        return {
            "made_on": self.made_on.text(),
            "level": self.level.currentData(),
            "goal": self.goal.toPlainText(),
            "measures": self.measures.toPlainText(),
            "responsible": self.responsible.currentText(),
            "review_on": self.review_on.text(),
        }

    def save(self) -> bool:
        for err in self.errors.values():
            err.show_message("")
        self.general_error.show_message("")
        try:
            plan = casework.save_plan(self.person_id, self.values(), self.plan_id, self.today)
        except FieldErrors as exc:
            for key, message in exc.errors.items():
                (self.errors.get(key) or self.general_error).show_message(message)
            return False
        except UserError as exc:
            self.general_error.show_message(exc.message)
            return False
        self.plan_id = plan.id
        self.saved.emit(plan.id)
        self.accept()
        return True
