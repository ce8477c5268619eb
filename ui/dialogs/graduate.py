"""高校毕业生 in the person form: the tab listing the person's graduation records and the dialog that
adds or corrects one, each field checked as typed (:mod:`app.register.graduates`)."""

from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QLineEdit, QWidget

from app.core import codes
from app.core.dates import fmt
from app.register import graduates
from db.models import Graduate, Person
from ui.dialogs.household_edit import FieldsDialog
from ui.forms.common import DateEdit, code_combo, set_combo_data
from ui.forms.history import HistoryTab

HEADERS = ("毕业年份", "毕业院校", "专业", "学历", "困难家庭", "就业意愿", "去向落实日期", "去向")


class GraduateDialog(FieldsDialog):
    def __init__(self, person_id: int, graduate_id: int | None = None, parent: QWidget | None = None) -> None:
        person = Person.get_by_id(person_id)
        super().__init__(f"高校毕业生 — {person.name}", parent)
        self.person_id = person_id
        self.graduate_id = graduate_id
        self.year = QLineEdit()
        self.year.setPlaceholderText("如 2025")
        self.school = QLineEdit()
        self.major = QLineEdit()
        self.degree = code_combo(codes.DEGREE.values)
        self.hardship = code_combo(("否", "是"), blank=None)
        self.wants = code_combo(("是", "否"), blank=None)
        self.placed = DateEdit(None)
        self.placed.setPlaceholderText("空 = 未落实")
        self.destination = code_combo(codes.GRADUATE_DESTINATION.values)
        self.widgets: dict[str, QWidget] = {
            "grad_year": self.year,
            "school": self.school,
            "major": self.major,
            "degree": self.degree,
            "hardship": self.hardship,
            "wants_work": self.wants,
            "placed_on": self.placed,
            "destination": self.destination,
        }
        for name, widget in self.widgets.items():
            widget.setObjectName(f"field_{name}")
            required = "＊" if name == "grad_year" else ""
            self.add_field(name, graduates.LABELS[name] + required, widget)
            self.watch(name, widget, partial(self._check_field, name))
        if graduate_id is not None:
            g = Graduate.get_by_id(graduate_id)
            self.year.setText(str(g.grad_year))
            self.school.setText(g.school)
            self.major.setText(g.major)
            set_combo_data(self.degree, g.degree)
            set_combo_data(self.hardship, "是" if g.hardship else "否")
            set_combo_data(self.wants, "是" if g.wants_work else "否")
            self.placed.set_date(g.placed_on)
            set_combo_data(self.destination, g.destination)

    def _check_field(self, name: str) -> object:
        return graduates.validate_graduate_field(name, self.values()[name])

    def values(self) -> dict[str, object]:
        return {
            "grad_year": self.year.text(),
            "school": self.school.text(),
            "major": self.major.text(),
            "degree": self.degree.currentData(),
            "hardship": self.hardship.currentData(),
            "wants_work": self.wants.currentData(),
            "placed_on": self.placed.text(),
            "destination": self.destination.currentData(),
        }

    def apply(self) -> None:
        graduates.save_graduate(self.person_id, self.values(), self.graduate_id)


class GraduateTab(HistoryTab):
    headers = HEADERS

    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(person_id, parent)
        self.add_btn = self.add_button("新增…", self.add)
        self.edit_btn = self.add_button("修改…", self.edit_selected, needs_selection=True)
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
        self.reload()

    def reload(self) -> None:
        self.model.set_records(
            [
                (
                    g.id,
                    (
                        str(g.grad_year),
                        g.school,
                        g.major,
                        g.degree,
                        "是" if g.hardship else "否",
                        "是" if g.wants_work else "否",
                        fmt(g.placed_on),
                        g.destination,
                    ),
                )
                for g in graduates.graduates_of(self.person_id)
            ]
        )

    def add(self) -> GraduateDialog:
        dialog = GraduateDialog(self.person_id, None, self)
        self.run_dialog(dialog)
        return dialog

    def edit_selected(self) -> GraduateDialog | None:
        gid = self.selected_id()
        if gid is None:
            return None
        dialog = GraduateDialog(self.person_id, gid, self)
        self.run_dialog(dialog)
        return dialog

    def delete(self) -> bool:
        return self.delete_selected("高校毕业生记录", graduates.delete_graduate)
