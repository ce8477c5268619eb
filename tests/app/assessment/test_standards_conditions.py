"""The five shipped condition lists (Gansu, Pingdingshan city/star, Yangpu 乐业空间, Chongming 服务事项清单):
they load through the real loader with the items of their seeds, and the real engine over a real
database decides their data items at the thresholds of the documents."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path

import pytest

from app.assessment.indicators import Period
from app.assessment.scoring import Answer, AssessmentResult, assess, gaps
from app.assessment.standards import get_standard, load_standard, standards_dir
from app.cli.main import main as cli_main
from app.core.errors import ValidationError
from db.models import Complaint, Event, Person
from tests.app.assessment.indicators.conftest import Ledger

D = dt.date
P = Period(D(2024, 1, 1), D(2024, 12, 31))

GANSU = "gansu-provincial-2023"
CITY = "pingdingshan-city-2020"
STAR = "pingdingshan-star-2020"
YANGPU = "yangpu-leye-recognition"
CHONGMING = "chongming-service-items-2023"
MINE = (GANSU, CITY, STAR, YANGPU, CHONGMING)

# Items per seed (see each file's header): Gansu 第五条 (一)5 (二)2 (三)6 (四)3 (五)2 + 第六条 1; Pingdingshan
# 平台建设管理 8 (item 1 split into 六到位 and 50 m²) + 就业创业服务开展 6 + 量化指标 7 (city) / 8 (star);
# Yangpu 试运行 1 + 硬件 2 + 运作管理 4 + 服务功能 4; Chongming 25.
COUNTS = {GANSU: 19, CITY: 21, STAR: 20, YANGPU: 11, CHONGMING: 25}
CHONGMING_BASIC = {"1", "2", "3", "4", "5", "7", "11", "16", "17", "18", "19", "21", "22"}

REG_EMPLOYED = "被用人单位录用"
REC_EMPLOYED = "(五) 实现就业创业"


def run(standard_id: str, answers: dict[str, Answer] | None = None) -> AssessmentResult:
    return assess(get_standard(standard_id), P, answers)


def met(standard_id: str, item_id: str) -> bool | None:
    return run(standard_id).item(item_id).met


def proposed(standard_id: str, item_id: str) -> bool:
    return "met" in run(standard_id).item(item_id).proposed_checked


def unemployed(lg: Ledger, total: int, employed: int) -> list[int]:
    """``total`` registered unemployed in P, ``employed`` of them cancelled in P as employed."""
    pids = lg.persons(total)
    for i, pid in enumerate(pids):
        if i < employed:
            lg.reg(pid, D(2023, 6, 1), D(2024, 6, 1), REG_EMPLOYED)
        else:
            lg.reg(pid, D(2023, 6, 1))
    return pids


def difficulty(lg: Ledger, total: int, employed: int) -> list[int]:
    """``total`` recognised difficulty persons in P, ``employed`` of them cancelled in P as employed."""
    pids = lg.persons(total)
    for i, pid in enumerate(pids):
        if i < employed:
            lg.rec(pid, D(2023, 1, 1), D(2024, 6, 1), REC_EMPLOYED)
        else:
            lg.rec(pid, D(2023, 1, 1))
    return pids


def services(lg: Ledger, pid: int, days: Iterable[dt.date]) -> None:
    for day in days:
        lg.service(pid, day)


def answer_all_met(standard_id: str) -> dict[str, Answer]:
    """Every non-auto item ticked 达标 (with a reason, in case that departs from a proposal); an entered
    figure answered with 100."""
    answers = {}
    for it in get_standard(standard_id).items:
        if it.mode == "auto":
            continue
        if it.rule.input:
            answers[it.id] = Answer(numbers={it.rule.input: Decimal(100)})
        else:
            answers[it.id] = Answer(checked=frozenset({"met"}), override_reason="现场核实")
    return answers


# Chongming's ledger-decided items and the evidence each needs (服务类型 of a 服务记录).
CHONGMING_SERVICE_ITEMS = {
    "3": "政策宣介",
    "8": "职业指导",
    "15": "帮办补贴申领",
    "17": "帮办失业登记",
    "18": "帮办就困认定",
    "19": "帮办补贴申领",
    "23": "创业服务",
}


def chongming_evidence(lg: Ledger, *, extended: bool = True) -> None:
    """Records in P that meet Chongming's auto items (the basic ones only, unless ``extended``)."""
    pid = lg.person()
    kinds = {k for i, k in CHONGMING_SERVICE_ITEMS.items() if extended or i in CHONGMING_BASIC}
    for n, kind in enumerate(sorted(kinds)):
        lg.service(pid, D(2024, 3, 1 + n), kind)
    lg.plan(pid, D(2024, 3, 1))  # 2
    lg.vacancy(D(2024, 3, 1), kind="全日制", method="走访企业")  # 4
    lg.vacancy(D(2024, 3, 1), kind="非全日制")  # 5
    lg.training(pid, D(2024, 3, 1), kind="创业培训")  # 11
    if extended:
        lg.vacancy(D(2024, 3, 1), kind="公益性岗位")  # 6
        lg.referral(pid, lg.vacancy(D(2024, 3, 1)), D(2024, 3, 2), outcome="已面试")  # 9
        lg.training(pid, D(2024, 3, 2), kind="职业技能培训")  # 13


