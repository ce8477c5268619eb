"""Backup and restore of the open station file (PRODUCT.md: "Data is never lost").

- :func:`backup` makes a consistent copy while the program (and other connections) keep working:
  SQLite's online backup API, then the copy is checked.
- :func:`verify_backup_file` checks a file before anything is replaced: it is SQLite, passes
  ``integrity_check``, is ours (application id, or id 0 with our tables) and is not from a newer program.
- :func:`restore` verifies the file, keeps a consistent copy of the data it replaces
  (``<stem>.replaced-YYYYmmdd-HHMMSS<suffix>``), copies the backup into the live database and reopens it
  with :func:`app.storage.datafile.open_station`, which migrates an older backup.
- An encrypted file (issue 15): its backups are encrypted with the same key (and carry its key file);
  they are checked and restored with the open file's key. A plain backup restored into an encrypted file
  is encrypted on the way in; an encrypted backup cannot be restored into a plain file (it is opened
  directly instead, with its key file and a password).
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

from app.accounts import audit, session, users
from app.core.errors import (
    CorruptDatabaseError,
    DatabaseFileError,
    DiskFullError,
    EncryptedFileError,
    LockedDatabaseError,
    NewerDatabaseError,
    UserError,
    data_file_errors,
    translate_sqlite_error,
)
from app.storage.datafile import backup_file_to, close_station, current_path, open_key, open_station
from db import cipher, connection
from db.connection import APPLICATION_ID, SCHEMA_VERSION
from db.durable import fault_point, replace_durably
from db.errors import SQLITE_NOTADB
from db.models import database

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]

_SQLITE_HEADER = b"SQLite format 3\x00"
# Tables every version of our schema has: a file with application id 0 and these is ours.
_OUR_TABLES = frozenset({"person", "registration", "recognition", "service"})


def _noop(done: int, total: int, text: str) -> None:
    return None


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


def _open_path() -> Path:
    path = current_path()
    if path is None or database.is_closed():
        raise UserError("当前没有打开的数据文件")
    return path


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return a.resolve() == b.resolve()


def _os_error(exc: OSError, path: Path, action: str) -> UserError:
    if exc.errno == errno.ENOSPC:
        return DiskFullError(
            f"磁盘空间已满，{action}未完成：{path}。请清理磁盘或换一个位置后重试，原有数据未受影响。"
        )
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"没有权限写入 {path}，{action}未完成。请换一个文件夹（例如“文档”或U盘）后重试。")
    return UserError(f"无法写入 {path}，{action}未完成（{exc.strerror or exc}）。")


def _remove_quietly(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        log.warning("could not remove %s", path)


# ---------------------------------------------------------------------------- backup


def backup(dest: Path, progress: Progress | None = None) -> Path:
    """A consistent copy of the open database at ``dest`` (a file, or a folder to put it in)."""
    session.require(session.Permission.BACKUP)
    report = progress or _noop
    current = _open_path()
    dest = Path(dest)
    if dest.is_dir():
        dest = dest / f"{current.stem}-备份-{_stamp()}{current.suffix or '.sqlite'}"
    if _same_file(dest, current):
        raise UserError("备份文件不能是正在使用的数据文件本身，请另选一个文件名或位置。")
    if dest.name.endswith(("-wal", "-shm")) and _same_file(dest.with_name(dest.name[:-4]), current):
        raise UserError("备份文件不能是正在使用的数据文件的日志文件，请另选一个文件名。")
    report(0, 2, "正在备份数据…")
    try:
        backup_file_to(dest)
    except OSError as exc:
        _remove_quietly(dest.with_name(dest.name + ".part"))
        raise _os_error(exc, dest, "备份") from exc
    except UserError:
        _remove_quietly(dest.with_name(dest.name + ".part"))
        raise
    report(1, 2, "正在校验备份文件…")
    verify_backup_file(dest)
    report(2, 2, "备份完成")
    log.info("backed up %s to %s", current, dest)
    return dest


# ---------------------------------------------------------------------------- verify


def _open_backup(path: Path, key: bytes | None) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + "?mode=ro"
    if key is None:
        return sqlite3.connect(uri, uri=True)
    return cipher.connect(uri, key, uri=True)


def verify_backup_file(path: Path) -> int:
    """Check a backup before it is used; its schema version. Raises a Chinese UserError naming the problem.
    An encrypted backup is read with the open file's key."""
    path = Path(path)
    if not path.exists():
        raise UserError(f"找不到文件：{path}")
    if path.is_dir():
        raise UserError(f"这是一个文件夹，不是备份文件：{path}")
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}（{exc.strerror or exc}）") from exc
    if not header:
        raise CorruptDatabaseError(f"文件是空的，不是有效的备份：{path}")
    key = None
    if header != _SQLITE_HEADER:
        if not connection.is_encrypted(path):
            raise CorruptDatabaseError(f"此文件不是数据库文件，不能用来恢复：{path}")
        key = open_key()
        if key is None:
            raise EncryptedFileError(
                f"这是加密数据文件的备份，不能恢复到未加密的数据文件中：{path}。"
                "如需查看其中的数据，可以用“文件 → 打开”直接打开这个备份"
                "（需要它旁边的 .keys 密钥文件和账号密码）。"
            )
    try:
        con = _open_backup(path, key)
        try:
            problems = [row[0] for row in con.execute("PRAGMA integrity_check(20)")]
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            con.close()
    except cipher.ERRORS as exc:
        user = translate_sqlite_error(exc, str(path))
        if isinstance(user, LockedDatabaseError):
            raise user from exc
        if key is not None and getattr(exc, "sqlite_errorcode", 0) & 0xFF == SQLITE_NOTADB:
            raise EncryptedFileError(
                f"此备份是加密的，但与当前数据文件的密钥不同（它属于另一个数据文件或另一次加密），"
                f"不能用来恢复：{path}"
            ) from exc
        raise CorruptDatabaseError(f"备份文件已损坏，无法读取，不能用来恢复：{path}") from exc
    if problems != ["ok"]:
        raise CorruptDatabaseError(
            f"备份文件已损坏（完整性检查发现 {len(problems)} 处问题），不能用来恢复：{path}"
        )
    if not (app_id == APPLICATION_ID or (app_id == 0 and tables >= _OUR_TABLES)):
        raise DatabaseFileError(f"此文件不是就业服务站工作台的数据文件或备份，不能用来恢复：{path}")
    if version > SCHEMA_VERSION:
        raise NewerDatabaseError(
            f"此备份由更新版本的程序创建（数据版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
            f"不能用本程序恢复，请先升级程序：{path}"
        )
    return int(version)


