"""设置与备份: the 账号 group (recommendation and the first 站长, a 站长's add / password / disable, a
工作人员's own password), the 自动备份 group (list, check, restore, folder) and the window's automatic
backups (on close, once a day)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.accounts import session, users
from app.storage import autobackup
from db.models import Setting
from ui import dialogs, errors
from ui.dialogs.accounts import AccountDialog, PasswordDialog
from ui.pages import settings_backups
from ui.pages.settings import SettingsPage
from ui.pages.settings_accounts import AccountsBox
from ui.pages.settings_backups import AutoBackupBox

PASSWORD = "secret-1"


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch) -> None:
    """argon2id with small costs: these tests are about the window, not the hash's strength."""
    import argon2

    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(autouse=True)
def logged_out(db) -> Iterator[None]:
    yield
    session.file_opened(has_accounts=False)


class Boxes:
    def __init__(self) -> None:
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.bugs: list[str] = []
        self.confirms: list[str] = []
        self.answer = True


@pytest.fixture
def boxes(monkeypatch) -> Boxes:
    b = Boxes()
    monkeypatch.setattr(dialogs, "inform", lambda p, t, text: b.infos.append(text))

    def confirm(parent, title, text, yes="确定", no="取消") -> bool:
        b.confirms.append(text)
        return b.answer

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(errors, "_message_box", lambda p, t, text: b.warnings.append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda p, r, f: b.bugs.append(r))
    return b


def fill(monkeypatch, cls: type[QDialog], **fields: str) -> list[QDialog]:
    """Make ``cls.exec`` fill the named line edits / the role, press the OK button, and return the result."""
    opened: list[QDialog] = []

    def exec_(self) -> int:
        opened.append(self)
        for name, value in fields.items():
            widget = getattr(self, name)
            if name == "role":
                widget.setCurrentText(value)
            else:
                widget.setText(value)
        self.ok_button.click()
        return int(self.result())

    monkeypatch.setattr(cls, "exec", exec_)
    return opened


def heads_and_staff() -> None:
    users.add_user("王站长", session.HEAD, PASSWORD)
    users.login("王站长", PASSWORD)
    users.add_user("小李", session.STAFF, PASSWORD)
    session.file_opened(has_accounts=True)


# ---------------------------------------------------------------------------- 账号


def test_no_accounts_recommends_a_head(qtbot, boxes) -> None:
    box = AccountsBox()
    qtbot.addWidget(box)
    box.reload()
    assert box.recommendation.isVisibleTo(box)
    assert "建议创建一个站长账号" in box.recommendation.text()
    assert box.create_head_button.isVisibleTo(box)
    assert not box.view.isVisibleTo(box)


def test_creating_the_first_head_logs_in(monkeypatch, qtbot, boxes) -> None:
    page = SettingsPage()
    qtbot.addWidget(page)
    opened = fill(monkeypatch, AccountDialog, name="王站长", password=PASSWORD, confirm=PASSWORD)
    with qtbot.waitSignal(page.accounts_changed):
        page.accounts_box.create_head_button.click()
    dlg = opened[0]
    assert dlg.windowTitle() == "创建站长账号"
    assert not dlg.role.isEnabled()
    assert users.has_accounts()
    assert session.current() == session.Operator("王站长", session.HEAD)
    box = page.accounts_box
    assert not box.recommendation.isVisibleTo(box)
    assert box.model.rowCount() == 1
    assert box.model.text(0, "角色") == "站长"
    assert box.add_button.isVisibleTo(box)
    assert "当前登录：王站长（站长）" in box.who_label.text()
    assert not page.no_accounts_banner.isVisibleTo(page)


def test_the_page_points_to_the_accounts_tab_without_accounts(qtbot, boxes) -> None:
    page = SettingsPage()
    qtbot.addWidget(page)
    assert page.no_accounts_banner.isVisibleTo(page)
    page.show_accounts_button.click()
    assert page.tabs.currentIndex() == 1
    assert page.accounts_box.create_head_button.isVisibleTo(page)


