"""The dialog shown for an unexpected error (a bug): the report text, copy / save / close."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class BugReportDialog(QDialog):
    """程序出现了意外错误: shows the report (traceback and environment) read-only."""

    def __init__(self, report: str, log_file: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("程序出现了意外错误")
        self.setMinimumSize(640, 420)
        self.report = report
        self.saved_to: Path | None = None

        layout = QVBoxLayout(self)
        headline = QLabel("程序出现了意外错误")
        font = headline.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        headline.setFont(font)
        layout.addWidget(headline)

        lines = [
            "您的数据已保存在数据文件中，这次操作如未完成则没有写入任何内容。",
            "请点击“复制报告”或“保存报告…”，把报告发给技术支持人员，以便修复这个问题。",
        ]
        if log_file is not None:
            lines.append(f"详细记录也写入了日志文件：{log_file}")
        explanation = QLabel("\n".join(lines))
        explanation.setWordWrap(True)
        explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(explanation)

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(report)
        mono = QFont("monospace")
        mono.setStyleHint(QFont.StyleHint.TypeWriter)
        self.text.setFont(mono)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text, 1)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton("复制报告")
        self.save_button = QPushButton("保存报告…")
        self.close_button = QPushButton("关闭")
        self.close_button.setDefault(True)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.copy_button.clicked.connect(self.copy_report)
        self.save_button.clicked.connect(self._ask_and_save)
        self.close_button.clicked.connect(self.accept)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText("已复制")

    def save_report(self, path: Path) -> Path:
        path = Path(path)
        path.write_text(self.report, encoding="utf-8")
        self.saved_to = path
        return path

    def _ask_and_save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "保存错误报告", "错误报告.txt", "文本文件 (*.txt)")
        if not name:
            return
        try:
            self.save_report(Path(name))
        except OSError as exc:
            QMessageBox.warning(self, "保存失败", f"无法保存报告到 {name}：{exc.strerror or exc}")
