"""服务记录: every service with filters (type, date range, staff, group, text) applied in SQL, column sort in
SQL, rows fetched as the list scrolls; fast entry (Ctrl+N), the monthly round, edit, delete with
confirmation, export to Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import casework
from app.casework import ServiceFilter
from app.core import codes
from app.core.errors import ValidationError
from ui.forms import common
from ui.forms.common import DateEdit, ErrorLabel, code_combo
from ui.models.services_table import ServicesTableModel
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.pages.dialog_host import DialogHost
from ui.widgets.tables import setup_table


class ServicesPage(DialogHost, QWidget):
    def __init__(self, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.fixed_today = today
        self.current_dialog: QDialog | None = None

        self.kind_combo = code_combo(codes.SERVICE_TYPE.values, blank="全部类型")
        self.group_combo = QComboBox()
        self.group_combo.addItem("全部人员", "")
        for g in casework.KEY_GROUPS:
            self.group_combo.addItem(g, g)
        self.staff_combo = QComboBox()
        self.date_from = DateEdit(None)
        self.date_from.setPlaceholderText("开始日期")
        self.date_to = DateEdit(None)
        self.date_to.setPlaceholderText("结束日期")
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(120)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("搜索：姓名、身份证号、服务内容（Ctrl+F）")
        self.text_edit.setClearButtonEnabled(True)
        self.filter_error = ErrorLabel()
        self.filter_error.setObjectName("filter_error")
        self.filter_error.setMinimumWidth(0)
        self.filter_error.setVisible(False)
        for combo in (self.kind_combo, self.group_combo, self.staff_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        text_edits: tuple[QLineEdit, ...] = (self.date_from, self.date_to, self.text_edit)
        for line_edit in text_edits:
            line_edit.textChanged.connect(lambda _t: self.apply_filter())
        filters = QHBoxLayout()
        filters.addWidget(self.text_edit, 2)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.group_combo)
        filters.addWidget(QLabel("经办人"))
        filters.addWidget(self.staff_combo)
        filters.addWidget(QLabel("日期"))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("至"))
        filters.addWidget(self.date_to)

        self.model = ServicesTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("services_view")
        # Newest first until the user clicks a header.
        setup_table(
            self.view,
            self.model,
            sortable=True,
            initial_sort=(0, Qt.SortOrder.DescendingOrder),
            multi=True,
            samples=("2024-03-01", "欧阳某某", "440106********123X", "就业见习推荐", "服务方式"),
        )
        self.view.setColumnWidth(5, 250)
        self.view.setColumnWidth(6, 110)
        self.view.activated.connect(lambda _i: self.edit_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.model.modelReset.connect(self._update_buttons)

        self.count_label = QLabel()
        self.new_button = QPushButton("新增 (Ctrl+N)")
        self.new_button.clicked.connect(lambda _c=False: self.new_record())
        self.round_button = QPushButton("本月联系（批量）")
        self.round_button.clicked.connect(lambda _c=False: self.monthly_round())
        self.edit_button = QPushButton("编辑")
        self.edit_button.clicked.connect(lambda _c=False: self.edit_selected())
        self.delete_button = QPushButton("删除")
        self.delete_button.clicked.connect(lambda _c=False: self.delete_selected())
        self.export_button = QPushButton("导出 Excel…")
        self.export_button.clicked.connect(lambda _c=False: self.export())
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        for b in (
            self.new_button,
            self.round_button,
            self.edit_button,
            self.delete_button,
            self.export_button,
        ):
            bottom.addWidget(b)

        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.filter_error)
        lay.addWidget(self.view, 1)
        lay.addLayout(bottom)
        self._fill_staff()
        self.reload()

    # ------------------------------------------------------------------ page contract

    @property
    def today(self) -> dt.date:
        return self.fixed_today or dt.date.today()

    def _fill_staff(self) -> None:
        keep = self.staff_combo.currentData() or ""
        self.staff_combo.blockSignals(True)
        self.staff_combo.clear()
        self.staff_combo.addItem("全部", "")
        for name in casework.staff_names():
            self.staff_combo.addItem(name, name)
        self.staff_combo.setCurrentIndex(max(self.staff_combo.findData(keep), 0))
        self.staff_combo.blockSignals(False)

    # ------------------------------------------------------------------ Page protocol

    REFRESHES_ON_SHOW: ClassVar[bool] = (
        False  # the main window calls reload() when the data changed meanwhile
    )

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self) -> None:
        self._fill_staff()
        self.apply_filter()

    def focus_filter(self) -> None:
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.text_edit.selectAll()

    def new_record(self) -> QDialog:
        from ui.dialogs.service_entry import ServiceEntryDialog

        return self.open_dialog(ServiceEntryDialog(None, self, today=self.fixed_today))

    # ------------------------------------------------------------------ filter

    def current_filter(self) -> ServiceFilter:
        """The filter as typed; raises ValidationError for a bad date."""
        start = self.date_from.date("开始日期")
        end = self.date_to.date("结束日期")
        if start is not None and end is not None and end < start:
            raise ValidationError(f"结束日期 {end} 早于开始日期 {start}")
        return ServiceFilter(
            kind=self.kind_combo.currentData() or "",
            date_from=start,
            date_to=end,
            staff=self.staff_combo.currentData() or "",
            group=self.group_combo.currentData() or "",
            text=self.text_edit.text(),
        )

    def apply_filter(self) -> None:
        try:
            flt = self.current_filter()
        except ValidationError as exc:
            self.filter_error.show_message(exc.message)
            self.filter_error.setVisible(True)
            return
        self.filter_error.show_message("")
        self.filter_error.setVisible(False)
        self.model.load(flt, self.fixed_today)
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(f"共 {self.model.total():,} 条服务记录")

    # ------------------------------------------------------------------ actions

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [r.id for row in rows if (r := self.model.row(row)) is not None]

    def _update_buttons(self) -> None:
        n = len(self.view.selectionModel().selectedRows())
        self.edit_button.setEnabled(n == 1)
        self.delete_button.setEnabled(n >= 1)

    def edit_selected(self, index: QModelIndex | None = None) -> QDialog | None:
        from ui.dialogs.service_entry import ServiceEntryDialog

        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        return self.open_dialog(ServiceEntryDialog(None, self, service_id=ids[0], today=self.fixed_today))

    def monthly_round(self) -> QDialog | None:
        from ui import dialogs
        from ui.dialogs.service_entry import ServiceEntryDialog

        people = casework.monthly_round(self.today)
        if not people:
            dialogs.inform(self, "本月联系", "本月应联系的就业困难人员都已联系。")
            return None
        return self.open_dialog(
            ServiceEntryDialog(
                people,
                self,
                kind="跟踪回访",
                mode="电话",
                title=f"本月联系：{len(people)} 名就业困难人员尚未联系",
                today=self.fixed_today,
            )
        )

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids:
            return False
        first = self.model.row(self.model.row_of_service(ids[0]) or 0)
        what = (
            f"{first.name} {first.served_on} 的“{first.kind}”" if first is not None and len(ids) == 1 else ""
        )
        text = f"确定删除{what or f' {len(ids)} 条'}服务记录吗？删除后不能恢复。"
        if not common.confirm(self, "删除服务记录", text):
            return False
        casework.delete_services(ids)
        self.reload()
        return True

    def export(self, path: Path | None = None) -> int | None:
        """Export the records as filtered to an .xlsx (asks where unless ``path`` is given)."""
        from app.casework.export import export_services
        from ui import dialogs
        from ui.errors import show_error
        from ui.workers import run_with_progress

        try:
            flt = self.current_filter()
        except ValidationError as exc:
            show_error(self, exc)
            return None
        if path is None:
            suggested = Path.home() / f"服务记录_{self.today.isoformat()}.xlsx"
            path = dialogs.ask_save_file(self, "导出服务记录", suggested, dialogs.XLSX_FILTER)
            if path is None:
                return None
        try:
            n = run_with_progress(
                self, "正在导出服务记录…", export_services, path, flt, today=self.fixed_today
            )
        except Exception as exc:
            show_error(self, exc)
            return None
        dialogs.inform(self, "导出服务记录", f"已导出 {n:,} 条服务记录：{path}")
        return int(n)
