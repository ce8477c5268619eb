"""Saved assessments: answers, evidence in the database, 定稿 (read-only snapshot), compare."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from app import assessments
from app.errors import UserError, ValidationError
from app.indicators import Period
from app.scoring import Answer
from db.models import AssessmentAnswer, Evidence, Person, Registration

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
