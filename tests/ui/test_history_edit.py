"""Correcting a record from the person's history tabs: 修改… and a double-click open the add dialog
prefilled and titled 修改…; saving changes the row; a bad value keeps the dialog open with the message
beside the field and nothing written."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.register import ledger
from db.models import Employment, Recognition, Registration
from ui.forms.history import AddEmploymentDialog, AddRecognitionDialog, AddRegistrationDialog, HistoryTab
from ui.forms.person_form import PersonForm

D = dt.date


def _form(qtbot, person_id: int) -> PersonForm:
    form = PersonForm(person_id)
    qtbot.addWidget(form)
    form.show()
    return form


def _double_click(qtbot, tab: HistoryTab, row: int) -> None:
    rect = tab.view.visualRect(tab.model.index(row, 0))
    qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


@pytest.fixture
def zhang_history(small_ledger):
    """张三: a cancelled registration with its v006 fields, a recognition and an employment record."""
    reg = Registration.get(Registration.person == small_ledger.zhang)
    ledger.cancel_registration(reg.id, "2025-06-30", "灵活就业")
    reg = Registration.get_by_id(reg.id)
    reg.unemployed_on, reg.prior_status = D(2024, 12, 1), "从各类单位辞职"
    reg.save()
    rec = ledger.add_recognition(small_ledger.zhang, "2025-02-01", "大龄、残疾", level="二级")
    emp = ledger.add_employment(
        small_ledger.zhang,
        "2025-07-01",
        "单位就业",
        employer="甲公司",
        ended_on="2025-12-31",
        details={
            "employment_type": "单位就业",
            "channel": "非公有制企业",
            "monthly_income": "3000",
            "contract": "是",
            "contract_term": "1年",
            "position": "保洁员",
        },
    )
    return reg, rec, emp


# ---------------------------------------------------------------------------- 失业登记


def test_edit_button_opens_the_registration_prefilled(qtbot, small_ledger, zhang_history):
    tab = _form(qtbot, small_ledger.zhang).registration_tab
    assert not tab.edit_btn.isEnabled()
    tab.select_row(0)
    assert tab.edit_btn.isEnabled()
    qtbot.mouseClick(tab.edit_btn, Qt.MouseButton.LeftButton)
    dlg = tab.current_dialog
    assert isinstance(dlg, AddRegistrationDialog) and dlg.isVisible()
    assert dlg.windowTitle() == "修改失业登记"
    assert dlg.registered_on.text() == "2025-01-01"
    assert dlg.unemployed_on.text() == "2024-12-01"
    assert dlg.prior_status.currentData() == "从各类单位辞职"
    assert dlg.cancelled_on is not None and dlg.cancelled_on.text() == "2025-06-30"
    assert dlg.cancel_reason is not None and dlg.cancel_reason.currentData() == "灵活就业"
    assert not dlg.personal_reason.isChecked()
    dlg.reject()


def test_double_click_opens_the_edit_dialog(qtbot, small_ledger, zhang_history):
    form = _form(qtbot, small_ledger.zhang)
    form.tabs.setCurrentWidget(form.registration_tab)
    _double_click(qtbot, form.registration_tab, 0)
    dlg = form.registration_tab.current_dialog
    assert isinstance(dlg, AddRegistrationDialog) and dlg.record is not None
    assert dlg.windowTitle() == "修改失业登记"
    dlg.reject()


def test_saving_the_registration_changes_the_row(qtbot, small_ledger, zhang_history):
    reg, _rec, _emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).registration_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert dlg is not None
    with qtbot.waitSignal(tab.changed):
        dlg.registered_on.setText("2025/1/3")
        dlg.prior_status.setCurrentIndex(dlg.prior_status.findData("退出灵活就业"))
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible()
    got = Registration.get_by_id(reg.id)
    assert (got.registered_on, got.prior_status, got.cancelled_on) == (
        D(2025, 1, 3),
        "退出灵活就业",
        D(2025, 6, 30),
    )
    assert (tab.model.text(0, 0), tab.model.text(0, 6)) == ("2025-01-03", "退出灵活就业")
    assert tab.model.rowCount() == 1


def test_a_bad_registration_date_keeps_the_dialog_open_beside_the_field(qtbot, small_ledger, zhang_history):
    reg, _rec, _emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).registration_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert dlg is not None and dlg.cancelled_on is not None
    dlg.cancelled_on.setText("2024-12-31")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert dlg.errors["cancelled_on"].text() == "注销日期 2024-12-31 早于 登记日期 2025-01-01"
    assert Registration.get_by_id(reg.id).cancelled_on == D(2025, 6, 30)
    dlg.reject()


def test_an_overlap_made_by_the_correction_is_refused(qtbot, small_ledger, zhang_history):
    later = ledger.add_registration(small_ledger.zhang, "2025-08-01")
    tab = _form(qtbot, small_ledger.zhang).registration_tab
    tab.select_row(1)
    dlg = tab.edit_selected()
    assert dlg is not None and dlg.record is not None and dlg.record.id == later.id
    dlg.registered_on.setText("2025-06-01")
    assert not dlg.submit()
    assert dlg.general_error.text() == "与已有失业登记（2025-01-01 至 2025-06-30）时间重叠"
    assert Registration.get_by_id(later.id).registered_on == D(2025, 8, 1)
    dlg.reject()


def test_taking_back_a_cancellation(qtbot, small_ledger, zhang_history):
    reg, _rec, _emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).registration_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert dlg is not None and dlg.cancelled_on is not None and dlg.cancel_reason is not None
    dlg.cancelled_on.setText("")
    assert not dlg.submit()  # the reason is still chosen
    assert dlg.errors["cancel_reason"].text() == "未填注销日期时不能填写注销原因"
    dlg.cancel_reason.setCurrentIndex(0)
    assert dlg.submit()
    assert Registration.get_by_id(reg.id).cancelled_on is None
    assert tab.model.text(0, 1) == "未注销"


# ---------------------------------------------------------------------------- 就业困难认定


def test_recognition_prefilled_and_saved(qtbot, small_ledger, zhang_history):
    _reg, rec, _emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).recognition_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert isinstance(dlg, AddRecognitionDialog)
    assert dlg.windowTitle() == "修改就业困难认定"
    assert dlg.recognized_on.text() == "2025-02-01"
    assert dlg.categories() == "大龄、残疾"
    assert dlg.level.currentData() == "二级"
    assert dlg.cancelled_on is not None and dlg.cancelled_on.text() == ""
    dlg.category_boxes["残疾"].setChecked(False)
    dlg.level.setCurrentIndex(dlg.level.findData("一级"))
    with qtbot.waitSignal(tab.changed):
        assert dlg.submit()
    got = Recognition.get_by_id(rec.id)
    assert (got.categories, got.level) == ("大龄", "一级")
    assert (tab.model.text(0, 1), tab.model.text(0, 2)) == ("大龄", "一级")


def test_recognition_without_category_keeps_the_dialog_open(qtbot, small_ledger, zhang_history):
    _reg, rec, _emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).recognition_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert dlg is not None
    dlg.set_categories([])
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert dlg.errors["categories"].text() == "认定类别不能为空"
    assert Recognition.get_by_id(rec.id).categories == "大龄、残疾"
    dlg.reject()


# ---------------------------------------------------------------------------- 就业记录


def test_employment_prefilled_with_every_detail(qtbot, small_ledger, zhang_history):
    tab = _form(qtbot, small_ledger.zhang).employment_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert isinstance(dlg, AddEmploymentDialog)
    assert dlg.windowTitle() == "修改就业记录"
    assert (
        dlg.started_on.text(),
        dlg.form_combo.currentData(),
        dlg.employer.text(),
        dlg.ended_on.text(),
    ) == (
        "2025-07-01",
        "单位就业",
        "甲公司",
        "2025-12-31",
    )
    assert dlg.details() == {
        "employment_type": "单位就业",
        "channel": "非公有制企业",
        "industry": "",
        "credit_code": "",
        "position": "保洁员",
        "monthly_income": "3000",
        "contract": "是",
        "contract_term": "1年",
    }
    dlg.reject()


def test_saving_the_employment_changes_the_row_and_nothing_else(qtbot, small_ledger, zhang_history):
    _reg, _rec, emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).employment_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert dlg is not None
    dlg.ended_on.setText("")  # a current employment now: still no consequences offered for a correction
    dlg.monthly_income.setText("3500")
    with qtbot.waitSignal(tab.changed):
        qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert not dlg.isVisible() and dlg.consequences_dialog is None
    got = Employment.get_by_id(emp.id)
    assert (got.ended_on, got.monthly_income, got.position) == (None, 3500, "保洁员")
    assert Employment.select().count() == 1
    assert (tab.model.text(0, 4), tab.model.text(0, 7)) == ("", "3500")


def test_a_bad_income_keeps_the_employment_dialog_open(qtbot, small_ledger, zhang_history):
    _reg, _rec, emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).employment_tab
    tab.select_row(0)
    dlg = tab.edit_selected()
    assert dlg is not None
    dlg.monthly_income.setText("三千")
    qtbot.mouseClick(dlg.ok_button, Qt.MouseButton.LeftButton)
    assert dlg.isVisible()
    assert "月收入" in dlg.errors["monthly_income"].text()
    assert Employment.get_by_id(emp.id).monthly_income == 3000
    dlg.form_combo.setCurrentIndex(0)
    dlg.monthly_income.setText("3000")
    assert not dlg.submit()
    assert dlg.errors["form"].text() == "请选择就业形式"
    dlg.reject()


def test_edit_of_a_record_deleted_meanwhile_opens_nothing(qtbot, small_ledger, zhang_history):
    _reg, _rec, emp = zhang_history
    tab = _form(qtbot, small_ledger.zhang).employment_tab
    tab.select_row(0)
    ledger.delete_employment(emp.id)
    assert tab.edit_selected() is None
    assert tab.current_dialog is None
