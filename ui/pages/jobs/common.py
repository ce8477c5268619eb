"""What the tabs of 岗位与匹配 share: the tab keys, the list view, small widgets, selecting a record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, QTimer
from PySide6.QtWidgets import QLineEdit, QPushButton, QTableView

from ui.models.table_base import TableModel
from ui.widgets.tables import setup_table

TAB_VACANCIES = "vacancies"
TAB_EMPLOYERS = "employers"
TAB_MATCHING = "matching"
TAB_REFERRALS = "referrals"
TAB_TITLES = {
    TAB_VACANCIES: "岗位",
    TAB_EMPLOYERS: "用人单位",
    TAB_MATCHING: "匹配",
    TAB_REFERRALS: "推荐与回访",
}
VIEW_SEEKER = 0  # 为求职者找岗位
VIEW_VACANCY = 1  # 为岗位找人

PDF_FILTER = "PDF 文件 (*.pdf)"
NOTICE_TITLE = "岗位信息发布单"


def _esc(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def make_view(model: TableModel[Any], *, multi: bool = False) -> QTableView:
    """A list view over ``model``: whole rows, sortable by header, badge and score cells drawn."""
    return setup_table(QTableView(), model, sortable=True, multi=multi, padding=24)


def weights_hint() -> str:
    """How the 匹配度 is made, from the weights of app.matching (one line under the list)."""
    from app.jobs import matching as mt

    return (
        f"匹配度 = 意向{mt.INTENTION_WEIGHT}（同类岗位{mt.INTENTION_FAMILY}） + 薪酬{mt.PAY_WEIGHT}"
        f" + 年龄{mt.AGE_WEIGHT} + 学历{mt.EDUCATION_WEIGHT} + 岗位类型{mt.JOB_KIND_WEIGHT}"
        f" + 网格{mt.GRID_WEIGHT}；理由只列有区别的项，✗为不足；鼠标停在理由上看每一项得分"
    )


def _button(text: str, slot: Callable[[], Any], tip: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setAutoDefault(False)
    if tip:
        b.setToolTip(tip)
    b.clicked.connect(lambda _c=False: slot())
    return b


def _search(placeholder: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setPlaceholderText(placeholder)
    edit.setClearButtonEnabled(True)
    return edit


def select_row(view: QTableView, model: TableModel[Any], record_id: int, add: bool = False) -> bool:
    """Select (``add``: also) the row of ``record_id`` and scroll to it; False when it is not listed."""
    row = model.row_of_id(record_id)
    if row is None:
        return False
    # The first shown column: the view does not scroll to a cell of a hidden column.
    column = next((c for c in range(model.columnCount()) if not view.isColumnHidden(c)), 0)
    index = model.index(row, column)
    flags = QItemSelectionModel.SelectionFlag.Rows | (
        QItemSelectionModel.SelectionFlag.Select if add else QItemSelectionModel.SelectionFlag.ClearAndSelect
    )
    view.selectionModel().setCurrentIndex(index, flags)
    view.scrollTo(index)
    # Once more after the pending layout (a tab shown just now has no geometry yet).
    keep = QPersistentModelIndex(index)
    QTimer.singleShot(
        0,
        view,
        lambda: view.scrollTo(model.index(keep.row(), keep.column())) if keep.isValid() else None,
    )
    return True
