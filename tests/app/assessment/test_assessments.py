"""Saved assessments: answers, evidence in the database, 定稿 (read-only snapshot), compare."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.assessment import assessments, standards
from app.assessment.indicators import Period
from app.assessment.scoring import Answer, assess, lookup
from app.core.errors import UserError, ValidationError
from db.models import AssessmentAnswer, Evidence, Person, Registration, Staff

P = Period(dt.date(2023, 10, 1), dt.date(2024, 9, 30))
FULL = "guangzhou-full-employment-2024"


def _unemployed(name: str, n: int) -> Person:
    person = Person.create(
        id_number=f"44011119850101{n:03d}X",
        name=name,
        gender="男",
        birth_date=dt.date(1985, 1, 1),
        employment_status="未就业",
        survey_date=dt.date(2024, 3, 1),
    )
    Registration.create(person=person, registered_on=dt.date(2024, 1, 10))
    return person


def test_create_list_load(db: Path) -> None:
    a = assessments.create(FULL, P)
    b = assessments.create(FULL, P, title="第二次")
    assert [x.id for x in assessments.list_assessments()] == [b.id, a.id]
    assert assessments.load(a.id).standard_id == FULL
    assert "广州市充分就业社区" in a.title
    assert assessments.list_assessments("other") == []
    with pytest.raises(UserError, match="找不到编号为 999 的自评"):
        assessments.load(999)


def test_create_with_unknown_standard(db: Path) -> None:
    with pytest.raises(UserError, match="没有编号为“x”的评估标准"):
        assessments.create("x", P)


def test_answers_round_trip_and_score(db: Path) -> None:
    a = assessments.create(FULL, P)
    assessments.save_answer(a.id, "2.1", Answer(checked=frozenset({"window", "sign"}), note="窗口在一楼"))
    assessments.save_answer(a.id, "B.6", Answer(counts={"honours": 2}))
    saved = assessments.answers(a.id)
    assert saved["2.1"].checked == {"window", "sign"}
    assert saved["2.1"].note == "窗口在一楼"
    assert saved["B.6"].counts == {"honours": 2}
    # Saving again replaces the answer.
    assessments.save_answer(a.id, "2.1", Answer(checked=frozenset({"window"})))
    result = assessments.run(a.id)
    assert result.item("2.1").points == 2
    assert result.item("B.6").points == 6
    assert AssessmentAnswer.select().count() == 2
    assessments.clear_answer(a.id, "B.6")
    assert set(assessments.answers(a.id)) == {"2.1"}


def test_override_without_reason_is_refused_and_nothing_saved(db: Path) -> None:
    a = assessments.create(FULL, P)
    with pytest.raises(ValidationError) as info:
        assessments.save_answer(a.id, "2.2", Answer(override_points=Decimal(6)))
    assert info.value.message == "改动系统建议分须填写理由"
    assert AssessmentAnswer.select().count() == 0
    assessments.save_answer(a.id, "2.2", Answer(override_points=Decimal(6), override_reason="区培训记录"))
    saved = assessments.answers(a.id)["2.2"]
    assert saved.override_points == 6 and saved.override_reason == "区培训记录"
    assert assessments.run(a.id).item("2.2").points == 6


def test_unknown_item_is_refused(db: Path) -> None:
    a = assessments.create(FULL, P)
    with pytest.raises(UserError, match=r"没有第 9\.9 项"):
        assessments.save_answer(a.id, "9.9", Answer())


def test_finalize_freezes_the_result(db: Path) -> None:
    a = assessments.create(FULL, P)
    assessments.save_answer(a.id, "2.1", Answer(checked=frozenset({"window"})))
    snapshot = assessments.finalize(a.id)
    assert assessments.is_finalized(a.id)
    one_one = next(it for it in snapshot["items"] if it["id"] == "1.1")
    assert one_one["points"] == 8  # nobody registered

    # The ledger changes afterwards: two registered unemployed, none employed.
    _unemployed("张三", 1)
    _unemployed("李四", 2)
    assert assessments.result_json(a.id) == snapshot
    live = assessments.create(FULL, P)
    assert next(it for it in assessments.result_json(live.id)["items"] if it["id"] == "1.1")["points"] == 0

    diffs = {d.item_id: d for d in assessments.compare(a.id, live.id)}
    assert diffs["1.1"].a_points == 8 and diffs["1.1"].b_points == 0 and diffs["1.1"].diff == -8
    assert diffs["2.1"].diff == -2  # the new one has no answer yet
    assert diffs["1.4"].diff == 0


def test_finalized_assessment_is_read_only(db: Path) -> None:
    a = assessments.create(FULL, P)
    ev = assessments.add_evidence(a.id, "2.1", "照片.jpg", b"\xff\xd8jpeg")
    assessments.finalize(a.id)
    for attempt in (
        lambda: assessments.save_answer(a.id, "2.1", Answer(checked=frozenset({"window"}))),
        lambda: assessments.clear_answer(a.id, "2.1"),
        lambda: assessments.add_evidence(a.id, "2.1", "b.txt", b"x"),
        lambda: assessments.remove_evidence(ev),
        lambda: assessments.finalize(a.id),
    ):
        with pytest.raises(UserError) as info:
            attempt()
        assert info.value.message == "已定稿的自评不能修改"
    assert Evidence.select().count() == 1


def test_duplicate_reopens_as_a_draft(db: Path) -> None:
    a = assessments.create(FULL, P)
    assessments.save_answer(a.id, "2.3", Answer(checked=frozenset({"budget"})))
    assessments.add_evidence(a.id, "2.3", "预算.pdf", b"%PDF-1.4")
    assessments.finalize(a.id)
    nxt = Period(dt.date(2024, 10, 1), dt.date(2025, 9, 30))
    b = assessments.duplicate(a.id, nxt)
    assert not assessments.is_finalized(b.id)
    assert assessments.answers(b.id)["2.3"].checked == {"budget"}
    assert [e.name for e in assessments.evidence_list(b.id)] == ["预算.pdf"]
    assert assessments.load(b.id).period_from == dt.date(2024, 10, 1)
    assessments.save_answer(b.id, "2.3", Answer(checked=frozenset()))
    assert assessments.answers(a.id)["2.3"].checked == {"budget"}


def test_evidence_stored_in_the_database(db: Path, tmp_path: Path) -> None:
    a = assessments.create(FULL, P)
    f = tmp_path / "台账照片.png"
    f.write_bytes(b"\x89PNG" + bytes(range(256)))
    ev = assessments.add_evidence_file(a.id, "2.1", f)
    f.unlink()
    info = assessments.evidence_list(a.id, "2.1")
    assert [(e.name, e.size) for e in info] == [("台账照片.png", 260)]
    assert assessments.evidence_bytes(ev) == b"\x89PNG" + bytes(range(256))
    assert assessments.evidence_list(a.id, "2.2") == []
    assessments.remove_evidence(ev)
    assert assessments.evidence_list(a.id) == []


def test_evidence_size_limit(db: Path) -> None:
    a = assessments.create(FULL, P)
    with pytest.raises(ValidationError) as info:
        assessments.add_evidence(a.id, "2.1", "big.zip", b"\0" * (assessments.MAX_EVIDENCE_BYTES + 1))
    assert "超过每个附件 20 MB 的上限" in info.value.message
    assert Evidence.select().count() == 0
    ok = assessments.add_evidence(a.id, "2.1", "edge.bin", b"\0" * assessments.MAX_EVIDENCE_BYTES)
    assert assessments.evidence_list(a.id)[0].id == ok


def test_evidence_for_unknown_item_or_missing_file(db: Path, tmp_path: Path) -> None:
    a = assessments.create(FULL, P)
    with pytest.raises(UserError, match=r"没有第 7\.7 项"):
        assessments.add_evidence(a.id, "7.7", "a.txt", b"x")
    with pytest.raises(UserError, match="找不到附件文件"):
        assessments.add_evidence_file(a.id, "2.1", tmp_path / "nope.txt")


def test_delete_removes_answers_and_evidence(db: Path) -> None:
    a = assessments.create(FULL, P)
    assessments.save_answer(a.id, "2.1", Answer(checked=frozenset({"window"})))
    assessments.add_evidence(a.id, "2.1", "a.txt", b"x")
    assessments.delete(a.id)
    assert AssessmentAnswer.select().count() == 0 and Evidence.select().count() == 0


# ------------------------------------------------------------------------------------------ changed standards

STANDARD_HEAD = """
id = "test-changing"
name = "测试用变更标准"
kind = "conditions"

