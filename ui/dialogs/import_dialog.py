"""导入台账: choose a workbook, import it all or nothing, and show every problem or the summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError
from app.workbook.report import ImportRejected, ImportReport, ImportSummary
from ui import dialogs, theme
from ui.errors import show_error
from ui.models.import_mapping import ColumnMatchModel, SampleTableModel
from ui.models.station_import import ImportSummaryModel, ProblemTableModel
from ui.widgets.screen import fit_size
from ui.widgets.tables import setup_table
from ui.workers import run_with_progress

PAGE_HINT, PAGE_PROBLEMS, PAGE_SUCCESS, PAGE_MAPPING = 0, 1, 2, 3
JSON_FILTER = "映射文件 (*.json)"


def _table(model: Any) -> QTableView:
    return setup_table(QTableView(), model, sortable=True, multi=True)


def ledger_file_filter() -> str:
    """The open dialog's filter: every format the reader takes (it tells them by content)."""
    from app.workbook.reader import OPEN_FILTER

    return OPEN_FILTER


class ImportDialog(QDialog):
    """Import a ledger workbook (LEDGER_FORMAT.md). ``imported(summary)`` after a successful import."""

    imported = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入台账工作簿")
        fit_size(self, 960, 640)
        self.source: Path | None = None
        self.preview: Any = None  # app.workbook.preview.Preview of the chosen file
        self.mapping: Any = None  # app.workbook.mapping.Mapping: remembered, then chosen here
        self.column_boxes: dict[tuple[str, str], QComboBox] = {}
        self.sheet_boxes: dict[str, QComboBox] = {}
        self.report: ImportReport | None = None
        self.summary: ImportSummary | None = None

        intro = QLabel(
            "选择台账文件：Excel 工作簿（.xlsx .xlsm .xls）、WPS 表格（.et）、OpenDocument 表格（.ods）"
            "或 CSV 文件（UTF-8 或 GBK 编码）。导入前会逐行检查所有工作表："
            "只要有一处问题，就不会导入任何数据；全部无误时一次性导入。"
            "身份证号相同的人员会更新，不会重复。"
        )
        intro.setWordWrap(True)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("尚未选择文件")
        self.choose_button = QPushButton("选择文件…")
        self.template_button = QPushButton("下载空白模板…")
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)

        # Result area.
        self.stack = QStackedWidget()
        hint = QLabel("没有台账文件？先点“下载空白模板…”，按模板填写后再导入。")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.apply(hint, theme.NOTE_TEXT)
        self.stack.addWidget(hint)

        problems_page = QWidget()
        pl = QVBoxLayout(problems_page)
        pl.setContentsMargins(0, 0, 0, 0)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        theme.apply(self.problems_label, theme.text_style(theme.LOSS, bold=True))
        self.problem_model = ProblemTableModel(self)
        self.problem_view = _table(self.problem_model)
        self.save_report_button = QPushButton("保存错误报告…")
        self.save_report_button.setToolTip(
            "保存一份工作簿副本：有问题的单元格标红并附批注，另加“错误清单”工作表"
        )
        bar = QHBoxLayout()
        bar.addWidget(QLabel("修改原工作簿后，再次点击“开始导入”。"), 1)
        bar.addWidget(self.save_report_button)
        pl.addWidget(self.problems_label)
        pl.addWidget(self.problem_view, 1)
        pl.addLayout(bar)
        self.stack.addWidget(problems_page)

        success_page = QWidget()
        sl = QVBoxLayout(success_page)
        sl.setContentsMargins(0, 0, 0, 0)
        self.success_label = QLabel()
        self.success_label.setWordWrap(True)
        theme.apply(self.success_label, theme.text_style(theme.PASS, bold=True))
        self.summary_model = ImportSummaryModel(self)
        self.summary_view = _table(self.summary_model)
        self.warnings_label = QLabel()
        self.warnings_label.setWordWrap(True)
        self.warning_model = ProblemTableModel(self)
        self.warning_view = _table(self.warning_model)
        sl.addWidget(self.success_label)
        sl.addWidget(self.summary_view, 2)
        sl.addWidget(self.warnings_label)
        sl.addWidget(self.warning_view, 1)
        self.stack.addWidget(success_page)
        self.stack.addWidget(self._build_mapping_page())

        self.preview_button = QPushButton("预览与映射")
        self.preview_button.setToolTip("先看每个工作表、每一列会导入到哪里，未识别的列可以指定对应字段")
        self.preview_button.setEnabled(False)
        self.import_button = QPushButton("开始导入")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.close_button = QPushButton("关闭")
        buttons = QHBoxLayout()
        buttons.addWidget(self.template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.stack, 1)
        layout.addLayout(buttons)

        self.choose_button.clicked.connect(self.choose_file)
        self.import_button.clicked.connect(self.start_import)
        self.save_report_button.clicked.connect(self.save_report)
        self.template_button.clicked.connect(self.save_template)
        self.preview_button.clicked.connect(self.show_preview)
        self.close_button.clicked.connect(self.accept)

    # --- actions -----------------------------------------------------------------------------
    def choose_file(self) -> None:
        path = dialogs.ask_open_file(self, "选择台账文件", ledger_file_filter())
        if path is not None:
            self.set_source(path)
            self.show_preview()

    def set_source(self, path: Path) -> None:
        self.source = Path(path)
        self.path_edit.setText(str(self.source))
        self.import_button.setEnabled(True)
        self.preview_button.setEnabled(True)
        self.preview = None
        self.mapping = None
        self.stack.setCurrentIndex(PAGE_HINT)

    def start_import(self) -> None:
        if self.source is None:
            return
        from app import workbook

        self.report = None
        self.summary = None
        mapping = self.current_mapping()
        try:
            summary = run_with_progress(
                self, "正在导入台账", workbook.import_workbook, self.source, mapping=mapping
            )
        except ImportRejected as exc:
            self.show_problems(exc.report)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.remember_mapping(mapping)
        self.show_summary(summary)
        self.imported.emit(summary)

    def show_problems(self, report: ImportReport) -> None:
        self.report = report
        self.problem_model.set_problems(report.problems)
        self.problem_view.resizeColumnsToContents()
        text = f"未导入任何数据：请修改以下 {len(report.problems)} 处问题后重新导入"
        if report.warnings:
            text += f"（另有 {len(report.warnings)} 条提示，见错误报告）"
        self.problems_label.setText(text)
        self.stack.setCurrentIndex(PAGE_PROBLEMS)

    def show_summary(self, summary: ImportSummary) -> None:
        self.summary = summary
        self.summary_model.set_summary(summary)
        self.summary_view.resizeColumnsToContents()
        text = f"导入成功：新增 {summary.created} 条，更新 {summary.updated} 条，未变 {summary.unchanged} 条"
        if summary.households_created:
            text += f"，新建家庭户 {summary.households_created} 个"
        self.success_label.setText(text + "。")
        warnings = list(summary.warnings)
        for result in summary.sheets.values():
            for w in result.warnings:
                if w not in warnings:
                    warnings.append(w)
        self.warning_model.set_problems(warnings)
        self.warning_view.resizeColumnsToContents()
        self.warnings_label.setText(f"提示 {len(warnings)} 条（已导入，请核对）：" if warnings else "")
        self.warnings_label.setVisible(bool(warnings))
        self.warning_view.setVisible(bool(warnings))
        self.stack.setCurrentIndex(PAGE_SUCCESS)

    def save_report(self) -> None:
        if self.report is None or self.source is None:
            return
        suggested = self.source.with_name(f"{self.source.stem}-错误报告.xlsx")
        dest = dialogs.ask_save_file(self, "保存错误报告", suggested, dialogs.XLSX_FILTER)
        if dest is None:
            return
        if dest.suffix.lower() != ".xlsx":
            dest = dest.with_name(dest.name + ".xlsx")
        if dest.resolve() == self.source.resolve():
            show_error(self, UserError("错误报告不能覆盖原工作簿，请换一个文件名。"))
            return
        report, source = self.report, self.source

        def write(*, progress: Any) -> Path:
            progress(0, 0, "正在写入错误报告…")
            report.save_xlsx(source, dest)
            return dest

        try:
            run_with_progress(self, "保存错误报告", write)
        except Exception as exc:
            show_error(self, exc)
            return
        dialogs.inform(self, "已保存", f"错误报告已保存到：\n{dest}\n有问题的单元格已标红，并附有批注。")

    def save_template(self) -> None:
        dest = dialogs.ask_save_file(self, "保存空白模板", Path.home() / "台账模板.xlsx", dialogs.XLSX_FILTER)
        if dest is None:
            return
        if dest.suffix.lower() != ".xlsx":
            dest = dest.with_name(dest.name + ".xlsx")
        from app import workbook

        def write(*, progress: Any) -> Path:
            progress(0, 0, "正在生成模板…")
            workbook.write_template(dest)
            return dest

        try:
            run_with_progress(self, "保存空白模板", write)
        except Exception as exc:
            show_error(self, exc)
            return
        dialogs.inform(self, "已保存", f"空白模板已保存到：\n{dest}")

    # --- the mapping step (issue 13 item 4) ----------------------------------------------------
    def _build_mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mapping_label = QLabel()
        self.mapping_label.setWordWrap(True)
        self.match_model = ColumnMatchModel(self)
        self.match_view = _table(self.match_model)
        self.unmatched_area = QScrollArea()
        self.unmatched_area.setWidgetResizable(True)
        self.unmatched_area.setMinimumWidth(300)
        self.apply_mapping_button = QPushButton("按所选映射刷新预览")
        self.save_mapping_button = QPushButton("保存映射…")
        self.save_mapping_button.setToolTip("把映射保存为 JSON 文件，命令行可用 import --mapping 使用")
        right = QVBoxLayout()
        right.addWidget(QLabel("未识别的列：选择对应的字段，或“忽略”"))
        right.addWidget(self.unmatched_area, 1)
        right.addWidget(self.apply_mapping_button)
        right.addWidget(self.save_mapping_button)
        top = QHBoxLayout()
        top.addWidget(self.match_view, 3)
        top.addLayout(right, 2)
        self.table_box = QComboBox()
        self.sample_model = SampleTableModel((), self)
        self.sample_view = _table(self.sample_model)
        sample_bar = QHBoxLayout()
        sample_bar.addWidget(QLabel("导入后的前几行（身份证号已隐藏中间位；⚠ 的单元格有问题）："), 1)
        sample_bar.addWidget(self.table_box)
        layout.addWidget(self.mapping_label)
        layout.addLayout(top, 3)
        layout.addLayout(sample_bar)
        layout.addWidget(self.sample_view, 2)
        self.apply_mapping_button.clicked.connect(self.show_preview)
        self.save_mapping_button.clicked.connect(self.save_mapping_file)
        self.table_box.currentTextChanged.connect(self.show_sample)
        return page

    def show_preview(self) -> None:
        """Read the chosen file (off the GUI thread), recognise it with the remembered mapping and the
        columns chosen here, and show the mapping page."""
        if self.source is None:
            return
        from app.workbook.mapping import recall
        from app.workbook.preview import preview_workbook

        def read(mapping: Any, *, progress: Any) -> Any:
            progress(0, 0, "正在读取并识别工作簿…")
            return preview_workbook(source, mapping=mapping)

        source = self.source
        try:
            if self.preview is None:  # a new file: the mapping remembered for its headers
                first = run_with_progress(self, "识别工作簿", read, None)
                self.mapping = recall(first.sheet_headers())
                self.preview = first if not self.mapping.sheets else None
            else:
                self.mapping = self.current_mapping()
            if self.preview is None or self.mapping is not None:
                self.preview = run_with_progress(self, "识别工作簿", read, self.mapping)
        except Exception as exc:
            show_error(self, exc)
            return
        self._fill_mapping_page()
        self.stack.setCurrentIndex(PAGE_MAPPING)

    def _fill_mapping_page(self) -> None:
        from app.workbook.mapping import IGNORE
        from app.workbook.recognise import field_text
        from app.workbook.schema import SHEETS
        from app.workbook.shapes import SHAPES

        preview = self.preview
        lines = [line for line in preview.lines() if line.startswith(("工作表", "将导入"))]
        problems = len(preview.problems)
        if problems:
            lines.append(f"读取时发现 {problems} 个问题，导入时会列出")
        self.mapping_label.setText("\n".join(lines))
        self.match_model.set_sheets([s for s in preview.sheets if s.columns])
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        self.column_boxes = {}
        self.sheet_boxes = {}
        chosen = self.mapping.sheets if self.mapping is not None else {}
        row = 0
        for sheet in preview.sheets:
            if not sheet.kind or sheet.kind == IGNORE:
                box = QComboBox()
                box.addItem("忽略", IGNORE)
                for target in [s.name for s in SHEETS] + [s.name for s in SHAPES]:
                    box.addItem(target, target)
                own = chosen.get(sheet.name)
                box.setCurrentIndex(max(0, box.findData(own.target if own else IGNORE)))
                grid.addWidget(QLabel(f"工作表“{sheet.name}”是"), row, 0)
                grid.addWidget(box, row, 1)
                self.sheet_boxes[sheet.name] = box
                row += 1
                continue
            fields = [field_text(f) for f in sheet.choices()]
            for match in sheet.columns:
                if match.how not in ("未识别，已忽略", "按映射", "按映射忽略"):
                    continue
                box = QComboBox()
                box.addItem("忽略", IGNORE)
                for text in fields:
                    box.addItem(text, text)
                current = field_text(match.target) if match.target else IGNORE
                box.setCurrentIndex(max(0, box.findData(current)))
                grid.addWidget(QLabel(f"{sheet.name} · {match.label}"), row, 0)
                grid.addWidget(box, row, 1)
                self.column_boxes[(sheet.name, match.label)] = box
                row += 1
        if row == 0:
            grid.addWidget(QLabel("所有列都已识别。"), 0, 0)
        grid.setRowStretch(max(row, 1), 1)
        self.unmatched_area.setWidget(grid_widget)
        self.table_box.blockSignals(True)
        self.table_box.clear()
        self.table_box.addItems(list(preview.tables))
        self.table_box.blockSignals(False)
        self.show_sample(self.table_box.currentText())

    def show_sample(self, table: str) -> None:
        if self.preview is None or table not in self.preview.tables:
            self.sample_model = SampleTableModel((), self)
        else:
            headers, rows = self.preview.sample(table)
            self.sample_model = SampleTableModel(headers, self)
            self.sample_model.set_sample(rows)
        self.sample_view.setModel(self.sample_model)
        self.sample_view.resizeColumnsToContents()

    def current_mapping(self) -> Any:
        """The remembered mapping with what is chosen on the mapping page; None when empty."""
        from app.workbook.mapping import IGNORE, Mapping, SheetMapping

        base = self.mapping if self.mapping is not None else Mapping()
        out = Mapping({k: SheetMapping(v.target, dict(v.columns)) for k, v in base.sheets.items()})
        for name, box in self.sheet_boxes.items():
            target = box.currentData()
            if target != IGNORE or name in out.sheets:
                out.sheets.setdefault(name, SheetMapping()).target = str(target)
        for (sheet, label), box in self.column_boxes.items():
            out.sheets.setdefault(sheet, SheetMapping()).columns[label] = str(box.currentData())
        return out if out.sheets else None

    def remember_mapping(self, mapping: Any) -> None:
        """Remember the mapping used for this file's headers in the station file (setting table)."""
        if mapping is None or self.preview is None:
            return
        from app.workbook.mapping import remember

        try:
            remember(self.preview.sheet_headers(), mapping)
        except Exception as exc:  # the import itself succeeded; say why it is not remembered
            show_error(self, exc)

    def save_mapping_file(self) -> None:
        if self.source is None:
            return
        from app.workbook.mapping import Mapping, save_mapping

        mapping = self.current_mapping() or Mapping()
        suggested = self.source.with_name(f"{self.source.stem}-映射.json")
        dest = dialogs.ask_save_file(self, "保存映射", suggested, JSON_FILTER)
        if dest is None:
            return
        if dest.suffix.lower() != ".json":
            dest = dest.with_name(dest.name + ".json")
        try:
            save_mapping(mapping, dest)
        except Exception as exc:
            show_error(self, exc)
            return
        dialogs.inform(
            self, "已保存", f"映射已保存到：\n{dest}\n命令行可用：import 文件 --mapping {dest.name}"
        )
