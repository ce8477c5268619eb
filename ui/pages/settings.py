"""设置与备份: where the data file is, backup and restore (by hand and automatic), the accounts, and the
station settings — three tabs, so that the page fits 1366×768."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.accounts import session
from app.core import settings
from app.core.codes import RETIRE_BASE_FEMALE
from app.core.errors import UserError
from ui import dialogs, theme
from ui.errors import guard, show_error
from ui.pages.base import PageSignals
from ui.pages.settings_accounts import AccountsBox
from ui.pages.settings_backups import AutoBackupBox
from ui.workers import run_with_progress

LAST_BACKUP = "last_backup"  # setting: "<iso time>|<path>"

_RETIRE_TEXT = {50: "50 岁（女职工一般按 50 岁）", 55: "55 岁（女干部、管理岗位按 55 岁）"}


def _open_folder(folder: Path) -> bool:
    """Open ``folder`` in the system file manager (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def _current_path() -> Path | None:
    from app.storage.datafile import current_path

    return current_path()


def _size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


class SettingsPage(QWidget):
    """设置与备份. ``database_replaced`` after a restore (every page must reload);
    ``settings_changed`` after a setting was saved."""

    database_replaced = Signal()
    settings_changed = Signal()
    accounts_changed = Signal()  # who is logged in may have changed (the window title)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.accounts_box = AccountsBox()
        self.auto_backup_box = AutoBackupBox()
        self.tabs = QTabWidget()
        data_tab = QWidget()
        data = QVBoxLayout(data_tab)
        data.setSpacing(10)
        data.addWidget(self._build_file())
        data.addWidget(self._build_backup())
        data.addWidget(self.auto_backup_box, 1)
        self.tabs.addTab(data_tab, "数据与备份")
        accounts_tab = QWidget()
        acc = QVBoxLayout(accounts_tab)
        acc.addWidget(self.accounts_box)
        acc.addStretch(1)
        self.tabs.addTab(accounts_tab, "账号")
        settings_tab = QWidget()
        st = QVBoxLayout(settings_tab)
        st.addWidget(self._build_settings())
        st.addStretch(1)
        self.tabs.addTab(settings_tab, "站点设置")
        self.no_accounts_banner = QLabel("此数据文件还没有设置账号，建议创建站长账号。")
        theme.apply(self.no_accounts_banner, theme.PENDING_TEXT)
        self.show_accounts_button = QPushButton("查看“账号”…")
        self.show_accounts_button.clicked.connect(lambda _c=False: self.tabs.setCurrentIndex(1))
        banner = QHBoxLayout()
        banner.addWidget(self.no_accounts_banner)
        banner.addWidget(self.show_accounts_button)
        banner.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(banner)
        layout.addWidget(self.tabs)
        self.accounts_box.accounts_changed.connect(self._accounts_changed)
        self.auto_backup_box.restore_requested.connect(self.restore_from)
        self.reload()

    # --- building ----------------------------------------------------------------------------
    def _build_file(self) -> QGroupBox:
        group = QGroupBox("数据文件")
        layout = QVBoxLayout(group)
        self.path_label = QLabel()
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_info = QLabel()
        theme.apply(self.file_info, theme.NOTE_TEXT)
        self.open_folder_button = QPushButton("打开所在文件夹")
        row = QHBoxLayout()
        row.addWidget(self.path_label, 1)
        row.addWidget(self.open_folder_button)
        layout.addLayout(row)
        layout.addWidget(self.file_info)
        note = QLabel("所有台账都保存在这一个文件里。请定期备份到U盘或其他电脑，换电脑时拷贝这个文件即可。")
        note.setWordWrap(True)
        theme.apply(note, theme.NOTE_TEXT)
        layout.addWidget(note)
        self.open_folder_button.clicked.connect(self.open_folder)
        return group

    def _build_backup(self) -> QGroupBox:
        group = QGroupBox("备份与恢复")
        layout = QVBoxLayout(group)
        row = QHBoxLayout()
        self.backup_button = QPushButton("立即备份…")
        self.restore_button = QPushButton("从备份恢复…")
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.last_backup_label = QLabel()
        self.last_backup_label.setWordWrap(True)
        layout.addWidget(self.last_backup_label)
        note = QLabel(
            "备份可在程序使用中进行，得到的是完整一致的副本。恢复前会先检查备份文件是否完好；"
            "当前数据会另存一份副本，不会丢失。"
        )
        note.setWordWrap(True)
        theme.apply(note, theme.NOTE_TEXT)
        layout.addWidget(note)
        self.backup_button.clicked.connect(self.make_backup)
        self.restore_button.clicked.connect(self.restore_backup)
        return group

    def _build_settings(self) -> QGroupBox:
        group = QGroupBox("站点设置")
        layout = QVBoxLayout(group)
        form = QFormLayout()
        self.retire_combo = QComboBox()
        for base in RETIRE_BASE_FEMALE:
            self.retire_combo.addItem(_RETIRE_TEXT.get(base, f"{base} 岁"), base)
        self.retire_combo.setMaximumWidth(360)
        form.addRow("女性退休年龄基数", self.retire_combo)
        retire_note = QLabel(
            "用于判断法定劳动年龄（已按渐进式延迟退休规定计算）。个人信息中单独填写了基数的，以个人为准。"
        )
        retire_note.setWordWrap(True)
        theme.apply(retire_note, theme.NOTE_TEXT)
        form.addRow("", retire_note)
        self.mask_check = QCheckBox("导出台账时默认对身份证号脱敏（如 110101********123X）")
        form.addRow("个人信息保护", self.mask_check)
        layout.addLayout(form)
        self.settings_status = QLabel()
        layout.addWidget(self.settings_status)
        self.retire_combo.currentIndexChanged.connect(self._save_retire_base)
        self.mask_check.toggled.connect(self._save_mask_default)
        return group

    # --- page contract -----------------------------------------------------------------------

    # ------------------------------------------------------------------ Page protocol

    REFRESHES_ON_SHOW: ClassVar[bool] = (
        False  # the main window calls reload() when the data changed meanwhile
    )

    def focus_filter(self) -> None:
        """No search field on this page."""

    def new_record(self) -> None:
        """No record to start from Ctrl+N on this page."""

    def window_signals(self) -> PageSignals:
        return PageSignals(data_replaced=(self.database_replaced,), title_changed=(self.accounts_changed,))

    def reload(self) -> None:
        path = _current_path()
        self.path_label.setText(str(path) if path else "未打开数据文件")
        self.open_folder_button.setEnabled(path is not None)
        self.backup_button.setEnabled(path is not None and session.allowed(session.Permission.BACKUP))
        self.restore_button.setEnabled(path is not None and session.allowed(session.Permission.RESTORE))
        self.restore_button.setToolTip(
            "" if session.allowed(session.Permission.RESTORE) else "只有站长可以从备份恢复数据"
        )
        can_write = session.allowed(session.Permission.WRITE)
        self.retire_combo.setEnabled(can_write)
        self.mask_check.setEnabled(can_write)
        if path is not None and path.exists():
            stat = path.stat()
            modified = dt.datetime.fromtimestamp(stat.st_mtime)
            self.file_info.setText(f"大小 {_size_text(stat.st_size)}，最后修改 {modified:%Y-%m-%d %H:%M}")
        else:
            self.file_info.clear()
        self._loading = True
        try:
            with guard(self):
                base = settings.female_retire_base()
                self.retire_combo.setCurrentIndex(max(0, self.retire_combo.findData(base)))
                self.mask_check.setChecked(settings.mask_ids_default())
                self._show_last_backup()
        finally:
            self._loading = False
        self.settings_status.clear()
        self.accounts_box.reload()
        self.auto_backup_box.reload()
        no_accounts = not self.accounts_box.view.isVisibleTo(self.accounts_box)
        self.no_accounts_banner.setVisible(no_accounts)
        self.show_accounts_button.setVisible(no_accounts)

    def _accounts_changed(self) -> None:
        self.reload()
        self.accounts_changed.emit()

    def _show_last_backup(self) -> None:
        raw = settings.get_setting(LAST_BACKUP, "")
        when, _, where = raw.partition("|")
        if when and where:
            self.last_backup_label.setText(f"上次备份：{when.replace('T', ' ')}，保存在 {where}")
            theme.apply(self.last_backup_label, theme.PLAIN)
        else:
            self.last_backup_label.setText("还没有在本程序中做过备份。")
            theme.apply(self.last_backup_label, theme.PENDING_TEXT)

    # --- data file ---------------------------------------------------------------------------
    def open_folder(self) -> None:
        path = _current_path()
        if path is not None and not _open_folder(path.parent):
            show_error(self, UserError(f"无法打开文件夹：{path.parent}"))

    # --- backup ------------------------------------------------------------------------------
    def suggested_backup_path(self) -> Path:
        path = _current_path() or Path("station.sqlite")
        return (
            path.parent
            / "备份"
            / f"{path.stem}-备份-{dt.datetime.now():%Y%m%d-%H%M}{path.suffix or '.sqlite'}"
        )

    def make_backup(self) -> Path | None:
        from app.storage import backup

        dest = dialogs.ask_save_file(self, "备份到", self.suggested_backup_path(), dialogs.DATA_FILTER)
        if dest is None:
            return None
        if not dest.suffix:
            dest = dest.with_suffix(".sqlite")
        try:
            written: Path = run_with_progress(self, "正在备份", backup.backup, dest)
        except Exception as exc:
            show_error(self, exc)
            return None
        with guard(self):
            settings.set_setting(LAST_BACKUP, f"{dt.datetime.now():%Y-%m-%dT%H:%M}|{written}")
        self.reload()
        dialogs.inform(self, "备份完成", f"已备份并校验完好：\n{written}\n建议再拷贝一份到U盘或其他电脑。")
        return written

    # --- restore -----------------------------------------------------------------------------
    def restore_backup(self) -> Path | None:
        current = _current_path()
        start = current.parent / "备份" if current is not None else None
        src = dialogs.ask_open_file(self, "选择要恢复的备份文件", dialogs.DATA_FILTER, start)
        if src is None:
            return None
        return self.restore_from(src)

    def restore_from(self, src: Path) -> Path | None:
        """Replace the data with the backup ``src`` after checking it and asking; the kept copy."""
        from app.storage import backup
        from app.storage.datafile import close_station

        try:
            backup.verify_backup_file(src)
        except Exception as exc:
            show_error(self, exc)
            return None
        question = (
            f"将用备份文件\n{src}\n替换当前的全部数据。\n\n"
            "当前数据文件会先另存一份副本（文件名含 replaced 和时间），不会丢失。确定恢复吗？"
        )
        if not dialogs.confirm(self, "从备份恢复", question, yes="恢复", no="取消"):
            return None
        # The restore runs on a worker thread with its own connection; close this thread's one so the
        # file can be replaced, it reopens by itself on the next query.
        close_station()
        try:
            kept: Path = run_with_progress(self, "正在恢复", backup.restore, src)
        except Exception as exc:
            show_error(self, exc)
            self.database_replaced.emit()  # whatever happened, pages must re-read the file
            self.reload()
            return None
        self.reload()
        self.database_replaced.emit()
        dialogs.inform(self, "恢复完成", f"已从备份恢复数据。\n恢复前的数据已另存为：\n{kept}")
        return kept

    # --- settings ----------------------------------------------------------------------------
    def _save_retire_base(self) -> None:
        if self._loading:
            return
        self._save(settings.FEMALE_RETIRE_BASE, self.retire_combo.currentData())

    def _save_mask_default(self, checked: bool) -> None:
        if self._loading:
            return
        self._save(settings.MASK_IDS_DEFAULT, bool(checked))

    def _save(self, key: str, value: Any) -> None:
        try:
            settings.set_setting(key, value)
        except Exception as exc:
            show_error(self, exc)
            self.reload()
            return
        self.settings_status.setText(f"已保存：{settings.LABELS.get(key, key)}")
        theme.apply(self.settings_status, theme.PASS_TEXT)
        self.settings_changed.emit()
