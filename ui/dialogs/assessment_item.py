"""The detail pane of one item on the 自评 page, and its answer editor.

Shows the formula and numbers in words, the indicator sets as clickable counts (“登记失业 52 人”; for a
定稿 the people kept at 定稿), and for manual / assisted items the checklist (checkboxes, count spin boxes,
figures with their unit), the system's proposal (marked 系统建议), the override with its reason, a note
and the evidence files; when the saved answer had to be adjusted to a changed standard, why. The pane
does not write the database itself: it calls its host (the page), which owns the assessment.

Why this module is over 600 lines: one pane whose heading, the sets behind the numbers, the answer
editor (checklist, points, the proposal to confirm or override with a reason) and the evidence files all
show and change the one item selected on the page; its texts come from :mod:`app.assessment.view`.
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.assessment.assessments import EvidenceInfo
from app.assessment.scoring import Answer
from app.assessment.standards import Entry, Rule
from app.assessment.view import MODE_TITLES, ItemRow, SetView, points_text, status_text
from app.core.errors import UserError, ValidationError
from ui import dialogs, theme
from ui.errors import show_error
from ui.forms.common import ErrorLabel
from ui.models.assessment_evidence import EvidenceModel
from ui.widgets.tables import setup_table

PROPOSED_MARK = "【系统建议】"
REASON_MESSAGE = "改动系统建议分须填写理由"


class ItemHost(Protocol):
    """What the pane needs from the page."""

    def can_edit(self) -> bool: ...

    def answer_of(self, item_id: str) -> Answer | None: ...

    def answer_notice(self, item_id: str) -> str: ...

    def save_answer(self, item_id: str, answer: Answer) -> None: ...

    def clear_answer(self, item_id: str) -> None: ...

    def evidence_of(self, item_id: str) -> list[EvidenceInfo]: ...

    def add_evidence(self, item_id: str, path: Path) -> None: ...

    def remove_evidence(self, evidence_id: int) -> None: ...

    def evidence_content(self, evidence_id: int) -> bytes: ...

    def show_set(self, row: ItemRow, set_view: SetView) -> Any: ...


def _entry_label(e: Entry) -> str:
    sign = "+" if e.points > 0 else ""
    unit = "分/次" if e.each else "分"
    return f"{e.label}（{sign}{points_text(e.points)}{unit}）" if e.points else e.label


def figure_label(rule: Rule) -> str:
    """The label of an entered figure with its unit: “满意率（%）”, “量化评分综合得分（分）”."""
    return f"{rule.input}（{rule.unit}）" if rule.unit else rule.input


def figure_hint(rule: Rule) -> str:
    """How to type the figure: a percentage is typed as a number of percent (92, not 0.92)."""
    test = f"，要求{rule.test.text}" if rule.test is not None and rule.test.text else ""
    if rule.unit == "%":
        return f"按百分数填写：92% 填 92（不要填 0.92），可带小数如 92.5，不超过 100{test}"
    if rule.unit:
        return f"单位：{rule.unit}，填写数字{test}"
    return f"填写数字{test}"


def percent_fraction_suspects(rules: dict[str, Rule], numbers: dict[str, Decimal]) -> list[str]:
    """Percentage figures between 0 and 1 (exclusive): probably typed as a fraction (0.92 for 92%)."""
    return [
        label
        for label, v in numbers.items()
        if label in rules and rules[label].unit == "%" and Decimal(0) < v < Decimal(1)
    ]


def _clear_layout(layout: Any) -> None:
    while layout.count():
        child = layout.takeAt(0)
        widget = child.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        elif child.layout() is not None:
            _clear_layout(child.layout())


class ItemDetailPane(QWidget):
    """Detail of the selected item; call :meth:`show_row` with the row (or None)."""

    def __init__(self, host: ItemHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.row: ItemRow | None = None
        self.snapshot = False
        self.checkboxes: dict[str, QCheckBox] = {}
        self.spins: dict[str, QSpinBox] = {}
        self.inspection_keys: set[str] = set()  # the spins of inspection deductions
        self.numbers: dict[str, QLineEdit] = {}
        self.number_rules: dict[str, Rule] = {}
        self.number_hints: dict[str, QLabel] = {}
        self.set_links: dict[str, tuple[QLabel, SetView]] = {}

        self.heading = QLabel("请在左侧选择一个项目")
        theme.apply(self.heading, theme.SUBTITLE)
        self.heading.setWordWrap(True)
        self.subheading = QLabel()
        theme.apply(self.subheading, theme.MUTED_TEXT)
        self.readonly_label = QLabel("本自评已定稿，内容只读；显示的是定稿时的结果，不随台账变化。")
        theme.apply(self.readonly_label, theme.READONLY_BOX)
        self.readonly_label.setWordWrap(True)
        self.readonly_label.hide()
        self.notice_label = QLabel()
        theme.apply(self.notice_label, theme.NOTICE_BOX)
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.basis = QLabel()
        self.basis.setWordWrap(True)
        theme.apply(self.basis, theme.BASIS_BOX)
        self.basis.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.basis.hide()

        self.sets_box = QWidget()
        self.sets_layout = QVBoxLayout(self.sets_box)
        self.sets_layout.setContentsMargins(0, 0, 0, 0)
        self.sets_layout.setSpacing(2)

        # ---- answer editor
        self.answer_box = QGroupBox("人工填写")
        self.proposal_label = QLabel()
        self.proposal_label.setWordWrap(True)
        theme.apply(self.proposal_label, theme.PROPOSAL_TEXT)
        self.entries_box = QWidget()
        self.entries_layout = QVBoxLayout(self.entries_box)
        self.entries_layout.setContentsMargins(0, 0, 0, 0)
        self.entries_layout.setSpacing(4)
        self.override_combo = QComboBox()
        self.override_combo.setToolTip("辅助项目可以直接改分；改动须填写理由")
        self.override_row = QWidget()
        orow = QHBoxLayout(self.override_row)
        orow.setContentsMargins(0, 0, 0, 0)
        orow.addWidget(QLabel("得分："))
        orow.addWidget(self.override_combo)
        orow.addStretch(1)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("改动系统建议时必填，如：现场核实资料柜已配备")
        self.reason_error = ErrorLabel()
        self.reason_row = QWidget()
        rrow = QVBoxLayout(self.reason_row)
        rrow.setContentsMargins(0, 0, 0, 0)
        rrow.setSpacing(2)
        rline = QHBoxLayout()
        rline.addWidget(QLabel("改动理由："))
        rline.addWidget(self.reason_edit, 1)
        rrow.addLayout(rline)
        rrow.addWidget(self.reason_error)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setPlaceholderText("备注（可不填）：如资料存放位置、核实情况")
        self.note_edit.setFixedHeight(54)
        self.error_label = ErrorLabel()
        self.confirm_button = QPushButton("确认系统建议")
        self.confirm_button.setToolTip("按系统建议计分（不需要理由）")
        self.confirm_button.clicked.connect(lambda _c=False: self.confirm_proposal())
        self.save_button = QPushButton("保存")
        self.save_button.clicked.connect(lambda _c=False: self.save())
        self.clear_button = QPushButton("清除填写")
        self.clear_button.setToolTip("删除本项已填写的内容，恢复为待填写")
        self.clear_button.clicked.connect(lambda _c=False: self.clear())
        buttons = QHBoxLayout()
        buttons.addWidget(self.error_label, 1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        alay = QVBoxLayout(self.answer_box)
        alay.addWidget(self.proposal_label)
        alay.addWidget(self.entries_box)
        alay.addWidget(self.override_row)
        alay.addWidget(self.reason_row)
        alay.addWidget(self.note_edit)
        alay.addLayout(buttons)

        # ---- evidence
        self.evidence_box = QGroupBox("佐证材料")
        self.evidence_model = EvidenceModel(self)
        self.evidence_view = QTableView()
        self.evidence_view.setModel(self.evidence_model)
        setup_table(self.evidence_view)
        self.evidence_view.setFixedHeight(104)
        self.evidence_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.evidence_view.horizontalHeader().setStretchLastSection(False)
        self.evidence_view.setColumnWidth(1, 80)
        self.evidence_view.setColumnWidth(2, 130)
        self.evidence_view.doubleClicked.connect(lambda _i: self.open_evidence())
        self.evidence_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_evidence_buttons()
        )
        self.add_file_button = QPushButton("添加文件…")
        self.add_file_button.clicked.connect(lambda _c=False: self.add_file())
        self.open_file_button = QPushButton("打开")
        self.open_file_button.clicked.connect(lambda _c=False: self.open_evidence())
        self.save_copy_button = QPushButton("另存为…")
        self.save_copy_button.clicked.connect(lambda _c=False: self.save_copy())
        self.remove_file_button = QPushButton("删除")
        self.remove_file_button.clicked.connect(lambda _c=False: self.remove_evidence())
        ebuttons = QHBoxLayout()
        ebuttons.addWidget(self.add_file_button)
        ebuttons.addWidget(self.open_file_button)
        ebuttons.addWidget(self.save_copy_button)
        ebuttons.addWidget(self.remove_file_button)
        ebuttons.addStretch(1)
        elay = QVBoxLayout(self.evidence_box)
        elay.addWidget(self.evidence_view)
        elay.addLayout(ebuttons)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(10, 8, 10, 8)
        lay.addWidget(self.heading)
        lay.addWidget(self.subheading)
        lay.addWidget(self.readonly_label)
        lay.addWidget(self.notice_label)
        lay.addWidget(self.basis)
        lay.addWidget(self.sets_box)
        lay.addWidget(self.answer_box)
        lay.addWidget(self.evidence_box)
        lay.addStretch(1)
        self.show_row(None)

    # ------------------------------------------------------------------ showing

    def show_row(self, row: ItemRow | None, snapshot: bool = False) -> None:
        self.row = row
        self.snapshot = snapshot
        self.error_label.show_message("")
        self.reason_error.show_message("")
        _clear_layout(self.sets_layout)
        _clear_layout(self.entries_layout)
        self.checkboxes, self.spins, self.numbers, self.set_links = {}, {}, {}, {}
        self.inspection_keys = set()
        self.number_rules, self.number_hints = {}, {}
        if row is None:
            self.heading.setText("请在上方列表中选择一个项目")
            self.subheading.setText("选中项目后，这里显示计算公式和人数、名单、人工填写内容与佐证材料。")
            for w in (
                self.basis,
                self.sets_box,
                self.answer_box,
                self.evidence_box,
                self.readonly_label,
                self.notice_label,
            ):
                w.hide()
            return
        self.heading.setText(f"{row.id}　{row.title}")
        if row.max is not None:
            score = f"满分 {points_text(row.max)} 分 · 得分 {points_text(row.points)} 分"
        else:
            score = "达标" if row.met else "未达标"
            if row.item is not None and not row.item.required:
                score += "（非必备条件）"
        self.subheading.setText(
            f"{row.section_title} · {MODE_TITLES.get(row.mode, row.mode)} · {score} · {status_text(row)}"
        )
        self.readonly_label.setVisible(snapshot)
        notice = "" if snapshot else self.host.answer_notice(row.id)
        self.notice_label.setText(f"{notice}。请核对后重新保存本项。" if notice else "")
        self.notice_label.setVisible(bool(notice))
        self.basis.setText(row.basis)
        self.basis.show()
        self._show_sets(row, snapshot)
        self._show_editor(row)
        self._load_evidence()
        self._apply_enabled()

    def _show_sets(self, row: ItemRow, snapshot: bool) -> None:
        shown = False
        for ind in row.indicators:
            sets = [s for s in ind.sets if s.count or s.members is None]
            if not sets:
                continue
            line = QHBoxLayout()
            line.setSpacing(10)
            title = QLabel(f"{ind.title}：")
            theme.apply(title, theme.MUTED_TEXT)
            line.addWidget(title)
            for s in ind.sets:
                if s.members is None or not s.count:
                    label = QLabel(html.escape(s.text))
                    theme.apply(label, theme.MUTED_TEXT if not s.count else "")
                else:
                    label = QLabel(f'<a href="{s.indicator_id}:{s.name}">{html.escape(s.text)}</a>')
                    label.setToolTip("点击查看名单")
                    label.linkActivated.connect(lambda _href, sv=s: self.host.show_set(row, sv))
                    self.set_links[f"{s.indicator_id}:{s.name}"] = (label, s)
                line.addWidget(label)
            line.addStretch(1)
            self.sets_layout.addLayout(line)
            shown = True
        if shown and snapshot:
            kept = all(s.members is not None for ind in row.indicators for s in ind.sets)
            note = QLabel(
                "名单为定稿时保存的人员（姓名为定稿时的记录），点击人数查看。"
                if kept
                else "这份定稿未保存名单（早期版本定稿），只有人数；名单请在草稿或预览中查看。"
            )
            theme.apply(note, theme.MUTED_TEXT)
            self.sets_layout.addWidget(note)
        self.sets_box.setVisible(shown)

    def _show_editor(self, row: ItemRow) -> None:
        item = row.item
        answer = self.host.answer_of(row.id)
        self.answer_box.show()
        self.answer_box.setTitle({"assisted": "核对系统建议", "manual": "人工填写"}.get(row.mode, "备注"))
        assisted = row.mode == "assisted"
        self.proposal_label.setVisible(assisted and not self.snapshot)
        if assisted and not self.snapshot:
            proposed = "、".join(e.label for e in self._entries() if e.key in row.proposed_checked) or "无"
            points = f"{points_text(row.proposed_points)} 分，" if row.proposed_points is not None else ""
            if row.proposed_checked == {"met"}:
                proposed = "达标"
            self.proposal_label.setText(f"{PROPOSED_MARK}{points}建议勾选：{proposed}")
        checked = self._initial_checked(row, answer)
        if item is not None:
            for rule in item.rule.walk():
                if rule.manual:
                    box = QCheckBox("达标" + (PROPOSED_MARK if "met" in row.proposed_checked else ""))
                    box.setChecked("met" in checked)
                    self.checkboxes["met"] = box
                    self.entries_layout.addWidget(box)
                if rule.input:
                    edit = QLineEdit()
                    edit.setPlaceholderText("如 92（表示 92%）" if rule.unit == "%" else "填写数字")
                    hint = figure_hint(rule)
                    edit.setToolTip(hint)
                    value = answer.numbers.get(rule.input) if answer else None
                    edit.setText("" if value is None else format(value.normalize(), "f"))
                    line = QHBoxLayout()
                    line.addWidget(QLabel(f"{figure_label(rule)}："))
                    line.addWidget(edit)
                    if rule.unit:
                        line.addWidget(QLabel(rule.unit))
                    line.addStretch(1)
                    hint_label = QLabel(hint)
                    theme.apply(hint_label, theme.SMALL_MUTED_TEXT)
                    hint_label.setWordWrap(True)
                    self.numbers[rule.input] = edit
                    self.number_rules[rule.input] = rule
                    self.number_hints[rule.input] = hint_label
                    self.entries_layout.addLayout(line)
                    self.entries_layout.addWidget(hint_label)
            for e in self._entries():
                if e.each:
                    spin = QSpinBox()
                    spin.setRange(0, 999)
                    spin.setValue(int(answer.counts.get(e.key, 0)) if answer else 0)
                    line = QHBoxLayout()
                    line.addWidget(QLabel(_entry_label(e)))
                    line.addWidget(spin)
                    line.addStretch(1)
                    self.spins[e.key] = spin
                    self.entries_layout.addLayout(line)
                else:
                    text = _entry_label(e) + (PROPOSED_MARK if e.key in row.proposed_checked else "")
                    box = QCheckBox(text)
                    box.setChecked(e.key in checked)
                    self.checkboxes[e.key] = box
                    self.entries_layout.addWidget(box)
            # Deductions the seed leaves to the inspection: what the station's own check found.
            for d in item.inspection:
                spin = QSpinBox()
                spin.setRange(0, 999)
                spin.setValue(int(answer.counts.get(d.key, 0)) if answer else 0)
                spin.setToolTip("评估组抽查时才扣的分：站点自查发现的，填写处数并在备注中写明，自评预先扣分")
                line = QHBoxLayout()
                line.addWidget(QLabel(f"自查扣分：{d.label}（每处扣 {points_text(d.per)} 分）"))
                line.addWidget(spin)
                line.addStretch(1)
                self.spins[d.key] = spin
                self.inspection_keys.add(d.key)
                self.entries_layout.addLayout(line)
        self.entries_box.setVisible(bool(self.checkboxes or self.spins or self.numbers))
        score_sheet = row.max is not None
        self.override_row.setVisible(assisted and score_sheet)
        self.override_combo.clear()
        self.override_combo.addItem("按勾选计分", None)
        if assisted and score_sheet and row.max is not None:
            steps = int(row.max * 2)
            for i in range(steps + 1):
                value = Decimal(i) / 2
                self.override_combo.addItem(f"{points_text(value)} 分", points_text(value))
            if answer is not None and answer.override_points is not None:
                self.set_override(answer.override_points)
        self.reason_row.setVisible(assisted)
        self.reason_edit.setText(answer.override_reason if answer else "")
        self.note_edit.setPlainText(answer.note if answer else "")
        self.confirm_button.setVisible(assisted)
        self.clear_button.setVisible(row.mode != "auto")
        self.save_button.setText("保存备注" if row.mode == "auto" else "保存")

    def _entries(self) -> list[Entry]:
        if self.row is None or self.row.item is None:
            return []
        return [e for rule in self.row.item.rule.walk() for e in rule.entries]

    def _initial_checked(self, row: ItemRow, answer: Answer | None) -> frozenset[str]:
        if not self.snapshot:
            return row.checked
        if answer is not None and answer.checked is not None:
            return answer.checked
        return frozenset()

    def _apply_enabled(self) -> None:
        editable = self.host.can_edit() and not self.snapshot
        for w in (
            *self.checkboxes.values(),
            *self.spins.values(),
            *self.numbers.values(),
            self.override_combo,
            self.reason_edit,
            self.note_edit,
            self.confirm_button,
            self.save_button,
            self.clear_button,
            self.add_file_button,
            self.remove_file_button,
        ):
            w.setEnabled(editable)
        self.evidence_box.show()
        self._update_evidence_buttons()

    # ------------------------------------------------------------------ answers

    def current_answer(self) -> Answer:
        """The answer the controls describe; ValidationError (shown beside the field) on a bad figure."""
        numbers: dict[str, Decimal] = {}
        for label, edit in self.numbers.items():
            text = edit.text().strip()
            if not text:
                continue
            try:
                value = Decimal(text)
            except InvalidOperation:
                raise ValidationError(f"“{label}”须填写数字，如 12", field="numbers") from None
            if not value.is_finite():
                raise ValidationError(f"“{label}”须填写数字，如 12", field="numbers")
            numbers[label] = value
        return Answer(
            checked=frozenset(k for k, box in self.checkboxes.items() if box.isChecked()),
            counts={k: spin.value() for k, spin in self.spins.items() if spin.value()},
            numbers=numbers,
            note=self.note_edit.toPlainText().strip(),
            override_points=self.override_points(),
            override_reason=self.reason_edit.text().strip(),
        )

    def inspection_counts(self) -> dict[str, int]:
        """The deductions entered for the item's inspection rules (only those not zero)."""
        return {k: self.spins[k].value() for k in self.inspection_keys if self.spins[k].value()}

    def override_points(self) -> Decimal | None:
        data = self.override_combo.currentData()
        return None if data is None else Decimal(str(data))

    def set_override(self, points: Decimal | None) -> None:
        """Choose the override in the combo (None: 按勾选计分)."""
        i = 0 if points is None else self.override_combo.findData(points_text(points))
        self.override_combo.setCurrentIndex(max(0, i))

    def save(self) -> bool:
        """Save what the controls say. An auto item keeps only its note."""
        if self.row is None:
            return False
        if self.row.mode == "auto":
            return self._store(
                lambda: Answer(note=self.note_edit.toPlainText().strip(), counts=self.inspection_counts())
            )
        if not self._fractions_meant():
            return False
        return self._store(self.current_answer)

    def _fractions_meant(self) -> bool:
        """A percentage typed as a fraction (0.92 for 92%) is asked about before saving."""
        try:
            answer = self.current_answer()
        except ValidationError:
            return True  # _store shows the message
        suspects = percent_fraction_suspects(self.number_rules, dict(answer.numbers))
        if not suspects:
            return True
        label = suspects[0]
        value = format(answer.numbers[label].normalize(), "f")
        meant = format((answer.numbers[label] * 100).normalize(), "f")
        return dialogs.confirm(
            self,
            "核对百分数",
            f"“{label}”填的是 {value}，将按 {value}% 计算。\n"
            f"如果是 {meant}%，请改填 {meant}。仍按 {value}% 保存吗？",
            yes="仍然保存",
            no="返回修改",
        )

    def confirm_proposal(self) -> bool:
        """Accept the system's proposal for an assisted item (no reason needed)."""
        if self.row is None:
            return False
        return self._store(
            lambda: Answer(
                checked=None, note=self.note_edit.toPlainText().strip(), counts=self.inspection_counts()
            )
        )

    def _store(self, make: Callable[[], Answer]) -> bool:
        assert self.row is not None
        self.error_label.show_message("")
        self.reason_error.show_message("")
        try:
            answer = make()
            self.host.save_answer(self.row.id, answer)
        except ValidationError as exc:
            if exc.field == "override_reason":
                self.reason_error.show_message(exc.message)
                self.reason_edit.setFocus()
                self._bring_into_view(self.reason_row)
            else:
                self.error_label.show_message(exc.message)
                self._bring_into_view(self.error_label)
            return False
        except UserError as exc:
            self.error_label.show_message(exc.message)
            show_error(self, exc)
            return False
        return True

    def _bring_into_view(self, widget: QWidget) -> None:
        """Scroll the pane's scroll area (when it sits in one) so that ``widget`` — an error beside its
        field — is visible: the answer editor is often below the fold."""
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget, 0, 40)

    def clear(self) -> bool:
        if self.row is None:
            return False
        if not dialogs.confirm(
            self, "清除填写", f"确定清除第 {self.row.id} 项已填写的内容吗？佐证材料保留。"
        ):
            return False
        try:
            self.host.clear_answer(self.row.id)
        except UserError as exc:
            self.error_label.show_message(exc.message)
            show_error(self, exc)
            return False
        return True

    # ------------------------------------------------------------------ evidence

    def _load_evidence(self) -> None:
        rows = self.host.evidence_of(self.row.id) if self.row is not None else []
        self.evidence_model.load(rows)
        self.evidence_box.setTitle(f"佐证材料（{len(rows)} 个文件）" if rows else "佐证材料")
        self._update_evidence_buttons()

    def _selected_evidence(self) -> EvidenceInfo | None:
        rows = self.evidence_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.evidence_model.evidence(rows[0].row())

    def _update_evidence_buttons(self) -> None:
        has = self._selected_evidence() is not None
        editable = self.host.can_edit() and not self.snapshot
        self.open_file_button.setEnabled(has)
        self.save_copy_button.setEnabled(has)
        self.remove_file_button.setEnabled(has and editable)
        self.add_file_button.setEnabled(editable and self.row is not None)

    def add_file(self) -> bool:
        if self.row is None:
            return False
        path = dialogs.ask_open_file(self, "选择佐证材料文件", "所有文件 (*)")
        if path is None:
            return False
        try:
            self.host.add_evidence(self.row.id, path)
        except UserError as exc:
            show_error(self, exc)
            return False
        self._load_evidence()
        return True

    def remove_evidence(self) -> bool:
        ev = self._selected_evidence()
        if ev is None:
            return False
        if not dialogs.confirm(self, "删除佐证材料", f"确定删除佐证材料“{ev.name}”吗？删除后不能恢复。"):
            return False
        try:
            self.host.remove_evidence(ev.id)
        except UserError as exc:
            show_error(self, exc)
            return False
        self._load_evidence()
        return True

    def save_copy(self) -> Path | None:
        ev = self._selected_evidence()
        if ev is None:
            return None
        target = dialogs.ask_save_file(self, "另存佐证材料", Path.home() / ev.name, "所有文件 (*)")
        if target is None:
            return None
        try:
            target.write_bytes(self.host.evidence_content(ev.id))
        except OSError as exc:
            show_error(self, UserError(f"无法写入文件：{target}（{exc.strerror}）"))
            return None
        except UserError as exc:
            show_error(self, exc)
            return None
        return target

    def open_evidence(self) -> Path | None:
        """Write a copy to a temporary folder and open it with the system's program for that file."""
        ev = self._selected_evidence()
        if ev is None:
            return None
        try:
            folder = Path(tempfile.mkdtemp(prefix="stationdesk-"))
            target = folder / ev.name
            target.write_bytes(self.host.evidence_content(ev.id))
        except OSError as exc:
            show_error(self, UserError(f"无法打开佐证材料：{exc.strerror}"))
            return None
        except UserError as exc:
            show_error(self, exc)
            return None
        if QGuiApplication.platformName() != "offscreen":  # no desktop to open it on
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))
        return target
