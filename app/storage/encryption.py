"""Encrypting the data file, and back (issue 15, encryption at rest).

- :func:`encrypt` (站长, password asked again): a new random data key; the file's content is exported into
  a new SQLCipher file under a temporary name (``sqlcipher_export``), checked with the key, and renamed
  over the plain file only then — a crash at any point leaves either the plain file or the encrypted one,
  never half of each. The key file beside it (``<file>.keys``) gets the key wrapped under the 站长's
  password and under a new recovery code, returned to be shown once. The automatic backups and the
  copies kept by restores and migrations beside the file are encrypted the same way, so no plain copy is
  left in the station's folders (a copy elsewhere, e.g. on a USB stick, is the 站长's to delete).
- Other accounts cannot be given the key without their password: the 站长 resets their passwords
  (``users passwd``) after encrypting (:func:`accounts_without_key` lists them).
- :func:`decrypt` (站长) is the reverse; the key file is removed.
- :func:`recover` opens the file with the recovery code and sets a new password for a 站长.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

from app.accounts import audit, keyring, session, users
from app.core.errors import UserError, data_file_errors
from app.storage import autobackup
from app.storage.datafile import (
    close_station,
    copy_key_file,
    current_path,
    is_encrypted,
    open_key,
    open_station,
)
from db import connection
from db.durable import fault_point, replace_durably
from db.models import database

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


def _noop(done: int, total: int, text: str) -> None:
    return None


def _head(password: str) -> tuple[Path, session.Operator]:
    """The open file and the logged-in 站长 whose ``password`` is asked again."""
    session.require(session.Permission.ENCRYPT)
    path = current_path()
    if path is None or database.is_closed():
        raise UserError("当前没有打开的数据文件")
    me = session.current()
    if me is None:
        raise UserError(
            "加密前请先新增一个站长账号并用它登录（设置与备份 → 账号，或命令 users add 名字 --role 站长）："
            "加密后的数据文件要用账号和密码才能打开。"
        )
    users.verify_password(me.name, password)
    return path, me


def _temp(path: Path, what: str) -> Path:
    """A temporary name beside ``path``; those a killed run left behind are removed first."""
    for stale in path.parent.glob(f".{path.name}.{what}*"):
        with suppress(OSError):
            stale.unlink()
    return path.with_name(f".{path.name}.{what}{os.getpid()}")


def _swap(tmp: Path, path: Path) -> None:
    """Close the open file and give ``tmp`` its name. A -wal file still there after closing means
    another window or program has the file open: refused (its writes would be lost)."""
    close_station()
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists() and suffix == "-wal" and side.stat().st_size > 0:
            raise UserError("另一个窗口或程序正在使用此数据文件，请先关闭它们后再试。")
        with suppress(OSError):
            side.unlink()
    replace_durably(tmp, path)


def _copies_beside(path: Path) -> list[Path]:
    """Copies of the data file kept by this program: automatic backups, restores' and migrations' copies."""
    found = [b.path for b in autobackup.list_backups()]
    for pattern in (
        f"{path.stem}.replaced-*{path.suffix}",
        f"{path.stem}.v*-before-migration-*{path.suffix}",
    ):
        found.extend(path.parent.glob(pattern))
    return sorted({p for p in found if p.is_file() and p != path})


def _convert_copy(copy: Path, source_key: bytes | None, dest_key: bytes | None, data_file: Path) -> bool:
    """Re-write one kept copy in the new form (encrypted/plain); False when it is not in the old form
    (another key, damaged: left as it is)."""
    if connection.is_encrypted(copy) != (source_key is not None):
        return False
    tmp = _temp(copy, "converting")
    try:
        connection.convert_file(copy, source_key, tmp, dest_key)
    except Exception:  # a damaged or foreign copy is left as it was
        log.warning("could not convert the kept copy %s", copy, exc_info=True)
        return False
    replace_durably(tmp, copy)
    if dest_key is not None:
        copy_key_file(data_file, copy)
    else:
        with suppress(OSError):
            keyring.path_of(copy).unlink()
    return True


def encrypt(password: str, progress: Progress | None = None) -> str:
    """Encrypt the open data file; the recovery code (shown once: to be written down or printed). The
    logged-in 站长 gives the password again; the file stays open and logged in afterwards."""
    report = progress or _noop
    path, me = _head(password)
    if open_key() is not None:
        raise UserError("此数据文件已经加密。")
    report(0, 4, "正在生成密钥…")
    data_key = keyring.new_data_key()
    code = keyring.new_recovery_code()
    ring = keyring.Keyring()
    ring.wrap(me.name, password, data_key)
    ring.wrap(keyring.RECOVERY, code, data_key)
    report(1, 4, "正在加密数据文件…")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp = _temp(path, "encrypting")
    try:
        with data_file_errors(path):
            connection.convert_file(path, None, tmp, data_key)
        keyring.save(path, ring)  # before the swap: the encrypted file is never without its key file
        fault_point("encrypt-before-swap")
        _swap(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        if not is_encrypted(path):
            with suppress(OSError):
                keyring.path_of(path).unlink()
        if current_path() is None or database.is_closed():
            _reopen_plain(path, me)
        raise
    open_station(path, key=data_key)
    session.set_current(me)
    report(2, 4, "正在加密备份…")
    converted = sum(_convert_copy(c, None, data_key, path) for c in _copies_beside(path))
    others = accounts_without_key()
    with database.atomic():
        audit.record(
            "encrypt",
            detail=f"数据文件已加密；同时加密了 {converted} 个备份副本；"
            f"需要重设密码的账号：{'、'.join(others) or '无'}",
        )
    report(4, 4, "加密完成")
    log.info("encrypted %s (%d kept copies)", path, converted)
    return code


def _reopen_plain(path: Path, me: session.Operator) -> None:
    with suppress(UserError):
        open_station(path)
        session.set_current(me)


def accounts_without_key() -> list[str]:
    """Active accounts of the open encrypted file whose password cannot open it yet (set before the
    encryption): a 站长 must reset their passwords."""
    path = current_path()
    if path is None or open_key() is None:
        return []
    have = set(keyring.load(path).names())
    return [op.name for op in users.active_operators() if op.name not in have]


def decrypt(password: str, progress: Progress | None = None) -> None:
    """Turn the open encrypted file back into a plain one (站长, password asked again); the key file is
    removed. Kept copies beside it are decrypted too; encrypted backups elsewhere stay encrypted."""
    report = progress or _noop
    path, me = _head(password)
    data_key = open_key()
    if data_key is None:
        raise UserError("此数据文件没有加密。")
    report(0, 3, "正在解密数据文件…")
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    tmp = _temp(path, "decrypting")
    try:
        with data_file_errors(path):
            connection.convert_file(path, data_key, tmp, None)
        _swap(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink()
        if current_path() is None or database.is_closed():
            with suppress(UserError):
                open_station(path, key=data_key)
                session.set_current(me)
        raise
    open_station(path)
    session.set_current(me)
    report(1, 3, "正在解密备份…")
    converted = sum(_convert_copy(c, data_key, None, path) for c in _copies_beside(path))
    with suppress(OSError):
        keyring.path_of(path).unlink()
    with database.atomic():
        audit.record("decrypt", detail=f"数据文件已取消加密；同时解密了 {converted} 个备份副本")
    report(3, 3, "已取消加密")


def recover(path: Path | str, code: str, name: str, new_password: str) -> None:
    """Open the encrypted file at ``path`` with its recovery code and give the 站长 ``name`` the password
    ``new_password`` (which is wrapped in the key file). The file stays open, ``name`` logged in."""
    path = Path(path)
    if not is_encrypted(path):
        raise UserError(f"此数据文件没有加密，不需要恢复码：{path}。忘记密码请让站长重设。")
    data_key = keyring.load(path).unwrap(keyring.RECOVERY, keyring.normalise_recovery_code(code))
    open_station(path, key=data_key)
    try:
        users.recovery_login(name)
        users.change_password(name, new_password)
    except BaseException:
        close_station()
        raise
    log.info("recovery code used for %s", path)
