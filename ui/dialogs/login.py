"""Log-in: the dialog the window opens on when the data file has accounts, and the one check every path
that opens a file goes through (:func:`ensure_login`).

A wrong password or a disabled account is told beside the field and the dialog stays open;
``app.accounts.users.login`` records every attempt in the audit trail.

An encrypted data file (issue 15) is logged into BEFORE it is opened (:func:`open_data_file`): the
password unwraps its key. The names offered are those of its key file; 用恢复码… sets a new password for
a 站长 with the recovery code.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts import keyring, session, users
from app.accounts.session import Operator
from app.core.errors import UserError
from app.storage.datafile import Credentials, needs_login_to_open, open_station
from ui import theme


class LoginDialog(QDialog):
    """Name (a drop-down of the active accounts, or typed), password, 登录 / 退出 (取消 when switching
    accounts in a running window). ``operator`` is who logged in, after ``accept``."""

    def __init__(
        self, parent: QWidget | None = None, *, switching: bool = False, encrypted: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.operator: Operator | None = None
        self.encrypted = encrypted  # an encrypted file not open yet: the log-in opens it
        self.setWindowTitle("切换账号" if switching else "登录")
        self.setMinimumWidth(420)
        title = QLabel("切换账号" if switching else "就业服务站工作台 — 登录")
        theme.apply(title, theme.SUBTITLE)
        note = QLabel(
            "此数据文件已加密，请选择账号并输入密码后打开。"
            if encrypted is not None
            else "此数据文件已设置账号，请选择账号并输入密码。"
        )
        note.setWordWrap(True)
        theme.apply(note, theme.NOTE_TEXT)

        self.name_combo = QComboBox()
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if encrypted is not None:
            for name in keyring.load(encrypted).names():
                self.name_combo.addItem(name, name)
        else:
            for op in users.active_operators():
                self.name_combo.addItem(f"{op.name}", op.name)
                self.name_combo.setItemData(self.name_combo.count() - 1, op.role, Qt.ItemDataRole.ToolTipRole)
        me = session.current()
        if me is not None:
            self.name_combo.setCurrentText(me.name)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("密码")
        self.message = QLabel()
        self.message.setWordWrap(True)
        theme.apply(self.message, theme.ERROR_TEXT)

        form = QFormLayout()
        form.addRow("账号", self.name_combo)
        form.addRow("密码", self.password)
        form.addRow("", self.message)

        self.login_button = QPushButton("登录")
        self.login_button.setDefault(True)
        self.quit_button = QPushButton("取消" if switching else "退出")
        self.quit_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        self.recovery_button: QPushButton | None = None
        if encrypted is not None:
            self.recovery_button = QPushButton("用恢复码…")
            self.recovery_button.setAutoDefault(False)
            self.recovery_button.setToolTip("所有密码都遗失时，用加密时显示的恢复码为站长设置新密码")
            self.recovery_button.clicked.connect(lambda _c=False: self.use_recovery_code())
            buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        buttons.addWidget(self.login_button)
        buttons.addWidget(self.quit_button)

        lay = QVBoxLayout(self)
        lay.addWidget(title)
        lay.addWidget(note)
        lay.addLayout(form)
        lay.addLayout(buttons)
        self.login_button.clicked.connect(lambda _c=False: self.try_login())
        self.quit_button.clicked.connect(lambda _c=False: self.reject())
        self.password.returnPressed.connect(self.try_login)
        self.password.textEdited.connect(lambda _t: self.message.clear())
        (self.password if self.name_combo.currentText() else self.name_combo).setFocus()

    def name(self) -> str:
        return self.name_combo.currentText().strip()

    def try_login(self) -> bool:
        """Log in with the name and password given; on failure say why beside the field and stay open."""
        if not self.name():
            self.message.setText("请选择或填写账号。")
            self.name_combo.setFocus()
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            if self.encrypted is not None:
                open_station(self.encrypted, login=Credentials(self.name(), self.password.text()))
                self.operator = session.current()
            else:
                self.operator = users.login(self.name(), self.password.text())
        except UserError as exc:
            self.message.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
        return True

    def use_recovery_code(self) -> bool:
        """用恢复码…: the recovery code opens the file and gives a 站长 a new password."""
        assert self.encrypted is not None
        dialog = RecoveryDialog(self, self.encrypted)
        if not dialog.exec():
            return False
        self.operator = session.current()
        self.accept()
        return True


class RecoveryDialog(QDialog):
    """Recovery code, the 站长's account, a new password twice. On success the file is open and the 站长
    logged in with the new password."""

    def __init__(self, parent: QWidget | None, data_file: Path) -> None:
        super().__init__(parent)
        self.data_file = data_file
        self.setWindowTitle("用恢复码重设站长密码")
        self.setMinimumWidth(460)
        note = QLabel(
            "输入加密数据文件时显示（打印）的恢复码，为站长账号设置新密码。其他账号由站长登录后重设。"
        )
        note.setWordWrap(True)
        theme.apply(note, theme.NOTE_TEXT)
        self.code = QLineEdit()
        self.code.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.name = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setWordWrap(True)
        theme.apply(self.message, theme.ERROR_TEXT)
        form = QFormLayout()
        form.addRow("恢复码", self.code)
        form.addRow("站长账号", self.name)
        form.addRow("新密码", self.password)
        form.addRow("再输一次", self.again)
        form.addRow("", self.message)
        self.ok_button = QPushButton("重设密码并打开")
        self.ok_button.setDefault(True)
        cancel = QPushButton("取消")
        cancel.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addLayout(form)
        lay.addLayout(buttons)
        self.ok_button.clicked.connect(lambda _c=False: self.try_recover())
        cancel.clicked.connect(lambda _c=False: self.reject())

    def try_recover(self) -> bool:
        from app.storage import encryption

        if self.password.text() != self.again.text():
            self.message.setText("两次输入的新密码不一致。")
            return False
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            encryption.recover(
                self.data_file, self.code.text(), self.name.text().strip(), self.password.text()
            )
        except UserError as exc:
            self.message.setText(exc.message)
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
        return True


def ensure_login(parent: QWidget | None) -> bool:
    """After a data file was opened: True when it has no accounts or someone logged in (an encrypted file
    is logged into as it opens); False when the log-in was abandoned (the caller closes the file or goes
    back to the previous one)."""
    if not users.has_accounts() or session.current() is not None:
        return True
    return bool(LoginDialog(parent).exec())


def open_data_file(parent: QWidget | None, path: Path, *, create: bool = False) -> bool:
    """Open ``path``: an encrypted file through the log-in dialog (False when abandoned), any other at once
    (its log-in follows with :func:`ensure_login`). A file that cannot be opened raises its UserError."""
    if needs_login_to_open(path):
        return bool(LoginDialog(parent, encrypted=path).exec())
    open_station(path, create=create)
    return True


def operator_text(operator: Operator | None) -> str:
    """“王站长（站长）”, or "" when nobody is logged in."""
    return f"{operator.name}（{operator.role}）" if operator is not None else ""
