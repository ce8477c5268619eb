"""The item models and parameter fields of the 申报与报表 page: the document list and one input per kind
of document parameter (period, month, choice, yes/no, person: the one person picker), each reading and
checking its value. Split from ``ui.pages.documents`` so that the page module holds the page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QWidget,
)

from app.core.errors import ValidationError
from app.core.period import Period
from ui.widgets.person_picker import PersonPicker

# No assessment chosen: the document follows the latest saved assessment of the standard and period
# (定稿 before 草稿, app.documents.score_sheet.score_data); only without one is it computed from the ledgers.
CURRENT_DATA = "（最新保存的自评；没有时按当前数据）"
DEFAULT_STANDARD = "guangzhou-full-employment-2024"  # as on the 自评 page
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
    """The person picker (:mod:`ui.widgets.person_picker`); the chosen person is the value."""

    def __init__(self, param: Any) -> None:
        super().__init__(param)
        self.picker = PersonPicker()
        self.search_edit = self.picker.edit
        self.model = self.picker.model
        self.view = self.picker.view
        self.hint = self.picker.hint
        self.widget = self.picker

    def search(self, text: str) -> int:
        """Show the persons matching ``text``; how many were found."""
        return self.picker.search(text)

    def selected_id(self) -> int | None:
        return self.picker.selected_id()

    def selected_name(self) -> str:
        index = self.view.currentIndex()
        hit = self.model.row(index.row()) if index.isValid() else None
        return hit.name if hit is not None else ""

    def value(self) -> int | None:
        pid = self.selected_id()
        if pid is None and getattr(self.param, "required", True):
            raise ValidationError(f"请先搜索并选择{self.label}", field=self.param.name)
        return pid


# ================================================================================= the page