# ------------------------------------------------------------------ loading


@pytest.mark.parametrize("standard_id", MINE)
def test_file_loads_with_the_seed_item_count(standard_id: str) -> None:
    path = standards_dir() / f"{standard_id}.toml"
    std = load_standard(path)
    assert std.id == standard_id == get_standard(standard_id).id
    assert std.kind == "conditions" and not std.is_score
    assert (std.base_max, std.bonus_max, std.pass_mark, std.max_points) == (None, None, None, None)
    ids = [it.id for it in std.items]
    assert len(ids) == COUNTS[standard_id]
    assert len(set(ids)) == len(ids)
    assert std.source["seed"] and std.source["title"]
    for it in std.items:
        assert it.max is None
        assert it.rule.kind == "condition"
        if it.mode != "manual":  # data decides or proposes: the reading says how
            assert it.reading, it.id


@pytest.mark.parametrize("standard_id", MINE)
def test_items_of_a_section_are_contiguous(standard_id: str) -> None:
    std = get_standard(standard_id)
    order = [it.section for it in std.items]
    seen: list[str] = []
    for s in order:
        if not seen or seen[-1] != s:
            assert s not in seen, f"{standard_id}: section {s} split"
            seen.append(s)
    assert seen == [s.id for s in std.sections]


def test_chongming_basic_and_extended_split_follows_the_seed() -> None:
    std = get_standard(CHONGMING)
    assert {it.id for it in std.items} == {str(n) for n in range(1, 26)}
    basic = {it.id for it in std.items if it.section == "basic"}
    extended = {it.id for it in std.items if it.section == "extended"}
    assert basic == CHONGMING_BASIC  # the seed marks 13 基础功能 and 12 拓展功能
    assert len(extended) == 12
    assert {s.title for s in std.sections} == {"基础功能", "拓展功能"}
    for it in std.items:
        assert it.required is (it.id in CHONGMING_BASIC)


def test_chongming_item_7_and_17_evidence() -> None:
    std = get_standard(CHONGMING)
    item7 = next(it for it in std.items if it.id == "7")
    assert item7.mode == "assisted"
    assert item7.rule.proposal is not None and item7.rule.proposal.indicator == "job_seekers"
    item17 = next(it for it in std.items if it.id == "17")
    assert item17.mode == "auto" and "帮办失业登记" in item17.reading
    assert item17.rule.indicator == "services_of_type" and item17.rule.params == {"kind": "帮办失业登记"}


def test_chongming_items_decided_by_the_ledger() -> None:
    std = get_standard(CHONGMING)
    modes = {it.id: it.mode for it in std.items}
    auto = {i for i, m in modes.items() if m == "auto"}
    assert auto == set(CHONGMING_SERVICE_ITEMS) | {"2", "4", "5", "6", "9", "11", "13"}
    assert {i for i, m in modes.items() if m == "manual"} == {"10", "14", "20", "21", "24"}
    for item_id, kind in CHONGMING_SERVICE_ITEMS.items():
        assert std.item(item_id).rule.params == {"kind": kind}
        assert "按服务记录计" in std.item(item_id).reading


def test_chongming_summary_counts_follow_the_seed() -> None:
    std = get_standard(CHONGMING)
    assert "基础功能 13 项 / 拓展功能 12 项" in std.source["summary"]
    header = (standards_dir() / f"{CHONGMING}.toml").read_text(encoding="utf-8")
    assert "基础功能 13 项" in header and "拓展功能 12 项" in header


def test_gansu_names_the_missing_quantified_score_sheet() -> None:
    item = next(it for it in get_standard(GANSU).items if it.id == "6.1")
    assert item.mode == "manual" and item.required
    assert "量化评分表" in item.title and "90" in item.title
    assert "手工录入" in item.title and "未随《办法》公布" in item.reading


def test_yangpu_lists_the_four_named_systems() -> None:
    item = next(it for it in get_standard(YANGPU).items if it.id == "2.4")
    for name in ("日常运作管理", "工作流程", "绩效评估", "人员考核"):
        assert name in item.title


