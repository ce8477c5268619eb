"""操作日志: who changed what. Filters (date range, operator, person by a name or ID fragment, kind), the
entries newest first (ID numbers masked, more on request), a detail pane with the field changes an import
made to existing records, an Excel export and the 校验 of the hash chain."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.accounts import audit
from app.accounts.audit import Entry, Filter
from app.core.errors import ValidationError
from ui import dialogs, theme
from ui.errors import guard, show_error
from ui.forms.common import DateEdit, ErrorLabel
from ui.models.audit_table import AuditTableModel, PersonChoice, find_persons, linked_entries
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.widgets.tables import setup_table
from ui.workers import run_with_progress


def _verify(*, progress: Any) -> tuple[int | None, int]:
    progress(0, 0, "正在校验操作日志…")
    return audit.verify(), audit.count()


class AuditPage(QWidget):
    """操作日志 (read-only: every role may look)."""

    REFRESHES_ON_SHOW: ClassVar[bool] = False  # the window calls reload() when the data changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._persons: list[PersonChoice] = []

        self.date_from = DateEdit(None)
        self.date_from.setPlaceholderText("开始日期")
        self.date_to = DateEdit(None)
        self.date_to.setPlaceholderText("结束日期")
        for edit in (self.date_from, self.date_to):
            edit.setMaximumWidth(120)
        self.operator_combo = QComboBox()
        self.operator_combo.setMinimumWidth(110)
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("全部操作", "")
        for kind, text in audit.KINDS.items():
            self.kind_combo.addItem(text, kind)
        self.person_edit = QLineEdit()
        self.person_edit.setPlaceholderText("人员：姓名或身份证号（Ctrl+F）")
        self.person_edit.setClearButtonEnabled(True)
        self.person_combo = QComboBox()  # the persons the fragment matched, when more than one
        self.person_combo.setMinimumWidth(200)
        self.person_combo.setVisible(False)
        self.filter_error = ErrorLabel()
        self.filter_error.setMinimumWidth(0)
        self.filter_error.setVisible(False)

        filters = QHBoxLayout()
        filters.addWidget(QLabel("日期"))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("至"))
        filters.addWidget(self.date_to)
        filters.addWidget(QLabel("操作人"))
        filters.addWidget(self.operator_combo)
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.person_edit, 1)
        filters.addWidget(self.person_combo)

        self.model = AuditTableModel(self)
        self.view = QTableView()
        self.view.setObjectName("audit_view")
        setup_table(self.view, self.model)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.show_detail())
        self.model.modelReset.connect(self.show_detail)

        detail_box = QGroupBox("详情")
        detail_lay = QVBoxLayout(detail_box)
        self.detail = QLabel("选择一条记录查看详情。")
        self.detail.setWordWrap(True)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.linked_title = QLabel()
        self.linked_model = AuditTableModel(self)
        self.linked_view = QTableView()
        self.linked_view.setObjectName("audit_linked_view")
        setup_table(self.linked_view, self.linked_model, samples=("", "", "", "", "", "字段：旧 → 新"))
        for col in (0, 1, 2):  # the time, the operator and the kind are those of the import itself
            self.linked_view.setColumnHidden(col, True)
        detail_lay.addWidget(self.detail)
        detail_lay.addWidget(self.linked_title)
        detail_lay.addWidget(self.linked_view, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(detail_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 360])

        self.count_label = QLabel()
        self.more_button = QPushButton("显示更多")
        self.verify_label = QLabel()
        self.verify_label.setWordWrap(True)
        self.verify_button = QPushButton("校验")
        self.verify_button.setToolTip("检查操作日志是否被其他工具改动或删除过（哈希链）")
        self.export_button = QPushButton("导出 Excel…")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.more_button)
        bottom.addWidget(self.verify_label, 1)
        bottom.addWidget(self.verify_button)
        bottom.addWidget(self.export_button)

        lay = QVBoxLayout(self)
        lay.addLayout(filters)
        lay.addWidget(self.filter_error)
        lay.addWidget(splitter, 1)
        lay.addLayout(bottom)

        for combo in (self.operator_combo, self.kind_combo, self.person_combo):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for edit in (self.date_from, self.date_to):
            edit.textChanged.connect(lambda _t: self.apply_filter())
        self.person_edit.returnPressed.connect(self.find_person)
        self.person_edit.textChanged.connect(lambda t: self.find_person() if not t.strip() else None)
        self.more_button.clicked.connect(lambda _c=False: self.show_more())
        self.verify_button.clicked.connect(lambda _c=False: self.verify())
        self.export_button.clicked.connect(lambda _c=False: self.export())
        self._filling = False
        self.reload()

    # ------------------------------------------------------------------ Page protocol

    def reload(self) -> None:
        self._fill_operators()
        self.apply_filter()

    def focus_filter(self) -> None:
        self.person_edit.setFocus()
        self.person_edit.selectAll()

    def new_record(self) -> None:
        """The log is written by the program, never by hand."""

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    # ------------------------------------------------------------------ filter

    def _fill_operators(self) -> None:
        current = self.operator_combo.currentData() or ""
        self._filling = True
        try:
            self.operator_combo.clear()
            self.operator_combo.addItem("全部", "")
            with guard(self):
                for name in audit.operators():
                    self.operator_combo.addItem(name, name)
            i = self.operator_combo.findData(current)
            self.operator_combo.setCurrentIndex(max(i, 0))
        finally:
            self._filling = False

    def find_person(self) -> None:
        """Look up the persons the typed fragment names: one is used at once, several are offered in the
        drop-down beside it, none empties the list."""
        self._filling = True
        try:
            self._persons = find_persons(self.person_edit.text())
            self.person_combo.clear()
            for p in self._persons:
                self.person_combo.addItem(p.text, p.id)
            self.person_combo.setVisible(len(self._persons) > 1)
        finally:
            self._filling = False
        self.apply_filter()

    def person_id(self) -> int | None:
        if not self._persons:
            return None
        data = self.person_combo.currentData()
        return int(data) if data is not None else self._persons[0].id

    def current_filter(self) -> Filter:
        start = self.date_from.date("开始日期")
        end = self.date_to.date("结束日期")
        if start is not None and end is not None and end < start:
            raise ValidationError(f"结束日期 {end} 早于开始日期 {start}")
        return Filter(
            start=start,
            end=end,
            operator=self.operator_combo.currentData() or "",
            person_id=self.person_id(),
            kind=self.kind_combo.currentData() or "",
        )

    def apply_filter(self) -> None:
        if self._filling:
            return
        try:
            flt = self.current_filter()
        except ValidationError as exc:
            self.filter_error.show_message(exc.message)
            self.filter_error.setVisible(True)
            return
        self.filter_error.show_message("")
        self.filter_error.setVisible(False)
        if self.person_edit.text().strip() and not self._persons:
            self.model.show_nothing()
            self.count_label.setText(f"台账中没有“{self.person_edit.text().strip()}”")
            self.more_button.setVisible(False)
            return
        with guard(self):
            self.model.load(flt)
        self._update_count()

    def show_more(self) -> None:
        with guard(self):
            self.model.more()
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        if shown < total:
            self.count_label.setText(f"共 {total:,} 条，显示最新的 {shown:,} 条")
        else:
            self.count_label.setText(f"共 {total:,} 条")
        self.more_button.setVisible(self.model.has_more())

    # ------------------------------------------------------------------ detail

    def selected(self) -> Entry | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def show_detail(self) -> None:
        entry = self.selected()
        linked: list[Entry] = []
        if entry is None:
            self.detail.setText("选择一条记录查看详情。")
        else:
            lines = [
                f"编号：{entry.id}",
                f"时间：{entry.at.replace('T', ' ')}",
                f"操作人：{entry.operator or '（未设账号）'}",
                f"操作：{entry.kind_text}",
            ]
            if entry.table:
                lines.append(f"表：{entry.table_text}")
            if entry.key:
                lines.append(f"记录：{entry.key_masked}")
            if entry.change_text:
                lines.append(f"内容：{entry.change_text}")
            if entry.parent_id is not None:
                lines.append(f"属于第 {entry.parent_id} 条记录（导入）")
            self.detail.setText("\n".join(lines))
            if entry.kind == "import":
                with guard(self):
                    linked = linked_entries(entry)
        self.linked_model.set_rows(linked)
        has_linked = entry is not None and entry.kind == "import"
        self.linked_title.setText(
            (f"此次导入修改或删除的已有记录：{len(linked)} 条" if linked else "此次导入没有修改已有记录。")
            if has_linked
            else ""
        )
        self.linked_title.setVisible(has_linked)
        self.linked_view.setVisible(bool(linked))

    # ------------------------------------------------------------------ actions

    def verify(self) -> int | None:
        """Check the hash chain; the id of the first broken entry, or None when it holds."""
        try:
            broken, total = run_with_progress(self, "校验操作日志", _verify)
        except Exception as exc:
            show_error(self, exc)
            return None
        if broken is None:
            self.verify_label.setText(f"校验完成：操作日志完整，{total:,} 条记录均未被改动。")
            theme.apply(self.verify_label, theme.SUCCESS_TEXT)
        else:
            self.verify_label.setText(
                f"校验发现问题：第 {broken} 条记录已被其他工具改动或删除（从这一条起哈希链断开）。"
            )
            theme.apply(self.verify_label, theme.ERROR_TEXT)
        return broken

    def export(self, path: Path | None = None) -> int | None:
        """The entries matching the filter (all of them, not only those shown) to an Excel workbook."""
        try:
            flt = self.current_filter()
        except ValidationError as exc:
            show_error(self, exc)
            return None
        if path is None:
            path = dialogs.ask_save_file(
                self, "导出操作日志", Path.home() / "操作日志.xlsx", dialogs.XLSX_FILTER
            )
            if path is None:
                return None
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        dest = path
        person_unknown = bool(self.person_edit.text().strip()) and not self._persons

        def write(*, progress: Any) -> int:
            progress(0, 0, "正在导出操作日志…")
            rows = [] if person_unknown else audit.entries(flt)
            return audit.export_xlsx(dest, rows)

        try:
            n: int = run_with_progress(self, "导出操作日志", write)
        except Exception as exc:
            show_error(self, exc)
            return None
        dialogs.inform(self, "已导出", f"已导出 {n:,} 条操作日志到：\n{dest}")
        return n
