"""Recognising a sheet and splitting it into the app's sheets (issue 13 items 2 and 3).

Each source sheet is either one of the app's own sheets (by its name, or by its headers: a ``Sheet1``
holding a 人员-like table), or one of the real ledger shapes of REAL_LEDGERS.md (失业人员管理台帐,
就业困难人员管理台帐, 新就业人员实名制明细表, 求职人员登记台帐), which is split into the app's records: a
失业人员 row gives a person and a 失业登记, its 安置情况 a 就业记录, and so on. Columns are matched through
the one synonym table (``app.core.codes.COLUMN_SYNONYMS``); 性别, 年龄 and 出生日期 are checked against the
ID number and never stored; 序号 is skipped.

The output is, per app sheet, a :class:`RawSheet` the importer checks as always. An app sheet read from
a sheet of its own shape shares the reader's row list (no copy); a real shape builds the rows of its
targets once, as tuples. Problems the importer finds in a built sheet are given back the source sheet,
row and column by ``app.workbook.split.translate``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.core import codes
from app.core.errors import UserError
from app.workbook.header import HeaderCell, Layout, find_layout
from app.workbook.mapping import IGNORE, Mapping, SheetMapping
from app.workbook.reader import LazySheet, RawSheet
from app.workbook.schema import SHEETS, SHEETS_BY_NAME, Kind, Sheet
from app.workbook.shapes import NOT_STORED_WHY, SHAPES, SHAPES_BY_NAME, FieldRef, Shape

# How a column was matched (shown by the preview and the import dialog).
EXACT = "列名一致"
SYNONYM = "同义列名"
SHAPE = "按台账格式"
MAPPED = "按映射"
CHECKED = "由身份证号核对，不导入"
NOT_STORED = "本程序暂不保存，已忽略"
UNMATCHED = "未识别，已忽略"
IGNORED = "按映射忽略"
SKIPPED = "序号，跳过"

ROW_OFFSET = 10_000_000  # rows of a second source of one app sheet are numbered from here (undone later)


def field_text(ref: FieldRef) -> str:
    return f"{ref[0]}:{ref[1]}"


def parse_field(text: str) -> FieldRef | None:
    sheet, _, header = text.partition(":")
    target = SHEETS_BY_NAME.get(sheet.strip())
    if target is None or header.strip() not in target.by_header:
        return None
    return target.name, header.strip()


# ---------------------------------------------------------------------------- matching


def _synonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, others in codes.COLUMN_SYNONYMS.items():
        for other in others:
            out[other] = canonical
    return out


SYNONYM_OF = _synonyms()
_KNOWN: frozenset[str] = frozenset(
    {h for s in SHEETS for h in s.headers}
    | set(SYNONYM_OF)
    | set(codes.DERIVED_COLUMNS)
    | set(codes.SKIPPED_COLUMNS)
    | {part for shape in SHAPES for label in shape.columns for part in label.split("/")}
    | {h for shape in SHAPES for h in shape.signature}
)


def synonyms_for(sheet: Sheet, header: str) -> list[str]:
    """The other headers accepted for ``header`` on ``sheet`` (a sheet's own header always wins)."""
    return [s for s in codes.COLUMN_SYNONYMS.get(header, ()) if s not in sheet.by_header]


def is_known(header: str) -> bool:
    return header in _KNOWN


def is_skipped(header: str) -> bool:
    return header in codes.SKIPPED_COLUMNS


@dataclass
class ColumnMatch:
    cell: HeaderCell
    target: FieldRef | None
    how: str
    note: str = ""

    @property
    def label(self) -> str:
        return self.cell.label


@dataclass
class Recognised:
    """What one source sheet was taken for."""

    name: str
    kind: str  # an app sheet, a shape, IGNORE, or "" (not recognised)
    layout: Layout | None = None
    columns: list[ColumnMatch] = field(default_factory=list)
    targets: tuple[str, ...] = ()
    rows: int = 0
    no_header: str = ""  # why no header row was found
    conflicts: list[tuple[str, str]] = field(default_factory=list)  # (column label, message)

    @property
    def failed(self) -> bool:
        return bool(self.no_header or self.conflicts)

    @property
    def shape(self) -> Shape | None:
        return SHAPES_BY_NAME.get(self.kind)

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def unmatched(self) -> list[ColumnMatch]:
        return [c for c in self.columns if c.how == UNMATCHED]

    def choices(self) -> list[FieldRef]:
        """The fields a column of this sheet may be mapped to."""
        return [(t, c.header) for t in self.targets for c in SHEETS_BY_NAME[t].columns]


def _match_in(sheet: Sheet, header: str) -> tuple[str, str] | None:
    if header in sheet.by_header:
        return header, EXACT
    canonical = SYNONYM_OF.get(header)
    if canonical is not None and canonical in sheet.by_header:
        return canonical, SYNONYM
    return None


def _has_id(sheet: Sheet) -> bool:
    return any(c.kind is Kind.ID for c in sheet.columns)


def _match_column(
    cell: HeaderCell, targets: Sequence[Sheet], shape: Shape | None, own: SheetMapping | None
) -> ColumnMatch:
    if own is not None:
        chosen = own.columns.get(cell.label, own.columns.get(cell.header))
        if chosen == IGNORE:
            return ColumnMatch(cell, None, IGNORED)
        if chosen:
            ref = parse_field(chosen)
            if ref is None or ref[0] not in {t.name for t in targets}:
                allowed = "、".join(t.name for t in targets)
                raise UserError(f"映射中列“{cell.label}”对应的“{chosen}”不是 {allowed} 表的列")
            return ColumnMatch(cell, ref, MAPPED)
    if shape is not None:
        for key in (cell.label, cell.header):
            if key in shape.columns:
                ref = shape.columns[key]
                if ref is None:
                    return ColumnMatch(cell, None, NOT_STORED, NOT_STORED_WHY.get(cell.header, ""))
                return ColumnMatch(cell, ref, SHAPE)
    if cell.header in codes.DERIVED_COLUMNS and any(_has_id(t) for t in targets):
        return ColumnMatch(cell, None, CHECKED)
    # A sheet's own header first (求职登记's 求职意向), then a synonym (人员's 择业意向).
    for target in targets:
        if cell.header in target.by_header:
            return ColumnMatch(cell, (target.name, cell.header), EXACT)
    for target in targets:
        found = _match_in(target, cell.header)
        if found is not None:
            return ColumnMatch(cell, (target.name, found[0]), found[1])
    return ColumnMatch(cell, None, UNMATCHED)


def _choose(title: str, texts: str, headers: list[str], own: SheetMapping | None) -> str:
    """What a sheet is: the mapping's word, its own name, a shape by its headers, or the app sheet
    whose columns it has most of (a ``Sheet1`` holding a 人员 table)."""
    if own is not None and own.target:
        if own.target != IGNORE and own.target not in SHEETS_BY_NAME and own.target not in SHAPES_BY_NAME:
            raise UserError(f"映射中工作表“{title}”的类型“{own.target}”不是本程序的表或已知台账")
        return own.target
    if title in SHEETS_BY_NAME:
        return title
    present = set(headers)
    best, best_score = "", 1
    for shape in SHAPES:
        score = len(shape.signature & present) + (2 if shape.name in texts or shape.name in title else 0)
        if score > best_score:
            best, best_score = shape.name, score
    if best:
        return best
    for sheet in SHEETS:
        matched = {m[0] for m in (_match_in(sheet, h) for h in headers) if m is not None}
        keys = {sheet.label(k) for k in sheet.key}
        # Its natural key must be there: a sheet of 姓名 and 联系电话 alone is no 人员 table.
        if len(matched) > best_score and keys <= matched:
            best, best_score = sheet.name, len(matched)
    return best


def drop_header_rows(raw: RawSheet, layout: Layout) -> None:
    """Leave in ``raw.rows`` only the data: the rows under the header (cut in place, not copied). A
    reader that loads a sheet's rows later (one sheet at a time) calls this after loading them."""
    cut = 0
    while cut < len(raw.rows) and raw.rows[cut][0] <= layout.last_header_row:
        cut += 1
    del raw.rows[:cut]


def app_headers(found: Recognised) -> list[str]:
    """The app's header of each source column by position ("" = not read): an app sheet read from a
    sheet of its own shape needs nothing more to be checked as the app's sheet."""
    matched = [m for m in found.columns if m.target is not None]
    headers = [""] * (max((m.cell.index for m in matched), default=-1) + 1)
    for m in matched:
        assert m.target is not None
        headers[m.cell.index] = m.target[1]
    return headers


class RecognisedSheet(LazySheet):
    """An app sheet found in a source sheet, read again from the open book when it is checked: its title
    and header rows dropped and its columns named as the app's. The importer lets go of the source's rows
    once the sheet is recognised, so it holds one sheet's cells at a time (issue 17)."""

    def __init__(self, source: LazySheet, found: Recognised) -> None:
        super().__init__(source.book, source.name, source.state, source.estimate)
        assert found.layout is not None
        self.found = found
        self.layout = found.layout

    def load(self, stream: bool = False) -> None:
        super().load()  # read again whole (a sheet joined with another source sheet)
        drop_header_rows(self, self.layout)
        self._as_app_sheet()

    def adopt(
        self,
        rows: list[tuple[int, tuple[Any, ...]]],
        rest: Iterator[tuple[int, tuple[Any, ...]]] | None = None,
    ) -> None:
        """The data rows the source sheet just gave (its header rows already cut by :func:`recognise`),
        taken as this sheet's without reading the file again, with the iterator over the rows not read yet
        (a streamed sheet): the importer checks an app sheet as soon as it is recognised, then unloads it."""
        self.rows = rows
        self.rest = rest
        self.loaded = True
        self._as_app_sheet()

    def _as_app_sheet(self) -> None:
        self.header_row = self.layout.last_header_row
        self.headers = app_headers(self.found)
        # Hidden rows, a hidden sheet and merged cells were warned about when the sheet was recognised.
        self.state, self.hidden_rows, self.merged = "visible", [], []


def recognise(title: str, raw: RawSheet, merged: Sequence[str], mapping: Mapping | None) -> Recognised:
    """Find the table of one source sheet and what it is, from the reader's rows (the first of them
    the reader's header guess, ``raw.header_row``) and the sheet's merged ranges. The rows above and of
    the real header are cut from ``raw.rows`` in place; the data rows are not copied."""
    grid: list[tuple[int, Sequence[Any]]] = []
    if raw.header_row:
        grid.append((raw.header_row, raw.headers))
    grid.extend(raw.rows[:40])
    own = mapping.for_sheet(title) if mapping is not None else None
    if own is not None and own.target == IGNORE:
        return Recognised(title, IGNORE)
    if not grid:  # an empty sheet: an app sheet without rows, or nothing
        kind = title if title in SHEETS_BY_NAME else ""
        return Recognised(title, kind, Layout(0, 0, (), ()), targets=(kind,) if kind else ())
    try:
        layout = find_layout(title, grid, merged, is_known, is_skipped)
    except UserError as exc:
        return Recognised(title, "", no_header=exc.message)
    above = " ".join(
        str(v) for n, values in grid if n < layout.header_row for v in values if isinstance(v, str)
    )
    headers = [c.header for c in layout.cells]
    kind = _choose(title, above, headers, own)
    drop_header_rows(raw, layout)
    found = Recognised(title, kind, layout, rows=len(raw.rows))
    if not kind:
        return found
    shape = SHAPES_BY_NAME.get(kind)
    targets = shape.sheets if shape is not None else (SHEETS_BY_NAME[kind],)
    found.targets = tuple(t.name for t in targets)
    found.columns = [_match_column(cell, targets, shape, own) for cell in layout.cells]
    found.columns += [ColumnMatch(cell, None, SKIPPED) for cell in layout.skipped]
    seen: dict[FieldRef, ColumnMatch] = {}
    for match in found.columns:
        if match.target is None:
            continue
        first = seen.get(match.target)
        if first is None:
            seen[match.target] = match
            continue
        found.conflicts.append(
            (
                match.label,
                f"列“{first.label}”和列“{match.label}”都对应“{field_text(match.target)}”；"
                "请删去其中一列，或在映射中把其中一列设为“忽略”",
            )
        )
    return found
