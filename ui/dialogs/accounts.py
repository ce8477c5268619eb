"""Account dialogs of the 设置与备份 page: a new account (the first one is the 站长) and a new password.
Both call ``app.accounts.users``, which checks the role, the name and the password length; a refusal is
told in the dialog, which stays open."""

from __future__ import annotations

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
from app.core.errors import UserError
from ui import theme


def _password_field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setPlaceholderText(placeholder)
    return field


class _Base(QDialog):
    def __init__(self, parent: QWidget | None, title: str, ok_text: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self.form = QFormLayout()
        self.password = _password_field(f"至少 {users.MIN_PASSWORD} 位")
        self.confirm = _password_field("再输入一次")
        self.message = QLabel()
        self.message.setWordWrap(True)
        theme.apply(self.message, theme.ERROR_TEXT)
        self.ok_button = QPushButton(ok_text)
        self.ok_button.setDefault(True)
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        self.lay = QVBoxLayout(self)
        self.lay.addLayout(self.form)
        self.lay.addWidget(self.message)
        self.lay.addLayout(buttons)
        self.ok_button.clicked.connect(lambda _c=False: self.submit())
        self.cancel_button.clicked.connect(lambda _c=False: self.reject())

    def _passwords_match(self) -> bool:
        if self.password.text() != self.confirm.text():
            self.message.setText("两次输入的密码不一致，请重新输入。")
            self.confirm.clear()
            self.confirm.setFocus()
            return False
        return True

    def submit(self) -> bool:
        if not self._passwords_match():
            return False
        try:
            self.apply()
        except UserError as exc:
            self.message.setText(exc.message)
            return False
        self.accept()
        return True

    def apply(self) -> None:
        raise NotImplementedError


class AccountDialog(_Base):
    """A new account. On a file without accounts it is the first 站长 (the role is fixed), logged in as soon
    as it is created."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.first = not users.has_accounts()
        super().__init__(parent, "创建站长账号" if self.first else "新增账号", "创建")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如：王站长")
        self.role = QComboBox()
        for role in session.ROLES:
            self.role.addItem(role)
        self.role.setCurrentText(session.HEAD if self.first else session.STAFF)
        self.role.setEnabled(not self.first)
        if self.first:
            note = QLabel(
                "创建站长账号后，每次打开此数据文件都要登录；站长可以再为工作人员和检查组建立账号。"
                "请牢记密码。"
            )
            note.setWordWrap(True)
            theme.apply(note, theme.NOTE_TEXT)
            self.lay.insertWidget(0, note)
        self.form.addRow("账号名", self.name)
        self.form.addRow("角色", self.role)
        self.form.addRow("密码", self.password)
        self.form.addRow("确认密码", self.confirm)
        self.created: users.Account | None = None

    def apply(self) -> None:
        self.created = users.add_user(self.name.text(), self.role.currentText(), self.password.text())
        if self.first:  # whoever creates the first 站长 is that 站长: logged in at once
            users.login(self.created.name, self.password.text())


class PasswordDialog(_Base):
    """A new password for ``name`` (a 站长 for anyone, everyone for themselves)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, f"修改密码：{name}", "保存")
        self.account = name
        self.form.addRow("新密码", self.password)
        self.form.addRow("确认密码", self.confirm)

    def apply(self) -> None:
        users.change_password(self.account, self.password.text())
