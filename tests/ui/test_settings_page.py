"""设置与备份 page: data file, backup, restore (database_replaced), settings."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.core import settings
from app.core.idcard import make_id
from app.register import ledger
from app.storage import backup
from db.models import Person
from ui import dialogs, errors
from ui.pages import settings as settings_page
from ui.pages.settings import SettingsPage

ID1 = make_id("110101", dt.date(1990, 3, 7), 11)
ID2 = make_id("440106", dt.date(1985, 12, 1), 22)


class Boxes:
    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.bugs: list[str] = []
        self.confirms: list[str] = []
        self.answer = True
        self.open_path: Path | None = None
        self.save_path: Path | None = None
        self.folders: list[Path] = []


@pytest.fixture
def boxes(monkeypatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(dialogs, "inform", lambda p, t, text: b.infos.append(text))

    def confirm(parent, title, text, yes="确定", no="取消") -> bool:
        b.confirms.append(text)
        return b.answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: b.open_path)
    monkeypatch.setattr(dialogs, "ask_save_file", lambda *a, **k: b.save_path)
    monkeypatch.setattr(errors, "_message_box", lambda p, t, text: b.warnings.append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda p, r, f: b.bugs.append(r))
    monkeypatch.setattr(settings_page, "_open_folder", lambda folder: b.folders.append(folder) or True)
    return b


@pytest.fixture
def page(qtbot, db, boxes) -> SettingsPage:
    p = SettingsPage()
    qtbot.addWidget(p)
    return p


def _person(number: str, name: str) -> None:
    ledger.save_person(
        {"id_number": number, "name": name, "employment_status": "未就业", "survey_date": "2024-03-01"}
    )


def _click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_shows_the_data_file_and_opens_its_folder(qtbot, page, db, boxes) -> None:
    assert page.path_label.text() == str(db)
    assert "大小" in page.file_info.text()
    _click(qtbot, page.open_folder_button)
    assert boxes.folders == [db.parent]


def test_suggested_backup_name(page, db) -> None:
    suggested = page.suggested_backup_path()
    assert suggested.parent == db.parent / "备份"
    assert suggested.name.startswith("station-备份-") and suggested.suffix == ".sqlite"


def test_backup_creates_a_valid_file(qtbot, page, db, boxes, tmp_path) -> None:
    _person(ID1, "张三")
    assert "还没有" in page.last_backup_label.text()
    boxes.save_path = tmp_path / "u盘" / "我的备份"
    _click(qtbot, page.backup_button)
    written = tmp_path / "u盘" / "我的备份.sqlite"
    assert written.exists()
    assert backup.verify_backup_file(written) >= 1
    con = sqlite3.connect(written)
    try:
        assert con.execute("SELECT name FROM person").fetchall() == [("张三",)]
    finally:
        con.close()
    assert str(written) in boxes.infos[-1]
    assert str(written) in page.last_backup_label.text()
    assert boxes.warnings == [] and boxes.bugs == []


def test_backup_onto_the_live_file_refused(qtbot, page, db, boxes) -> None:
    boxes.save_path = db
    _click(qtbot, page.backup_button)
    assert len(boxes.warnings) == 1 and "正在使用" in boxes.warnings[0]
    assert boxes.bugs == []


def test_restore_replaces_the_data_and_emits_database_replaced(qtbot, page, db, boxes, tmp_path) -> None:
    _person(ID1, "张三")
    saved = backup.backup(tmp_path / "备份.sqlite")
    _person(ID2, "李四")
    assert Person.select().count() == 2
    boxes.open_path = saved
    with qtbot.waitSignal(page.database_replaced, timeout=20000):
        _click(qtbot, page.restore_button)
    assert "替换当前的全部数据" in boxes.confirms[-1] and "副本" in boxes.confirms[-1]
    # The GUI thread sees the restored data.
    assert [p.name for p in Person.select()] == ["张三"]
    kept = [p for p in db.parent.iterdir() if ".replaced-" in p.name and p.suffix == ".sqlite"]
    assert len(kept) == 1 and str(kept[0]) in boxes.infos[-1]
    con = sqlite3.connect(kept[0])
    try:
        assert con.execute("SELECT count(*) FROM person").fetchone()[0] == 2
    finally:
        con.close()
    # Writes keep working after the restore.
    _person(ID2, "李四")
    assert Person.select().count() == 2
    assert boxes.warnings == [] and boxes.bugs == []


def test_restore_cancelled_changes_nothing(qtbot, page, db, boxes, tmp_path) -> None:
    _person(ID1, "张三")
    saved = backup.backup(tmp_path / "备份.sqlite")
    _person(ID2, "李四")
    boxes.open_path = saved
    boxes.answer = False
    fired: list[bool] = []
    page.database_replaced.connect(lambda: fired.append(True))
    _click(qtbot, page.restore_button)
    assert fired == [] and Person.select().count() == 2


def test_restore_from_a_bad_file_refused_before_asking(qtbot, page, db, boxes, tmp_path) -> None:
    _person(ID1, "张三")
    junk = tmp_path / "坏的.sqlite"
    junk.write_bytes(b"not a database at all" * 50)
    boxes.open_path = junk
    fired: list[bool] = []
    page.database_replaced.connect(lambda: fired.append(True))
    _click(qtbot, page.restore_button)
    assert boxes.confirms == [] and fired == []
    assert len(boxes.warnings) == 1 and "不是数据库文件" in boxes.warnings[0]
    assert Person.select().count() == 1


def test_female_retire_base_setting(qtbot, page, db) -> None:
    assert page.retire_combo.currentData() == 50
    with qtbot.waitSignal(page.settings_changed, timeout=5000):
        page.retire_combo.setCurrentIndex(page.retire_combo.findData(55))
    assert settings.female_retire_base() == 55
    assert "女性退休年龄基数" in page.settings_status.text()
    page.reload()
    assert page.retire_combo.currentData() == 55


def test_mask_default_setting(qtbot, page, db) -> None:
    assert page.mask_check.isChecked()
    with qtbot.waitSignal(page.settings_changed, timeout=5000):
        page.mask_check.setChecked(False)
    assert settings.mask_ids_default() is False


def test_reload_does_not_write_settings(qtbot, page, db) -> None:
    fired: list[bool] = []
    page.settings_changed.connect(lambda: fired.append(True))
    settings.set_setting(settings.FEMALE_RETIRE_BASE, 55)
    page.reload()
    assert fired == [] and page.retire_combo.currentData() == 55
