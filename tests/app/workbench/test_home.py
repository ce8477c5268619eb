"""The 工作台 numbers and chart series (app.home)."""

from __future__ import annotations

import datetime as dt

from app import casework
from app.core.idcard import make_id
from app.register import ledger
from app.workbench import home, reminders

D = dt.date
TODAY = D(2024, 5, 15)


def person(n: int, name: str, status: str = "未就业") -> int:
    return ledger.save_person(
        {
            "id_number": make_id("440106", D(1985, 1, 1), n),
            "name": name,
            "employment_status": status,
            "survey_date": "2024-03-01",
        }
    ).id


def service(pid: int, on: str, kind: str = "跟踪回访") -> None:
    casework.add_service({"person_id": pid, "served_on": on, "kind": kind, "content": "电话"}, TODAY)


def test_services_per_month_against_contacts_required(db) -> None:
    a = person(1, "张三")
    b = person(2, "李四", "单位就业")
    ledger.add_recognition(a, "2024-03-01", "大龄")
    service(a, "2024-03-31")
    service(b, "2024-03-01")
    service(b, "2024-05-15")
    series = home.services_per_month(TODAY, months=3)
    assert series.months == [D(2024, 3, 1), D(2024, 4, 1), D(2024, 5, 1)]
    assert series.labels == ["3月", "4月", "5月"]
    assert series.services == [2, 0, 1]
    assert series.difficulty_services == [1, 0, 0]  # 张三's; 李四 is not a 就业困难人员
    assert series.required == [1, 1, 1]
    assert series.contacted == [1, 0, 0]


def test_month_labels() -> None:
    s = home.MonthSeries([D(2023, 12, 1), D(2024, 1, 1)], [0, 0], [0, 0], [0, 0], [0, 0])
    assert s.labels == ["12月", "1月"] and s.long_labels == ["2023年12月", "2024年1月"]


def test_employment_state_in_code_order(db) -> None:
    person(1, "张三", "未就业")
    person(2, "李四", "单位就业")
    person(3, "王五", "单位就业")
    assert home.employment_state() == [("单位就业", 2), ("未就业", 1)]


def test_key_numbers_and_home_data(db) -> None:
    a = person(1, "张三")
    b = person(2, "李四")
    ledger.add_recognition(a, "2024-01-01", "大龄")
    ledger.add_recognition(b, "2024-01-01", "大龄")
    ledger.add_registration(b, "2024-02-01", cancelled_on="2024-05-03", cancel_reason="灵活就业")
    service(a, "2024-05-02")
    data = home.home_data(TODAY)
    numbers = {n.label: n for n in data.numbers}
    assert numbers["本月服务人次"].value == 1
    assert numbers["本月已联系就业困难人员"].value == 1
    assert numbers["本月已联系就业困难人员"].note == "应联系 2 人，尚缺 1 人"
    assert numbers["就业困难人员"].value == 2
    assert numbers["登记失业人员"].value == 0
    assert numbers["本月实现就业"].value == 1
    assert numbers["逾期待办"].value == sum(1 for i in data.items if i.overdue)
    assert data.items == reminders.todo_list(TODAY)
    assert data.counts[reminders.MONTHLY_CONTACT] == (1, 0)
    assert data.months.months[-1] == D(2024, 5, 1) and len(data.months.months) == 12


def test_current_numbers_agree_with_the_casework_groups_on_a_cancellation_day(db) -> None:
    a = person(1, "张三")
    b = person(2, "李四")
    ledger.add_recognition(a, "2024-01-01", "大龄")
    ledger.add_recognition(b, "2024-01-01", "大龄", cancelled_on=TODAY, cancel_reason="(五)")
    ledger.add_registration(a, "2024-01-01")
    ledger.add_registration(b, "2024-01-01", cancelled_on=TODAY, cancel_reason="灵活就业")
    numbers = {n.label: n.value for n in home.home_data(TODAY).numbers}
    # Cancelled today has ended: the tiles count what the 重点人员帮扶 tabs list.
    assert numbers["就业困难人员"] == len(casework.group_members(casework.DIFFICULTY, TODAY)) == 1
    assert numbers["登记失业人员"] == len(casework.group_members(casework.REGISTERED, TODAY)) == 1
    yesterday = {n.label: n.value for n in home.home_data(TODAY - dt.timedelta(days=1)).numbers}
    assert yesterday["就业困难人员"] == 2 and yesterday["登记失业人员"] == 2
