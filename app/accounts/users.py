"""Operator accounts: add, list, change password, disable, log in. Passwords are argon2id hashes
(argon2-cffi); a wrong password or a disabled account is refused with a Chinese message and recorded in
the audit trail. The first account of a file must be a 站长; after that only a 站长 manages accounts.

On an encrypted file (issue 15) setting a password also wraps the file's data key under it in the key
file (:mod:`app.accounts.keyring`), and disabling an account removes its wrapped key: the key file
changes in the same step as the account, before the transaction commits."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

import argon2

from app.accounts import audit, keyring
from app.accounts.session import HEAD, ROLES, Operator, Permission, require, set_current
from app.core import validators
from app.core.errors import UserError, ValidationError
from db.models import Operator as OperatorRow
from db.models import database

log = logging.getLogger(__name__)
_hasher = argon2.PasswordHasher()  # argon2id with the library's recommended parameters
MIN_PASSWORD = 6
PASSWORD_ENV = "STATIONDESK_PASSWORD"


class LoginFailed(UserError):
    """Wrong name or password, or a disabled account."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    disabled: bool
    created_at: str


def has_accounts() -> bool:
    """Whether the open file has any account (a file older than accounts has none)."""
    table = database.execute_sql("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'operator'")
    if table.fetchone() is None:
        return False
    return database.execute_sql("SELECT EXISTS (SELECT 1 FROM operator)").fetchone()[0] == 1


def active_operators() -> list[Operator]:
    """The accounts that may log in, as operators."""
    if not has_accounts():
        return []
    rows = OperatorRow.select().where(OperatorRow.disabled == False)  # noqa: E712
    return [Operator(r.name, r.role) for r in rows]


def list_users() -> list[Account]:
    return [
        Account(r.name, r.role, bool(r.disabled), str(r.created_at))
        for r in OperatorRow.select().order_by(OperatorRow.id)
    ]


def normal_name(name: str) -> str:
    """An account name as it is stored (trimmed)."""
    return validators.text(name)


def _update_keyring(name: str, password: str | None) -> None:
    """On an encrypted file: wrap the data key under ``password`` for ``name`` (None: remove its entry)."""
    if not database.encrypted or database.database is None:
        return
    data_file = Path(database.database)
    ring = keyring.load(data_file)
    if password is None:
        ring.forget(name)
    else:
        assert database.key is not None
        ring.wrap(name, password, database.key)
    keyring.save(data_file, ring)


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"密码至少 {MIN_PASSWORD} 位", field="password")
    return password


def add_user(name: str, role: str, password: str) -> Account:
    """A new account. The first one must be a 站长 and may be made by anyone at the PC; after that, only
    by a logged-in 站长."""
    first = not has_accounts()
    if not first:
        require(Permission.ACCOUNTS)
    name_v = validators.text(name)
    if not name_v:
        raise ValidationError("请填写账号名", field="name")
    if role not in ROLES:
        raise ValidationError(f"角色“{role}”不在可选值内，可选：{'、'.join(ROLES)}", field="role")
    if first and role != HEAD:
        raise ValidationError("第一个账号必须是站长（站长才能管理其他账号）", field="role")
    hashed = _hasher.hash(_check_password(password))
    with database.atomic():
        if OperatorRow.get_or_none(OperatorRow.name == name_v) is not None:
            raise ValidationError(f"账号“{name_v}”已存在", field="name")
        row = OperatorRow.create(name=name_v, role=role, password_hash=hashed)
        audit.record("account", key=name_v, detail=f"新增账号，角色：{role}")
        _update_keyring(name_v, password)
    return Account(row.name, row.role, False, str(row.created_at))


def _account(name: str) -> OperatorRow:
    row = OperatorRow.get_or_none(OperatorRow.name == validators.text(name))
    if row is None:
        raise ValidationError(f"没有名为“{name}”的账号")
    return row


def change_password(name: str, password: str) -> None:
    """A 站长 sets anyone's password; everyone may change their own."""
    from app.accounts.session import current

    me = current()
    if me is None or me.name != validators.text(name):
        require(Permission.ACCOUNTS)
    hashed = _hasher.hash(_check_password(password))
    with database.atomic():
        row = _account(name)
        row.password_hash = hashed
        row.save()
        audit.record("account", key=row.name, detail="修改密码")
        _update_keyring(row.name, password)


def disable_user(name: str) -> None:
    require(Permission.ACCOUNTS)
    with database.atomic():
        row = _account(name)
        if row.role == HEAD:
            heads = OperatorRow.select().where(OperatorRow.role == HEAD, OperatorRow.disabled == False)  # noqa: E712
            if heads.count() <= 1 and not row.disabled:
                raise ValidationError("不能停用最后一个站长账号")
        row.disabled = True
        row.save()
        audit.record("account", key=row.name, detail="停用账号")
        _update_keyring(row.name, None)


def _password_ok(row: OperatorRow, password: str) -> bool:
    try:
        return bool(_hasher.verify(row.password_hash, password))
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


def verify_password(name: str, password: str) -> None:
    """Raise :class:`LoginFailed` unless ``password`` is the password of the active account ``name``
    (asked again before encrypting or decrypting the file)."""
    row = OperatorRow.get_or_none(OperatorRow.name == validators.text(name))
    if row is None or row.disabled or not _password_ok(row, password):
        raise LoginFailed("密码不正确。")


def recovery_login(name: str) -> Operator:
    """Log in the 站长 ``name`` after the file was opened with its recovery code (which stands for the
    station's head), to set a new password."""
    row = OperatorRow.get_or_none(OperatorRow.name == validators.text(name))
    if row is None or row.disabled or row.role != HEAD:
        raise ValidationError(f"“{name}”不是启用中的站长账号：恢复码只能用来重设站长的密码。")
    operator = Operator(row.name, row.role)
    set_current(operator)
    with database.atomic():
        audit.record("recovery", key=row.name, detail="用恢复码打开加密的数据文件并重设密码")
    return operator


def login(name: str, password: str, *, proven: bool = False) -> Operator:
    """Log ``name`` in for this program run; LoginFailed (recorded) otherwise. ``proven``: the password
    already unwrapped this account's data key of the encrypted file (no second argon2 check)."""
    row = OperatorRow.get_or_none(OperatorRow.name == validators.text(name))
    ok = False
    if row is not None and not row.disabled and proven:
        ok = True
    elif row is not None and not row.disabled:
        ok = _password_ok(row, password)
    if not ok:
        log.warning("failed log-in")
        with database.atomic():  # whoever tried is unknown: not the operator logged in before
            audit.record("login_failed", key=validators.text(name), operator="")
        if row is not None and row.disabled:
            raise LoginFailed(f"账号“{row.name}”已停用，请联系站长。")
        raise LoginFailed("账号或密码不正确。")
    assert row is not None
    operator = Operator(row.name, row.role)
    set_current(operator)
    with database.atomic():
        audit.record("login", key=row.name)
    return operator


def password_from_environment() -> str | None:
    """The password for scripts (``STATIONDESK_PASSWORD``), or None."""
    return os.environ.get(PASSWORD_ENV) or None
