"""The one table-view setup of the window: every list is a ``QTableView`` over a model of
:mod:`ui.models.table_base` (no proxy), given its look here.

:func:`setup_table` sets the shared look (whole-row selection, fixed row height, no row numbers, left
aligned headers), optionally the model, the initial column widths (from typical texts), the badge and
score cell painters, and sorting by header click (the model sorts).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

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
    return view


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