def test_cli_lists_the_five(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["standards"]) == 0
    out = capsys.readouterr().out
    for standard_id in MINE:
        line = next(line for line in out.splitlines() if line.startswith(standard_id + "\t"))
        assert f"条件清单，{COUNTS[standard_id]} 项" in line


# ------------------------------------------------------------------ empty database


# Data-decided items on an empty ledger: nothing to count is met (rates with no denominator, nobody
# due for a service), except the register coverage (no population entered) and Yangpu's staff.
EMPTY_AUTO = {
    GANSU: {"3.1": True, "3.3": True, "3.5": True, "4.1": True, "4.2": True},
    CITY: {"3.1": False, "3.2": True, "3.3": True, "3.4": True, "3.5": True},
    STAR: {"3.1": False, "3.2": True, "3.3": True, "3.4": True, "3.5": True},
    YANGPU: {"0.1": False, "2.2": False},
    CHONGMING: dict.fromkeys(
        ("2", "3", "4", "5", "6", "8", "9", "11", "13", "15", "17", "18", "19", "23"), False
    ),
}


@pytest.mark.parametrize("standard_id", MINE)
def test_empty_database(db: Path, standard_id: str) -> None:
    result = run(standard_id)
    data = result.to_json_dict()
    assert data["kind"] == "conditions"
    assert data["passed"] is False  # nothing answered yet
    for key in ("base_max", "bonus_max", "pass_mark", "base_total", "bonus_total", "total"):
        assert data[key] is None
    assert len(data["items"]) == COUNTS[standard_id]
    auto = {it["id"]: it["met"] for it in data["items"] if it["mode"] == "auto"}
    assert auto == EMPTY_AUTO[standard_id]
    for it in data["items"]:
        assert it["points"] is None and it["max"] is None
        assert isinstance(it["met"], bool)
        if it["mode"] != "auto":
            assert it["status"] == "needs_input" and it["met"] is False
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


@pytest.mark.parametrize("standard_id", (GANSU, YANGPU, CHONGMING))
def test_passes_when_every_required_item_is_met(db: Path, standard_id: str) -> None:
    lg = Ledger()
    lg.staff(started=D(2020, 1, 1))
    lg.staff(started=D(2021, 1, 1))  # Yangpu: two full-time staff with two years
    lg.profile(opened_on=D(2023, 5, 1))  # Yangpu: running for more than three months
    chongming_evidence(lg)
    answers = answer_all_met(standard_id)
    result = run(standard_id, answers)
    assert result.passed is True
    assert all(r.met is True for r in result.items)
    data = result.to_json_dict()
    assert data["passed"] is True and all(it["points"] is None for it in data["items"])
    # one required manual item not met fails the whole list
    first_manual = next(it.id for it in get_standard(standard_id).items if it.mode == "manual")
    answers[first_manual] = Answer(checked=frozenset())
    assert run(standard_id, answers).passed is False


@pytest.mark.parametrize("standard_id", (CITY, STAR))
def test_pingdingshan_passes_with_coverage_entered(db: Path, standard_id: str) -> None:
    lg = Ledger()
    lg.persons(20)
    lg.profile(20, area_m2=Decimal(50))
    result = run(standard_id, answer_all_met(standard_id))
    assert result.item("3.1").met is True
    assert result.passed is True
    lg.profile(None, area_m2=Decimal(50))
    result = run(standard_id, answer_all_met(standard_id))
    assert result.item("3.1").met is False and result.passed is False
    assert "未填写辖区法定劳动年龄人口数" in result.item("3.1").basis


def test_chongming_passes_on_basic_items_alone(db: Path) -> None:
    chongming_evidence(Ledger(), extended=False)
    reason = "现场核实"
    std = get_standard(CHONGMING)
    answers = {
        i: Answer(checked=frozenset({"met"}), override_reason=reason)
        for i in CHONGMING_BASIC
        if std.item(i).mode != "auto"
    }
    result = run(CHONGMING, answers)
    assert result.passed is True
    assert sum(1 for r in result.items if r.item.section == "basic" and r.met) == 13
    # 补贴申领 (item 19, basic) is also the evidence of item 15 (extended): the only extended item met.
    assert {r.item.id for r in result.items if r.item.section == "extended" and r.met} == {"15"}
    answers.pop("22")
    assert run(CHONGMING, answers).passed is False


# ------------------------------------------------------------------ registered unemployed


@pytest.mark.parametrize(("employed", "expected"), [(90, True), (89, False)])
def test_gansu_reemployment_at_90_percent(db: Path, employed: int, expected: bool) -> None:
    unemployed(Ledger(), 100, employed)
    r = run(GANSU).item("3.5")
    assert r.met is expected
    assert r.indicators[0].value * 100 == employed
    assert f"再就业 {employed} 人" in r.basis


