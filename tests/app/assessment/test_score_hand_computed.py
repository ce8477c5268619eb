"""``score --json`` for the Guangzhou full-employment sheet over a ledger of 19 people built here, checked
against figures computed by hand (in the comments) from the definitions of STANDARDS.md.

Period P = 2023-10-01 .. 2024-09-30 (both ends counted). Person numbers below are the names 测试N of
the Ledger builder in creation order (p1 .. p19).

失业登记 (reemployment_rate, excluded_share, long_term_unemployed(12))
  p1  登记 2023-05-01, 注销 2024-03-10 被用人单位录用          -> B, employed
  p2  登记 2023-11-15, 注销 2024-09-30 灵活就业 (last day)     -> B, employed
  p3  登记 2024-01-10, 注销 2024-04-01 入学                    -> B, excluded (non-employment)
  p4  登记 2023-09-30, open                                     -> B, kept; +12 months = 2024-09-30 <= to:
                                                                   long-term (12 months to the day)
  p5  登记 2023-05-01, 注销 2023-10-01 死亡 (first day)        -> B (active: 注销 >= from), excluded
  p6  登记 2024-02-01, 个人原因未就业, open                    -> not in B; excluded_share "excluded";
                                                                   not long-term (personal)
  p7  登记 2023-03-01, 注销 2023-09-30 灵活就业                -> not active in P
  p8  登记 2023-06-01, 注销 2023-12-01 被用人单位录用; and a LATER 登记 2024-03-01, open
                                                                -> latest counts: B, kept (not employed);
                                                                   open on to, +12 = 2025-03-01 > to
  p9  登记 2023-12-01, 注销 2024-06-15 公益性岗位安置          -> B, employed
  p10 登记 2024-01-05, 注销 2024-07-01 从事个体经营或创办企业  -> B, employed
  p11 登记 2023-08-01, 注销 2024-02-01 达到法定退休年龄        -> B, excluded (STANDARDS.md class)
  p12 登记 2024-02-01, 注销 2024-05-01 连续6个月未联系         -> B, kept (stays in the denominator)
  p13 登记 2024-10-01 (after to)                               -> not active in P
  p14 登记 2024-03-01, 注销 2024-08-01 被用人单位录用          -> B, employed
  p15 登记 2024-04-01, 注销 2024-09-01 灵活就业                -> B, employed
  p16 登记 2023-12-01, 注销 2024-02-29 被用人单位录用 (+ 就业记录 2024-02-29) -> B, employed
  B = {1,2,3,4,5,8,9,10,11,12,14,15,16} = 13; X = {3,5,11} = 3; E = {1,2,9,10,14,15,16} = 7;
  not employed = {4,8,12} = 3. Rate 7 / (13 − 3) = 7/10 = 70% -> tier 70%-75% -> 1.1 = 4.
  excluded_share: latest active registrations = B ∪ {6} = 14, personal {6} = 1 -> 1/14 = 7.1% (>= 5%)
    -> B.1 = 0.
  long_term_unemployed(12): open on to and not personal = {4, 8} = 2; long-term {4} = 1 -> 1.5 = 0.

就业困难认定 (difficulty_employment_rate, difficulty_plan_timely, monthly_contact)
  p4  认定 2023-09-01, open                           D, not employed; deadline 2023-10-01, plan 2023-10-01
                                                      (on the deadline: in time); months Oct..Sep = 12,
                                                      a service on the 15th of each -> no month missed
  p8  认定 2024-01-15, 取消 2024-06-30 (五)           D, employed; deadline 2024-02-14, plan 2024-02-15
                                                      -> late; months Feb..Jun (取消 on 30 June covers
                                                      June); services Feb..May -> June missed
  p12 认定 2023-11-01, 取消 2024-03-31 (六)           D, employed; plan 2023-11-05; months Nov..Mar, all
                                                      contacted
  p5  认定 2023-06-01, 取消 2023-10-01 死亡           D, excluded; no plan -> late; October not
                                                      counted (取消 before 31 October): no counted month
  p3  认定 2023-12-01, 取消 2024-04-01 其他           D, excluded; deadline 2023-12-31, plan 2023-12-31
                                                      (in time); months Dec..Mar, contacted on
                                                      12-01, 01-31, 02-29, 03-01
  p10 认定 2023-10-10, 取消 2024-07-01 (五)           D, employed; plan 2023-10-10; months Nov..Jun
                                                      (October starts after the 1st, July ends
                                                      after 取消); no service in December -> missed
  p7  认定 2022-01-01, 取消 2023-09-30 (五)           not active in P
  D = 6, X = {5,3} = 2, E = {8,12,10} = 3 -> 3/4 = 75% -> tier 75%-80% -> 1.3 = 3.
  late = {8,5} = 2; missed = {8,10} = 2 -> 3.5 = 5 − 0.5×2 − 0.5×2 = 3.

零就业家庭: H1 (member p16) 认定 2024-01-31, 清零日期 empty; p16's 就业日期 2024-02-29 = the calendar
  month after 31 January -> cleared in time. H2 认定 2024-09-15, deadline 2024-10-15 > to, not cleared
  -> pending. F = 2, failed 0 -> met -> 1.4 = 5.

高校毕业生 (毕业年份 2024 = year of to): p17 困难家庭, wants work, placed 2024-07-01 去向 就业; p18 wants
  work, not placed; p19 placed 2024-09-30 去向 升学; p7 graduated 2023 (not in G).
  G = 3, placed 2 -> 2/3 = 66.6% < 90% -> 0; G_d = {p17} all placed with 就业 -> 2 -> 1.2 = 2.
  graduate_services, base {p18}: 政策宣介 1 ✓; 职业指导 2 in P (a third on 2023-09-30 is outside) ->
  short 1; 岗位推荐 1 service + 2 推荐记录 = 3 ✓; 培训或见习 1 培训推荐 ✓; 档案服务 0 -> short.
  missing = 2 -> 3.7 = 5 − 2 = 3.

岗位: v1 collected 2023-10-01 complete, published; v2 collected 2024-09-30 公益性岗位 ×3, no 发布渠道, no
  联系电话; v3 collected 2023-09-30 (outside). collected 2, published 1, complete 1 (not all),
  推荐 in P with 回访 <= to: r1 (p18, 2024-03-01, 回访 2024-03-10) yes; r2 (p18, 2024-04-01, 回访
  2024-10-05) no; r3 (p4, 2024-05-01, none) no -> 1. 3.3 = 2 + 1 + 0 + 1 = 4.

培训需求=是: p4 (3 培训推荐 in P -> 3), p8 (none, but employed in P by his 2023-12-01 注销 -> 3), p12 (1
  referral, but his 就业困难认定 was cancelled 2024-03-31 for (六): employed in P -> 3, STANDARDS.md
  *Employed in P*), p6 (one on 2023-09-30 outside, one in P 已结业 2024-05-01 + 就业记录 2024-05-01 ->
  employed in P -> 3), p19 (no registration or recognition: not in T). T = 4, level = min(3,3,3,3) = 3
  -> 3.6 = 5.
  training_employment_share: 培训需求 persons = 5, employed after completing = {p6} (same day) -> 1/5 =
  20% -> B.2 = 2.

工作人员: s1 专职 from 2019-09-30 (+5 years = 2024-09-30 <= to), 最近培训 2024-03-03; s2 兼职 from 2010.
  -> B.4 = 1; 2.2 proposes 有工作人员 + 参加培训 = 3.

Proposals of the assisted items (unanswered: 0 points, status needs_input): 2.2 -> 3; 2.6 -> 2 (register
  not empty) + 2 (everyone surveyed 2024-01-01, within 12 months of to) = 4; 3.1 -> 1 (a 政策宣传 活动 on
  2024-06-01); 3.2 -> 2 (调查日期 in P); 3.4 -> 3 (a 求职登记 on 2024-09-30, the last
  day of P, and 推荐记录 in P); 3.9 -> 2 (the
  only 有效投诉 is dated 2023-09-30) − 1 (no complaint channel in the station profile) = 1.

Totals: section 1 = 4 + 2 + 3 + 5 + 0 = 14; section 2 = 0; section 3 = 4 + 3 + 5 + 3 = 15;
  base = 29; bonus = B.1 0 + B.2 2 + B.4 1 = 3; total = 32.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from app.assessment.standards import get_standard
from app.cli.main import main
from db.connection import close_database
from db.models import Complaint, Event, Person, Staff
from tests.app.assessment.indicators.conftest import D, Ledger

FULL = "guangzhou-full-employment-2024"
EMPLOYED_5 = "(五) 实现就业创业"
EMPLOYED_6 = "(六) 零就业家庭已有成员就业"


def _build(lg: Ledger) -> None:
    p = [0] + [lg.person() for _ in range(19)]  # p[1] .. p[19]
    reg = lg.reg
    reg(p[1], D(2023, 5, 1), D(2024, 3, 10), "被用人单位录用")
    reg(p[2], D(2023, 11, 15), D(2024, 9, 30), "灵活就业")
    reg(p[3], D(2024, 1, 10), D(2024, 4, 1), "入学")
    reg(p[4], D(2023, 9, 30))
    reg(p[5], D(2023, 5, 1), D(2023, 10, 1), "死亡")
    reg(p[6], D(2024, 2, 1), personal=True)
    reg(p[7], D(2023, 3, 1), D(2023, 9, 30), "灵活就业")
    reg(p[8], D(2023, 6, 1), D(2023, 12, 1), "被用人单位录用")
    reg(p[8], D(2024, 3, 1))
    reg(p[9], D(2023, 12, 1), D(2024, 6, 15), "公益性岗位安置")
    reg(p[10], D(2024, 1, 5), D(2024, 7, 1), "从事个体经营或创办企业")
    reg(p[11], D(2023, 8, 1), D(2024, 2, 1), "达到法定退休年龄")
    reg(p[12], D(2024, 2, 1), D(2024, 5, 1), "连续6个月未联系")
    reg(p[13], D(2024, 10, 1))
    reg(p[14], D(2024, 3, 1), D(2024, 8, 1), "被用人单位录用")
    reg(p[15], D(2024, 4, 1), D(2024, 9, 1), "灵活就业")
    reg(p[16], D(2023, 12, 1), D(2024, 2, 29), "被用人单位录用")

    lg.rec(p[4], D(2023, 9, 1))
    lg.rec(p[8], D(2024, 1, 15), D(2024, 6, 30), EMPLOYED_5)
    lg.rec(p[12], D(2023, 11, 1), D(2024, 3, 31), EMPLOYED_6)
    lg.rec(p[5], D(2023, 6, 1), D(2023, 10, 1), "死亡")
    lg.rec(p[3], D(2023, 12, 1), D(2024, 4, 1), "其他")
    lg.rec(p[10], D(2023, 10, 10), D(2024, 7, 1), EMPLOYED_5)
    lg.rec(p[7], D(2022, 1, 1), D(2023, 9, 30), EMPLOYED_5)
    for pid, made in ((4, D(2023, 10, 1)), (8, D(2024, 2, 15)), (12, D(2023, 11, 5)), (3, D(2023, 12, 31)),
                      (10, D(2023, 10, 10))):  # fmt: skip
        lg.plan(p[pid], made)
    months = [D(2023, m, 15) for m in (10, 11, 12)] + [D(2024, m, 15) for m in range(1, 10)]
    for d in months:
        lg.service(p[4], d)
    for m in (2, 3, 4, 5):
        lg.service(p[8], D(2024, m, 15))
    for d in (D(2023, 11, 15), D(2023, 12, 15), D(2024, 1, 15), D(2024, 2, 15), D(2024, 3, 15)):
        lg.service(p[12], d)
    for d in (D(2023, 12, 1), D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 1)):
        lg.service(p[3], d)
    for d in (D(2023, 11, 5), D(2024, 1, 5), D(2024, 2, 5), D(2024, 3, 5), D(2024, 4, 5), D(2024, 5, 5),
              D(2024, 6, 5)):  # fmt: skip
        lg.service(p[10], d)

    h1, h2 = lg.household(), lg.household()
    Person.update(household=h1).where(Person.id == p[16]).execute()
    lg.emp(p[16], D(2024, 2, 29))
    lg.zero(h1, D(2024, 1, 31))
    lg.zero(h2, D(2024, 9, 15))

    lg.grad(p[17], hardship=True, placed=D(2024, 7, 1), dest="就业")
    lg.grad(p[18])
    lg.grad(p[19], placed=D(2024, 9, 30), dest="升学")
    lg.grad(p[7], year=2023)
    lg.service(p[18], D(2024, 1, 1), "政策宣介")
    lg.service(p[18], D(2024, 1, 2), "职业指导")
    lg.service(p[18], D(2024, 1, 3), "职业指导")
    lg.service(p[18], D(2023, 9, 30), "职业指导")
    lg.service(p[18], D(2024, 1, 4), "岗位推荐")
    lg.training(p[18], D(2024, 2, 1))

    v1 = lg.vacancy(D(2023, 10, 1))
    lg.vacancy(D(2024, 9, 30), kind="公益性岗位", headcount=3, channels="", phone="")
    v3 = lg.vacancy(D(2023, 9, 30))
    lg.referral(p[18], v1, D(2024, 3, 1), D(2024, 3, 10))
    lg.referral(p[18], v3, D(2024, 4, 1), D(2024, 10, 5))
    lg.referral(p[4], v1, D(2024, 5, 1))
    lg.seeking(p[4], D(2023, 9, 30))  # before P
    lg.seeking(p[18], D(2024, 9, 30))  # the last day of P

    Person.update(training_need=True).where(Person.id.in_([p[4], p[8], p[12], p[6], p[19]])).execute()
    for d in (D(2023, 11, 1), D(2024, 1, 1), D(2024, 3, 1)):
        lg.training(p[4], d)
    lg.training(p[12], D(2024, 1, 1))
    lg.training(p[6], D(2023, 9, 30))
    lg.training(p[6], D(2024, 2, 1), result="已结业", completed=D(2024, 5, 1))
    lg.emp(p[6], D(2024, 5, 1))

    Staff.create(
        name="王站长", nature="专职", started_service_on=D(2019, 9, 30), last_trained_on=D(2024, 3, 3)
    )
    Staff.create(name="李协管", nature="兼职", started_service_on=D(2010, 1, 1))
    Event.create(date=D(2024, 6, 1), kind="政策宣传", name="政策进社区")
    Complaint.create(date=D(2024, 5, 1), content="排队久", valid=False)
    Complaint.create(date=D(2023, 9, 30), content="态度差", valid=True)


def _indicator(iid: str, num: int | None, den: int | None, value: str | None, **sets: int) -> dict[str, Any]:
    return {"id": iid, "numerator": num, "denominator": den, "value": value, "sets": sets}


# Auto items: (points, basis before the reading, indicator JSON), all computed by hand above.
AUTO: dict[str, tuple[int | float, str, dict[str, Any]]] = {
    "1.1": (
        4,
        "再就业 7 人 ÷ (登记失业 13 人 − 非就业情形注销 3 人) = 70.0%，70%-75%得4分",
        _indicator("reemployment_rate", 7, 10, "7/10", base=13, excluded=3, employed=7, not_employed=3),
    ),
    "1.2": (
        2,
        "离校未就业高校毕业生 3 人，已落实去向 2 人，落实率 66.6%（截尾）；"
        "有就业意愿的困难毕业生 1 人，已就业 1 人。落实率未达90%不得分；困难毕业生全部就业得2分",
        _indicator(
            "graduate_placement",
            2,
            3,
            "2/3",
            G=3,
            placed=2,
            unplaced=1,
            G_d=1,
            G_d_placed_employed=1,
            G_d_not_placed=0,
        ),
    ),
    "1.3": (
        3,
        "实现就业 3 人 ÷ (就业困难人员 6 人 − 非就业情形取消认定 2 人) = 75.0%，75%-80%得3分",
        _indicator("difficulty_employment_rate", 3, 4, "3/4", base=6, excluded=2, employed=3, not_employed=1),
    ),
    "1.4": (
        5,
        "报告期内认定零就业家庭 2 户，按期清零 1 户，逾期未清零 0 户，未到期 1 户。动态清零达标得5分",
        _indicator(
            "zero_family_cleared", None, None, None, F=2, failed=0, pending=1, cleared=1, households=2
        ),
    ),
    "1.5": (
        0,
        "报告期末仍登记失业的 2 人中，持续失业一年以上 1 人（个人原因未就业者除外）。"
        "有持续失业一年以上人员不得分",
        _indicator("long_term_unemployed", 1, None, None, open=2, long_term=1),
    ),
    "3.3": (
        4,
        "报告期内收集岗位 2 个，已发布 1 个，要素齐全 1 个，已回访的推荐 1 条。"
        "有岗位收集记录得2分；有发布记录得1分；岗位要素不齐全不得分；有供需匹配（求职结果回访）记录得1分；合计4分",
        _indicator(
            "posting_elements",
            1,
            2,
            "1/2",
            collected=2,
            published=1,
            complete=1,
            incomplete=1,
            followed_up_referrals=1,
        ),
    ),
    "3.5": (
        3,
        "认定后30日内未制定服务计划 2 人，有月份未联系 2 人；"
        "扣 0.5×2（未按时落实分级服务措施） + 0.5×2（未定期联系跟踪） = 2 分，得3分",
        _indicator("difficulty_plan_timely", 2, None, None, base=6, due=6, late=2, not_yet_due=0),
    ),
    "3.6": (
        5,
        "有培训需求的失业人员、就业困难人员 4 人，人均推荐培训最少 3 次（已就业者按3次计）。推荐3次得5分",
        _indicator(
            "training_referral_level",
            None,
            None,
            None,
            T=4,
            employed=3,
            level_0=0,
            level_1=0,
            level_2=0,
            level_3=4,
        ),
    ),
    "3.7": (
        3,
        "有就业意愿的未落实去向毕业生 1 人，服务共缺 2 项；扣 1×2（服务缺项） = 2 分，得3分。"
        "1 名毕业生就业服务不足：测试18(职业指导缺1次、档案服务缺1次)",
        _indicator("graduate_services", 2, None, None, base=1, lacking=1),
    ),
    "B.1": (
        0,
        "登记失业 14 人中个人原因未就业（剔除）1 人，占 7.1%（截尾），不低于5%不加分",
        _indicator("excluded_share", 1, 14, "1/14", base=14, excluded=1),
    ),
    "B.2": (
        2,
        "有培训需求 5 人中培训结业后实现就业 1 人，占 20.0%，达15%加2分",
        _indicator("training_employment_share", 1, 5, "1/5", base=5, employed_after_training=1),
    ),
    "B.4": (
        1,
        "专职工作人员 1 人，从事就业服务满5年 1 人，加1分",
        _indicator("staff_experience", 1, None, None, full_time=1, experienced=1),
    ),
}

# Assisted items: the points the data proposes (the item itself counts 0 until confirmed).
PROPOSED = {"2.2": 3, "2.6": 4, "3.1": 1, "3.2": 2, "3.4": 3, "3.9": 1}
MANUAL = {"2.1", "2.3", "2.4", "2.5", "3.8", "3.10", "B.3", "B.5", "B.6"}


def _with_reading(item_id: str, text: str) -> str:
    reading = get_standard(FULL).item(item_id).reading
    return text + (f"（说明：{reading}）" if reading else "")


def test_score_json_matches_the_hand_computation(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _build(Ledger())
    close_database()
    code = main(
        ["--db", str(db), "score", "--standard", FULL, "--from", "2023-10-01", "--to", "2024-09-30", "--json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    head = {k: v for k, v in data.items() if k != "items"}
    assert head == {
        "standard": FULL,
        "name": "广州市充分就业社区(村)建设标准(2024年修订版)",
        "kind": "score",
        "period": {"from": "2023-10-01", "to": "2024-09-30"},
        "base_max": 100,
        "bonus_max": 10,
        "pass_mark": None,
        "base_total": 29,
        "bonus_total": 3,
        "total": 32,
        "passed": None,
        "sections": [
            {"id": "1", "title": "主要就业指标达标情况", "max": 30, "points": 14},
            {"id": "2", "title": "平台建设情况", "max": 30, "points": 0},
            {"id": "3", "title": "就业服务情况", "max": 40, "points": 15},
            {"id": "B", "title": "加分项", "max": 10, "points": 3},
        ],
        "warnings": [],  # every population of the sheet has people; 19 persons in the register
    }
    items = {it["id"]: it for it in data["items"]}
    assert set(items) == set(AUTO) | set(PROPOSED) | MANUAL
    for item_id, (points, basis, indicator) in AUTO.items():
        it = items[item_id]
        assert it["mode"] == "auto", item_id
        assert (it["points"], it["status"], it["met"]) == (points, "scored", None), item_id
        assert it["basis"] == _with_reading(item_id, basis), item_id
        assert it["indicator"] == indicator, item_id
    for item_id, proposed in PROPOSED.items():
        it = items[item_id]
        assert (it["mode"], it["points"], it["status"]) == ("assisted", 0, "needs_input"), item_id
        assert it["basis"].startswith(f"待确认。系统建议 {proposed} 分："), (item_id, it["basis"])
    for item_id in MANUAL:
        it = items[item_id]
        assert (it["mode"], it["points"], it["status"]) == ("manual", 0, "needs_input"), item_id
        assert it["basis"] == _with_reading(item_id, "待填写"), item_id
    maxima = {it["id"]: it["max"] for it in data["items"]}
    assert sum(m for k, m in maxima.items() if not k.startswith("B")) == 100


def test_confirming_the_proposals_adds_exactly_their_points(db: Path) -> None:
    """The same ledger through a saved assessment: confirming the six proposals (answer ``checked=None``)
    adds 3 + 4 + 1 + 2 + 3 + 1 = 14 to section 2/3 totals: base 29 + 14 = 43, total 46."""
    from app.assessment import assessments
    from app.assessment.scoring import Answer, assess
    from app.core.period import Period

    _build(Ledger())
    std = get_standard(FULL)
    period = Period(dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    result = assess(std, period, {item_id: Answer() for item_id in PROPOSED})
    for item_id, proposed in PROPOSED.items():
        r = result.item(item_id)
        assert (r.points, r.status) == (proposed, "scored"), item_id
    assert (result.base_total, result.bonus_total, result.total) == (43, 3, 46)
    # The same through the saved-assessment path.
    a = assessments.create(FULL, period)
    for item_id in PROPOSED:
        assessments.save_answer(a.id, item_id, Answer())
    assert assessments.run(a.id).total == 46


def test_an_empty_station_is_warned_on_every_count_that_rests_on_nobody(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The issue's case: an empty station scores the main indicators 30/30 by the seed's own rules; the
    JSON says which counts rest on nobody, and the register that is (near) empty."""
    close_database()
    code = main(["--db", str(db), "score", "--standard", FULL, "--from", "2023-10-01", "--to", "2024-09-30",
                 "--json"])  # fmt: skip
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    warnings = data["warnings"]
    assert warnings[0].startswith("劳动力台账只有 0 人")
    assert (
        "台账中没有报告期内的登记失业人员：第 1.1、B.1 项按原文规定计满分，请确认台账已完整录入" in warnings
    )
    assert any(w.startswith("台账中没有报告期内的就业困难人员：第 1.3、3.5 项") for w in warnings)
    assert any("当年离校未就业高校毕业生" in w and "1.2" in w for w in warnings)
    assert any("报告期末仍登记失业的人员" in w and "1.5" in w for w in warnings)


def test_a_populated_ledger_has_no_warning_for_that_population(db: Path) -> None:
    from app.assessment.scoring import assess
    from app.core.period import Period

    lg = Ledger()
    for pid in lg.persons(12):
        lg.reg(pid, D(2024, 1, 1))
    result = assess(get_standard(FULL), Period(dt.date(2023, 10, 1), dt.date(2024, 9, 30)))
    assert not any("报告期内的登记失业人员" in w for w in result.warnings)
    assert any("有培训需求的登记失业人员" in w for w in result.warnings)  # nobody needs training
    assert not any("劳动力台账只有" in w for w in result.warnings)
