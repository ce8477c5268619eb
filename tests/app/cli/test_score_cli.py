"""``score`` and ``standards`` on the command line, end to end over a small ledger."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.cli.main import main
from db.connection import close_database
from db.models import Person, Registration, Staff

FULL = "guangzhou-full-employment-2024"


def _small_ledger() -> None:
    """Four registered unemployed (three re-employed in P, one still out), a trained staff member."""
    for i, (name, cancel) in enumerate(
        [("甲", "灵活就业"), ("乙", "被用人单位录用"), ("丙", "灵活就业"), ("丁", "")]
    ):
        person = Person.create(
            id_number=f"44011119900101{i:03d}X",
            name=name,
            gender="女",
            birth_date=dt.date(1990, 1, 1),
            employment_status="未就业" if not cancel else "灵活就业",
            survey_date=dt.date(2024, 5, 1),
        )
        Registration.create(
            person=person,
            registered_on=dt.date(2024, 2, 1),
            cancelled_on=dt.date(2024, 6, 1) if cancel else None,
            cancel_reason=cancel,
        )
    Staff.create(
        name="王站长",
        nature="专职",
        started_service_on=dt.date(2015, 1, 1),
        last_trained_on=dt.date(2024, 3, 3),
    )
    close_database()


def test_score_json_end_to_end(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _small_ledger()
    code = main(
        ["--db", str(db), "score", "--standard", FULL, "--from", "2023-10-01", "--to", "2024-09-30", "--json"]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["standard"] == FULL and data["kind"] == "score"
    assert data["period"] == {"from": "2023-10-01", "to": "2024-09-30"}
    assert len(data["items"]) == 27
    items = {it["id"]: it for it in data["items"]}
    assert items["1.1"]["indicator"]["value"] == "3/4"
    assert items["1.1"]["points"] == 5  # exactly 75% is in 75%-80%
    assert items["1.1"]["basis"].startswith(
        "再就业 3 人 ÷ (登记失业 4 人 − 非就业情形注销 0 人) = 75.0%，75%-80%得5分"
    )
    for it in data["items"]:
        assert "{" not in it["basis"], it["basis"]
    assert items["B.4"]["points"] == 1
    assert items["2.2"]["status"] == "needs_input"
    assert data["total"] == data["base_total"] + data["bonus_total"]


def test_score_text_and_xlsx(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _small_ledger()
    out = tmp_path / "自评打分表.xlsx"
    code = main(["--db", str(db), "score", "--standard", FULL, "--from", "2023/10/1", "--to", "2024年9月30日",
                 "--xlsx", str(out)])  # fmt: skip
    assert code == 0
    captured = capsys.readouterr()
    assert "报告期：2023-10-01 至 2024-09-30" in captured.out
    assert "失分项" in captured.out
    assert "人工填写和待确认的项目尚未作答" in captured.err
    ws = load_workbook(out).active
    assert ws.title == "自评打分表"
    headers = [c.value for c in ws[3]]
    assert headers == ["序号", "项目", "评估内容", "分值", "自评分", "评分依据", "县区审核分", "市评分"]
    ids = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert "1.1" in ids and "B.6" in ids
    labels = [ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1)]
    assert "一、主要就业指标达标情况" in labels and "总分" in labels
    total_row = 4 + labels.index("总分")
    assert ws.cell(row=total_row, column=4).value == 110
    # A sheet from live data says so in its header.
    assert "人工填写和待确认的项目尚未作答" in str(ws.cell(row=2, column=1).value)


def _cells(path: Path) -> list[list[object]]:
    wb = load_workbook(path)
    return [[ws.title, *[c for row in ws.iter_rows(values_only=True) for c in row]] for ws in wb.worksheets]


def test_score_and_form_write_the_same_workbook(db: Path, tmp_path: Path) -> None:
    """One writer: ``score --xlsx`` and ``form score-sheet --xlsx`` give the same sheet for the same data,
    live and from a saved assessment."""
    _small_ledger()
    period = ["--from", "2023-10-01", "--to", "2024-09-30"]
    a, b = tmp_path / "score.xlsx", tmp_path / "form.xlsx"
    assert main(["--db", str(db), "score", "--standard", FULL, *period, "--xlsx", str(a)]) == 0
    assert main(["--db", str(db), "form", "score-sheet", "--standard", FULL, *period, "--xlsx", str(b)]) == 0
    assert _cells(a) == _cells(b)
    from app.assessment import assessments
    from app.assessment.scoring import Answer
    from app.core.period import Period
    from db.connection import open_database

    open_database(db)
    saved = assessments.create(FULL, Period(dt.date(2023, 10, 1), dt.date(2024, 9, 30)))
    assessments.save_answer(saved.id, "2.1", Answer(checked=frozenset({"window"})))
    close_database()
    assert main(["--db", str(db), "score", "--standard", FULL, *period, "--xlsx", str(a)]) == 0
    assert main(["--db", str(db), "form", "score-sheet", "--standard", FULL, *period, "--xlsx", str(b)]) == 0
    assert _cells(a) == _cells(b)
    rows = {r[0]: r for r in load_workbook(a).active.iter_rows(min_row=4, values_only=True) if r[0]}
    assert rows["2.1"][4] == 2  # the saved answer, not 待填写 0


def test_score_follows_the_latest_saved_assessment_final_before_draft(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.assessment import assessments
    from app.assessment.scoring import Answer
    from app.core.period import Period
    from db.connection import open_database

    _small_ledger()
    open_database(db)
    period = Period(dt.date(2023, 10, 1), dt.date(2024, 9, 30))
    final = assessments.create(FULL, period, "定稿的")
    assessments.save_answer(final.id, "2.1", Answer(checked=frozenset({"window"})))
    assessments.finalize(final.id)
    draft = assessments.create(FULL, period, "后来的草稿")
    assessments.save_answer(draft.id, "2.1", Answer(checked=frozenset({"window", "sign"})))
    other = assessments.create(FULL, Period(dt.date(2022, 10, 1), dt.date(2023, 9, 30)), "别的报告期")
    assessments.save_answer(other.id, "2.1", Answer(checked=frozenset({"window", "sign", "equipment"})))
    close_database()
    args = ["--db", str(db), "score", "--standard", FULL, "--from", "2023-10-01", "--to", "2024-09-30"]

    def points_of_2_1(*extra: str) -> object:
        assert main([*args, "--json", *extra]) == 0
        data = json.loads(capsys.readouterr().out)
        return {it["id"]: it for it in data["items"]}["2.1"]["points"]

    assert points_of_2_1() == 2  # the finalised one, although the draft is newer
    assert points_of_2_1("--live") == 0
    open_database(db)
    assessments.delete(final.id)
    close_database()
    assert points_of_2_1() == 3  # only the draft is left


def test_unknown_standard_lists_ids(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["--db", str(db), "score", "--standard", "nope", "--from", "2023-10-01", "--to", "2024-09-30"]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "没有编号为“nope”的评估标准" in err and FULL in err


def test_end_before_start(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(db), "score", "--standard", FULL, "--from", "2024-10-01", "--to", "2024-09-30"])
    assert code == 1
    assert "报告期结束日期 2024-09-30 早于开始日期 2024-10-01" in capsys.readouterr().err


def test_bad_date(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--db", str(db), "score", "--standard", FULL, "--from", "2023-02-30", "--to", "2024-09-30"])
    assert code == 1
    assert "开始日期" in capsys.readouterr().err


def test_standards_lists_the_shipped_ones(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["standards"]) == 0
    out = capsys.readouterr().out
    assert (
        "guangzhou-full-employment-2024\t广州市充分就业社区(村)建设标准(2024年修订版)\t110（100+10）\t—"
        in out
    )
    assert "guangzhou-quality-village-2024" in out


def test_the_sheet_cover_and_the_text_carry_the_empty_ledger_warnings(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    close_database()
    out = tmp_path / "空站点.xlsx"
    code = main(["--db", str(db), "score", "--standard", FULL, "--from", "2023-10-01", "--to", "2024-09-30",
                 "--xlsx", str(out)])  # fmt: skip
    assert code == 0
    text = capsys.readouterr().out
    assert "提示：台账中没有报告期内的登记失业人员：第 1.1、B.1 项按原文规定计满分" in text
    cover = str(load_workbook(out).active.cell(row=2, column=1).value)
    assert "提示：劳动力台账只有 0 人" in cover
    assert "提示：台账中没有报告期内的登记失业人员" in cover


def test_a_condition_list_gives_the_counts_the_window_shows(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    close_database()
    args = ["--db", str(db), "score", "--standard", "chongming-service-items-2023",
            "--from", "2024-01-01", "--to", "2024-12-31"]  # fmt: skip
    assert main([*args, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    counts = {s["title"]: (s["met"], s["items"], s["required"]) for s in data["sections"]}
    assert counts == {"基础功能": (0, 13, 13), "拓展功能": (0, 12, 0)}
    assert all(it["points"] is None and it["max"] is None for it in data["items"])
    points_words = re.compile(r"\d\s*分|得分|扣分|计分")
    assert not any(points_words.search(it["basis"]) for it in data["items"])
    assert main(args) == 0
    text = capsys.readouterr().out
    assert "基础功能：达标 0 项 / 共 13 项" in text and "拓展功能：达标 0 项 / 共 12 项" in text
    assert "按 0 分计" not in text and "未填写的按未达标计" in text


def test_the_basis_names_the_families_that_failed(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from db.models import Household, ZeroFamily

    household = Household.create(code="H9")
    ZeroFamily.create(household=household, recognized_on=dt.date(2024, 3, 15))
    close_database()
    code = main(["--db", str(db), "score", "--standard", FULL, "--from", "2023-10-01", "--to", "2024-09-30",
                 "--json"])  # fmt: skip
    assert code == 0
    items = {it["id"]: it for it in json.loads(capsys.readouterr().out)["items"]}
    assert items["1.4"]["points"] == 0
    assert "1 户零就业家庭未在认定后1个月内实现至少1人就业：户H9" in items["1.4"]["basis"]
