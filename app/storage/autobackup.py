"""Automatic backups: on closing the window and once a day while it is open, an online copy of the open
data file in the data folder's ``backups/`` (or a folder the 站长 chose, such as a USB stick), checked
after writing, and rotated: the newest backup of each of the 7 most recent days, 4 most recent weeks and
12 most recent months that have one is kept (the rule of ``borg prune --keep-daily 7 --keep-weekly 4
--keep-monthly 12``: a station that was closed for a month still keeps its last backups).

The copy and its check are :func:`app.storage.backup.backup` (SQLite online backup, then
``integrity_check`` of the copy); restoring one is :func:`app.storage.backup.restore`. The result of each
check is kept next to the backups in a small JSON file (not in the data file: a 查阅 session writes
nothing to it). A backup of an encrypted file is encrypted with the same key, its key file beside it
(``<backup>.keys``, removed with it). Files are private (0600, folder 0700) through the process umask
(:mod:`app.core.privacy`).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

from app.accounts import keyring, session
from app.core import settings
from app.core.errors import UserError
from app.core.files import write_bytes
from app.core.privacy import private_dir
from app.storage import backup
from app.storage.datafile import current_path

log = logging.getLogger(__name__)

FOLDER_SETTING = "autobackup_folder"  # setting: the folder the 站长 chose ("" or unset: the default)
DEFAULT_FOLDER = "backups"  # next to the data file
CHECKS_FILE = "autobackup-checks.json"
STAMP = "%Y%m%d-%H%M%S"
MARK = "自动备份"
INTERVAL = dt.timedelta(days=1)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Policy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12


KEEP = Policy()


def _day(at: dt.datetime) -> Hashable:
    return at.date()


def _week(at: dt.datetime) -> Hashable:
    iso = at.isocalendar()
    return (iso.year, iso.week)


def _month(at: dt.datetime) -> Hashable:
    return (at.year, at.month)


def choose_kept(stamps: Iterable[dt.datetime], policy: Policy = KEEP) -> set[dt.datetime]:
    """The backup times to keep: the newest of each of the ``policy.daily`` most recent days that have a
    backup, of each of the ``policy.weekly`` most recent ISO weeks, and of each of the ``policy.monthly``
    most recent months (the sets overlap: today's newest backup counts for its day, week and month)."""
    ordered = sorted(set(stamps), reverse=True)
    kept: set[dt.datetime] = set()
    for size, period in ((policy.daily, _day), (policy.weekly, _week), (policy.monthly, _month)):
        seen: set[Hashable] = set()
        for at in ordered:
            if len(seen) >= size:
                break
            key = period(at)
            if key in seen:
                continue
            seen.add(key)
            kept.add(at)
    return kept


# ---------------------------------------------------------------------------- where and which files


def default_folder() -> Path:
    path = _data_path()
    return path.parent / DEFAULT_FOLDER


def chosen_folder() -> Path | None:
    """The folder the 站长 chose, or None (the default)."""
    text = settings.get_setting(FOLDER_SETTING, "").strip()
    return Path(text) if text else None


def backup_folder() -> Path:
    """Where automatic backups go: the chosen folder, else ``backups/`` next to the data file."""
    return chosen_folder() or default_folder()


def set_folder(folder: Path | None) -> None:
    """Choose the folder (None: back to the default). Only a 站长 (or anyone on a file without accounts)."""
    if not session.allowed(session.Permission.RESTORE):
        raise session.PermissionDenied("只有站长可以更改自动备份的保存位置。")
    if folder is None:
        settings.set_setting(FOLDER_SETTING, None)
        return
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法使用文件夹 {folder}（{exc.strerror or exc}），请另选一个位置。") from exc
    if not os.access(folder, os.W_OK):
        raise UserError(f"没有权限写入文件夹 {folder}，请另选一个位置。")
    settings.set_setting(FOLDER_SETTING, str(folder.resolve()))


def _data_path() -> Path:
    path = current_path()
    if path is None:
        raise UserError("当前没有打开的数据文件")
    return path


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(re.escape(stem) + "-" + MARK + r"-(\d{8}-\d{6})\.sqlite$")


def backup_name(stem: str, at: dt.datetime) -> str:
    return f"{stem}-{MARK}-{at.strftime(STAMP)}.sqlite"


@dataclass(frozen=True)
class Check:
    at: str  # when it was checked, "YYYY-mm-dd HH:MM:SS"
    ok: bool
    message: str  # "" when ok

    @property
    def text(self) -> str:
        return "完好" if self.ok else f"有问题：{self.message}"


@dataclass(frozen=True)
class BackupFile:
    path: Path
    at: dt.datetime
    size: int
    check: Check | None  # None: never checked (a file copied in by hand)

    @property
    def check_text(self) -> str:
        return self.check.text if self.check is not None else "未校验"


def list_backups(folder: Path | None = None) -> list[BackupFile]:
    """The automatic backups of the open data file in ``folder`` (default: :func:`backup_folder`),
    newest first."""
    folder = folder or backup_folder()
    pattern = _pattern(_data_path().stem)
    checks = _read_checks(folder)
    found: list[BackupFile] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        m = pattern.match(name)
        if m is None:
            continue
        try:
            at = dt.datetime.strptime(m.group(1), STAMP)
            size = (folder / name).stat().st_size
        except (ValueError, OSError):
            continue
        found.append(BackupFile(folder / name, at, size, checks.get(name)))
    found.sort(key=lambda b: b.at, reverse=True)
    return found


def _read_checks(folder: Path) -> dict[str, Check]:
    try:
        raw = json.loads((folder / CHECKS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    out: dict[str, Check] = {}
    if isinstance(raw, dict):
        for name, value in raw.items():
            if isinstance(value, dict):
                out[str(name)] = Check(
                    str(value.get("at", "")), bool(value.get("ok")), str(value.get("message", ""))
                )
    return out


def _write_checks(folder: Path, checks: dict[str, Check]) -> None:
    data = {name: {"at": c.at, "ok": c.ok, "message": c.message} for name, c in sorted(checks.items())}
    text = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    try:
        write_bytes(folder / CHECKS_FILE, text)  # temporary name, fsync, rename
    except UserError as exc:
        log.warning("could not write the backup check record in %s: %s", folder, exc.message)


def _record_check(path: Path, ok: bool, message: str = "") -> Check:
    check = Check(dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"), ok, message)
    checks = _read_checks(path.parent)
    checks[path.name] = check
    _write_checks(path.parent, checks)
    return check


def check(path: Path, progress: Progress | None = None) -> Check:
    """Check one backup again (``verify_backup_file``) and record the result."""
    if progress is not None:
        progress(0, 1, "正在校验备份文件…")
    try:
        backup.verify_backup_file(path)
    except UserError as exc:
        return _record_check(Path(path), False, exc.message)
    return _record_check(Path(path), True)


# ---------------------------------------------------------------------------- making and rotating


@dataclass(frozen=True)
class Result:
    path: Path | None  # None: skipped
    removed: tuple[Path, ...] = ()
    note: str = ""  # e.g. the chosen folder was unavailable, or why it was skipped


def due(now: dt.datetime | None = None) -> bool:
    """Whether the daily backup is due: no automatic backup in the last 24 hours."""
    now = now or dt.datetime.now()
    newest = next(iter(list_backups()), None)
    return newest is None or now - newest.at >= INTERVAL


def allowed() -> bool:
    """A 查阅 session changes nothing and may not back up: it is skipped."""
    return session.allowed(session.Permission.BACKUP)


def run(now: dt.datetime | None = None, progress: Progress | None = None) -> Result:
    """Make an automatic backup now, check it, and rotate the folder. A failed check removes the copy
    and raises the Chinese reason."""
    if not allowed():
        return Result(None, note="当前账号只能查看，不做自动备份。")
    now = now or dt.datetime.now()
    note = ""
    folder = backup_folder()
    try:
        private_dir(folder)
    except OSError:
        if chosen_folder() is None:
            raise UserError(f"无法创建备份文件夹：{folder}") from None
        note = (
            f"所选的备份位置 {folder} 现在无法使用（如U盘未插入），已改为备份到数据文件旁的 backups 文件夹。"
        )
        folder = private_dir(default_folder())
    dest = folder / backup_name(_data_path().stem, now)
    try:
        backup.backup(dest, progress)
    except UserError:
        dest.unlink(missing_ok=True)  # a copy that failed its check is no backup
        keyring.path_of(dest).unlink(missing_ok=True)
        raise
    _record_check(dest, True)
    removed = rotate(folder)
    log.info("automatic backup %s (removed %d old)", dest, len(removed))
    return Result(dest, tuple(removed), note)


def rotate(folder: Path, policy: Policy = KEEP) -> list[Path]:
    """Delete the automatic backups of the open file in ``folder`` that ``choose_kept`` does not keep;
    the deleted paths. Other files in the folder are never touched."""
    files = list_backups(folder)
    kept = choose_kept((b.at for b in files), policy)
    removed: list[Path] = []
    for b in files:
        if b.at in kept:
            continue
        try:
            b.path.unlink()
            removed.append(b.path)
            keyring.path_of(b.path).unlink(missing_ok=True)  # the key file of an encrypted backup
        except OSError as exc:
            log.warning("could not remove old backup %s: %s", b.path, exc)
    if removed:
        checks = _read_checks(folder)
        for path in removed:
            checks.pop(path.name, None)
        _write_checks(folder, checks)
    return removed


def restore(path: Path, progress: Progress | None = None) -> Path:
    """Restore one automatic backup through the verified restore; the kept copy of the replaced data."""
    return backup.restore(path, progress)
