"""The 账号 group of 设置与备份: with no account, the recommendation to create a 站长; with accounts, the
list, and for a 站长 新增 / 修改密码 / 停用 (everyone may change their own password). The buttons follow
the role; ``app.accounts.users`` enforces it whatever the window shows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.accounts import session, users
from app.accounts.users import Account
from ui import dialogs, theme
from ui.errors import guard, show_error
from ui.models.table_base import Column, TableModel
from ui.widgets.tables import setup_table

ACCOUNT_COLUMNS: tuple[Column[Account], ...] = (
    Column("账号", lambda a: a.name, sample="王站长王站长"),
    Column("角色", lambda a: a.role, sample="工作人员"),
    Column(
        "状态",
        lambda a: "已停用" if a.disabled else "可登录",
        foreground=lambda a: theme.GREY if a.disabled else theme.SUCCESS,
        sample="已停用",
    ),
    Column("创建时间", lambda a: a.created_at[:16].replace("T", " "), sample="2026-12-06 14:52"),
)

RECOMMENDATION = (
    "此数据文件还没有设置账号：任何人打开程序都能查看和修改全部台账（含身份证号、电话和家庭情况），"
    "也无法知道是谁改了记录。建议创建一个站长账号：之后每次打开都要登录，每项修改都会记下是谁、何时做的，"
    "站长还可以为工作人员和检查组（只能查看）建立账号。"
)


class AccountsBox(QGroupBox):
    """``accounts_changed`` after an account was created, changed or disabled (the window title shows
    who is logged in)."""

    accounts_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("账号", parent)
        self.recommendation = QLabel(RECOMMENDATION)
        self.recommendation.setWordWrap(True)
        theme.apply(self.recommendation, theme.PENDING_TEXT)
        self.create_head_button = QPushButton("创建站长账号…")
        self.who_label = QLabel()
        self.model: TableModel[Account] = TableModel(ACCOUNT_COLUMNS, row_id=lambda a: a.name)
        self.view = QTableView()
        self.view.setObjectName("accounts_view")
        setup_table(self.view, self.model)
        self.view.setMaximumHeight(150)
        self.add_button = QPushButton("新增账号…")
        self.password_button = QPushButton("修改密码…")
        self.disable_button = QPushButton("停用")
        row = QHBoxLayout()
        row.addWidget(self.create_head_button)
        row.addWidget(self.add_button)
        row.addWidget(self.password_button)
        row.addWidget(self.disable_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.recommendation)
        lay.addWidget(self.who_label)
        lay.addWidget(self.view)
        lay.addLayout(row)
        self.create_head_button.clicked.connect(lambda _c=False: self.add_account())
        self.add_button.clicked.connect(lambda _c=False: self.add_account())
        self.password_button.clicked.connect(lambda _c=False: self.change_password())
        self.disable_button.clicked.connect(lambda _c=False: self.disable_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    def reload(self) -> None:
        has = False
        with guard(self):
            has = users.has_accounts()
            self.model.set_rows(users.list_users() if has else [])
        self.recommendation.setVisible(not has)
        self.create_head_button.setVisible(not has)
        self.who_label.setVisible(has)
        self.view.setVisible(has)
        head = has and session.allowed(session.Permission.ACCOUNTS)
        self.add_button.setVisible(head)
        self.disable_button.setVisible(head)
        self.password_button.setVisible(has)
        me = session.current()
        if me is not None:
            self.who_label.setText(
                f"当前登录：{me.name}（{me.role}）"
                + ("" if head else "。只有站长可以新增或停用账号；您可以修改自己的密码。")
            )
        self._update_buttons()

    def selected(self) -> Account | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        account = self.selected()
        me = session.current()
        head = session.allowed(session.Permission.ACCOUNTS)
        mine = me is not None and account is not None and account.name == me.name
        self.password_button.setEnabled(
            (account is not None and (head or mine)) or (not head and me is not None)
        )
        self.disable_button.setEnabled(account is not None and not account.disabled)

    def add_account(self) -> bool:
        """The first 站长 (then logged in as that 站长), or another account (a 站长 only)."""
        from ui.dialogs.accounts import AccountDialog

        dialog = AccountDialog(self)
        if not dialog.exec():
            return False
        self._changed()
        return True

    def change_password(self) -> bool:
        """The selected account's password (a 站长), else one's own."""
        from ui.dialogs.accounts import PasswordDialog

        account = self.selected()
        me = session.current()
        head = session.allowed(session.Permission.ACCOUNTS)
        if account is not None and (head or (me is not None and me.name == account.name)):
            name = account.name
        elif me is not None:
            name = me.name
        else:
            return False
        if not PasswordDialog(name, self).exec():
            return False
        dialogs.inform(self, "已修改", f"账号“{name}”的密码已修改。")
        self._changed()
        return True

    def disable_selected(self) -> bool:
        account = self.selected()
        if account is None:
            return False
        question = f"停用账号“{account.name}”（{account.role}）后，此账号不能再登录。确定停用吗？"
        if not dialogs.confirm(self, "停用账号", question, yes="停用", no="取消"):
            return False
        try:
            users.disable_user(account.name)
        except Exception as exc:
            show_error(self, exc)
            return False
        self._changed()
        return True

    def _changed(self) -> None:
        self.reload()
        self.accounts_changed.emit()
