"""The five ledgers: PDF and Excel, masked IDs, the counts of the ledger, progress."""

from __future__ import annotations

import dataclasses
import re
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.documents import get_document
from app.documents.ledgers import LEDGERS
from tests.app.documents.conftest import check_pdf, needs_poppler, pages_of, run, this_year


def one(path: Path, query: str, args: tuple[object, ...] = ()) -> object:
    con = sqlite3.connect(path)
    try:
        return con.execute(query, args).fetchone()[0]
    finally:
        con.close()


def expected_count(path: Path, kind: str) -> int:
    start, end = this_year()
    s, e = start.isoformat(), end.isoformat()
    queries = {
        "ledger-labor": ("SELECT COUNT(*) FROM person", ()),
        "ledger-unemployed": (
            "SELECT COUNT(*) FROM registration WHERE registered_on <= ? "
            "AND (cancelled_on IS NULL OR cancelled_on >= ?)",
            (e, s),
        ),
        "ledger-difficulty": (
            "SELECT COUNT(*) FROM recognition WHERE recognized_on <= ? "
            "AND (cancelled_on IS NULL OR cancelled_on >= ?)",
            (e, s),
        ),
        "ledger-vacancies": ("SELECT COUNT(*) FROM vacancy WHERE collected_on BETWEEN ? AND ?", (s, e)),
        "ledger-services": ("SELECT COUNT(*) FROM service WHERE served_on BETWEEN ? AND ?", (s, e)),
    }
    q, args = queries[kind]
    return int(one(path, q, args))  # type: ignore[arg-type]


WORD = {
    "ledger-labor": "在册人员{n}人",
    "ledger-unemployed": "失业登记{n}条",
    "ledger-difficulty": "就业困难认定{n}条",
    "ledger-vacancies": "收集岗位{n}个",
    "ledger-services": "服务记录{n}条",
}


@needs_poppler
@pytest.mark.parametrize("kind", list(LEDGERS))
def test_ledger_pdf(demo, tmp_path, kind):
    start, end = this_year()
    spec = get_document(kind)
    params = {"period": (start, end)} if any(p.name == "period" for p in spec.params) else {}
    seen: list[tuple[int, int, str]] = []
    out = spec.build_pdf(tmp_path / f"{kind}.pdf", progress=lambda d, t, x: seen.append((d, t, x)), **params)
    text = check_pdf(out, tmp_path)
    n = expected_count(demo, kind)
    assert one(demo, "SELECT name FROM station_profile") in text
    assert spec.title in text
    assert WORD[kind].format(n=n) in text
    assert "595.276" in subprocess_info(out)  # landscape A4: height 595
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _t, _x in seen] == sorted(d for d, _t, _x in seen)
    pages = pages_of(out)
    assert text.count("序号") >= pages  # the header row repeats on every page
    if n > 60:
        assert pages >= 2


def subprocess_info(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


@needs_poppler
def test_labor_ledger_masks_ids_unless_asked(demo, tmp_path):
    number = str(one(demo, "SELECT id_number FROM person ORDER BY id LIMIT 1"))
    spec = get_document("ledger-labor")
    masked = check_pdf(spec.build_pdf(tmp_path / "m.pdf"), tmp_path)
    assert number not in masked
    assert number[:6] + "********" + number[14:] in masked
    for png in tmp_path.glob("page*.png"):
        png.unlink()
    full = check_pdf(spec.build_pdf(tmp_path / "f.pdf", mask_ids=False), tmp_path)
    assert number in full


@pytest.mark.parametrize("kind", list(LEDGERS))
def test_ledger_xlsx(demo, tmp_path, kind):
    start, end = this_year()
    spec = get_document(kind)
    assert spec.build_xlsx is not None
    params = {"period": (start, end)} if any(p.name == "period" for p in spec.params) else {}
    out = spec.build_xlsx(tmp_path / f"{kind}.xlsx", **params)
    ws = load_workbook(out)[spec.title]
    header = [c.value for c in ws[3]]
    assert header == [c.header for c in LEDGERS[kind].columns]
    data = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[0] is not None]
    n = expected_count(demo, kind)
    assert len(data) == n
    assert [r[0] for r in data] == list(range(1, n + 1))
    assert ws.freeze_panes == "A4"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_margins.right * 25.4 >= 25 and ws.page_margins.bottom * 25.4 >= 25  # room for the stamp
    assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
    subtitle = str(ws["A2"].value).replace(" ", "")
    assert WORD[kind].format(n=n) in subtitle
    assert one(demo, "SELECT name FROM station_profile") in subtitle