def test_gansu_reemployment_excluded_leave_the_denominator(db: Path) -> None:
    lg = Ledger()
    unemployed(lg, 10, 9)
    lg.reg(lg.person(), D(2023, 6, 1), D(2024, 3, 1), "死亡")  # 9/10: still met
    lg.reg(lg.person(), D(2023, 6, 1), personal=True)  # 个人原因未就业: not counted
    assert met(GANSU, "3.5") is True


@pytest.mark.parametrize(
    ("standard_id", "employed", "expected"),
    [(CITY, 19, True), (CITY, 18, False), (STAR, 97, True), (STAR, 96, False)],
)
def test_pingdingshan_reemployment(db: Path, standard_id: str, employed: int, expected: bool) -> None:
    total = 20 if standard_id == CITY else 100
    unemployed(Ledger(), total, employed)
    assert met(standard_id, "3.4") is expected


def test_reemployment_gap_names_the_people(db: Path) -> None:
    lg = Ledger()
    unemployed(lg, 10, 8)
    result = run(GANSU)
    hint = next(g.hint for g in gaps(result) if g.item_id == "3.5")
    assert "2 名登记失业人员尚未实现就业" in hint and "测试9" in hint


def test_served_unemployed_once_for_city_twice_for_star(db: Path) -> None:
    lg = Ledger()
    pid = lg.person()
    lg.reg(pid, D(2024, 2, 1))
    assert (met(CITY, "3.2"), met(STAR, "3.2")) == (False, False)
    lg.service(pid, D(2024, 3, 1))
    assert (met(CITY, "3.2"), met(STAR, "3.2")) == (True, False)
    lg.service(pid, D(2024, 12, 31))
    assert (met(CITY, "3.2"), met(STAR, "3.2")) == (True, True)


def test_served_unemployed_leaves_out_those_not_wanting_work(db: Path) -> None:
    lg = Ledger()
    lg.reg(lg.person(wants_work=False), D(2024, 2, 1))
    lg.reg(lg.person(labor_ability="完全丧失劳动能力"), D(2024, 2, 1))
    assert (met(CITY, "3.2"), met(STAR, "3.2")) == (True, True)


def test_gansu_served_unemployed_is_a_proposal(db: Path) -> None:
    lg = Ledger()
    pid = lg.person()
    lg.reg(pid, D(2024, 2, 1))
    assert proposed(GANSU, "3.4") is False
    lg.service(pid, D(2024, 2, 1))
    assert proposed(GANSU, "3.4") is True
    confirmed = run(GANSU, {"3.4": Answer()}).item("3.4")
    assert confirmed.met is True and confirmed.status == "scored"


# ------------------------------------------------------------------ difficulty persons


@pytest.mark.parametrize(
    ("standard_id", "employed", "expected"),
    [
        (GANSU, 19, True),  # 19/20 = 95% meets “不低于95%”
        (GANSU, 18, False),
        (CITY, 19, True),
        (CITY, 18, False),
        (STAR, 19, False),  # star needs 100%
        (STAR, 20, True),
    ],
)
def test_difficulty_employment_rate(db: Path, standard_id: str, employed: int, expected: bool) -> None:
    difficulty(Ledger(), 20, employed)
    item_id = "3.3" if standard_id == GANSU else "3.5"
    assert met(standard_id, item_id) is expected


def test_gansu_monthly_contact(db: Path) -> None:
    lg = Ledger()
    pid = lg.person()
    lg.rec(pid, D(2023, 1, 1))
    months = [D(2024, m, 15) for m in range(1, 13)]
    services(lg, pid, months[:11])
    r = run(GANSU).item("4.2")
    assert r.met is False
    assert "缺援助记录的 1 人、1 个人月" in r.basis
    hint = next(g.hint for g in gaps(run(GANSU)) if g.item_id == "4.2")
    assert "2024-12" in hint
    services(lg, pid, months[11:])
    assert met(GANSU, "4.2") is True


def test_gansu_training_referrals_on_record(db: Path) -> None:
    lg = Ledger()
    pid = lg.person(training_need=True)
    lg.rec(pid, D(2023, 1, 1))
    assert met(GANSU, "4.1") is False
    lg.training(pid, D(2023, 12, 31))  # before P: does not count
    assert met(GANSU, "4.1") is False
    lg.training(pid, D(2024, 1, 1))
    assert met(GANSU, "4.1") is True


