"""Dialogs of the hub window: a new hub, a station to register, a received package with its PDFs."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.upward.format import KINDS, LEVELS
from ui.pdf_preview import PdfPreview

HUB_FILTER = "汇总库 (*.hub.sqlite *.sqlite);;所有文件 (*)"


class NewHubDialog(QDialog):
    """Where the new hub goes (a file, or a PostgreSQL address) and whose it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建汇总库")
        self.target = QLineEdit()
        self.target.setPlaceholderText("汇总库文件，或 postgresql://用户@主机/数据库名")
        browse = QPushButton("选择文件…")
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.target, 1)
        row.addWidget(browse)
        self.level = QComboBox()
        self.level.addItem("街道/镇", "town")
        self.level.addItem("区", "district")
        self.code = QLineEdit()
        self.code.setPlaceholderText("12位统计用区划代码，如 310110012000")
        self.name = QLineEdit()
        self.name.setPlaceholderText("如 殷行街道")
        form = QFormLayout(self)
        form.addRow("保存位置", row)
        form.addRow("级别", self.level)
        form.addRow("统计用区划代码", self.code)
        form.addRow("名称", self.name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(560, 0)

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "新建汇总库", str(Path.home() / "汇总库.hub.sqlite"), HUB_FILTER
        )
        if path:
            self.target.setText(path)

    def values(self) -> dict[str, str]:
        return {
            "target": self.target.text().strip(),
            "level": str(self.level.currentData()),
            "code": self.code.text().strip(),
            "name": self.name.text().strip(),
        }


class AddStationDialog(QDialog):
    """A station's code, name and key fingerprint (shown on its 站点信息 page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("登记站点")
        self.code = QLineEdit()
        self.code.setPlaceholderText("站点的12位统计用区划代码")
        self.name = QLineEdit()
        self.key = QLineEdit()
        self.key.setPlaceholderText("站点信息页显示的密钥指纹，如 SHA256:1a2b-…")
        form = QFormLayout(self)
        form.addRow("统计用区划代码", self.code)
        form.addRow("站点名称", self.name)
        form.addRow("密钥指纹", self.key)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登记")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.resize(520, 0)

    def values(self) -> tuple[str, str, str]:
        return self.code.text().strip(), self.name.text().strip(), self.key.text().strip()


class PackageDialog(QDialog):
    """A received package: what its manifest says, and its PDFs in the preview."""

    def __init__(
        self, manifest: dict[str, Any], pdfs: dict[str, bytes], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        station = manifest.get("station", {})
        self.setWindowTitle(
            f"上报包：{station.get('name', '')}（{station.get('code', '')}）{manifest.get('period', '')}"
        )
        self._folder = tempfile.TemporaryDirectory(prefix="stationdesk-hub-")
        self.paths: dict[str, Path] = {}
        for name, data in pdfs.items():
            path = Path(self._folder.name) / name
            path.write_bytes(data)
            self.paths[name] = path
        level = LEVELS.get(station.get("level", ""), "")
        info = QLabel(
            f"{level} {station.get('name', '')}（{station.get('code', '')}）　"
            f"{KINDS.get(manifest.get('kind', ''), '')} {manifest.get('period_from', '')} 至 "
            f"{manifest.get('period_to', '')}　生成于 {manifest.get('created_at', '')}　"
            f"{'含抽查名单' if manifest.get('with_people') else '不含个人信息'}"
        )
        info.setWordWrap(True)
        self.files = QListWidget()
        self.files.addItems(sorted(self.paths))
        self.files.setMaximumWidth(200)
        self.preview = PdfPreview()
        self.preview.set_empty_text("该上报包没有 PDF")
        split = QSplitter()
        split.addWidget(self.files)
        split.addWidget(self.preview)
        split.setStretchFactor(1, 1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(info)
        lay.addWidget(split, 1)
        lay.addWidget(close)
        self.files.currentTextChanged.connect(self._show)
        if self.paths:
            self.files.setCurrentRow(0)
        self.resize(1000, 680)
        self.manifest_text = json.dumps(manifest, ensure_ascii=False)

    def _show(self, name: str) -> None:
        from ui.errors import guard

        if name in self.paths:
            with guard(self):
                self.preview.load(self.paths[name])

    def done(self, result: int) -> None:
        self.preview.clear()
        super().done(result)
        self._folder.cleanup()
