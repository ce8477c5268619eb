"""Log-in in the window: the dialog (wrong password, disabled account), run_gui and 文件 → 打开 / 切换账号
going through it, who is logged in on the title and status bar, and a 查阅 account's write refused in
Chinese (not a bug report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.accounts import audit, session, users
from app.storage.datafile import close_station, current_path, open_station
from ui import dialogs, errors
from ui.dialogs.login import LoginDialog, ensure_login, operator_text
from ui.main_window import MainWindow

PASSWORD = "secret-1"


@pytest.fixture
def fast_hashes(monkeypatch) -> None:
    """argon2id with small costs: these tests are about the window, not the hash's strength."""
    import argon2

    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


def make_accounts() -> None:
    users.add_user("王站长", session.HEAD, PASSWORD)
    users.login("王站长", PASSWORD)
    users.add_user("小李", session.STAFF, PASSWORD)
    users.add_user("检查组", session.VIEWER, PASSWORD)
    users.add_user("老张", session.STAFF, PASSWORD)
    users.disable_user("老张")
    session.file_opened(has_accounts=True)


@pytest.fixture
def accounts(db, fast_hashes) -> Iterator[Path]:
    """王站长 (站长), 小李 (工作人员), 检查组 (查阅), 老张 (disabled); nobody logged in."""
    make_accounts()
    yield db
    session.file_opened(has_accounts=False)


@pytest.fixture
def warnings(monkeypatch) -> dict[str, list[str]]:
    seen: dict[str, list[str]] = {"warnings": [], "bugs": []}
    monkeypatch.setattr(errors, "_message_box", lambda p, t, text: seen["warnings"].append(text))
    monkeypatch.setattr(errors, "_bug_report", lambda p, r, f: seen["bugs"].append(r))
    return seen


def answer(monkeypatch, name: str | None, password: str = PASSWORD) -> list[LoginDialog]:
    """Make every LoginDialog.exec fill in ``name`` and ``password`` and press 登录 (None: press 退出)."""
    opened: list[LoginDialog] = []

    def exec_(self: LoginDialog) -> int:
        opened.append(self)
        if name is None:
            self.reject()
        else:
            self.name_combo.setCurrentText(name)
            self.password.setText(password)
            self.login_button.click()
        return int(self.result())

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    return opened


# ---------------------------------------------------------------------------- the dialog


def test_the_dialog_offers_the_active_accounts(qtbot, accounts) -> None:
    dlg = LoginDialog()
    qtbot.addWidget(dlg)
    names = [dlg.name_combo.itemText(i) for i in range(dlg.name_combo.count())]
    assert names == ["王站长", "小李", "检查组"]
    assert dlg.windowTitle() == "登录"
    assert dlg.quit_button.text() == "退出"


def test_right_password_logs_in(qtbot, accounts) -> None:
    dlg = LoginDialog()
    qtbot.addWidget(dlg)
    dlg.name_combo.setCurrentText("小李")
    dlg.password.setText(PASSWORD)
    assert dlg.try_login()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert session.current() == session.Operator("小李", session.STAFF)
    assert dlg.operator == session.current()


def test_wrong_password_is_told_beside_the_field_and_the_dialog_stays(qtbot, accounts) -> None:
    dlg = LoginDialog()
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.name_combo.setCurrentText("王站长")
    dlg.password.setText("wrong-password")
    dlg.login_button.click()
    assert dlg.isVisible()
    assert dlg.result() != QDialog.DialogCode.Accepted
    assert dlg.message.text() == "账号或密码不正确。"
    assert dlg.password.text() == ""
    assert session.current() is None
    assert audit.entries(audit.Filter(kind="login_failed"))[0].key == "王站长"
    dlg.password.setText("x")  # typing again clears the message
    dlg.password.textEdited.emit("x")
    assert dlg.message.text() == ""