def test_pingdingshan_service_proposals(db: Path) -> None:
    lg = Ledger()
    pid = lg.person(training_need=True)
    lg.reg(pid, D(2024, 1, 1))
    for standard_id in (CITY, STAR):
        assert proposed(standard_id, "2.3") is False
        assert proposed(standard_id, "2.2") is False
    lg.training(pid, D(2024, 5, 1))
    lg.vacancy(D(2024, 5, 1))
    for standard_id in (CITY, STAR):
        assert proposed(standard_id, "2.3") is True
        assert proposed(standard_id, "2.2") is True


# ------------------------------------------------------------------ zero-employment families


@pytest.mark.parametrize(("cleared", "expected"), [(D(2024, 4, 15), True), (D(2024, 4, 16), False)])
def test_zero_family_one_calendar_month(db: Path, cleared: dt.date, expected: bool) -> None:
    lg = Ledger()
    lg.zero(lg.household(), D(2024, 3, 15), cleared)
    assert (met(GANSU, "3.1"), met(CITY, "3.3"), met(STAR, "3.3")) == (expected,) * 3


# ------------------------------------------------------------------ register coverage


@pytest.mark.parametrize(
    ("persons", "city", "star"), [(20, True, True), (19, True, False), (18, False, False)]
)
def test_register_coverage(db: Path, persons: int, city: bool, star: bool) -> None:
    lg = Ledger()
    lg.persons(persons)
    lg.persons(3, birth=D(1950, 1, 1))  # retired: not of working age
    lg.profile(20)
    assert (met(CITY, "3.1"), met(STAR, "3.1")) == (city, star)


# ------------------------------------------------------------------ staff


@pytest.mark.parametrize(("second_started", "expected"), [(D(2022, 12, 31), True), (D(2023, 1, 1), False)])
def test_yangpu_two_staff_with_two_years(db: Path, second_started: dt.date, expected: bool) -> None:
    lg = Ledger()
    lg.staff(started=D(2020, 1, 1))
    lg.staff(started=second_started)
    lg.staff(nature="兼职", started=D(2010, 1, 1))  # part-time: does not count
    r = run(YANGPU).item("2.2")
    assert r.met is expected
    assert "专职工作人员 2 名" in r.basis


def test_staff_proposals(db: Path) -> None:
    lg = Ledger()
    lg.staff(nature="兼职")
    assert (proposed(GANSU, "1.4"), proposed(CITY, "1.4")) == (False, False)
    lg.staff()
    assert (proposed(GANSU, "1.4"), proposed(CITY, "1.4")) == (True, False)
    lg.staff()
    assert (proposed(GANSU, "1.4"), proposed(CITY, "1.4")) == (True, True)


# ------------------------------------------------------------------ complaints, surveys


def test_complaint_proposals(db: Path) -> None:
    Complaint.create(date=D(2022, 1, 1), content="投诉", valid=True)  # within three years of `to`
    assert proposed(GANSU, "5.2") is False
    assert proposed(CITY, "2.6") is True  # Pingdingshan: the year only
    Complaint.create(date=D(2024, 6, 1), content="投诉", valid=False)
    assert proposed(CITY, "2.6") is True
    Complaint.create(date=D(2024, 6, 2), content="投诉", valid=True)
    assert proposed(CITY, "2.6") is False


def test_gansu_complaints_older_than_three_years(db: Path) -> None:
    Complaint.create(date=D(2021, 12, 31), content="投诉", valid=True)
    assert proposed(GANSU, "5.2") is True


def test_survey_freshness_proposal(db: Path) -> None:
    lg = Ledger()
    lg.persons(9)  # survey date 2024-01-01
    assert proposed(GANSU, "2.1") is True and proposed(CHONGMING, "16") is True
    stale = lg.person()
    Person.update(survey_date=D(2023, 12, 31)).where(Person.id == stale).execute()
    assert proposed(GANSU, "2.1") is True  # 9/10 = 90%
    Person.update(survey_date=D(2023, 12, 31)).where(Person.id == lg.person()).execute()
    assert proposed(GANSU, "2.1") is False  # 9/11


# ------------------------------------------------------------------ Yangpu and Chongming evidence


def test_yangpu_service_function_proposals(db: Path) -> None:
    for item_id in ("3.1", "3.2", "3.3"):
        assert proposed(YANGPU, item_id) is False
    lg = Ledger()
    pid = lg.person()  # surveyed 2024-01-01
    vid = lg.vacancy(D(2024, 3, 1))
    lg.referral(pid, vid, D(2024, 3, 2))
    result = run(YANGPU)
    for item_id in ("3.1", "3.2", "3.3"):
        assert "met" in result.item(item_id).proposed_checked
    confirmed = run(YANGPU, {"3.2": Answer()}).item("3.2")
    assert confirmed.met is True and "报告期内收集岗位 1 个" in confirmed.basis


