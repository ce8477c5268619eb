"""The 自评 page: standard and period, auto items with formula and drill-down, manual checklists, assisted
proposals with overrides, evidence, 定稿 (read-only, frozen), compare, bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

import ui.dialogs
import ui.errors
from app.assessment import assessments
from app.assessment.scoring import Answer
from app.core.idcard import make_id
from app.core.period import Period
from app.register import ledger
from db.models import Person, Staff, StationProfile
from tests.app.assessment.test_assessments import CHANGING, STANDARD_V1, STANDARD_V2, use_standard
from ui.forms.person_form import PersonForm
from ui.models.assessment_people import FrozenMembersModel
from ui.pages.assessment import PERIOD_ERROR, AssessmentPage

GZ = "guangzhou-full-employment-2024"
START, END = dt.date(2024, 10, 1), dt.date(2025, 9, 30)
NAMES = ("甲一", "乙二", "丙三", "丁四", "戊五")


@pytest.fixture
def town(db) -> list[int]:
    """Five persons registered unemployed on 2024-11-01: three re-employed (cancelled 2025-03-01 as
    被用人单位录用), one cancelled for a non-employment reason (死亡), one still registered.
    1.1 over P = 2024-10-01..2025-09-30: 3 ÷ (5 − 1) = 75.0% -> 5 points."""
    StationProfile.create(id=1, name="幸福社区就业服务站")
    ids = []
    for i, name in enumerate(NAMES):
        pid = ledger.save_person(
            {
                "id_number": make_id("440106", dt.date(1985, 1 + i, 10), 10 + i),
                "name": name,
                "employment_status": "未就业",
                "survey_date": "2025-06-01",
                "household_code": f"H{i:03d}",
                "relation": "户主",
            }
        ).id
        ids.append(pid)
        if i < 3:
            ledger.add_registration(
                pid, "2024-11-01", cancelled_on="2025-03-01", cancel_reason="被用人单位录用"
            )
        elif i == 3:
            ledger.add_registration(pid, "2024-11-01", cancelled_on="2025-04-01", cancel_reason="死亡")
        else:
            ledger.add_registration(pid, "2024-11-01")
    return ids


@pytest.fixture(autouse=True)
def _no_blocking_questions(monkeypatch):
    def refuse(_parent, _title, text, *a, **k):
        raise AssertionError(f"unexpected question: {text}")

    monkeypatch.setattr(ui.dialogs, "confirm", refuse)
    monkeypatch.setattr(ui.dialogs, "ask_open_file", refuse)
    monkeypatch.setattr(ui.dialogs, "ask_save_file", refuse)


@pytest.fixture
def messages(monkeypatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(ui.errors, "_message_box", lambda _p, _t, text: shown.append(text))
    return shown


@pytest.fixture
def yes(monkeypatch) -> None:
    monkeypatch.setattr(ui.dialogs, "confirm", lambda *a, **k: True)


def open_page(qtbot) -> AssessmentPage:
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.select_standard(GZ)
    assert page.set_period(START, END)
    return page


# ------------------------------------------------------------------ opening and auto items


def test_page_opens_with_guangzhou_standard_and_default_period(qtbot, town):
    page = AssessmentPage()
    qtbot.addWidget(page)
    assert page.standard is not None and page.standard.id == GZ
    std = page.standard
    from app.assessment.scoring import default_period

    expected = default_period(std)
    assert page.read_period() == expected
    assert page.view is not None
    assert page.items_model.rowCount() == len(std.items)
    assert page.assessment_id is None  # only a preview: opening the page writes nothing
    assert assessments.list_assessments() == []


def test_auto_item_points_and_basis(qtbot, town):
    page = open_page(qtbot)
    row = page.item_row("1.1")
    assert row.points == Decimal(5)
    assert row.status == "scored"
    assert "再就业 3 人" in row.basis
    assert "登记失业 5 人" in row.basis
    assert "非就业情形注销 1 人" in row.basis
    assert "75.0%" in row.basis
    # the table shows the same
    r = page.view.row_of("1.1")
    model = page.items_model
    assert model.data(model.index(r, model.COL_POINTS)) == "5"
    assert model.data(model.index(r, model.COL_BASIS)) == row.basis
    assert model.data(model.index(r, model.COL_STATUS)) == "自动计算"
    # section and totals
    assert page.total_label.text().startswith("合计 ")
    assert "本标准未规定合格线" in page.verdict_label.text()
    assert len(page.ensure_chart().sections) == len(page.standard.sections)
    assert page.ensure_chart().sections[0].points is not None


def test_period_boundary_changes_the_result(qtbot, town):
    """The cancellations of 2025-03-01 fall outside a period that ends on 2025-02-28."""
    page = open_page(qtbot)
    assert page.set_period(START, dt.date(2025, 2, 28))
    row = page.item_row("1.1")
    assert row.points == Decimal(0)
    assert "再就业 0 人" in row.basis
    assert page.set_period(START, dt.date(2025, 3, 1))
    assert "再就业 3 人" in page.item_row("1.1").basis


def test_detail_pane_shows_formula_and_counts(qtbot, town):
    page = open_page(qtbot)
    assert page.select_item("1.1")
    detail = page.detail
    assert detail.basis.text() == page.item_row("1.1").basis
    texts = {key: label.text() for key, (label, _sv) in detail.set_links.items()}
    assert "登记失业 5 人" in texts["reemployment_rate:base"]
    assert "再就业 3 人" in texts["reemployment_rate:employed"]
    assert "非就业情形注销 1 人" in texts["reemployment_rate:excluded"]


def test_drill_down_lists_the_people_and_opens_a_person(qtbot, town):
    page = open_page(qtbot)
    page.select_item("1.1")
    label, _sv = page.detail.set_links["reemployment_rate:employed"]
    label.linkActivated.emit("reemployment_rate:employed")
    dialog = page.people_dialog
    assert dialog is not None
    model = dialog.model
    assert model.rowCount() == 3
    names = [model.data(model.index(r, 0)) for r in range(3)]
    assert names == list(NAMES[:3])
    id_col = model.titles().index("身份证号")
    shown_id = model.data(model.index(0, id_col))
    assert "*" in shown_id and shown_id != make_id("440106", dt.date(1985, 1, 10), 10)
    form = dialog.open_row(1)
    assert isinstance(form, PersonForm)
    assert form.person_id == town[1]
    form.close()
    dialog.close()


def test_drill_down_of_the_excluded_set(qtbot, town):
    page = open_page(qtbot)
    page.select_item("1.1")
    page.detail.set_links["reemployment_rate:excluded"][0].linkActivated.emit("x")
    model = page.people_dialog.model
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == [NAMES[3]]
    page.people_dialog.close()


def test_saving_a_person_from_the_drill_down_rescores(qtbot, town):
    page = open_page(qtbot)
    page.select_item("1.1")
    page.detail.set_links["reemployment_rate:base"][0].linkActivated.emit("x")
    dialog = page.people_dialog
    calls = page.lookup.calls
    dialog.person_saved.emit(town[0])
    assert page.lookup.calls > calls  # the cache was dropped and the indicators computed again
    dialog.close()


# ------------------------------------------------------------------ manual and assisted items


def test_manual_checklist_answer_changes_the_total(qtbot, town):
    page = open_page(qtbot)
    before = page.view.total
    page.select_item("2.1")
    detail = page.detail
    assert set(detail.checkboxes) == {"window", "sign", "equipment"}
    detail.checkboxes["window"].setChecked(True)
    detail.checkboxes["sign"].setChecked(True)
    detail.note_edit.setPlainText("服务窗口在一楼大厅")
    assert detail.save()
    assert page.view.total == before + 3
    row = page.item_row("2.1")
    assert row.points == Decimal(3) and row.status == "scored"
    assert "备注：服务窗口在一楼大厅" in row.basis
    # the preview was saved as a draft on the first answer
    assert page.assessment_id is not None
    saved = assessments.answers(page.assessment_id)
    assert saved["2.1"].checked == frozenset({"window", "sign"})
    assert "草稿" in page.state_label.text()
    # the editor shows the stored answer again
    assert page.current_item_id() == "2.1"
    assert page.detail.checkboxes["window"].isChecked()


def test_count_entry_and_clearing_an_answer(qtbot, town, yes):
    page = open_page(qtbot)
    page.select_item("B.6")
    detail = page.detail
    assert set(detail.spins) == {"honours", "instructions", "hosted"}
    detail.spins["honours"].setValue(2)
    assert detail.save()
    assert page.item_row("B.6").points == Decimal(6)
    assert page.detail.clear()
    assert page.item_row("B.6").status == "needs_input"
    assert page.item_row("B.6").points == Decimal(0)


def test_assisted_item_shows_the_proposal(qtbot, town):
    Staff.create(name="刘专干", nature="专职", last_trained_on=dt.date(2025, 5, 1))
    page = open_page(qtbot)
    page.select_item("2.2")
    detail = page.detail
    row = page.item_row("2.2")
    assert row.status == "needs_input"
    assert row.proposed_checked == frozenset({"staffed", "trained"})
    assert detail.proposal_label.isVisibleTo(page)
    assert "系统建议" in detail.proposal_label.text()
    assert "【系统建议】" in detail.checkboxes["trained"].text()
    assert "【系统建议】" not in detail.checkboxes["familiar"].text()
    assert detail.confirm_proposal()
    row = page.item_row("2.2")
    assert row.status == "scored" and row.points == Decimal(3)


def test_assisted_override_without_reason_is_refused(qtbot, town):
    page = open_page(qtbot)
    page.select_item("2.2")
    detail = page.detail
    detail.set_override(Decimal(3))
    assert not detail.save()
    assert detail.reason_error.text() == "改动系统建议分须填写理由"
    # nothing stored, not even a draft
    assert page.assessment_id is None
    assert assessments.list_assessments() == []
    assert page.item_row("2.2").points == Decimal(0)


def test_assisted_box_changed_without_reason_is_refused(qtbot, town):
    page = open_page(qtbot)
    page.select_item("2.2")
    detail = page.detail
    detail.checkboxes["staffed"].setChecked(True)  # the data proposes no staff
    assert not detail.save()
    assert detail.reason_error.text() == "改动系统建议分须填写理由"
    assert assessments.list_assessments() == []


def test_assisted_override_with_reason_is_accepted(qtbot, town):
    page = open_page(qtbot)
    page.select_item("2.2")
    detail = page.detail
    detail.set_override(Decimal(3))
    detail.reason_edit.setText("站长兼任，已参加区培训，台账尚未录入")
    assert detail.save()
    row = page.item_row("2.2")
    assert row.points == Decimal(3)
    assert "理由：站长兼任" in row.basis
    assert page.detail.reason_error.text() == ""
    assert page.detail.override_points() == Decimal(3)


def test_override_via_the_page_api_without_reason_raises(qtbot, town):
    from app.assessment.scoring import Answer
    from app.core.errors import ValidationError

    page = open_page(qtbot)
    with pytest.raises(ValidationError) as info:
        page.save_answer("2.2", Answer(override_points=Decimal(3)))
    assert info.value.message == "改动系统建议分须填写理由"


# ------------------------------------------------------------------ evidence


def test_evidence_add_open_copy_and_remove(qtbot, town, tmp_path, monkeypatch):
    src = tmp_path / "窗口照片.jpg"
    src.write_bytes(b"\xff\xd8photo")
    monkeypatch.setattr(ui.dialogs, "ask_open_file", lambda *a, **k: src)
    page = open_page(qtbot)
    page.select_item("2.1")
    detail = page.detail
    assert detail.add_file()
    assert page.assessment_id is not None  # the preview became a draft
    assert detail.evidence_model.rowCount() == 1
    assert detail.evidence_model.data(detail.evidence_model.index(0, 0)) == "窗口照片.jpg"
    detail.evidence_view.selectRow(0)
    opened = detail.open_evidence()
    assert opened is not None and opened.read_bytes() == b"\xff\xd8photo"
    copy = tmp_path / "copy.jpg"
    monkeypatch.setattr(ui.dialogs, "ask_save_file", lambda *a, **k: copy)
    assert detail.save_copy() == copy
    assert copy.read_bytes() == b"\xff\xd8photo"
    monkeypatch.setattr(ui.dialogs, "confirm", lambda *a, **k: True)
    assert detail.remove_evidence()
    assert detail.evidence_model.rowCount() == 0
    assert assessments.evidence_list(page.assessment_id) == []


def test_evidence_too_large_is_refused_with_a_message(qtbot, town, tmp_path, monkeypatch, messages):
    big = tmp_path / "big.pdf"
    with big.open("wb") as f:
        f.truncate(assessments.MAX_EVIDENCE_BYTES + 1)
    monkeypatch.setattr(ui.dialogs, "ask_open_file", lambda *a, **k: big)
    page = open_page(qtbot)
    page.select_item("2.1")
    assert not page.detail.add_file()
    assert messages and "20 MB" in messages[0]


def test_cancelled_file_choice_adds_nothing(qtbot, town, monkeypatch):
    monkeypatch.setattr(ui.dialogs, "ask_open_file", lambda *a, **k: None)
    page = open_page(qtbot)
    page.select_item("2.1")
    assert not page.detail.add_file()
    assert page.assessment_id is None


# ------------------------------------------------------------------ 定稿 and compare


def _answer_window(page: AssessmentPage) -> None:
    page.select_item("2.1")
    page.detail.checkboxes["window"].setChecked(True)
    assert page.detail.save()


def test_finalize_makes_it_read_only_and_frozen(qtbot, town, yes, messages):
    page = open_page(qtbot)
    _answer_window(page)
    total = page.view.total
    assert page.finalize_assessment()
    assert page.finalized and page.view.snapshot
    assert "已定稿" in page.state_label.text()
    assert not page.finalize_button.isEnabled()
    page.select_item("2.1")
    detail = page.detail
    assert detail.readonly_label.isVisibleTo(page)
    assert not detail.save_button.isEnabled()
    assert not detail.checkboxes["window"].isEnabled()
    assert detail.checkboxes["window"].isChecked()
    assert not detail.add_file_button.isEnabled()
    # the ledger changes: the last person is re-employed -> live 1.1 would be 4/4 = 100% -> 8 points
    reg = ledger.open_registration(town[4])
    ledger.cancel_registration(reg.id, "2025-05-01", "被用人单位录用")
    page.refresh_data()
    assert page.item_row("1.1").points == Decimal(5)
    assert page.view.total == total
    # editing through the API is refused with the Chinese message
    assert not detail.save()
    assert messages == [assessments.FINALIZED_MESSAGE]
    from app.assessment.scoring import Answer
    from app.core.errors import UserError

    with pytest.raises(UserError):
        page.save_answer("2.1", Answer(checked=frozenset()))
    assert assessments.answers(page.assessment_id)["2.1"].checked == frozenset({"window"})


def test_reopened_finalized_assessment_shows_the_snapshot(qtbot, town, yes):
    page = open_page(qtbot)
    _answer_window(page)
    assessment_id = page.assessment_id
    page.finalize_assessment()
    reg = ledger.open_registration(town[4])
    ledger.cancel_registration(reg.id, "2025-05-01", "被用人单位录用")
    page2 = AssessmentPage()
    qtbot.addWidget(page2)
    page2.select_standard(GZ)
    assert page2.assessment_id is None
    assert page2.saved_model.rowCount() == 2  # the preview and the finalised one
    page2.open_row(page2.saved_model.row_of(assessment_id))
    assert page2.finalized
    assert page2.item_row("1.1").points == Decimal(5)
    page2.select_item("1.1")
    # the snapshot kept the members of each set beside the counts (names as at 定稿)
    _label, set_view = page2.detail.set_links["reemployment_rate:base"]
    assert set_view.frozen is not None and [m.name for m in set_view.frozen.members] == list(NAMES)
    # the preview of the same period is live
    page2.open_assessment(None)
    assert page2.item_row("1.1").points == Decimal(8)


def test_duplicate_and_compare_show_the_difference(qtbot, town, yes):
    page = open_page(qtbot)
    _answer_window(page)
    first = page.assessment_id
    page.finalize_assessment()
    reg = ledger.open_registration(town[4])
    ledger.cancel_registration(reg.id, "2025-05-01", "被用人单位录用")
    new = page.duplicate_assessment()
    assert new is not None and new != first
    assert not page.finalized
    assert page.item_row("1.1").points == Decimal(8)
    assert page.item_row("2.1").points == Decimal(2)  # the answers came along
    dialog = page.compare()
    assert dialog is not None and dialog.model is not None
    model = dialog.model
    assert dialog.only_changed.isChecked()
    rows = {model.diff(r).item_id: model.diff(r) for r in range(model.rowCount())}
    assert set(rows) == {"1.1"}
    assert rows["1.1"].diff == Decimal(3)  # this one (8) − the finalised one (5)
    r = list(rows).index("1.1")
    assert model.data(model.index(r, 4)) == "+3"
    assert "有变化的项目 1 项" in dialog.summary.text()
    dialog.only_changed.setChecked(False)
    assert model.rowCount() == len(page.standard.items)
    dialog.close()


def test_compare_from_the_preview(qtbot, town):
    page = open_page(qtbot)
    assessments.create(GZ, Period(START, END), "手工草稿")
    page.reload()
    page.open_assessment(None)
    assert page.compare_button.isEnabled()
    dialog = page.compare()
    assert dialog is not None and dialog.model is not None
    assert dialog.model.changed_count() == 0
    # nothing differs: every item is listed (not an empty table) and the summary says so
    assert not dialog.only_changed.isChecked()
    assert dialog.model.rowCount() == len(page.standard.items)
    assert "两份自评逐项相同" in dialog.summary.text()
    dialog.close()


def test_new_and_delete_assessment(qtbot, town, yes):
    page = open_page(qtbot)
    new = page.new_assessment()
    assert new is not None and page.assessment_id == new
    assert [a.id for a in assessments.list_assessments(GZ)] == [new]
    assert page.delete_assessment()
    assert page.assessment_id is None
    assert assessments.list_assessments(GZ) == []


def test_delete_declined_keeps_the_assessment(qtbot, town, monkeypatch):
    monkeypatch.setattr(ui.dialogs, "confirm", lambda *a, **k: False)
    page = open_page(qtbot)
    _answer_window(page)
    assert not page.delete_assessment()
    assert len(assessments.list_assessments(GZ)) == 1


def test_changing_the_period_leaves_the_saved_assessment(qtbot, town):
    page = open_page(qtbot)
    _answer_window(page)
    saved = page.assessment_id
    assert page.set_period(dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert page.assessment_id is None
    assert "报告期已改动" in page.status_label.text()
    page.open_assessment(saved)
    assert page.read_period() == Period(START, END)
    assert page.item_row("2.1").points == Decimal(2)


# ------------------------------------------------------------------ bad input


def test_period_end_before_start_is_refused(qtbot, town):
    page = open_page(qtbot)
    assert not page.set_period(END, START)
    assert page.period_error.text() == PERIOD_ERROR
    assert page.view is None
    assert page.items_model.rowCount() == 0
    assert page.gaps_model.rowCount() == 0
    assert not page.new_assessment()
    assert assessments.list_assessments() == []
    # fixing it computes again and clears the message
    assert page.set_period(START, END)
    assert page.period_error.text() == ""
    assert page.item_row("1.1").points == Decimal(5)


def test_one_day_period_is_accepted(qtbot, town):
    page = open_page(qtbot)
    assert page.set_period(START, START)
    assert page.period_error.text() == ""
    assert page.view is not None


def test_bad_figure_is_refused_beside_the_field(qtbot, town):
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard("guangzhou-quality-village-2024")
    item_id = next(
        r.id for r in page.view.items if r.item is not None and any(x.input for x in r.item.rule.walk())
    )
    page.select_item(item_id)
    detail = page.detail
    (edit,) = detail.numbers.values()
    edit.setText("十二")
    assert not detail.save()
    assert "须填写数字" in detail.error_label.text()
    assert page.assessment_id is None
    edit.setText("12")
    assert detail.save()
    assert page.item_row(item_id).status == "scored"


# ------------------------------------------------------------------ other standards, background work


def test_condition_list_standard(qtbot, town):
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard("gansu-provincial-2023")
    assert page.view is not None and not page.view.is_score
    model = page.items_model
    assert (
        model.headerData(model.COL_POINTS, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal)
        == "达标"
    )
    assert page.total_label.text().startswith("达标 ")
    assert "未通过" in page.verdict_label.text()  # manual conditions are not answered yet
    assert page.gaps_model.rowCount() > 0
    assert page.chart_title.text() == "各部分达标项数"
    # a manual condition: tick 达标
    row = next(r for r in page.view.items if r.mode == "manual")
    page.select_item(row.id)
    page.detail.checkboxes["met"].setChecked(True)
    assert page.detail.save()
    assert page.item_row(row.id).met is True


def test_every_shipped_standard_renders(qtbot, town):
    page = AssessmentPage()
    qtbot.addWidget(page)
    for std in page.standards:
        page.select_standard(std.id)
        assert page.view is not None, std.id
        assert page.items_model.rowCount() == len(std.items)
        assert len(page.ensure_chart().sections) == len(std.sections)
        for item in std.items:
            assert page.select_item(item.id)


def test_large_register_is_scored_off_the_gui_thread(qtbot, town, monkeypatch):
    monkeypatch.setattr(AssessmentPage, "SYNC_PERSON_LIMIT", 0)
    page = AssessmentPage()
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.is_busy() and page.view is not None)
    with qtbot.waitSignal(page.computed, timeout=10000):
        page.set_period(START, END)
        assert page.is_busy()
        assert "正在按台账计算" in page.status_label.text()
    qtbot.waitUntil(lambda: not page.is_busy())
    assert page.item_row("1.1").points == Decimal(5)


def test_indicator_results_are_reused_between_answers(qtbot, town):
    page = open_page(qtbot)
    calls = page.lookup.calls
    _answer_window(page)
    assert page.lookup.calls == calls  # only the rules ran again
    page.refresh_data()
    assert page.lookup.calls > calls


def test_gap_click_selects_the_item(qtbot, town):
    page = open_page(qtbot)
    gaps = page.gaps_model
    assert gaps.rowCount() > 0
    recoverable = [gaps.gap(r).recoverable for r in range(gaps.rowCount())]
    assert recoverable == sorted(recoverable, reverse=True)
    page._gap_clicked(gaps.index(0, 0))
    assert page.current_item_id() == gaps.gap(0).item_id


def test_page_in_the_main_window(qtbot, town):
    from ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    page = window.select_page("assessment")
    assert isinstance(page, AssessmentPage)


def test_written_copy_path_is_under_a_temp_folder(qtbot, town, tmp_path, monkeypatch):
    src = tmp_path / "制度.docx"
    src.write_bytes(b"docx")
    monkeypatch.setattr(ui.dialogs, "ask_open_file", lambda *a, **k: src)
    page = open_page(qtbot)
    page.select_item("2.4")
    page.detail.add_file()
    page.detail.evidence_view.selectRow(0)
    opened = page.detail.open_evidence()
    assert opened is not None and opened.name == "制度.docx" and Path(opened).parent != src.parent


def test_page_carries_on_with_the_draft_of_the_default_period(qtbot, town):
    from app.assessment.scoring import default_period
    from app.assessment.standards import get_standard

    std = get_standard(GZ)
    old = assessments.create(GZ, Period(START, END), "往年")
    draft = assessments.create(GZ, default_period(std), "本期草稿")
    page = AssessmentPage()
    qtbot.addWidget(page)
    assert page.assessment_id == draft.id != old.id
    assert page.saved_combo.currentIndex() == page.saved_model.row_of(draft.id)
    assert "草稿" in page.state_label.text()


def test_finalized_draft_of_the_default_period_is_not_opened_by_itself(qtbot, town):
    from app.assessment.scoring import default_period
    from app.assessment.standards import get_standard

    done = assessments.create(GZ, default_period(get_standard(GZ)))
    assessments.finalize(done.id)
    page = AssessmentPage()
    qtbot.addWidget(page)
    assert page.assessment_id is None


@pytest.mark.parametrize(("pass_mark", "expected"), [(Decimal(5), "已达到"), (Decimal(200), "还差")])
def test_pass_mark_is_shown_when_the_standard_has_one(qtbot, town, pass_mark, expected):
    import dataclasses

    page = open_page(qtbot)
    view = dataclasses.replace(
        page.view, standard=dataclasses.replace(page.view.standard, pass_mark=pass_mark)
    )
    page._show_totals(view)
    assert f"合格线 {pass_mark} 分" in page.verdict_label.text()
    assert expected in page.verdict_label.text()


def test_pass_mark_boundary_total_equal_to_the_mark_passes(qtbot, town):
    import dataclasses

    page = open_page(qtbot)
    total = page.view.total
    view = dataclasses.replace(page.view, standard=dataclasses.replace(page.view.standard, pass_mark=total))
    page._show_totals(view)
    assert "已达到" in page.verdict_label.text()


def test_ctrl_n_creates_an_assessment(qtbot, town):
    page = open_page(qtbot)
    page.new_record()
    assert page.assessment_id is not None
    assert len(assessments.list_assessments(GZ)) == 1


def test_condition_list_hides_the_points_columns_of_the_gap_list(qtbot, town):
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard("gansu-provincial-2023")
    assert page.gaps_view.isColumnHidden(1) and page.gaps_view.isColumnHidden(2)
    page.select_standard(GZ)
    assert not page.gaps_view.isColumnHidden(1) and not page.gaps_view.isColumnHidden(2)


def test_double_click_in_the_people_list_opens_the_person(qtbot, town):
    page = open_page(qtbot)
    page.select_item("1.1")
    page.detail.set_links["reemployment_rate:base"][0].linkActivated.emit("x")
    dialog = page.people_dialog
    dialog.view.doubleClicked.emit(dialog.model.index(4, 0))
    form = dialog.current_form
    assert isinstance(form, PersonForm) and form.person_id == town[4]
    form.close()
    dialog.close()


def test_a_newer_request_while_computing_wins(qtbot, town, monkeypatch):
    monkeypatch.setattr(AssessmentPage, "SYNC_PERSON_LIMIT", 0)
    page = AssessmentPage()
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: not page.is_busy())
    page.select_standard(GZ)
    page.set_period(START, dt.date(2025, 2, 28))  # starts a computation
    assert page.is_busy()
    page.set_period(START, END)  # asked again while the first one runs
    qtbot.waitUntil(lambda: not page.is_busy() and page.view is not None and page.view.period.end == END)
    assert page.item_row("1.1").points == Decimal(5)


# ------------------------------------------------------------------ 定稿 names, figures, changed standards


def test_finalized_drill_down_lists_the_people_kept_at_finalize(qtbot, qtmodeltester, town, yes):
    page = open_page(qtbot)
    page.new_assessment()
    assessment_id = page.assessment_id
    assert page.finalize_assessment()
    first = Person.get_by_id(town[0])
    first.name = "甲一改名"  # renamed after 定稿
    first.save()
    page2 = AssessmentPage()
    qtbot.addWidget(page2)
    page2.select_standard(GZ)
    page2.open_row(page2.saved_model.row_of(assessment_id))
    assert page2.finalized
    page2.select_item("1.1")
    assert "名单为定稿时保存的人员" in page2.detail.sets_box.findChildren(QLabel)[-1].text()
    label, _set_view = page2.detail.set_links["reemployment_rate:employed"]
    label.linkActivated.emit("reemployment_rate:employed")
    dialog = page2.people_dialog
    assert dialog is not None and "定稿时的名单" in dialog.findChildren(QLabel)[0].text()
    model = dialog.model
    qtmodeltester.check(model)
    assert model.titles() == ("定稿时姓名", "身份证号")
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == list(NAMES[:3])
    assert "*" in model.data(model.index(0, 1))
    form = dialog.open_row(0)  # the person is still in the ledger: the record opens
    assert isinstance(form, PersonForm) and form.person_id == town[0]
    form.close()
    dialog.close()


def test_frozen_members_of_a_deleted_person_are_marked(qtbot, qtmodeltester, db):
    frozen = assessments.FrozenSet(kind="person", members=[assessments.FrozenMember(999, 999, "已删除的人")])
    model = FrozenMembersModel(frozen)
    qtmodeltester.check(model)
    assert model.data(model.index(0, 0)) == "已删除的人"
    assert model.data(model.index(0, 1)) == "（已从台账删除）"
    assert model.person_id(0) is None
    staff = FrozenMembersModel(
        assessments.FrozenSet(kind="staff", members=[assessments.FrozenMember(1, None, "王敏")])
    )
    assert staff.titles() == ("定稿时名称",) and staff.data(staff.index(0, 0)) == "王敏"


def _figure_item(page: AssessmentPage) -> str:
    return next(
        r.id
        for r in page.view.items
        if r.item is not None and any(x.input == "满意率" for x in r.item.rule.walk())
    )


def test_entered_percentage_shows_its_unit_and_a_hint(qtbot, town):
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard("pingdingshan-city-2020")
    page.select_item(_figure_item(page))
    detail = page.detail
    texts = [w.text() for w in detail.entries_box.findChildren(QLabel)]
    assert "满意率（%）：" in texts
    hint = detail.number_hints["满意率"].text()
    assert "92% 填 92" in hint and "不要填 0.92" in hint and "要求>=90%" in hint
    assert detail.numbers["满意率"].placeholderText() == "如 92（表示 92%）"


def test_figure_without_percent_shows_its_own_unit(qtbot, town):
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard("gansu-provincial-2023")
    item_id = next(
        r.id for r in page.view.items if r.item is not None and any(x.input for x in r.item.rule.walk())
    )
    page.select_item(item_id)
    ((label, hint),) = page.detail.number_hints.items()
    assert label == "量化评分综合得分"
    assert hint.text().startswith("单位：分，填写数字")
    assert "量化评分综合得分（分）：" in [w.text() for w in page.detail.entries_box.findChildren(QLabel)]


def test_percentage_typed_as_a_fraction_is_questioned(qtbot, town, monkeypatch):
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard("pingdingshan-city-2020")
    item_id = _figure_item(page)
    page.select_item(item_id)
    asked: list[str] = []

    def answer(result: bool):
        def confirm(_parent, _title, text, *a, **k):
            asked.append(text)
            return result

        return confirm

    monkeypatch.setattr(ui.dialogs, "confirm", answer(False))
    page.detail.numbers["满意率"].setText("0.92")
    assert not page.detail.save()
    assert "将按 0.92% 计算" in asked[0] and "请改填 92" in asked[0]
    assert page.assessment_id is None  # nothing saved
    monkeypatch.setattr(ui.dialogs, "confirm", answer(True))
    assert page.detail.save()  # the operator meant 0.92%
    assert assessments.answers(page.assessment_id)[item_id].numbers == {"满意率": Decimal("0.92")}
    page.select_item(item_id)
    asked.clear()
    for text in ("92", "1", "0"):  # 1 and 0 are not questioned (boundaries)
        page.detail.numbers["满意率"].setText(text)
        assert page.detail.save()
        page.select_item(item_id)
    assert asked == []
    assert page.item_row(item_id).met is False


def test_draft_of_a_changed_standard_opens_with_a_notice(qtbot, town, tmp_path, monkeypatch, messages):
    use_standard(monkeypatch, tmp_path / "v1", STANDARD_V1)
    a = assessments.create(CHANGING, Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    for item_id in ("1", "2", "3"):
        assessments.save_answer(a.id, item_id, Answer(checked=frozenset({"met"}), note="已核实"))
    use_standard(monkeypatch, tmp_path / "v2", STANDARD_V2)
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard(CHANGING)
    page.open_assessment(int(a.id))
    assert messages == []  # scored, no error
    assert page.view is not None and [r.id for r in page.view.items] == ["1", "2"]
    assert "第 1 项的评分方式已更新，原填写内容已保留在备注中等 3 项，请核对" in page.status_label.text()
    assert page.item_row("2").needs_input
    page.select_item("1")
    assert page.detail.notice_label.isVisibleTo(page)
    assert page.detail.notice_label.text().startswith(
        "第 1 项的评分方式已更新，原填写内容已保留在备注中（勾选 达标）"
    )
    assert "评分方式已更新，原填写：勾选 达标" in page.detail.note_edit.toPlainText()
    # answering the item again under the new rule clears its notice
    page.select_item("2")
    page.detail.numbers["满意率"].setText("95")
    assert page.detail.save()
    assert page.item_row("2").met is True
    assert page.answer_notice("2") == ""
    assert page.answer_notice("1") != ""


def test_assisted_answer_after_the_ledger_changed_is_scored(qtbot, town, messages):
    page = open_page(qtbot)
    page.select_item("2.2")
    assert page.item_row("2.2").proposed_checked == frozenset()  # no staff yet
    page.detail.checkboxes["familiar"].setChecked(True)
    assert page.detail.save()
    Staff.create(name="王敏", nature="专职", last_trained_on=dt.date(2025, 5, 1))
    page.refresh_data()
    assert messages == []
    row = page.item_row("2.2")
    assert row.status == "scored" and row.checked == row.proposed_checked | {"familiar"}
    assert "系统建议已随台账数据变化" in page.answer_notice("2.2")


def test_finalized_assessment_unaffected_by_a_changed_standard(qtbot, town, tmp_path, monkeypatch, messages):
    use_standard(monkeypatch, tmp_path / "v1", STANDARD_V1)
    a = assessments.create(CHANGING, Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    for item_id in ("1", "2", "3"):
        assessments.save_answer(a.id, item_id, Answer(checked=frozenset({"met"})))
    snapshot = assessments.finalize(a.id)
    use_standard(monkeypatch, tmp_path / "v2", STANDARD_V2)
    page = AssessmentPage()
    qtbot.addWidget(page)
    page.select_standard(CHANGING)
    page.open_assessment(int(a.id))
    assert messages == [] and page.finalized
    assert [r.id for r in page.view.items] == ["1", "2", "3"]
    assert all(r.met for r in page.view.items) and page.view.passed is snapshot["passed"] is True
    page.select_item("1")
    assert not page.detail.notice_label.isVisibleTo(page)


# ------------------------------------------------------------------ audit Q3: errors in view, 定稿 gap hints


def test_refused_override_scrolls_the_reason_error_into_view(qtbot, town):
    """The answer editor sits below the fold of the detail pane: a refused save brings the reason field
    and its message into view instead of failing out of sight."""
    from PySide6.QtCore import QPoint

    page = open_page(qtbot)
    page.resize(1200, 480)
    page.show()
    qtbot.waitExposed(page)
    page.select_item("2.2")
    detail = page.detail
    bar = page.detail_scroll.verticalScrollBar()
    bar.setValue(0)
    viewport = page.detail_scroll.viewport().height()
    top = detail.reason_row.mapTo(detail, QPoint(0, 0)).y()
    bottom = top + detail.reason_row.height()
    assert bottom > viewport  # out of sight before
    detail.set_override(Decimal(3))
    assert not detail.save()
    assert detail.reason_error.text() == "改动系统建议分须填写理由"
    top = detail.reason_row.mapTo(detail, QPoint(0, 0)).y()
    bottom = top + detail.reason_row.height()
    assert bar.value() <= top and bottom <= bar.value() + viewport


def test_finalized_gap_list_keeps_the_hints_with_the_names(qtbot, town, yes):
    page = open_page(qtbot)
    live = {
        page.gaps_model.gap(r).item_id: page.gaps_model.gap(r).hint for r in range(page.gaps_model.rowCount())
    }
    assert "戊五" in live["1.1"]
    page.new_assessment()
    assert page.finalize_assessment()
    frozen = {
        page.gaps_model.gap(r).item_id: page.gaps_model.gap(r).hint for r in range(page.gaps_model.rowCount())
    }
    assert frozen["1.1"] == live["1.1"]
    assert frozen["2.1"] == "尚未填写"  # not “尚未填写；待填写”


# ------------------------------------------------------------------ printing what is on screen


def _sheet_points(path: Path) -> dict[str, object]:
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    return {r[0]: r[4] for r in ws.iter_rows(min_row=4, values_only=True) if r[0]}


def test_the_printed_sheet_carries_the_answers_on_screen(qtbot, town, yes, tmp_path):
    """The issue's case: 2.1 answered on the page prints 2.1 with its points — also after 定稿."""
    page = open_page(qtbot)
    _answer_window(page)
    assert page.item_row("2.1").points == Decimal(2)
    out = page.save_document("score-xlsx", tmp_path / "草稿.xlsx")
    points = _sheet_points(out)
    assert points["2.1"] == 2
    assert all(points[r.id] == (int(r.points) if r.points == int(r.points) else float(r.points))
               for r in page.view.items if r.points is not None)  # fmt: skip
    assert page.finalize_assessment()
    final = page.save_document("score-xlsx", tmp_path / "定稿.xlsx")
    assert _sheet_points(final)["2.1"] == 2
    from openpyxl import load_workbook

    assert "定稿" in str(load_workbook(final).active.cell(row=2, column=1).value)