# ---------------------------------------------------------------------------- restore


def restore(src: Path, progress: Progress | None = None) -> Path:
    """Replace the open database with the backup ``src``; the path of the kept copy of the old data.
    The restored file records the restore in its audit trail, under the operator who did it when the
    restored file has that account (otherwise it waits for a log-in)."""
    session.require(session.Permission.RESTORE)
    who = session.current()
    report = progress or _noop
    current = _open_path()
    src = Path(src)
    if src.exists() and _same_file(src, current):
        raise UserError("要恢复的文件就是正在使用的数据文件，无需恢复。")
    report(0, 4, "正在检查备份文件…")
    verify_backup_file(src)
    kept = current.with_name(f"{current.stem}.replaced-{_stamp()}{current.suffix}")
    report(1, 4, "正在保留当前数据…")
    try:
        backup_file_to(kept)
    except OSError as exc:
        _remove_quietly(kept.with_name(kept.name + ".part"))
        raise _os_error(exc, kept, "恢复前保留当前数据") from exc
    report(2, 4, "正在恢复数据…")
    key = open_key()
    try:
        _copy_into(src, current)
        report(3, 4, "正在打开恢复后的数据…")
        open_station(current, key=key)
    except BaseException as exc:
        log.exception("restore from %s failed; putting back %s", src, kept)
        _put_back(kept, current, key)
        if isinstance(exc, UserError):
            raise UserError(f"恢复失败，已还原为恢复前的数据。原因：{exc.message}") from exc
        raise
    if who is not None and who in users.active_operators():
        session.set_current(who)
    with database.atomic():
        audit.record("restore", detail=f"从备份恢复：{src.name}；恢复前的数据另存为 {kept.name}")
    report(4, 4, "恢复完成")
    log.info("restored %s from %s; previous data kept as %s", current, src, kept)
    return kept


def _copy_into(src: Path, current: Path) -> None:
    """Copy ``src`` into the live database: SQLite's backup API into the open connection (other
    connections see the new content at once); when page sizes differ, close, replace the file, reopen.
    A plain backup going into an encrypted file is first encrypted with its key into a new file."""
    key = open_key()
    if key is not None and not connection.is_encrypted(src):
        tmp = current.with_name(f".{current.name}.encrypting-restore")
        _remove_quietly(tmp)
        try:
            with data_file_errors(src):
                connection.convert_file(src, None, tmp, key)
            _replace_file(tmp, current)
        finally:
            _remove_quietly(tmp)
        return
    with data_file_errors(src):
        source = _open_backup(src, key)
        try:
            live = database.connection()
            same_pages = (
                source.execute("PRAGMA page_size").fetchone()[0]
                == live.execute("PRAGMA page_size").fetchone()[0]
            )
            if same_pages:
                source.backup(live)
                return
        finally:
            source.close()
    _replace_file(src, current)


def _replace_file(src: Path, current: Path) -> None:
    close_station()
    tmp = current.with_name(current.name + ".restoring")
    try:
        shutil.copyfile(src, tmp)
        fault_point("restore-copied")
        for suffix in ("-wal", "-shm"):
            _remove_quietly(current.with_name(current.name + suffix))
        replace_durably(tmp, current)
    except OSError as exc:
        _remove_quietly(tmp)
        raise _os_error(exc, current, "恢复") from exc


def _put_back(kept: Path, current: Path, key: bytes | None) -> None:
    try:
        _replace_file(kept, current)
        open_station(current, key=key)
    except BaseException:
        log.exception("could not put back %s; it is kept as %s", current, kept)
