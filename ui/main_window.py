"""The main window: left navigation, the pages (created on first selection), the menus and shortcuts.

Every registered page is listed (``ui.pages.PAGES``); a page is imported and built when first shown,
and one that fails to load is a bug report. The window talks to a page only through the
:class:`ui.pages.base.Page` protocol.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.accounts import session
from app.core.errors import UserError
from app.core.settings import DEMO_STATION, get_setting
from app.storage import autobackup
from app.storage.datafile import current_path
from db.models import StationProfile
from ui import pages as registry
from ui import theme
from ui.pages import PageSpec, as_page, find_page
from ui.pages.base import Page
from ui.widgets import screen
from ui.widgets.shortcuts import add_shortcut

log = logging.getLogger(__name__)

APP_TITLE = "就业服务站工作台"
AUTO_BACKUP_CHECK_MS = 60 * 60 * 1000  # the daily automatic backup is looked at every hour


def data_stamp() -> object:
    """Changes as the data file changes: this connection's own writes (``total_changes``) and commits
    by other connections, such as a worker thread's import (``PRAGMA data_version``). None when no
    file is open."""
    from db.models import database

    if database.database is None or database.is_closed():
        return None
    try:
        conn = database.connection()
        version = conn.execute("PRAGMA data_version").fetchone()[0]
    except Exception:
        log.exception("cannot read the data version")
        return None
    return (id(conn), version, conn.total_changes)


class _Abandoned(Exception):
    """The log-in of an encrypted file was abandoned."""


class MainWindow(QMainWindow):
    """Navigation on the left, one page at a time on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        screen.fit_size(self, screen.MAIN_SIZE.width(), screen.MAIN_SIZE.height())
        self.pages: list[PageSpec] = list(registry.PAGES)
        self._instances: dict[str, QWidget] = {}
        # The data stamp each page was last current with (see data_stamp): a page shown again after
        # another page (or one of its dialogs) changed the data re-reads it first.
        self._stamps: dict[str, object] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(156)
        self.nav.setIconSize(QSize(0, 0))
        self.nav.setSpacing(2)
        theme.apply(self.nav, theme.NAVIGATION)
        self.stack = QStackedWidget()
        for spec in self.pages:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.slug)
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # placeholder until first shown
        self.nav.currentRowChanged.connect(self._show_row)

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.path_label = QLabel()
        self.statusBar().addWidget(self.path_label, 1)
        self.operator_label = QLabel()
        self.statusBar().addPermanentWidget(self.operator_label)
        self.auto_backup_timer: QTimer | None = None
        self.auto_backup_task: Any = None  # the running daily backup (a ui.workers.BackgroundTask)
        self._build_menus()
        add_shortcut(self, "Ctrl+N", self.new_record)
        add_shortcut(self, "Ctrl+F", self.focus_filter)

        self.refresh_title()
        if self.pages:
            start = next((i for i, s in enumerate(self.pages) if s.slug == "register"), 0)
            if self.pages[0].slug == "home":
                start = 0
            self.nav.setCurrentRow(start)

    def show_fitted(self) -> None:
        """Show as left last time; the first time maximised on a small screen."""
        screen.show_main_window(self)

    # ------------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        self.import_action = self._action(file_menu, "导入台账…", self.import_ledger, "Ctrl+I")
        self.export_action = self._action(file_menu, "导出台账…", self.export_ledger, "Ctrl+E")
        self.template_action = self._action(file_menu, "下载空白模板…", self.save_template)
        file_menu.addSeparator()
        self.switch_action = self._action(file_menu, "新建站点或打开演示站点…", self.switch_station)
        self.open_action = self._action(file_menu, "打开数据文件…", self.open_data_file, "Ctrl+O")
        self.account_action = self._action(file_menu, "切换账号…", self.switch_account)
        file_menu.addSeparator()
        self.new_hub_action = self._action(file_menu, "新建汇总库…", self.new_hub)
        self.open_hub_action = self._action(file_menu, "打开汇总库…", self.open_hub)
        file_menu.addSeparator()
        self._action(file_menu, "退出", self.close, "Ctrl+Q")
        help_menu = self.menuBar().addMenu("帮助(&H)")
        self.manual_action = self._action(help_menu, "使用说明", self.show_manual, "F1")
        self._action(help_menu, "关于", self.about)

    def _action(self, menu: Any, text: str, slot: Any, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        return action

    # ------------------------------------------------------------------ hub (issue 16)

    def new_hub(self) -> Any:
        from ui.errors import guard
        from ui.hub.dialogs import NewHubDialog
        from ui.hub.window import open_hub_window

        dialog = NewHubDialog(self)
        if dialog.exec() != NewHubDialog.DialogCode.Accepted:
            return None
        values = dialog.values()
        with guard(self):
            self.hub_window = open_hub_window(self, values.pop("target"), create=values)
            return self.hub_window
        return None

    def open_hub(self, target: str | None = None) -> Any:
        from ui import dialogs
        from ui.errors import guard
        from ui.hub.dialogs import HUB_FILTER
        from ui.hub.window import open_hub_window

        if target is None:
            chosen = dialogs.ask_open_file(self, "打开汇总库", HUB_FILTER, Path.home())
            target = str(chosen) if chosen else None
        if not target:
            return None
        with guard(self):
            self.hub_window = open_hub_window(self, target)
            return self.hub_window
        return None

    # ------------------------------------------------------------------ pages

    def page_slugs(self) -> list[str]:
        return [spec.slug for spec in self.pages]

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        spec = self.pages[row]
        self._leaving(self.stack.currentWidget())
        page = self._instances.get(spec.slug)
        if page is None:
            try:
                page = spec.load()(self.stack)
                api = as_page(page)
            except Exception as exc:
                from ui.errors import show_error

                log.exception("page %s failed to open", spec.slug)
                show_error(self, exc)
                return
            page.setObjectName(f"page_{spec.slug}")
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self._instances[spec.slug] = page
            self._connect_page(api)
        elif self._stamps.get(spec.slug) != data_stamp() and not as_page(page).REFRESHES_ON_SHOW:
            try:
                as_page(page).reload()
            except Exception as exc:
                from ui.errors import show_error

                log.exception("page %s failed to reload", spec.slug)
                show_error(self, exc)
        self._stamps[spec.slug] = data_stamp()
        self.stack.setCurrentWidget(page)

    def _leaving(self, widget: QWidget | None) -> None:
        """The page being left is current with every change made while it was shown (a page re-reads
        after its own saves)."""
        for slug, page in self._instances.items():
            if page is widget:
                self._stamps[slug] = data_stamp()

    def _connect_page(self, page: Page) -> None:
        """Pages announce changes by their window signals; the window keeps the other pages current."""
        signals = page.window_signals()
        for signal in signals.data_replaced:
            signal.connect(lambda *_args: self.reload_pages())
        for signal in signals.title_changed:
            signal.connect(lambda *_args: self.refresh_title())

    def select_page(self, key: str) -> QWidget:
        """Show a page by slug or Chinese title; raises UserError naming the pages there are."""
        spec = find_page(key)
        slugs = self.page_slugs()
        if spec is None or spec.slug not in slugs:
            names = "、".join(f"{s.slug}（{s.title}）" for s in self.pages)
            raise UserError(f"没有页面“{key}”，可用的页面：{names}")
        self.nav.setCurrentRow(slugs.index(spec.slug))
        page = self._instances.get(spec.slug)
        if page is None:
            raise UserError(f"页面“{spec.title}”未能打开")
        return page

    def page(self, slug: str) -> QWidget | None:
        """The page instance if it has been created."""
        return self._instances.get(slug)

    def current_page(self) -> QWidget | None:
        w = self.stack.currentWidget()
        return w if w in self._instances.values() else None

    def new_record(self) -> None:
        page = self.current_page()
        if page is not None:
            as_page(page).new_record()

    def focus_filter(self) -> None:
        page = self.current_page()
        if page is not None:
            as_page(page).focus_filter()

    def reload_pages(self) -> None:
        """Every created page re-reads from the database (after an import, a restore…)."""
        for slug, page in self._instances.items():
            try:
                as_page(page).reload()
            except Exception:
                log.exception("page %s failed to reload", slug)
            self._stamps[slug] = data_stamp()
        self.refresh_title()

    def refresh_title(self) -> None:
        profile = StationProfile.get_or_none(StationProfile.id == 1)
        name = profile.name.strip() if profile is not None and profile.name else ""
        if name and get_setting(DEMO_STATION, "") == "1":
            name += "（演示数据，人员均为虚构）"
        from ui.dialogs.login import operator_text

        who = operator_text(session.current())
        title = f"{name} — {APP_TITLE}" if name else APP_TITLE
        self.setWindowTitle(f"{title} — {who}" if who else title)
        path = current_path()
        self.path_label.setText(f"数据文件：{path}" if path else "未打开数据文件")
        self.operator_label.setText(f"当前账号：{who}" if who else "")
        self.account_action.setEnabled(self._has_accounts())

    # ------------------------------------------------------------------ file actions

    def import_ledger(self) -> None:
        from ui.dialogs.import_dialog import ImportDialog

        dlg = ImportDialog(self)
        # Reload once, when something was imported (a rejected or cancelled import changed nothing).
        dlg.imported.connect(lambda _summary: self.reload_pages())
        dlg.exec()

    def export_ledger(self) -> None:
        from ui.dialogs.export_dialog import ExportDialog

        ExportDialog(self).exec()

    def save_template(self) -> None:
        from app import workbook
        from ui import dialogs
        from ui.errors import show_error
        from ui.workers import run_with_progress

        dest = dialogs.ask_save_file(self, "下载空白模板", Path.home() / "台账模板.xlsx", dialogs.XLSX_FILTER)
        if dest is None:
            return
        if dest.suffix.lower() != ".xlsx":
            dest = dest.with_name(dest.name + ".xlsx")

        def write(*, progress: Any) -> Path:
            progress(0, 0, "正在生成模板…")
            workbook.write_template(dest)
            return dest

        try:
            run_with_progress(self, "下载空白模板", write)
        except Exception as exc:
            show_error(self, exc)
            return
        dialogs.inform(self, "已保存", f"空白模板已保存到：\n{dest}")

    def open_data_file(self) -> None:
        from app.storage.datafile import open_key
        from ui import dialogs
        from ui.app import remember_data_file
        from ui.dialogs.login import open_data_file
        from ui.errors import show_error

        start = current_path()
        path = dialogs.ask_open_file(
            self, "打开数据文件", dialogs.DATA_FILTER, start.parent if start else Path.home()
        )
        if path is None:
            return
        previous = current_path()
        who = session.current()
        key = open_key()
        try:
            opened = open_data_file(self, path)  # an encrypted file asks the password first
        except Exception as exc:
            show_error(self, exc)
            if previous is not None:
                self._reopen(previous, who, key)
            return
        if not opened or not self._log_in():
            if previous is not None:
                self._reopen(previous, who, key)
            return
        remember_data_file(path)
        self._reset_pages()

    def switch_station(self) -> None:
        """The first-run choices from the menu: a new blank station, the demo, or another file."""
        from app.storage.datafile import open_key
        from ui.app import remember_data_file
        from ui.dialogs.first_run import FirstRunDialog
        from ui.dialogs.login import open_data_file
        from ui.errors import show_error

        previous = current_path()
        who = session.current()
        key = open_key()
        dialog = FirstRunDialog(self)
        accepted = dialog.exec()
        chosen = dialog.chosen_path() if accepted else None
        # The dialog closes the database it worked on: reopen the chosen file, or the previous one.
        target = chosen or previous
        if target is None:
            return
        try:
            if target == previous:
                self._reopen(previous, who, key)  # the same file as before: the same operator
            elif not open_data_file(self, target):
                raise _Abandoned
        except _Abandoned:
            if previous is not None:
                self._reopen(previous, who, key)
            return
        except Exception as exc:
            show_error(self, exc)
            if previous is not None and target != previous:
                self._reopen(previous, who, key)
            return
        if target != previous and not self._log_in():
            if previous is not None:
                self._reopen(previous, who, key)
            return
        if chosen is not None:
            remember_data_file(chosen)
        self._reset_pages()

    # ------------------------------------------------------------------ accounts

    @staticmethod
    def _has_accounts() -> bool:
        from app.accounts import users

        try:
            return users.has_accounts()
        except Exception:
            log.exception("cannot read the accounts")
            return False

    def _log_in(self) -> bool:
        """The log-in of a file just opened (True at once for a file without accounts)."""
        from ui.dialogs.login import ensure_login

        return ensure_login(self)

    @staticmethod
    def _reopen(path: Path, who: session.Operator | None, key: bytes | None = None) -> None:
        """Back to the file that was open before (with its key when encrypted), under the operator who
        was logged in on it."""
        from app.storage.datafile import open_station

        open_station(path, key=key)
        if who is not None:
            session.set_current(who)

    def switch_account(self) -> bool:
        """文件 → 切换账号: log in as someone else; the pages are rebuilt for the new role."""
        from ui.dialogs.login import LoginDialog

        if not self._has_accounts():
            return False
        if not LoginDialog(self, switching=True).exec():
            return False
        self._reset_pages()
        return True

    # ------------------------------------------------------------------ automatic backups

    def enable_auto_backup(self, interval_ms: int = AUTO_BACKUP_CHECK_MS) -> None:
        """Back up automatically once a day while open and when the window closes (``run_gui`` turns
        this on; tests and screenshots do not)."""
        if self.auto_backup_timer is None:
            self.auto_backup_timer = QTimer(self)
            self.auto_backup_timer.timeout.connect(self.daily_backup)
        self.auto_backup_timer.start(interval_ms)

    def daily_backup(self) -> bool:
        """Start the daily backup off the GUI thread when it is due; whether one was started."""
        from ui.workers import BackgroundTask

        if self.auto_backup_task is not None or data_stamp() is None:
            return False
        try:
            if not autobackup.allowed() or not autobackup.due():
                return False
        except Exception:
            log.exception("cannot look at the automatic backups")
            return False
        task = BackgroundTask(autobackup.run)
        task.finished.connect(self._backup_done)
        task.failed.connect(self._backup_failed)
        self.auto_backup_task = task
        self.statusBar().showMessage("正在自动备份…")
        task.start()
        return True

    def _backup_done(self, result: autobackup.Result) -> None:
        self.auto_backup_task = None
        if result.path is not None:
            self.statusBar().showMessage(f"已自动备份并校验：{result.path.name}。{result.note}", 15000)

    def _backup_failed(self, exc: BaseException) -> None:
        self.auto_backup_task = None
        log.error("automatic backup failed: %s", exc)
        self.statusBar().showMessage(f"自动备份失败：{exc}")

    def backup_on_close(self) -> bool:
        """The backup made when the window closes (behind a progress dialog); whether one was made."""
        from ui.errors import show_error
        from ui.workers import run_with_progress

        if self.auto_backup_task is not None:
            self.auto_backup_task.wait()
            self.auto_backup_task = None
        if data_stamp() is None or not autobackup.allowed():  # no file open
            return False
        try:
            result = run_with_progress(self, "正在自动备份", autobackup.run)
        except Exception as exc:
            show_error(self, exc)
            return False
        return result.path is not None

    def closeEvent(self, event: QCloseEvent) -> None:
        screen.remember_main_window(self)
        if self.auto_backup_timer is not None:
            self.auto_backup_timer.stop()
            self.backup_on_close()
        super().closeEvent(event)

    def _reset_pages(self) -> None:
        """Drop every page (they belong to the old file) and show the current one afresh."""
        row = max(self.nav.currentRow(), 0)
        self._stamps.clear()
        for i, spec in enumerate(self.pages):
            page = self._instances.pop(spec.slug, None)
            if page is not None:
                self.stack.insertWidget(i, QWidget())
                self.stack.removeWidget(page)
                page.deleteLater()
        self.refresh_title()
        self._show_row(row)

    def show_manual(self) -> QWidget:
        from ui.dialogs.manual import ManualDialog

        dialog = ManualDialog(self)
        self.manual_dialog = dialog
        dialog.show()
        return dialog

    def about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("关于")
        box.setText(
            f"<b>{APP_TITLE}</b><p>社区（村）就业服务站的离线工作台：劳动力台账、重点人员帮扶、"
            "岗位与匹配、自评与申报。</p><p>数据只保存在本机的数据文件中，不联网。</p>"
        )
        box.addButton("确定", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