def test_labor_ledger_xlsx_ids_masked_and_text(demo, tmp_path):
    number = str(one(demo, "SELECT id_number FROM person ORDER BY id LIMIT 1"))
    ws = load_workbook(get_document("ledger-labor").build_xlsx(tmp_path / "l.xlsx"))["劳动力资源台账"]
    col = [c.value for c in ws[3]].index("身份证号")
    ids = [r[col] for r in ws.iter_rows(min_row=4, values_only=True)]
    assert number not in ids
    assert all("********" in str(i) for i in ids)


def test_empty_ledger_builds_a_header_only_page(db, tmp_path):
    out = get_document("ledger-vacancies").build_pdf(tmp_path / "v.pdf")
    assert out.stat().st_size > 1000
    ws = load_workbook(get_document("ledger-vacancies").build_xlsx(tmp_path / "v.xlsx"))["岗位收集台账"]
    assert ws.max_row == 3


def test_ledger_build_leaves_reportlabs_global_stream_setting_alone(demo, tmp_path):
    """The ledger's binary page streams are a per-document choice: a document built meanwhile in
    another thread still sees reportlab's own setting."""
    from reportlab import rl_config

    before = rl_config.useA85
    seen: list[object] = []
    out = get_document("ledger-labor").build_pdf(
        tmp_path / "l.pdf", progress=lambda _d, _t, _x: seen.append(rl_config.useA85)
    )
    assert seen and set(seen) == {before}
    assert b"/ASCII85Decode" not in out.read_bytes()


@needs_poppler
def test_ledger_pdf_last_page_says_its_number_of_the_total(demo, tmp_path):
    out = get_document("ledger-services").build_pdf(tmp_path / "s.pdf", period=this_year())
    n = pages_of(out)
    assert n >= 2
    last = re.sub(r"\s+", "", run("pdftotext", "-f", str(n), "-l", str(n), out, "-"))
    assert f"第{n}页共{n}页" in last
    first = re.sub(r"\s+", "", run("pdftotext", "-f", "1", "-l", "1", out, "-"))
    assert f"第1页共{n}页" in first


def test_ledger_pdf_reads_both_passes_in_one_transaction(demo, tmp_path, monkeypatch):
    """The pages counted in the first pass are the pages drawn in the second: one snapshot of the data."""
    from db.models import database

    ledger = LEDGERS["ledger-labor"]
    seen: list[bool] = []

    def rows(period, mask):
        seen.append(database.in_transaction())
        return ledger.rows(period, mask)

    monkeypatch.setitem(LEDGERS, "ledger-labor", dataclasses.replace(ledger, rows=rows))
    get_document("ledger-labor").build_pdf(tmp_path / "l.pdf")
    assert seen == [True, True]


def test_a_ledger_pdf_being_built_does_not_block_a_write(demo, tmp_path):
    """The passes read in a snapshot, without the write lock: another connection writes at once."""
    wrote: list[bool] = []

    def progress(done, total, text):
        if "生成PDF" in text and not wrote:
            con = sqlite3.connect(demo, timeout=0)
            try:
                con.execute("CREATE TABLE IF NOT EXISTS probe (x)")
                con.execute("INSERT INTO probe VALUES (1)")
                con.commit()
                wrote.append(True)
            finally:
                con.close()

    out = get_document("ledger-services").build_pdf(tmp_path / "s.pdf", period=this_year(), progress=progress)
    assert wrote == [True] and out.stat().st_size > 1000
