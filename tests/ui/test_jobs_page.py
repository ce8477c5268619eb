"""The 岗位与匹配 page: lists with completeness badges and expiry, filters, matching with reasons,
referring several people in one step, the referral list with follow-up reminders, a hire with its
consequences, the notice PDF and the Excel export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

import ui.dialogs as dialogs
import ui.errors
from app.core import validators
from app.core.idcard import make_id
from app.jobs import referrals
from app.jobs import vacancies as jobs
from app.register import ledger, start_work
from db.models import Employment, Person, Referral, Registration, Vacancy
from ui.dialogs.jobs_employer import EmployerForm
from ui.dialogs.jobs_referral import ReferralDialog
from ui.dialogs.jobs_vacancy import VacancyForm
from ui.models.jobs_employers import EmployerTableModel
from ui.models.jobs_matching import PersonMatchModel, PersonPickModel, VacancyMatchModel
from ui.models.jobs_referrals import ReferralTableModel
from ui.models.jobs_vacancies import STATUS_EXPIRED, VacancyPickModel, VacancyTableModel
from ui.models.table_base import ID_ROLE
from ui.pages.jobs import (
    TAB_EMPLOYERS,
    TAB_MATCHING,
    TAB_REFERRALS,
    TAB_VACANCIES,
    VIEW_VACANCY,
    JobsPage,
    select_row,
)
from ui.theme import ERROR as RED
from ui.theme import EXPIRED_BACKGROUND, OVERDUE_BACKGROUND
from ui.theme import SUCCESS as GREEN

TODAY = dt.date.today()
D = dt.timedelta


def credit_code(body17: str) -> str:
    return body17 + validators.credit_code_check(body17)


@dataclass
class JobsLedger:
    home_care: int  # employer 幸福家政服务有限公司
    inn: int  # employer 良口镇绿源民宿 (no vacancies of its own... see below)
    cleaner: int  # 保洁员, complete, open
    storekeeper: int  # 仓库管理员, lacks 薪酬待遇 and 联系电话
    cashier: int  # 收银员, expired yesterday
    guard: int  # 保安, 已关闭
    public: int  # 社区保洁, 公益性岗位
    zhang: int  # 张三: wants 保洁, 3000, 高中, 第一网格, open registration
    li: int  # 李四: wants 保洁
    wang: int  # 王五: wants 仓库, open difficulty recognition


def _person(seq: int, name: str, birth: dt.date, **extra: object) -> int:
    values: dict[str, object] = {
        "id_number": make_id("440117", birth, seq),
        "name": name,
        "employment_status": "未就业",
        "survey_date": (TODAY - D(days=60)).isoformat(),
        "wants_work": "是",
    }
    values.update(extra)
    return ledger.save_person(values).id


def build_jobs_ledger() -> JobsLedger:
    home = jobs.save_employer(
        {
            "name": "幸福家政服务有限公司",
            "kind": "家政",
            "credit_code": credit_code("91440101MA5C00001"),
            "contact": "陈经理",
            "phone": "13800001111",
        }
    ).id
    inn = jobs.save_employer({"name": "良口镇绿源民宿", "kind": "民宿"}).id
    collected = (TODAY - D(days=30)).isoformat()
    complete = {
        "hours": "8:00-17:00",
        "requirements": "18-50岁，初中及以上",
        "pay_text": "3000-4000元/月",
        "contact": "陈经理",
        "phone": "13800001111",
    }

    def vacancy(code: str, title: str, **extra: object) -> int:
        values: dict[str, object] = {
            "code": code,
            "employer_id": home,
            "title": title,
            "kind": "全日制",
            "headcount": 2,
            "collected_on": collected,
            "valid_until": (TODAY + D(days=60)).isoformat(),
            "location": "第一网格",
            "pay_min": 3000,
            "pay_max": 4000,
            **complete,
        }
        values.update(extra)
        return jobs.save_vacancy(values).id

    cleaner = vacancy("G2026-0001", "保洁员")
    storekeeper = vacancy(
        "G2026-0002", "仓库管理员", pay_text="", phone="", employer_id=inn, location="第二网格"
    )
    cashier = vacancy("G2026-0003", "收银员", valid_until=(TODAY - D(days=1)).isoformat())
    guard = vacancy("G2026-0004", "保安", status="已关闭")
    public = vacancy("G2026-0005", "社区保洁", kind="公益性岗位", requirements="60岁以下")
    zhang = _person(
        11,
        "张三",
        dt.date(1980, 5, 1),
        job_intention="保洁",
        expected_pay=3000,
        education="高中",
        grid="第一网格",
        phone="13900000011",
    )
    li = _person(13, "李四", dt.date(1982, 7, 15), job_intention="保洁")
    wang = _person(15, "王五", dt.date(1975, 1, 20), job_intention="仓库")
    ledger.add_registration(zhang, (TODAY - D(days=100)).isoformat())
    ledger.add_recognition(wang, (TODAY - D(days=90)).isoformat(), "大龄")
    return JobsLedger(home, inn, cleaner, storekeeper, cashier, guard, public, zhang, li, wang)


@pytest.fixture
def jl(db) -> JobsLedger:
    return build_jobs_ledger()


@pytest.fixture
def page(qtbot, jl) -> JobsPage:
    p = JobsPage()
    qtbot.addWidget(p)
    p.resize(1280, 800)
    p.show()
    qtbot.waitExposed(p)
    return p


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    """Warning boxes shown by ui.errors.show_error (instead of failing the test)."""
    seen: list[str] = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: seen.append(text))
    return seen


def titles(model: VacancyTableModel) -> list[str]:
    return [model.text(r, "岗位名称") for r in range(model.rowCount())]


def row_of(model, record_id: int) -> int:
    row = model.row_of_id(record_id)
    assert row is not None
    return row


# ---------------------------------------------------------------------------- models


def test_vacancy_models_pass_qtmodeltester(qtmodeltester, jl):
    model = VacancyTableModel()
    model.load(TODAY)
    assert model.rowCount() == 5
    qtmodeltester.check(model)
    model.sort(model.column_of("岗位要素"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    pick = VacancyPickModel()
    pick.load(TODAY)
    qtmodeltester.check(pick)


def test_employer_model_passes_qtmodeltester(qtmodeltester, jl):
    model = EmployerTableModel()
    model.load(TODAY)
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_matching_models_pass_qtmodeltester(qtmodeltester, jl):
    people = PersonPickModel()
    people.load(TODAY)
    qtmodeltester.check(people)
    vacancies = VacancyMatchModel()
    vacancies.load(jl.zhang, TODAY)
    assert vacancies.rowCount() > 0
    qtmodeltester.check(vacancies)
    matches = PersonMatchModel()
    pick = VacancyPickModel()
    pick.load(TODAY)
    matches.load(pick.row(row_of(pick, jl.cleaner)), TODAY)
    assert matches.rowCount() == 3
    matches.set_checked(jl.li, True)
    qtmodeltester.check(matches)
    matches.sort(1, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(matches)


def test_referral_model_passes_qtmodeltester(qtmodeltester, jl):
    referrals.refer([jl.zhang, jl.li], jl.cleaner, TODAY - D(days=20))
    model = ReferralTableModel()
    model.load(TODAY)
    assert model.rowCount() == 2
    qtmodeltester.check(model)


def test_sort_keeps_the_selection_on_the_same_vacancy(page, jl):
    assert select_row(page.vacancies.vacancy_view, page.vacancies.vacancy_model, jl.cashier)
    page.vacancies.vacancy_model.sort(
        page.vacancies.vacancy_model.column_of("岗位名称"), Qt.SortOrder.AscendingOrder
    )
    assert page.vacancies.selected_vacancy_ids() == [jl.cashier]


# ---------------------------------------------------------------------------- 岗位 list


def test_vacancy_list_shows_completeness_badges(page, jl):
    m = page.vacancies.vacancy_model
    col = m.column_of("岗位要素")
    incomplete = m.index(row_of(m, jl.storekeeper), col)
    assert m.data(incomplete) == "缺：薪酬待遇、联系电话"
    assert m.data(incomplete, Qt.ItemDataRole.ForegroundRole) == QColor(RED)
    complete = m.index(row_of(m, jl.cleaner), col)
    assert m.data(complete) == "要素齐全"
    assert m.data(complete, Qt.ItemDataRole.ForegroundRole) == QColor(GREEN)
    assert "发布前请补齐" in m.data(incomplete, Qt.ItemDataRole.ToolTipRole)


def test_vacancy_list_marks_expired_rows(page, jl):
    m = page.vacancies.vacancy_model
    row = row_of(m, jl.cashier)
    assert m.text(row, "状态") == "已过期"
    for col in range(m.columnCount()):
        assert m.data(m.index(row, col), Qt.ItemDataRole.BackgroundRole) == QColor(EXPIRED_BACKGROUND)
    assert m.data(m.index(row_of(m, jl.cleaner), 0), Qt.ItemDataRole.BackgroundRole) is None
    assert m.text(row_of(m, jl.guard), "状态") == "已关闭"
    assert page.vacancies.vacancy_count.text() == "共 5 个岗位　缺要素 1 个　已过有效期 1 个"


def test_vacancy_filters(page, jl):
    page.vacancies.incomplete_box.setChecked(True)
    assert titles(page.vacancies.vacancy_model) == ["仓库管理员"]
    page.vacancies.incomplete_box.setChecked(False)
    page.vacancies.status_combo.setCurrentIndex(page.vacancies.status_combo.findData(STATUS_EXPIRED))
    assert titles(page.vacancies.vacancy_model) == ["收银员"]
    page.vacancies.status_combo.setCurrentIndex(page.vacancies.status_combo.findData("已关闭"))
    assert titles(page.vacancies.vacancy_model) == ["保安"]
    page.vacancies.status_combo.setCurrentIndex(page.vacancies.status_combo.findData("open"))
    assert set(titles(page.vacancies.vacancy_model)) == {"保洁员", "仓库管理员", "社区保洁"}
    page.vacancies.status_combo.setCurrentIndex(0)
    page.vacancies.kind_combo.setCurrentIndex(page.vacancies.kind_combo.findData("公益性岗位"))
    assert titles(page.vacancies.vacancy_model) == ["社区保洁"]
    page.vacancies.kind_combo.setCurrentIndex(0)
    page.vacancies.vacancy_filter.setText("绿源")  # the employer's name
    assert titles(page.vacancies.vacancy_model) == ["仓库管理员"]


def test_ctrl_n_opens_the_form_of_the_current_tab(page):
    assert isinstance(page.new_record(), VacancyForm)
    page.current_dialog.reject()
    page.show_tab(TAB_EMPLOYERS)
    assert isinstance(page.new_record(), EmployerForm)
    page.current_dialog.reject()
    page.show_tab(TAB_REFERRALS)
    assert page.new_record() is None
    assert page.current_tab() == TAB_MATCHING


def test_ctrl_f_focuses_the_filter_of_the_current_tab(page, qtbot):
    page.vacancies.vacancy_filter.setText("保洁")
    page.focus_filter()
    qtbot.waitUntil(page.vacancies.vacancy_filter.hasFocus)
    assert page.vacancies.vacancy_filter.selectedText() == "保洁"
    page.show_tab(TAB_REFERRALS)
    page.focus_filter()
    qtbot.waitUntil(page.referrals.referral_filter.hasFocus)
    page.show_tab(TAB_MATCHING, VIEW_VACANCY)
    page.focus_filter()
    qtbot.waitUntil(page.matching.vacancy_search.hasFocus)


def test_new_vacancy_through_the_page(page, jl):
    form = page.vacancies.new_vacancy()
    assert isinstance(form, VacancyForm)
    form.set_value("code", "G2026-0100")
    form.employer_combo.setCurrentText("幸福家政服务有限公司")
    form.set_value("title", "育婴员")
    assert form.save()
    assert "育婴员" in titles(page.vacancies.vacancy_model)
    assert page.vacancies.selected_vacancy_ids() == [Vacancy.get(Vacancy.code == "G2026-0100").id]


def test_close_vacancy_asks_then_closes(page, jl, monkeypatch):
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, **_k: asked.append(text) or True)
    select_row(page.vacancies.vacancy_view, page.vacancies.vacancy_model, jl.cleaner)
    assert page.vacancies.close_selected_vacancies("已招满")
    assert "“保洁员”" in asked[0]
    assert Vacancy.get_by_id(jl.cleaner).status == "已招满"
    assert (
        page.vacancies.vacancy_model.text(row_of(page.vacancies.vacancy_model, jl.cleaner), "状态")
        == "已招满"
    )


def test_close_vacancy_declined_changes_nothing(page, jl, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: False)
    select_row(page.vacancies.vacancy_view, page.vacancies.vacancy_model, jl.cleaner)
    assert not page.vacancies.close_selected_vacancies()
    assert Vacancy.get_by_id(jl.cleaner).status == "招聘中"


def test_delete_vacancy(page, jl, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    select_row(page.vacancies.vacancy_view, page.vacancies.vacancy_model, jl.guard)
    assert page.vacancies.delete_selected_vacancies()
    assert Vacancy.get_or_none(Vacancy.id == jl.guard) is None
    assert "保安" not in titles(page.vacancies.vacancy_model)


# ---------------------------------------------------------------------------- 用人单位 list


def test_employer_list_with_counts(page, jl):
    assert page.employers.employer_model.rowCount() == 0  # loaded when the tab is first shown
    page.show_tab(TAB_EMPLOYERS)
    m = page.employers.employer_model
    row = row_of(m, jl.home_care)
    assert m.text(row, "统一社会信用代码") == credit_code("91440101MA5C00001")
    assert m.text(row, "岗位总数") == "4"
    assert m.text(row, "在招岗位") == "2"  # 保洁员, 社区保洁 (收银员 expired, 保安 closed)
    page.employers.employer_filter.setText("民宿")
    assert m.rowCount() == 1 and m.row_id(0) == jl.inn


def test_employer_with_vacancies_cannot_be_deleted(page, jl, monkeypatch, messages):
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    page.show_tab(TAB_EMPLOYERS)
    select_row(page.employers.employer_view, page.employers.employer_model, jl.inn)
    page.employers.delete_selected_employer()
    assert messages == ["用人单位“良口镇绿源民宿”还有 1 个岗位，请先删除或移走这些岗位再删除单位"]
    assert page.employers.employer_model.row_of_id(jl.inn) is not None


def test_show_the_vacancies_of_an_employer(page, jl):
    page.show_tab(TAB_EMPLOYERS)
    select_row(page.employers.employer_view, page.employers.employer_model, jl.inn)
    page.employers.show_employer_vacancies()
    assert page.current_tab() == TAB_VACANCIES
    assert titles(page.vacancies.vacancy_model) == ["仓库管理员"]


def test_new_vacancy_for_an_employer_takes_its_contact(page, jl):
    page.show_tab(TAB_EMPLOYERS)
    select_row(page.employers.employer_view, page.employers.employer_model, jl.home_care)
    form = page.employers.new_vacancy_for_employer()
    assert isinstance(form, VacancyForm)
    assert form.employer_combo.currentText() == "幸福家政服务有限公司"
    assert (form.value("contact"), form.value("phone")) == ("陈经理", "13800001111")
    form.reject()


# ---------------------------------------------------------------------------- 匹配


def test_best_vacancies_of_a_person_with_reasons(page, jl):
    page.show_tab(TAB_MATCHING)
    page.matching.person_search.setText("张三")
    assert page.matching.select_person(jl.zhang)
    m = page.matching.vacancy_match_model
    ids = [m.row_id(r) for r in range(m.rowCount())]
    assert ids[0] == jl.cleaner  # the best: intention, pay, grid
    assert jl.cashier not in ids and jl.guard not in ids  # expired / closed are not offered
    reasons = m.text(0, "匹配理由")
    for reason in ("意向相符：保洁", "薪酬在期望内", "学历符合", "同一网格"):
        assert reason in reasons
    tip = m.data(m.index(0, m.column_of("匹配理由")), Qt.ItemDataRole.ToolTipRole)
    assert "期望3000元" in tip and "+40/40" in tip
    assert "张三" in page.matching.person_card.text()


def test_reasons_column_leaves_out_what_every_row_says():
    from app.jobs.matching import AGE, EDUCATION, INTENTION, PAY, Factor, Match
    from ui.models.jobs_matching import factors_tip, reasons_text

    m = Match(
        45,
        1,
        2,
        (
            Factor(INTENTION, 40, 40, "意向相符：保洁"),
            Factor(PAY, 20, 0, "薪酬低于期望（期望5000元，岗位3000元）", shortfall=True),
            Factor(AGE, 15, 15, "年龄不限", informative=False),
            Factor(EDUCATION, 10, 10, "学历不限", informative=False),
        ),
    )
    assert reasons_text(m) == "意向相符：保洁；✗薪酬低于期望（期望5000元，岗位3000元）"
    tip = factors_tip(m)
    assert "年龄不限（+15/15）" in tip and "学历不限（+10/10）" in tip  # still explained in the tooltip


def test_weights_hint_follows_the_matching_weights():
    from app.jobs import matching
    from ui.pages.jobs.common import weights_hint

    hint = weights_hint()
    assert f"意向{matching.INTENTION_WEIGHT}（同类岗位{matching.INTENTION_FAMILY}）" in hint
    assert f"薪酬{matching.PAY_WEIGHT}" in hint and f"网格{matching.GRID_WEIGHT}" in hint


def test_best_people_of_a_public_welfare_job_difficulty_first(page, jl):
    page.show_tab(TAB_MATCHING, VIEW_VACANCY)
    assert page.matching.select_pick_vacancy(jl.public)
    m = page.matching.people_match_model
    names = [m.text(r, "姓名") for r in range(m.rowCount())]
    assert names[0] == "王五"  # difficulty person first although his intention does not fit
    assert m.text(0, "标记") == "就业困难人员"
    assert "就业困难人员优先安置公益性岗位" in m.text(0, "匹配理由")
    assert "公益性岗位" in page.matching.vacancy_card.text()


def test_expired_vacancies_only_on_request_in_the_picker(page, jl):
    page.show_tab(TAB_MATCHING, VIEW_VACANCY)
    assert page.matching.vacancy_pick_model.row_of_id(jl.cashier) is None
    page.matching.include_closed_box.setChecked(True)
    assert page.matching.vacancy_pick_model.row_of_id(jl.cashier) is not None


def test_refer_two_people_in_one_step(page, jl):
    page.show_tab(TAB_MATCHING, VIEW_VACANCY)
    assert page.matching.select_pick_vacancy(jl.cleaner)
    m = page.matching.people_match_model
    m.setData(m.index(row_of(m, jl.zhang), 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    m.setData(m.index(row_of(m, jl.li), 0), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert page.matching.refer_people_button.text() == "推荐所选人员（2）…"
    dialog = page.matching.refer_checked_people()
    assert isinstance(dialog, ReferralDialog)
    assert dialog.allow_box.isHidden()  # open vacancy: no warning
    dialog.note_edit.setText("电话推荐")
    assert dialog.submit()
    rows = list(Referral.select().order_by(Referral.person))
    assert [(r.person_id, r.vacancy_id, r.note) for r in rows] == [
        (jl.zhang, jl.cleaner, "电话推荐"),
        (jl.li, jl.cleaner, "电话推荐"),
    ]
    assert "推荐与回访" in page.tabs.tabText(3)
    page.show_tab(TAB_REFERRALS)
    assert page.referrals.referral_model.rowCount() == 2
    assert "已推荐 张三、李四" in page.message.text() or "已推荐 李四、张三" in page.message.text()
    assert m.checked_ids() == []


def test_refer_a_person_from_the_seeker_view(page, jl):
    page.show_tab(TAB_MATCHING)
    page.matching.select_person(jl.li)
    select_row(page.matching.vacancy_match_view, page.matching.vacancy_match_model, jl.cleaner)
    dialog = page.matching.refer_person_to_selected()
    assert isinstance(dialog, ReferralDialog)
    assert dialog.submit()
    assert [(r.person_id, r.vacancy_id) for r in Referral.select()] == [(jl.li, jl.cleaner)]


def test_check_first_and_clear(page, jl):
    page.show_tab(TAB_MATCHING, VIEW_VACANCY)
    page.matching.select_pick_vacancy(jl.cleaner)
    page.matching.check_top_button.click()
    assert len(page.matching.people_match_model.checked_ids()) == 3
    page.matching.clear_checks_button.click()
    assert page.matching.people_match_model.checked_ids() == []
    assert not page.matching.refer_people_button.isEnabled()


# ---------------------------------------------------------------------------- 推荐与回访


def test_referral_list_highlights_overdue_follow_ups(page, jl):
    old = referrals.refer([jl.zhang], jl.cleaner, TODAY - D(days=20))[0]
    new = referrals.refer([jl.li], jl.cleaner, TODAY - D(days=2))[0]
    page.reload()
    assert page.tabs.tabText(3) == "推荐与回访（1 待回访）"  # the reminder, seen from every tab
    page.show_tab(TAB_REFERRALS)
    m = page.referrals.referral_model
    r_old, r_new = row_of(m, old.id), row_of(m, new.id)
    assert m.text(r_old, "回访提醒") == "逾期 6 天未回访"
    assert m.data(m.index(r_old, 0), Qt.ItemDataRole.BackgroundRole) == QColor(OVERDUE_BACKGROUND)
    assert m.text(r_new, "回访提醒").startswith("12 天后回访")
    assert m.data(m.index(r_new, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert not page.referrals.due_banner.isHidden()
    assert "有 1 条推荐已满 14 天未回访" in page.referrals.due_banner.text()
    page.referrals.due_box.setChecked(True)
    assert [m.row_id(r) for r in range(m.rowCount())] == [old.id]


def test_no_banner_without_due_follow_ups(page):
    page.show_tab(TAB_REFERRALS)
    assert page.referrals.due_banner.isHidden()
    assert page.tabs.tabText(3) == "推荐与回访"


def test_hire_applies_the_consequences(page, jl, qtbot):
    r = referrals.refer([jl.zhang], jl.cleaner, TODAY - D(days=5))[0]
    page.reload()
    page.show_tab(TAB_REFERRALS)
    assert page.referrals.select_referral(r.id)
    outcome = page.referrals.edit_outcome()
    outcome.set_outcome("已录用")
    outcome.follow_edit.set_date(TODAY)
    assert outcome.save()
    consequences = page.current_dialog
    assert consequences is not outcome
    keys = set(consequences.checks)
    assert {start_work.EMPLOYMENT, start_work.CANCEL_REGISTRATION, start_work.UPDATE_STATUS} <= keys
    assert consequences.save()
    emp = Employment.get(Employment.person == jl.zhang)
    assert (emp.started_on, emp.form, emp.employer, emp.vacancy_id) == (
        TODAY,
        "单位就业",
        "幸福家政服务有限公司",
        jl.cleaner,
    )
    reg = Registration.get(Registration.person == jl.zhang)
    assert (reg.cancelled_on, reg.cancel_reason) == (TODAY, "被用人单位录用")
    person = Person.get_by_id(jl.zhang)
    assert (person.employment_status, person.employer) == ("单位就业", "幸福家政服务有限公司")
    assert Referral.get_by_id(r.id).outcome == "已录用"
    assert "张三" in page.message.text()


def test_hire_consequences_only_the_ticked_ones(page, jl):
    r = referrals.refer([jl.zhang], jl.cleaner, TODAY - D(days=5))[0]
    page.reload()
    outcome = page.referrals.edit_outcome(r.id)
    outcome.set_outcome("已录用")
    assert outcome.save()
    consequences = page.current_dialog
    consequences.checks[start_work.CANCEL_REGISTRATION].setChecked(False)
    consequences.checks[start_work.UPDATE_STATUS].setChecked(False)
    assert consequences.save()
    assert Employment.select().count() == 1
    assert Registration.get(Registration.person == jl.zhang).cancelled_on is None
    assert Person.get_by_id(jl.zhang).employment_status == "未就业"


def test_hire_followup_later_offers_what_is_missing(page, jl, monkeypatch):
    r = referrals.refer([jl.li], jl.cleaner, TODAY - D(days=5))[0]
    referrals.record_outcome(r.id, "已录用", TODAY)  # consequences declined at the time
    page.reload()
    page.show_tab(TAB_REFERRALS)
    page.referrals.select_referral(r.id)
    assert page.referrals.hire_button.isEnabled()
    dialog = page.referrals.hire_followup()
    assert dialog is not None
    assert dialog.save()
    assert Employment.get(Employment.person == jl.li).form == "单位就业"
    page.referrals.select_referral(r.id)
    assert page.referrals.hire_followup() is None  # nothing left
    assert "无需再处理" in page.message.text()


def test_outcome_other_than_hire_asks_nothing_more(page, jl):
    r = referrals.refer([jl.li], jl.cleaner, TODAY - D(days=5))[0]
    page.reload()
    outcome = page.referrals.edit_outcome(r.id)
    outcome.set_outcome("已面试")
    assert outcome.save()
    assert page.current_dialog is outcome
    row = Referral.get_by_id(r.id)
    assert (row.outcome, row.followed_up_on) == ("已面试", TODAY)
    page.show_tab(TAB_REFERRALS)
    m = page.referrals.referral_model
    assert m.text(row_of(m, r.id), "回访提醒") == f"已回访（{TODAY}）"


def test_outcome_follow_up_before_referral_refused_beside_the_field(page, jl):
    r = referrals.refer([jl.li], jl.cleaner, TODAY - D(days=5))[0]
    page.reload()
    outcome = page.referrals.edit_outcome(r.id)
    outcome.follow_edit.set_date(TODAY - D(days=6))
    assert not outcome.save()
    assert "早于推荐日期" in outcome.follow_error.text()
    assert Referral.get_by_id(r.id).followed_up_on is None
    outcome.reject()


def test_delete_referral(page, jl, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *_a, **_k: True)
    r = referrals.refer([jl.li], jl.cleaner, TODAY)[0]
    page.reload()
    page.show_tab(TAB_REFERRALS)
    page.referrals.select_referral(r.id)
    assert page.referrals.delete_selected_referral()
    assert Referral.select().count() == 0


# ---------------------------------------------------------------------------- notice and Excel


def test_notice_pdf_written(page, jl, tmp_path, monkeypatch, qtbot):
    target = tmp_path / "发布单.pdf"
    told: list[str] = []
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_a: target)
    monkeypatch.setattr(dialogs, "inform", lambda _p, _t, text: told.append(text))
    assert page.vacancies.print_notice() == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000
    assert "共 3 个在招岗位" in told[0]  # 保洁员, 仓库管理员, 社区保洁


def test_notice_cancelled_writes_nothing(page, tmp_path, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_a: None)
    assert page.vacancies.print_notice() is None
    assert not list(tmp_path.glob("*.pdf"))
    assert page.message.text() == ""


def test_excel_export_written(page, jl, tmp_path, monkeypatch):
    target = tmp_path / "岗位.xlsx"
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_a: target)
    monkeypatch.setattr(dialogs, "inform", lambda *_a: None)
    assert page.vacancies.export_excel() == target
    ws = load_workbook(target).active
    codes_written = sorted(row[0] for row in ws.iter_rows(min_row=2, values_only=True))
    assert codes_written == ["G2026-0001", "G2026-0002", "G2026-0005"]
    header = [c.value for c in ws[1]]
    missing = {row[0]: row[header.index("缺少要素")] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert missing["G2026-0002"] == "薪酬待遇、联系电话"


def test_excel_export_to_an_unwritable_place_is_a_clear_message(page, jl, tmp_path, monkeypatch, messages):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *_a: blocker / "岗位.xlsx")
    assert page.vacancies.export_excel() is None
    assert len(messages) == 1 and "无法写入" in messages[0]


def test_id_role_carries_the_record_id(page, jl):
    m = page.vacancies.vacancy_model
    assert m.data(m.index(row_of(m, jl.cleaner), 0), ID_ROLE) == jl.cleaner


def test_page_registered_in_the_window():
    from ui.pages import find_page

    spec = find_page("岗位与匹配")
    assert spec is not None and spec.load() is JobsPage


def test_selecting_in_a_view_with_a_hidden_first_column_uses_a_shown_cell(page, jl):
    # The picker hides 岗位编号 (column 0); a view does not scroll to a cell of a hidden column.
    page.show_tab(TAB_MATCHING, VIEW_VACANCY)
    assert page.matching.select_pick_vacancy(jl.public)
    current = page.matching.vacancy_pick_view.currentIndex()
    assert not page.matching.vacancy_pick_view.isColumnHidden(current.column())
    assert page.matching.selected_pick_vacancy_id() == jl.public


def test_render_page_shows_the_jobs_page(qtbot, jl, db_path, tmp_path):
    from ui.screenshot import render_page

    out = tmp_path / "jobs.png"
    render_page(db_path, "jobs", out)
    assert out.read_bytes().startswith(b"\x89PNG")
