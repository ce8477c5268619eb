"""How the importer reads and writes a large book (issue 17): each sheet built once, an app sheet's rows
checked as they stream, recurring cell values parsed once per column, new rows inserted in bulk with
their per-row triggers suspended, an empty table's indexes built after its rows."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from app.accounts import audit
from app.core.errors import ValidationError
from app.core.idcard import make_id
from app.register import ledger
from app.workbook import ImportRejected, import_workbook, importer, reader, validate_workbook
from app.workbook.schema import SHEETS_BY_NAME
from db.models import AuditEntry, Person, Service, database

from .conftest import ID1, ID2, PERSON_HEADERS, person, persons, snapshot

SERVICE_HEADERS = ["身份证号", "服务日期", "服务类型", "服务方式", "服务内容"]


def ids(count: int) -> list[str]:
    return [make_id("440106", dt.date(1980, 1, 1) + dt.timedelta(days=i), 10 + i % 80) for i in range(count)]


def big_book(book: Any, count: int, services_each: int = 1) -> Path:
    numbers = ids(count)
    services = [SERVICE_HEADERS] + [
        [n, dt.date(2025, 1, 1) + dt.timedelta(days=k), "职业指导", "来访", "介绍岗位"]
        for n in numbers
        for k in range(services_each)
    ]
    return book(
        {
            "人员": persons(*(person(n, f"人{i}", "未就业", "2025-03-01") for i, n in enumerate(numbers))),
            "服务记录": services,
        }
    )


def explicit_indexes() -> list[str]:
    return [
        r[0]
        for r in database.execute_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
    ]


# ---------------------------------------------------------------------------- reading once, streaming


@pytest.mark.skipif(
    bool(os.environ.get("STATIONDESK_STREAM_ALL")), reason="no sheet is built: all are streamed"
)
def test_each_sheet_is_built_once(db, book, monkeypatch) -> None:
    path = big_book(book, 80)
    built: Counter[str] = Counter()
    submit = reader.SourceBook._submit

    def counted(self: reader.SourceBook, name: str) -> Any:
        built[name] += 1
        return submit(self, name)

    monkeypatch.setattr(reader.SourceBook, "_submit", counted)
    summary = import_workbook(path)
    assert built == Counter({"人员": 1, "服务记录": 1})
    assert summary.sheets["人员"].created == 80 and summary.sheets["服务记录"].created == 80


@pytest.mark.parametrize("rows", [reader.STREAM_HEAD - 2, reader.STREAM_HEAD - 1, reader.STREAM_HEAD, 300])
def test_a_sheet_streams_past_its_first_rows_and_every_row_is_read(db, book, rows: int) -> None:
    path = big_book(book, rows)
    with reader.open_source(path) as source:
        sheet = source.lazy("人员")
        sheet.load(stream=True)
        data = len(sheet.rows) + (sum(1 for _ in sheet.rest) if sheet.rest is not None else 0)
        # the header and STREAM_HEAD - 1 rows are read ahead; the rest streams when they fill the head
        assert (sheet.rest is not None) == (rows + 1 >= reader.STREAM_HEAD)
        assert len(sheet.rows) == min(rows, reader.STREAM_HEAD - 1)
        sheet.unload()
    assert data == rows
    assert import_workbook(path).sheets["人员"].created == rows
    assert Person.select().count() == rows


def test_a_sheet_with_cells_merged_down_is_read_whole(db, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "人员"
    ws.append(PERSON_HEADERS)
    for i, n in enumerate(ids(100)):
        ws.append([n, f"人{i}", "未就业", "2025-03-01"])
    ws.merge_cells("C2:C3")
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    with reader.open_source(path) as source:
        sheet = source.lazy("人员")
        sheet.load(stream=True)
        assert sheet.rest is None and len(sheet.rows) == 100
        assert sheet.rows[1][1][2] == "未就业"  # the merged value filled into the row below
        sheet.unload()


def test_closing_the_book_waits_for_a_sheet_being_built_ahead(db, book) -> None:
    path = big_book(book, 50)
    source = reader.open_source(path)
    source.prefetch("服务记录")
    source.prefetch("没有这张表")  # not a sheet: nothing queued
    source.close()
    assert source._pool is None and not source._grids


def test_sheets_are_built_ahead_within_the_cell_budget(monkeypatch) -> None:
    cells = {"a": 10, "b": 1, "c": 2, "d": 3, "e": None}
    queued: list[str] = []

    class Book:
        def grid_bytes(self, name: str) -> int | None:
            return cells[name]

        def prefetch(self, name: str) -> None:
            queued.append(name)

    names = list(cells)
    monkeypatch.setattr(importer, "PREFETCH_BYTES", 13)
    importer._read_ahead(Book(), names, 0)  # type: ignore[arg-type]
    assert queued == ["b", "c"]  # 10 + 1 + 2 = 13 fits, + 3 does not
    queued.clear()
    monkeypatch.setattr(importer, "PREFETCH_BYTES", 10)
    importer._read_ahead(Book(), names, 0)  # type: ignore[arg-type]
    assert queued == []  # not even the next sheet beyond the budget (its grid waits for this one's)
    monkeypatch.setattr(importer, "PREFETCH_BYTES", 13)
    queued.clear()
    importer._read_ahead(Book(), names, 3)  # type: ignore[arg-type]
    assert queued == ["e"]  # size not known: the next one only
    queued.clear()
    importer._read_ahead(Book(), names, 4)  # type: ignore[arg-type]
    assert queued == []


# ---------------------------------------------------------------------------- cell parsers


RAW_VALUES: list[Any] = [
    1,
    True,
    1.0,
    "1",
    "是",
    "否",
    False,
    0,
    "",
    None,
    " 是 ",
    dt.date(2025, 1, 2),
    "2025-01-02",
    2024,
]


def _outcome(parse: Any, raw: Any) -> tuple[str, Any]:
    try:
        value = parse(raw, 2)
    except ValidationError as exc:
        return "error", exc.message
    return type(value).__name__, value


@pytest.mark.parametrize("sheet", ["人员", "服务记录", "岗位", "就业记录"])
def test_a_column_parser_gives_what_parse_cell_gives_in_any_order(sheet: str) -> None:
    validator = importer._Validator(None, 1)
    for col in SHEETS_BY_NAME[sheet].columns:
        parse = validator.cell_parser(col)
        expected = [_outcome(partial(importer.parse_cell, col), raw) for raw in RAW_VALUES]
        # twice, forwards and backwards: a remembered value is never mistaken for an equal one of another
        # type (1, 1.0 and True are equal in Python)
        for order in (RAW_VALUES, RAW_VALUES[::-1], RAW_VALUES):
            got = {repr((type(raw), raw)): _outcome(parse, raw) for raw in order}
            assert [got[repr((type(raw), raw))] for raw in RAW_VALUES] == expected, col.header


def test_a_bad_value_is_reported_on_every_row_it_is_on(db, book) -> None:
    path = book({"人员": persons(person(ID1, status="失联"), person(ID2, status="失联"))})
    report = validate_workbook(path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "就业状态"), (3, "就业状态")]


# ---------------------------------------------------------------------------- writing


def test_new_rows_into_empty_tables_keep_every_index(db, book) -> None:
    before = sorted(explicit_indexes())
    import_workbook(big_book(book, importer.BULK_INDEX_ROWS))  # the tables' indexes built after the rows
    assert sorted(explicit_indexes()) == before
    assert Service.select().count() == importer.BULK_INDEX_ROWS
    assert database.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_second_import_updates_and_creates_and_records_only_the_updates(db, book) -> None:
    first = big_book(book, 30)
    import_workbook(first)
    numbers = ids(31)
    rows = [person(n, f"人{i}", "未就业", "2025-03-01") for i, n in enumerate(numbers)]
    rows[0][1] = "改名"  # one change, one new person, 29 unchanged
    before = audit.count()
    summary = import_workbook(book({"人员": persons(*rows)}))
    assert (
        summary.sheets["人员"].created,
        summary.sheets["人员"].updated,
        summary.sheets["人员"].unchanged,
    ) == (
        1,
        1,
        29,
    )
    new = list(reversed(audit.entries(limit=audit.count() - before)))
    assert [(e.kind, e.table, e.field, e.new) for e in new if e.kind != "import"] == [
        ("update", "person", "name", "改名")
    ]
    assert Person.get(Person.id_number == numbers[30]).name == "人30"


def test_after_an_import_every_change_is_recorded_again(db, book) -> None:
    import_workbook(big_book(book, 5))
    pid = Person.select(Person.id).first().id
    Person.update(phone="13912345678").where(Person.id == pid).execute()
    assert [(e.kind, e.table, e.field) for e in audit.entries(limit=1)] == [("update", "person", "phone")]
    before = audit.count()
    ledger.delete_person(pid)  # the person and the service imported with it
    deleted = {e.table for e in audit.entries(limit=audit.count() - before) if e.kind == "delete"}
    assert deleted == {"person", "service"}


def test_a_failed_write_leaves_nothing_and_the_triggers_and_cache_as_they_were(db, book, monkeypatch) -> None:
    import_workbook(big_book(book, 3))
    before = snapshot()
    cache = database.execute_sql("PRAGMA cache_size").fetchone()[0]

    def broken(self: importer._Writer, sql: str, params: Any) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(importer._Writer, "write", broken)
    with pytest.raises(Exception, match="已全部撤销"):
        import_workbook(big_book(book, 10))
    assert snapshot() == before
    assert database.execute_sql("PRAGMA cache_size").fetchone()[0] == cache
    monkeypatch.undo()
    pid = Person.select(Person.id).first().id
    Person.update(phone="13912345678").where(Person.id == pid).execute()
    assert [(e.kind, e.field) for e in audit.entries(limit=1)] == [("update", "phone")]


def test_creations_in_bulk_only_inside_a_bulk_change(db) -> None:
    with pytest.raises(RuntimeError), database.atomic(), audit.creations_in_bulk():
        pass
    assert AuditEntry.select().count() == 0


def test_a_rejected_big_book_writes_nothing(db, book) -> None:
    path = big_book(book, 200)
    numbers = ids(200)
    rows = [person(n, f"人{i}", "未就业", "2025-03-01") for i, n in enumerate(numbers)]
    rows[150][2] = "失联"  # a bad cell well past the rows read ahead
    before = snapshot()
    with pytest.raises(ImportRejected) as info:
        import_workbook(book({"人员": persons(*rows)}))
    assert [(p.row, p.column) for p in info.value.report.problems] == [(152, "就业状态")]
    assert snapshot() == before
    assert path.exists()


def test_a_column_of_unique_values_stops_remembering_them() -> None:
    validator = importer._Validator(None, 1)
    names = SHEETS_BY_NAME["人员"].by_header["姓名"]
    parse = validator.cell_parser(names)
    values = [f"姓名{i}" for i in range(3 * importer._MEMO_TRIAL)]
    assert [parse(v, 2) for v in values] == values
    assert len(validator.shared) <= importer._MEMO_TRIAL  # given up after the trial, not one per name


def test_a_column_of_recurring_values_stores_one_object_per_value() -> None:
    validator = importer._Validator(None, 1)
    status = SHEETS_BY_NAME["人员"].by_header["就业状态"]
    parse = validator.cell_parser(status)
    cells = ["未就业", " 未就业", "灵活就业"] * importer._MEMO_TRIAL
    got = [parse(c, 2) for c in cells]
    assert set(got) == {"未就业", "灵活就业"}
    assert len({id(v) for v in got}) == 2
