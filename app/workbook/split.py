"""Splitting the recognised sheets into the app's sheets (issue 13 item 3).

An app sheet read from a sheet of its own shape keeps the reader's row list (no copy: only the column
positions are named); a real ledger shape builds the rows of each of its app sheets once, as tuples,
filling what the shape derives (``Shape.derive``). 性别, 出生日期 and 年龄 are checked against the ID
number on the way. When two source sheets feed one app sheet, the second one's rows are numbered from
``ROW_OFFSET`` and :func:`translate` gives every problem back its source sheet, row and column.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from app.core import codes
from app.core.dates import age_on
from app.core.errors import ValidationError
from app.core.idcard import parse_id
from app.workbook.header import Layout, header_text, parse_range
from app.workbook.mapping import IGNORE
from app.workbook.reader import LazySheet, RawSheet
from app.workbook.recognise import (
    CHECKED,
    NOT_STORED,
    ROW_OFFSET,
    UNMATCHED,
    ColumnMatch,
    Recognised,
    app_headers,
)
from app.workbook.report import Problem
from app.workbook.schema import PERSONS, SHEETS_BY_NAME, Kind, Ref
from app.workbook.shapes import (
    ASSUMED_TEXT,
    NOTES,
    FieldRef,
    RowView,
    Shape,
    blank,
    day_of,
)

Report = Callable[[str, int | None, str | None, object, str], None]  # sheet, row, column, value, message


@dataclass(frozen=True)
class Origin:
    """Where the rows of an app sheet came from: rows numbered from ``offset`` are ``source``'s."""

    offset: int
    source: str
    labels: dict[str, str]  # the app's header -> the source's column label


@dataclass
class _Part:
    origin: Origin
    header_row: int
    headers: list[str]  # by position in ``rows``' tuples; "" = not read
    rows: list[tuple[int, tuple[Any, ...]]]
    # An app sheet whose rows were let go after recognising it (:meth:`Splitter.defer`): read again
    # when checked, or here when its rows join another source's.
    lazy: RawSheet | None = None


@dataclass
class Split:
    raws: dict[str, RawSheet]
    origins: dict[str, list[Origin]]
    recognised: list[Recognised]


_Row = tuple[int, tuple[Any, ...]]
_NOTHING: dict[str, Any] = {}


@dataclass
class _Plan:
    """How the rows of one app sheet are built from a shape's rows."""

    name: str
    indexes: list[int]  # source columns, in the order of ``headers``
    headers: list[str]  # the mapped headers, then ``extra``
    fill: list[tuple[int, str]]  # (position, header): a mapped cell the shape fills when it is blank
    extra: list[str]  # headers only the shape fills
    rows: list[_Row] = field(default_factory=list)


_Check = tuple[int, str, str]  # column index, header, label


