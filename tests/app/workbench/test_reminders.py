"""The to-do rules (app.reminders), each at its boundaries; recording what a rule asks for ends its line."""

from __future__ import annotations

import datetime as dt

import pytest

from app import casework
from app.assessment.indicators import Period, compute
from app.core.idcard import make_id
from app.register import ledger, start_work
from app.workbench import reminders
from db.models import Employer, Graduate, Household, Person, Referral, ServicePlan, Vacancy, ZeroFamily

D = dt.date


def person(n: int, name: str, status: str = "未就业", survey: str = "2024-03-01", **extra: object) -> int:
    values: dict[str, object] = {
        "id_number": make_id("440106", D(1985, 1 + n % 12, 1 + n % 27), n),
        "name": name,
        "employment_status": status,
        "survey_date": survey,
        "unemployment_reason": "合同到期",
        "family_situation": "一般",
        "job_intention": "保洁",
        "skills": "无",
        "social_security": "城乡居民社保",
    }
    values.update(extra)
    return ledger.save_person(values).id


def service(pid: int, on: str, kind: str = "跟踪回访", today: str = "2030-01-01") -> None:
    casework.add_service(
        {"person_id": pid, "served_on": on, "kind": kind, "content": "电话联系"}, today=D.fromisoformat(today)
    )


def rule_items(rule: str, today: dt.date) -> list[reminders.TodoItem]:
    return reminders.todo_list(today, [rule])


# ---------------------------------------------------------------------------- monthly contact


def test_monthly_contact_line_and_due(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-05-01", "大龄")
    (item,) = rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 15))
    assert item.text == "就业困难人员 张三 本月尚未联系"
    assert item.due == D(2024, 5, 31) and item.days_left == 16 and not item.overdue
    assert item.opens == reminders.OPEN_SERVICE and item.person_id == pid
    assert item.extra["service_kind"] == "跟踪回访"


def test_monthly_contact_recognised_after_first_day_not_counted_this_month(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-05-02", "大龄")
    assert rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 15)) == []


def test_monthly_contact_cancelled_before_month_end_not_counted(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-01-01", "大龄", cancelled_on="2024-05-30", cancel_reason="(五)")
    assert rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 15)) == []


def test_monthly_contact_cancelled_on_month_end_still_counted(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-01-01", "大龄", cancelled_on="2024-05-31", cancel_reason="(五)")
    assert len(rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 15))) == 1


def test_monthly_contact_service_last_month_does_not_count(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-01-01", "大龄")
    service(pid, "2024-04-30")
    assert len(rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 1))) == 1


