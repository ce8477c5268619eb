"""The 自动备份 group of 设置与备份: where the automatic backups go (a 站长 may choose a folder such as a
USB stick), the list with date, size and check result, a new check of one, and restoring one (the page's
verified restore)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts import session
from app.storage import autobackup
from app.storage.autobackup import BackupFile
from ui import theme
from ui.errors import guard, show_error
from ui.models.table_base import Column, TableModel
from ui.widgets.tables import setup_table
from ui.workers import run_with_progress


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.0f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def _check_colour(b: BackupFile) -> str | None:
    if b.check is None:
        return theme.PENDING
    return theme.SUCCESS if b.check.ok else theme.ERROR


BACKUP_COLUMNS: tuple[Column[BackupFile], ...] = (
    Column("备份时间", lambda b: f"{b.at:%Y-%m-%d %H:%M}", key=lambda b: b.at, sample="2026-12-06 14:52"),
    Column("大小", lambda b: size_text(b.size), key=lambda b: b.size, align="right", sample="123.4 MB"),
    Column(
        "校验结果",
        lambda b: b.check_text,
        foreground=_check_colour,
        tooltip=lambda b: f"校验时间：{b.check.at}" if b.check is not None else None,
        sample="完好（已校验）",
    ),
    Column("文件", lambda b: b.path.name, sample="station-自动备份-20261206-145219.sqlite"),
)


def ask_folder(parent: QWidget | None, start: Path) -> Path | None:
    """The folder the user picked, or None (tests replace this)."""
    name = QFileDialog.getExistingDirectory(parent, "选择自动备份的保存位置", str(start))
    return Path(name) if name else None


class AutoBackupBox(QGroupBox):
    """``restore_requested(path)``: the page restores through its verified restore."""

    restore_requested = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("自动备份", parent)
        self.where_label = QLabel()
        self.where_label.setWordWrap(True)
        self.model: TableModel[BackupFile] = TableModel(BACKUP_COLUMNS, row_id=lambda b: b.path)
        self.view = QTableView()
        self.view.setObjectName("autobackup_view")
        setup_table(self.view, self.model)
        self.view.setMinimumHeight(120)
        self.folder_button = QPushButton("更改位置…")
        self.default_button = QPushButton("恢复默认位置")
        self.check_button = QPushButton("重新校验")
        self.restore_button = QPushButton("用所选备份恢复…")
        self.status = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.folder_button)
        row.addWidget(self.default_button)
        row.addStretch(1)
        row.addWidget(self.status)
        row.addWidget(self.check_button)
        row.addWidget(self.restore_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.where_label)
        lay.addWidget(self.view, 1)
        lay.addLayout(row)
        self.folder_button.clicked.connect(lambda _c=False: self.choose_folder())
        self.default_button.clicked.connect(lambda _c=False: self.use_default_folder())
        self.check_button.clicked.connect(lambda _c=False: self.check_selected())
        self.restore_button.clicked.connect(lambda _c=False: self.restore_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

    def reload(self) -> None:
        folder: Path | None = None
        with guard(self):
            folder = autobackup.backup_folder()
            self.model.set_rows(autobackup.list_backups(folder))
        chosen = False
        with guard(self):
            chosen = autobackup.chosen_folder() is not None
        if folder is None:
            self.where_label.setText("未打开数据文件。")
        else:
            skipped = ""
            if not autobackup.allowed():
                skipped = (
                    "（当前账号只能查看，不做自动备份）"
                    if session.current()
                    else "（尚未登录，不做自动备份）"
                )
            self.where_label.setText(
                f"关闭程序时和程序打开期间每天自动备份一次{skipped}，写入后立即校验；"
                f"保留最近 7 天、4 周和 12 个月的备份。保存位置：{folder}"
            )
        head = session.allowed(session.Permission.RESTORE)
        self.folder_button.setVisible(head)
        self.default_button.setVisible(head and chosen)
        self.status.clear()
        self._update_buttons()

    def selected(self) -> BackupFile | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.check_button.setEnabled(chosen)
        self.restore_button.setEnabled(chosen and session.allowed(session.Permission.RESTORE))
        self.restore_button.setToolTip(
            "" if session.allowed(session.Permission.RESTORE) else "只有站长可以从备份恢复数据"
        )

    def choose_folder(self) -> Path | None:
        folder = ask_folder(self, autobackup.backup_folder())
        if folder is None:
            return None
        try:
            autobackup.set_folder(folder)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.reload()
        return folder

    def use_default_folder(self) -> None:
        with guard(self):
            autobackup.set_folder(None)
        self.reload()

    def check_selected(self) -> autobackup.Check | None:
        item = self.selected()
        if item is None:
            return None
        try:
            result: autobackup.Check = run_with_progress(self, "正在校验备份", autobackup.check, item.path)
        except Exception as exc:
            show_error(self, exc)
            return None
        self.reload()
        row = self.model.row_of_id(item.path)
        if row is not None:
            self.view.selectRow(row)
        self.status.setText(f"校验结果：{result.text}")
        theme.apply(self.status, theme.SUCCESS_TEXT if result.ok else theme.ERROR_TEXT)
        return result

    def restore_selected(self) -> Any:
        item = self.selected()
        if item is not None:
            self.restore_requested.emit(item.path)