[period]
start_month = 1
start_day = 1
months = 12

[source]
seed = "test"
part = "test"
title = "测试"

[[sections]]
id = "1"
title = "条件"
"""

# Version 1: three conditions ticked by hand.
STANDARD_V1 = STANDARD_HEAD + "".join(
    f"""
[[items]]
id = "{i}"
section = "1"
title = "{title}"
mode = "manual"
[items.rule]
kind = "condition"
manual = true
"""
    for i, title in (("1", "有专职工作人员"), ("2", "服务对象满意率90%以上"), ("3", "管理制度健全"))
)

# Version 2: item 1 is decided from the staff sheet, item 2 asks for the figure, item 3 is gone.
STANDARD_V2 = (
    STANDARD_HEAD
    + """
[[items]]
id = "1"
section = "1"
title = "有专职工作人员"
mode = "auto"
[items.rule]
kind = "condition"
indicator = "staff_count"
on = "numerator"
test = ">=1"

[[items]]
id = "2"
section = "1"
title = "服务对象满意率90%以上"
mode = "manual"
[items.rule]
kind = "condition"
input = "满意率"
unit = "%"
test = ">=90%"
"""
)
CHANGING = "test-changing"


def use_standard(monkeypatch: pytest.MonkeyPatch, folder: Path, text: str) -> None:
    """Serve the standards from ``folder`` holding one file with ``text`` (a new folder per version: the
    loader caches by path and modification time)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{CHANGING}.toml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(standards, "standards_dir", lambda: folder)


