"""``score`` and ``standards`` on the command line, end to end over a small ledger."""

from __future__ import annotations

import datetime as dt
import json
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
    text = capsys.readouterr().out
    assert "报告期：2023-10-01 至 2024-09-30" in text
    assert "失分项" in text
    ws = load_workbook(out).active
    assert ws.title == "自评打分表"
    headers = [c.value for c in ws[3]]
    assert headers == ["序号", "建设内容", "分值", "自评分", "评分依据", "县区审核分", "市评分"]
    ids = [ws.cell(row=r, column=1).value for r in range(4, ws.max_row + 1)]
    assert "1.1" in ids and "B.6" in ids
    labels = [ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1)]
    assert "主要就业指标达标情况" in labels and "总分" in labels
    total_row = 4 + labels.index("总分")
    assert ws.cell(row=total_row, column=3).value == 110
    section_row = 4 + labels.index("平台建设情况")
    assert ws.cell(row=section_row, column=3).value == 30


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