class Splitter:
    """Collects the app sheets of every source sheet of one workbook."""

    def __init__(self, today: dt.date, problem: Report, warning: Report) -> None:
        self.today = today
        self.problem = problem
        self.warning = warning
        self.parts: dict[str, list[_Part]] = {}
        self.recognised: list[Recognised] = []

    def add(self, found: Recognised, raw: RawSheet) -> None:
        self.recognised.append(found)
        layout = found.layout
        for label, message in found.conflicts:
            self.problem(found.name, layout.header_row if layout else None, label, label, message)
        if found.failed or not found.kind or found.kind == IGNORE or layout is None:
            return
        matched = [m for m in found.columns if m.target is not None]
        id_index = next(
            (m.cell.index for m in matched if _is_person_key(m.target)),
            None,
        )
        for m in found.columns:
            if m.how in (UNMATCHED, NOT_STORED):
                why = f"（{m.note}）" if m.note else ""
                text = "未识别的列" if m.how == UNMATCHED else "本程序暂不保存的列"
                self.warning(
                    found.name, layout.header_row, m.label, m.label, f"{text}“{m.label}”，已忽略{why}"
                )
        self._merged_keys(found, raw, matched)
        checks = [(m.cell.index, m.cell.header, m.label) for m in found.columns if m.how == CHECKED]
        shape = found.shape
        if shape is None:
            self._app_sheet(found, raw, matched, id_index, checks)
        else:
            self._shape(found, shape, raw, matched, id_index, checks)

    # -- the two kinds of source

    def _app_sheet(
        self,
        found: Recognised,
        raw: RawSheet,
        matched: list[ColumnMatch],
        id_index: int | None,
        checks: list[tuple[int, str, str]],
    ) -> None:
        target = found.targets[0]
        headers = app_headers(found)
        labels = {m.target[1]: m.label for m in matched if m.target is not None}
        if checks and id_index is not None:
            for number, values in raw.rows:
                self._check_derived(found.name, number, values, id_index, checks)
        self._part(target, found, labels, found.layout, headers, raw.rows)

    def _shape(
        self,
        found: Recognised,
        shape: Shape,
        raw: RawSheet,
        matched: list[ColumnMatch],
        id_index: int | None,
        checks: list[tuple[int, str, str]],
    ) -> None:
        by_field = {m.target: m.cell.index for m in matched if m.target is not None}
        by_header = {m.cell.header: m.cell.index for m in found.columns}
        view = RowView(by_field, by_header)
        labels_of = {m.cell.header: m.label for m in found.columns}
        plans: list[_Plan] = []
        for target in shape.sheets:
            mapped = [(ref[1], i) for ref, i in by_field.items() if ref[0] == target.name]
            if target is not PERSONS and id_index is not None:
                mapped.insert(0, ("身份证号", id_index))
            names = [h for h, _ in mapped]
            derived = [h for h in dict(shape.derived).get(target.name, ()) if h in target.by_header]
            fill = [(k, h) for k, h in enumerate(names) if h in derived]
            extra = [h for h in derived if h not in names]
            plans.append(_Plan(target.name, [i for _, i in mapped], names + extra, fill, extra))
        for sheet, header in shape.assumed:
            if (sheet, header) not in by_field:
                text = ASSUMED_TEXT[header].format(today=self.today.isoformat())
                self.warning(found.name, None, None, "", text)
        check = bool(checks) and id_index is not None
        derive, today = shape.derive, self.today
        for number, values in raw.rows:
            if check:
                self._check_derived(found.name, number, values, id_index or 0, checks)
            view.values = values
            derived_rows = derive(view, today)
            notes = derived_rows.get(NOTES)
            if notes:
                for header, message in notes.items():
                    self.warning(
                        found.name, number, labels_of.get(header, header), view.source(header), message
                    )
            width = len(values)
            for plan in plans:
                extra_values = derived_rows.get(plan.name, _NOTHING)
                if extra_values is None:
                    continue
                cells = [values[i] if i < width else None for i in plan.indexes]
                if extra_values:
                    for k, header in plan.fill:
                        if header in extra_values and blank(cells[k]):
                            cells[k] = extra_values[header]
                    cells.extend([extra_values.get(h) for h in plan.extra])
                else:
                    cells.extend([None] * len(plan.extra))
                plan.rows.append((number, tuple(cells)))
        for plan in plans:
            labels = {
                m.target[1]: m.label for m in matched if m.target is not None and m.target[0] == plan.name
            }
            if plan.rows:
                self._part(plan.name, found, labels, found.layout, plan.headers, plan.rows)

    def _part(
        self,
        target: str,
        found: Recognised,
        labels: dict[str, str],
        layout: Layout | None,
        headers: list[str],
        rows: list[tuple[int, tuple[Any, ...]]],
    ) -> None:
        parts = self.parts.setdefault(target, [])
        origin = Origin(len(parts) * ROW_OFFSET, found.name, labels)
        header_row = layout.last_header_row if layout is not None else 0
        parts.append(_Part(origin, header_row, headers, rows))

    # -- checks of what is not stored

    def _merged_keys(self, found: Recognised, raw: RawSheet, matched: list[ColumnMatch]) -> None:
        """A cell merged over data rows in a column each row needs its own value of (the ID number,
        the name): refused, never filled down."""
        assert found.layout is not None
        keys = {
            m.cell.index: m.label
            for m in matched
            if m.target is not None and (_is_person_key(m.target) or m.target[1] == "姓名")
        }
        for ref, value in raw.merged:
            box = parse_range(ref)
            if box is None:
                continue
            top, left, bottom, right = box
            if top <= found.layout.last_header_row or bottom <= top:
                continue
            for index in range(left, right + 1):
                if index in keys:
                    self.problem(
                        found.name,
                        top + 1,
                        keys[index],
                        value,
                        f"合并单元格 {ref} 跨越第 {top} 至 {bottom} 行：{keys[index]}须每行单独填写，"
                        "请取消合并后逐行填写",
                    )

    def _check_derived(
        self,
        sheet: str,
        number: int,
        values: Sequence[Any],
        id_index: int,
        checks: list[tuple[int, str, str]],
    ) -> None:
        """性别, 出生日期 and 年龄 against the ID number: a 性别 or 出生日期 that contradicts it is a problem
        (one of the two is wrong), an 年龄 off by more than a year a warning (ledgers age)."""
        width = len(values)
        raw_id = values[id_index] if id_index < width else None
        if not isinstance(raw_id, str):
            return
        facts = _id_facts(raw_id)
        if facts is None:
            return  # the importer names a bad ID number
        birth, gender = facts
        for index, header, label in checks:
            value = values[index] if index < width else None
            if blank(value):
                continue
            if header == "性别":
                said = codes.GENDER_SYNONYMS.get(value) if isinstance(value, str) else None
                if said is None:
                    said = codes.GENDER_SYNONYMS.get(header_text(str(value)))
                if said is None:
                    self.warning(sheet, number, label, value, f"性别“{value}”无法识别，性别以身份证号为准")
                elif said != gender:
                    self.problem(
                        sheet,
                        number,
                        label,
                        value,
                        f"性别“{value}”与身份证号不符（按身份证号为{gender}）；请核对身份证号",
                    )
            elif header == "出生日期":
                day = day_of(value)
                if day is not None and day != birth:
                    self.problem(
                        sheet,
                        number,
                        label,
                        value,
                        f"出生日期 {day} 与身份证号中的 {birth} 不符；请核对身份证号",
                    )
            elif header == "年龄":
                try:
                    age = int(float(str(value).strip().rstrip("岁")))
                except ValueError:
                    continue
                expected = age_on(birth, self.today)
                if not expected - 1 <= age <= expected:
                    self.warning(
                        sheet,
                        number,
                        label,
                        value,
                        f"年龄 {age} 与按身份证号算出的 {expected} 岁不符（年龄不导入，以身份证号为准）",
                    )

    # -- the app sheets

    def _merge(
        self,
        rows: list[_Row],
        at: int,
        headers: list[str],
        cells: tuple[Any, ...],
        kept_part: _Part,
        part: _Part,
        number: int,
    ) -> None:
        """Fill the blanks of the person already read (row ``at``) from the same person's row in
        another ledger; a value that differs keeps the first, with a warning."""
        first_number, first_cells = rows[at]
        merged = list(first_cells)
        kept_row = first_number - kept_part.origin.offset
        where = f"“{kept_part.origin.source}”表第 {kept_row} 行"
        for i, value in enumerate(cells):
            if blank(value):
                continue
            if blank(merged[i]):
                merged[i] = value
            elif merged[i] != value and headers[i] not in ("调查日期",):
                label = part.origin.labels.get(headers[i], headers[i])
                self.warning(
                    part.origin.source, number, label, value, _merge_note(headers[i], merged[i], value, where)
                )
        rows[at] = (first_number, tuple(merged))
        self.warning(
            part.origin.source,
            number,
            None,
            "",
            f"此人在{where}已有，两行合并为一人（空白处互相补充）",
        )

    def defer(self, target: str, sheet: RawSheet) -> None:
        """The last part added for ``target`` is read again from ``sheet`` (a RecognisedSheet) when needed:
        the caller empties its rows now."""
        self.parts[target][-1].lazy = sheet

    def finish(self) -> Split:
        raws: dict[str, RawSheet] = {}
        origins: dict[str, list[Origin]] = {}
        for target, parts in self.parts.items():
            origins[target] = [p.origin for p in parts]
            if len(parts) == 1:
                part = parts[0]
                if part.lazy is not None:
                    raws[target] = part.lazy
                    continue
                raws[target] = RawSheet(target, part.header_row, part.headers, part.rows)
                continue
            for part in parts:
                if isinstance(part.lazy, LazySheet):  # joined with another source's rows: needed now
                    part.lazy.load()
                    part.rows = part.lazy.rows
            headers = list(dict.fromkeys(h for p in parts for h in p.headers if h))
            rows: list[tuple[int, tuple[Any, ...]]] = []
            # A person in two ledgers (失业人员 and 就业困难 …) is one person: merged, not refused.
            id_at = headers.index("身份证号") if target == PERSONS.name and "身份证号" in headers else None
            first: dict[str, tuple[int, int]] = {}  # ID -> (index in rows, part)
            for k, part in enumerate(parts):
                where = {h: i for i, h in enumerate(part.headers) if h}
                positions = [where.get(h) for h in headers]
                offset = part.origin.offset
                for number, values in part.rows:
                    width = len(values)
                    cells = tuple(values[i] if i is not None and i < width else None for i in positions)
                    number_cell = cells[id_at] if id_at is not None else None
                    if isinstance(number_cell, str):
                        key = number_cell.strip().upper()
                        seen = first.get(key)
                        if seen is not None and seen[1] != k:
                            self._merge(rows, seen[0], headers, cells, parts[seen[1]], part, number)
                            continue
                        first.setdefault(key, (len(rows), k))
                    rows.append((number + offset, cells))
            raws[target] = RawSheet(target, parts[0].header_row, headers, rows)
        return Split(raws, origins, self.recognised)


