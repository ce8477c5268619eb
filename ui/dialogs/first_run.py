"""First run: no data file yet. Create a blank station, open the demo station, or open an existing file.

After ``exec()``, :meth:`FirstRunDialog.chosen_path` is the file to open (None when cancelled). The
dialog leaves no database open: the main window opens the chosen file itself.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCommandLinkButton,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import codes
from app.core.errors import DatabaseFileError, FieldErrors, UserError, ValidationError
from app.core.paths import default_db_path, user_data_dir
from ui import dialogs, theme
from ui.app import DEMO_FILE
from ui.errors import show_error
from ui.workers import run_with_progress

DEMO_PERSONS = 2000


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def station_kind_from_name(name: str) -> str:
    """ "村" for a name like 石门村就业服务站, "社区" for 幸福社区…, "" when the name does not say."""
    if "社区" in name:
        return "社区"
    if "村" in name:
        return "村"
    return ""


class FirstRunDialog(QDialog):
    PAGE_CHOICE, PAGE_NEW = 0, 1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("欢迎使用就业服务站工作台")
        self.setMinimumWidth(560)
        self._chosen: Path | None = None

        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_choice())
        self.stack.addWidget(self._build_new())
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack)

    # --- pages -------------------------------------------------------------------------------
    def _build_choice(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        title = QLabel("还没有数据文件。请选择如何开始：")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        self.new_button = QCommandLinkButton(
            "新建空白站点", "填写站点名称，从零开始建立台账（之后可导入 Excel 台账）。"
        )
        self.demo_button = QCommandLinkButton(
            "打开演示站点", f"生成一个有 {DEMO_PERSONS:,} 名居民的虚构站点，先熟悉各项功能（数据均为虚构）。"
        )
        self.open_button = QCommandLinkButton(
            "打开已有数据文件…", "选择以前使用的数据文件（.sqlite），例如从旧电脑拷来的文件。"
        )
        for button in (self.new_button, self.demo_button, self.open_button):
            layout.addWidget(button)
        location = QLabel(f"数据文件默认保存在：{default_db_path()}")
        location.setWordWrap(True)
        theme.apply(location, theme.NOTE_TEXT)
        location.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(location)
        quit_row = QHBoxLayout()
        quit_row.addStretch(1)
        self.quit_button = QPushButton("退出")
        quit_row.addWidget(self.quit_button)
        layout.addLayout(quit_row)

        self.new_button.clicked.connect(lambda: self.stack.setCurrentIndex(self.PAGE_NEW))
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button.clicked.connect(self.open_existing)
        self.quit_button.clicked.connect(self.reject)
        return page

    def _build_new(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        heading = QLabel("新建空白站点")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("如 幸福社区就业服务站")
        # No default: a village station is not a 社区 (issue 14); the name usually tells which.
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("请选择", "")
        for kind in codes.STATION_KIND.values:
            self.kind_combo.addItem(kind, kind)
        self._kind_chosen = False
        self.kind_combo.activated.connect(lambda _i: setattr(self, "_kind_chosen", True))
        self.name_edit.textChanged.connect(self._guess_kind)
        self.path_edit = QLineEdit(str(default_db_path()))
        self.browse_button = QPushButton("更改位置…")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(self.browse_button)
        path_box = QWidget()
        path_box.setLayout(path_row)
        path_row.setContentsMargins(0, 0, 0, 0)
        form.addRow("站点名称＊", self.name_edit)
        form.addRow("站点类型＊", self.kind_combo)
        form.addRow("数据文件", path_box)
        layout.addLayout(form)
        self.new_error = QLabel()
        self.new_error.setWordWrap(True)
        theme.apply(self.new_error, theme.LOSS_TEXT)
        layout.addWidget(self.new_error)
        layout.addStretch(1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton("返回")
        self.create_button = QPushButton("创建")
        self.create_button.setDefault(True)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)

        self.back_button.clicked.connect(lambda: self.stack.setCurrentIndex(self.PAGE_CHOICE))
        self.browse_button.clicked.connect(self._browse_new_path)
        self.create_button.clicked.connect(self.create_new)
        return page

    # --- result ------------------------------------------------------------------------------
    def chosen_path(self) -> Path | None:
        return self._chosen

    def _choose(self, path: Path) -> None:
        self._chosen = path
        self.accept()

    # --- actions -----------------------------------------------------------------------------
    def _browse_new_path(self) -> None:
        path = dialogs.ask_save_file(
            self, "数据文件保存位置", Path(self.path_edit.text()), dialogs.DATA_FILTER
        )
        if path is not None:
            if not path.suffix:
                path = path.with_suffix(".sqlite")
            self.path_edit.setText(str(path))

    def _guess_kind(self, name: str) -> None:
        """社区 or 村 from the name as typed, until the user picks one."""
        if self._kind_chosen:
            return
        guess = station_kind_from_name(name)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(guess), 0))

    def create_new(self) -> None:
        """Create the file, write the station profile, close it, and choose it."""
        from app.station import profile as station
        from app.storage.datafile import close_station, open_station

        self.new_error.clear()
        text = self.path_edit.text().strip()
        if not text:
            self.new_error.setText("请填写数据文件位置")
            return
        path = Path(text).expanduser()
        try:
            station.validate_profile_field("name", self.name_edit.text())
        except ValidationError as exc:
            self.new_error.setText(exc.message)
            self.name_edit.setFocus()
            return
        if not self.kind_combo.currentData():
            self.new_error.setText("请选择站点类型：社区或村")
            self.kind_combo.setFocus()
            return
        if path.exists():
            self.new_error.setText(
                f"该位置已有数据文件：{path}\n请返回选择“打开已有数据文件…”，或换一个文件名。"
            )
            return
        created = False
        try:
            open_station(path, create=True)  # the explicit choice “新建”
            created = True
            station.save_profile({"name": self.name_edit.text(), "kind": self.kind_combo.currentData()})
        except FieldErrors as exc:
            self.new_error.setText(exc.message)
            close_station()
            if created:
                _remove_db_files(path)
            return
        except Exception as exc:
            close_station()
            if created:
                _remove_db_files(path)
            show_error(self, exc)
            return
        close_station()
        self._choose(path)

    def open_demo(self) -> None:
        """Use ``user_data_dir()/demo.sqlite``; generate it (with progress) when it does not exist."""
        target = user_data_dir() / DEMO_FILE
        if target.exists():
            try:
                self._check_file(target)
            except UserError:
                pass  # unusable leftover: generate a fresh one below
            else:
                self._choose(target)
                return
        try:
            self.build_demo(target)
        except Exception as exc:
            show_error(self, exc)
            return
        self._choose(target)

    def build_demo(self, target: Path) -> Any:
        """Generate the demo into ``target.part`` and rename it when complete (never a half-made demo)."""
        from app.demo.generator import generate_demo
        from app.storage.datafile import close_station, open_station

        part = target.with_name(target.name + ".part")
        _remove_db_files(part)
        open_station(part, create=True)
        try:
            summary = run_with_progress(self, "正在生成演示数据", generate_demo, persons=DEMO_PERSONS)
        except BaseException:
            close_station()
            _remove_db_files(part)
            raise
        close_station()
        _remove_db_files(target)
        os.replace(part, target)
        return summary

    def open_existing(self) -> None:
        path = dialogs.ask_open_file(self, "打开数据文件", dialogs.DATA_FILTER, default_db_path().parent)
        if path is None:
            return
        try:
            self._check_file(path)
        except Exception as exc:
            show_error(self, exc)
            return
        self._choose(path)

    @staticmethod
    def _check_file(path: Path) -> None:
        """Refuse what is not one of our data files before the main window tries to open it."""
        from app.storage.datafile import inspect_file, needs_login_to_open
        from db.connection import APPLICATION_ID, SCHEMA_VERSION

        if not path.is_file():
            raise DatabaseFileError(f"找不到数据文件：{path}")
        if needs_login_to_open(path):
            return  # an encrypted file is checked as it opens, after the log-in
        app_id, version = inspect_file(path)
        if app_id != APPLICATION_ID:
            raise DatabaseFileError(f"此文件不是就业服务站工作台的数据文件：{path}")
        if version > SCHEMA_VERSION:
            raise DatabaseFileError(
                f"此数据文件由更新版本的程序创建（数据版本 {version}，本程序支持到 {SCHEMA_VERSION}），"
                "请升级程序后再打开。"
            )
