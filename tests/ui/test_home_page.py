"""工作台: the to-do list (most urgent first; a click opens the record; recording the service removes the
line), the key numbers and the charts."""

from __future__ import annotations

import datetime as dt

from app.core.idcard import make_id
from app.register import ledger
from app.workbench import reminders
from db.models import Service, ServicePlan
from ui.charts import BarChart, Series
from ui.dialogs.plan_editor import PlanEditorDialog
from ui.dialogs.service_entry import ServiceEntryDialog
from ui.models.todo_table import TodoTableModel
from ui.pages.home import HomePage

TODAY = dt.date(2024, 5, 15)


def person(n: int, name: str, **extra: object) -> int:
    values: dict[str, object] = {
        "id_number": make_id("440106", dt.date(1985, 1, 1), n),
        "name": name,
        "employment_status": "单位就业",
        "survey_date": "2024-03-01",
        "family_situation": "一般",
        "skills": "电工证",
        "social_security": "职工社保",
    }
    values.update(extra)
    return ledger.save_person(values).id


def _ledger() -> tuple[int, int]:
    a = person(1, "张三")
    ledger.add_recognition(a, "2024-01-01", "大龄")  # plan overdue, not contacted this month
    b = person(2, "李四")
    ledger.add_recognition(b, "2024-05-01", "低保")  # plan due 5月31日, not contacted this month
    return a, b


def test_todo_model(db, qtmodeltester) -> None:
    _ledger()
    model = TodoTableModel()
    model.set_items(reminders.todo_list(TODAY))
    qtmodeltester.check(model)
    assert model.rowCount() == 4 and model.data(model.index(0, 0)) == "已逾期 105 天"
    model.set_rule(reminders.MONTHLY_CONTACT)
    assert model.rowCount() == 2 and model.total() == 4
    qtmodeltester.check(model)


def test_home_shows_the_list_most_urgent_first(qtbot, db) -> None:
    _ledger()
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    texts = [page.model.item(r).text for r in range(page.model.rowCount())]
    assert texts[0] == "就业困难人员 张三 认定于 1月1日，1月31日前须制定一人一策"
    assert "就业困难人员 张三 本月尚未联系" in texts and "就业困难人员 李四 本月尚未联系" in texts
    assert page.todo_count.text().strip() == "共 4 项，逾期 1 项"
    numbers = {t.label.text(): t.value.text() for t in page.tiles}
    assert numbers["就业困难人员"] == "2" and numbers["逾期待办"] == "1"
    assert page.rule_combo.itemText(0) == "全部（4）"
    page.rule_combo.setCurrentIndex(page.rule_combo.findData(reminders.DIFFICULTY_PLAN))
    assert page.model.rowCount() == 2


def test_click_opens_the_service_entry_and_saving_removes_the_line(qtbot, db) -> None:
    a, _b = _ledger()
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    page.rule_combo.setCurrentIndex(page.rule_combo.findData(reminders.MONTHLY_CONTACT))
    row = next(r for r in range(page.model.rowCount()) if page.model.item(r).person_id == a)
    page._clicked(page.model.index(row, 3))
    dlg = page.current_dialog
    assert isinstance(dlg, ServiceEntryDialog) and dlg.person_ids == [a]
    assert dlg.kind.currentData() == "跟踪回访" and dlg.mode.currentData() == "电话"
    with qtbot.waitSignal(dlg.finished):
        assert dlg.save()
    assert Service.get().person_id == a
    texts = [page.model.item(r).text for r in range(page.model.rowCount())]
    assert texts == ["就业困难人员 李四 本月尚未联系"]


def test_click_on_a_plan_line_opens_the_plan_editor(qtbot, db) -> None:
    a, _b = _ledger()
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    dlg = page.open_item(page.model.item(0))
    assert isinstance(dlg, PlanEditorDialog) and dlg.person_id == a
    dlg.goal.setPlainText("三个月内就业")
    dlg.measures.setPlainText("每月推荐岗位")
    with qtbot.waitSignal(dlg.finished):
        assert dlg.save()
    assert ServicePlan.get().person_id == a
    assert all(
        page.model.item(r).rule != reminders.DIFFICULTY_PLAN or page.model.item(r).person_id != a
        for r in range(page.model.rowCount())
    )


