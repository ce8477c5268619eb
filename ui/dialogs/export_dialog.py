"""导出台账: write the whole ledger workbook, optionally with masked ID numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core import settings
from ui import dialogs, theme
from ui.errors import show_error
from ui.workers import run_with_progress


class ExportDialog(QDialog):
    """Export every sheet of the ledger to one .xlsx file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导出台账工作簿")
        self.setMinimumWidth(560)
        self.counts: dict[str, int] | None = None
        self.dest: Path | None = None

        intro = QLabel("把全部台账（人员、登记、认定、服务记录、岗位等所有工作表）导出为一个 Excel 工作簿。")
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("选择保存位置")
        self.path_edit.setText(str(Path.home() / f"台账导出-{dt.date.today():%Y%m%d}.xlsx"))
        self.choose_button = QPushButton("选择位置…")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)

        self.mask_check = QCheckBox("身份证号脱敏（如 110101********123X）")
        try:
            self.mask_check.setChecked(settings.mask_ids_default())
        except Exception:  # no database open: keep the safe default
            self.mask_check.setChecked(True)
        mask_note = QLabel("对外报送时建议脱敏。脱敏后的文件不能再导入本程序；用于备份或迁移时请不要脱敏。")
        mask_note.setWordWrap(True)
        theme.apply(mask_note, theme.NOTE_TEXT)

        self.export_button = QPushButton("导出")
        self.export_button.setDefault(True)
        self.close_button = QPushButton("关闭")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)

        self.result_label = QLabel()
        self.result_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.mask_check)
        layout.addWidget(mask_note)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.accept)

    def choose_file(self) -> None:
        current = Path(self.path_edit.text().strip() or Path.home() / "台账导出.xlsx")
        path = dialogs.ask_save_file(self, "导出到", current, dialogs.XLSX_FILTER)
        if path is not None:
            self.path_edit.setText(str(path))

    def start_export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.choose_file()
            text = self.path_edit.text().strip()
            if not text:
                return
        dest = Path(text)
        if dest.suffix.lower() != ".xlsx":
            dest = dest.with_name(dest.name + ".xlsx")
            self.path_edit.setText(str(dest))
        if dest.exists() and not dialogs.confirm(
            self, "文件已存在", f"{dest}\n已经存在，要覆盖它吗？", yes="覆盖", no="取消"
        ):
            return
        from app import workbook

        mask = self.mask_check.isChecked()
        try:
            counts = run_with_progress(self, "正在导出台账", workbook.export_workbook, dest, mask_ids=mask)
        except Exception as exc:
            show_error(self, exc)
            return
        self.counts = dict(counts)
        self.dest = dest
        lines = [f"{name}：{n:,} 行" for name, n in self.counts.items() if n]
        total = sum(self.counts.values())
        message = (
            f"已导出 {total:,} 行到：\n{dest}\n" + ("（身份证号已脱敏）\n" if mask else "") + "\n".join(lines)
        )
        self.result_label.setText(f"已导出 {total:,} 行。")
        dialogs.inform(self, "导出完成", message)
