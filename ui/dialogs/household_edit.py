"""The household's own dialogs: 添加成员 (only what differs from the household is typed), 迁到其他户,
零就业家庭认定 (清零 shown from the members' work), each field checked as typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from app.core import codes
from app.core.errors import FieldErrors, UserError, ValidationError
from app.register import households, ledger
from db.models import Household, Person, ZeroFamily
from ui import theme
from ui.forms.common import DateEdit, code_combo
from ui.forms.history import RecordDialog


class FieldsDialog(RecordDialog):
    """A RecordDialog that spreads FieldErrors over the fields and checks fields as typed."""

    def show_error(self, exc: UserError) -> None:
        if isinstance(exc, FieldErrors):
            for name, message in exc.errors.items():
                (self.errors.get(name) or self.general_error).show_message(message)
        else:
            super().show_error(exc)

    def watch(self, name: str, widget: QWidget, check: Callable[[], object]) -> None:
        """Run ``check`` whenever ``widget`` changes; its ValidationError is shown beside the field."""

        def run() -> None:
            try:
                check()
            except ValidationError as exc:
                self.errors[name].show_message(exc.message)
                return
            self.errors[name].show_message("")

        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _t: run())
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _i: run())


class AddMemberDialog(FieldsDialog):
    """A new member of the household: 户编号, 住址, 网格 and 户籍类型 come from the household."""

    def __init__(self, household_id: int, parent: QWidget | None = None) -> None:
        hh = Household.get_by_id(household_id)
        super().__init__(f"添加家庭成员 — 户编号 {hh.code}", parent)
        self.household_id = household_id
        self.shared = households.shared_facts(household_id)
        shown = "　".join(
            f"{label}：{self.shared[key] or '—'}"
            for key, label in (("household_code", "户编号"), ("address", "住址"), ("grid", "网格"))
        )
        self.shared_note = QLabel(f"与本户相同，无需再填：{shown}")
        self.shared_note.setWordWrap(True)
        theme.apply(self.shared_note, theme.MUTED_TEXT)
        self.form.addRow(self.shared_note)
        self.id_edit = QLineEdit()
        self.id_edit.setPlaceholderText("18位身份证号")
        self.name_edit = QLineEdit()
        self.relation = code_combo(codes.RELATION.values)
        self.status = code_combo(codes.EMPLOYMENT_STATUS.values)
        self.phone = QLineEdit()
        self.survey = DateEdit(dt.date.today())
        for name, label, widget in (
            ("id_number", "身份证号＊", self.id_edit),
            ("name", "姓名＊", self.name_edit),
            ("relation", "与户主关系＊", self.relation),
            ("employment_status", "就业状态＊", self.status),
            ("phone", "联系电话", self.phone),
            ("survey_date", "调查日期＊", self.survey),
        ):
            widget.setObjectName(f"field_{name}")
            self.add_field(name, label, widget)
            if name == "relation":
                self.watch(
                    name, widget, lambda: households.check_relation(self.relation.currentData(), household_id)
                )
            else:
                self.watch(name, widget, partial(self._check_field, name))
        self.person: Person | None = None

    def _check_field(self, name: str) -> object:
        return ledger.validate_person_field(name, self.values()[name])

    def _check_relation(self) -> str:
        return households.check_relation(self.relation.currentData(), self.household_id)

    def values(self) -> dict[str, object]:
        return {
            "id_number": self.id_edit.text(),
            "name": self.name_edit.text(),
            "relation": self.relation.currentData(),
            "employment_status": self.status.currentData(),
            "phone": self.phone.text(),
            "survey_date": self.survey.text(),
        }

    def apply(self) -> None:
        self.person = households.add_member(self.household_id, self.values())


class MoveMemberDialog(FieldsDialog):
    """迁到其他户: the 户编号 (existing or new) and the relation there."""

    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        person = Person.get_by_id(person_id)
        super().__init__(f"迁到其他户 — {person.name}", parent)
        self.person_id = person_id
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("已有的户编号，或新的户编号（新立一户）")
        self.code_edit.setObjectName("field_household_code")
        self.relation = code_combo(codes.RELATION.values)
        self.relation.setObjectName("field_relation")
        self.add_field("household_code", "迁入户编号＊", self.code_edit)
        self.add_field("relation", "与新户主关系＊", self.relation)
        self.target_hint = QLabel("")
        theme.apply(self.target_hint, theme.MUTED_TEXT)
        self.form.addRow("", self.target_hint)
        self.code_edit.textChanged.connect(lambda _t: self._describe_target())

    def _describe_target(self) -> None:
        code = self.code_edit.text().strip()
        hh = Household.get_or_none(Household.code == code) if code else None
        if not code:
            self.target_hint.setText("")
        elif hh is None:
            self.target_hint.setText(f"户编号 {code} 尚无成员：将新立一户")
        else:
            n = Person.select().where(Person.household == hh.id).count()
            self.target_hint.setText(f"户编号 {code} 现有 {n} 人")

    def apply(self) -> None:
        households.move_member(self.person_id, self.code_edit.text(), self.relation.currentData())


def _check_zero_date(name: str, edit: DateEdit) -> object:
    return households.validate_zero_date(name, edit.text())


class ZeroFamilyDialog(FieldsDialog):
    """零就业家庭认定: 认定日期 and, when known, 清零日期 (empty: derived from the members' work)."""

    def __init__(self, household_id: int, zero_id: int | None = None, parent: QWidget | None = None) -> None:
        hh = Household.get_by_id(household_id)
        super().__init__(f"零就业家庭认定 — 户编号 {hh.code}", parent)
        self.household_id = household_id
        self.zero_id = zero_id
        row = ZeroFamily.get_by_id(zero_id) if zero_id is not None else None
        self.recognized = DateEdit(row.recognized_on if row is not None else None)
        self.recognized.setObjectName("field_recognized_on")
        self.cleared = DateEdit(row.cleared_on if row is not None else None)
        self.cleared.setObjectName("field_cleared_on")
        self.cleared.setPlaceholderText("空 = 按家庭成员最早就业日期推算")
        self.add_field("recognized_on", "认定日期＊", self.recognized)
        self.add_field("cleared_on", "清零日期", self.cleared)
        for name, edit in (("recognized_on", self.recognized), ("cleared_on", self.cleared)):
            self.watch(name, edit, partial(_check_zero_date, name, edit))

    def apply(self) -> None:
        households.save_zero_family(
            self.household_id, self.recognized.text(), self.cleared.text(), self.zero_id
        )