def _draft_on_v1(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> int:
    use_standard(monkeypatch, tmp_path / "v1", STANDARD_V1)
    a = assessments.create(CHANGING, Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    for item_id in ("1", "2", "3"):
        assessments.save_answer(
            a.id, item_id, Answer(checked=frozenset({"met"}), note=f"第{item_id}项已核实")
        )
    assert assessments.run(a.id).passed is True
    return int(a.id)


def test_draft_survives_items_changing_kind(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _draft_on_v1(monkeypatch, tmp_path)
    use_standard(monkeypatch, tmp_path / "v2", STANDARD_V2)
    # The engine stays strict: the saved answers as they are cannot be scored.
    std, period, stored = (
        standards.get_standard(CHANGING),
        assessments.period_of(assessments.load(a)),
        _stored(a),
    )
    with pytest.raises(ValidationError, match="中没有这些项目：3"):
        assess(std, period, stored)
    with pytest.raises(ValidationError, match="第 1 项没有勾选项：met"):
        assess(std, period, {k: v for k, v in stored.items() if k != "3"})

    result = assessments.run(a)
    one, two = result.item("1"), result.item("2")
    # 1 is now auto: the tick is dropped, the note kept with what was dropped; no staff -> not met
    assert one.status == "scored" and one.met is False
    assert "第1项已核实" in one.basis and "评分方式已更新，原填写：勾选 达标" in one.basis
    # 2 now asks for a figure: nothing it accepts is left, so it is 待填写 again
    assert two.status == "needs_input" and two.met is False
    assert [it.item.id for it in result.items] == ["1", "2"]

    notices = {n.item_id: n for n in assessments.answer_notices(a)}
    assert notices["1"].text == "第 1 项的评分方式已更新，原填写内容已保留在备注中"
    assert notices["1"].dropped == "勾选 达标"
    assert notices["2"].text == "第 2 项的评分方式已更新，原填写内容已忽略，本项需重新填写"
    assert notices["3"].text == "第 3 项已不在标准中，原填写内容已忽略"
    assert "第3项已核实" in notices["3"].dropped
    assert set(assessments.answers(a)) == {"1"}
    # Loading changes nothing in the database: the stored answers are as saved.
    assert {r.item_id: json.loads(r.data)["checked"] for r in AssessmentAnswer.select()} == {
        "1": ["met"],
        "2": ["met"],
        "3": ["met"],
    }
    # The operator answers again under the new rule; the notice goes away for that item.
    assessments.save_answer(a, "2", Answer(numbers={"满意率": Decimal("92")}))
    assert assessments.run(a).item("2").met is True
    assert "2" not in {n.item_id for n in assessments.answer_notices(a)}


def test_finalized_assessment_is_not_rescored_after_the_standard_changed(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _draft_on_v1(monkeypatch, tmp_path)
    snapshot = assessments.finalize(a)
    assert snapshot["passed"] is True
    use_standard(monkeypatch, tmp_path / "v2", STANDARD_V2)
    assert assessments.result_json(a) == snapshot
    assert [it["id"] for it in assessments.result_json(a)["items"]] == ["1", "2", "3"]
    assert all(it["met"] is True for it in assessments.result_json(a)["items"])


def _stored(assessment_id: int) -> dict[str, Answer]:
    return assessments._stored_answers(assessment_id)


def test_fit_answer_keeps_what_the_item_accepts(db: Path) -> None:
    std = standards.get_standard(FULL)
    # an unknown checklist key goes, the known ones and the note stay
    fitted, dropped = assessments.fit_answer(
        std.item("2.1"), Answer(checked=frozenset({"window", "ghost"}), note="一楼")
    )
    assert fitted is not None and fitted.checked == {"window"}
    assert dropped == "勾选 ghost"
    assert fitted.note == "一楼；【评分方式已更新，原填写：勾选 ghost】"
    # fitting again adds nothing twice
    again, more = assessments.fit_answer(std.item("2.1"), fitted)
    assert again == fitted and more == ""
    # an answer that fits is returned as it is
    ok = Answer(checked=frozenset({"window"}))
    assert assessments.fit_answer(std.item("2.1"), ok) == (ok, "")


def test_fit_answer_drops_counts_figures_and_overrides_the_rule_no_longer_takes(db: Path) -> None:
    std = standards.get_standard(FULL)
    fitted, dropped = assessments.fit_answer(
        std.item("B.6"), Answer(counts={"honours": 2, "reported": 1, "gone": 3})
    )
    assert fitted is not None and fitted.counts == {"honours": 2}
    assert dropped == "经验做法被市级以上主流媒体、刊物宣传报道 1 次；gone 3 次"
    # an override on an item that is no longer assisted
    fitted, dropped = assessments.fit_answer(
        std.item("2.1"),
        Answer(checked=frozenset({"window"}), override_points=Decimal(3), override_reason="现场核实"),
    )
    assert fitted is not None and fitted.override_points is None and fitted.override_reason == ""
    assert dropped == "改为 3 分，理由：现场核实"
    # an override above the item's (new) maximum on an assisted item: dropped, the reason kept
    fitted, dropped = assessments.fit_answer(
        std.item("2.2"), Answer(checked=None, override_points=Decimal(9), override_reason="区里认定")
    )
    assert fitted is None and dropped == "改为 9 分，理由：区里认定"
    # a figure the item does not ask for
    fitted, dropped = assessments.fit_answer(std.item("2.3"), Answer(numbers={"满意率": Decimal(92)}))
    assert fitted is None and dropped == "满意率 92"


def test_fit_answer_percentage_figure_out_of_range(db: Path) -> None:
    std = standards.get_standard("pingdingshan-city-2020")
    item = next(it for it in std.items if any(r.input == "满意率" for r in it.rule.walk()))
    fitted, dropped = assessments.fit_answer(item, Answer(numbers={"满意率": Decimal(120)}))
    assert fitted is None and dropped == "满意率 120"
    kept, none = assessments.fit_answer(item, Answer(numbers={"满意率": Decimal(100)}))  # boundary
    assert kept is not None and kept.numbers == {"满意率": Decimal(100)} and none == ""


def test_auto_item_keeps_only_its_note(db: Path) -> None:
    std = standards.get_standard(FULL)
    fitted, dropped = assessments.fit_answer(
        std.item("1.1"), Answer(checked=frozenset({"met"}), numbers={"x": Decimal(1)}, note="已核对")
    )
    assert fitted is not None and fitted.checked is None and not fitted.numbers
    assert fitted.note.startswith("已核对；【评分方式已更新") and dropped == "勾选 达标；x 1"


def test_assisted_answer_follows_a_changed_proposal(db: Path) -> None:
    """Ticks saved equal to the proposal, without a reason; then the ledger changes the proposal. The
    engine would refuse the answer (改动系统建议分须填写理由); loading follows the new proposal for the
    proposed boxes, keeps the operator's own box, and says so."""
    a = assessments.create(FULL, P)
    proposal = assessments.run(a.id).item("2.2").proposed_checked
    assert proposal == frozenset()  # no staff yet
    assessments.save_answer(a.id, "2.2", Answer(checked=frozenset({"familiar"}), note="熟悉系统"))
    Staff.create(name="王敏", nature="专职", last_trained_on=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError, match="改动系统建议分须填写理由"):
        assess(standards.get_standard(FULL), P, _stored(a.id))
    result = assessments.run(a.id)
    two = result.item("2.2")
    new = two.proposed_checked
    assert new and two.checked == new | {"familiar"}
    assert two.points == 6
    notice = next(n for n in assessments.answer_notices(a.id, lookup) if n.item_id == "2.2")
    assert notice.text.startswith("第 2.2 项的系统建议已随台账数据变化")
    assert "系统建议已随台账变化，原填写：勾选 无" in two.basis
    # without the indicator lookup only the structure is checked (nothing to change here)
    assert assessments.answer_notices(a.id) == []


# ------------------------------------------------------------------------------------------ snapshot members


def test_finalize_keeps_the_members_with_their_names(db: Path) -> None:
    zhang = _unemployed("张三", 1)
    _unemployed("李四", 2)
    a = assessments.create(FULL, P)
    snapshot = assessments.finalize(a.id)
    assert "_members" not in snapshot and "_members" not in assessments.result_json(a.id)
    one_one = next(it for it in snapshot["items"] if it["id"] == "1.1")
    assert one_one["indicator"]["sets"]["base"] == 2  # the result shape keeps sizes only

    zhang.name = "张三丰"  # renamed after 定稿
    zhang.save()
    kept = assessments.snapshot_members(a.id)["1.1"]["base"]
    assert kept.kind == "person"
    assert [(m.person_id, m.name) for m in kept.members] == [(zhang.id, "张三"), (zhang.id + 1, "李四")]
    assert assessments.snapshot_members(a.id)["1.1"]["employed"].members == []


def test_snapshot_members_of_a_draft_or_an_old_snapshot(db: Path) -> None:
    a = assessments.create(FULL, P)
    assert assessments.snapshot_members(a.id) == {}
    assessments.finalize(a.id)
    row = assessments.load(a.id)
    data = json.loads(row.snapshot)
    data.pop("_members")
    data.pop("_gaps")
    row.snapshot = json.dumps(data, ensure_ascii=False)  # finalised before members and hints were kept
    row.save()
    assert assessments.snapshot_members(a.id) == {}
    assert assessments.snapshot_gap_hints(a.id) == {}
    assert assessments.result_json(a.id) == data


def test_finalize_keeps_the_gap_hints_naming_the_people(db: Path) -> None:
    """The gap list of a 定稿 says what it said at 定稿 — with the names — not only the basis."""
    _unemployed("张三", 1)
    a = assessments.create(FULL, P)
    assert assessments.snapshot_gap_hints(a.id) == {}
    snapshot = assessments.finalize(a.id)
    assert "_gaps" not in snapshot and "_gaps" not in assessments.result_json(a.id)
    hints = assessments.snapshot_gap_hints(a.id)
    assert "1 名登记失业人员尚未实现就业：张三" in hints["1.1"]
    assert hints["2.3"] == "尚未填写"
    assert "1.4" not in hints  # full marks: no gap
