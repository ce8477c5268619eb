"""app.upward.figures: the monthly statistics of REAL_LEDGERS.md counted from a ledger known by hand."""

from __future__ import annotations

import datetime as dt

from app.core.period import Period
from app.upward import checks, figures
from app.upward import tables as t

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_ep1(march) -> None:
    assert figures.ep1(MARCH) == {
        "new_employment": 3,
        "new_employment_ytd": 4,
        "natural_attrition_ytd": 1,
        "reemployed_ytd": 1,
        "difficulty_employed_ytd": 1,
    }


def test_new_employment_classification(march) -> None:
    ne = figures.new_employment(MARCH)
    assert ne["total"] == 3
    assert ne["by_channel"] == {
        **dict.fromkeys(t.CHANNELS, 0),
        "机关事业单位": 1,
        "灵活就业": 1,
        "公益性岗位": 1,
    }
    assert ne["by_industry"] == {"第一产业": 0, "第二产业": 0, "第三产业": 2, t.UNKNOWN: 1}
    assert ne["by_age"] == {"16-24岁": 1, "25-45岁": 1, "46-60岁": 1, "其他年龄": 0}
    assert ne["college_and_above"] == 1
    assert ne["female"] == 1


def test_registered_unemployed_at_month_end(march) -> None:
    ru = figures.registered_unemployed(MARCH.end)
    assert ru["total"] == 1
    assert ru["by_prior_status"]["被企业解除或终止劳动关系"] == 1
    assert sum(ru["by_prior_status"].values()) == 1
    assert ru["female"] == 1
    assert ru["difficulty"] == 0


def test_registered_unemployed_counts_difficulty(march) -> None:
    from app.register import ledger

    ledger.add_recognition(march.d, "2026-03-01", "大龄")
    assert figures.registered_unemployed(MARCH.end)["difficulty"] == 1


def test_flexible_kinds(march) -> None:
    fl = figures.flexible(MARCH)
    assert fl["total"] == 1
    assert fl["by_kind"]["家政服务"] == 1
    assert fl["public_posts"] == 1


def test_flexible_kind_words() -> None:
    assert figures.flexible_kind("阿姨家政服务") == "家政服务"
    assert figures.flexible_kind("外卖骑手") == "自由职业者"
    assert figures.flexible_kind("") == "其他"


def test_empty_month_is_all_zero_and_adds_up(db) -> None:
    data = figures.month_statistics(MARCH)
    assert data["month"] == "2026-03"
    assert data["ep1"]["new_employment"] == 0
    assert checks.month_problems(data) == []


def test_month_statistics_add_up(march) -> None:
    data = figures.month_statistics(MARCH)
    assert checks.month_problems(data) == []
    assert data["work"]["registrations_new"] == 0  # no registration in March
    assert data["work"]["registrations_cancelled"] == 1


def test_checks_find_employment_above_registration_total(march) -> None:
    data = figures.month_statistics(MARCH)
    data["ep1"]["reemployed_ytd"] = 99
    problems = checks.month_problems(data)
    assert any("失业人员实现再就业人数（99）大于" in p for p in problems)


def test_checks_find_breakdown_not_summing(march) -> None:
    data = figures.month_statistics(MARCH)
    data["new_employment"]["by_channel"]["灵活就业"] += 1
    assert any("与其分项合计（4）不符" in p for p in checks.month_problems(data))


def test_recorded_industry_channel_and_prior_status_are_counted_as_recorded(march) -> None:
    """The real ledgers' columns win over what the employer's type or the 失业原因 suggest; an empty one
    leaves the derivation as it was."""
    from db.models import Employment, Registration

    Employment.update(industry="第二产业", channel="机关事业单位聘用临时").where(
        Employment.person == march.a
    ).execute()
    ne = figures.new_employment(MARCH)
    assert ne["by_channel"] == {**dict.fromkeys(t.CHANNELS, 0), "机关事业单位聘用临时": 1, "灵活就业": 1,
                                "公益性岗位": 1}  # fmt: skip
    assert ne["by_industry"] == {"第一产业": 0, "第二产业": 1, "第三产业": 1, t.UNKNOWN: 1}
    Registration.update(prior_status="私营企业停产").where(Registration.person == march.d).execute()
    ru = figures.registered_unemployed(MARCH.end)
    assert ru["by_prior_status"]["私营企业停产"] == 1 and sum(ru["by_prior_status"].values()) == 1
    assert checks.month_problems(figures.month_statistics(MARCH)) == []
