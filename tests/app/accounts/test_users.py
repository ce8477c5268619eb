"""Accounts: the first is a 站长, only a 站长 manages them, passwords are argon2id, log-in failures are
refused in Chinese and recorded."""

from __future__ import annotations

import pytest

from app.accounts import audit, session, users
from app.accounts.session import PermissionDenied
from app.core.errors import ValidationError
from db.models import Operator
from tests.app.accounts.conftest import PASSWORD


def test_a_file_without_accounts_works_as_before(db) -> None:
    assert not users.has_accounts()
    assert session.allowed(session.Permission.FULL_IDS)
    assert users.list_users() == []


def test_the_first_account_must_be_a_head(db) -> None:
    with pytest.raises(ValidationError, match="第一个账号必须是站长"):
        users.add_user("小李", session.STAFF, PASSWORD)
    account = users.add_user("王站长", session.HEAD, PASSWORD)
    assert account.role == "站长"
    assert users.has_accounts()


def test_passwords_are_argon2id_hashes(db) -> None:
    users.add_user("王站长", session.HEAD, PASSWORD)
    stored = Operator.get().password_hash
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


@pytest.mark.parametrize(
    ("name", "role", "password", "message"),
    [
        ("", "站长", PASSWORD, "请填写账号名"),
        ("王站长", "管理员", PASSWORD, "不在可选值内"),
        ("王站长", "站长", "12345", "至少 6 位"),
    ],
)
def test_bad_account_input(db, name: str, role: str, password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        users.add_user(name, role, password)
    assert not users.has_accounts()


def test_only_a_head_manages_accounts(accounts) -> None:
    users.login("小李", PASSWORD)
    with pytest.raises(PermissionDenied, match="无权管理账号"):
        users.add_user("新人", session.STAFF, PASSWORD)
    with pytest.raises(PermissionDenied):
        users.disable_user("检查组")
    with pytest.raises(PermissionDenied):
        users.change_password("王站长", "another-1")
    users.change_password("小李", "another-1")  # one's own password
    users.login("小李", "another-1")


def test_nobody_logged_in_on_a_file_with_accounts_may_do_nothing(accounts) -> None:
    with pytest.raises(PermissionDenied, match="请先登录"):
        users.add_user("新人", session.STAFF, PASSWORD)


def test_duplicate_name_refused(accounts) -> None:
    users.login("王站长", PASSWORD)
    with pytest.raises(ValidationError, match="已存在"):
        users.add_user("小李", session.STAFF, PASSWORD)


def test_wrong_password_is_refused_and_recorded(accounts) -> None:
    with pytest.raises(users.LoginFailed, match="账号或密码不正确"):
        users.login("小李", "wrong-password")
    with pytest.raises(users.LoginFailed, match="账号或密码不正确"):
        users.login("没有这个人", PASSWORD)
    assert session.current() is None
    failed = audit.entries(audit.Filter(kind="login_failed"))
    assert [e.key for e in failed] == ["没有这个人", "小李"]


def test_disabled_account_cannot_log_in(accounts) -> None:
    users.login("王站长", PASSWORD)
    users.disable_user("小李")
    with pytest.raises(users.LoginFailed, match="已停用"):
        users.login("小李", PASSWORD)


def test_the_last_head_cannot_be_disabled(accounts) -> None:
    users.login("王站长", PASSWORD)
    with pytest.raises(ValidationError, match="最后一个站长"):
        users.disable_user("王站长")


def test_account_changes_are_audited(accounts) -> None:
    details = [e.detail for e in audit.entries(audit.Filter(kind="account"))]
    assert "新增账号，角色：查阅" in details and "新增账号，角色：站长" in details