def _event(kind: str, on: dt.date) -> None:
    Event.create(date=on, kind=kind, name=kind)


def test_chongming_evidence_proposals(db: Path) -> None:
    evidence = ("1", "7", "12", "16", "22", "25")
    result = run(CHONGMING)
    assert all(not result.item(i).proposed_checked for i in evidence)
    lg = Ledger()
    pid = lg.person()
    lg.vacancy(D(2024, 2, 1), kind="公益性岗位", headcount=2)
    lg.referral(pid, lg.vacancy(D(2024, 2, 1)), D(2024, 2, 3))
    _event("技能培训班", D(2024, 4, 1))
    _event("专家坐诊", D(2024, 5, 1))
    _event("创业活动", D(2024, 6, 1))
    _event("创业活动", D(2023, 6, 1))  # before P
    result = run(CHONGMING)
    assert all("met" in result.item(i).proposed_checked for i in evidence)
    confirmed = run(CHONGMING, {"25": Answer()})
    assert confirmed.item("6").met is True  # auto: 公益性岗位 collected in P
    assert "公益性岗位招聘 2 人" in confirmed.item("6").basis
    assert "创业活动 1 次" in confirmed.item("25").basis


def test_chongming_referral_outside_period_is_no_evidence(db: Path) -> None:
    lg = Ledger()
    lg.referral(lg.person(), lg.vacancy(D(2023, 1, 1)), D(2023, 12, 31))
    assert proposed(CHONGMING, "7") is False


def test_changing_a_proposal_needs_a_reason(db: Path) -> None:
    with pytest.raises(ValidationError):
        run(CHONGMING, {"7": Answer(checked=frozenset({"met"}))})
    ok = run(CHONGMING, {"7": Answer(checked=frozenset({"met"}), override_reason="岗位查询在自助终端提供")})
    assert ok.item("7").met is True


@pytest.mark.parametrize(("item_id", "kind"), sorted(CHONGMING_SERVICE_ITEMS.items()))
def test_chongming_service_items_count_records_of_their_type_in_period(
    db: Path, item_id: str, kind: str
) -> None:
    lg = Ledger()
    pid = lg.person()
    lg.service(pid, D(2023, 12, 31), kind)  # before P
    lg.service(pid, D(2025, 1, 1), kind)  # after P
    other = "其他" if kind != "其他" else "政策宣介"
    lg.service(pid, D(2024, 6, 1), other)  # another type in P
    r = run(CHONGMING).item(item_id)
    assert r.met is False and r.status == "scored"
    assert "没有此类服务记录" in r.basis
    lg.service(pid, D(2024, 12, 31), kind)  # the last day of P
    r = run(CHONGMING).item(item_id)
    assert r.met is True
    assert f"服务类型为“{kind}”的服务记录 1 条，服务 1 人" in r.basis


def test_chongming_item_17_tick_is_refused_now_that_data_decides(db: Path) -> None:
    with pytest.raises(ValidationError, match="第 17 项没有勾选项：met"):
        run(CHONGMING, {"17": Answer(checked=frozenset({"met"}))})
    noted = run(CHONGMING, {"17": Answer(note="材料在档案柜")}).item("17")
    assert "备注：材料在档案柜" in noted.basis and noted.met is False


def test_chongming_postings_by_kind_and_method(db: Path) -> None:
    lg = Ledger()
    lg.vacancy(D(2024, 3, 1), kind="全日制", method="电话")
    lg.vacancy(D(2023, 12, 31), kind="全日制", method="走访企业")  # before P
    lg.vacancy(D(2024, 3, 1), kind="零工")
    result = run(CHONGMING)
    assert (result.item("4").met, result.item("5").met, result.item("6").met) == (False, False, False)
    lg.vacancy(D(2024, 1, 1), kind="全日制", method="走访企业", headcount=3)
    lg.vacancy(D(2024, 12, 31), kind="非全日制")
    result = run(CHONGMING)
    assert (result.item("4").met, result.item("5").met) == (True, True)
    assert "全日制岗位 1 个，招聘 3 人" in result.item("4").basis


def test_chongming_plans_trainings_and_interviews(db: Path) -> None:
    lg = Ledger()
    pid = lg.person()
    lg.plan(pid, D(2023, 12, 31))
    lg.training(pid, D(2023, 12, 31), kind="职业技能培训")
    v = lg.vacancy(D(2024, 1, 1))
    lg.referral(pid, v, D(2024, 2, 1), outcome="待反馈")
    lg.referral(pid, v, D(2024, 2, 2), outcome="未录用")
    result = run(CHONGMING)
    assert [result.item(i).met for i in ("2", "9", "11", "13")] == [False, False, False, False]
    lg.plan(pid, D(2024, 1, 1))
    lg.training(pid, D(2024, 1, 1), kind="创业培训")
    lg.referral(pid, v, D(2024, 2, 3), outcome="已录用")
    result = run(CHONGMING)
    assert [result.item(i).met for i in ("2", "9", "11", "13")] == [True, True, True, False]
    assert "推荐结果为“已面试”或“已录用”的 1 人次" in result.item("9").basis
    lg.training(pid, D(2024, 12, 31), kind="职业技能培训")
    assert met(CHONGMING, "13") is True


