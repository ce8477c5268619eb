"""Dates of services, plans and starts of work: the importer applies the windows' own rule
(app.daterules): not after today, not before the person's birth (issue 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.idcard import make_id
from app.register import ledger
from app.workbook import ImportRejected, import_workbook, validate_workbook
from db.models import Employment, Referral, Service, ServicePlan, TrainingReferral

from .conftest import ID1, ID2, person, persons, snapshot
from .test_import_cells import only, rejected
from .test_import_rules import EMPLOYERS, VAC, vacancy

D = dt.date
TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)
BIRTH1 = D(1990, 3, 7)  # ID1's birth date
SVC = ["身份证号", "服务日期", "服务类型", "服务内容"]
PLAN = ["身份证号", "制定日期", "帮扶目标", "帮扶措施"]
EMP = ["身份证号", "就业日期", "就业形式"]


def service(on: object, id_number: str = ID1, kind: str = "跟踪回访") -> list[object]:
    return [id_number, on, kind, "电话联系"]


def plan(on: object, id_number: str = ID1) -> list[object]:
    return [id_number, on, "三个月内就业", "每月推荐岗位"]


# ---------------------------------------------------------------------------- 服务记录 服务日期


def test_service_dated_today_is_accepted(db, book):
    import_workbook(book({"人员": persons(person()), "服务记录": [SVC, service(TODAY)]}))
    assert Service.get().served_on == TODAY


def test_service_dated_tomorrow_is_refused_and_nothing_written(db, book):
    p = only(rejected(book({"人员": persons(person()), "服务记录": [SVC, service(TOMORROW)]})))
    assert (p.sheet, p.row, p.column, p.value) == ("服务记录", 2, "服务日期", TOMORROW.isoformat())
    assert p.message == f"服务日期 {TOMORROW} 晚于今天（{TODAY}），不能记录将来的事"


def test_service_on_the_birth_day_is_accepted(db, book):
    import_workbook(book({"人员": persons(person()), "服务记录": [SVC, service(BIRTH1)]}))
    assert Service.get().served_on == BIRTH1


def test_service_before_birth_is_refused_naming_the_person(db, book):
    before = BIRTH1 - dt.timedelta(days=1)
    p = only(rejected(book({"人员": persons(person(name="张三")), "服务记录": [SVC, service(before)]})))
    assert (p.sheet, p.row, p.column, p.value) == ("服务记录", 2, "服务日期", "1990-03-06")
    assert p.message == "服务日期 1990-03-06 早于张三的出生日期 1990-03-07"


def test_service_before_birth_of_a_person_already_in_the_database(db, book):
    ledger.save_person(
        {"id_number": ID2, "name": "李四", "employment_status": "未就业", "survey_date": "2024-03-01"}
    )
    path = book({"人员": persons(person()), "服务记录": [SVC, service("1985-11-30", ID2)]})
    p = only(rejected(path))
    assert (p.row, p.column) == (2, "服务日期")
    assert p.message == "服务日期 1985-11-30 早于李四的出生日期 1985-12-01"


def test_the_workbook_name_wins_over_the_stored_name(db, book):
    ledger.save_person(
        {"id_number": ID1, "name": "张三", "employment_status": "未就业", "survey_date": "2024-03-01"}
    )
    path = book({"人员": persons(person(name="张叁")), "服务记录": [SVC, service("1990-01-01")]})
    assert only(rejected(path)).message == "服务日期 1990-01-01 早于张叁的出生日期 1990-03-07"


def test_every_bad_service_row_is_reported_and_good_rows_are_not_written(db, book):
    rows = [SVC, service("2024-05-10"), service(TOMORROW), service("1980-01-01", kind="政策宣介")]
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        import_workbook(book({"人员": persons(person()), "服务记录": rows}))
    assert snapshot() == before
    problems = info.value.report.problems
    assert [(p.row, p.column) for p in problems] == [(3, "服务日期"), (4, "服务日期")]
    assert "晚于今天" in problems[0].message and "早于张三的出生日期" in problems[1].message


def test_unknown_person_gets_only_the_reference_problem(db, book):
    other = make_id("440106", D(2001, 1, 1), 44)
    p = only(rejected(book({"人员": persons(person()), "服务记录": [SVC, service("2000-01-01", other)]})))
    assert p.column == "身份证号" and "都找不到" in p.message


def test_a_future_date_of_an_unknown_person_is_still_refused(db, book):
    other = make_id("440106", D(2001, 1, 1), 44)
    problems = rejected(book({"人员": persons(person()), "服务记录": [SVC, service(TOMORROW, other)]}))
    assert sorted(p.column or "" for p in problems) == ["服务日期", "身份证号"]


def test_today_can_be_given(db, book):
    path = book({"人员": persons(person()), "服务记录": [SVC, service("2024-05-16")]})
    report = validate_workbook(path, today=D(2024, 5, 15))
    assert only(report.problems).message == "服务日期 2024-05-16 晚于今天（2024-05-15），不能记录将来的事"
    assert validate_workbook(path, today=D(2024, 5, 16)).ok
    import_workbook(path, today=D(2024, 5, 16))
    assert Service.get().served_on == D(2024, 5, 16)


# ---------------------------------------------------------------------------- 服务计划 制定日期


def test_plan_made_today_is_accepted(db, book):
    import_workbook(book({"人员": persons(person()), "服务计划": [PLAN, plan(TODAY)]}))
    assert ServicePlan.get().made_on == TODAY


def test_plan_made_tomorrow_is_refused(db, book):
    p = only(rejected(book({"人员": persons(person()), "服务计划": [PLAN, plan(TOMORROW)]})))
    assert (p.sheet, p.row, p.column, p.value) == ("服务计划", 2, "制定日期", TOMORROW.isoformat())
    assert p.message == f"制定日期 {TOMORROW} 晚于今天（{TODAY}），不能记录将来的事"


def test_plan_before_birth_is_refused_on_birth_day_accepted(db, book):
    p = only(rejected(book({"人员": persons(person()), "服务计划": [PLAN, plan("1990-03-06")]})))
    assert (p.column, p.message) == ("制定日期", "制定日期 1990-03-06 早于张三的出生日期 1990-03-07")
    import_workbook(book({"人员": persons(person()), "服务计划": [PLAN, plan(BIRTH1)]}))
    assert ServicePlan.get().made_on == BIRTH1


def test_plan_review_before_made_still_refused(db, book):
    rows = [[*PLAN, "复核日期"], [*plan("2024-05-10"), "2024-05-09"]]
    p = only(rejected(book({"人员": persons(person()), "服务计划": rows})))
    assert (p.column, p.message) == ("复核日期", "复核日期 2024-05-09 早于 制定日期 2024-05-10")


# ---------------------------------------------------------------------------- 就业记录 就业日期


def test_employment_before_birth_is_refused_on_birth_day_accepted(db, book):
    p = only(rejected(book({"人员": persons(person()), "就业记录": [EMP, [ID1, "1990-03-06", "单位就业"]]})))
    assert (p.sheet, p.row, p.column, p.value) == ("就业记录", 2, "就业日期", "1990-03-06")
    assert p.message == "就业日期 1990-03-06 早于张三的出生日期 1990-03-07"
    import_workbook(book({"人员": persons(person()), "就业记录": [EMP, [ID1, BIRTH1, "单位就业"]]}))
    assert Employment.get().started_on == BIRTH1


def test_employment_starting_tomorrow_is_accepted_as_in_the_window(db, book):
    # The window records a start of work still to come as a plain record.
    import_workbook(book({"人员": persons(person()), "就业记录": [EMP, [ID1, TOMORROW, "单位就业"]]}))
    assert Employment.get().started_on == TOMORROW


# ---------------------------------------------------------------------------- sheets the windows do not check


def test_referral_and_training_dates_keep_their_own_rules(db, book):
    # The windows' referrals check 推荐日期 against the vacancy, not against today or the birth date;
    # the importer invents no rule the windows lack.
    sheets = {
        "人员": persons(person()),
        "用人单位": EMPLOYERS,
        "岗位": [VAC, vacancy()],
        "推荐记录": [["身份证号", "岗位编号", "推荐日期"], [ID1, "G001", TOMORROW]],
        "培训推荐": [
            ["身份证号", "推荐日期", "培训类型", "培训项目"],
            [ID1, "1990-01-01", "职业技能培训", "育婴员"],
        ],
    }
    import_workbook(book(sheets))
    assert Referral.get().referred_on == TOMORROW
    assert TrainingReferral.get().referred_on == D(1990, 1, 1)


# ---------------------------------------------------------------------------- 人员 离开原因 / 离开日期

EXIT_HEADERS = ["身份证号", "姓名", "就业状态", "调查日期", "离开原因", "离开日期"]


def _left(reason: object, on: object) -> list[object]:
    return [ID1, "张三", "未就业", "2024-03-01", reason, on]


def test_a_person_who_left_comes_in_with_the_status(db, book):
    from db.models import Person

    import_workbook(book({"人员": persons(_left("迁出", "2025-06-30"), headers=EXIT_HEADERS)}))
    p = Person.get()
    assert (p.exit_status, p.exit_date) == ("迁出", D(2025, 6, 30))


@pytest.mark.parametrize("on", [TODAY, BIRTH1], ids=["today", "birth day"])
def test_an_exit_today_or_on_the_birth_day_is_accepted(db, book, on):
    from db.models import Person

    import_workbook(book({"人员": persons(_left("死亡", on), headers=EXIT_HEADERS)}))
    assert Person.get().exit_date == on


@pytest.mark.parametrize(
    ("reason", "on", "column", "message"),
    [
        ("迁出", None, "离开日期", "填写了离开原因时须填写离开日期"),
        (None, "2025-06-30", "离开原因", "填写了离开日期时须填写离开原因"),
        ("出国", "2025-06-30", "离开原因", "不在可选值内"),
        ("迁出", TOMORROW, "离开日期", "晚于今天"),
        ("死亡", D(1990, 3, 6), "离开日期", "早于"),
    ],
)
def test_bad_exit_is_refused_and_nothing_written(db, book, reason, on, column, message):
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        import_workbook(book({"人员": persons(_left(reason, on), headers=EXIT_HEADERS)}))
    assert any(p.column == column and message in p.message for p in info.value.report.problems)
    assert snapshot() == before


def test_the_exit_survives_the_round_trip(db, tmp_path):
    from app.storage.datafile import close_station, open_station
    from app.workbook import export_workbook
    from db.models import Person

    pid = ledger.save_person(
        {"id_number": ID1, "name": "张三", "employment_status": "未就业", "survey_date": "2024-03-01"}
    ).id
    Person.update(exit_status="退休", exit_date=D(2025, 1, 31)).where(Person.id == pid).execute()
    out = tmp_path / "out.xlsx"
    export_workbook(out, mask_ids=False)
    close_station()
    open_station(tmp_path / "other.sqlite", create=True)
    import_workbook(out)
    p = Person.get()
    assert (p.exit_status, p.exit_date) == ("退休", D(2025, 1, 31))
