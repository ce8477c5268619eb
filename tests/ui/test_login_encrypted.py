"""An encrypted data file in the window (issue 15): the log-in comes before the file opens, a wrong
password stays in the dialog with the file untouched, 用恢复码… sets a 站长's password, 文件 → 打开 of an
encrypted file and back to the previous one."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.accounts import keyring, session, users
from app.storage import encryption
from app.storage.datafile import Credentials, close_station, current_path, is_encrypted, open_station
from db.models import database
from ui import dialogs
from ui.dialogs.login import LoginDialog, RecoveryDialog, open_data_file
from ui.main_window import MainWindow

PASSWORD = "secret-1"


@pytest.fixture
def cheap(monkeypatch: pytest.MonkeyPatch) -> None:
    import argon2

    monkeypatch.setattr(users, "_hasher", argon2.PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(keyring, "_TIME", 1)
    monkeypatch.setattr(keyring, "_MEMORY", 1024)


@pytest.fixture
def encrypted(db: Path, cheap: None) -> Iterator[tuple[Path, str]]:
    """An encrypted file with a 站长 (王站长), closed; its recovery code."""
    users.add_user("王站长", session.HEAD, PASSWORD)
    users.login("王站长", PASSWORD)
    code = encryption.encrypt(PASSWORD)
    close_station()
    yield db, code
    close_station()
    session.file_opened(has_accounts=False)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_dialog_offers_the_names_of_the_key_file(qtbot, encrypted) -> None:
    path, _code = encrypted
    dlg = LoginDialog(encrypted=path)
    qtbot.addWidget(dlg)
    assert [dlg.name_combo.itemText(i) for i in range(dlg.name_combo.count())] == ["王站长"]
    assert dlg.recovery_button is not None
    assert database.is_closed()


def test_the_password_opens_the_file_and_logs_in(qtbot, encrypted) -> None:
    path, _code = encrypted
    dlg = LoginDialog(encrypted=path)
    qtbot.addWidget(dlg)
    dlg.name_combo.setCurrentText("王站长")
    dlg.password.setText(PASSWORD)
    assert dlg.try_login()
    assert current_path() == path and not database.is_closed()
    assert dlg.operator == session.Operator("王站长", session.HEAD)


def test_a_wrong_password_stays_in_the_dialog_and_the_file_is_untouched(qtbot, encrypted) -> None:
    path, _code = encrypted
    before = _digest(path)
    dlg = LoginDialog(encrypted=path)
    qtbot.addWidget(dlg)
    dlg.name_combo.setCurrentText("王站长")
    dlg.password.setText("wrong-password")
    assert not dlg.try_login()
    assert dlg.message.text() == "账号或密码不正确。"
    assert database.is_closed()
    assert _digest(path) == before


def test_the_recovery_code_sets_a_new_password_and_opens(qtbot, encrypted) -> None:
    path, code = encrypted
    dlg = RecoveryDialog(None, path)
    qtbot.addWidget(dlg)
    dlg.code.setText(code.lower())
    dlg.name.setText("王站长")
    dlg.password.setText("brand-new-1")
    dlg.again.setText("brand-new-2")
    assert not dlg.try_recover()
    assert "不一致" in dlg.message.text()
    dlg.again.setText("brand-new-1")
    assert dlg.try_recover()
    assert session.current() == session.Operator("王站长", session.HEAD)
    close_station()
    open_station(path, login=Credentials("王站长", "brand-new-1"))


def test_a_wrong_recovery_code_is_told_in_the_dialog(qtbot, encrypted) -> None:
    path, _code = encrypted
    dlg = RecoveryDialog(None, path)
    qtbot.addWidget(dlg)
    dlg.code.setText(keyring.new_recovery_code())
    dlg.name.setText("王站长")
    dlg.password.setText("brand-new-1")
    dlg.again.setText("brand-new-1")
    assert not dlg.try_recover()
    assert dlg.message.text() == "恢复码不正确。"
    assert database.is_closed()


def test_open_data_file_asks_the_password_first(qtbot, encrypted, monkeypatch) -> None:
    path, _code = encrypted
    shown: list[LoginDialog] = []

    def exec_(self: LoginDialog) -> int:
        shown.append(self)
        self.name_combo.setCurrentText("王站长")
        self.password.setText(PASSWORD)
        self.login_button.click()
        return int(self.result())

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    assert open_data_file(None, path)
    assert len(shown) == 1 and shown[0].encrypted == path
    assert session.current() == session.Operator("王站长", session.HEAD)


def test_abandoning_the_log_in_opens_nothing(qtbot, encrypted, monkeypatch) -> None:
    path, _code = encrypted
    monkeypatch.setattr(LoginDialog, "exec", lambda self: 0)
    assert not open_data_file(None, path)
    assert database.is_closed()


def test_file_open_of_an_encrypted_file_and_back_to_the_encrypted_one_before(
    qtbot, encrypted, tmp_path, monkeypatch
) -> None:
    """文件 → 打开: an abandoned log-in goes back to the file open before, with its key."""
    path, _code = encrypted
    open_station(path, login=Credentials("王站长", PASSWORD))
    window = MainWindow()
    qtbot.addWidget(window)
    other = tmp_path / "other.sqlite"
    shutil.copyfile(path, other)
    shutil.copyfile(keyring.path_of(path), keyring.path_of(other))
    monkeypatch.setattr(dialogs, "ask_open_file", lambda *a, **k: other)
    monkeypatch.setattr(LoginDialog, "exec", lambda self: 0)
    window.open_data_file()
    assert current_path() == path and not database.is_closed()
    assert session.current() == session.Operator("王站长", session.HEAD)
    assert is_encrypted(path)


@pytest.mark.parametrize("which", ["登录", "用恢复码"])
def test_the_dialogs_fit_a_small_screen(qtbot, encrypted, which) -> None:
    path, _code = encrypted
    dlg = LoginDialog(encrypted=path) if which == "登录" else RecoveryDialog(None, path)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    screen = dlg.screen().availableGeometry()
    assert dlg.frameGeometry().width() <= screen.width() and dlg.frameGeometry().height() <= screen.height()
    assert screen.width() == 1366