def test_mismatched_confirmation_keeps_the_dialog_open(qtbot, boxes) -> None:
    dlg = AccountDialog()
    qtbot.addWidget(dlg)
    dlg.name.setText("王站长")
    dlg.password.setText(PASSWORD)
    dlg.confirm.setText("secret-2")
    assert not dlg.submit()
    assert dlg.message.text() == "两次输入的密码不一致，请重新输入。"
    assert not users.has_accounts()


def test_short_password_and_empty_name_are_told_in_the_dialog(qtbot, boxes) -> None:
    dlg = AccountDialog()
    qtbot.addWidget(dlg)
    dlg.name.setText("王站长")
    dlg.password.setText("123")
    dlg.confirm.setText("123")
    assert not dlg.submit()
    assert dlg.message.text() == f"密码至少 {users.MIN_PASSWORD} 位"
    dlg.name.setText("")
    dlg.password.setText(PASSWORD)
    dlg.confirm.setText(PASSWORD)
    assert not dlg.submit()
    assert dlg.message.text() == "请填写账号名"


def test_a_head_adds_changes_and_disables(monkeypatch, qtbot, boxes) -> None:
    heads_and_staff()
    users.login("王站长", PASSWORD)
    box = AccountsBox()
    qtbot.addWidget(box)
    box.reload()
    assert box.model.rowCount() == 2
    fill(monkeypatch, AccountDialog, name="检查组", role=session.VIEWER, password=PASSWORD, confirm=PASSWORD)
    assert box.add_account()
    assert [(a.name, a.role) for a in users.list_users()][-1] == ("检查组", session.VIEWER)
    box.view.selectRow(box.model.row_of_id("小李"))
    assert box.password_button.isEnabled()
    fill(monkeypatch, PasswordDialog, password="new-pass-1", confirm="new-pass-1")
    assert box.change_password()
    assert "“小李”的密码已修改" in boxes.infos[-1]
    assert users.login("小李", "new-pass-1").name == "小李"
    users.login("王站长", PASSWORD)
    box.reload()
    box.view.selectRow(box.model.row_of_id("小李"))
    assert box.disable_selected()
    assert "停用账号“小李”" in boxes.confirms[-1]
    assert box.model.text(box.model.row_of_id("小李"), "状态") == "已停用"
    assert not box.disable_button.isEnabled()


def test_the_last_head_cannot_be_disabled(qtbot, boxes) -> None:
    heads_and_staff()
    users.login("王站长", PASSWORD)
    box = AccountsBox()
    qtbot.addWidget(box)
    box.reload()
    box.view.selectRow(box.model.row_of_id("王站长"))
    assert not box.disable_selected()
    assert boxes.warnings == ["不能停用最后一个站长账号"]
    assert boxes.bugs == []


def test_staff_change_only_their_own_password(monkeypatch, qtbot, boxes) -> None:
    heads_and_staff()
    users.login("小李", PASSWORD)
    box = AccountsBox()
    qtbot.addWidget(box)
    box.reload()
    assert not box.add_button.isVisibleTo(box)
    assert not box.disable_button.isVisibleTo(box)
    assert "只有站长可以新增或停用账号" in box.who_label.text()
    box.view.selectRow(box.model.row_of_id("王站长"))  # someone else's row: still one's own password
    opened = fill(monkeypatch, PasswordDialog, password="mine-123", confirm="mine-123")
    assert box.change_password()
    assert opened[0].account == "小李"
    assert users.login("小李", "mine-123").name == "小李"


def test_staff_adding_an_account_anyway_is_refused_in_the_dialog(qtbot, boxes) -> None:
    heads_and_staff()
    users.login("小李", PASSWORD)
    dlg = AccountDialog()
    qtbot.addWidget(dlg)
    dlg.name.setText("新人")
    dlg.password.setText(PASSWORD)
    dlg.confirm.setText(PASSWORD)
    assert not dlg.submit()
    assert "无权管理账号" in dlg.message.text()


def test_account_dialogs_fit_1366x768(qtbot, boxes) -> None:
    for dlg in (AccountDialog(), PasswordDialog("王站长")):
        qtbot.addWidget(dlg)
        hint = dlg.sizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768


# ---------------------------------------------------------------------------- 自动备份


