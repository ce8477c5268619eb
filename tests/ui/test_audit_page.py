"""操作日志 page: the model (qtmodeltester), filters, "more", the import detail, 校验 and the Excel export."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from app.accounts import audit, session, users
from app.core.idcard import make_id, mask_id
from app.register import ledger
from db.models import Person, database
from ui import dialogs, errors
from ui.models import audit_table
from ui.models.audit_table import AuditTableModel, find_persons, last_change_text, linked_entries
from ui.pages.audit import AuditPage

PASSWORD = "secret-1"
ID_ZHANG = make_id("110101", dt.date(1980, 5, 1), 11)
ID_LI = make_id("110101", dt.date(1982, 7, 15), 22)
ID_ZHANGXX = make_id("110101", dt.date(1990, 1, 20), 31)


def _person(number: str, name: str) -> int:
    values = {"id_number": number, "name": name, "employment_status": "未就业", "survey_date": "2026-03-01"}
    return ledger.save_person(values).id


def _update_phone(pid: int, phone: str) -> None:
    p = Person.get_by_id(pid)
    values = {k: getattr(p, k) for k in ledger.PERSON_FIELDS if k != "household_code"}
    values["household_code"] = ""
    values["phone"] = phone
    ledger.save_person(values, pid)


@pytest.fixture
def fast_hashes(monkeypatch) -> None:
    """argon2id with small costs: these tests are about the window, not the hash's strength."""
    import argon2

    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def trail(db, fast_hashes) -> Iterator[dict[str, int]]:
    """王站长 and 小李 (工作人员); 小李 made three persons and changed 张三's phone; 小李 logged in."""
    users.add_user("王站长", session.HEAD, PASSWORD)
    users.login("王站长", PASSWORD)
    users.add_user("小李", session.STAFF, PASSWORD)
    users.add_user("检查组", session.VIEWER, PASSWORD)
    users.login("小李", PASSWORD)
    ids = {
        "zhang": _person(ID_ZHANG, "张三"),
        "li": _person(ID_LI, "李四"),
        "zhangxx": _person(ID_ZHANGXX, "张小小"),
    }
    _update_phone(ids["zhang"], "13800000001")
    yield ids
    session.file_opened(has_accounts=False)


class Boxes:
    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.bugs: list[str] = []
        self.save_path: Path | None = None


@pytest.fixture
def boxes(monkeypatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(dialogs, "inform", lambda p, t, text: b.infos.append(text))
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: b.save_path)
    monkeypatch.setattr(errors, "_message_box", lambda p, t, text: b.warnings.append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda p, r, f: b.bugs.append(r))
    return b


@pytest.fixture
def page(qtbot, trail, boxes) -> AuditPage:
    p = AuditPage()
    qtbot.addWidget(p)
    return p


def _texts(page: AuditPage, column: str) -> list[str]:
    return [page.model.text(r, column) for r in range(page.model.rowCount())]


def test_the_model_passes_the_model_tester(qtmodeltester, trail) -> None:
    model = AuditTableModel()
    model.load(audit.Filter())
    assert model.rowCount() == audit.count() > 5
    qtmodeltester.check(model)


def test_entries_newest_first_ids_masked(page, trail) -> None:
    rows = _texts(page, "记录")
    assert ID_ZHANG not in " ".join(rows)
    assert mask_id(ID_ZHANG) in rows
    assert page.model.text(0, "操作") == "修改"
    assert page.model.text(0, "内容") == "phone：（空） → 13800000001"
    assert page.model.text(0, "操作人") == "小李"
    assert page.count_label.text() == f"共 {audit.count()} 条"


def test_filter_by_operator_and_kind(page) -> None:
    page.operator_combo.setCurrentIndex(page.operator_combo.findData("王站长"))
    assert set(_texts(page, "操作人")) == {"王站长"}
    page.operator_combo.setCurrentIndex(0)
    page.kind_combo.setCurrentIndex(page.kind_combo.findData("create"))
    assert set(_texts(page, "操作")) == {"新增"}
    assert page.model.total() == audit.count(audit.Filter(kind="create"))


def test_filter_by_date_range_and_a_bad_date(page) -> None:
    today = dt.date.today()
    page.date_from.setText((today + dt.timedelta(days=1)).isoformat())
    assert page.model.rowCount() == 0
    page.date_from.setText(today.isoformat())
    assert page.model.rowCount() == audit.count()
    page.date_to.setText((today - dt.timedelta(days=1)).isoformat())
    assert page.filter_error.isVisibleTo(page)
    assert "早于" in page.filter_error.text()
    page.date_to.setText("2026-13-45")
    assert "结束日期" in page.filter_error.text()


def test_filter_by_a_person_fragment_matching_one(page, trail, qtbot) -> None:
    page.person_edit.setText("李四")
    qtbot.keyClick(page.person_edit, Qt.Key.Key_Return)
    assert not page.person_combo.isVisibleTo(page)
    assert page.model.total() == audit.count(audit.Filter(person_id=trail["li"]))
    assert set(_texts(page, "记录")) == {mask_id(ID_LI)}


