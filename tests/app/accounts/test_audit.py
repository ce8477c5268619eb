"""The audit trail: every change recorded with operator, time and natural key in the same transaction; an
import as one entry plus its field changes; entries never changed through the app; a hash chain that
names the first entry edited with another tool."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.accounts import audit, users
from app.casework import add_service
from app.core.errors import ReadOnlyOperatorError
from app.demo.generator import generate_demo
from app.register import ledger
from app.workbook import export_workbook, import_workbook
from db.models import AuditEntry, Person, database
from tests.app.accounts.conftest import PASSWORD, person, snapshot


def _kinds() -> list[tuple[str, str, str]]:
    return [(e.kind, e.table, e.field) for e in reversed(audit.entries())]


def test_create_update_delete_are_recorded_with_operator_and_key(accounts) -> None:
    users.login("小李", PASSWORD)
    before = audit.count()
    pid = person()
    p = Person.get_by_id(pid)
    p.phone = "13800000000"
    p.save()
    ledger.delete_person(pid)
    new = list(reversed(audit.entries(limit=audit.count() - before)))
    assert [(e.kind, e.table, e.field, e.operator) for e in new] == [
        ("create", "person", "", "小李"),
        ("update", "person", "phone", "小李"),
        ("delete", "person", "", "小李"),
    ]
    assert new[1].old == "" and new[1].new == "13800000000"
    assert all(e.key == p.id_number and e.person_id == pid for e in new)
    assert "********" in new[0].key_masked  # the log shows no full IDs


def test_a_change_rolled_back_leaves_no_entry(accounts) -> None:
    users.login("小李", PASSWORD)
    before = audit.count()
    with pytest.raises(RuntimeError), database.atomic():
        person()
        raise RuntimeError("simulated failure after the write")
    assert audit.count() == before


def test_a_service_is_recorded_against_its_person(accounts) -> None:
    users.login("小李", PASSWORD)
    pid = person()
    add_service(
        {"person_id": pid, "served_on": "2026-03-01", "kind": "跟踪回访", "mode": "电话", "content": "x"}
    )
    last = audit.last_change(pid)
    assert last is not None and last.table == "service" and last.kind == "create" and last.operator == "小李"


def test_entries_cannot_be_changed_through_the_app(accounts) -> None:
    with pytest.raises(Exception, match="cannot be changed"):
        database.execute_sql("UPDATE audit_entry SET operator = 'x'")
    with pytest.raises(Exception, match="cannot be changed"):
        database.execute_sql("DELETE FROM audit_entry")


def _tamper(path: Path, sql: str) -> None:
    con = sqlite3.connect(path)  # another tool: the sqlite3 shell drops the guard and edits
    con.execute("DROP TRIGGER audit_entry_no_update")
    con.execute("DROP TRIGGER audit_entry_no_delete")
    con.execute(sql)
    con.commit()
    con.close()


def test_an_entry_edited_with_another_tool_breaks_the_chain_there(accounts) -> None:
    users.login("小李", PASSWORD)
    person()
    person("李四", 13)
    assert audit.verify() is None
    target = audit.entries()[2].id
    _tamper(Path(database.database), f"UPDATE audit_entry SET operator = '王站长' WHERE id = {target}")
    assert audit.verify() == target


def test_an_entry_deleted_with_another_tool_breaks_the_chain(accounts) -> None:
    users.login("小李", PASSWORD)
    person()
    person("李四", 13)
    target = audit.entries()[3].id
    _tamper(Path(database.database), f"DELETE FROM audit_entry WHERE id = {target}")
    assert audit.verify() == target + 1


def test_an_import_is_one_entry_with_its_field_changes_linked(accounts, tmp_path: Path) -> None:
    users.login("王站长", PASSWORD)
    person()
    person("李四", 13)
    book = tmp_path / "ledger.xlsx"
    export_workbook(book, mask_ids=False)
    wb = load_workbook(book)
    ws = wb["人员"]
    heads = [c.value for c in ws[1]]
    ws.cell(row=2, column=heads.index("联系电话") + 1, value="13900000000")
    wb.save(book)
    before = audit.count()
    import_workbook(book)
    new = list(reversed(audit.entries(limit=audit.count() - before)))
    opening = new[0]
    assert opening.kind == "import" and "sha256" in opening.detail and opening.parent_id is None
    assert audit.file_sha256(book) in opening.detail
    changes = [e for e in new if e.kind == "update"]
    assert [(e.field, e.new, e.parent_id) for e in changes] == [("phone", "13900000000", opening.id)]
    assert not [e for e in new if e.kind == "create"]  # rows created by an import are counted, not listed
    assert new[-1].kind == "import" and new[-1].parent_id == opening.id and "更新 1 条" in new[-1].detail


def test_the_demo_is_one_entry(db) -> None:
    generate_demo(persons=30, seed=3, today=dt.date(2026, 11, 1))
    assert [(e.kind, e.table) for e in audit.entries()] == [("demo", "")]
    assert audit.verify() is None


def test_filters_and_the_excel_export(accounts, tmp_path: Path) -> None:
    users.login("小李", PASSWORD)
    pid = person()
    Person.update(name='=HYPERLINK("http://x","y")').where(Person.id == pid).execute()
    assert {e.operator for e in audit.entries(audit.Filter(operator="小李"))} == {"小李"}
    assert all(e.person_id == pid for e in audit.entries(audit.Filter(person_id=pid)))
    today = dt.date.today()
    assert audit.count(audit.Filter(start=today, end=today)) == audit.count()
    assert audit.count(audit.Filter(end=today - dt.timedelta(days=1))) == 0
    out = tmp_path / "log.xlsx"
    rows = audit.entries(audit.Filter(person_id=pid))
    assert audit.export_xlsx(out, rows) == len(rows)
    ws = load_workbook(out).active
    texts = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    formula = next(t for t in texts if isinstance(t, str) and t.startswith("name："))
    assert "=HYPERLINK" in formula
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)


def test_restore_is_recorded_in_the_restored_file(accounts, tmp_path: Path) -> None:
    from app.storage import backup

    users.login("王站长", PASSWORD)
    copy = backup.backup(tmp_path / "copy.sqlite")
    person()
    backup.restore(copy)
    last = audit.entries(limit=1)[0]
    assert last.kind == "restore" and last.operator == "王站长" and "copy.sqlite" in last.detail
    assert audit.verify() is None
    assert AuditEntry.select().where(AuditEntry.table_name == "person").count() == 0


def test_a_viewer_cannot_generate_a_demo_although_its_rows_are_not_recorded(accounts) -> None:
    users.login("检查组", PASSWORD)
    before = snapshot()
    with pytest.raises(ReadOnlyOperatorError):
        generate_demo(persons=30, seed=3, today=dt.date(2026, 11, 1))
    assert snapshot() == before


def test_after_a_demo_every_change_is_recorded_again(db) -> None:
    generate_demo(persons=30, seed=3, today=dt.date(2026, 11, 1))
    pid = Person.select(Person.id).first().id
    Person.update(phone="13912345678").where(Person.id == pid).execute()
    assert [(e.kind, e.field) for e in audit.entries()][:1] == [("update", "phone")]  # newest first


def test_a_demo_that_fails_halfway_leaves_the_recording_in_place(db, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.demo import generator

    def broken(self: object, report: object) -> dict[str, int]:
        person()
        raise RuntimeError("halfway")

    monkeypatch.setattr(generator._Generator, "write", broken)
    with pytest.raises(RuntimeError, match="halfway"):
        generate_demo(persons=30, seed=3, today=dt.date(2026, 11, 1))
    assert Person.select().count() == 0
    person()
    assert [(e.kind, e.table) for e in audit.entries()] == [("create", "person")]
