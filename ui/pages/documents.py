"""申报与报表: pick a document and its parameters, preview it in the app, print it, save it as PDF or Excel.

The documents come from the registry :data:`app.documents.DOCUMENTS` (the ``form`` command uses the same
one). Each :class:`DocumentSpec` lists its parameters; the form on the left is generated from them. A
document is built off the GUI thread behind a progress dialog into a temporary file, shown in the
:class:`~ui.pdf_preview.PdfPreview` on the right, printed from that file (:mod:`ui.printing`) or copied
to where the user saves it. Excel is built on demand the same way.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import UserError, ValidationError
from app.core.period import Period
from ui import dialogs, printing, theme
from ui.errors import show_error
from ui.forms.document_params import (
    CURRENT_DATA,
    DEFAULT_STANDARD,
    SCORE_KINDS,
    BoolField,
    ComboField,
    DocumentListModel,
    MonthField,
    ParamField,
    PeriodField,
    PersonField,
)
from ui.pages.base import NO_SIGNALS, PageSignals
from ui.pdf_preview import PdfPreview
from ui.workers import run_with_progress

PDF_FILTER = "PDF 文件 (*.pdf)"
XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def _registry() -> tuple[Any, ...]:
    """The shipped documents (empty until the registry module is there)."""
    try:
        from app.documents import DOCUMENTS
    except ImportError:
        return ()
    return tuple(DOCUMENTS)


class DocumentsPage(QWidget):
    """申报与报表."""

    def __init__(self, parent: QWidget | None = None, documents: Sequence[Any] | None = None) -> None:
        super().__init__(parent)
        self.documents = tuple(documents) if documents is not None else _registry()
        self.spec: Any = None
        self.fields: dict[str, ParamField] = {}
        # Built files live here until the page goes away (a finalizer removes the folder quietly).
        self.temp_dir = Path(tempfile.mkdtemp(prefix="stationdesk-documents-"))
        weakref.finalize(self, shutil.rmtree, str(self.temp_dir), ignore_errors=True)
        self._serial = 0
        # The file now in the preview and what it was built from: (kind, parameter keys).
        self.pdf_path: Path | None = None
        self._built_key: Any = None
        self.last_build_seconds: float | None = None
        self._save_dir: Path | None = None

        # ---- left: documents and parameters
        self.list_model = DocumentListModel(self.documents, self)
        self.doc_list = QListView()
        self.doc_list.setObjectName("document_list")
        self.doc_list.setModel(self.list_model)
        self.doc_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doc_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        theme.apply(self.doc_list, theme.DOCUMENT_LIST)
        self.doc_list.selectionModel().currentRowChanged.connect(lambda cur, _p: self._select_row(cur.row()))

        self.doc_title = QLabel()
        theme.apply(self.doc_title, theme.TITLE_TEXT)
        self.doc_title.setWordWrap(True)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.error_label = QLabel()
        self.error_label.setObjectName("error_label")
        theme.apply(self.error_label, theme.LOSS_TEXT)
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.preview_button = QPushButton("生成预览")
        self.preview_button.setDefault(True)
        theme.apply(self.preview_button, theme.PRIMARY_BUTTON)
        self.print_button = QPushButton("打印…")
        self.save_pdf_button = QPushButton("保存PDF…")
        self.save_xlsx_button = QPushButton("保存Excel…")
        self.preview_button.clicked.connect(lambda _c=False: self.generate_preview())
        self.print_button.clicked.connect(lambda _c=False: self.print_document())
        self.save_pdf_button.clicked.connect(lambda _c=False: self.save_pdf())
        self.save_xlsx_button.clicked.connect(lambda _c=False: self.save_excel())
        # 上报 (issue 16): the signed package of the month or of the chosen saved assessment.
        self.upward_button = QPushButton("上报包…")
        self.upward_button.setToolTip("生成签名的上报包（.sdpkg），交街道/镇、区汇总库导入")
        self.upward_button.clicked.connect(lambda _c=False: self.save_package())
        # Keyboard: F5 preview, Ctrl+P print, Ctrl+S save as PDF (while this page is shown).
        for keys, name, button in (
            (QKeySequence("F5"), "generate_preview", self.preview_button),
            (QKeySequence(QKeySequence.StandardKey.Print), "print_document", self.print_button),
            (QKeySequence(QKeySequence.StandardKey.Save), "save_pdf", self.save_pdf_button),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(
                lambda name=name, button=button: button.isEnabled() and getattr(self, name)()
            )
            text = keys.toString(QKeySequence.SequenceFormat.NativeText)
            button.setToolTip(f"快捷键：{text}")
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.preview_button)
        row = QHBoxLayout()
        row.addWidget(self.print_button)
        row.addWidget(self.save_pdf_button)
        row.addWidget(self.save_xlsx_button)
        row.addWidget(self.upward_button)
        buttons.addLayout(row)

        params_box = QWidget()
        pl = QVBoxLayout(params_box)
        pl.setContentsMargins(2, 4, 6, 4)
        pl.addWidget(self.doc_title)
        params_heading = QLabel("参数")
        theme.apply(params_heading, theme.HEADING_TEXT)
        pl.addWidget(params_heading)
        pl.addWidget(self.form_host)
        pl.addWidget(self.error_label)
        pl.addStretch(1)
        params_scroll = QScrollArea()
        params_scroll.setWidgetResizable(True)
        params_scroll.setFrameShape(QFrame.Shape.NoFrame)
        params_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        params_scroll.setWidget(params_box)

        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        docs_heading = QLabel("文档")
        theme.apply(docs_heading, theme.HEADING_TEXT)
        ll.addWidget(docs_heading)
        ll.addWidget(self.doc_list)
        ll.addWidget(params_scroll, 1)
        ll.addLayout(buttons)

        # ---- right: the preview
        self.preview = PdfPreview()
        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        theme.apply(self.status_label, theme.MUTED_TEXT)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.preview, 1)
        rl.addWidget(self.status_label)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([360, 760])
        split.setChildrenCollapsible(False)
        left.setMinimumWidth(320)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 6)
        lay.addWidget(split, 1)

        # The list is as tall as its documents (up to 12 rows), the parameters get the rest.
        row_h = max(self.doc_list.sizeHintForRow(0), self.doc_list.fontMetrics().height() + 10)
        self.doc_list.setFixedHeight(row_h * min(max(len(self.documents), 4), 12) + 6)
        if self.documents:
            self.doc_list.setCurrentIndex(self.list_model.index(0, 0))
        else:
            self.doc_title.setText("没有可用的文档")
            self.preview.set_empty_text("没有可用的文档。")
        self._update_buttons()

    # ------------------------------------------------------------------ page contract

    # ------------------------------------------------------------------ Page protocol

    REFRESHES_ON_SHOW: ClassVar[bool] = (
        False  # the main window calls reload() when the data changed meanwhile
    )

    def focus_filter(self) -> None:
        """No search field on this page."""

    def new_record(self) -> None:
        """No record to start from Ctrl+N on this page."""

    def window_signals(self) -> PageSignals:
        return NO_SIGNALS

    def reload(self) -> None:
        """Re-read the lists the parameters offer (standards, saved assessments)."""
        if self.spec is not None:
            self._refresh_assessments()

    def select_document(self, kind: str) -> None:
        row = self.list_model.row_of(kind)
        if row is None:
            raise UserError(f"没有文档“{kind}”")
        self.doc_list.setCurrentIndex(self.list_model.index(row, 0))

    # ------------------------------------------------------------------ parameter form

    def _select_row(self, row: int) -> None:
        if not 0 <= row < len(self.documents):
            return
        self.spec = self.list_model.spec(row)
        self.doc_title.setText(self.spec.title)
        self._build_form()
        self._show_error("")
        self._update_buttons()

    def _build_form(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = {}
        params = list(self.spec.params)
        score_related = any(p.kind in SCORE_KINDS for p in params)
        for p in params:
            field = self._make_field(p, score_related)
            self.fields[p.name] = field
            if isinstance(field, BoolField):
                self.form.addRow("", field.widget)
            else:
                # A long label “已保存的自评（可选，…）” keeps its name beside the field and its note below.
                name, sep, note = str(p.label).partition("（")
                self.form.addRow(f"{name}：", field.widget)
                if sep:
                    hint = QLabel(f"（{note}")
                    theme.apply(hint, theme.MUTED_TEXT)
                    hint.setWordWrap(True)
                    self.form.addRow("", hint)
        if not params:
            self.form.addRow(QLabel("此文档无需参数。"))
        standard = self._field_of_kind("standard")
        if isinstance(standard, ComboField):
            standard.combo.currentIndexChanged.connect(lambda _i: self._standard_changed())
        assessment = self._field_of_kind("assessment")
        if isinstance(assessment, ComboField):
            assessment.combo.currentIndexChanged.connect(lambda _i: self._assessment_changed())
        self._standard_changed()

    def _field_of_kind(self, kind: str) -> ParamField | None:
        for field in self.fields.values():
            if field.param.kind == kind:
                return field
        return None

    def _make_field(self, p: Any, score_related: bool) -> ParamField:
        kind = p.kind
        if kind == "period":
            default = p.default
            if isinstance(default, Period):
                period = default
            elif isinstance(default, tuple) and len(default) == 2:
                period = Period(default[0], default[1])
            else:
                from app.documents import default_period_for

                # The standard field (when there is one) sets its own period once it is filled in.
                period = default_period_for(self.spec.kind, DEFAULT_STANDARD if score_related else None)
            return PeriodField(p, period)
        if kind == "month":
            from app.documents.common import default_month

            month = p.default if isinstance(p.default, dt.date) else default_month()
            return MonthField(p, month)
        if kind == "standard":
            from app.assessment.standards import shipped_standards

            items = [(s.id, s.name) for s in shipped_standards()]
            return ComboField(p, items, p.default or DEFAULT_STANDARD)
        if kind == "assessment":
            return ComboField(p, [(None, CURRENT_DATA)])
        if kind == "person":
            return PersonField(p)
        if kind == "bool":
            return BoolField(p)
        if kind == "choice":
            return ComboField(p, list(p.choices), p.default)
        raise UserError(f"文档参数“{p.label}”的类型“{kind}”无法识别")

    def _standard_changed(self) -> None:
        """A standard sets the default period (its own reporting period) and the saved assessments."""
        standard = self._field_of_kind("standard")
        period = self._field_of_kind("period")
        if (
            isinstance(standard, ComboField)
            and isinstance(period, PeriodField)
            and period.param.default is None
        ):
            std_id = standard.combo.currentData()
            if std_id:
                from app.documents import default_period_for

                period.set_period(default_period_for(self.spec.kind, std_id))
        self._refresh_assessments()

    def _refresh_assessments(self) -> None:
        field = self._field_of_kind("assessment")
        if not isinstance(field, ComboField):
            return
        from app.assessment.assessments import list_assessments

        standard = self._field_of_kind("standard")
        std_id = standard.combo.currentData() if isinstance(standard, ComboField) else None
        keep = field.combo.currentData()
        items: list[tuple[Any, str]] = [(None, CURRENT_DATA)]
        for a in list_assessments(std_id or None):
            final = "（已定稿）" if a.finalized_at is not None else ""
            items.append((int(a.id), f"{a.title}{final}"))
        field.set_items(items, keep)
        self._assessment_changed()

    def _assessment_changed(self) -> None:
        """A saved assessment brings its own period: shown, and not editable while it is chosen."""
        field = self._field_of_kind("assessment")
        period = self._field_of_kind("period")
        if not isinstance(field, ComboField) or not isinstance(period, PeriodField):
            return
        assessment_id = field.combo.currentData()
        if assessment_id is None:
            period.set_locked(False)
            return
        from app.assessment.assessments import load, period_of

        period.set_period(period_of(load(int(assessment_id))))
        period.set_locked(True)

    def parameters(self) -> dict[str, Any]:
        """The values of the form, checked; shows the first problem beside the form and raises it."""
        values: dict[str, Any] = {}
        try:
            for name, field in self.fields.items():
                values[name] = field.value()
        except ValidationError as exc:
            self._show_error(exc.message)
            raise
        self._show_error("")
        return values

    def _key(self) -> Any:
        return (self.spec.kind, tuple((name, f.key()) for name, f in self.fields.items()))

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    # ------------------------------------------------------------------ building

    def _temp_file(self, suffix: str) -> Path:
        self._serial += 1
        return self.temp_dir / f"document-{self._serial}{suffix}"

    def generate_preview(self) -> Path | None:
        """Build the PDF of the chosen document and show it; its path, or None when nothing was built."""
        if self.spec is None:
            return None
        try:
            params = self.parameters()
        except ValidationError:
            return None
        try:
            return self._build_and_show(params)
        except Exception as exc:
            show_error(self, exc)
            return None

    def _build_and_show(self, params: dict[str, Any]) -> Path:
        spec = self.spec
        key = self._key()
        target = self._temp_file(".pdf")
        started = time.perf_counter()
        path = run_with_progress(
            self, f"正在生成{spec.title}", spec.build_pdf, target, cancellable=True, **params
        )
        seconds = time.perf_counter() - started
        old = self.pdf_path
        pages = self.preview.load(Path(path))
        self.pdf_path = Path(path)
        self._built_key = key
        self.last_build_seconds = seconds
        if old is not None and old != self.pdf_path:
            old.unlink(missing_ok=True)
        self.status_label.setText(f"{spec.title}：共 {pages} 页，生成用时 {seconds:.1f} 秒")
        self._update_buttons()
        return self.pdf_path

    def _current_pdf(self) -> Path | None:
        """The PDF of the current document and parameters: the previewed one, or a fresh build."""
        if self.spec is None:
            return None
        try:
            params = self.parameters()
            key = self._key()
        except ValidationError:
            return None
        if self.pdf_path is not None and key == self._built_key and self.pdf_path.is_file():
            return self.pdf_path
        return self._build_and_show(params)

    def print_document(self) -> int:
        """Print the document (building it first if the preview is not current); pages sent."""
        try:
            pdf = self._current_pdf()
            if pdf is None:
                return 0
            count = self.preview.page_count()
            first = self.preview.canvas.page_rect(0) if count else None
            landscape = first is not None and first.width() > first.height()
            printer = printing.ask_printer(self, count, landscape=landscape, title=self.spec.title)
            if printer is None:
                return 0
            sheets = run_with_progress(
                self, f"正在打印{self.spec.title}", printing.print_pdf, pdf, printer, cancellable=True
            )
            where = printer.outputFileName() or printer.printerName() or "打印机"
            self.status_label.setText(f"已将 {sheets} 页发送到 {where}")
            return int(sheets)
        except Exception as exc:
            show_error(self, exc)
            return 0

    def _suggested_name(self, suffix: str) -> Path:
        parts = [self.spec.title]
        for field in self.fields.values():
            try:
                value = field.value()
            except ValidationError:
                continue
            if isinstance(value, Period):
                parts.append(f"{value.start:%Y%m%d}-{value.end:%Y%m%d}")
            elif field.param.kind == "month" and isinstance(value, dt.date):
                parts.append(f"{value:%Y年%m月}")
            elif isinstance(field, PersonField) and value is not None:
                parts.append(field.selected_name())
        folder = self._save_dir or Path.home()
        return folder / ("_".join(parts) + suffix)

    def _copy_to(self, source: Path, dest: Path) -> None:
        try:
            shutil.copyfile(source, dest)
        except OSError as exc:
            raise UserError(
                f"无法保存到 {dest}：文件可能正被其他程序打开，或位置不可写，请关闭该文件或换个位置后重试。"
            ) from exc
        self._save_dir = dest.parent

    def save_pdf(self) -> Path | None:
        """Save the PDF where the user chooses; the saved path."""
        try:
            pdf = self._current_pdf()
            if pdf is None:
                return None
            dest = dialogs.ask_save_file(self, "保存PDF", self._suggested_name(".pdf"), PDF_FILTER)
            if dest is None:
                return None
            if dest.suffix.lower() != ".pdf":
                dest = dest.with_name(dest.name + ".pdf")
            self._copy_to(pdf, dest)
            self.status_label.setText(f"已保存PDF：{dest}")
            return dest
        except Exception as exc:
            show_error(self, exc)
            return None

    def save_excel(self) -> Path | None:
        """Build the Excel form of the document and save it where the user chooses; the saved path."""
        if self.spec is None or self.spec.build_xlsx is None:
            return None
        try:
            params = self.parameters()
        except ValidationError:
            return None
        try:
            dest = dialogs.ask_save_file(self, "保存Excel", self._suggested_name(".xlsx"), XLSX_FILTER)
            if dest is None:
                return None
            if dest.suffix.lower() != ".xlsx":
                dest = dest.with_name(dest.name + ".xlsx")
            target = self._temp_file(".xlsx")
            built = run_with_progress(
                self,
                f"正在生成{self.spec.title}（Excel）",
                self.spec.build_xlsx,
                target,
                cancellable=True,
                **params,
            )
            self._copy_to(Path(built), dest)
            Path(built).unlink(missing_ok=True)
            self.status_label.setText(f"已保存Excel：{dest}")
            return dest
        except Exception as exc:
            show_error(self, exc)
            return None

    def save_package(self, folder: Path | None = None) -> Path | None:
        """上报: write the signed period package of the month (月度工作信息报送表) or of the chosen saved
        assessment (自评打分表) into a folder; its path (issue 16, :mod:`app.upward.builder`)."""
        if self.spec is None:
            return None
        try:
            params = self.parameters()
        except ValidationError:
            return None
        try:
            from PySide6.QtWidgets import QFileDialog

            from app.upward import builder

            fn: Any
            if self.spec.kind == "monthly-report":
                fn, arg = builder.build_month_package, params.get("month")
            elif params.get("assessment"):
                fn, arg = builder.build_assessment_package, params["assessment"]
            else:
                raise UserError("上报自评结果，请先在“已保存的自评”中选择一份自评")
            if folder is None:
                name = QFileDialog.getExistingDirectory(
                    self, "上报包保存到", str(self._save_dir or Path.home())
                )
                if not name:
                    return None
                folder = Path(name)
            path = Path(run_with_progress(self, "正在生成上报包", fn, folder, arg))
            self._save_dir = folder
            self.status_label.setText(f"已写出上报包：{path}")
            return path
        except Exception as exc:
            show_error(self, exc)
            return None

    def _update_buttons(self) -> None:
        has = self.spec is not None
        self.upward_button.setEnabled(has and self.spec.kind in ("monthly-report", "score-sheet"))
        self.preview_button.setEnabled(has)
        self.print_button.setEnabled(has)
        self.save_pdf_button.setEnabled(has)
        self.save_xlsx_button.setEnabled(has and self.spec.build_xlsx is not None)
        self.save_xlsx_button.setToolTip(
            "此文档没有Excel格式" if has and self.spec.build_xlsx is None else "另存为Excel工作簿"
        )

    def closeEvent(self, event: Any) -> None:
        self.preview.clear()
        super().closeEvent(event)
