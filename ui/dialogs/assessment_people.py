"""The people behind a number: the members of one indicator set; double-click opens a person's record.
For a 定稿 the members are those kept at 定稿, with their names then."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.assessment.view import SetView
from ui import theme
from ui.forms.person_form import PersonForm
from ui.models.assessment_people import FrozenMembersModel, SetMembersModel
from ui.widgets.screen import fit_size
from ui.widgets.tables import setup_table


class PeopleDialog(QDialog):
    """Lists ``set_view.members`` (ID numbers masked)."""

    person_saved = Signal(int)  # a person's record was changed from here

    def __init__(self, set_view: SetView, context: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"名单：{set_view.text}")
        fit_size(self, 860, 520)
        self.set_view = set_view
        self.current_form: PersonForm | None = None
        self.model: SetMembersModel | FrozenMembersModel
        if set_view.frozen is not None:
            self.model = FrozenMembersModel(set_view.frozen, self)
            context = f"{context}　（定稿时的名单）"
        else:
            self.model = SetMembersModel(set_view.kind, set_view.members or [], set_view.details, self)

        heading = QLabel(f"<b>{set_view.text}</b>　{theme.span(context, theme.MUTED)}")
        heading.setWordWrap(True)
        self.view = QTableView()
        self.view.setModel(self.model)
        setup_table(self.view)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = self.view.fontMetrics()
        for col, title in enumerate(self.model.titles()):
            sample = {"身份证号": "440106********123X", "户主身份证号": "440106********123X"}.get(
                title, title + "一二"
            )
            self.view.setColumnWidth(col, metrics.horizontalAdvance(sample) + 24)
        self.view.activated.connect(self._open_index)
        self.view.doubleClicked.connect(self._open_index)

        persons = any(self.model.person_id(r) is not None for r in range(self.model.rowCount()))
        hint = QLabel(
            "双击一行打开此人的人员信息。身份证号已隐去中间位。" if persons else "身份证号已隐去中间位。"
        )
        theme.apply(hint, theme.MUTED_TEXT)
        close = QPushButton("关闭")
        close.clicked.connect(lambda _c=False: self.accept())
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(close)

        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addWidget(self.view, 1)
        lay.addLayout(bottom)

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_row(index.row())

    def open_row(self, row: int) -> PersonForm | None:
        """Open the record of the person in ``row`` (window-modal, not blocking); None when the row is
        not a person (a posting, a staff member ...)."""
        person_id = self.model.person_id(row)
        if person_id is None:
            return None
        if self.current_form is not None and self.current_form.isVisible():
            self.current_form.close()
        form = PersonForm(person_id, self)
        form.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        form.saved.connect(self.person_saved)
        self.current_form = form
        form.open()
        return form