def test_the_unsaved_preview_prints_as_live_data(qtbot, town, tmp_path):
    from openpyxl import load_workbook

    page = open_page(qtbot)
    assert page.assessment_id is None
    out = page.save_document("score-xlsx", tmp_path / "预览.xlsx")
    assert "人工填写和待确认的项目尚未作答" in str(load_workbook(out).active.cell(row=2, column=1).value)


def test_the_application_form_is_written_from_the_screen(qtbot, town, tmp_path):
    page = open_page(qtbot)
    _answer_window(page)
    out = page.save_document("application", tmp_path / "申报表.pdf")
    assert out.exists() and out.stat().st_size > 1000


# ------------------------------------------------------------------ empty-ledger warnings


def test_an_empty_ledger_is_warned_on_the_page(qtbot, db):
    page = open_page(qtbot)
    assert page.warnings_label.isVisibleTo(page)
    text = page.warnings_label.text()
    assert "劳动力台账只有 0 人" in text and "台账中没有报告期内的登记失业人员" in text


def test_a_populated_population_is_not_warned(qtbot, town):
    page = open_page(qtbot)
    assert "报告期内的登记失业人员" not in page.warnings_label.text()


# ------------------------------------------------------------------ deductions left to the inspection


def test_an_inspection_deduction_is_entered_on_an_auto_item(qtbot, town):
    page = open_page(qtbot)
    assert page.item_row("1.1").points == Decimal(5)
    page.select_item("1.1")
    detail = page.detail
    assert set(detail.spins) == {"unclear", "mismatch"}
    detail.spins["unclear"].setValue(1)
    assert not detail.save()  # a deduction needs a note saying what the check found
    assert "备注" in detail.error_label.text()
    detail.note_edit.setPlainText("自查：2 人去向未核实")
    assert detail.save()
    row = page.item_row("1.1")
    assert row.points == Decimal(1) and "自查扣分：底数不清 1 处扣 4 分" in row.basis
    assert assessments.answers(page.assessment_id)["1.1"].counts == {"unclear": 1}


def test_item_titles_and_basis_are_not_cut(qtbot, town):
    page = open_page(qtbot)
    view = page.items_view
    model = page.items_model
    m = view.fontMetrics()
    widest = max(m.horizontalAdvance(model.text(r, 2)) for r in range(model.rowCount()))
    assert view.columnWidth(2) >= min(widest + 18, page.ITEM_COLUMN_MAX)
    assert view.wordWrap()  # 项目 and 计算依据 (the last, stretching column) wrap onto two lines
    assert view.rowHeight(0) >= 2 * m.lineSpacing()
    assert view.horizontalHeader().stretchLastSection()
