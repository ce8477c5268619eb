"""岗位 form: every column of the 岗位 sheet, validated as you type (招聘人数 at least 1, 薪酬下限 not above
薪酬上限, 有效期至 not before 收集日期, phone format …) with the message beside the field, and a live
line saying which required elements (工作时间, 招聘要求, 薪酬待遇, 联系人, 联系电话) are still missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLabel, QWidget

from app.core import codes
from app.core.dates import parse_date
from app.core.errors import ValidationError
from app.jobs import vacancies as jobs
from db.models import Employer, Vacancy
from ui import theme
from ui.dialogs.jobs_formbase import RecordForm
from ui.widgets.screen import fit_size

TEXT_FIELDS = ("hours", "requirements", "pay_text", "contact", "phone", "location", "channels")


class VacancyForm(RecordForm):
    """Create (vacancy_id None) or edit one vacancy. ``employer_id``: preselected employer."""

    def __init__(
        self, vacancy_id: int | None = None, parent: QWidget | None = None, employer_id: int | None = None
    ) -> None:
        super().__init__("新增岗位" if vacancy_id is None else "岗位信息", parent)
        self.vacancy_id = vacancy_id
        self.elements = QLabel()
        self.elements.setObjectName("elements_label")
        self.top.addWidget(self.elements)

        self.add_line("code", "岗位编号＊", width=160)
        self._employers: dict[str, int] = {}
        self.employer_combo = self._employer_combo()
        self.add_line("title", "岗位名称＊", "如 保洁员、仓库管理员")
        self.add_combo("kind", "岗位类型＊", codes.VACANCY_KIND.values, blank=None)
        self.add_line("headcount", "招聘人数＊", "至少 1 人", width=100)
        self.add_line("hours", "工作时间", "如 8:00-17:00，月休4天", width=320)
        self.add_text("requirements", "招聘要求", "如 18-45岁，初中及以上，身体健康")
        self.add_line("pay_text", "薪酬待遇", "如 4500-6000元/月，包午餐", width=320)
        self.add_line("pay_min", "薪酬下限（元/月）", "用于匹配", width=120)
        self.add_line("pay_max", "薪酬上限（元/月）", "用于匹配", width=120)
        self.add_line("contact", "联系人")
        self.add_line("phone", "联系电话", "手机或座机")
        self.add_line("location", "工作地点", "写明网格/村便于就近匹配", width=320)
        self.add_line("collected_on", "收集日期＊", "如 2026-05-01", width=140)
        self.add_combo("collect_method", "收集方式", codes.COLLECT_METHOD.values)
        self.add_line("channels", "发布渠道", "如 公告栏、微信群；空 = 未发布", width=320)
        self.add_line("valid_until", "有效期至", "空 = 招满为止", width=140)
        self.add_combo("status", "状态", codes.VACANCY_STATUS.values, blank=None)
        fit_size(self, 860, 720)

        if vacancy_id is not None:
            v = Vacancy.get_by_id(vacancy_id)
            values: dict[str, Any] = {name: getattr(v, name) for name in self.fields if name != "employer_id"}
            self.load_values(values)
            self._loading = True
            self.employer_combo.setCurrentText(Employer.get_by_id(v.employer_id).name)
            self._loading = False
            self.setWindowTitle(f"岗位信息 — {v.code} {v.title}")
        else:
            self.load_values(
                {
                    "code": jobs.next_vacancy_code(),
                    "collected_on": dt.date.today(),
                    "status": codes.VACANCY_STATUS_DEFAULT,
                    "headcount": 1,
                }
            )
            if employer_id is not None:
                employer = Employer.get_or_none(Employer.id == employer_id)
                if employer is not None:
                    self.employer_combo.setCurrentText(employer.name)
                    self._fill_contact(employer_id)
                    self.dirty = False
        self._update_elements()

    def _employer_combo(self) -> QComboBox:
        combo = QComboBox()
        combo.setEditable(True)
        combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        edit = combo.lineEdit()
        assert edit is not None  # an editable combo has its line edit
        edit.setPlaceholderText("输入单位名称的一部分可查找")
        for eid, name, _kind, _n in jobs.list_employers():
            combo.addItem(name, eid)
            self._employers[name] = eid
        combo.setCurrentIndex(-1)
        completer = QCompleter(list(self._employers), combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        combo.setCompleter(completer)
        combo.editTextChanged.connect(lambda _t: self._changed("employer_id"))
        self._add("employer_id", "用人单位＊", combo, combo.currentText, 320)
        return combo

    # ------------------------------------------------------------------ values and rules

    def employer_choice(self) -> dict[str, object]:
        name = self.employer_combo.currentText().strip()
        eid = self._employers.get(name)
        return {"employer_id": eid} if eid is not None else {"employer_name": name}

    def values(self) -> dict[str, object]:
        out = {name: self.value(name) for name in self.fields if name != "employer_id"}
        out.update(self.employer_choice())
        return out

    def check_field(self, name: str, value: object) -> None:
        if name == "employer_id":
            text = str(value).strip()
            if not text:
                raise ValidationError("请选择用人单位")
            if text not in self._employers:
                raise ValidationError(f"用人单位“{text}”不存在，请先在用人单位中登记")
            return
        jobs.validate_vacancy_field(name, value)

    def _parsed(self, name: str) -> Any:
        try:
            return jobs.validate_vacancy_field(name, self.value(name))
        except ValidationError:
            return None

    def cross_check(self) -> dict[str, str]:
        out: dict[str, str] = {}
        lo, hi = self._parsed("pay_min"), self._parsed("pay_max")
        if lo is not None and hi is not None and lo > hi:
            out["pay_max"] = f"薪酬上限 {hi} 低于薪酬下限 {lo}"
        try:
            start = parse_date(self.value("collected_on"), "收集日期")
            until = parse_date(self.value("valid_until"), "有效期至")
        except ValidationError:
            return out
        if start is not None and until is not None and until < start:
            out["valid_until"] = f"有效期至 {until} 早于收集日期 {start}"
        return out

    def after_change(self, name: str) -> None:
        if name == "employer_id":
            eid = self._employers.get(self.employer_combo.currentText().strip())
            if eid is not None:
                self._fill_contact(eid)
        self._update_elements()

    def _fill_contact(self, employer_id: int) -> None:
        """Take 联系人/联系电话 from the employer when still empty."""
        employer = Employer.get_or_none(Employer.id == employer_id)
        if employer is None:
            return
        for field in ("contact", "phone"):
            if not str(self.value(field)).strip() and getattr(employer, field):
                self.set_value(field, getattr(employer, field))

    def missing(self) -> list[str]:
        return jobs.missing_elements({f: self.value(f) for f in TEXT_FIELDS})

    def _update_elements(self) -> None:
        missing = self.missing()
        if missing:
            theme.apply(self.elements, theme.text_style(theme.ERROR, bold=True))
            self.elements.setText(f"岗位要素缺：{'、'.join(missing)}（可先保存，发布前补齐）")
        else:
            theme.apply(self.elements, theme.text_style(theme.SUCCESS, bold=True))
            self.elements.setText("岗位要素齐全")

    def write(self) -> int:
        return jobs.save_vacancy(self.values(), self.vacancy_id).id
