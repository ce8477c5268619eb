"""The 自评 page's view model without Qt (app.assessment.view) and the people behind a number
(app.assessment.members)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.assessment import scoring, view
from app.assessment.assessments import FrozenMember, FrozenSet, ItemDiff
from app.assessment.members import (
    detail_text,
    frozen_columns,
    frozen_rows,
    member_columns,
    member_detail,
    member_rows,
)
from app.assessment.standards import get_standard
from app.core.idcard import make_id
from app.core.period import Period
from app.register import ledger

P = Period(dt.date(2024, 10, 1), dt.date(2025, 9, 30))


def test_points_text():
    assert view.points_text(None) == "—"
    assert view.points_text(Decimal("6.0")) == "6"
    assert view.points_text(Decimal("7.5")) == "7.5"


def test_set_labels_fall_back_to_the_name():
    assert view.set_label("reemployment_rate", "base") == "登记失业"
    assert view.set_label("some_new_indicator", "things") == "things"


def test_size_text_boundaries():
    assert view.size_text(1023) == "1023 字节"
    assert view.size_text(1024) == "1.0 KB"
    assert view.size_text(1024 * 1024 - 1) == "1024.0 KB"
    assert view.size_text(1024 * 1024) == "1.0 MB"


def _diff(a: str | None, b: str | None, a_met: bool | None = None, b_met: bool | None = None) -> ItemDiff:
    pa = Decimal(a) if a is not None else None
    pb = Decimal(b) if b is not None else None
    d = pb - pa if pa is not None and pb is not None else None
    return ItemDiff("1.1", "项目", pa, pb, d, a_met, b_met)


def test_change_text_of_scores():
    assert view.change_text(_diff("3", "5"), score=True) == "+2"
    assert view.change_text(_diff("5", "3.5"), score=True) == "-1.5"
    assert view.change_text(_diff("5", "5"), score=True) == "—"
    assert view.change_text(_diff(None, "5"), score=True) == "仅一方有此项"
    assert view.change_text(_diff(None, None), score=True) == ""


def test_change_text_of_conditions():
    assert view.change_text(_diff(None, None, False, True), score=False) == "未达标 → 达标"
    assert view.change_text(_diff(None, None, True, True), score=False) == "—"
    assert view.change_text(_diff(None, None, None, True), score=False) == "— → 达标"


def test_differs():
    assert view.differs(_diff("3", "5")) and view.differs(_diff(None, None, False, True))
    assert not view.differs(_diff("5", "5", True, True))


def test_cached_lookup_computes_each_indicator_once(monkeypatch):
    calls: list[tuple[str, dict]] = []

    def lookup(indicator_id, period, **params):
        calls.append((indicator_id, params))
        return f"{indicator_id}:{len(calls)}"

    monkeypatch.setattr(scoring, "lookup", lookup)
    cache = view.CachedLookup()
    assert cache("a", P, x=1) == "a:1"
    assert cache("a", P, x=1) == "a:1" and cache.calls == 1
    assert cache("a", P, x=2) == "a:2"  # other parameters: computed
    assert cache("a", Period(P.start, dt.date(2025, 6, 30)), x=1) == "a:3"  # another period
    cache.clear()
    assert cache("a", P, x=1) == "a:4" and cache.calls == 4


def test_compute_view_scores_and_builds_the_view(db):
    std = get_standard("guangzhou-full-employment-2024")
    result, shown = view.compute_view(std, P, {}, view.CachedLookup())
    assert shown.standard is std and shown.period == P and not shown.snapshot
    assert [r.id for r in shown.items] == [r.item.id for r in result.items]
    assert shown.total == result.total
    assert view.status_text(shown.items[0]) in {"自动计算", "待填写", "待确认", "已确认", "已填写"}


def test_person_count(db):
    assert view.person_count() == 0
    ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1990, 2, 3), 7),
            "name": "陈明",
            "employment_status": "未就业",
            "survey_date": "2025-01-01",
        }
    )
    assert view.person_count() == 1


# ---------------------------------------------------------------------------- members


def test_detail_texts():
    assert detail_text("deadline", dt.date(2025, 7, 29)) == "计划期限 2025-07-29"
    assert detail_text("missing", {"政策宣介": 1, "职业指导": 2}) == "服务缺项：政策宣介1次、职业指导2次"
    assert detail_text("missing_elements", ["工作时间"]) == "缺少要素：工作时间"
    rows = {"recognized_on": dt.date(2025, 1, 1), "deadline": dt.date(2025, 2, 1), "cleared_on": None}
    assert detail_text("rows", rows) == "认定 2025-01-01，期限 2025-02-01，清零 未清零"
    assert detail_text("n", 0) == "推荐培训次数 0"
    assert detail_text("missing_elements", []) == ""


def test_member_detail_joins_every_detail_of_the_member():
    details = {"n": {7: 2}, "deadline": {7: dt.date(2025, 1, 1), 8: dt.date(2025, 2, 1)}, "months": {8: []}}
    assert member_detail(details, 7) == "推荐培训次数 2；计划期限 2025-01-01"
    assert member_detail(details, 8) == "计划期限 2025-02-01"  # an empty list says nothing
    assert member_detail(details, 9) == ""


@pytest.fixture
def person(db) -> int:
    return ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1990, 2, 3), 7),
            "name": "陈明",
            "employment_status": "未就业",
            "survey_date": "2025-01-01",
        }
    ).id


def test_member_rows_mask_ids_and_mark_deleted_members(person):
    assert member_columns("person")[:2] == ("姓名", "身份证号")
    rows = member_rows("person", [person, 99999])
    assert rows[0].member_id == person and rows[0].person_id == person
    assert rows[0].texts[0] == "陈明" and "*" in rows[0].texts[1]
    assert rows[1].person_id is None and "已删除" in rows[1].texts[0]
    assert len(rows[1].texts) == len(member_columns("person"))


def test_member_rows_of_an_unknown_kind():
    assert member_columns("nothing") == ("编号",)
    assert [(r.member_id, r.person_id, r.texts) for r in member_rows("nothing", [3])] == [(3, None, ("#3",))]


def test_frozen_rows(person):
    kept = FrozenSet("person", [FrozenMember(1, person, "陈明（定稿时）"), FrozenMember(2, 424242, "已走")])
    assert frozen_columns(kept) == ("定稿时姓名", "身份证号")
    alive, gone = frozen_rows(kept)
    assert alive.person_id == person and alive.texts[0] == "陈明（定稿时）" and "*" in alive.texts[1]
    assert gone.person_id is None and gone.texts == ("已走", "（已从台账删除）")
    staff = FrozenSet("staff", [FrozenMember(5, None, "王敏")])
    assert frozen_columns(staff) == ("定稿时名称",)
    assert [r.texts for r in frozen_rows(staff)] == [("王敏",)]
