"""``form`` and ``score --pdf`` on the command line."""

from __future__ import annotations

import sqlite3

from openpyxl import load_workbook

from app.cli.main import main
from tests.app.documents.conftest import needs_poppler, text_of


def _close():
    from db.connection import close_database

    close_database()


def test_form_list(capsys):
    assert main(["form", "--list"]) == 0
    out = capsys.readouterr().out
    assert "ledger-labor" in out and "劳动力资源台账" in out and "personal-file" in out


def test_form_without_kind_is_a_usage_error(capsys):
    assert main(["form", "--pdf", "x.pdf"]) == 2
    assert "KIND" in capsys.readouterr().err


def test_form_without_output_is_a_usage_error(demo_file, capsys):
    assert main(["--db", str(demo_file), "form", "ledger-labor"]) == 2
    assert "--pdf" in capsys.readouterr().err


def test_form_unknown_kind(demo_file, tmp_path, capsys):
    assert main(["--db", str(demo_file), "form", "no-such", "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "没有名为“no-such”的文书" in capsys.readouterr().err


def test_personal_file_needs_a_person(demo_file, tmp_path, capsys):
    assert main(["--db", str(demo_file), "form", "personal-file", "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "--person" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_no_excel_form_for_applications(demo_file, tmp_path, capsys):
    code = main(["--db", str(demo_file), "form", "yangpu-application", "--xlsx", str(tmp_path / "x.xlsx")])
    assert code == 1
    assert "没有 Excel 格式" in capsys.readouterr().err


def test_half_a_period_is_refused(demo_file, tmp_path, capsys):
    args = [
        "--db",
        str(demo_file),
        "form",
        "ledger-services",
        "--from",
        "2025-01-01",
        "--pdf",
        str(tmp_path / "x.pdf"),
    ]
    assert main(args) == 1
    assert "--from 和 --to" in capsys.readouterr().err


def test_bad_date_is_refused(demo_file, tmp_path, capsys):
    args = ["--db", str(demo_file), "form", "ledger-services", "--from", "2025-02-30", "--to", "2025-03-01"]
    assert main([*args, "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "开始日期" in capsys.readouterr().err


def test_bad_month_is_refused(demo_file, tmp_path, capsys):
    args = [
        "--db",
        str(demo_file),
        "form",
        "monthly-report",
        "--month",
        "2025-13",
        "--pdf",
        str(tmp_path / "x.pdf"),
    ]
    assert main(args) == 1
    assert "月份" in capsys.readouterr().err


def test_score_sheet_needs_standard_or_assessment(demo_file, tmp_path, capsys):
    assert main(["--db", str(demo_file), "form", "score-sheet", "--pdf", str(tmp_path / "x.pdf")]) == 1
    assert "--standard" in capsys.readouterr().err


@needs_poppler
def test_form_ledger_with_full_ids(demo_file, tmp_path):
    pdf, xlsx = tmp_path / "l.pdf", tmp_path / "l.xlsx"
    args = [
        "--db",
        str(demo_file),
        "form",
        "ledger-labor",
        "--full-ids",
        "--pdf",
        str(pdf),
        "--xlsx",
        str(xlsx),
    ]
    try:
        assert main(args) == 0
    finally:
        _close()
    con = sqlite3.connect(demo_file)
    number = con.execute("SELECT id_number FROM person ORDER BY id LIMIT 1").fetchone()[0]
    con.close()
    assert number in text_of(pdf)
    ws = load_workbook(xlsx).active
    assert number in [c for r in ws.iter_rows(values_only=True) for c in r]


@needs_poppler
def test_form_personal_file_by_id_number(demo_file, tmp_path):
    con = sqlite3.connect(demo_file)
    number, name = con.execute("SELECT id_number, name FROM person ORDER BY id LIMIT 1").fetchone()
    con.close()
    out = tmp_path / "p.pdf"
    try:
        assert (
            main(["--db", str(demo_file), "form", "personal-file", "--person", number, "--pdf", str(out)])
            == 0
        )
    finally:
        _close()
    assert name in text_of(out)


@needs_poppler
def test_score_pdf_option(demo_file, tmp_path, capsys):
    out = tmp_path / "s.pdf"
    args = ["--db", str(demo_file), "score", "--standard", "gansu-provincial-2023", "--pdf", str(out)]
    try:
        assert main(args) == 0
    finally:
        _close()
    assert "已写出自评打分表（PDF）" in capsys.readouterr().out
    text = text_of(out)
    assert "自评打分表" in text and "县区审核分" in text