def test_disabled_account_is_refused(qtbot, accounts) -> None:
    dlg = LoginDialog()
    qtbot.addWidget(dlg)
    dlg.name_combo.setCurrentText("老张")
    dlg.password.setText(PASSWORD)
    assert not dlg.try_login()
    assert dlg.message.text() == "账号“老张”已停用，请联系站长。"
    assert session.current() is None


def test_unknown_name_and_empty_name(qtbot, accounts) -> None:
    dlg = LoginDialog()
    qtbot.addWidget(dlg)
    dlg.name_combo.setCurrentText("")
    assert not dlg.try_login()
    assert dlg.message.text() == "请选择或填写账号。"
    dlg.name_combo.setCurrentText("没有此人")
    dlg.password.setText(PASSWORD)
    assert not dlg.try_login()
    assert dlg.message.text() == "账号或密码不正确。"


def test_ensure_login(monkeypatch, qtbot, accounts) -> None:
    answer(monkeypatch, None)
    assert not ensure_login(None)
    answer(monkeypatch, "王站长")
    assert ensure_login(None)
    assert operator_text(session.current()) == "王站长（站长）"


def test_ensure_login_without_accounts_asks_nothing(monkeypatch, qtbot, db) -> None:
    opened = answer(monkeypatch, "王站长")
    assert ensure_login(None)
    assert opened == []


def test_login_with_the_librarys_argon2id_parameters(qtbot, db) -> None:
    # Timing is measured outside the suite (a shared machine makes a time limit here flaky).
    users.add_user("王站长", session.HEAD, PASSWORD)
    session.file_opened(has_accounts=True)
    try:
        dlg = LoginDialog()
        qtbot.addWidget(dlg)
        dlg.name_combo.setCurrentText("王站长")
        dlg.password.setText(PASSWORD)
        assert dlg.try_login()
        assert session.current() == session.Operator("王站长", session.HEAD)
    finally:
        session.file_opened(has_accounts=False)


def test_dialog_fits_1366x768(qtbot, accounts) -> None:
    dlg = LoginDialog()
    qtbot.addWidget(dlg)
    hint = dlg.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768


# ---------------------------------------------------------------------------- run_gui and the window


@pytest.fixture
def no_loop(monkeypatch) -> Iterator[list[MainWindow]]:
    from PySide6.QtWidgets import QApplication

    import ui.main_window

    shown: list[MainWindow] = []
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    monkeypatch.setattr(errors, "install_excepthook", lambda **_k: None)
    # The window is shown as it was left, or maximised the first time on a small screen: record both.
    for name in ("show", "showMaximized"):
        original = getattr(ui.main_window.MainWindow, name)

        def record(self, _original=original):
            shown.append(self)
            _original(self)

        monkeypatch.setattr(ui.main_window.MainWindow, name, record)
    yield shown
    for w in shown:
        w.auto_backup_timer = None  # closing after run_gui closed the file: no backup
        w.close()
        w.deleteLater()


def _file_with_accounts(path: Path) -> None:
    open_station(path, create=True)
    make_accounts()
    close_station()
    session.file_opened(has_accounts=False)


def test_run_gui_opens_on_the_log_in(monkeypatch, qtbot, no_loop, tmp_path, fast_hashes) -> None:
    from ui.app import run_gui

    path = tmp_path / "accounts.sqlite"
    _file_with_accounts(path)
    opened = answer(monkeypatch, "小李")
    try:
        assert run_gui(path) == 0
        assert len(opened) == 1
        [window] = no_loop
        assert window.windowTitle().endswith("— 小李（工作人员）")
        assert window.operator_label.text() == "当前账号：小李（工作人员）"
        assert window.auto_backup_timer is not None
    finally:
        session.file_opened(has_accounts=False)