def test_monthly_contact_recording_a_service_removes_the_line(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-01-01", "大龄")
    today = D(2024, 5, 1)
    assert len(rule_items(reminders.MONTHLY_CONTACT, today)) == 1
    service(pid, "2024-05-01", today="2024-05-01")
    assert rule_items(reminders.MONTHLY_CONTACT, today) == []


# ---------------------------------------------------------------------------- plan within 30 days


def test_plan_due_on_day_30(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-04-15", "大龄")
    (item,) = rule_items(reminders.DIFFICULTY_PLAN, D(2024, 5, 15))
    assert item.due == D(2024, 5, 15) and item.days_left == 0 and not item.overdue
    assert item.text == "就业困难人员 张三 认定于 4月15日，5月15日前须制定一人一策"
    assert item.opens == reminders.OPEN_PLAN


def test_plan_overdue_the_day_after(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-04-15", "大龄")
    (item,) = rule_items(reminders.DIFFICULTY_PLAN, D(2024, 5, 16))
    assert item.overdue and item.days_left == -1 and item.when_text == "已逾期 1 天"
    # The same person is late in the indicator that scores item 3.5.
    assert pid in compute("difficulty_plan_timely", Period(D(2024, 5, 16), D(2024, 5, 16))).sets["late"]


def test_plan_made_on_deadline_ends_the_line(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-04-15", "大龄")
    casework.save_plan(
        pid,
        {"made_on": "2024-05-15", "goal": "三个月内就业", "measures": "每月推荐岗位"},
        today=D(2024, 5, 15),
    )
    assert rule_items(reminders.DIFFICULTY_PLAN, D(2024, 5, 15)) == []


def test_plan_made_late_also_ends_the_line(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-04-15", "大龄")
    ServicePlan.create(person=pid, made_on=D(2024, 5, 20), goal="就业", measures="推荐")
    assert rule_items(reminders.DIFFICULTY_PLAN, D(2024, 5, 21)) == []


def test_plan_not_asked_after_the_recognition_is_cancelled(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-04-15", "大龄", cancelled_on="2024-05-01", cancel_reason="(五)")
    assert rule_items(reminders.DIFFICULTY_PLAN, D(2024, 5, 20)) == []


# ---------------------------------------------------------------------------- zero-employment family


def _zero_family(code: str, recognized: dt.date, member_name: str = "周八") -> int:
    pid = person(7, member_name, household_code=code, relation="户主")
    ZeroFamily.create(household=Household.get(Household.code == code), recognized_on=recognized)
    return pid


def test_zero_family_line_in_the_issue_style(db) -> None:
    head = _zero_family("H0012", D(2024, 3, 2))
    (item,) = rule_items(reminders.ZERO_FAMILY, D(2024, 3, 28))
    assert item.text == "零就业家庭 H0012 认定于 3月2日，4月2日前须有一人就业，还剩 5 天"
    assert item.subject_kind == "household" and item.person_id == head and item.days_left == 5


def test_zero_family_deadline_clamped_to_month_end(db) -> None:
    _zero_family("H0001", D(2024, 1, 31))
    (item,) = rule_items(reminders.ZERO_FAMILY, D(2024, 2, 29))
    assert item.due == D(2024, 2, 29) and item.days_left == 0


def test_zero_family_overdue_until_someone_works(db) -> None:
    head = _zero_family("H0001", D(2024, 1, 10))
    (item,) = rule_items(reminders.ZERO_FAMILY, D(2024, 3, 1))
    assert item.overdue and item.text.endswith("已逾期 20 天")
    ledger.add_employment(head, "2024-02-28", "灵活就业")  # late, but the family is no longer zero
    assert rule_items(reminders.ZERO_FAMILY, D(2024, 3, 1)) == []


def test_zero_family_job_before_recognition_does_not_clear(db) -> None:
    head = _zero_family("H0001", D(2024, 3, 2))
    ledger.add_employment(head, "2024-03-01", "灵活就业")
    assert len(rule_items(reminders.ZERO_FAMILY, D(2024, 3, 10))) == 1


def test_zero_family_recorded_cleared_date_ends_the_line(db) -> None:
    _zero_family("H0001", D(2024, 3, 2))
    ZeroFamily.update(cleared_on=D(2024, 3, 20)).execute()
    assert rule_items(reminders.ZERO_FAMILY, D(2024, 3, 28)) == []


# ---------------------------------------------------------------------------- 6 and 12 months registered


def test_long_term_announced_30_days_before_six_months(db) -> None:
    pid = person(1, "王五")
    ledger.add_registration(pid, "2024-01-10")
    assert rule_items(reminders.LONG_TERM, D(2024, 6, 9)) == []  # 31 days before
    (item,) = rule_items(reminders.LONG_TERM, D(2024, 6, 10))
    assert item.due == D(2024, 7, 10) and item.days_left == 30 and item.extra["months"] == 6
    assert item.text == "登记失业人员 王五 登记于 1月10日，将于 7月10日满6个月，还剩 30 天"


def test_long_term_past_six_months_is_overdue(db) -> None:
    pid = person(1, "王五")
    ledger.add_registration(pid, "2024-01-10")
    (item,) = rule_items(reminders.LONG_TERM, D(2024, 7, 11))
    assert item.overdue and item.text.endswith("已于 7月10日满6个月")


def test_long_term_switches_to_twelve_months_30_days_before(db) -> None:
    pid = person(1, "王五")
    ledger.add_registration(pid, "2024-01-10")
    (item,) = rule_items(reminders.LONG_TERM, D(2024, 12, 10))
    assert item.extra["months"] == 6
    (item,) = rule_items(reminders.LONG_TERM, D(2024, 12, 11))
    assert item.extra["months"] == 12 and item.due == D(2025, 1, 10) and item.days_left == 30


def test_long_term_ignores_personal_reason_and_cancelled(db) -> None:
    a = person(1, "王五")
    b = person(2, "赵六")
    ledger.add_registration(a, "2024-01-10", personal_reason=True, exclusion_note="照顾老人")
    ledger.add_registration(b, "2024-01-10", cancelled_on="2024-06-01", cancel_reason="灵活就业")
    assert rule_items(reminders.LONG_TERM, D(2024, 8, 1)) == []


# ---------------------------------------------------------------------------- graduates


def test_graduate_package_line_and_assessment_year(db) -> None:
    pid = person(3, "李四")
    Graduate.create(person=pid, grad_year=2024)
    service(pid, "2023-09-30", "职业指导")  # before the assessment year: not counted
    service(pid, "2023-10-01", "政策宣介")
    service(pid, "2024-06-01", "职业指导")
    (item,) = rule_items(reminders.GRADUATE_SERVICES, D(2024, 7, 1))
    assert item.text == "高校毕业生 李四 尚缺 职业指导 2 次、岗位推荐 3 次、培训或见习 1 次、档案服务 1 次"
    assert item.due == D(2024, 9, 30) and item.extra["service_kind"] == "职业指导"


def test_graduate_package_complete_or_placed_ends_the_line(db) -> None:
    pid = person(3, "李四")
    Graduate.create(person=pid, grad_year=2024)
    kinds = ["政策宣介", "档案服务", "培训推荐"]
    for i in range(3):
        service(pid, f"2024-06-0{i + 1}", "职业指导")
    for i, kind in enumerate(kinds):
        service(pid, f"2024-06-1{i + 1}", kind)
    emp = Employer.create(name="甲公司")
    vac = Vacancy.create(
        code="G1", employer=emp, title="文员", kind="全日制", headcount=1, collected_on=D(2024, 1, 1)
    )
    for day in (1, 2, 3):
        Referral.create(person=pid, vacancy=vac, referred_on=D(2024, 6, day))
    assert rule_items(reminders.GRADUATE_SERVICES, D(2024, 7, 1)) == []


def test_graduate_placed_not_reminded(db) -> None:
    pid = person(3, "李四")
    Graduate.create(person=pid, grad_year=2024, placed_on=D(2024, 6, 30), destination="就业")
    assert rule_items(reminders.GRADUATE_SERVICES, D(2024, 7, 1)) == []


# ---------------------------------------------------------------------------- referrals, vacancies


def _vacancy(valid_until: dt.date | None = None, status: str = "招聘中") -> Vacancy:
    emp = Employer.get_or_create(name="甲公司")[0]
    n = Vacancy.select().count() + 1
    return Vacancy.create(
        code=f"G{n:03d}",
        employer=emp,
        title="保洁员",
        kind="全日制",
        headcount=1,
        collected_on=D(2024, 1, 1),
        valid_until=valid_until,
        status=status,
    )


def test_referral_follow_up_due_after_14_days(db) -> None:
    pid = person(1, "张三")
    ref = Referral.create(person=pid, vacancy=_vacancy(), referred_on=D(2024, 5, 1))
    assert rule_items(reminders.REFERRAL_FOLLOW_UP, D(2024, 5, 14)) == []
    (item,) = rule_items(reminders.REFERRAL_FOLLOW_UP, D(2024, 5, 15))
    assert item.text == "推荐 张三 到 甲公司 保洁员（G001）已 14 天，尚未回访"
    assert item.days_left == 0 and item.subject_id == ref.id
    Referral.update(followed_up_on=D(2024, 5, 15)).execute()
    assert rule_items(reminders.REFERRAL_FOLLOW_UP, D(2024, 5, 15)) == []


def test_vacancy_past_valid_until(db) -> None:
    v = _vacancy(valid_until=D(2024, 5, 14))
    _vacancy(valid_until=D(2024, 5, 15))  # the last valid day is today: not expired
    _vacancy(valid_until=D(2024, 1, 1), status="已关闭")
    (item,) = rule_items(reminders.VACANCY_EXPIRED, D(2024, 5, 15))
    assert item.subject_id == v.id and item.days_left == -1 and item.person_id is None
    assert item.text == "岗位 G001 保洁员（甲公司）有效期至 5月14日，已过期，请关闭或延期"


# ---------------------------------------------------------------------------- surveys and 六清


def test_survey_outdated_boundaries(db) -> None:
    person(1, "张三", survey="2023-05-14")
    person(2, "李四", survey="2023-06-14")  # due exactly 30 days ahead: announced
    person(3, "王五", survey="2023-06-15")  # 31 days ahead: not yet
    items = rule_items(reminders.SURVEY_OUTDATED, D(2024, 5, 15))
    assert [i.text for i in items] == [
        "人员 张三 调查日期 2023年5月14日已超过12个月，请重新调查",
        "人员 李四 调查日期 2023年6月14日即将满12个月，请安排重新调查",
    ]
    assert items[0].days_left == -1 and items[1].days_left == 30


def test_six_clear_missing_for_unemployed(db) -> None:
    person(1, "张三")
    person(2, "李四", social_security="", skills="")
    items = rule_items(reminders.SIX_CLEAR, D(2024, 5, 15))
    assert [i.text for i in items] == ["人员 李四 六清信息缺 职业技能、社会保障"]
    assert items[0].due is None and items[0].days_left is None and items[0].when_text == "—"


def test_six_clear_employed_only_when_in_a_key_group(db) -> None:
    person(1, "张三", status="单位就业", unemployment_reason="", job_intention="", family_situation="")
    b = person(2, "李四", status="单位就业", unemployment_reason="", job_intention="", family_situation="")
    ledger.add_recognition(b, "2024-01-01", "大龄")
    (item,) = rule_items(reminders.SIX_CLEAR, D(2024, 5, 15))
    assert item.text == "人员 李四 六清信息缺 家庭状况"  # 失业原因 / 择业意向 asked only of the unemployed


def test_six_clear_blank_text_stored_raw_counts_as_missing(db) -> None:
    """A fact holding only full-width spaces or invisible characters (written past the form's cleaning,
    e.g. by an older version) is missing, as ``textnorm.is_blank`` says; one visible character is not."""
    a = person(1, "张三")
    Person.update(skills="\u3000\u3000", social_security="\u200b\ufeff").where(Person.id == a).execute()
    b = person(2, "李四")
    Person.update(skills="\u3000无", social_security="\u00a0").where(Person.id == b).execute()
    items = rule_items(reminders.SIX_CLEAR, D(2024, 5, 15))
    assert [i.text for i in items] == [
        "人员 张三 六清信息缺 职业技能、社会保障",
        "人员 李四 六清信息缺 社会保障",
    ]


# ---------------------------------------------------------------------------- the list


def test_order_overdue_first_then_due_then_undated(db) -> None:
    a = person(1, "张三", social_security="")
    ledger.add_recognition(a, "2024-04-01", "大龄")  # plan overdue since 5月1日
    b = person(2, "李四")
    ledger.add_recognition(b, "2024-05-10", "大龄")  # plan due 6月9日
    items = reminders.todo_list(D(2024, 5, 15))
    rules = [(i.rule, i.person_id) for i in items]
    assert rules == [
        (reminders.DIFFICULTY_PLAN, a),
        (reminders.MONTHLY_CONTACT, a),
        (reminders.DIFFICULTY_PLAN, b),
        (reminders.SIX_CLEAR, a),
    ]
    assert [i.overdue for i in items] == [True, False, False, False]
    counts = reminders.counts_by_rule(items)
    assert counts[reminders.DIFFICULTY_PLAN] == (2, 1) and counts[reminders.ZERO_FAMILY] == (0, 0)


def test_json_shape(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-05-01", "大龄")
    data = rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 15))[0].to_json()
    assert data == {
        "rule": "monthly_contact",
        "rule_title": "每月联系",
        "due": "2024-05-31",
        "days_left": 16,
        "overdue": False,
        "subject": {"kind": "person", "id": pid},
        "person_id": pid,
        "text": "就业困难人员 张三 本月尚未联系",
        "opens": "service",
        "extra": {"service_kind": "跟踪回访", "service_mode": "电话"},
    }


@pytest.mark.parametrize(("d", "text"), [(D(2024, 3, 2), "3月2日"), (D(2023, 3, 2), "2023年3月2日")])
def test_month_day_text(d: dt.date, text: str) -> None:
    assert reminders.md(d, D(2024, 5, 1)) == text


@pytest.mark.parametrize(
    ("days", "text"), [(-3, "已逾期 3 天"), (0, "今天到期"), (5, "还剩 5 天"), (None, "—")]
)
def test_days_text(days: int | None, text: str) -> None:
    assert reminders.days_text(days) == text


# ---------------------------------------------------------------------------- every rule at its boundaries
# (due tomorrow, due today, one day overdue) and ended by the record that satisfies it


def test_monthly_contact_due_tomorrow_today_and_never_carried_over(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-01-01", "大龄")
    (item,) = rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 30))
    assert (item.due, item.days_left, item.when_text) == (D(2024, 5, 31), 1, "还剩 1 天")
    (item,) = rule_items(reminders.MONTHLY_CONTACT, D(2024, 5, 31))
    assert (item.days_left, item.when_text, item.overdue) == (0, "今天到期", False)
    # The next day is a new month: May is lost (the indicator keeps it), the line asks for June.
    (item,) = rule_items(reminders.MONTHLY_CONTACT, D(2024, 6, 1))
    assert (item.due, item.days_left, item.overdue) == (D(2024, 6, 30), 29, False)
    service(pid, "2024-06-01", today="2024-06-01")
    assert rule_items(reminders.MONTHLY_CONTACT, D(2024, 6, 1)) == []


def test_plan_due_tomorrow(db) -> None:
    pid = person(1, "张三")
    ledger.add_recognition(pid, "2024-04-15", "大龄")
    (item,) = rule_items(reminders.DIFFICULTY_PLAN, D(2024, 5, 14))
    assert (item.due, item.days_left, item.overdue) == (D(2024, 5, 15), 1, False)


def test_zero_family_due_tomorrow_today_one_day_overdue(db) -> None:
    _zero_family("H0001", D(2024, 3, 2))
    texts = {}
    for day, left in ((D(2024, 4, 1), 1), (D(2024, 4, 2), 0), (D(2024, 4, 3), -1)):
        (item,) = rule_items(reminders.ZERO_FAMILY, day)
        assert item.due == D(2024, 4, 2) and item.days_left == left and item.overdue == (left < 0)
        texts[left] = item.text
    assert texts[0].endswith("4月2日前须有一人就业，今天到期")
    assert texts[-1].endswith("4月2日前须有一人就业，已逾期 1 天")


def test_zero_family_cleared_through_the_start_work_consequences(db) -> None:
    head = _zero_family("H0001", D(2024, 3, 2))
    today = D(2024, 4, 2)
    assert len(rule_items(reminders.ZERO_FAMILY, today)) == 1
    proposal = start_work.propose(head, "2024-04-02", "灵活就业", today=today)
    assert start_work.CLEAR_ZERO_FAMILY in proposal.keys
    start_work.apply(proposal, {start_work.CLEAR_ZERO_FAMILY})
    assert rule_items(reminders.ZERO_FAMILY, today) == []


def test_long_term_due_tomorrow_today_one_day_overdue(db) -> None:
    pid = person(1, "王五")
    ledger.add_registration(pid, "2024-01-10")
    (item,) = rule_items(reminders.LONG_TERM, D(2024, 7, 9))
    assert (item.due, item.days_left) == (D(2024, 7, 10), 1)
    assert item.text == "登记失业人员 王五 登记于 1月10日，将于 7月10日满6个月，还剩 1 天"
    (item,) = rule_items(reminders.LONG_TERM, D(2024, 7, 10))
    assert (item.days_left, item.overdue) == (0, False)
    assert item.text == "登记失业人员 王五 登记于 1月10日，今天（7月10日）满6个月"
    (item,) = rule_items(reminders.LONG_TERM, D(2024, 7, 11))
    assert (item.days_left, item.overdue) == (-1, True)


def test_long_term_ends_when_the_registration_is_cancelled(db) -> None:
    pid = person(1, "王五")
    reg = ledger.add_registration(pid, "2024-01-10")
    assert len(rule_items(reminders.LONG_TERM, D(2024, 7, 11))) == 1
    ledger.cancel_registration(reg.id, "2024-07-11", "灵活就业")
    assert rule_items(reminders.LONG_TERM, D(2024, 7, 11)) == []


def test_graduate_package_due_tomorrow_today_then_the_next_cohort(db) -> None:
    pid = person(3, "李四")
    Graduate.create(person=pid, grad_year=2024)
    nxt = person(4, "钱七")
    Graduate.create(person=nxt, grad_year=2025)
    (item,) = rule_items(reminders.GRADUATE_SERVICES, D(2024, 9, 29))
    assert (item.person_id, item.due, item.days_left) == (pid, D(2024, 9, 30), 1)
    (item,) = rule_items(reminders.GRADUATE_SERVICES, D(2024, 9, 30))
    assert (item.person_id, item.days_left, item.overdue) == (pid, 0, False)
    # 1 October: a new assessment year, which assesses the 2025 graduates (as the standard will on
    # 30 September 2025); the 2024 cohort's year is closed, not overdue.
    (item,) = rule_items(reminders.GRADUATE_SERVICES, D(2024, 10, 1))
    assert (item.person_id, item.due, item.days_left) == (nxt, D(2025, 9, 30), 364)
    assert [i.person_id for i in rule_items(reminders.GRADUATE_SERVICES, D(2024, 12, 31))] == [nxt]
    assert [i.person_id for i in rule_items(reminders.GRADUATE_SERVICES, D(2025, 1, 1))] == [nxt]


def test_graduate_line_shrinks_and_ends_as_services_are_recorded(db) -> None:
    pid = person(3, "李四")
    Graduate.create(person=pid, grad_year=2024)
    today = D(2024, 7, 1)
    plan = ["政策宣介"] + ["职业指导"] * 3 + ["岗位推荐"] * 3 + ["培训推荐", "档案服务"]
    for n, kind in enumerate(plan):
        (item,) = rule_items(reminders.GRADUATE_SERVICES, today)
        assert item.extra["service_kind"] == kind  # the line opens the entry on what is missing first
        casework.add_service(
            {"person_id": pid, "served_on": D(2024, 6, 1 + n), "kind": kind, "content": "服务"}, today
        )
    assert rule_items(reminders.GRADUATE_SERVICES, today) == []


def test_referral_one_day_overdue_then_ended_by_the_follow_up(db) -> None:
    from app.jobs import referrals

    pid = person(1, "张三")
    ref = Referral.create(person=pid, vacancy=_vacancy(), referred_on=D(2024, 5, 1))
    (item,) = rule_items(reminders.REFERRAL_FOLLOW_UP, D(2024, 5, 16))
    assert (item.due, item.days_left, item.overdue) == (D(2024, 5, 15), -1, True)
    assert item.text == "推荐 张三 到 甲公司 保洁员（G001）已 15 天，尚未回访"
    assert referrals.record_outcome(ref.id, "已面试", "2024-05-16") is None
    assert rule_items(reminders.REFERRAL_FOLLOW_UP, D(2024, 5, 16)) == []


def test_vacancy_ended_by_closing_or_extending(db) -> None:
    from app.jobs import vacancies as jobs

    a = _vacancy(valid_until=D(2024, 5, 14))
    b = _vacancy(valid_until=D(2024, 5, 14))
    assert len(rule_items(reminders.VACANCY_EXPIRED, D(2024, 5, 15))) == 2
    jobs.close_vacancy(a.id)
    Vacancy.update(valid_until=D(2024, 6, 30)).where(Vacancy.id == b.id).execute()
    assert rule_items(reminders.VACANCY_EXPIRED, D(2024, 5, 15)) == []


def test_survey_due_tomorrow_today_and_ended_by_a_new_survey(db) -> None:
    pid = person(1, "张三", survey="2023-05-15")
    (item,) = rule_items(reminders.SURVEY_OUTDATED, D(2024, 5, 14))
    assert (item.due, item.days_left) == (D(2024, 5, 15), 1)
    (item,) = rule_items(reminders.SURVEY_OUTDATED, D(2024, 5, 15))
    assert (item.days_left, item.overdue) == (0, False)
    assert item.text == "人员 张三 调查日期 2023年5月15日今天满12个月，请重新调查"
    (item,) = rule_items(reminders.SURVEY_OUTDATED, D(2024, 5, 16))
    assert (item.days_left, item.overdue) == (-1, True)
    values = {f: getattr(Person.get_by_id(pid), f) for f in ("id_number", "name", "employment_status")}
    ledger.save_person({**values, "survey_date": "2024-05-16"}, pid)
    assert rule_items(reminders.SURVEY_OUTDATED, D(2024, 5, 16)) == []


def test_six_clear_ended_by_filling_the_facts(db) -> None:
    pid = person(2, "李四", social_security="")
    assert len(rule_items(reminders.SIX_CLEAR, D(2024, 5, 15))) == 1
    values = {f: getattr(Person.get_by_id(pid), f) for f in ("id_number", "name", "employment_status")}
    ledger.save_person({**values, "social_security": "城乡居民社保", "survey_date": "2024-03-01"}, pid)
    assert rule_items(reminders.SIX_CLEAR, D(2024, 5, 15)) == []


def test_six_clear_status_cancelled_today_has_ended(db) -> None:
    pid = person(2, "李四", status="单位就业", family_situation="")
    ledger.add_recognition(pid, "2024-01-01", "大龄", cancelled_on="2024-05-15", cancel_reason="(五)")
    assert len(rule_items(reminders.SIX_CLEAR, D(2024, 5, 14))) == 1
    assert rule_items(reminders.SIX_CLEAR, D(2024, 5, 15)) == []