def test_person_line_opens_the_person_form(qtbot, db) -> None:
    person(3, "王五", employment_status="未就业", social_security="")
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    item = next(
        page.model.item(r)
        for r in range(page.model.rowCount())
        if page.model.item(r).rule == reminders.SIX_CLEAR
    )
    form = page.open_item(item)
    assert form is not None and form.windowTitle() == "人员信息 — 王五"
    form.reject()


def test_charts(qtbot, db) -> None:
    _ledger()
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    assert page.services_chart.categories[-1] == "5月"
    assert len(page.services_chart.ensure_chart().bar_items()) == 3
    assert (
        page.state_chart.categories == ["单位就业"] and len(page.state_chart.ensure_chart().bar_items()) == 1
    )
    chart = BarChart("测试")
    qtbot.addWidget(chart)
    chart.set_data(["甲", "乙"], [Series("人数", [3, 0])])
    assert chart.bar_items()[0].opts["height"] == [3, 0]


def test_referral_and_vacancy_lines_open_the_jobs_page(qtbot, db) -> None:
    from db.models import Employer, Referral, Vacancy
    from ui.dialogs.jobs_outcome import OutcomeDialog
    from ui.dialogs.jobs_vacancy import VacancyForm
    from ui.main_window import MainWindow
    from ui.pages.jobs import TAB_REFERRALS, TAB_VACANCIES, JobsPage

    today = dt.date.today()
    pid = person(5, "钱七")
    employer = Employer.create(name="甲公司")
    vacancy = Vacancy.create(
        code="G001",
        employer=employer,
        title="保洁员",
        kind="全日制",
        headcount=1,
        collected_on=today - dt.timedelta(days=400),
        valid_until=today - dt.timedelta(days=1),
    )
    # Older than the jobs page's default period (近一年): the filters are cleared to show it.
    ref = Referral.create(person=pid, vacancy=vacancy, referred_on=today - dt.timedelta(days=380))
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    home = window.current_page()
    assert isinstance(home, HomePage)
    rules = {home.model.item(r).rule for r in range(home.model.rowCount())}
    assert {reminders.REFERRAL_FOLLOW_UP, reminders.VACANCY_EXPIRED} <= rules

    item = next(i for i in home.data.items if i.rule == reminders.REFERRAL_FOLLOW_UP)
    jobs = home.open_item(item)
    assert isinstance(jobs, JobsPage) and window.current_page() is jobs
    assert jobs.current_tab() == TAB_REFERRALS and jobs.referrals.selected_referral_id() == ref.id
    outcome = jobs.current_dialog
    assert isinstance(outcome, OutcomeDialog) and outcome.referral_id == ref.id
    with qtbot.waitSignal(outcome.finished):
        assert outcome.save()
    assert Referral.get_by_id(ref.id).followed_up_on == today
    assert window.select_page("home") is home
    assert all(home.model.item(r).rule != reminders.REFERRAL_FOLLOW_UP for r in range(home.model.rowCount()))

    item = next(i for i in home.data.items if i.rule == reminders.VACANCY_EXPIRED)
    assert home.open_item(item) is jobs and window.current_page() is jobs
    assert jobs.current_tab() == TAB_VACANCIES and jobs.vacancies.selected_vacancy_ids() == [vacancy.id]
    form = jobs.current_dialog
    assert isinstance(form, VacancyForm) and form.vacancy_id == vacancy.id
    form.set_value("valid_until", (today + dt.timedelta(days=30)).isoformat())
    with qtbot.waitSignal(form.finished):
        assert form.save()
    window.select_page("home")
    assert all(home.model.item(r).rule != reminders.VACANCY_EXPIRED for r in range(home.model.rowCount()))


