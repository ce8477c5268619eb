"""Log-in: the dialog the window opens on when the data file has accounts, and the one check every path
that opens a file goes through (:func:`ensure_login`).

A wrong password or a disabled account is told beside the field and the dialog stays open;
``app.accounts.users.login`` records every attempt in the audit trail.
"""

from __future__ import annotations

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

from app.accounts import session, users
from app.accounts.session import Operator
from app.accounts.users import LoginFailed
from ui import theme


class LoginDialog(QDialog):
    """Name (a drop-down of the active accounts, or typed), password, 登录 / 退出 (取消 when switching
    accounts in a running window). ``operator`` is who logged in, after ``accept``."""

    def __init__(self, parent: QWidget | None = None, *, switching: bool = False) -> None:
        super().__init__(parent)
        self.operator: Operator | None = None
        self.setWindowTitle("切换账号" if switching else "登录")
        self.setMinimumWidth(420)
        title = QLabel("切换账号" if switching else "就业服务站工作台 — 登录")
        theme.apply(title, theme.SUBTITLE)
        note = QLabel("此数据文件已设置账号，请选择账号并输入密码。")
        note.setWordWrap(True)
        theme.apply(note, theme.NOTE_TEXT)

        self.name_combo = QComboBox()
        self.name_combo.setEditable(True)
        self.name_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
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
            self.operator = users.login(self.name(), self.password.text())
        except LoginFailed as exc:
            self.message.setText(exc.message)
            self.password.clear()
            self.password.setFocus()
            return False
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.accept()
        return True


def ensure_login(parent: QWidget | None) -> bool:
    """After a data file was opened: True when it has no accounts or someone logged in; False when the
    log-in was abandoned (the caller closes the file or goes back to the previous one)."""
    if not users.has_accounts():
        return True
    return bool(LoginDialog(parent).exec())


def operator_text(operator: Operator | None) -> str:
    """“王站长（站长）”, or "" when nobody is logged in."""
    return f"{operator.name}（{operator.role}）" if operator is not None else ""
