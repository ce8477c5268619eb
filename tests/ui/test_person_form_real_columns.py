"""The person form's real-ledger fields (issue 13 item 5), the 求职登记 tab and the new fields of the
失业登记 and 就业记录 dialogs."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import codes
from app.core.idcard import make_id
from app.core.validators import credit_code_check
from db.models import Employment, JobSeeking, Person, Registration
from ui.forms.job_seeking import JobSeekingDialog
from ui.forms.person_form import PersonForm

NEW_ID = make_id("110101", dt.date(1995, 1, 1), 77)
CREDIT = "91440101MA5" + "ABCDE0"
CREDIT += credit_code_check(CREDIT)


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


def test_new_fields_are_in_their_groups_with_the_code_lists(new_form):
    ethnicity = new_form.fields["ethnicity"]
    assert [ethnicity.itemData(i) for i in range(ethnicity.count())] == ["", *codes.ETHNICITY.values]
    skill = new_form.fields["skill_level"]
    assert [skill.itemData(i) for i in range(skill.count())] == ["", *codes.SKILL_LEVEL.values]
    nature = new_form.fields["hukou_nature"]
    assert [nature.itemData(i) for i in range(nature.count())] == ["", "城镇", "农村"]
    assert [c.text() for c in new_form._set_checks["insurance"]] == list(codes.INSURANCE.values)


def test_save_with_the_real_ledger_fields(new_form):
    new_form.set_value("id_number", NEW_ID)
    new_form.set_value("name", "钱九")
    new_form.set_value("employment_status", "未就业")
    new_form.set_value("hukou_nature", "农村")
    new_form.set_value("ethnicity", "壮族")
    new_form.set_value("veteran", True)
    new_form.set_value("skill_level", "四级/中级工")
    new_form.set_value("certificate", "电工证")
    new_form.set_value("major", "机电")
    new_form.set_value("employment_card", "4401060020240001")
    new_form.set_value("person_category", "退役军人")
    checks = {c.text(): c for c in new_form._set_checks["insurance"]}
    checks["失业"].setChecked(True)
    checks["职工养老"].setChecked(True)
    assert new_form.save()
    p = Person.get(Person.id_number == NEW_ID)
    assert (p.hukou_nature, p.ethnicity, p.veteran, p.skill_level, p.insurance) == (
        "农村",
        "壮族",
        True,
        "四级/中级工",
        "职工养老、失业",
    )
    assert (p.certificate, p.major, p.employment_card, p.person_category) == (
        "电工证",
        "机电",
        "4401060020240001",
        "退役军人",
    )
    # Reloaded from the database, the boxes show the stored set.
    assert [c.text() for c in new_form._set_checks["insurance"] if c.isChecked()] == ["职工养老", "失业"]


def test_uninsured_with_another_box_is_refused_beside_the_field(new_form):
    checks = {c.text(): c for c in new_form._set_checks["insurance"]}
    checks["未参保"].setChecked(True)
    assert new_form.error_text("insurance") == ""
    checks["工伤"].setChecked(True)
    assert "填了“未参保”时不能再填其他项" in new_form.error_text("insurance")
    checks["工伤"].setChecked(False)
    assert new_form.error_text("insurance") == ""


def test_job_seeking_tab_add_edit_delete(qtbot, monkeypatch, form, small_ledger):
    tab = form.job_seeking_tab
    assert tab is not None and tab.model.rowCount() == 0
    titles = [form.tabs.tabText(i) for i in range(form.tabs.count())]
    assert titles.index("求职登记") == titles.index("就业记录") + 1
    dlg = tab.add()
    dlg.registered_on.setText("2026-03-01")
    dlg.intention.setText("保洁")
    dlg.expected_pay.setText("3500")
    dlg.area.setCurrentIndex(dlg.area.findData("本地"))
    dlg.work_form.setCurrentIndex(dlg.work_form.findData("短期"))
    dlg.guidance.setValue(2)
    with qtbot.waitSignal(tab.changed):
        assert dlg.submit()
    row = JobSeeking.get()
    assert (row.person_id, row.intention, row.expected_pay, row.area, row.work_form, row.guidance_count) == (
        small_ledger.zhang,
        "保洁",
        3500,
        "本地",
        "短期",
        2,
    )
    assert tab.model.rowCount() == 1 and tab.model.text(0, 0) == "2026-03-01"
    tab.select_row(0)
    edit = tab.edit_selected()
    assert isinstance(edit, JobSeekingDialog) and edit.intention.text() == "保洁"
    assert edit.area.currentData() == "本地" and edit.guidance.value() == 2
    edit.introduction.setValue(1)
    assert edit.submit()
    assert JobSeeking.get().introduction_count == 1
    monkeypatch.setattr("ui.forms.common.confirm", lambda *_a: True)
    tab.select_row(0)
    assert tab.delete()
    assert JobSeeking.select().count() == 0


def test_job_seeking_errors_shown_beside_the_fields(qtbot, form):
    dlg = form.job_seeking_tab.add()
    dlg.registered_on.setText((dt.date.today() + dt.timedelta(days=1)).isoformat())
    dlg.expected_pay.setText("面议")
    assert not dlg.submit()
    assert "期望薪资应为整数" in dlg.errors["expected_pay"].text()
    dlg.expected_pay.setText("3000")
    assert not dlg.submit()
    assert dlg.errors["expected_pay"].text() == ""
    assert "晚于今天" in dlg.errors["registered_on"].text()
    assert JobSeeking.select().count() == 0


def test_job_seeking_model_passes_qtmodeltester(qtmodeltester, form):
    dlg = form.job_seeking_tab.add()
    dlg.registered_on.setText("2026-03-01")
    assert dlg.submit()
    qtmodeltester.check(form.job_seeking_tab.model)


def test_registration_dialog_takes_unemployed_on_and_prior_status(qtbot, small_ledger):
    form = PersonForm(small_ledger.li)
    qtbot.addWidget(form)
    dlg = form.registration_tab.add()
    dlg.registered_on.setText("2026-02-01")
    dlg.unemployed_on.setText("2026-01-15")
    dlg.prior_status.setCurrentIndex(dlg.prior_status.findData("从各类单位辞职"))
    assert dlg.submit()
    reg = (
        Registration.select()
        .where(Registration.person == small_ledger.li)
        .order_by(Registration.id.desc())
        .get()
    )
    assert (reg.unemployed_on, reg.prior_status) == (dt.date(2026, 1, 15), "从各类单位辞职")
    row = form.registration_tab.model.rowCount() - 1
    assert form.registration_tab.model.text(row, 5) == "2026-01-15"


def test_registration_dialog_refuses_unemployed_after_registering(qtbot, small_ledger):
    form = PersonForm(small_ledger.li)
    qtbot.addWidget(form)
    dlg = form.registration_tab.add()
    dlg.registered_on.setText("2026-02-01")
    dlg.unemployed_on.setText("2026-02-02")
    assert not dlg.submit()
    assert "晚于登记日期" in dlg.errors["unemployed_on"].text()


def test_employment_dialog_details_are_written_with_the_record(qtbot, form, small_ledger):
    dlg = form.employment_tab.add()
    dlg.started_on.setText("2024-05-01")
    dlg.ended_on.setText("2024-12-31")  # a past job: written at once
    dlg.form_combo.setCurrentIndex(dlg.form_combo.findData("单位就业"))
    dlg.industry.setCurrentIndex(dlg.industry.findData("第三产业"))
    dlg.credit_code.setText(CREDIT)
    dlg.monthly_income.setText("4200")
    dlg.contract.setCurrentIndex(dlg.contract.findData("是"))
    dlg.contract_term.setText("2年")
    assert dlg.submit()
    e = Employment.get(Employment.person == small_ledger.zhang)
    assert (e.industry, e.credit_code, e.monthly_income, e.contract, e.contract_term) == (
        "第三产业",
        CREDIT,
        4200,
        True,
        "2年",
    )


def test_employment_dialog_refuses_a_wrong_credit_code_beside_the_field(qtbot, form):
    dlg = form.employment_tab.add()
    dlg.form_combo.setCurrentIndex(dlg.form_combo.findData("单位就业"))
    dlg.credit_code.setText(CREDIT[:17] + ("0" if CREDIT[17] != "0" else "1"))
    dlg.contract_term.setText("3年")  # without 劳动合同 = 是
    assert not dlg.submit()
    assert "校验位" in dlg.errors["credit_code"].text()
    assert "合同期限" in dlg.errors["contract_term"].text()
    assert Employment.select().count() == 0


def test_employment_details_go_through_the_consequences(qtbot, form, small_ledger):
    """张三 is registered unemployed: the details travel with the proposal and are written on 保存."""
    dlg = form.employment_tab.add()
    dlg.today = dt.date(2026, 6, 30)
    dlg.started_on.setText("2026-05-01")
    dlg.form_combo.setCurrentIndex(dlg.form_combo.findData("单位就业"))
    dlg.position.setText("保安")
    dlg.employment_type.setCurrentIndex(dlg.employment_type.findData("失业人员再就业"))
    assert not dlg.submit()
    with qtbot.waitSignal(dlg.accepted):
        assert dlg.consequences_dialog.save()
    e = Employment.get(Employment.person == small_ledger.zhang)
    assert (e.position, e.employment_type) == ("保安", "失业人员再就业")