# ------------------------------------------------------------------ station profile


@pytest.mark.parametrize("standard_id", (CITY, STAR))
@pytest.mark.parametrize(("area", "expected"), [(Decimal(50), True), (Decimal("49.9"), False)])
def test_pingdingshan_office_of_fifty_square_metres(
    db: Path, standard_id: str, area: Decimal, expected: bool
) -> None:
    Ledger().profile(area_m2=area)
    ticked = {"1.2": Answer(checked=frozenset({"met"}))}
    r = run(standard_id, ticked).item("1.2")
    assert r.met is expected and r.status == "scored"
    assert ("不低于50平方米" if expected else "不足50平方米") in r.basis
    assert f"{area} 平方米" in r.basis
    # the facilities still need the station's tick
    unticked = run(standard_id, {"1.2": Answer(checked=frozenset())}).item("1.2")
    assert unticked.met is False and "其余条件未经站点确认" in unticked.basis


@pytest.mark.parametrize("standard_id", (CITY, STAR))
def test_pingdingshan_office_area_not_filled(db: Path, standard_id: str) -> None:
    r = run(standard_id, {"1.2": Answer(checked=frozenset({"met"}))}).item("1.2")
    assert r.met is False and "未填写场地面积" in r.basis


def test_pingdingshan_home_visits_propose_civil_service(db: Path) -> None:
    lg = Ledger()
    pid = lg.person()
    lg.service(pid, D(2024, 5, 1), "跟踪回访")
    assert (proposed(CITY, "2.4"), proposed(STAR, "2.4")) == (False, False)
    lg.service(pid, D(2024, 5, 1), "上门走访")
    assert (proposed(CITY, "2.4"), proposed(STAR, "2.4")) == (True, True)


@pytest.mark.parametrize(
    ("opened", "expected"),
    [(D(2024, 9, 30), True), (D(2024, 10, 1), False), (D(2025, 1, 1), False)],
)
def test_yangpu_three_months_trial_run(db: Path, opened: dt.date, expected: bool) -> None:
    Ledger().profile(opened_on=opened)
    r = run(YANGPU).item("0.1")
    assert r.met is expected
    assert f"开始运行日期”{opened.isoformat()}" in r.basis


def test_yangpu_trial_run_without_an_opening_date(db: Path) -> None:
    r = run(YANGPU).item("0.1")
    assert r.met is False and "未填写开始运行日期" in r.basis
    assert "{" not in r.basis


# ------------------------------------------------------------------ entered figures


@pytest.mark.parametrize(
    ("standard_id", "item_id", "label", "figure", "expected"),
    [
        (CITY, "3.7", "满意率", "90", True),  # 90% meets “90%以上”
        (CITY, "3.7", "满意率", "89.9", False),
        (CITY, "3.7", "满意率", "89.999", False),
        (STAR, "3.6", "创业担保贷款到期还款率", "94", True),
        (STAR, "3.6", "创业担保贷款到期还款率", "93.99", False),
        (STAR, "3.6", "创业担保贷款到期还款率", "100", True),
        (GANSU, "6.1", "量化评分综合得分", "90", True),
        (GANSU, "6.1", "量化评分综合得分", "89.5", False),
    ],
)
def test_entered_figures(
    db: Path, standard_id: str, item_id: str, label: str, figure: str, expected: bool
) -> None:
    r = run(standard_id, {item_id: Answer(numbers={label: Decimal(figure)})}).item(item_id)
    assert r.met is expected and r.status == "scored"
    unit = "分" if standard_id == GANSU else "%"
    assert r.basis.startswith(f"{label} {Decimal(figure).normalize():f}{unit}，")


@pytest.mark.parametrize(("standard_id", "item_id"), [(CITY, "3.7"), (STAR, "3.6"), (GANSU, "6.1")])
def test_unentered_figure_needs_input(db: Path, standard_id: str, item_id: str) -> None:
    r = run(standard_id).item(item_id)
    assert r.status == "needs_input" and r.met is False
    assert r.basis.startswith("待填写")
    assert run(standard_id, {item_id: Answer()}).item(item_id).status == "needs_input"


