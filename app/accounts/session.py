"""The operator of this program run and what the role allows.

A data file with no account works as before: every action is allowed and entries carry no operator.
Once the file has an account, the window logs in (``ui``) and every command needs ``--user`` (``app.cli``);
``require`` is called inside ``app`` before each privileged action, so a hidden button is never the only
guard. Writes to the ledger by a 查阅 account are refused inside SQLite (:mod:`db.audit`), whichever
``app`` function attempts them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from app.core.errors import ReadOnlyOperatorError, UserError
from db import audit as db_audit
from db.models import StationDatabase

HEAD = "站长"
STAFF = "工作人员"
VIEWER = "查阅"
ROLES: tuple[str, ...] = (HEAD, STAFF, VIEWER)


class Permission(enum.Enum):
    WRITE = "修改台账"
    DOCUMENTS = "生成文档"
    BACKUP = "备份"
    RESTORE = "恢复数据"
    FULL_IDS = "导出完整身份证号"
    ACCOUNTS = "管理账号"
    ENCRYPT = "加密数据文件"


_ALLOWED: dict[str, frozenset[Permission]] = {
    HEAD: frozenset(Permission),
    STAFF: frozenset({Permission.WRITE, Permission.DOCUMENTS, Permission.BACKUP}),
    VIEWER: frozenset({Permission.DOCUMENTS}),
}


class PermissionDenied(UserError):
    """The logged-in role may not do this."""


@dataclass(frozen=True)
class Operator:
    name: str
    role: str


def _refusal() -> Exception:
    if _current is None:
        return ReadOnlyOperatorError("此数据文件已设置账号，请先登录后再修改数据。")
    return ReadOnlyOperatorError(
        f"当前账号“{_current.name}”（{_current.role}）只能查看和打印，不能修改数据。"
    )


StationDatabase.readonly_refusal = _refusal

_current: Operator | None = None
_locked = False  # the open file has accounts and nobody has logged in


def current() -> Operator | None:
    """The logged-in operator, or None (a file without accounts, or nobody logged in yet)."""
    return _current


def operator_name() -> str:
    return _current.name if _current is not None else ""


def set_current(operator: Operator | None) -> None:
    """Make ``operator`` the one every change is recorded under (None: nobody)."""
    global _current
    _current = operator
    db_audit.set_operator(
        operator.name if operator else "",
        readonly=(operator is not None and operator.role == VIEWER) or (operator is None and _locked),
    )


def file_opened(has_accounts: bool) -> None:
    """A data file was opened: nobody is logged in; with accounts, nothing may change until someone is."""
    global _locked
    _locked = has_accounts
    set_current(None)


def allowed(permission: Permission) -> bool:
    """Whether the current operator may do ``permission``. On a file without accounts everything is
    allowed; on a file with accounts nothing is until someone logs in."""
    if _current is None:
        return not _locked
    return permission in _ALLOWED.get(_current.role, frozenset())


def require(permission: Permission) -> None:
    """Raise :class:`PermissionDenied` (Chinese) unless the current operator may do ``permission``."""
    if allowed(permission):
        return
    if _current is None:
        raise PermissionDenied("此数据文件已设置账号，请先登录。")
    raise PermissionDenied(
        f"当前账号“{_current.name}”（{_current.role}）无权{permission.value}，请用有此权限的账号登录后再试。"
    )
