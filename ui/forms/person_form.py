"""The person form (人员信息): every field of ``app.ledger.PERSON_FIELDS``, validated as you type with the
Chinese message beside the field, the derived facts read-only, the 六清 group, and the history tabs.

Save (Ctrl+S) refuses while any field is invalid; Esc cancels and asks first when something changed.

Why this module is over 600 lines: it is one form whose groups, derived facts, region warning and save
flow all work on the same field widgets; its history tabs already live in :mod:`ui.forms.history`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import codes, regions
from app.core.errors import FieldErrors, UserError, ValidationError
from app.core.idcard import parse_id
from app.register import ledger
from app.register.listing import derived_facts
from db.models import Person
from ui import theme
from ui.dialogs.graduate import GraduateTab
from ui.forms import common
from ui.forms.common import ErrorLabel, beside, code_combo, set_combo_data
from ui.forms.history import EmploymentTab, RecognitionTab, RegistrationTab
from ui.forms.job_seeking import JobSeekingTab
from ui.models.audit_table import last_change_text
from ui.models.history import RecordTableModel
from ui.widgets.screen import fit_size
from ui.widgets.shortcuts import add_shortcut
from ui.widgets.tables import setup_table

if TYPE_CHECKING:
    from ui.household import HouseholdDialog

# Field kinds (how the widget is made and read). Everything not listed is a one-line text field.
CODE_FIELDS: dict[str, codes.CodeList] = {
    "relation": codes.RELATION,
    "hukou_type": codes.HUKOU,
    "education": codes.EDUCATION,
    "labor_ability": codes.LABOR_ABILITY,
    "employment_status": codes.EMPLOYMENT_STATUS,
    "desired_job_kind": codes.VACANCY_KIND,
    "hukou_nature": codes.HUKOU_NATURE,
    "ethnicity": codes.ETHNICITY,
    "skill_level": codes.SKILL_LEVEL,
}
SUGGEST_FIELDS: dict[str, codes.OpenList] = {
    "unemployment_reason": codes.UNEMPLOYMENT_REASON,
    "family_situation": codes.FAMILY_SITUATION,
    "social_security": codes.SOCIAL_SECURITY,
    "person_category": codes.PERSON_CATEGORY,
}
YES_NO_FIELDS = ("wants_work", "training_need", "disabled", "veteran")
# Several values of a code list, one check box each (stored canonical by app.core.fields.code_set).
SET_FIELDS: dict[str, codes.CodeList] = {"insurance": codes.INSURANCE}
DATE_FIELDS = ("survey_date",)

# Layout: (group title, fields). 就业状况 of the 六清 is 就业状态 + 就业单位.
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("基本信息", ("id_number", "name", "phone")),
    ("户籍与住址", ("household_code", "relation", "hukou_type", "hukou_nature", "address", "grid")),
    (
        "六清",
        (
            "unemployment_reason",
            "family_situation",
            "job_intention",
            "skills",
            "employment_status",
            "employer",
            "social_security",
        ),
    ),
    (
        "就业与培训意愿",
        (
            "education",
            "labor_ability",
            "wants_work",
            "desired_job_kind",
            "expected_pay",
            "training_need",
            "training_intention",
            "disabled",
            "female_retire_base",
        ),
    ),
    (
        "身份、技能与参保",
        (
            "ethnicity",
            "person_category",
            "employment_card",
            "veteran",
            "skill_level",
            "certificate",
            "major",
            "insurance",
        ),
    ),
    ("调查", ("survey_date", "surveyor", "note")),
)
SIX_CLEAR_LABELS = {"employment_status": "就业状况", "employer": "就业单位"}
# Fields that the consequences of a new employment (history tab) may change in the database.
HISTORY_FIELDS = ("employment_status", "employer")


class PersonForm(QDialog):
    """Create (person_id None) or edit one person."""

    saved = Signal(int)  # person id, after every successful save

    def __init__(self, person_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.person_id = person_id
        self.dirty = False
        self._loading = False
        self.current_form: PersonForm | None = None
        self.current_household: HouseholdDialog | None = None
        self._loaded: dict[str, object] = {}  # HISTORY_FIELDS as last read from the database
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self._getters: dict[str, Callable[[], object]] = {}
        self._set_checks: dict[str, list[QCheckBox]] = {}
        self.setWindowTitle("新增人员" if person_id is None else "人员信息")
        fit_size(self, 980, 760)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_main(), "基本信息")
        self.registration_tab: RegistrationTab | None = None
        self.recognition_tab: RecognitionTab | None = None
        self.employment_tab: EmploymentTab | None = None
        self.job_seeking_tab: JobSeekingTab | None = None
        self.graduate_tab: GraduateTab | None = None
        self.family_tab: QWidget | None = None

        self.status = QLabel()
        self.last_change = QLabel()  # “最后修改：谁，何时” (the audit trail)
        theme.apply(self.last_change, theme.MUTED_TEXT)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.close_button = QPushButton("关闭")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(lambda _c=False: self.reject())
        bottom = QHBoxLayout()
        bottom.addWidget(self.last_change)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addLayout(bottom)
        add_shortcut(self, "Ctrl+S", self.save)

        if person_id is not None:
            self._load(Person.get_by_id(person_id))
        else:
            self._loading = True
            self.set_value("survey_date", dt.date.today().isoformat())
            self.set_value("labor_ability", codes.LABOR_ABILITY_DEFAULT)
            self._loading = False
        self._add_history_tabs()
        self._update_derived()

    # ------------------------------------------------------------------ building

    def _build_main(self) -> QWidget:
        page = QWidget()
        longest = max((label for label, _p in ledger.PERSON_FIELDS.values()), key=len)
        self._label_width = self.fontMetrics().horizontalAdvance(longest + "＊") + 8
        outer = QVBoxLayout(page)
        top = QHBoxLayout()
        left = QVBoxLayout()
        for title, names in GROUPS:
            box = QGroupBox(title)
            box.setObjectName(f"group_{title}")
            form = QFormLayout(box)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            for name in names:
                label = SIX_CLEAR_LABELS.get(name) if title == "六清" else None
                self._add_field(form, name, label or ledger.PERSON_FIELDS[name][0])
            if title == "基本信息":
                self._add_derived(form)
            left.addWidget(box)
        left.addWidget(self._build_exit())
        top.addLayout(left)
        outer.addLayout(top)
        self.save_error = ErrorLabel()
        outer.addWidget(self.save_error)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        return scroll

    def _build_exit(self) -> QWidget:
        """在册状态: 在册, or 已迁出 (etc.) since a date; leaving is a status, not a deletion."""
        self.exit_box = QGroupBox("在册状态")
        self.exit_box.setObjectName("group_在册状态")
        row = QHBoxLayout(self.exit_box)
        self.exit_label = QLabel("在册")
        self.exit_label.setObjectName("exit_label")
        self.exit_button = QPushButton("登记离开（迁出、死亡、退休等）…")
        self.exit_button.setAutoDefault(False)
        self.exit_button.clicked.connect(lambda _c=False: self.open_exit())
        self.return_button = QPushButton("恢复在册")
        self.return_button.setAutoDefault(False)
        self.return_button.clicked.connect(lambda _c=False: self.clear_exit())
        row.addWidget(self.exit_label, 1)
        row.addWidget(self.exit_button)
        row.addWidget(self.return_button)
        self.exit_box.setVisible(False)  # a new person is in the register
        self.exit_dialog: QDialog | None = None
        return self.exit_box

    def _show_exit(self, person: Person) -> None:
        self.exit_box.setVisible(True)
        left = bool(person.exit_status)
        if left:
            self.exit_label.setText(
                f"已{person.exit_status}（{person.exit_date}）：不再计入劳动年龄人员和待办，历史记录保留"
            )
            theme.apply(self.exit_label, theme.PENDING_TEXT)
        else:
            self.exit_label.setText("在册")
            theme.apply(self.exit_label, theme.PLAIN)
        self.exit_button.setVisible(not left)
        self.return_button.setVisible(left)

    def open_exit(self) -> QDialog | None:
        from ui.dialogs.person_exit import ExitDialog

        if self.person_id is None:
            return None
        dialog = ExitDialog(self.person_id, self)
        dialog.accepted.connect(self._exit_changed)
        self.exit_dialog = dialog
        dialog.open()
        return dialog

    def clear_exit(self) -> bool:
        if self.person_id is None:
            return False
        if not common.confirm(self, "恢复在册", "确定将此人恢复为在册吗？（离开原因和日期将清除）"):
            return False
        ledger.clear_exit(self.person_id)
        self._exit_changed()
        return True

    def _exit_changed(self) -> None:
        if self.person_id is None:
            return
        self._show_exit(Person.get_by_id(self.person_id))
        self.saved.emit(self.person_id)

    def _add_field(self, form: QFormLayout, name: str, label: str) -> None:
        widget: QWidget
        getter: Callable[[], object]
        if name in CODE_FIELDS:
            combo = code_combo(CODE_FIELDS[name].values)
            combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
            widget, getter = combo, combo.currentData
        elif name in SUGGEST_FIELDS:
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems(["", *SUGGEST_FIELDS[name].values])
            combo.editTextChanged.connect(lambda _t, n=name: self._changed(n))
            widget, getter = combo, combo.currentText
        elif name in YES_NO_FIELDS:
            combo = code_combo(("是", "否"))
            combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
            widget, getter = combo, combo.currentData
        elif name in SET_FIELDS:
            widget, getter = self._code_set(name, SET_FIELDS[name])
        elif name == "female_retire_base":
            combo = QComboBox()
            combo.addItem("按站点设置", "")
            combo.addItem("50 岁", "50")
            combo.addItem("55 岁（职工身份）", "55")
            combo.currentIndexChanged.connect(lambda _i, n=name: self._changed(n))
            widget, getter = combo, combo.currentData
        elif name == "note":
            note = QPlainTextEdit()
            note.setTabChangesFocus(True)
            note.setFixedHeight(60)
            note.textChanged.connect(lambda n=name: self._changed(n))
            widget, getter = note, note.toPlainText
        else:
            edit = QLineEdit()
            if name in DATE_FIELDS:
                edit.setPlaceholderText("如 2024-05-01")
            elif name == "id_number":
                edit.setPlaceholderText("18位身份证号")
                edit.setMaxLength(24)
            edit.textChanged.connect(lambda _t, n=name: self._changed(n))
            widget, getter = edit, edit.text
        widget.setObjectName(f"field_{name}")
        err = ErrorLabel()
        err.setObjectName(f"error_{name}")
        self.fields[name] = widget
        self.errors[name] = err
        self._getters[name] = getter
        required = "＊" if name in ledger.PERSON_REQUIRED else ""
        form.addRow(self._label(f"{label}{required}"), beside(widget, err))

    def _code_set(self, name: str, lst: codes.CodeList) -> tuple[QWidget, Callable[[], object]]:
        """One check box per value of ``lst`` (参保情况); the value is the ticked ones joined with 、."""
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        checks: list[QCheckBox] = []
        for i, value in enumerate(lst.values):
            check = QCheckBox(value)
            check.setObjectName(f"{name}_{value}")
            check.toggled.connect(lambda _on, n=name: self._changed(n))
            grid.addWidget(check, i // 4, i % 4)
            checks.append(check)
        self._set_checks[name] = checks
        return box, lambda: "、".join(c.text() for c in checks if c.isChecked())

    def _add_derived(self, form: QFormLayout) -> None:
        """性别, 出生日期, 年龄, 劳动年龄 and 退休日期: read-only, from the ID number as typed."""
        self.derived: dict[str, QLabel] = {}
        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(4)
        for key, label in (
            ("gender", "性别"),
            ("birth_date", "出生日期"),
            ("age", "年龄"),
            ("working_age", "劳动年龄内"),
            ("retirement_date", "法定退休日期"),
        ):
            name = QLabel(f"{label}：")
            theme.apply(name, theme.HINT_TEXT)
            lab = QLabel("—")
            lab.setObjectName(f"derived_{key}")
            lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.derived[key] = lab
            lay.addWidget(name)
            lay.addWidget(lab)
            lay.addSpacing(14)
        lay.addStretch(1)
        form.addRow(self._label("由身份证号得出"), row)
        # An ID whose first six digits are in no year's list of county codes: a warning the worker
        # confirms when saving, not a refusal (an ID keeps the code it was issued with).
        self.region_warning = QLabel("")
        self.region_warning.setObjectName("region_warning")
        self.region_warning.setWordWrap(True)
        theme.apply(self.region_warning, theme.PENDING_TEXT)
        self.region_warning.setVisible(False)
        self.unknown_region = False
        form.addRow(self._label(""), self.region_warning)

    def _label(self, text: str) -> QLabel:
        """A form label of the same width in every group, so the fields line up."""
        label = QLabel(text)
        label.setMinimumWidth(self._label_width)
        return label

    def _add_history_tabs(self) -> None:
        if self.person_id is None:
            for title in ("失业登记", "就业困难认定", "就业记录", "求职登记", "高校毕业生", "家庭成员"):
                i = self.tabs.addTab(QLabel("保存人员信息后可填写此项。"), title)
                self.tabs.setTabEnabled(i, False)
            return
        self.registration_tab = RegistrationTab(self.person_id)
        self.recognition_tab = RecognitionTab(self.person_id)
        self.employment_tab = EmploymentTab(self.person_id)
        self.job_seeking_tab = JobSeekingTab(self.person_id)
        self.graduate_tab = GraduateTab(self.person_id)
        self.family_tab = self._build_family()
        for tab, title in (
            (self.registration_tab, "失业登记"),
            (self.recognition_tab, "就业困难认定"),
            (self.employment_tab, "就业记录"),
            (self.job_seeking_tab, "求职登记"),
            (self.graduate_tab, "高校毕业生"),
            (self.family_tab, "家庭成员"),
        ):
            self.tabs.addTab(tab, title)
        for tab in (
            self.registration_tab,
            self.recognition_tab,
            self.employment_tab,
            self.job_seeking_tab,
            self.graduate_tab,
        ):
            tab.changed.connect(lambda: self.saved.emit(self.person_id))
        # A new employment may also cancel the registration / recognition and set 就业状态 (its
        # consequences): show what is stored now.
        self.employment_tab.changed.connect(self.refresh_after_history)

    def refresh_after_history(self) -> None:
        """Reload the other history tabs and the fields a history write may have changed (就业状态,
        就业单位); a field the user is editing keeps the user's text unless the stored value changed."""
        for tab in (self.registration_tab, self.recognition_tab):
            if tab is not None:
                tab.reload()
        if self.family_tab is not None:
            self.reload_family()
        person = Person.get_or_none(Person.id == self.person_id) if self.person_id is not None else None
        if person is None:
            return
        self.last_change.setText(last_change_text(person.id))
        self._loading = True
        try:
            for name in HISTORY_FIELDS:
                stored = getattr(person, name)
                if stored != self._loaded.get(name):
                    self.set_value(name, stored)
                    self._loaded[name] = stored
                    self.errors[name].show_message("")
        finally:
            self._loading = False

    def _rebuild_history_tabs(self) -> None:
        while self.tabs.count() > 1:
            w = self.tabs.widget(1)
            self.tabs.removeTab(1)
            if w is not None:
                w.deleteLater()
        self._add_history_tabs()

    def _build_family(self) -> QWidget:
        from ui.household import MEMBER_HEADERS

        w = QWidget()
        lay = QVBoxLayout(w)
        self.family_label = QLabel()
        lay.addWidget(self.family_label)
        self.family_model = RecordTableModel(MEMBER_HEADERS, w)
        self.family_view = QTableView()
        self.family_view.setModel(self.family_model)
        setup_table(self.family_view, fit_columns=True)
        self.family_view.activated.connect(self._open_member)
        lay.addWidget(self.family_view)
        row = QHBoxLayout()
        self.household_button = QPushButton("家庭情况…")
        self.household_button.clicked.connect(lambda _c=False: self.open_household())
        row.addWidget(self.household_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.reload_family()
        return w

    def reload_family(self) -> None:
        from ui.household import member_rows

        if self.person_id is None:
            return
        person = Person.get_by_id(self.person_id)
        members = ledger.household_members(person)
        self.family_model.set_records(member_rows(members))
        household = person.household
        if household is None:
            self.family_label.setText("未填写户编号：填写后，同一户编号的人员组成一户。")
            self.household_button.setEnabled(False)
        else:
            self.family_label.setText(f"户编号 {household.code}，共 {len(members)} 人（双击打开成员）")
            self.household_button.setEnabled(True)

    def _open_member(self, index: QModelIndex) -> None:
        pid = self.family_model.record_id(index.row())
        if pid is None or pid == self.person_id:
            return
        form = PersonForm(pid, self)
        form.saved.connect(lambda _pid: self.reload_family())
        form.saved.connect(self.saved.emit)
        self.current_form = form
        form.open()

    def open_household(self) -> QDialog | None:
        from ui.household import HouseholdDialog

        if self.person_id is None:
            return None
        person = Person.get_by_id(self.person_id)
        if person.household_id is None:
            return None
        dlg = HouseholdDialog(person.household_id, self)
        dlg.finished.connect(lambda _r: self.reload_family())
        self.current_household = dlg
        dlg.open()
        return dlg

    # ------------------------------------------------------------------ values

    def value(self, name: str) -> object:
        return self._getters[name]()

    def set_value(self, name: str, value: object) -> None:
        """Set a field from a model value (or text as the user would type it)."""
        w = self.fields[name]
        if name in YES_NO_FIELDS:
            text = "" if value is None or value == "" else ("是" if value in (True, "是") else "否")
            set_combo_data(w, text)  # type: ignore[arg-type]
        elif name == "female_retire_base":
            set_combo_data(w, "" if value in (None, "") else str(value))  # type: ignore[arg-type]
        elif name in CODE_FIELDS:
            set_combo_data(w, "" if value is None else str(value))  # type: ignore[arg-type]
        elif name in SUGGEST_FIELDS:
            w.setEditText("" if value is None else str(value))  # type: ignore[attr-defined]
        elif name in SET_FIELDS:
            ticked = set(codes.split_categories("" if value is None else str(value)))
            for check in self._set_checks[name]:
                check.setChecked(check.text() in ticked)
        elif isinstance(w, QPlainTextEdit):
            w.setPlainText("" if value is None else str(value))
        else:
            text = value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))
            w.setText(text)  # type: ignore[attr-defined]

    def _load(self, person: Person) -> None:
        self._loading = True
        try:
            for name in ledger.PERSON_FIELDS:
                if name == "household_code":
                    household = person.household
                    self.set_value(name, household.code if household is not None else "")
                else:
                    self.set_value(name, getattr(person, name))
        finally:
            self._loading = False
        self._loaded = {name: getattr(person, name) for name in HISTORY_FIELDS}
        self._show_exit(person)
        self.setWindowTitle(f"人员信息 — {person.name}")
        self.last_change.setText(last_change_text(person.id))
        self.dirty = False

    def values(self) -> dict[str, object]:
        return {name: self.value(name) for name in ledger.PERSON_FIELDS}

    # ------------------------------------------------------------------ validation

    def _changed(self, name: str) -> None:
        if self._loading:
            return
        self.dirty = True
        self.status.setText("")
        self.validate_field(name)
        if name in ("id_number", "female_retire_base"):
            self._update_derived()

    def validate_field(self, name: str) -> bool:
        """Check one field as typed; show the message beside it. True when fine."""
        try:
            ledger.validate_person_field(name, self.value(name))
        except ValidationError as exc:
            self.errors[name].show_message(exc.message)
            return False
        self.errors[name].show_message("")
        return True

    def validate_all(self) -> list[str]:
        """Names of the invalid fields (messages shown beside each)."""
        return [name for name in ledger.PERSON_FIELDS if not self.validate_field(name)]

    def error_text(self, name: str) -> str:
        return self.errors[name].text()

    def _update_derived(self) -> None:
        try:
            info = parse_id(self.value("id_number"))
        except ValidationError:
            for lab in self.derived.values():
                lab.setText("—")
            self.region_warning.setVisible(False)
            self.unknown_region = False
            return
        unknown = self.unknown_region = not regions.is_known_region(info.number[:6])
        self.region_warning.setText(
            f"提示：身份证号前 6 位 {info.number[:6]} 不在历年行政区划代码表中（含已撤销的县），"
            "请核对号码；确认无误可以保存。"
            if unknown
            else ""
        )
        self.region_warning.setVisible(unknown)
        base_text = self.value("female_retire_base")
        base = int(str(base_text)) if base_text else None
        facts = derived_facts(info.birth_date, info.male, base)
        self.derived["gender"].setText(facts.gender)
        self.derived["birth_date"].setText(facts.birth_date.isoformat())
        self.derived["age"].setText(f"{facts.age} 岁")
        self.derived["working_age"].setText("是" if facts.working_age else "否")
        self.derived["retirement_date"].setText(facts.retirement_date.isoformat())

    # ------------------------------------------------------------------ save / cancel

    def confirm_unknown_region(self) -> bool:
        """Ask whether an ID with an unknown region code is right (True: save it)."""
        answer = QMessageBox.question(
            self,
            "核对身份证号",
            f"{self.region_warning.text().removeprefix('提示：')}\n\n是否确认保存？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save(self) -> bool:
        """Validate every field; refuse with messages beside the fields, else write. True if saved."""
        self.save_error.show_message("")
        bad = self.validate_all()
        if bad:
            self.status.setText(f"有 {len(bad)} 项需要修改，未保存")
            theme.apply(self.status, theme.ERROR_TEXT)
            self.tabs.setCurrentIndex(0)
            self.fields[bad[0]].setFocus()
            return False
        if self.unknown_region and not self.confirm_unknown_region():
            self.status.setText("未保存：请核对身份证号")
            theme.apply(self.status, theme.ERROR_TEXT)
            return False
        try:
            person = ledger.save_person(self.values(), self.person_id)
        except FieldErrors as exc:
            for name, message in exc.errors.items():
                if name in self.errors:
                    self.errors[name].show_message(message)
                else:
                    self.save_error.show_message(message)
            self.status.setText("未保存")
            theme.apply(self.status, theme.ERROR_TEXT)
            return False
        except UserError as exc:
            self.save_error.show_message(exc.message)
            self.status.setText("未保存")
            theme.apply(self.status, theme.ERROR_TEXT)
            return False
        created = self.person_id is None
        self.person_id = person.id
        self._load(person)  # show the values as stored (normalised ID, canonical codes)
        if created:
            self._rebuild_history_tabs()
        elif self.family_tab is not None:
            self.reload_family()
        theme.apply(self.status, theme.SUCCESS_TEXT)
        self.status.setText("已保存")
        self.saved.emit(person.id)
        return True

    def reject(self) -> None:
        if self.dirty and not common.confirm(self, "放弃修改", "有未保存的修改，确定放弃并关闭吗？"):
            return
        super().reject()