def test_entered_percentage_above_100_is_refused(db: Path) -> None:
    with pytest.raises(ValidationError, match="不能超过 100"):
        run(CITY, {"3.7": Answer(numbers={"满意率": Decimal("100.5")})})
    with pytest.raises(ValidationError, match="不能为负数"):
        run(CITY, {"3.7": Answer(numbers={"满意率": Decimal(-1)})})
    with pytest.raises(ValidationError, match="没有需要填写的数"):
        run(CITY, {"3.7": Answer(numbers={"满意度": Decimal(95)})})


# ------------------------------------------------------------------ corrections of December 2026


@pytest.mark.parametrize(
    ("third_started", "expected"), [(D(2022, 12, 31), True), (D(2023, 1, 1), False), (None, False)]
)
def test_yangpu_every_full_time_member_needs_two_years(
    db: Path, third_started: dt.date | None, expected: bool
) -> None:
    """Seed: “专职工作人员须具备两年及以上……工作经验” — every 专职 member, not two of them: a third
    专职 member with less than two years (or none recorded) fails the item."""
    lg = Ledger()
    lg.staff(started=D(2015, 1, 1))
    lg.staff(started=D(2016, 1, 1))
    lg.staff(started=third_started)
    r = run(YANGPU).item("2.2")
    assert r.met is expected
    assert "专职工作人员 3 名" in r.basis


def test_yangpu_one_experienced_full_time_member_is_not_enough(db: Path) -> None:
    Ledger().staff(started=D(2015, 1, 1))
    assert met(YANGPU, "2.2") is False


def test_star_list_is_the_seeds_five_quantified_items(db: Path) -> None:
    """The seed's 星级 list has five quantified items (the first, 登记率 and 两次就业帮扶, as two items here);
    《就业创业证》 and 满意率 are city items only."""
    star = get_standard(STAR)
    quantified = [it.title for it in star.items if it.section == "3"]
    assert len(quantified) == 6
    assert not any("就业创业证" in t or "满意率" in t for t in quantified)
    city = [it.title for it in get_standard(CITY).items]
    assert any("就业创业证" in t for t in city) and any("满意率" in t for t in city)


@pytest.mark.parametrize(
    ("cleared", "expected"), [(None, False), (D(2024, 1, 1), True), (D(2024, 1, 2), False)]
)
def test_pingdingshan_zero_families_dynamically_none(
    db: Path, cleared: dt.date | None, expected: bool
) -> None:
    """“动态为零”: a family recognised a year before P and still not cleared on P's first day fails both
    Pingdingshan lists; Guangzhou's and Gansu's one-month rule does not judge it again."""
    lg = Ledger()
    lg.zero(lg.household(), D(2022, 10, 1), cleared)
    assert (met(CITY, "3.3"), met(STAR, "3.3")) == (expected, expected)
    assert met(GANSU, "3.1") is True


@pytest.mark.parametrize(("recognised", "expected"), [(True, False), (False, True)])
def test_gansu_training_concerns_difficulty_persons(db: Path, recognised: bool, expected: bool) -> None:
    """Gansu 第五条(四)1 “推荐组织就业困难人员参加就业创业培训”: a registered unemployed person who is not a
    difficulty person, with a training need and no referral, does not fail the condition."""
    lg = Ledger()
    pid = lg.person(training_need=True)
    lg.reg(pid, D(2023, 6, 1))
    if recognised:
        lg.rec(pid, D(2023, 6, 1))
    item = next(it for it in get_standard(GANSU).items if "培训" in it.title)
    assert met(GANSU, item.id) is expected


def test_gansu_training_ignores_an_internship(db: Path) -> None:
    lg = Ledger()
    pid = lg.person(training_need=True)
    lg.rec(pid, D(2023, 6, 1))
    lg.training(pid, D(2024, 1, 1), kind="就业见习")
    item = next(it for it in get_standard(GANSU).items if "培训" in it.title)
    assert met(GANSU, item.id) is False
    lg.training(pid, D(2024, 1, 2), kind="创业培训")
    assert met(GANSU, item.id) is True


@pytest.mark.parametrize(("standard_id"), [CITY, STAR])
def test_pingdingshan_training_rate_concerns_the_registered_unemployed(db: Path, standard_id: str) -> None:
    """Seed: “为登记失业人员……组织推荐其参加职业技能培训和创业培训，推荐率达到100%”: a difficulty person
    without a registration is not in the rate."""
    lg = Ledger()
    pid = lg.person(training_need=True)
    lg.rec(pid, D(2023, 6, 1))
    assert proposed(standard_id, "2.3") is True
    lg.reg(pid, D(2023, 6, 1))
    assert proposed(standard_id, "2.3") is False
