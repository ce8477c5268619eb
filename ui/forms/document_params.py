"""The item models and parameter fields of the 申报与报表 page: the document list, the person search
results, and one input per kind of document parameter (period, month, choice, yes/no, person), each
reading and checking its value. Split from ``ui.pages.documents`` so that the page module holds the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QDate, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import ValidationError
from app.core.idcard import mask_id
from app.core.period import Period
from ui import theme

# No assessment chosen: the document follows the latest saved assessment of the standard and period
# (定稿 before 草稿, app.documents.score_sheet.score_data); only without one is it computed from the ledgers.
CURRENT_DATA = "（最新保存的自评；没有时按当前数据）"
DEFAULT_STANDARD = "guangzhou-full-employment-2024"  # as on the 自评 page
PERSON_LIMIT = 50  # search results shown at once
# Kinds of parameter that make a document "score-related" (its period defaults to the standard's).
SCORE_KINDS = frozenset({"standard", "assessment"})

_Index = QModelIndex | QPersistentModelIndex


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


# ================================================================================= item models


class DocumentListModel(QAbstractListModel):
    """The documents of the registry, by title."""

    def __init__(self, documents: Sequence[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._documents = list(documents)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._documents)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._documents):
            return None
        spec = self._documents[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return spec.title
        if role == Qt.ItemDataRole.ToolTipRole:
            extra = "，可另存为Excel" if spec.build_xlsx is not None else ""
            return f"{spec.title}（PDF{extra}）"
        if role == Qt.ItemDataRole.UserRole:
            return spec.kind
        return None

    def spec(self, row: int) -> Any:
        return self._documents[row]

    def row_of(self, kind: str) -> int | None:
        for i, spec in enumerate(self._documents):
            if spec.kind == kind:
                return i
        return None


class PersonResultsModel(QAbstractListModel):
    """Persons found by a name / ID number / phone search (IDs masked)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[int, str, str, str]] = []

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        pid, name, id_number, phone = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "　".join(x for x in (name, mask_id(id_number), phone) if x)
        if role == Qt.ItemDataRole.UserRole:
            return pid
        return None

    def set_rows(self, rows: list[tuple[int, str, str, str]]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def person_id(self, row: int) -> int:
        return self._rows[row][0]

    def label(self, row: int) -> str:
        _pid, name, id_number, _phone = self._rows[row]
        return f"{name}（{mask_id(id_number)}）"


def search_persons(text: str, limit: int = PERSON_LIMIT) -> list[tuple[int, str, str, str]]:
    """Persons whose name, ID number or phone contains ``text``: (id, name, ID number, phone)."""
    from app.core.textnorm import clean
    from db.models import Person

    needle = clean(text)
    if not needle:
        return []
    like = f"%{needle}%"
    query: Any = (
        Person.select(Person.id, Person.name, Person.id_number, Person.phone)
        .where(Person.name**like | Person.id_number**like | Person.phone**like)
        .order_by(Person.name, Person.id)
        .limit(limit)
        .tuples()
    )
    return [(int(r[0]), str(r[1]), str(r[2]), str(r[3] or "")) for r in query]


# ================================================================================= parameter fields


class ParamField:
    """One parameter's widget; ``value()`` raises ValidationError naming the parameter."""

    def __init__(self, param: Any) -> None:
        self.param = param
        self.widget: QWidget = QWidget()

    @property
    def label(self) -> str:
        return str(self.param.label)

    def value(self) -> Any:
        raise NotImplementedError

    def key(self) -> Any:
        """A hashable form of the value (to know whether a built file is still current)."""
        return self.value()


class PeriodField(ParamField):
    def __init__(self, param: Any, default: Period) -> None:
        super().__init__(param)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit in (self.from_edit, self.to_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setMinimumWidth(118)
        self.widget = QWidget()
        lay = QHBoxLayout(self.widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.from_edit)
        lay.addWidget(QLabel("至"))
        lay.addWidget(self.to_edit)
        lay.addStretch(1)
        self.set_period(default)

    def set_period(self, period: Period) -> None:
        self.from_edit.setDate(_qdate(period.start))
        self.to_edit.setDate(_qdate(period.end))

    def set_locked(self, locked: bool) -> None:
        self.from_edit.setEnabled(not locked)
        self.to_edit.setEnabled(not locked)

    def value(self) -> Period:
        start, end = _pydate(self.from_edit.date()), _pydate(self.to_edit.date())
        if end < start:
            raise ValidationError(
                f"{self.label}：结束日期 {end} 早于开始日期 {start}，请改正", field=self.param.name
            )
        return Period(start, end)

    def key(self) -> Any:
        p = self.value()
        return (p.start, p.end)


class MonthField(ParamField):
    def __init__(self, param: Any, default: dt.date) -> None:
        super().__init__(param)
        self.edit = QDateEdit()
        self.edit.setDisplayFormat("yyyy年M月")
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumWidth(118)
        self.edit.setDate(_qdate(default.replace(day=1)))
        self.widget = self.edit

    def value(self) -> dt.date:
        return _pydate(self.edit.date()).replace(day=1)


class ComboField(ParamField):
    """A choice among (value, label) pairs; None is a legitimate value only for optional parameters."""

    def __init__(self, param: Any, items: Sequence[tuple[Any, str]], default: Any = None) -> None:
        super().__init__(param)
        self.combo = QComboBox()
        self.combo.setMinimumWidth(200)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.set_items(items, default)
        self.widget = self.combo

    def set_items(self, items: Sequence[tuple[Any, str]], keep: Any = None) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for value, text in items:
            self.combo.addItem(text, value)
            self.combo.setItemData(self.combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        i = self.combo.findData(keep) if keep is not None else -1
        self.combo.setCurrentIndex(i if i >= 0 else (0 if self.combo.count() else -1))
        self.combo.blockSignals(False)

    def value(self) -> Any:
        data = self.combo.currentData() if self.combo.currentIndex() >= 0 else None
        if data is None and getattr(self.param, "required", True):
            raise ValidationError(f"请选择{self.label}", field=self.param.name)
        return data


class BoolField(ParamField):
    def __init__(self, param: Any) -> None:
        super().__init__(param)
        self.box = QCheckBox(self.label)
        self.box.setChecked(bool(param.default))
        self.widget = self.box

    def value(self) -> bool:
        return self.box.isChecked()


class PersonField(ParamField):
    """A search box (name, ID number or phone) and the matching persons; the selected one is the value."""

    def __init__(self, param: Any) -> None:
        super().__init__(param)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("输入姓名、身份证号或电话搜索")
        self.search_edit.setClearButtonEnabled(True)
        self.model = PersonResultsModel()
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMinimumHeight(110)
        self.view.setMaximumHeight(150)
        self.hint = QLabel("未选择")
        theme.apply(self.hint, theme.MUTED_TEXT)
        self.hint.setWordWrap(True)
        self._timer = QTimer(self.view)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(lambda: self.search(self.search_edit.text()))
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(lambda: self.search(self.search_edit.text()))
        self.view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._on_pick(cur))
        self.widget = QWidget()
        lay = QVBoxLayout(self.widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(3)
        lay.addWidget(self.search_edit)
        lay.addWidget(self.view)
        lay.addWidget(self.hint)

    def search(self, text: str) -> int:
        """Fill the list with the persons matching ``text``; how many were found."""
        self._timer.stop()
        rows = search_persons(text)
        self.model.set_rows(rows)
        if not text.strip():
            self.hint.setText("未选择")
        elif not rows:
            self.hint.setText("没有找到匹配的人员")
        elif len(rows) == 1:
            self.view.setCurrentIndex(self.model.index(0, 0))
        else:
            more = "（只列出前 50 人，请输入更完整的信息）" if len(rows) >= PERSON_LIMIT else ""
            self.hint.setText(f"找到 {len(rows)} 人，请点击选择{more}")
        return len(rows)

    def _on_pick(self, index: QModelIndex) -> None:
        if index.isValid():
            self.hint.setText(f"已选择：{self.model.label(index.row())}")

    def selected_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.person_id(index.row()) if index.isValid() else None

    def value(self) -> int | None:
        pid = self.selected_id()
        if pid is None and getattr(self.param, "required", True):
            raise ValidationError(f"请先搜索并选择{self.label}", field=self.param.name)
        return pid


# ================================================================================= the page