def test_filter_by_a_fragment_matching_several_offers_a_choice(page, trail) -> None:
    page.person_edit.setText("张")
    page.find_person()
    assert page.person_combo.isVisibleTo(page)
    assert page.person_combo.count() == 2
    page.person_combo.setCurrentIndex(page.person_combo.findData(trail["zhang"]))
    assert page.model.total() == audit.count(audit.Filter(person_id=trail["zhang"]))
    page.person_edit.setText(ID_ZHANGXX[-6:])  # an ID fragment
    page.find_person()
    assert set(_texts(page, "记录")) == {mask_id(ID_ZHANGXX)}


def test_a_fragment_matching_nobody_shows_nothing(page) -> None:
    page.person_edit.setText("没有这个人")
    page.find_person()
    assert page.model.rowCount() == 0
    assert "没有“没有这个人”" in page.count_label.text()
    page.person_edit.clear()  # clearing the field shows everyone again
    assert page.model.rowCount() == audit.count()


def test_find_persons_masks_ids(trail) -> None:
    [li] = find_persons("李")
    assert li.text.startswith(f"李四　{mask_id(ID_LI)}")
    assert find_persons("  ") == []
    # The one matcher of the person picker: pinyin initials find the same person.
    assert [p.id for p in find_persons("ls")] == [li.id]


def test_more_reads_the_next_slice(page, monkeypatch) -> None:
    monkeypatch.setattr(audit_table, "STEP", 3)
    page.reload()
    assert page.model.rowCount() == 3
    assert page.more_button.isVisibleTo(page)
    assert page.count_label.text() == f"共 {audit.count()} 条，显示最新的 3 条"
    while page.more_button.isVisibleTo(page):
        page.more_button.click()
    assert page.model.rowCount() == audit.count()


def test_an_import_shows_its_linked_field_changes(page, trail) -> None:
    with database.atomic(), audit.bulk("import", detail="导入 台账.xlsx：更新 2 条；sha256 abc") as entry:
        _update_phone(trail["li"], "13900000002")
        _update_phone(trail["zhangxx"], "13900000003")
    page.reload()
    row = page.model.row_of_id(entry)
    assert row is not None
    page.view.setCurrentIndex(page.model.index(row, 0))
    assert "导入" in page.detail.text()
    assert page.linked_title.text() == "此次导入修改或删除的已有记录：2 条"
    assert page.linked_model.rowCount() == 2
    assert {page.linked_model.text(r, "内容") for r in range(2)} == {
        "phone：（空） → 13900000002",
        "phone：（空） → 13900000003",
    }
    assert [e.parent_id for e in linked_entries(audit.entries(audit.Filter(kind="import"))[0])] == [
        entry,
        entry,
    ]
    page.view.setCurrentIndex(page.model.index(page.model.row_of_id(entry + 1) or 0, 0))
    assert "属于第" in page.detail.text()


def test_verify_says_complete(page, qtbot) -> None:
    assert page.verify() is None
    assert "操作日志完整" in page.verify_label.text()


def test_verify_names_the_first_broken_entry(page, db) -> None:
    target = audit.entries(audit.Filter(kind="create"))[0].id
    database.close()
    con = sqlite3.connect(db)  # another tool: the sqlite3 shell drops the guard and edits
    con.execute("DROP TRIGGER audit_entry_no_update")
    con.execute(f"UPDATE audit_entry SET operator = '王站长' WHERE id = {target}")
    con.commit()
    con.close()
    assert page.verify() == target
    assert f"第 {target} 条记录已被其他工具改动或删除" in page.verify_label.text()


def test_export_writes_every_matching_entry(page, boxes, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(audit_table, "STEP", 2)
    page.reload()
    boxes.save_path = tmp_path / "日志"
    assert page.export() == audit.count()
    book = load_workbook(tmp_path / "日志.xlsx", read_only=True)
    rows = list(book["操作日志"].values)
    assert len(rows) == audit.count() + 1
    assert ID_ZHANG not in str(rows)
    assert "已导出" in boxes.infos[0]


def test_export_cancelled_writes_nothing(page, boxes) -> None:
    boxes.save_path = None
    assert page.export() is None
    assert boxes.infos == []


def test_a_viewer_may_read_the_log(page) -> None:
    users.login("检查组", PASSWORD)
    page.reload()
    assert page.model.rowCount() == audit.count()
    assert page.verify() is None


def test_last_change_text(trail) -> None:
    assert last_change_text(trail["zhang"]).startswith("最后修改：小李，")
    session.file_opened(has_accounts=False)
    pid = _person(make_id("110101", dt.date(1970, 1, 1), 41), "无账号")
    assert last_change_text(pid).startswith("最后修改：20")


def test_the_person_form_shows_the_last_change(qtbot, trail) -> None:
    from ui.forms.person_form import PersonForm

    form = PersonForm(trail["zhang"])
    qtbot.addWidget(form)
    assert form.last_change.text().startswith("最后修改：小李，")
    users.login("王站长", PASSWORD)
    form.set_value("phone", "13800000009")
    assert form.save()
    assert form.last_change.text().startswith("最后修改：王站长，")


def test_page_fits_1366x768(qtbot, page) -> None:
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 - 160 and hint.height() <= 768 - 120