def test_vacancy_line_without_the_jobs_page_is_a_clear_message(qtbot, db, monkeypatch) -> None:
    import ui.errors
    from db.models import Employer, Vacancy

    Vacancy.create(
        code="G001",
        employer=Employer.create(name="甲公司"),
        title="保洁员",
        kind="全日制",
        headcount=1,
        collected_on=TODAY - dt.timedelta(days=60),
        valid_until=TODAY - dt.timedelta(days=1),
    )
    shown: list[str] = []
    monkeypatch.setattr(ui.errors, "show_error", lambda _parent, exc: shown.append(str(exc)))
    page = HomePage(today=TODAY)  # on its own: no window, no 岗位与匹配 page
    qtbot.addWidget(page)
    (item,) = [i for i in page.data.items if i.rule == reminders.VACANCY_EXPIRED]
    assert page.open_item(item) is None
    assert shown == ["岗位与匹配页面未能打开，请从左侧导航进入该页面处理"]


def test_todo_list_sorts_by_a_header_and_back_to_urgency(qtbot, db, qtmodeltester) -> None:
    from PySide6.QtCore import Qt

    _ledger()
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    urgent = [page.model.item(r) for r in range(page.model.rowCount())]
    assert page.view.isSortingEnabled() and page.view.horizontalHeader().sortIndicatorSection() == 0
    page.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # 类别: the rules in their order
    rules = [page.model.item(r).rule for r in range(page.model.rowCount())]
    assert rules == [reminders.MONTHLY_CONTACT] * 2 + [reminders.DIFFICULTY_PLAN] * 2
    qtmodeltester.check(page.model)
    page.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # least urgent first
    assert [page.model.item(r) for r in range(page.model.rowCount())] == urgent[::-1]
    page.reload()  # a reload keeps the chosen order
    assert [page.model.item(r) for r in range(page.model.rowCount())] == urgent[::-1]
    page.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [page.model.item(r) for r in range(page.model.rowCount())] == urgent


def test_empty_station_shows_the_guide_and_no_charts(qtbot, db) -> None:
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    page.show()
    assert page.guide.isVisibleTo(page)
    assert not page.services_chart.isVisibleTo(page) and not page.state_chart.isVisibleTo(page)
    assert page.guide.done() == {"station": False, "ledger": False, "staff": False, "assessment": False}
    mark, _text = page.guide.rows["station"]
    assert mark.text() == "1."


def test_guide_ticks_a_step_when_done(qtbot, db) -> None:
    from db.models import StationProfile

    StationProfile.create(id=1, name="幸福社区就业服务站")
    page = HomePage(today=TODAY)
    qtbot.addWidget(page)
    mark, text = page.guide.rows["station"]
    assert mark.text() == "✔" and "已完成" in text.text()


def test_count_axes_have_whole_numbers_only(qtbot) -> None:
    from ui.charts import integer_ticks

    assert integer_ticks(0) == [0, 1]
    assert integer_ticks(3) == [0, 1, 2, 3]
    assert integer_ticks(7) == [0, 2, 4, 6, 8]
    assert all(isinstance(t, int) for t in integer_ticks(1234))
    chart = BarChart("测试")
    qtbot.addWidget(chart)
    chart.set_data(["甲"], [Series("人数", [1])])
    assert chart.ticks == [0, 1]
    chart.set_data(["甲"], [Series("人数", [0])])
    assert not chart.has_data() and chart.empty_label.isVisibleTo(chart)


def test_guide_buttons_go_to_the_step(qtbot, db) -> None:
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    home_page = window.page("home")
    assert isinstance(home_page, HomePage)
    home_page.guide.buttons["guide_station_0"].click()
    assert window.current_page() is window.page("station")
    window.select_page("home")
    home_page.guide.buttons["guide_assessment_4"].click()
    assert window.current_page() is window.page("assessment")
    window.close()
