"""Cell painters of the table views (``ui.widgets.tables.setup_table`` installs them for the columns that
ask for them): a rounded badge (岗位要素: “要素齐全” green, “缺：…” red) and a score bar (匹配度). Both read
the model's roles (BADGE_ROLE, SCORE_ROLE, ForegroundRole); everything else is drawn by the default
delegate."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui import theme
from ui.models.table_base import BADGE_ROLE, SCORE_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
SCORE_FULL = 100  # 意向40 + 薪酬20 + 年龄15 + 学历10 + 类型10 + 网格5 (公益性岗位 +30 on top)


def _tint(color: QColor, alpha: int) -> QColor:
    c = QColor(color)
    c.setAlpha(alpha)
    return c


class BadgeDelegate(QStyledItemDelegate):
    """Draws cells whose BADGE_ROLE is true as a rounded label in their foreground colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        if not index.data(BADGE_ROLE):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        color = index.data(Qt.ItemDataRole.ForegroundRole)
        color = QColor(color) if color is not None else theme.qcolor(theme.SUCCESS)
        fm = opt.fontMetrics
        rect = opt.rect.adjusted(4, 3, -4, -3)
        width = min(rect.width(), fm.horizontalAdvance(text) + 16)
        pill = QRectF(rect.x(), rect.y(), width, rect.height())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(_tint(color, 140), 1))
        painter.setBrush(_tint(color, 28))
        radius = pill.height() / 2
        painter.drawRoundedRect(pill, radius, radius)
        painter.setPen(color)
        shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(pill.width()) - 12)
        painter.drawText(pill.adjusted(8, 0, -4, 0), int(Qt.AlignmentFlag.AlignVCenter), shown)
        painter.restore()


class ScoreDelegate(QStyledItemDelegate):
    """Draws cells whose SCORE_ROLE is an int as a bar (share of SCORE_FULL) with the number."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        score: Any = index.data(SCORE_ROLE)
        if not isinstance(score, int):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fm = opt.fontMetrics
        number_w = fm.horizontalAdvance("000") + 6
        rect = opt.rect.adjusted(6, 0, -6, 0)
        bar_h = max(6, min(10, rect.height() // 3))
        bar = QRectF(rect.x() + number_w, rect.center().y() - bar_h / 2 + 1, rect.width() - number_w, bar_h)
        share = max(0.0, min(1.0, score / SCORE_FULL))
        if score >= 75:
            color = theme.qcolor(theme.SUCCESS)
        elif score >= 50:
            color = theme.qcolor(theme.ACCENT)
        else:
            color = theme.qcolor(theme.GREY)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.setPen(opt.palette.highlightedText().color() if selected else theme.qcolor(theme.TEXT))
        painter.drawText(
            QRectF(rect.x(), rect.y(), number_w - 6, rect.height()),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            str(score),
        )
        if bar.width() > 8:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.qcolor(theme.TRACK))
            painter.drawRoundedRect(bar, bar_h / 2, bar_h / 2)
            filled = QRectF(bar.x(), bar.y(), max(bar_h, bar.width() * share), bar_h)
            painter.setBrush(color)
            painter.drawRoundedRect(filled, bar_h / 2, bar_h / 2)
        painter.restore()
