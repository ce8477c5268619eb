"""回收站: persons deleted as entered by mistake, with the records they took along; 恢复 puts them
back, 彻底删除 empties an entry for good (:mod:`app.register.recycle`)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from app.core.errors import UserError
from app.register import recycle
from app.register.recycle import BinEntry
from ui import theme
from ui.forms import common
from ui.models.table_base import Column, TableModel
from ui.widgets.screen import fit_size
from ui.widgets.tables import setup_table

COLUMNS: tuple[Column[BinEntry], ...] = (
    Column("人员", lambda e: e.label, sample="欧阳晓明（440106********1234）"),
    Column("一并删除的记录", lambda e: f"{e.record_count} 条", key=lambda e: e.record_count, sample="12 条"),
    Column("删除时间", lambda e: e.deleted_at.strftime("%Y-%m-%d %H:%M"), sample="2026-05-01 12:00"),
    Column("操作人", lambda e: e.operator, sample="站长"),
)


class BinModel(TableModel[BinEntry]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(COLUMNS, row_id=lambda e: e.id, parent=parent)


class RecycleBinDialog(QDialog):
    restored = Signal(int)  # person id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("回收站")
        fit_size(self, 760, 420)
        hint = QLabel("误录后删除的人员在这里，连同其失业登记、服务记录等一并保存，可以恢复。")
        theme.apply(hint, theme.MUTED_TEXT)
        hint.setWordWrap(True)
        self.model = BinModel(self)
        self.view = setup_table(QTableView(), self.model, sortable=True)
        self.status = QLabel()
        self.restore_button = QPushButton("恢复")
        self.restore_button.clicked.connect(lambda _c=False: self.restore_selected())
        self.purge_button = QPushButton("彻底删除")
        self.purge_button.clicked.connect(lambda _c=False: self.purge_selected())
        close = QPushButton("关闭")
        close.clicked.connect(lambda _c=False: self.accept())
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        for b in (self.restore_button, self.purge_button, close):
            b.setAutoDefault(False)
            row.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.view, 1)
        lay.addLayout(row)
        self.reload()

    def reload(self) -> None:
        self.model.set_rows(recycle.entries())
        n = self.model.rowCount()
        self.status.setText(f"共 {n} 项" if n else "回收站是空的")
        self.restore_button.setEnabled(n > 0)
        self.purge_button.setEnabled(n > 0)

    def selected(self) -> BinEntry | None:
        index = self.view.currentIndex()
        return self.model.row(index.row()) if index.isValid() else None

    def restore_selected(self) -> int | None:
        entry = self.selected()
        if entry is None:
            return None
        try:
            pid = recycle.restore(entry.id)
        except UserError as exc:
            theme.apply(self.status, theme.ERROR_TEXT)
            self.status.setText(exc.message)
            return None
        self.reload()
        theme.apply(self.status, theme.SUCCESS_TEXT)
        self.status.setText(f"已恢复：{entry.label}")
        self.restored.emit(pid)
        return pid

    def purge_selected(self) -> bool:
        entry = self.selected()
        if entry is None:
            return False
        text = f"彻底删除 {entry.label} 及其 {entry.record_count} 条记录吗？彻底删除后不能恢复。"
        if not common.confirm(self, "彻底删除", text):
            return False
        recycle.purge(entry.id)
        self.reload()
        return True