def test_the_list_shows_date_size_and_check(qtbot, qtmodeltester, boxes) -> None:
    for day in (1, 2):
        autobackup.run(now=dt.datetime(2026, 6, day, 18))
    box = AutoBackupBox()
    qtbot.addWidget(box)
    box.reload()
    assert box.model.rowCount() == 2
    assert box.model.text(0, "备份时间") == "2026-06-02 18:00"
    assert box.model.text(0, "大小").endswith("KB")
    assert box.model.text(0, "校验结果") == "完好"
    assert "backups" in box.where_label.text()
    assert not box.restore_button.isEnabled()
    qtmodeltester.check(box.model)


def test_a_new_check_of_a_damaged_backup(qtbot, boxes) -> None:
    made = autobackup.run(now=dt.datetime(2026, 6, 1, 18)).path
    assert made is not None
    made.write_bytes(b"garbage garbage garbage garbage!")
    box = AutoBackupBox()
    qtbot.addWidget(box)
    box.reload()
    box.view.selectRow(0)
    result = box.check_selected()
    assert result is not None and not result.ok
    assert box.model.text(0, "校验结果").startswith("有问题")
    assert box.status.text().startswith("校验结果：有问题")


def test_restore_one_through_the_verified_restore(qtbot, boxes) -> None:
    made = autobackup.run(now=dt.datetime(2026, 6, 1, 18)).path
    Setting.create(key="after_backup", value="1")
    page = SettingsPage()
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(0)
    box = page.auto_backup_box
    box.view.selectRow(0)
    assert box.restore_button.isEnabled()
    with qtbot.waitSignal(page.database_replaced):
        box.restore_button.click()
    assert str(made) in boxes.confirms[0]
    assert Setting.get_or_none(Setting.key == "after_backup") is None
    assert "已从备份恢复数据" in boxes.infos[0]


def test_restore_refused_for_staff(qtbot, boxes) -> None:
    autobackup.run(now=dt.datetime(2026, 6, 1, 18))
    heads_and_staff()
    users.login("小李", PASSWORD)
    box = AutoBackupBox()
    qtbot.addWidget(box)
    box.reload()
    box.view.selectRow(0)
    assert not box.restore_button.isEnabled()
    assert box.restore_button.toolTip() == "只有站长可以从备份恢复数据"
    assert not box.folder_button.isVisibleTo(box)


def test_a_head_chooses_the_folder(monkeypatch, qtbot, boxes, tmp_path) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    monkeypatch.setattr(settings_backups, "ask_folder", lambda parent, start: usb)
    box = AutoBackupBox()
    qtbot.addWidget(box)
    box.reload()
    assert not box.default_button.isVisibleTo(box)
    assert box.choose_folder() == usb
    assert str(usb) in box.where_label.text()
    assert box.default_button.isVisibleTo(box)
    box.default_button.click()
    assert autobackup.chosen_folder() is None


def test_settings_page_fits_1366x768(qtbot, boxes) -> None:
    from ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.resize(1366, 768)
    page = w.select_page("settings")
    hint = page.minimumSizeHint()
    assert hint.width() <= 1366 - w.nav.width() and hint.height() <= 768 - 90


# ---------------------------------------------------------------------------- the window


def test_the_window_backs_up_on_close(qtbot, boxes, db: Path) -> None:
    from ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.enable_auto_backup()
    w.close()
    [made] = autobackup.list_backups()
    assert made.check is not None and made.check.ok


def test_no_backup_on_close_unless_enabled(qtbot, boxes, db: Path) -> None:
    from ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.close()
    assert autobackup.list_backups() == []


def test_the_daily_backup_runs_off_the_gui_thread_when_due(qtbot, boxes, db: Path) -> None:
    from ui.main_window import MainWindow

    w = MainWindow()
    qtbot.addWidget(w)
    w.enable_auto_backup(interval_ms=60_000)
    assert w.auto_backup_timer is not None and w.auto_backup_timer.isActive()
    assert w.daily_backup()
    task = w.auto_backup_task
    assert task is not None
    qtbot.waitUntil(lambda: w.auto_backup_task is None, timeout=10_000)
    assert len(autobackup.list_backups()) == 1
    assert "已自动备份并校验" in w.statusBar().currentMessage()
    assert not w.daily_backup()  # not due again today
    w.auto_backup_timer.stop()
    w.auto_backup_timer = None
