"""What an import found: problems and warnings, the rejection error, the summary of a good import,
and the error workbook (the source with its bad cells highlighted)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import UserError
from app.workbook.schema import ERRORS_SHEET

# (done, total, Chinese stage text); total 0 = unknown (busy indicator).
Progress = Callable[[int, int, str], None]

_MAX_IN_MESSAGE = 20


@dataclass(frozen=True)
class Problem:
    """One problem (or warning) of an import: where and what, in Chinese."""

    sheet: str
    row: int | None  # the Excel row number; None = the whole sheet
    column: str | None  # the header; None = the whole row / sheet
    value: str
    message: str

    def text(self) -> str:
        where = [f"【{self.sheet}】"] if self.sheet else []
        if self.row is not None:
            where.append(f"第 {self.row} 行")
        if self.column:
            where.append(self.column)
        return " ".join(where) + "：" + self.message


@dataclass
class ImportReport:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def text(self, limit: int = _MAX_IN_MESSAGE) -> str:
        lines = [p.text() for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"……另有 {len(self.problems) - limit} 个问题，请保存错误报告查看全部")
        return "\n".join(lines)

    def save_xlsx(self, source: Path, dest: Path) -> None:
        """A copy of ``source`` with each bad cell filled red and commented, plus a 错误清单 sheet."""
        from app.workbook.reader import load_for_report, save_workbook

        wb = load_for_report(Path(source))
        red = _fill("FFFF9999")
        yellow = _fill("FFFFF2CC")
        for items, fill in ((self.problems, red), (self.warnings, yellow)):
            for p in items:
                if p.sheet not in wb.sheetnames or p.row is None or not p.column:
                    continue
                ws = wb[p.sheet]
                col = _column_index(ws, p.column)
                if col is None:
                    continue
                cell = _writable_cell(ws, p.row, col)
                cell.fill = fill
                _add_comment(cell, p.message)
        if ERRORS_SHEET in wb.sheetnames:
            del wb[ERRORS_SHEET]
        ws = wb.create_sheet(ERRORS_SHEET, 0)
        ws.append(["类别", "工作表", "行", "列", "值", "问题"])
        for kind, items in (("错误", self.problems), ("提示", self.warnings)):
            for p in items:
                ws.append([kind, p.sheet, p.row, p.column or "", p.value, p.message])
        for letter, width in zip("ABCDEF", (6, 14, 6, 14, 22, 70), strict=True):
            ws.column_dimensions[letter].width = width
        ws.freeze_panes = "A2"
        wb.active = 0
        save_workbook(wb, Path(dest))


def _writable_cell(ws: Any, row: int, column: int) -> Any:
    """The cell at (row, column), or the top-left cell of the merged range that covers it (the other
    cells of a merged range cannot take a fill or a comment)."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return ws.cell(row=merged.min_row, column=merged.min_col)
    return ws.cell(row=row, column=column)


def _fill(color: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill(start_color=color, end_color=color, fill_type="solid")


def _add_comment(cell: Any, message: str) -> None:
    from openpyxl.comments import Comment

    if cell.comment is not None and message not in cell.comment.text:
        message = cell.comment.text + "\n" + message
    comment = Comment(message, "就业服务站工作台")
    comment.width = 300
    comment.height = 120
    cell.comment = comment


def _column_index(ws: Any, header: str) -> int | None:
    """The column of ``header`` in the sheet's header row: the first of the first rows that has it (a
    station's own ledger has title rows above its header; “安置情况/再就业时间” is found by its own name)."""
    from app.workbook.header import header_text

    name = header.rpartition("/")[2]
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 30)):
        for i, cell in enumerate(row, start=1):
            if isinstance(cell.value, str) and header_text(cell.value) == name:
                return i
    return None


class ImportRejected(UserError):
    """The workbook has problems; nothing was written. ``report`` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        n = len(report.problems)
        super().__init__(f"工作簿中发现 {n} 个问题，未导入任何数据：\n{report.text()}")
        self.report = report


@dataclass
class SheetResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportSummary:
    """A successful import: per sheet the created / updated / unchanged counts and warnings."""

    sheets: dict[str, SheetResult] = field(default_factory=dict)
    households_created: int = 0
    warnings: list[Problem] = field(default_factory=list)
    station_settings: int = 0  # lines of the 站点 sheet written

    @property
    def created(self) -> int:
        return sum(s.created for s in self.sheets.values())

    @property
    def updated(self) -> int:
        return sum(s.updated for s in self.sheets.values())

    @property
    def unchanged(self) -> int:
        return sum(s.unchanged for s in self.sheets.values())

    def text(self) -> str:
        lines = [
            f"{name}：新增 {r.created}，更新 {r.updated}，未变 {r.unchanged}"
            for name, r in self.sheets.items()
            if r.rows
        ]
        if self.households_created:
            lines.append(f"新建家庭户 {self.households_created} 个")
        if self.warnings:
            lines.append(f"提示 {len(self.warnings)} 条：")
            lines.extend(w.text() for w in self.warnings[:_MAX_IN_MESSAGE])
        return "\n".join(lines) or "工作簿中没有数据"
