"""Fault 1: text that a spreadsheet would run. Every free-text column holds a hostile text; every Excel
writer (ledger export, document workbooks, vacancy and service exports, error report, template) must
write it as literal text: no ``<f>`` element anywhere, the value read back equal to what was typed."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from tests.faults.conftest import FREE_TEXT, HOSTILE


def _plant(path: Path) -> None:
    from db.models import database

    with database.atomic():
        for table, columns in FREE_TEXT.items():
            ids = [r[0] for r in database.execute_sql(f'SELECT rowid FROM "{table}"').fetchall()]
            for n, rowid in enumerate(ids):
                for k, column in enumerate(columns):
                    text = HOSTILE[(n + k) % len(HOSTILE)]
                    if table == "employer" and column == "name":
                        text = f"{text}{rowid}"  # the employer's name is its key
                    database.execute_sql(f'UPDATE "{table}" SET "{column}"=? WHERE rowid=?', (text, rowid))


def formulas(path: Path) -> list[str]:
    """The formula elements of every sheet of an .xlsx file."""
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                found += re.findall(rb"<f[ >].*?</f>|<f/>", zf.read(name))  # type: ignore[arg-type]
    return [f.decode() if isinstance(f, bytes) else f for f in found]


def _hostile_values(path: Path) -> set[str]:
    from openpyxl import load_workbook

    wb = load_workbook(path)  # not data_only: a formula would come back as its text with type "f"
    out: set[str] = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(tuple(h[:2] for h in HOSTILE)):
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    out.add(cell.value)
    return out


def _writers(out: Path) -> dict[str, Path]:
    from app.casework.export import export_services
    from app.documents import DOCUMENTS
    from app.jobs.export import export_vacancies
    from app.workbook import export_workbook

    made: dict[str, Path] = {}
    made["export"] = out / "export.xlsx"
    export_workbook(made["export"])
    made["vacancies"] = out / "vacancies.xlsx"
    export_vacancies(made["vacancies"], only_open=False)
    made["services"] = out / "services.xlsx"
    export_services(made["services"])
    for spec in DOCUMENTS:
        if spec.build_xlsx is None or spec.kind == "score-sheet":
            continue
        made[spec.kind] = out / f"{spec.kind}.xlsx"
        params = {"mask_ids": False} if any(p.name == "mask_ids" for p in spec.params) else {}
        spec.build_xlsx(made[spec.kind], **params)
    return made


def test_no_text_becomes_a_formula_in_any_workbook(station: Path, tmp_path: Path) -> None:
    _plant(station)
    made = _writers(tmp_path)
    seen: set[str] = set()
    for kind, path in made.items():
        assert formulas(path) == [], kind
        seen |= _hostile_values(path)
    # every hostile text made it into some workbook, as text
    assert {h for h in HOSTILE} <= {v for v in seen} | {v.rstrip("0123456789") for v in seen}


def test_the_round_trip_keeps_hostile_text_as_text(station: Path, tmp_path: Path) -> None:
    """Export, import back: the values are the same texts (nothing evaluated, nothing lost)."""
    from app.core.textnorm import clean
    from app.workbook import export_workbook, import_workbook
    from db.models import Person

    _plant(station)
    # the importer trims white space (the tab of "\t=1+1") as it does for every typed text
    before = sorted((clean(a), clean(b)) for a, b in Person.select(Person.name, Person.address).tuples())
    path = tmp_path / "export.xlsx"
    export_workbook(path)
    summary = import_workbook(path)
    assert summary is not None
    assert sorted(Person.select(Person.name, Person.address).tuples()) == before


def test_error_report_and_template_write_no_formula(station: Path, tmp_path: Path) -> None:
    from openpyxl import Workbook

    from app.workbook import ImportRejected, import_workbook, write_template

    template = tmp_path / "template.xlsx"
    write_template(template)
    assert formulas(template) == []
    bad = tmp_path / "bad.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(["身份证号", "姓名"])
    ws.append(["=1+1", '=HYPERLINK("http://x.cn","y")'])
    wb.save(bad)
    with pytest.raises(ImportRejected) as info:
        import_workbook(bad)
    report = tmp_path / "report.xlsx"
    info.value.report.save_xlsx(bad, report)
    assert formulas(report) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_cell_of_each_hostile_text(text: str, tmp_path: Path) -> None:
    from openpyxl import Workbook, load_workbook

    from app.core import excel

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    ws.append(excel.row(ws, [text, "普通文字", 3]))
    path = excel.save_workbook(wb, tmp_path / "one.xlsx")
    assert formulas(path) == []
    back = load_workbook(path).active
    assert back is not None
    assert back["A1"].value == text and back["A1"].data_type == "s" and back["A1"].quotePrefix
    assert back["B1"].value == "普通文字" and not back["B1"].quotePrefix
