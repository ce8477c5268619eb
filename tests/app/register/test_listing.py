"""The register list (app.register): rows, chips, filter and sort — without Qt."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.idcard import check_char, make_id, mask_id
from app.core.workage import is_working_age
from app.register import ledger, listing, recycle
from app.register.listing import (
    CHIP_DIFFICULTY,
    CHIP_GRADUATE,
    CHIP_REGISTERED,
    CHIP_TRAINING,
    CHIP_WORKING_AGE,
    CHIP_ZERO_FAMILY,
    CHIPS,
    COLUMN_TITLES,
    COLUMNS,
    GONE_NAME,
    derived_facts,
    load_register,
    zero_family_history,
)
from db.models import Graduate, Household, Person, Setting, ZeroFamily, database

TODAY = dt.date(2026, 6, 15)
COL = {title: i for i, title in enumerate(COLUMN_TITLES)}


def _person(name: str, birth: dt.date, seq: int, **extra: object) -> int:
    values: dict[str, object] = {
        "id_number": make_id("110101", birth, seq),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-03-01",
    }
    values.update(extra)
    return ledger.save_person(values).id


def _x_id(birth: dt.date) -> str:
    """A valid ID number whose check character is X."""
    for seq in range(1000):
        first17 = f"110101{birth:%Y%m%d}{seq:03d}"
        if check_char(first17) == "X":
            return first17 + "X"
    raise AssertionError("no X check character found")


@pytest.fixture
def people(db):
    p = {}
    p["zhang"] = _person(
        "张三", dt.date(1980, 5, 1), 11, phone="13800000001", household_code="H001", relation="户主",
        training_need="是",
    )  # fmt: skip
    p["li"] = _person("李四", dt.date(1982, 7, 15), 22, household_code="H001", relation="配偶")
    p["wang"] = _person("王五", dt.date(1990, 1, 20), 31, phone="13900000003", household_code="h002")
    p["zhao"] = _person("赵六", dt.date(2001, 3, 3), 42)
    p["sun"] = _person("孙七", dt.date(1955, 1, 1), 51, employment_status="退休")
    p["zhou"] = ledger.save_person(
        {
            "id_number": _x_id(dt.date(1985, 9, 9)),
            "name": "周八",
            "employment_status": "未就业",
            "survey_date": "2026-03-01",
            "household_code": "H003",
        }
    ).id
    ledger.add_registration(p["zhang"], "2025-01-01")
    ledger.add_registration(p["li"], "2024-01-01", cancelled_on="2024-06-01", cancel_reason="灵活就业")
    ledger.add_recognition(p["wang"], "2025-03-01", "大龄")
    ledger.add_recognition(p["li"], "2024-01-01", "低保", cancelled_on="2024-05-01", cancel_reason="五")
    Graduate.create(person=p["zhao"], grad_year=2025)
    Graduate.create(person=p["wang"], grad_year=2012, placed_on=dt.date(2012, 9, 1), destination="就业")
    ZeroFamily.create(household=Household.get(Household.code == "H003"), recognized_on=dt.date(2026, 1, 1))
    return p


def _names(index, positions):
    return [index.display(i, COL["姓名"]) for i in positions]


def test_load_has_every_person_with_derived_cells(people):
    index = load_register(TODAY)
    assert len(index) == 6
    pos = next(i for i in range(len(index)) if index.person_id(i) == people["zhang"])
    assert index.display(pos, COL["姓名"]) == "张三"
    assert index.display(pos, COL["身份证号"]) == mask_id(make_id("110101", dt.date(1980, 5, 1), 11))
    assert "*" in index.display(pos, COL["身份证号"])
    assert index.display(pos, COL["性别"]) == "男"
    assert index.display(pos, COL["年龄"]) == "46"
    assert index.display(pos, COL["户编号"]) == "H001"
    assert index.display(pos, COL["与户主关系"]) == "户主"
    assert index.display(pos, COL["调查日期"]) == "2026-03-01"
    assert index.display(pos, COL["劳动年龄内"]) == "是"
    assert index.display(pos, COL["标记"]) == "登记失业、有培训需求"


def test_age_turns_on_the_birthday(people):
    # 张三 born 1980-05-01
    before = load_register(dt.date(2026, 4, 30))
    on = load_register(dt.date(2026, 5, 1))
    pos = next(i for i in range(len(on)) if on.person_id(i) == people["zhang"])
    assert before.age(pos) == 45
    assert on.age(pos) == 46


def test_filter_by_name(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("张三")) == ["张三"]
    assert _names(index, index.filter("李")) == ["李四"]


def test_filter_by_full_id_number_although_the_list_masks_it(people):
    index = load_register(TODAY)
    # The birth date digits are hidden in the list but searchable.
    assert _names(index, index.filter("19900120")) == ["王五"]
    assert _names(index, index.filter(make_id("110101", dt.date(1982, 7, 15), 22))) == ["李四"]


def test_filter_id_check_letter_is_case_insensitive(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("19850909")) == ["周八"]
    number = _x_id(dt.date(1985, 9, 9))
    assert _names(index, index.filter(number.lower())) == ["周八"]


def test_filter_by_phone_and_household_code(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("13900000003")) == ["王五"]
    assert _names(index, index.filter("1380000")) == ["张三"]
    assert _names(index, index.filter("h001")) == ["张三", "李四"]
    assert _names(index, index.filter("H002")) == ["王五"]


def test_filter_folds_full_width_digits_and_trims(people):
    index = load_register(TODAY)
    assert _names(index, index.filter(" １３９００ ")) == ["王五"]


def test_filter_empty_returns_all_and_no_match_returns_none(people):
    index = load_register(TODAY)
    assert len(index.filter("")) == 6
    assert index.filter("不存在的人") == []


def test_incremental_filter_gives_the_same_as_a_fresh_one(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("1")) != []
    narrowed = index.filter("13")
    assert _names(index, narrowed) == ["张三", "王五"]
    assert _names(index, index.filter("138")) == ["张三"]
    # Deleting a character widens again.
    assert _names(index, index.filter("13")) == ["张三", "王五"]
    # Same text, other chips: not narrowed from the previous result.
    assert _names(index, index.filter("13", {CHIP_REGISTERED})) == ["张三"]
    assert _names(index, index.filter("13")) == ["张三", "王五"]


def test_chip_registered_counts_open_registrations_only(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_REGISTERED})) == ["张三"]
    assert index.chip_count(CHIP_REGISTERED) == 1


def test_chip_registered_ignores_a_registration_starting_after_today(people):
    ledger.add_registration(people["wang"], "2026-07-01")
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_REGISTERED})) == ["张三"]


def test_chip_difficulty_counts_open_recognitions_only(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_DIFFICULTY})) == ["王五"]


def test_chip_zero_family_members_of_uncleared_household(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_ZERO_FAMILY})) == ["周八"]


def test_chip_zero_family_cleared_by_date_leaves(people):
    ZeroFamily.update(cleared_on=dt.date(2026, 2, 1)).execute()
    index = load_register(TODAY)
    assert index.filter("", {CHIP_ZERO_FAMILY}) == []


def test_chip_zero_family_cleared_by_member_employment_leaves(people):
    ledger.add_employment(people["zhou"], "2026-02-01", "灵活就业")
    index = load_register(TODAY)
    assert index.filter("", {CHIP_ZERO_FAMILY}) == []


def test_chip_zero_family_employment_before_recognition_does_not_clear(people):
    ledger.add_employment(people["zhou"], "2025-12-31", "灵活就业")
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_ZERO_FAMILY})) == ["周八"]


def test_chip_graduate_not_placed(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_GRADUATE})) == ["赵六"]


def test_chip_training_need(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_TRAINING})) == ["张三"]


def test_chip_working_age_excludes_the_retired(people):
    index = load_register(TODAY)
    names = _names(index, index.filter("", {CHIP_WORKING_AGE}))
    assert "孙七" not in names
    assert len(names) == 5


def test_chips_are_and_ed(people):
    index = load_register(TODAY)
    assert _names(index, index.filter("", {CHIP_REGISTERED, CHIP_TRAINING})) == ["张三"]
    assert index.filter("", {CHIP_REGISTERED, CHIP_DIFFICULTY}) == []
    assert _names(index, index.filter("王", {CHIP_DIFFICULTY, CHIP_WORKING_AGE})) == ["王五"]
    assert index.filter("张", {CHIP_DIFFICULTY}) == []


def test_unknown_chip_is_an_error(people):
    index = load_register(TODAY)
    with pytest.raises(KeyError):
        index.filter("", {"不存在"})


def test_every_chip_has_a_count(people):
    index = load_register(TODAY)
    assert {c: index.chip_count(c) for c in CHIPS} == {
        CHIP_REGISTERED: 1,
        CHIP_DIFFICULTY: 1,
        CHIP_ZERO_FAMILY: 1,
        CHIP_GRADUATE: 1,
        CHIP_TRAINING: 1,
        CHIP_WORKING_AGE: 5,
    }


def test_sort_by_age_both_ways(people):
    index = load_register(TODAY)
    index.sort(COL["年龄"], desc=False)
    ages = [index.age(i) for i in index.filter("")]
    assert ages == sorted(ages)
    index.sort(COL["年龄"], desc=True)
    ages = [index.age(i) for i in index.filter("")]
    assert ages == sorted(ages, reverse=True)
    assert _names(index, index.filter(""))[0] == "孙七"


def test_sort_by_id_uses_the_real_number(people):
    index = load_register(TODAY)
    index.sort(COL["身份证号"])
    numbers = [index.id_number(i) for i in index.filter("")]
    assert numbers == sorted(numbers)


def test_sort_is_stable_and_filter_keeps_the_order(people):
    index = load_register(TODAY)
    index.sort(COL["就业状态"])
    statuses = [index.display(i, COL["就业状态"]) for i in index.filter("")]
    assert statuses == sorted(statuses)
    # Equal statuses (未就业) keep register order.
    unemployed = [
        index.person_id(i) for i in index.filter("") if index.display(i, COL["就业状态"]) == "未就业"
    ]
    assert unemployed == sorted(unemployed)
    # A filter after a sort returns rows in the sorted order.
    in_order = [n for n in _names(index, index.filter("")) if n in ("张三", "王五")]
    assert _names(index, index.filter("13")) == in_order


def test_sort_by_flags_column(people):
    index = load_register(TODAY)
    index.sort(COL["标记"], desc=True)
    first = index.filter("")[0]
    assert index.flags_text(first) != ""


@pytest.mark.parametrize("desc", [False, True], ids=["ascending", "descending"])
@pytest.mark.parametrize("column", COLUMN_TITLES)
def test_every_sort_is_the_stable_sort_of_the_values_shown(people, column, desc):
    """SQL sorts (the derived columns too) and Python sorts (劳动年龄内, 标记) give what a stable sort of
    the cells gives: ties in register order both ways, an empty cell as ""."""
    ledger.set_exit(people["li"], "迁出", "2026-04-01", TODAY)  # 标记 and 劳动年龄内 of one who left
    _person("无户", dt.date(1999, 12, 31), 61)  # no household, no phone: "" cells
    index = load_register(TODAY)
    c = COL[column]
    index.sort(c, desc)

    def shown(pid: int) -> object:
        value = index.value(pid, c)
        return "" if value is None else value

    assert index.filter("") == sorted(index.ids, key=shown, reverse=desc)


def test_opening_reads_no_row_and_rows_are_read_a_page_at_a_time(people, monkeypatch):
    index = load_register(TODAY)
    ids = index.ids
    assert len(ids) == 6 and not any(index.has_row(i) for i in ids)
    monkeypatch.setattr(listing, "PAGE_ROWS", 2)  # three queries of two ids
    index.prefetch(ids[:5])
    assert [index.has_row(i) for i in ids] == [True] * 5 + [False]
    assert index.display(ids[0], COL["姓名"]) == "张三"
    monkeypatch.setattr(listing, "CACHE_ROWS", 6)
    index.prefetch(ids[4:])  # within the cache: kept
    assert all(index.has_row(i) for i in ids)
    monkeypatch.setattr(listing, "CACHE_ROWS", 5)
    index.prefetch(ids[:1])  # already read: nothing to do
    assert all(index.has_row(i) for i in ids)
    index._rows.pop(ids[0])
    index.prefetch(ids[:1])  # beyond the cache: it starts again
    assert [index.has_row(i) for i in ids] == [True] + [False] * 5


def test_a_person_deleted_after_the_list_was_opened_shows_as_deleted(people):
    index = load_register(TODAY)
    recycle.discard([people["li"]])
    texts = [index.display(people["li"], c) for c in range(len(COLUMNS))]
    assert texts[COL["姓名"]] == GONE_NAME
    assert texts[COL["劳动年龄内"]] == "否" and texts[COL["年龄"]] == ""
    assert index.display(people["zhang"], COL["姓名"]) == "张三"  # the others as before
    assert len(load_register(TODAY)) == 5


def test_empty_register(db):
    index = load_register(TODAY)
    assert len(index) == 0
    assert index.filter("张") == []
    index.sort(0)
    assert index.filter("") == []


@pytest.mark.parametrize(
    ("birth", "male", "expected"),
    [
        (dt.date(2010, 6, 15), True, True),  # 16 today
        (dt.date(2010, 6, 16), True, False),  # 16 tomorrow
        (dt.date(1966, 3, 1), True, True),  # man born 1966-03: 60 y 4 m -> 2026-07-01
        (dt.date(1966, 1, 15), True, False),  # 60 y 4 m delay: retired 2026-05-15
        (dt.date(1976, 3, 1), False, True),  # 50-base woman: 50 y 8 m -> 2026-11-01
        (dt.date(1975, 6, 1), False, False),  # 50-base woman: 50 y 3 m -> 2025-09-01
    ],
)
def test_working_age_boundaries_follow_the_exact_rule(db, birth, male, expected):
    pid = _person("边界", birth, 11 if male else 12)
    index = load_register(TODAY)
    assert is_working_age(birth, male, TODAY) is expected
    assert index.known_count(CHIP_WORKING_AGE) is None  # not read when the list opens
    assert index.is_working_age(pid) is expected  # from the row
    assert index.chip_count(CHIP_WORKING_AGE) == int(expected)  # from the set, read now
    assert index.is_working_age(pid) is expected  # from the set
    assert (index.filter("", {CHIP_WORKING_AGE}) == [pid]) is expected


def test_working_age_uses_station_setting_for_women(db):
    birth = dt.date(1974, 1, 1)  # 52 years old
    pid = _person("刘女士", birth, 12)
    assert load_register(TODAY).is_working_age(pid) is False  # base 50: retired
    Setting.create(key="female_retire_base", value="55")
    assert load_register(TODAY).is_working_age(pid) is True
    assert load_register(TODAY).chip_count(CHIP_WORKING_AGE) == 1


def test_working_age_person_field_beats_the_station_setting(db):
    birth = dt.date(1974, 1, 1)
    pid = _person("刘女士", birth, 12, female_retire_base="55")
    assert load_register(TODAY).is_working_age(pid) is True


def test_working_age_matches_the_rule_for_every_birth_month(db):
    """Every month of birth 1950..2012, both sexes: the SQL pre-check never disagrees with the rule."""
    births = []
    rows = []
    seq = 0
    for year in range(1950, 2013):
        for month in range(1, 13):
            for day in (1, 15, 28):
                birth = dt.date(year, month, day)
                male = seq % 2 == 1
                births.append((birth, male))
                rows.append(
                    {
                        "id_number": make_id("110101", birth, seq % 1000),
                        "name": f"人员{seq:04d}",
                        "gender": "男" if male else "女",
                        "birth_date": birth,
                        "employment_status": "未就业",
                        "survey_date": dt.date(2026, 3, 1),
                    }
                )
                seq += 1
    with database.atomic():
        for start in range(0, len(rows), 500):
            Person.insert_many(rows[start : start + 500]).execute()
    index = load_register(TODAY)
    expected = {index.ids[i] for i, (b, m) in enumerate(births) if is_working_age(b, m, TODAY)}
    mismatches = [
        (b, m)
        for i, (b, m) in enumerate(births)
        if index.is_working_age(index.ids[i]) != is_working_age(b, m, TODAY)  # each row
    ]
    assert mismatches == []
    assert index.chip_ids(CHIP_WORKING_AGE) == expected  # the set, read when the chip is pressed
    assert index.chip_count(CHIP_WORKING_AGE) == len(expected)


def test_derived_facts(db):
    facts = derived_facts(dt.date(1966, 3, 1), True, None, today=TODAY)
    assert facts.gender == "男"
    assert facts.age == 60
    assert facts.working_age is True
    assert facts.retirement_date == dt.date(2026, 7, 1)  # 60 y + 4 months (born 1966-03)


def test_zero_family_history_recorded_and_derived(people):
    hh = Household.get(Household.code == "H003")
    ZeroFamily.create(household=hh, recognized_on=dt.date(2024, 1, 1), cleared_on=dt.date(2024, 3, 1))
    assert [(z.recognized_on, z.cleared_on, z.derived) for z in zero_family_history(hh.id)] == [
        (dt.date(2024, 1, 1), dt.date(2024, 3, 1), False),
        (dt.date(2026, 1, 1), None, False),
    ]
    ledger.add_employment(people["zhou"], "2026-02-10", "单位就业")
    assert zero_family_history(hh.id)[1].cleared_on == dt.date(2026, 2, 10)
    assert zero_family_history(hh.id)[1].derived is True


def test_initials_starting_with_a_digit_are_found(people):
    """The filter skips the initials test for a query no initials start with (digits, mostly): a name
    whose initials do start with a digit is still found by them."""
    odd = _person("3毛", dt.date(1991, 2, 2), 71)
    index = load_register(TODAY)
    assert index.filter("3m") == [odd]
    assert _names(index, index.filter("zs")) == ["张三"]
    assert _names(index, index.filter("1380")) == ["张三"]
