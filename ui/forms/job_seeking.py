"""The person form's 求职登记 tab: the person's job-seeking registrations (登记日期, 求职意向, 期望薪资,
求职地区, 用工形式, 职业指导 / 职业介绍 次数) with 新增 / 修改 / 删除. Every write goes through
:mod:`app.register.seeking`; a bad field is shown beside it and the dialog stays open."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from app.core import codes
from app.core.dates import fmt
from app.core.errors import FieldErrors, UserError
from app.register import seeking
from db.models import JobSeeking
from ui.forms.common import code_combo, set_combo_data
from ui.forms.history import HistoryTab, RecordDialog


class JobSeekingDialog(RecordDialog):
    """New (``seeking_id`` None) or edit one 求职登记 of a person."""

    def __init__(self, person_id: int, seeking_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__("新增求职登记" if seeking_id is None else "修改求职登记", parent)
        self.person_id = person_id
        self.seeking_id = seeking_id
        row = JobSeeking.get_by_id(seeking_id) if seeking_id is not None else None
        self.registered_on = self.add_date(
            "registered_on", "登记日期", row.registered_on if row else dt.date.today(), True
        )
        self.intention = QLineEdit(row.intention if row else "")
        self.intention.setPlaceholderText("想找的工作、工种，如 保洁、保安")
        self.add_field("intention", "求职意向", self.intention)
        self.expected_pay = QLineEdit(
            "" if row is None or row.expected_pay is None else str(row.expected_pay)
        )
        self.expected_pay.setPlaceholderText("元/月，整数")
        self.add_field("expected_pay", "期望薪资", self.expected_pay)
        self.area = code_combo(codes.JOB_AREA.values)
        self.add_field("area", "求职地区", self.area)
        self.work_form = code_combo(codes.WORK_FORM.values)
        self.add_field("work_form", "用工形式", self.work_form)
        self.guidance = self._count(row.guidance_count if row else 0)
        self.add_field("guidance_count", "职业指导次数", self.guidance)
        self.introduction = self._count(row.introduction_count if row else 0)
        self.add_field("introduction_count", "职业介绍次数", self.introduction)
        if row is not None:
            set_combo_data(self.area, row.area)
            set_combo_data(self.work_form, row.work_form)

    @staticmethod
    def _count(value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 999)
        spin.setValue(value)
        return spin

    def values(self) -> dict[str, object]:
        return {
            "registered_on": self.registered_on.text(),
            "intention": self.intention.text(),
            "expected_pay": self.expected_pay.text(),
            "area": self.area.currentData(),
            "work_form": self.work_form.currentData(),
            "guidance_count": self.guidance.value(),
            "introduction_count": self.introduction.value(),
        }

    def precheck(self) -> bool:
        return self._check_date("registered_on", self.registered_on, "登记日期", True)

    def apply(self) -> None:
        seeking.save_job_seeking(self.person_id, self.values(), self.seeking_id)

    def show_error(self, exc: UserError) -> None:
        """Each field's message beside it (the save names every bad field at once)."""
        if not isinstance(exc, FieldErrors):
            super().show_error(exc)
            return
        for name, message in exc.errors.items():
            target = self.errors.get(name)
            if target is not None:
                target.show_message(message)
            else:
                self.general_error.show_message(message)


class JobSeekingTab(HistoryTab):
    headers = ("登记日期", "求职意向", "期望薪资", "求职地区", "用工形式", "职业指导次数", "职业介绍次数")

    def __init__(self, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(person_id, parent)
        self.add_btn = self.add_button("新增求职登记…", self.add)
        self.edit_btn = self.add_button("修改…", self.edit_selected, needs_selection=True)
        self.delete_btn = self.add_button("删除", self.delete, needs_selection=True)
        self.buttons.addStretch(1)
        self.view.activated.connect(lambda _i: self.edit_selected())
        self.reload()

    def reload(self) -> None:
        self.model.set_records(
            [
                (
                    r.id,
                    (
                        fmt(r.registered_on),
                        r.intention,
                        "" if r.expected_pay is None else str(r.expected_pay),
                        r.area,
                        r.work_form,
                        str(r.guidance_count),
                        str(r.introduction_count),
                    ),
                )
                for r in seeking.job_seekings(self.person_id)
            ]
        )

    def add(self) -> JobSeekingDialog:
        dlg = JobSeekingDialog(self.person_id, None, self)
        self.run_dialog(dlg)
        return dlg

    def edit_selected(self) -> JobSeekingDialog | None:
        sid = self.selected_id()
        if sid is None:
            return None
        dlg = JobSeekingDialog(self.person_id, sid, self)
        self.run_dialog(dlg)
        return dlg

    def delete(self) -> bool:
        return self.delete_selected("求职登记", seeking.delete_job_seeking)