def _merge_note(header: str, kept: object, other: object, where: str) -> str:
    return f"{header}在两张表中不同（“{kept}”与“{other}”），取{where}的“{kept}”"


def _id_facts(raw: str) -> tuple[dt.date, str] | None:
    """The birth date and gender an ID number states; None when it is not one (the importer says why).
    A plain 18-character number takes a fast path that leaves its check character to the importer (a
    mistyped number is refused there; a 性别 that disagrees with it is reported beside, rightly: one of
    the two is wrong); anything else the full rule."""
    text = raw.strip()
    if len(text) == 18 and text.isascii() and text[:17].isdigit():
        try:
            birth = dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
        except ValueError:
            return None
        return birth, "男" if int(text[16]) % 2 else "女"
    try:
        info = parse_id(raw)
    except ValidationError:
        return None
    return info.birth_date, info.gender


def _is_person_key(ref: FieldRef | None) -> bool:
    if ref is None:
        return False
    sheet = SHEETS_BY_NAME[ref[0]]
    column = sheet.by_header[ref[1]]
    return column.kind is Kind.ID or column.ref is Ref.PERSON


_ROW_IN_TEXT = re.compile(r"第 (\d+) 行")


def translate(problems: list[Problem], origins: dict[str, list[Origin]]) -> None:
    """Give each problem about a built app sheet the source sheet, row and column it came from."""
    for i, p in enumerate(problems):
        parts = origins.get(p.sheet)
        if not parts:
            continue
        row = p.row
        origin = parts[0]
        if row is not None:
            origin = max((o for o in parts if o.offset <= row), key=lambda o: o.offset, default=parts[0])
            row -= origin.offset
        column = origin.labels.get(p.column, p.column) if p.column else p.column
        message = p.message
        if len(parts) > 1:
            message = _ROW_IN_TEXT.sub(_RowNamer(parts), message)
        if (p.sheet, p.row, p.column, p.message) != (origin.source, row, column, message):
            problems[i] = replace(p, sheet=origin.source, row=row, column=column, message=message)


class _RowNamer:
    """A row number in a message, named in its source sheet."""

    def __init__(self, parts: list[Origin]) -> None:
        self.parts = parts

    def __call__(self, found: re.Match[str]) -> str:
        return _source_row(int(found.group(1)), self.parts)


def _source_row(number: int, parts: list[Origin]) -> str:
    origin = max((o for o in parts if o.offset <= number), key=lambda o: o.offset, default=parts[0])
    if origin.offset == 0:
        return f"第 {number} 行"
    return f"“{origin.source}”表第 {number - origin.offset} 行"