def test_run_gui_log_in_abandoned_opens_no_window(monkeypatch, qtbot, no_loop, tmp_path, fast_hashes) -> None:
    from ui.app import run_gui

    path = tmp_path / "accounts.sqlite"
    _file_with_accounts(path)
    answer(monkeypatch, None)
    try:
        assert run_gui(path) == 0
        assert no_loop == []
    finally:
        session.file_opened(has_accounts=False)


@pytest.fixture
def window(qtbot, accounts, monkeypatch) -> MainWindow:
    answer(monkeypatch, "王站长")
    assert ensure_login(None)
    w = MainWindow()
    qtbot.addWidget(w)
    return w


def test_switch_account(monkeypatch, qtbot, window) -> None:
    assert window.account_action.isEnabled()
    assert "王站长（站长）" in window.windowTitle()
    opened = answer(monkeypatch, "检查组")
    assert window.switch_account()
    assert opened[0].windowTitle() == "切换账号"
    assert opened[0].quit_button.text() == "取消"
    assert window.operator_label.text() == "当前账号：检查组（查阅）"
    answer(monkeypatch, None)
    assert not window.switch_account()  # cancelled: still 检查组
    assert session.current() == session.Operator("检查组", session.VIEWER)


def test_switch_account_is_off_without_accounts(qtbot, db) -> None:
    w = MainWindow()
    qtbot.addWidget(w)
    assert not w.account_action.isEnabled()
    assert w.operator_label.text() == ""
    assert not w.switch_account()


def test_open_a_file_with_accounts_goes_through_the_log_in(monkeypatch, qtbot, window, tmp_path) -> None:
    first = current_path()
    other = tmp_path / "other.sqlite"
    open_station(other, create=True)
    make_accounts()
    open_station(first)  # type: ignore[arg-type]
    session.set_current(session.Operator("王站长", session.HEAD))
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: other)
    monkeypatch.setattr("ui.app.remember_data_file", lambda p: None)
    answer(monkeypatch, None)  # abandoned: back to the first file, still 王站长
    window.open_data_file()
    assert current_path() == first
    assert session.current() == session.Operator("王站长", session.HEAD)
    answer(monkeypatch, "小李")
    window.open_data_file()
    assert current_path() == other
    assert window.operator_label.text() == "当前账号：小李（工作人员）"


def test_a_viewer_saving_a_person_gets_a_chinese_refusal(monkeypatch, qtbot, window, warnings) -> None:
    from app.core.idcard import make_id
    from app.register import ledger
    from ui.forms.person_form import PersonForm

    values = {
        "id_number": make_id("110101", dt.date(1980, 5, 1), 11),
        "name": "张三",
        "employment_status": "未就业",
        "survey_date": "2026-03-01",
    }
    pid = ledger.save_person(values).id
    users.login("检查组", PASSWORD)
    form = PersonForm(pid)
    qtbot.addWidget(form)
    form.set_value("phone", "13800000009")
    assert not form.save()
    assert "只能查看" in form.save_error.text()
    assert warnings["bugs"] == []


def test_a_viewer_on_settings_sees_no_write_buttons(qtbot, window) -> None:
    from ui.pages.settings import SettingsPage

    users.login("检查组", PASSWORD)
    page = SettingsPage()
    qtbot.addWidget(page)
    assert not page.restore_button.isEnabled()
    assert not page.backup_button.isEnabled()
    assert not page.mask_check.isEnabled()
    assert not page.accounts_box.add_button.isVisibleTo(page)
    assert not page.auto_backup_box.folder_button.isVisibleTo(page)
    assert "只能查看" in page.auto_backup_box.where_label.text()


def test_a_viewer_calling_a_write_anyway_is_refused_in_chinese(qtbot, window, warnings) -> None:
    from ui.pages.settings import SettingsPage

    users.login("检查组", PASSWORD)
    page = SettingsPage()
    qtbot.addWidget(page)
    page._save("mask_ids_default", False)  # the check box is disabled; the app still refuses
    assert warnings["bugs"] == []
    assert warnings["warnings"] and "只能查看" in warnings["warnings"][0]
