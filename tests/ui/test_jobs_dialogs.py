"""The 岗位与匹配 dialogs: vacancy and employer forms (checked as you type, messages beside the fields,
nothing written on a refusal), the referral dialog (closed/expired vacancies only on purpose, no same-day
duplicates) and the outcome editor."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core import validators
from app.jobs import referrals
from app.register import start_work
from db.models import Employer, Referral, Vacancy
from tests.ui.test_jobs_page import TODAY, JobsLedger, build_jobs_ledger, credit_code
from ui.dialogs.jobs_employer import EmployerForm
from ui.dialogs.jobs_outcome import OutcomeDialog
from ui.dialogs.jobs_referral import ALLOW_TEXT, ReferralDialog
from ui.dialogs.jobs_vacancy import VacancyForm

D = dt.timedelta


@pytest.fixture
def jl(db) -> JobsLedger:
    return build_jobs_ledger()


@pytest.fixture
def vacancy_form(qtbot, jl) -> VacancyForm:
    form = VacancyForm(None)
    qtbot.addWidget(form)
    form.set_value("code", "G2026-0100")
    form.employer_combo.setCurrentText("幸福家政服务有限公司")
    form.set_value("title", "育婴员")
    return form


@pytest.fixture
def employer_form(qtbot, db) -> EmployerForm:
    form = EmployerForm(None)
    qtbot.addWidget(form)
    form.set_value("name", "良口镇新创温泉民宿")
    return form


# ---------------------------------------------------------------------------- vacancy form


def test_new_vacancy_defaults(vacancy_form):
    assert vacancy_form.value("collected_on") == TODAY.isoformat()
    assert vacancy_form.value("status") == "招聘中"
    assert vacancy_form.value("headcount") == "1"


def test_headcount_zero_refused_beside_the_field(vacancy_form):
    vacancy_form.set_value("headcount", "0")
    assert vacancy_form.error_text("headcount") == "招聘人数不能小于1"  # as typed
    before = Vacancy.select().count()
    assert not vacancy_form.save()
    assert "未保存" in vacancy_form.status.text()
    assert Vacancy.select().count() == before
    assert vacancy_form.value("title") == "育婴员"  # nothing lost


def test_headcount_one_accepted(vacancy_form):
    vacancy_form.set_value("headcount", "1")
    assert vacancy_form.error_text("headcount") == ""
    assert vacancy_form.save()
    assert Vacancy.get(Vacancy.code == "G2026-0100").headcount == 1


def test_headcount_not_a_number(vacancy_form):
    vacancy_form.set_value("headcount", "两人")
    assert vacancy_form.error_text("headcount") == "招聘人数应为整数，现为“两人”"


def test_min_pay_above_max_refused_beside_the_field(vacancy_form):
    vacancy_form.set_value("pay_min", "5000")
    vacancy_form.set_value("pay_max", "4000")
    assert vacancy_form.error_text("pay_max") == "薪酬上限 4000 低于薪酬下限 5000"
    assert not vacancy_form.save()
    assert Vacancy.get_or_none(Vacancy.code == "G2026-0100") is None
    vacancy_form.set_value("pay_max", "6000")
    assert vacancy_form.error_text("pay_max") == ""
    assert vacancy_form.save()


def test_equal_min_and_max_pay_accepted(vacancy_form):
    vacancy_form.set_value("pay_min", "4000")
    vacancy_form.set_value("pay_max", "4000")
    assert vacancy_form.error_text("pay_max") == ""
    assert vacancy_form.save()


def test_fixing_min_pay_clears_the_message_on_max(vacancy_form):
    vacancy_form.set_value("pay_min", "5000")
    vacancy_form.set_value("pay_max", "4000")
    vacancy_form.set_value("pay_min", "3000")
    assert vacancy_form.error_text("pay_max") == ""


def test_valid_until_before_collection_refused(vacancy_form):
    vacancy_form.set_value("valid_until", (TODAY - D(days=1)).isoformat())
    assert "早于收集日期" in vacancy_form.error_text("valid_until")
    assert not vacancy_form.save()


def test_bad_phone_and_date_beside_their_fields(vacancy_form):
    vacancy_form.set_value("phone", "12345")
    vacancy_form.set_value("collected_on", "2026-13-40")
    assert "格式不对" in vacancy_form.error_text("phone")
    assert "收集日期" in vacancy_form.error_text("collected_on")
    assert not vacancy_form.save()


def test_unknown_employer_refused(vacancy_form):
    vacancy_form.employer_combo.setCurrentText("不存在的公司")
    assert vacancy_form.error_text("employer_id") == "用人单位“不存在的公司”不存在，请先在用人单位中登记"
    assert not vacancy_form.save()


def test_duplicate_code_refused_with_the_next_free_one(vacancy_form):
    vacancy_form.set_value("code", "G2026-0001")
    assert not vacancy_form.save()
    assert "已被“保洁员”使用" in vacancy_form.error_text("code")


def test_elements_line_follows_the_typing(vacancy_form):
    assert vacancy_form.elements.text().startswith("岗位要素缺：工作时间、招聘要求、薪酬待遇")
    for name, value in (
        ("hours", "8:00-17:00"),
        ("requirements", "初中及以上"),
        ("pay_text", "4000元/月"),
        ("contact", "陈经理"),
    ):
        vacancy_form.set_value(name, value)
    vacancy_form.set_value("phone", "")  # it came from the employer
    assert vacancy_form.elements.text().startswith("岗位要素缺：联系电话")
    vacancy_form.set_value("phone", "13800001111")
    assert vacancy_form.elements.text() == "岗位要素齐全"


def test_picking_an_employer_fills_empty_contact(vacancy_form):
    assert vacancy_form.value("contact") == "陈经理"  # taken from 幸福家政 when picked
    vacancy_form.set_value("contact", "刘主管")
    vacancy_form.employer_combo.setCurrentText("良口镇绿源民宿")
    vacancy_form.employer_combo.setCurrentText("幸福家政服务有限公司")
    assert vacancy_form.value("contact") == "刘主管"  # never overwrites what was typed


def test_edit_vacancy_loads_and_saves(qtbot, jl):
    form = VacancyForm(jl.storekeeper)
    qtbot.addWidget(form)
    assert form.value("title") == "仓库管理员"
    assert form.employer_combo.currentText() == "良口镇绿源民宿"
    assert form.elements.text().startswith("岗位要素缺：薪酬待遇、联系电话")
    assert not form.dirty
    form.set_value("pay_text", "3500元/月")
    form.set_value("phone", "020-12345678")
    assert form.save()
    v = Vacancy.get_by_id(jl.storekeeper)
    assert (v.pay_text, v.phone, v.employer_id) == ("3500元/月", "020-12345678", jl.inn)


def test_cancel_with_changes_asks_first(qtbot, vacancy_form, monkeypatch):
    from ui.forms import common

    asked: list[str] = []
    monkeypatch.setattr(common, "confirm", lambda _p, title, _t: asked.append(title) or False)
    vacancy_form.show()
    vacancy_form.reject()
    assert asked == ["放弃修改"]
    assert vacancy_form.isVisible()


# ---------------------------------------------------------------------------- employer form


def test_wrong_credit_check_character_refused_as_typed(employer_form):
    good = credit_code("91440101MA5C0XY12")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    employer_form.set_value("credit_code", wrong)
    assert employer_form.error_text("credit_code") == (
        f"统一社会信用代码校验位错误（末位应为 {good[17]}），请核对"
    )
    assert not employer_form.save()
    assert Employer.select().count() == 0
    employer_form.set_value("credit_code", good)
    assert employer_form.error_text("credit_code") == ""
    assert employer_form.save()
    assert Employer.get().credit_code == good


def test_credit_code_length_and_characters(employer_form):
    employer_form.set_value("credit_code", "91440101MA5C0XY1")
    assert employer_form.error_text("credit_code") == "统一社会信用代码应为18位，现为16位"
    employer_form.set_value("credit_code", "91440101MA5C0XYI2Z")
    assert "不允许的字符" in employer_form.error_text("credit_code")


def test_credit_code_lowercase_and_empty_accepted(employer_form):
    good = credit_code("91440101MA5C0XY12")
    employer_form.set_value("credit_code", good.lower())
    assert employer_form.error_text("credit_code") == ""
    employer_form.set_value("credit_code", "")
    assert employer_form.error_text("credit_code") == ""
    assert employer_form.save()


def test_employer_name_required_and_unique(qtbot, employer_form):
    employer_form.set_value("name", "")
    assert employer_form.error_text("name") == "单位名称不能为空"
    employer_form.set_value("name", "良口镇新创温泉民宿")
    assert employer_form.save()
    again = EmployerForm(None)
    qtbot.addWidget(again)
    again.set_value("name", "良口镇新创温泉民宿")
    assert not again.save()
    assert again.error_text("name") == "单位名称“良口镇新创温泉民宿”已存在"
    assert Employer.select().count() == 1


def test_edit_employer(qtbot, jl):
    form = EmployerForm(jl.inn)
    qtbot.addWidget(form)
    assert form.value("name") == "良口镇绿源民宿"
    form.set_value("phone", "abc")
    assert "格式不对" in form.error_text("phone")
    form.set_value("phone", "13700002222")
    assert form.save()
    assert Employer.get_by_id(jl.inn).phone == "13700002222"


# ---------------------------------------------------------------------------- referral dialog


def _dialog(qtbot, vacancy_id: int, people: list[tuple[int, str]], today: dt.date = TODAY) -> ReferralDialog:
    dialog = ReferralDialog(vacancy_id, [p for p, _ in people], [n for _, n in people], today=today)
    qtbot.addWidget(dialog)
    return dialog


def test_closed_vacancy_refused_until_ticked(qtbot, jl):
    dialog = _dialog(qtbot, jl.guard, [(jl.zhang, "张三")])
    assert not dialog.warning.isHidden() and not dialog.allow_box.isHidden()
    assert "状态为已关闭" in dialog.warning.text() and "仍然推荐" in dialog.warning.text()
    assert not dialog.submit()
    assert f"勾选‘{ALLOW_TEXT}’" in dialog.error.text()
    assert Referral.select().count() == 0
    dialog.allow_box.setChecked(True)
    assert dialog.submit()
    assert [(r.person_id, r.vacancy_id) for r in Referral.select()] == [(jl.zhang, jl.guard)]


def test_expired_vacancy_warned_by_the_referral_date(qtbot, jl):
    dialog = _dialog(qtbot, jl.cashier, [(jl.li, "李四")])  # valid until yesterday
    assert "已过期" in dialog.warning.text()
    assert not dialog.submit()
    dialog.date_edit.set_date(TODAY - D(days=1))  # the last valid day
    assert dialog.warning.isHidden() and dialog.allow_box.isHidden()
    assert dialog.submit()
    assert Referral.get().referred_on == TODAY - D(days=1)


def test_same_person_twice_on_one_day_refused_by_name(qtbot, jl):
    referrals.refer([jl.zhang], jl.cleaner, TODAY)
    dialog = _dialog(qtbot, jl.cleaner, [(jl.li, "李四"), (jl.zhang, "张三")])
    assert not dialog.submit()
    assert dialog.error.text() == f"张三 已于 {TODAY} 推荐到岗位“保洁员”，同一天不能重复推荐"
    assert Referral.select().count() == 1  # 李四 not written either
    dialog.date_edit.set_date(TODAY - D(days=1))
    assert dialog.submit()
    assert Referral.select().count() == 3


def test_referral_date_checked(qtbot, jl):
    dialog = _dialog(qtbot, jl.cleaner, [(jl.li, "李四")])
    dialog.date_edit.setText("")
    assert dialog.date_error.text() == "推荐日期不能为空"
    assert not dialog.submit()
    dialog.date_edit.set_date(TODAY - D(days=31))  # before the vacancy was collected
    assert not dialog.submit()
    assert "早于岗位“保洁员”的收集日期" in dialog.date_error.text()
    assert Referral.select().count() == 0


def test_referral_dialog_lists_the_people(qtbot, jl):
    dialog = _dialog(qtbot, jl.cleaner, [(jl.zhang, "张三"), (jl.li, "李四")])
    label = dialog.findChild(type(dialog.warning), "people_label")
    assert label is not None and label.text() == "推荐人员（2 人）：张三、李四"


# ---------------------------------------------------------------------------- outcome editor


def test_outcome_dialog_emits_the_hire_proposal(qtbot, jl):
    r = referrals.refer([jl.zhang], jl.cleaner, TODAY - D(days=3))[0]
    dialog = OutcomeDialog(r.id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.set_outcome("已录用")
    with qtbot.waitSignal(dialog.hired) as signal:
        assert dialog.save()
    proposal = signal.args[0]
    assert proposal.person_name == "张三" and proposal.form == "单位就业"
    assert start_work.UPDATE_STATUS in proposal.keys
    assert Referral.get_by_id(r.id).outcome == "已录用"


def test_credit_code_helper_is_valid():
    assert validators.credit_code(credit_code("91440101MA5C00001")) == credit_code("91440101MA5C00001")
