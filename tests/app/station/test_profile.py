"""app.station: profile, staff, experience, star ratings and the exit rules of seed 000."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.core.errors import FieldErrors, ValidationError
from app.core.idcard import make_id
from app.station import profile as station
from db.models import Staff, StarRating, StationProfile

# ----------------------------------------------------------------------------- profile


def test_get_profile_creates_row_one(db) -> None:
    assert StationProfile.select().count() == 0
    profile = station.get_profile()
    assert profile.id == 1
    assert station.get_profile().id == 1
    assert StationProfile.select().count() == 1


def test_save_profile_all_fields(db) -> None:
    profile = station.save_profile(
        {
            "name": "幸福社区就业服务站",
            "kind": "社区",
            "district": "杨浦区",
            "street": "殷行街道",
            "address": "民京路 1 号",
            "phone": "021-65551234",
            "contact": "王芳",
            "opened_on": "2021/3/1",
            "venue": "社区党群服务中心",
            "area_m2": "120.5",
            "facilities": "电话、网络、电脑 2 台",
            "operator_org": "某人力资源公司",
            "operator_qualification": "人力资源服务许可证",
            "systems": "日常运作管理制度",
            "special_functions": "技能比武",
            "working_age_population": "3200",
            "household_count": "1800",
            "population": "5200",
            "complaint_channel": "电话 021-65551234",
            "note": "",
        }
    )
    again = StationProfile.get_by_id(1)
    assert again.name == "幸福社区就业服务站"
    assert again.opened_on == dt.date(2021, 3, 1)
    assert again.area_m2 == Decimal("120.5")
    assert again.working_age_population == 3200
    assert profile.phone == "021-65551234"


def test_save_profile_keeps_fields_not_given(db) -> None:
    station.save_profile({"name": "幸福社区", "kind": "社区", "district": "杨浦区"})
    station.save_profile({"street": "殷行街道"})
    p = station.get_profile()
    assert (p.name, p.district, p.street) == ("幸福社区", "杨浦区", "殷行街道")


def test_save_profile_requires_name(db) -> None:
    with pytest.raises(FieldErrors) as info:
        station.save_profile({"name": "", "kind": "社区"})
    assert info.value.errors == {"name": "站点名称不能为空"}


def test_save_profile_first_time_without_name_refused(db) -> None:
    with pytest.raises(FieldErrors) as info:
        station.save_profile({"district": "杨浦区"})
    assert "name" in info.value.errors
    assert station.get_profile().district == ""


def test_bad_kind_refused(db) -> None:
    with pytest.raises(FieldErrors) as info:
        station.save_profile({"name": "幸福", "kind": "街道"})
    assert "社区、村" in info.value.errors["kind"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0.01", Decimal("0.01")),
        ("120", Decimal(120)),
        ("1,200.50", Decimal("1200.50")),
        ("80平方米", Decimal(80)),
        ("100000", Decimal(100000)),
        ("", None),
    ],
)
def test_area_accepted(text, expected) -> None:
    assert station.parse_area(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "应为数字"),
        ("0", "大于 0"),
        ("-5", "大于 0"),
        ("100000.01", "过大"),
        ("12.345", "两位小数"),
        ("NaN", "应为数字"),
        ("Infinity", "应为数字"),
    ],
)
def test_area_refused(text, message) -> None:
    with pytest.raises(ValidationError, match=message):
        station.parse_area(text)


def test_bad_area_leaves_database_unchanged(db) -> None:
    station.save_profile({"name": "幸福社区", "kind": "社区", "area_m2": "100"})
    with pytest.raises(FieldErrors) as info:
        station.save_profile({"name": "新名字", "area_m2": "一百"})
    assert set(info.value.errors) == {"area_m2"}
    p = StationProfile.get_by_id(1)
    assert (p.name, p.area_m2) == ("幸福社区", Decimal(100))


def test_several_bad_fields_reported_together(db) -> None:
    with pytest.raises(FieldErrors) as info:
        station.save_profile(
            {
                "name": "幸福社区",
                "kind": "社区",
                "phone": "12345",
                "opened_on": "2021-02-30",
                "population": "-1",
            }
        )
    assert set(info.value.errors) == {"phone", "opened_on", "population"}
    assert "不存在" in info.value.errors["opened_on"]


def test_opened_on_in_future_refused(db) -> None:
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError, match="晚于今天"):
        station.validate_profile_field("opened_on", tomorrow.isoformat())
    assert station.validate_profile_field("opened_on", dt.date.today()) == dt.date.today()


def test_unknown_profile_field_refused(db) -> None:
    with pytest.raises(ValidationError, match="没有这些项目"):
        station.save_profile({"colour": "红"})


def test_validate_field_names_the_field() -> None:
    with pytest.raises(ValidationError) as info:
        station.validate_profile_field("household_count", "很多")
    assert info.value.field == "household_count"
    assert "辖区户数" in info.value.message


# ----------------------------------------------------------------------------- staff

STAFF_ID = make_id("310110", dt.date(1985, 6, 1), 123)


def test_staff_crud(db) -> None:
    s = station.save_staff(
        {
            "name": "李明",
            "id_number": STAFF_ID.lower(),
            "nature": "专职",
            "education": "大学本科",
            "started_service_on": "2019.9.1",
            "certificates": "职业指导师",
            "last_trained_on": "20240510",
        }
    )
    assert s.id_number == STAFF_ID.upper()
    assert s.started_service_on == dt.date(2019, 9, 1)
    station.save_staff({"name": "李明", "nature": "兼职"}, staff_id=s.id)
    assert Staff.get_by_id(s.id).nature == "兼职"
    assert Staff.get_by_id(s.id).certificates == "职业指导师"  # not given: kept
    station.delete_staff(s.id)
    assert Staff.select().count() == 0


def test_staff_id_optional_but_validated(db) -> None:
    assert station.save_staff({"name": "张三", "nature": "志愿者", "id_number": ""}).id_number == ""
    bad = STAFF_ID[:-1] + ("0" if STAFF_ID[-1] != "0" else "1")
    with pytest.raises(FieldErrors) as info:
        station.save_staff({"name": "李四", "nature": "专职", "id_number": bad})
    assert "校验位" in info.value.errors["id_number"]
    with pytest.raises(FieldErrors) as info:
        station.save_staff({"name": "李四", "nature": "专职", "id_number": 3.1e17})
    assert "Excel" in info.value.errors["id_number"]


def test_staff_required_fields(db) -> None:
    with pytest.raises(FieldErrors) as info:
        station.save_staff({"name": "", "nature": ""})
    assert set(info.value.errors) == {"name", "nature"}
    with pytest.raises(FieldErrors) as info:
        station.save_staff({"name": "王五", "nature": "临时工"})
    assert "专职、兼职、志愿者" in info.value.errors["nature"]


def test_staff_names_and_ids_unique(db) -> None:
    first = station.save_staff({"name": "王五", "nature": "专职", "id_number": STAFF_ID})
    with pytest.raises(FieldErrors, match="已有名为“王五”"):
        station.save_staff({"name": "王五", "nature": "兼职"})
    with pytest.raises(FieldErrors, match="已登记为工作人员 王五"):
        station.save_staff({"name": "赵六", "nature": "兼职", "id_number": STAFF_ID})
    # Saving the same person again is not a clash with itself.
    station.save_staff({"name": "王五", "nature": "专职", "id_number": STAFF_ID}, staff_id=first.id)
    assert Staff.select().count() == 1


def test_editing_deleted_staff_refused(db) -> None:
    s = station.save_staff({"name": "王五", "nature": "专职"})
    station.delete_staff(s.id)
    with pytest.raises(ValidationError, match="已被删除"):
        station.save_staff({"name": "王五", "nature": "专职"}, staff_id=s.id)


def test_staff_list_full_time_first(db) -> None:
    for name, nature in [("赵志愿", "志愿者"), ("钱兼职", "兼职"), ("孙专职", "专职"), ("李专职", "专职")]:
        station.save_staff({"name": name, "nature": nature})
    assert [s.nature for s in station.list_staff()] == ["专职", "专职", "兼职", "志愿者"]


@pytest.mark.parametrize(
    ("on", "years"),
    [
        (dt.date(2022, 2, 28), 0),  # before the start
        (dt.date(2022, 3, 1), 0),  # the first day
        (dt.date(2023, 2, 28), 0),  # one day short of a year
        (dt.date(2023, 3, 1), 1),
        (dt.date(2024, 2, 29), 1),
        (dt.date(2024, 3, 1), 2),
    ],
)
def test_experience_years_boundaries(on, years) -> None:
    s = Staff(name="x", nature="专职", started_service_on=dt.date(2022, 3, 1))
    assert station.experience_years(s, on) == years


def test_experience_unknown_without_start() -> None:
    assert station.experience_years(Staff(name="x", nature="专职"), dt.date(2024, 1, 1)) is None


def test_staffing_notes(db) -> None:
    on = dt.date(2024, 6, 1)
    assert station.staffing_notes(on) == ["专职工作人员应至少 2 名，现有 0 名。"]
    station.save_staff({"name": "老手", "nature": "专职", "started_service_on": "2022-06-01"})
    station.save_staff({"name": "新手", "nature": "专职", "started_service_on": "2022-06-02"})
    station.save_staff({"name": "兼职甲", "nature": "兼职"})
    assert station.staffing_notes(on) == ["专职工作人员 新手 从事就业服务 1 年，不足两年。"]
    station.save_staff({"name": "未知", "nature": "专职"})
    assert any("未知 未填写" in n for n in station.staffing_notes(on))


# ----------------------------------------------------------------------------- star ratings


def test_set_and_replace_star_rating(db) -> None:
    station.set_star_rating(2022, "三星")
    station.set_star_rating("2023年", 4, note="街道评价")
    station.set_star_rating(2022, "二星（不达标）")
    assert station.list_star_ratings() == [station.Rating(2022, 2, ""), station.Rating(2023, 4, "街道评价")]
    assert StarRating.select().count() == 2
    station.delete_star_rating(2022)
    assert [r.year for r in station.list_star_ratings()] == [2023]


@pytest.mark.parametrize("stars", [0, 6, "六星", "", "好"])
def test_bad_stars_refused(db, stars) -> None:
    with pytest.raises(ValidationError, match="一星至五星"):
        station.set_star_rating(2022, stars)
    assert StarRating.select().count() == 0


def test_year_bounds(db) -> None:
    this_year = dt.date.today().year
    station.set_star_rating(2000, 3)
    station.set_star_rating(this_year, 3)
    for bad in (1999, this_year + 1, "二〇二二"):
        with pytest.raises(ValidationError, match="年度"):
            station.set_star_rating(bad, 3)


def test_star_label() -> None:
    assert station.star_label(5) == "五星（优秀）"
    assert station.star_label(2) == "二星（不达标）"


def test_no_warnings_without_ratings() -> None:
    assert station.exit_warnings({}) == []


def test_three_stars_and_up_no_warning() -> None:
    assert station.exit_warnings({2021: 3, 2022: 4, 2023: 5}) == []


def test_one_star_year_warns() -> None:
    warnings = station.exit_warnings({2022: 3, 2023: 1})
    assert len(warnings) == 1
    assert "2023年度考核为一星" in warnings[0] and "摘牌" in warnings[0]


def test_one_star_in_an_earlier_year_still_listed() -> None:
    warnings = station.exit_warnings({2021: 1, 2022: 3})
    assert len(warnings) == 1 and "2021年度考核为一星" in warnings[0]


def test_single_two_star_latest_year_is_a_heads_up() -> None:
    warnings = station.exit_warnings({2022: 3, 2023: 2})
    assert warnings == ["2023年度考核为二星（不达标）：如2024年度仍为二星，将因连续两年二星予以摘牌。"]


def test_two_consecutive_two_star_years_warn() -> None:
    warnings = station.exit_warnings([(2022, 2), (2023, 2)])
    assert warnings == ["2022年度、2023年度连续两年考核为二星（不达标）：按退出机制将予以摘牌。"]


def test_two_star_years_with_a_gap_are_not_consecutive() -> None:
    assert station.exit_warnings({2021: 2, 2022: 3, 2023: 3}) == []
    # A year without a rating breaks the run too.
    assert station.exit_warnings({2021: 2, 2023: 3}) == []


def test_old_single_two_star_not_latest_no_warning() -> None:
    assert station.exit_warnings({2021: 2, 2022: 4}) == []


def test_three_consecutive_two_star_years_warn_twice() -> None:
    warnings = station.exit_warnings({2021: 2, 2022: 2, 2023: 2})
    assert len(warnings) == 2
    assert "2021年度、2022年度" in warnings[0] and "2022年度、2023年度" in warnings[1]


def test_exit_warnings_accepts_rating_objects(db) -> None:
    station.set_star_rating(2022, 2)
    station.set_star_rating(2023, 2)
    assert len(station.exit_warnings(station.list_star_ratings())) == 1
    assert len(station.exit_warnings(StarRating.select())) == 1


def test_exit_rules_text_mentions_three_months() -> None:
    assert "三个月以上停止运作" in station.OPERATION_STOP_NOTE
    assert any("三个月以上停止运作" in r for r in station.EXIT_RULES)
