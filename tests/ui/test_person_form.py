"""The person form: validation beside fields, save, derived facts, history tabs, household."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox

from app.core import codes
from app.core.errors import ValidationError
from app.core.idcard import make_id
from app.register import ledger, start_work
from db.models import Employment, Person, Recognition, Registration
from ui.dialogs.consequences import ConsequencesDialog
from ui.forms import common
from ui.forms.history import (
    AddEmploymentDialog,
    AddRecognitionDialog,
    AddRegistrationDialog,
    CancelRecognitionDialog,
    CancelRegistrationDialog,
)
from ui.forms.person_form import PersonForm
from ui.household import HouseholdDialog
from ui.models.history import RecordTableModel

NEW_ID = make_id("110101", dt.date(1995, 1, 1), 77)


@pytest.fixture
def new_form(qtbot, db):
    form = PersonForm()
    qtbot.addWidget(form)
    form.show()
    return form


@pytest.fixture
def form(qtbot, small_ledger):
    f = PersonForm(small_ledger.zhang)
    qtbot.addWidget(f)
    f.show()
    return f


def fill_valid(form: PersonForm) -> None:
    form.set_value("id_number", NEW_ID)
    form.set_value("name", "钱九")
    form.set_value("employment_status", "未就业")


# ---------------------------------------------------------------------------- validation


def test_bad_id_check_character_shown_beside_the_field(qtbot, new_form):
    bad = NEW_ID[:17] + ("0" if NEW_ID[17] != "0" else "1")
    new_form.fields["id_number"].setFocus()
    qtbot.keyClicks(new_form.fields["id_number"], bad)
    assert "校验位" in new_form.error_text("id_number")
    assert new_form.errors["id_number"].isVisible()


def test_id_error_clears_when_corrected(new_form):
    new_form.set_value("id_number", NEW_ID[:17])
    assert "18位" in new_form.error_text("id_number")
    new_form.set_value("id_number", NEW_ID)
    assert new_form.error_text("id_number") == ""


def test_bad_phone_shown_beside_the_field(qtbot, new_form):
    qtbot.keyClicks(new_form.fields["phone"], "12345")
    assert "联系电话" in new_form.error_text("phone")
    assert "格式不对" in new_form.error_text("phone")


def test_good_landline_accepted(new_form):
    new_form.set_value("phone", "020-12345678")
    assert new_form.error_text("phone") == ""


def test_missing_survey_date_refuses_save(new_form):
    fill_valid(new_form)
    new_form.set_value("survey_date", "")
    assert not new_form.save()
    assert new_form.error_text("survey_date") == "调查日期不能为空"
    assert Person.select().count() == 0
    assert "未保存" in new_form.status.text()


def test_bad_survey_date_format(new_form):
    new_form.set_value("survey_date", "2024-13-01")
    assert "调查日期" in new_form.error_text("survey_date")


def test_survey_date_accepts_every_format(new_form):
    for text in ("2024-05-01", "2024/5/1", "2024.5.1", "20240501", "2024年5月1日"):
        new_form.set_value("survey_date", text)
        assert new_form.error_text("survey_date") == "", text


def test_save_refused_while_any_field_is_invalid(new_form):
    fill_valid(new_form)
    new_form.set_value("phone", "123")
    assert not new_form.save()
    assert new_form.error_text("phone") != ""
    assert Person.select().count() == 0


def test_empty_form_lists_every_required_field(new_form):
    assert not new_form.save()
    assert new_form.error_text("id_number") == "身份证号不能为空"
    assert new_form.error_text("name") == "姓名不能为空"
    assert new_form.error_text("employment_status") == "就业状态不能为空"
    assert new_form.error_text("survey_date") == ""  # defaults to today


def test_duplicate_id_number_refused_beside_the_field(qtbot, small_ledger):
    f = PersonForm()
    qtbot.addWidget(f)
    f.set_value("id_number", small_ledger.id_number("zhang"))
    f.set_value("name", "重复")
    f.set_value("employment_status", "未就业")
    assert not f.save()
    assert "已登记为 张三" in f.error_text("id_number")


# ---------------------------------------------------------------------------- widgets


def test_code_fields_are_combos_filled_from_app_codes(new_form):
    combo = new_form.fields["employment_status"]
    items = [combo.itemText(i) for i in range(combo.count())]
    assert items == ["", *codes.EMPLOYMENT_STATUS.values]
    relation = new_form.fields["relation"]
    assert [relation.itemText(i) for i in range(1, relation.count())] == list(codes.RELATION.values)


def test_six_clear_facts_are_grouped(new_form):
    box = new_form.findChild(QGroupBox, "group_六清")
    assert box is not None
    for name in (
        "unemployment_reason",
        "family_situation",
        "job_intention",
        "skills",
        "employment_status",
        "social_security",
    ):
        assert box.isAncestorOf(new_form.fields[name]), name


def test_derived_facts_follow_the_id_as_typed(new_form):
    assert new_form.derived["gender"].text() == "—"
    new_form.set_value("id_number", make_id("110101", dt.date(1966, 3, 1), 11))
    assert new_form.derived["gender"].text() == "男"
    assert new_form.derived["birth_date"].text() == "1966-03-01"
    assert new_form.derived["retirement_date"].text() == "2026-07-01"
    assert new_form.derived["age"].text().endswith("岁")
    new_form.set_value("id_number", "123")
    assert new_form.derived["gender"].text() == "—"


def test_female_base_changes_the_retirement_date(new_form):
    new_form.set_value("id_number", make_id("110101", dt.date(1974, 1, 1), 12))
    assert new_form.derived["retirement_date"].text() == "2024-01-01"
    assert new_form.derived["working_age"].text() == "否"
    new_form.set_value("female_retire_base", 55)
    assert new_form.derived["retirement_date"].text() == "2030-02-01"
    assert new_form.derived["working_age"].text() == "是"


# ---------------------------------------------------------------------------- save


def test_save_creates_a_person(new_form):
    fill_valid(new_form)
    new_form.set_value("phone", "13700000000")
    new_form.set_value("household_code", "H009")
    new_form.set_value("training_need", True)
    new_form.set_value("unemployment_reason", "合同到期")
    with_signal = []
    new_form.saved.connect(with_signal.append)
    assert new_form.save()
    p = Person.get(Person.id_number == NEW_ID)
    assert (p.name, p.phone, p.household.code, p.training_need) == ("钱九", "13700000000", "H009", True)
    assert p.unemployment_reason == "合同到期"
    assert p.gender == "男"
    assert with_signal == [p.id]
    assert new_form.person_id == p.id
    assert new_form.status.text() == "已保存"
    assert not new_form.dirty
    # History tabs become available once saved.
    assert new_form.tabs.isTabEnabled(1)
    assert new_form.registration_tab is not None


def test_ctrl_s_saves(qtbot, new_form):
    fill_valid(new_form)
    new_form.activateWindow()
    qtbot.waitUntil(new_form.isActiveWindow)
    qtbot.keyClick(new_form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert Person.select().count() == 1


def test_save_updates_a_person(form, small_ledger):
    assert form.value("phone") == "13800000001"
    form.set_value("phone", "13811112222")
    form.set_value("employment_status", "灵活就业")
    assert form.save()
    p = Person.get_by_id(small_ledger.zhang)
    assert (p.phone, p.employment_status) == ("13811112222", "灵活就业")


def test_esc_with_unsaved_changes_asks(monkeypatch, qtbot, form):
    answers = iter([False, True])
    asked = []
    monkeypatch.setattr(common, "confirm", lambda _p, _t, text: asked.append(text) or next(answers))
    form.set_value("name", "张三丰")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert asked and form.isVisible()
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert Person.get_by_id(form.person_id).name == "张三"


def test_esc_without_changes_closes_at_once(qtbot, form):
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()


# ---------------------------------------------------------------------------- 失业登记


def test_add_registration_then_cancel_with_reason(qtbot, small_ledger):
    f = PersonForm(small_ledger.li)
    qtbot.addWidget(f)
    tab = f.registration_tab
    dlg = tab.add()
    assert isinstance(dlg, AddRegistrationDialog)
    dlg.registered_on.setText("2026/2/1")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    assert tab.model.rowCount() == 1
    assert tab.model.text(0, 1) == "未注销"
    tab.select_row(0)
    cancel = tab.cancel_selected()
    assert isinstance(cancel, CancelRegistrationDialog)
    cancel.cancelled_on.setText("2026-04-01")
    cancel.reason.setCurrentIndex(cancel.reason.findData("被用人单位录用"))
    assert cancel.submit()
    reg = Registration.get(Registration.person == small_ledger.li)
    assert (reg.cancelled_on, reg.cancel_reason) == (dt.date(2026, 4, 1), "被用人单位录用")
    assert tab.model.text(0, 1) == "2026-04-01"


def test_cancel_registration_without_reason_is_refused_beside_the_field(qtbot, small_ledger):
    reg = Registration.get(Registration.person == small_ledger.zhang)
    dlg = CancelRegistrationDialog(reg.id)
    qtbot.addWidget(dlg)
    dlg.cancelled_on.setText("2026-04-01")
    assert not dlg.submit()
    assert dlg.errors["cancel_reason"].text() == "注销时须选择注销原因"
    assert Registration.get_by_id(reg.id).cancelled_on is None


def test_cancel_date_before_registration_is_refused(qtbot, small_ledger):
    reg = Registration.get(Registration.person == small_ledger.zhang)
    dlg = CancelRegistrationDialog(reg.id)
    qtbot.addWidget(dlg)
    dlg.cancelled_on.setText("2024-01-01")
    dlg.reason.setCurrentIndex(1)
    assert not dlg.submit()
    assert dlg.errors["cancelled_on"].text() == "注销日期 2024-01-01 早于 登记日期 2025-01-01"


def test_overlapping_registration_refused_with_message(qtbot, form, small_ledger):
    dlg = form.registration_tab.add()
    dlg.registered_on.setText("2025-06-01")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert "未注销的失业登记" in dlg.general_error.text()
    assert Registration.select().where(Registration.person == small_ledger.zhang).count() == 1
    dlg.reject()


def test_registration_date_checked_as_typed(qtbot, small_ledger):
    dlg = AddRegistrationDialog(small_ledger.li)
    qtbot.addWidget(dlg)
    dlg.registered_on.setText("2025-02-30")
    assert "不存在" in dlg.errors["registered_on"].text()
    assert not dlg.submit()


def test_personal_reason_needs_a_note(qtbot, small_ledger):
    dlg = AddRegistrationDialog(small_ledger.li)
    qtbot.addWidget(dlg)
    dlg.personal_reason.setChecked(True)
    assert not dlg.submit()
    assert "剔除说明" in dlg.errors["exclusion_note"].text()


def test_delete_registration_asks(monkeypatch, form, small_ledger):
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    tab = form.registration_tab
    tab.select_row(0)
    assert tab.delete()
    assert Registration.select().where(Registration.person == small_ledger.zhang).count() == 0
    assert tab.model.rowCount() == 0


# ---------------------------------------------------------------------------- 就业困难认定 / 就业记录


def test_add_recognition_with_categories_and_cancel(qtbot, small_ledger):
    f = PersonForm(small_ledger.li)
    qtbot.addWidget(f)
    tab = f.recognition_tab
    dlg = tab.add()
    assert isinstance(dlg, AddRecognitionDialog)
    dlg.recognized_on.setText("2026-01-10")
    dlg.set_categories(["低保", "残疾"])
    dlg.level.setCurrentIndex(dlg.level.findData("二级"))
    assert dlg.submit()
    rec = Recognition.get(Recognition.person == small_ledger.li)
    assert rec.categories == "残疾、低保"
    assert rec.level == "二级"
    tab.select_row(0)
    cancel = tab.cancel_selected()
    assert isinstance(cancel, CancelRecognitionDialog)
    cancel.cancelled_on.setText("2026-03-01")
    cancel.reason.setCurrentIndex(cancel.reason.findData(codes.DIFFICULTY_CANCEL_EMPLOYED))
    assert cancel.submit()
    assert Recognition.get_by_id(rec.id).cancel_reason == codes.DIFFICULTY_CANCEL_EMPLOYED
    assert tab.model.text(0, 3) == "2026-03-01"


def test_recognition_without_category_refused(qtbot, small_ledger):
    dlg = AddRecognitionDialog(small_ledger.li)
    qtbot.addWidget(dlg)
    assert not dlg.submit()
    assert dlg.errors["categories"].text() == "认定类别不能为空"


def test_cancel_reason_list_comes_from_app_codes(qtbot, small_ledger):
    rec = Recognition.get(Recognition.person == small_ledger.wang)
    dlg = CancelRecognitionDialog(rec.id)
    qtbot.addWidget(dlg)
    items = [dlg.reason.itemData(i) for i in range(1, dlg.reason.count())]
    assert items == list(codes.DIFFICULTY_CANCEL.values)


def test_add_and_delete_employment(monkeypatch, qtbot, form, small_ledger):
    tab = form.employment_tab
    dlg = tab.add()
    assert isinstance(dlg, AddEmploymentDialog)
    dlg.started_on.setText("2026-05-01")
    assert not dlg.submit()
    assert dlg.errors["form"].text() == "请选择就业形式"
    dlg.form_combo.setCurrentIndex(dlg.form_combo.findData("单位就业"))
    dlg.employer.setText("某某公司")
    assert not dlg.submit()  # 张三 is registered unemployed: the consequences are offered first
    assert Employment.select().count() == 0
    assert dlg.consequences_dialog is not None and dlg.consequences_dialog.save()
    assert tab.model.rowCount() == 1
    monkeypatch.setattr(common, "confirm", lambda *_a: True)
    tab.select_row(0)
    assert tab.delete()
    assert Employment.select().count() == 0


# ---------------------------------------------------------------------------- household


def test_household_tab_lists_members(form, small_ledger):
    m = form.family_model
    names = [m.text(r, 0) for r in range(m.rowCount())]
    assert names == ["张三", "李四"]
    assert all("*" in m.text(r, 1) for r in range(m.rowCount()))
    assert "H001" in form.family_label.text()


def test_double_click_member_opens_their_form(qtbot, form, small_ledger):
    form.tabs.setCurrentWidget(form.family_tab)
    view = form.family_view
    rect = view.visualRect(form.family_model.index(1, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert form.current_form is not None
    assert form.current_form.person_id == small_ledger.li
    form.current_form.reject()


def test_household_dialog_shows_members_and_zero_family_history(qtbot, small_ledger):
    hh = Person.get_by_id(small_ledger.zhou).household_id
    dlg = HouseholdDialog(hh)
    qtbot.addWidget(dlg)
    assert dlg.members.rowCount() == 1
    assert dlg.members.text(0, 0) == "周八"
    assert dlg.zero.rowCount() == 1
    assert dlg.zero.text(0, 0) == "2026-01-01"
    assert dlg.zero.text(0, 2) == "未清零"
    assert "H003" in dlg.windowTitle()


def test_open_household_from_the_form(qtbot, form):
    dlg = form.open_household()
    assert isinstance(dlg, HouseholdDialog)
    assert dlg.members.rowCount() == 2
    dlg.reject()


def test_history_models_pass_qtmodeltester(qtmodeltester, form):
    qtmodeltester.check(form.registration_tab.model)
    qtmodeltester.check(form.family_model)
    model = RecordTableModel(("甲", "乙"))
    model.set_records([(1, ("a", "b")), (2, ("c", None))])
    qtmodeltester.check(model)
    assert model.text(1, 1) == ""


# ---------------------------------------------------------------------------- employment and its consequences

TODAY = dt.date(2026, 6, 30)


def _new_employment(
    person_form: PersonForm, started_on: str = "2026-05-01", **fields: str
) -> AddEmploymentDialog:
    dlg = person_form.employment_tab.add()
    dlg.today = TODAY
    dlg.started_on.setText(started_on)
    dlg.form_combo.setCurrentIndex(dlg.form_combo.findData(fields.get("form", "单位就业")))
    dlg.employer.setText(fields.get("employer", "甲公司"))
    dlg.vacancy_code.setText(fields.get("vacancy_code", ""))
    dlg.ended_on.setText(fields.get("ended_on", ""))
    return dlg


def test_employment_offers_to_cancel_the_open_registration(qtbot, form, small_ledger):
    """张三 is registered unemployed: adding his employment offers the case-work page's consequences;
    accepted, the record and the cancellation are written together."""
    dlg = _new_employment(form)
    assert not dlg.submit()
    consequences = dlg.consequences_dialog
    assert isinstance(consequences, ConsequencesDialog)
    assert not consequences.inputs.isVisibleTo(consequences)  # the figures come from the record
    texts = {key: box.text() for key, box in consequences.checks.items()}
    assert texts[start_work.EMPLOYMENT] == "新增就业记录：2026-05-01 单位就业，甲公司"
    assert texts[start_work.CANCEL_REGISTRATION] == "注销失业登记，注销日期 2026-05-01，原因：被用人单位录用"
    assert texts[start_work.UPDATE_STATUS] == "更新人员就业状态：未就业 → 单位就业，就业单位：甲公司"
    assert all(box.isChecked() for box in consequences.checks.values())
    assert Employment.select().count() == 0  # nothing written before 保存
    with qtbot.waitSignal(dlg.accepted):
        assert consequences.save()
    emp = Employment.get()
    assert (emp.person_id, emp.started_on) == (small_ledger.zhang, dt.date(2026, 5, 1))
    assert emp.employer == "甲公司"
    reg = Registration.get(Registration.person == small_ledger.zhang)
    assert (reg.cancelled_on, reg.cancel_reason) == (dt.date(2026, 5, 1), "被用人单位录用")
    # the form shows what is stored now: the tabs and 就业状态 / 就业单位
    assert form.employment_tab.model.rowCount() == 1
    assert form.registration_tab.model.text(0, 1) == "2026-05-01"
    assert form.value("employment_status") == "单位就业" and form.value("employer") == "甲公司"
    assert not form.dirty


def test_employment_and_cancellation_are_one_transaction(qtbot, monkeypatch, form, small_ledger):
    def broken(*_a, **_k):
        raise ValidationError("模拟的注销失败")

    monkeypatch.setattr(ledger, "cancel_registration", broken)
    dlg = _new_employment(form)
    assert not dlg.submit()
    assert not dlg.consequences_dialog.save()
    assert dlg.consequences_dialog.general_error.text() == "未保存：模拟的注销失败"
    assert Employment.select().count() == 0  # the record went back with the failed cancellation
    assert Registration.get(Registration.person == small_ledger.zhang).cancelled_on is None
    assert dlg.result() == 0 and form.employment_tab.model.rowCount() == 0


def test_declined_cancellation_keeps_the_registration(qtbot, form, small_ledger):
    dlg = _new_employment(form, form="灵活就业", employer="")
    assert not dlg.submit()
    consequences = dlg.consequences_dialog
    consequences.checks[start_work.CANCEL_REGISTRATION].setChecked(False)
    consequences.checks[start_work.UPDATE_STATUS].setChecked(False)
    assert consequences.save()
    assert Employment.get().form == "灵活就业"
    assert Registration.get(Registration.person == small_ledger.zhang).cancelled_on is None
    assert form.value("employment_status") == "未就业"


def test_cancelled_consequences_write_nothing(qtbot, form):
    dlg = _new_employment(form)
    assert not dlg.submit()
    dlg.consequences_dialog.reject()
    assert Employment.select().count() == 0
    assert dlg.result() == 0  # the employment dialog stays for another try
    assert dlg.submit() is False and dlg.consequences_dialog is not None


def test_past_employment_with_an_end_date_is_written_at_once(qtbot, form, small_ledger):
    dlg = _new_employment(form, started_on="2024-03-01", ended_on="2024-12-31")
    assert dlg.submit()
    assert dlg.consequences_dialog is None
    assert Employment.get().ended_on == dt.date(2024, 12, 31)
    assert Registration.get(Registration.person == small_ledger.zhang).cancelled_on is None


def test_employment_starting_after_today_is_a_plain_record(qtbot, form, small_ledger):
    dlg = _new_employment(form, started_on="2026-07-01")  # TODAY + 1
    assert dlg.submit()
    assert dlg.consequences_dialog is None
    assert Registration.get(Registration.person == small_ledger.zhang).cancelled_on is None


def test_employment_starting_today_offers_the_consequences(qtbot, form):
    dlg = _new_employment(form, started_on=TODAY.isoformat())
    assert not dlg.submit()
    assert start_work.CANCEL_REGISTRATION in dlg.consequences_dialog.checks


def test_unknown_vacancy_code_refused_beside_the_field(qtbot, form):
    dlg = _new_employment(form, vacancy_code="G999")
    assert not dlg.submit()
    assert dlg.errors["vacancy_code"].text() == "岗位编号 G999 不存在"
    assert dlg.consequences_dialog is None


def test_duplicate_employment_refused_by_the_ledger(qtbot, form, small_ledger):
    ledger.add_employment(small_ledger.zhang, "2026-05-01", "单位就业")
    dlg = _new_employment(form)
    assert not dlg.submit()
    assert dlg.general_error.text() == "已有 2026-05-01 的单位就业记录"
    assert dlg.consequences_dialog is None


def test_status_field_being_edited_is_kept_when_nothing_changed_it(qtbot, form, small_ledger):
    form.set_value("phone", "13811112222")  # an unsaved edit
    dlg = _new_employment(form)
    assert not dlg.submit()
    dlg.consequences_dialog.checks[start_work.UPDATE_STATUS].setChecked(False)
    assert dlg.consequences_dialog.save()
    assert form.value("phone") == "13811112222" and form.dirty
    assert form.value("employment_status") == "未就业"


# ---------------------------------------------------------------------------- unknown region code (issue 11)

UNKNOWN_REGION_ID = make_id("440199", dt.date(1995, 1, 1), 77)  # 440199: in no year's county list


def test_a_known_region_shows_no_warning(new_form):
    fill_valid(new_form)
    new_form.set_value("survey_date", "2024-03-01")
    assert not new_form.region_warning.isVisible()
    assert new_form.save()


def test_an_unknown_region_is_a_warning_the_worker_confirms(new_form, monkeypatch):
    fill_valid(new_form)
    new_form.set_value("survey_date", "2024-03-01")
    new_form.set_value("id_number", UNKNOWN_REGION_ID)
    assert new_form.region_warning.isVisible()
    assert "440199" in new_form.region_warning.text() and "请核对" in new_form.region_warning.text()
    asked: list[bool] = []
    monkeypatch.setattr(new_form, "confirm_unknown_region", lambda: asked.append(True) or False)
    assert not new_form.save()  # not confirmed: nothing written
    assert Person.select().count() == 0
    monkeypatch.setattr(new_form, "confirm_unknown_region", lambda: asked.append(True) or True)
    assert new_form.save()  # confirmed: a warning, not a refusal
    assert Person.get().id_number == UNKNOWN_REGION_ID
    assert len(asked) == 2
