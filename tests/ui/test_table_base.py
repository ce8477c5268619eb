"""The one table-model base (ui.models.table_base) and the one table-view setup (ui.widgets.tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView

from ui import theme
from ui.models.table_base import (
    BADGE_ROLE,
    ID_ROLE,
    SCORE_ROLE,
    CheckableTableModel,
    Column,
    PagedTableModel,
    TableModel,
)
from ui.widgets.delegates import BadgeDelegate, ScoreDelegate
from ui.widgets.tables import setup_table

UI = Path(__file__).resolve().parents[2] / "ui"


@dataclass(frozen=True)
class Thing:
    id: int
    name: str
    size: int | None


THINGS = [Thing(1, "乙", 3), Thing(2, "甲", None), Thing(3, "丙", 1), Thing(4, "丁", 2)]
COLUMNS = (
    Column[Thing]("名称", lambda t: t.name, sample="某某某某某某", header_tip="名称全称"),
    Column[Thing](
        "大小",
        lambda t: "" if t.size is None else str(t.size),
        key=lambda t: t.size,
        align="right",
        foreground=lambda t: theme.ERROR if t.size == 1 else None,
        background=lambda t: theme.EXPIRED_BACKGROUND if t.size is None else None,
        tooltip=lambda t: "未知" if t.size is None else None,
    ),
    Column[Thing]("标记", lambda t: "要素齐全", badge=True),
    Column[Thing]("匹配度", lambda t: str(t.id * 10), key=lambda t: t.id * 10, score=True, text_tip=False),
)


def model_of(rows=THINGS) -> TableModel[Thing]:
    model = TableModel(COLUMNS, lambda t: t.id)
    model.set_rows(rows)
    return model


def names(model: TableModel[Thing]) -> list[str]:
    return [model.text(r, "名称") for r in range(model.rowCount())]


def test_the_model_passes_qtmodeltester(qtmodeltester):
    model = model_of()
    qtmodeltester.check(model)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)


def test_cells_come_from_the_columns():
    model = model_of()
    big = model.index(0, 1)
    assert model.data(model.index(0, 0)) == "乙" and model.data(big) == "3"
    assert model.data(big, ID_ROLE) == 1
    assert model.data(big, Qt.ItemDataRole.TextAlignmentRole) == int(
        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    )
    assert model.data(model.index(2, 1), Qt.ItemDataRole.ForegroundRole) == QColor(theme.ERROR)
    assert model.data(model.index(1, 1), Qt.ItemDataRole.BackgroundRole) == QColor(theme.EXPIRED_BACKGROUND)
    assert model.data(model.index(0, 1), Qt.ItemDataRole.BackgroundRole) is None


def test_tooltips_own_then_the_text_unless_switched_off():
    model = model_of()
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ToolTipRole) == "未知"
    assert model.data(model.index(0, 1), Qt.ItemDataRole.ToolTipRole) == "3"
    assert model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole) is None


def test_badge_and_score_roles():
    model = model_of()
    assert model.data(model.index(0, 2), BADGE_ROLE) is True
    assert model.data(model.index(0, 0), BADGE_ROLE) is None
    assert model.data(model.index(2, 3), SCORE_ROLE) == 30
    assert model.data(model.index(2, 1), SCORE_ROLE) is None


def test_headers():
    model = model_of()
    assert model.titles() == ("名称", "大小", "标记", "匹配度")
    assert model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == "名称全称"
    assert model.headerData(1, Qt.Orientation.Vertical) == "2"
    assert model.headerData(9, Qt.Orientation.Horizontal) is None


def test_text_by_title_or_number_and_lookup_by_id():
    model = model_of()
    assert model.text(2, "名称") == model.text(2, 0) == "丙"
    assert model.row_of_id(4) == 3 and model.row_of_id(99) is None
    assert model.row_id(0) == 1 and model.row(9) is None and model.row_id(9) is None


def test_sort_puts_missing_keys_last_in_both_orders():
    model = model_of()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert names(model) == ["丙", "丁", "乙", "甲"]
    model.sort(1, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["乙", "丁", "丙", "甲"]


def test_sort_out_of_range_changes_nothing():
    model = model_of()
    model.sort(7)
    assert names(model) == ["乙", "甲", "丙", "丁"] and model.sort_state() is None


def test_new_rows_keep_the_sort():
    model = model_of()
    model.sort(1, Qt.SortOrder.AscendingOrder)
    model.set_rows([Thing(9, "戊", 5), *THINGS])
    assert names(model) == ["丙", "丁", "乙", "戊", "甲"]
    model.set_rows([Thing(9, "戊", 5), Thing(3, "丙", 1)], resort=False)
    assert names(model) == ["戊", "丙"]


def test_the_selection_follows_its_record_through_a_sort():
    model = model_of()
    kept = QPersistentModelIndex(model.index(0, 1))  # 乙
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert kept.row() == 2 and model.text(kept.row(), "名称") == "乙" and kept.column() == 1


def test_rows_without_ids_are_known_by_identity():
    model = TableModel(COLUMNS)
    model.set_rows(THINGS)
    kept = QPersistentModelIndex(model.index(1, 0))  # 甲
    model.sort(0, Qt.SortOrder.AscendingOrder)
    assert model.text(kept.row(), 0) == "甲"
    assert model.data(model.index(0, 0), ID_ROLE) is None and model.row_id(0) is None


def test_new_columns_drop_the_sort():
    model = model_of()
    model.sort(1)
    model.set_columns(COLUMNS[:2], THINGS[:2])
    assert model.columnCount() == 2 and model.sort_state() is None and names(model) == ["乙", "甲"]


def test_a_query_sorting_model_overrides_sort_rows(qtmodeltester):
    class Reversed(TableModel[Thing]):
        def sort_rows(self, rows, column, order):
            return list(reversed(THINGS)) if order == Qt.SortOrder.DescendingOrder else list(THINGS)

    model = Reversed(COLUMNS, lambda t: t.id)
    model.set_rows(THINGS)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert names(model) == ["丁", "丙", "甲", "乙"]
    qtmodeltester.check(model)


def test_paged_model_fetches_as_asked_and_sorts_by_query(qtmodeltester):
    calls: list[tuple[int, int]] = []
    data = [Thing(i, f"第{i}", i) for i in range(12)]
    order = {"desc": False}

    def fetch(limit: int, offset: int) -> list[Thing]:
        calls.append((limit, offset))
        rows = list(reversed(data)) if order["desc"] else data
        return rows[offset : offset + limit]

    model = PagedTableModel(COLUMNS, fetch, lambda: len(data), lambda t: t.id, page=5)
    model.load()
    assert model.total() == 12 and model.rowCount() == 5 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 12 and not model.canFetchMore()
    qtmodeltester.check(model)
    fresh = PagedTableModel(COLUMNS, fetch, lambda: len(data), lambda t: t.id, page=5)
    fresh.load()
    order["desc"] = True
    fresh.sort(1, Qt.SortOrder.DescendingOrder)
    assert fresh.rowCount() == 5 and fresh.text(0, 0) == "第11"
    assert calls[-1] == (5, 0) and fresh.sort_state() == (1, Qt.SortOrder.DescendingOrder)


def test_paged_model_stops_when_the_query_runs_dry():
    def fetch(limit: int, offset: int) -> list[Thing]:
        return THINGS[offset : min(offset + limit, 2)]

    model = PagedTableModel(COLUMNS, fetch, lambda: 3, page=1)
    model.load()
    model.fetchMore()
    model.fetchMore()  # only 2 rows although the count said 3
    assert model.rowCount() == 2 and model.total() == 2 and not model.canFetchMore()


def test_checkable_model(qtmodeltester):
    model = CheckableTableModel(COLUMNS, lambda t: t.id)
    model.set_rows(THINGS)
    qtmodeltester.check(model)
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsUserCheckable
    assert model.setData(model.index(2, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(2, 1), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    model.sort(1, Qt.SortOrder.AscendingOrder)
    assert model.checked_ids() == [3]
    assert model.data(model.index(0, 0), Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    model.check_first(2)
    assert model.checked_ids() == [3, 4]
    model.set_rows(THINGS)
    assert model.checked_ids() == []


# ---------------------------------------------------------------------------- the view setup


def test_setup_table_gives_the_shared_look_and_delegates(qtbot):
    view = setup_table(QTableView(), model_of(), sortable=True)
    qtbot.addWidget(view)
    assert view.selectionBehavior() == QAbstractItemView.SelectionBehavior.SelectRows
    assert view.selectionMode() == QAbstractItemView.SelectionMode.SingleSelection
    assert view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not view.verticalHeader().isVisible() and view.isSortingEnabled()
    assert isinstance(view.itemDelegateForColumn(2), BadgeDelegate)
    assert isinstance(view.itemDelegateForColumn(3), ScoreDelegate)
    assert view.horizontalHeader().sortIndicatorSection() == -1  # the query's order until a click
    assert [view.model().text(r, 0) for r in range(4)] == ["乙", "甲", "丙", "丁"]


def test_setup_table_initial_sort_multi_and_widths(qtbot):
    view = setup_table(
        QTableView(),
        model_of(),
        sortable=True,
        initial_sort=(1, Qt.SortOrder.AscendingOrder),
        multi=True,
        samples=("一二三四五六七八九十", ""),
        padding=10,
    )
    qtbot.addWidget(view)
    assert view.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection
    assert view.model().text(0, 0) == "丙"  # sorted at once by the initial indicator
    assert view.columnWidth(0) == view.fontMetrics().horizontalAdvance("一二三四五六七八九十") + 10


def test_setup_table_widths_from_the_columns_samples(qtbot):
    view = setup_table(QTableView(), model_of(), padding=24)
    qtbot.addWidget(view)
    metrics = view.fontMetrics()
    assert view.columnWidth(0) == metrics.horizontalAdvance("某某某某某某") + 24
    assert not view.isSortingEnabled()


def test_setup_table_fit_columns_follows_resets(qtbot):
    model = model_of([])
    view = setup_table(QTableView(), model, fit_columns=True, stretch_last=False)
    qtbot.addWidget(view)
    before = view.columnWidth(0)
    model.set_rows([Thing(1, "很长很长很长很长很长很长很长很长的名称", 1)])
    assert view.columnWidth(0) > before


# ---------------------------------------------------------------------------- one base, one setup


def _sources() -> dict[str, str]:
    return {str(p.relative_to(UI.parent)): p.read_text(encoding="utf-8") for p in sorted(UI.rglob("*.py"))}


def test_only_the_base_subclasses_qabstracttablemodel():
    users = [path for path, text in _sources().items() if re.search(r"\(\s*QAbstractTableModel\b", text)]
    assert users == ["ui/models/table_base.py"]


def test_only_the_setup_configures_table_views():
    pattern = re.compile(r"setSortingEnabled|setSortIndicator|setItemDelegateForColumn|setSelectionBehavior")
    users = [path for path, text in _sources().items() if pattern.search(text)]
    assert users == ["ui/widgets/tables.py"]


def test_no_proxy_models():
    proxy = re.compile(r"ProxyModel\s*\(|import[^\n]*ProxyModel")
    assert [path for path, text in _sources().items() if proxy.search(text)] == []


@pytest.mark.parametrize("module", ["ui.forms.common", "ui.pages.jobs"])
def test_no_second_setup_table(module):
    import importlib

    mod = importlib.import_module(module)
    assert getattr(mod, "setup_table", None) in (None, setup_table)
