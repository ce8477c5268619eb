"""The one table-view setup of the window: every list is a ``QTableView`` over a model of
:mod:`ui.models.table_base` (no proxy), given its look here.

:func:`setup_table` sets the shared look (whole-row selection, fixed row height, no row numbers, left
aligned headers), optionally the model, the initial column widths (from typical texts), the badge and
score cell painters, and sorting by header click (the model sorts). Every table copies its selected
rows with Ctrl+C (tab-separated, with the header, the cells as shown: IDs masked) and offers
复制所选行 / 导出所选 in its right-click menu.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.models.table_base import TableModel
from ui.widgets.delegates import BadgeDelegate, ScoreDelegate

KEEP_ORDER = (-1, Qt.SortOrder.AscendingOrder)  # no sort indicator: the query's order until a click


def setup_table(
    view: QTableView,
    model: QAbstractItemModel | None = None,
    *,
    sortable: bool = False,
    initial_sort: tuple[int, Qt.SortOrder] = KEEP_ORDER,
    multi: bool = False,
    samples: Sequence[str] | None = None,
    padding: int = 18,
    stretch_last: bool = True,
    fit_columns: bool = False,
) -> QTableView:
    """Give ``view`` the look shared by every list (and ``model``); returns the view.

    ``sortable``: header clicks sort (the model sorts); ``initial_sort`` is the indicator shown first,
    set BEFORE sorting is enabled, else the view sorts at once (PLATFORM.md). ``multi``: extended
    selection. ``samples``: a typical text per column for its initial width (default: the columns'
    own samples of a TableModel); columns are then resizable by hand. ``fit_columns``: widen the columns
    to their contents after every reset (small lists only).
    """
    if model is not None:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setStretchLastSection(stretch_last)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    shown = view.model()
    if isinstance(shown, TableModel):
        for i, col in enumerate(shown.columns):
            if col.badge:
                view.setItemDelegateForColumn(i, BadgeDelegate(view))
            elif col.score:
                view.setItemDelegateForColumn(i, ScoreDelegate(view))
    _set_widths(view, samples, padding)
    if sortable:
        header.setSortIndicator(*initial_sort)
        view.setSortingEnabled(True)
    if fit_columns and shown is not None:
        shown.modelReset.connect(view.resizeColumnsToContents)
    _add_copy_actions(view)
    return view


# ---------------------------------------------------------------------------- copy and export


def selected_table(view: QTableView) -> tuple[list[str], list[list[str]]]:
    """The header and the selected rows as shown: visible columns in their on-screen order, each cell's
    display text (IDs masked as the list shows them), rows top to bottom."""
    model = view.model()
    if model is None:
        return [], []
    header = view.horizontalHeader()
    columns = [
        header.logicalIndex(v)
        for v in range(header.count())
        if not view.isColumnHidden(header.logicalIndex(v))
    ]
    titles = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    selection = view.selectionModel()
    rows = sorted({i.row() for i in selection.selectedIndexes()}) if selection is not None else []
    out = []
    for r in rows:
        cells = []
        for c in columns:
            value = model.data(model.index(r, c))
            text = "" if value is None else str(value)
            cells.append(text.replace("\t", " ").replace("\r", " ").replace("\n", " "))
        out.append(cells)
    return titles, out


def selection_text(view: QTableView) -> str:
    """The selected rows as tab-separated lines with the header first; "" when nothing is selected."""
    titles, rows = selected_table(view)
    if not rows:
        return ""
    return "\n".join("\t".join(line) for line in [titles, *rows]) + "\n"


def copy_selection(view: QTableView) -> int:
    """Put the selected rows on the clipboard; how many rows."""
    text = selection_text(view)
    if text:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(text)
    return max(text.count("\n") - 1, 0)


def export_selection(view: QTableView, path: Path | None = None) -> Path | None:
    """导出所选: the selected rows as shown into an Excel file (asked for unless ``path``)."""
    from app.documents.selection import write_selection
    from ui import dialogs
    from ui.errors import show_error

    titles, rows = selected_table(view)
    if not rows:
        dialogs.inform(view, "导出所选", "请先在列表中选择要导出的行（可按住 Ctrl 或 Shift 多选）。")
        return None
    if path is None:
        path = dialogs.ask_save_file(view, "导出所选", Path.home() / "所选记录.xlsx", dialogs.XLSX_FILTER)
        if path is None:
            return None
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    try:
        return write_selection(path, view.window().windowTitle() or "所选", titles, rows)
    except Exception as exc:
        show_error(view, exc)
        return None


class _CopyKey(QObject):
    """Ctrl+C on the view copies the selected rows (the view's own copy takes only the current cell)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
        ):
            copy_selection(self.view)
            return True
        return super().eventFilter(watched, event)


def _add_copy_actions(view: QTableView) -> None:
    if view.property("copy_actions"):
        return
    view.setProperty("copy_actions", True)
    copy = QAction("复制所选行", view)
    copy.setObjectName("copy_rows")
    copy.setShortcut(QKeySequence(QKeySequence.StandardKey.Copy))
    copy.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    copy.triggered.connect(lambda _c=False: copy_selection(view))
    export = QAction("导出所选…", view)
    export.setObjectName("export_rows")
    export.triggered.connect(lambda _c=False: export_selection(view))
    for action in (copy, export):
        view.addAction(action)
    view.installEventFilter(_CopyKey(view))
    if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)


def table_actions(view: QWidget) -> dict[str, QAction]:
    """The copy and export actions ``setup_table`` gave ``view`` (by object name)."""
    return {a.objectName(): a for a in view.actions() if a.objectName() in ("copy_rows", "export_rows")}


def _set_widths(view: QTableView, samples: Sequence[str] | None, padding: int) -> None:
    model = view.model()
    metrics = view.fontMetrics()
    if samples is None and isinstance(model, TableModel) and any(c.sample for c in model.columns):
        # Each column as wide as its typical text or its title.
        samples = [c.sample or c.title for c in model.columns]
        widths = [
            max(metrics.horizontalAdvance(s), metrics.horizontalAdvance(c.title)) + padding
            for s, c in zip(samples, model.columns, strict=True)
        ]
    elif samples is not None:
        widths = [metrics.horizontalAdvance(s) + padding for s in samples]
    else:
        return
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for i, width in enumerate(widths):
        if width > padding:  # an empty sample leaves the column's width alone
            view.setColumnWidth(i, width)
