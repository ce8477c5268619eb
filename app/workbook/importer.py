"""Importing the ledger workbook (LEDGER_FORMAT.md): every row of every sheet checked and written in one
transaction, all or nothing.

How a book goes through (issue 17): the IMMEDIATE transaction is taken before the first cell is read, so
the book is checked against the data as it is when written, and nobody else writes until it commits. Each
sheet is built once by python-calamine, the next ones on the book's reader thread within
:data:`PREFETCH_BYTES` while this one is checked (``_read_ahead``); a sheet too large for a grid is read as
its XML is decompressed (app/workbook/xlsxstream.py). An app sheet is checked as soon as it is recognised
(``check_early``), its rows streaming one at a time: each cell through its column's parser
(``column_parser``: a value that recurs is parsed once and stored once), each row settled as it is parsed
(``settler``: natural key, effective values packed in a tuple, the one-row rules). A sheet whose referenced
sheets were written already is streamed (:class:`_SheetStream`): each row also meets the rules across rows
and sheets at once and its new row is written (:class:`_Inserter`), so the sheet keeps only its keys and
spans. Any other sheet is held whole, checked across rows after the book is read and written then. Changed
rows are written last, each change audited; any problem rolls the whole back (ImportRejected).

Why this module is over 600 lines: reading, the per-row checks, the cross-row and cross-sheet rules (row by
row, or over a sheet held whole) and the writer share one plan of parsed rows and its problem list; the
schema, the limits, the reader and the report already live beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import re
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import peewee as pw

from app.accounts import audit, session
from app.core import codes, validators
from app.core.daterules import check_event_date
from app.core.dates import parse_date
from app.core.errors import UserError, ValidationError, translate_sqlite_error
from app.core.excel import MAX_CELL_TEXT
from app.core.idcard import EXCEL_NUMBER_MESSAGE, info_of_checked, normalize_id
from app.core.regions import is_known_region, unknown_region_message
from app.core.textnorm import INVISIBLE
from app.register.ledger import Span, overlapping
from app.workbook import station_sheet
from app.workbook.header import Layout, parse_range
from app.workbook.mapping import IGNORE, Mapping
from app.workbook.reader import LazySheet, RawSheet, SourceBook, open_values
from app.workbook.recognise import CHECKED, Recognised, RecognisedSheet, recognise
from app.workbook.report import (
    ImportRejected,
    ImportReport,
    ImportSummary,
    Problem,
    Progress,
    SheetResult,
)
from app.workbook.schema import (
    AUXILIARY_SHEETS,
    PERSONS,
    SHEETS,
    SHEETS_BY_NAME,
    STATION_SHEET,
    WRITE_ORDER,
    Column,
    Kind,
    Ref,
    Sheet,
)
from app.workbook.split import Origin, Splitter, translate
from db.bulk import indexes_deferred
from db.durable import fault_point
from db.models import Employer, Household, Person, Vacancy, database

PROGRESS_EVERY = 500
_MEMO_LIMIT = 100_000  # distinct cell values remembered per column (a column of unique values stops there)
_MEMO_TRIAL = 10_000  # distinct values a column remembers: one more, and it forgets (names, phones)
WRITE_CHUNK = 5000  # rows given to one executemany (the statement is the same for every chunk)
BULK_INDEX_ROWS = 2000  # new rows into an empty table from which its indexes are built after the load
_PERSON_DERIVED = ("gender", "birth_date", "created_at", "updated_at")  # written with a new person
_MASKED_MESSAGE = "身份证号已脱敏（含 *），脱敏导出的工作簿不能导入，请使用未脱敏的导出文件"


def excel_number_message(row: int) -> str:
    """The message for an ID number Excel stored as a number (LEDGER_FORMAT.md)."""
    return f"第 {row} 行 " + EXCEL_NUMBER_MESSAGE.replace("身份证号被", "身份证号 被", 1)


# ---------------------------------------------------------------------------- cell parsing


# What ``textnorm.clean`` folds in free text: full-width digits and Latin letters, the ideographic space.
_FOLDED = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")


def _text(raw: object) -> str:
    """``validators.text`` with a fast path for text with nothing to fold, strip or normalise."""
    if isinstance(raw, str) and (
        raw.isascii()
        or (
            _FOLDED.search(raw) is None
            and INVISIBLE.search(raw) is None
            and unicodedata.is_normalized("NFC", raw)
        )
    ):
        return raw.strip()
    return validators.text(raw)


def _check_length(raw: object) -> None:
    """A text longer than an Excel cell holds is refused with the limit (never cut at export later)."""
    if isinstance(raw, str) and len(raw) > MAX_CELL_TEXT:
        raise ValidationError(
            f"内容长 {len(raw):,} 个字符，超过 Excel 单元格的上限 {MAX_CELL_TEXT:,} 个字符，请缩短后再导入"
        )


def _parse_id(raw: object, row: int) -> str:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raise ValidationError(excel_number_message(row))
    text = _text(raw)
    if "*" in text:
        raise ValidationError(_MASKED_MESSAGE)
    try:
        return normalize_id(text)
    except ValidationError as exc:
        if exc.message == EXCEL_NUMBER_MESSAGE:
            raise ValidationError(excel_number_message(row)) from None
        raise


def _parse_int(col: Column, raw: object) -> int:
    if isinstance(raw, float) and not raw.is_integer():
        raise ValidationError(f"{col.header}应为整数，现为“{raw}”")
    text = _text(raw).replace(",", "")
    try:
        value = int(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            as_float = 0.5
        if not as_float.is_integer():
            raise ValidationError(f"{col.header}应为整数，现为“{text}”") from None
        value = int(as_float)
    if col.minimum is not None and value < col.minimum:
        raise ValidationError(f"{col.header}不能小于{col.minimum}，现为 {value}")
    return value


def _not_allowed(col: Column, value: str) -> ValidationError:
    assert col.codes is not None
    return ValidationError(f"{col.header}“{value}”不在可选值内，可选：{col.codes.allowed_text()}")


def parse_cell(col: Column, raw: object, row: int) -> Any:
    """The stored value of one cell; raises ValidationError with a Chinese message."""
    _check_length(raw)
    if raw is None:
        if col.required:
            raise ValidationError(f"{col.header}不能为空")
        return col.default
    if col.kind is Kind.ID or col.ref is Ref.PERSON:
        if raw is None or _text(raw) == "":
            if col.required:
                raise ValidationError(f"{col.header}不能为空")
            return col.default
        return _parse_id(raw, row)
    if col.kind is Kind.DATE:
        day = parse_date(raw, col.header)
        if day is None and col.required:
            raise ValidationError(f"{col.header}不能为空")
        return day
    text = _text(raw)
    if not text:
        if col.required:
            raise ValidationError(f"{col.header}不能为空")
        return col.default
    value: Any
    if col.kind is Kind.TEXT or col.kind is Kind.REFERENCE:
        value = text
    elif col.kind is Kind.YES_NO:
        value = codes.parse_yes_no(raw if isinstance(raw, bool | int | float) else text)
        if value is None:
            raise ValidationError(f"{col.header}应填 是 或 否，现为“{text}”")
    elif col.kind is Kind.CODE:
        value = col.canonical(text)
        if value is None:
            raise _not_allowed(col, text)
    elif col.kind is Kind.CODES:
        assert col.codes is not None
        parts = codes.split_categories(text)
        bad = [p for p in parts if col.codes.normalize(p) is None]
        if bad:
            raise _not_allowed(col, "、".join(bad))
        value = "、".join(dict.fromkeys(str(col.codes.normalize(p)) for p in parts))
    elif col.kind is Kind.INT:
        value = _parse_int(col, raw)
    else:  # pragma: no cover - every kind is handled above
        raise AssertionError(col.kind)
    if col.check is not None:
        value = col.check(value)
    return value


SHOWN_MAX = 60  # characters of a cell value repeated in a message


def clip(text: str, limit: int = SHOWN_MAX) -> str:
    """A long text shortened for a message: its start and its length, never the whole of it."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 20]}…（共 {len(text):,} 个字符）"


def _shown(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    return clip(str(raw).strip())


def _clip_message(message: str) -> str:
    """A message that repeats a huge value (a validator's “现为 …”) keeps its start and end only."""
    if len(message) <= 4 * SHOWN_MAX:
        return message
    left_out = len(message) - 3 * SHOWN_MAX
    return f"{message[: 2 * SHOWN_MAX]}…（中间省略 {left_out:,} 个字符）…{message[-SHOWN_MAX:]}"


# ---------------------------------------------------------------------------- the database as it is


def _pairs(query: Any) -> dict[Any, Any]:
    """A two-column query as a dict (first column -> second)."""
    return dict(query.tuples())


def _fk_natural(sheet: Sheet) -> dict[str, Ref]:
    return {c.field: c.ref for c in sheet.columns if c.ref is not None}


@dataclass
class Existing:
    """Natural keys and rows already in the database, loaded in bulk."""

    ids: dict[Ref, dict[str, int]] = field(default_factory=dict)
    naturals: dict[Ref, dict[int, str]] = field(default_factory=dict)
    # sheet name -> natural key -> (row id, values in column order with references as natural keys)
    rows: dict[str, dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]]] = field(default_factory=dict)

    def load_keys(self) -> None:
        sources: dict[Ref, Any] = {
            Ref.PERSON: Person.select(Person.id_number, Person.id),
            Ref.HOUSEHOLD: Household.select(Household.code, Household.id),
            Ref.EMPLOYER: Employer.select(Employer.name, Employer.id),
            Ref.VACANCY: Vacancy.select(Vacancy.code, Vacancy.id),
        }
        for ref, query in sources.items():
            self.ids[ref] = _pairs(query)
            self.naturals[ref] = {v: k for k, v in self.ids[ref].items()}

    def load_rows(self, sheet: Sheet) -> None:
        """The sheet's stored rows by natural key: (row id, values in the sheet's column order, a reference
        as its natural key), a tuple each (a dictionary per row took three times the memory)."""
        model = sheet.model
        fields = [c.field for c in sheet.columns]
        at = {f: i for i, f in enumerate(fields)}
        refs = [(at[f], self.naturals[ref]) for f, ref in _fk_natural(sheet).items()]
        keys = [at[k] for k in sheet.key]
        out: dict[tuple[Any, ...], tuple[int, tuple[Any, ...]]] = {}
        query: Any = model.select(model._meta.primary_key, *(getattr(model, f) for f in fields)).tuples()
        for row_id, *values in query:
            for i, naturals in refs:
                values[i] = naturals.get(values[i], "") if values[i] is not None else ""
            out[tuple([values[k] for k in keys])] = (row_id, tuple(values))
        self.rows[sheet.name] = out


# ---------------------------------------------------------------------------- validation


_CLEAN: frozenset[str] = frozenset()
_REQUIRED = object()  # an empty cell of this column is a problem


class Fields(tuple[str, ...]):
    """A sheet's field names in column order, with the position of each (``at``)."""

    at: dict[str, int]

    def __new__(cls, names: Iterable[str]) -> Fields:
        self = super().__new__(cls, names)
        self.at = {name: i for i, name in enumerate(self)}
        return self


_NO_FIELDS = Fields(())


class ParsedRow:
    """One checked row, kept small (the importer holds every row of the book until it writes): the
    values by field while the row is checked, then only the effective values as a tuple in the
    sheet's column order (``packed``); ``bad`` is a shared empty set until a cell has a problem."""

    __slots__ = ("bad", "fields", "key", "packed", "row", "values")

    def __init__(self, row: int, values: dict[str, Any]) -> None:
        self.row = row
        self.values: dict[str, Any] | None = values  # present, well-formed cells: field -> value
        self.bad: frozenset[str] | set[str] = _CLEAN  # fields whose cell had a problem
        self.key: tuple[Any, ...] | None = None
        self.fields: Fields = _NO_FIELDS
        self.packed: tuple[Any, ...] | None = None  # defaults <- database row <- values

    def mark(self, name: str) -> None:
        if self.bad is _CLEAN:
            self.bad = set()
        self.bad.add(name)  # type: ignore[union-attr]

    def pack(self, fields: Fields, packed: tuple[Any, ...]) -> None:
        self.fields = fields
        self.packed = packed
        self.values = None

    @property
    def effective(self) -> dict[str, Any]:
        """Defaults <- database row <- values; empty for a row without a usable key."""
        if self.packed is None:
            return {}
        return dict(zip(self.fields, self.packed, strict=True))

    def get(self, name: str) -> Any:
        """The value of a field: the effective one once packed, else the cell's (None when absent)."""
        if self.packed is not None:
            return self.packed[self.fields.at[name]]
        return self.values.get(name) if self.values is not None else None


@dataclass
class ParsedSheet:
    sheet: Sheet
    present: list[Column]
    rows: list[ParsedRow]  # the rows held (a streamed sheet: only its changed rows)
    failed: bool = False  # a sheet-level problem: rows not checked
    count: int = 0  # data rows checked
    streamed: bool = False  # checked and its new rows written row by row (:class:`_SheetStream`)


@dataclass
class Plan:
    """A checked workbook, ready to write."""

    report: ImportReport
    sheets: dict[str, ParsedSheet]
    existing: Existing
    total_rows: int
    station: station_sheet.StationPlan | None = None  # the optional 站点 sheet
    raws: dict[str, RawSheet] = field(default_factory=dict)  # the sheets (cells let go once checked)
    read_warnings: list[Problem] = field(default_factory=list)
    station_raw: RawSheet | None = None  # the 站点 sheet
    # Where each app sheet's rows came from (a recognised ledger; app/workbook/split.py).
    origins: dict[str, list[Origin]] = field(default_factory=dict)


@dataclass
class _Early:
    """An app sheet checked as soon as it was read (:meth:`_Validator.check_early`)."""

    raw: RawSheet
    read: int  # data rows read
    parsed: ParsedSheet | None
    problems: list[Problem]
    warnings: list[Problem]


class _Validator:
    def __init__(
        self,
        progress: Progress | None,
        total_factor: int,
        today: dt.date | None = None,
        mapping: Mapping | None = None,
        writer: _Writer | None = None,
        stream: bool = True,
    ) -> None:
        self.report = ImportReport()
        self.mapping = mapping
        # Writing as the rows are checked (an import, inside its transaction): a sheet whose referenced
        # sheets were written already streams (:class:`_SheetStream`); without a writer, every row is held.
        self.writer = writer
        self.stream = stream
        self.streamed: set[str] = set()  # sheets written as they were checked, without a sheet problem
        self.defined: dict[Ref, set[str]] = {ref: set() for ref in Ref}  # keys the streamed sheets give
        self.names: dict[str, str] = {}  # person names not in the database (for the messages on dates)
        self.book_sheets: set[str] = set()  # the app sheets of the book, once all are known
        # Keep every recognised sheet's rows after reading (a preview shows them); an import lets go of
        # an app sheet's rows and reads them again when it checks that sheet.
        self.keep_rows = False
        self.origins: dict[str, list[Origin]] = {}
        self.recognised: list[Recognised] = []
        self.today = today or dt.date.today()
        self.progress = progress
        self.total_factor = total_factor
        self.done = 0
        self.total = 0
        self.ids: dict[str, str] = {}
        self.dates: dict[Any, Any] = {}
        self.shared: dict[Any, Any] = {}
        self.sheet = ""  # the sheet being parsed (for warnings about a cell)
        self.book: Any = None  # the open file while the sheets are read
        self.station_raw: RawSheet | None = None
        self.existing: Existing | None = None
        self.early: dict[str, _Early] = {}  # app sheets checked while the book was read

    def problem(self, sheet: str, row: int | None, column: str | None, value: object, msg: str) -> None:
        self.report.problems.append(Problem(sheet, row, column, _shown(value), _clip_message(msg)))

    def id_number(self, col: Column, cell: str, row: int) -> Any:
        """``parse_cell`` of a text cell of an ID column, remembered: the same ID recurs on every sheet of
        a person. Only good numbers are remembered (a message may name the row)."""
        known = self.ids.get(cell)
        if known is None:
            known = parse_cell(col, cell, row)
            if known:
                self.ids[cell] = known
                if not is_known_region(known):
                    self.warning(self.sheet, row, col.header, known, unknown_region_message(known))
        return known

    def warning(self, sheet: str, row: int | None, column: str | None, value: object, msg: str) -> None:
        self.report.warnings.append(Problem(sheet, row, column, _shown(value), _clip_message(msg)))

    def tick(self, text: str, force: bool = False) -> None:
        if self.progress is not None and (force or self.done % PROGRESS_EVERY == 0):
            self.progress(self.done, self.total, text)

    # -- reading

    def read(self, path: Path) -> dict[str, RawSheet]:
        """Every sheet of the workbook, recognised (app/workbook/recognise.py) and split into the app's
        sheets (app/workbook/split.py). Each source sheet is read whole here (its header is found in its
        first rows, a real ledger's rows give several app sheets); the book stays open until :meth:`close`
        (the 站点 sheet is read when checked)."""
        book = self.book = open_values(path)
        splitter = Splitter(self.today, self.problem, self.warning)
        no_header: list[Recognised] = []
        try:
            seen: set[str] = set()
            names = [n for n in book.sheetnames if validators.text(n) not in AUXILIARY_SHEETS]
            if names:
                book.prefetch(names[0])  # built while the other sheets are measured
            lazies = {
                name: book.lazy(name)
                for name in book.sheetnames
                if validators.text(name) not in AUXILIARY_SHEETS
            }
            self.total = sum(_estimate(sheet) for sheet in lazies.values()) * self.total_factor
            for position, (name, sheet) in enumerate(lazies.items()):
                title = validators.text(name)
                _read_ahead(book, names, position)
                if title == STATION_SHEET:
                    self.station_raw = sheet
                    continue
                if title in seen:
                    self.problem(title, None, None, "", f"工作表“{title}”出现了两次")
                    continue
                seen.add(title)
                if self.progress is not None:
                    self.progress(self.done, self.total, f"正在读取 {title} 表…")
                self.load(title, sheet, warn=False, stream=not self.keep_rows)
                raw: RawSheet = sheet
                merges = [r.ref for r in sheet.ranges]  # read with the cells (not a second parse)
                found = recognise(title, raw, merges, self.mapping)
                streamed = (
                    found.kind in SHEETS_BY_NAME
                    and found.shape is None
                    and not found.failed
                    and found.layout is not None
                    and bool(found.targets)
                    and not any(m.how == CHECKED for m in found.columns)
                )
                if not streamed:
                    sheet.materialize()  # everything below reads the rows as a list
                if found.no_header:
                    no_header.append(found)
                elif not found.kind and (raw.rows or raw.header_row):
                    self.warning(
                        title, None, None, "", f"未识别的工作表“{title}”，已忽略（可在导入时指定映射）"
                    )
                if found.kind and found.kind != IGNORE:
                    self.hidden_things(title, raw, found.layout)
                splitter.add(found, raw)
                if (
                    not self.keep_rows
                    and isinstance(raw, LazySheet)
                    and found.kind in SHEETS_BY_NAME
                    and found.shape is None
                    and not found.failed
                    and found.layout is not None
                    and found.targets
                ):
                    # An app sheet is checked now, from the cells just read, and its cells let go (the
                    # part shares the list): one sheet's cells are held at a time, each read once. Joined
                    # with another source sheet of the same target, it is read again (Splitter.finish).
                    lazy = RecognisedSheet(raw, found)
                    splitter.defer(found.targets[0], lazy)
                    lazy.adopt(list(raw.rows), sheet.take_rest())
                    raw.rows.clear()
                    raw.unload()
                    self.check_early(SHEETS_BY_NAME[found.targets[0]], lazy)
        except (UserError, sqlite3.Error, pw.PeeweeException):  # the database's errors: the import's to say
            self.close()
            raise
        except Exception as exc:  # a damaged part of the file
            self.close()
            raise UserError(f"{path.name} 不是有效的工作簿，读取时出错：{exc}") from None
        split = splitter.finish()
        for found in no_header:
            # A sheet named as one of the app's, or the only sheet there is, must have a table.
            if found.name in SHEETS_BY_NAME or not split.raws:
                self.problem(found.name, None, None, "", found.no_header)
            else:
                self.warning(
                    found.name, None, None, "", f"未识别的工作表“{found.name}”，已忽略（{found.no_header}）"
                )
        self.origins = split.origins
        self.recognised = split.recognised
        return split.raws

    def close(self) -> None:
        book, self.book = getattr(self, "book", None), None
        if book is not None:
            book.close()

    def load(self, title: str, raw: RawSheet, warn: bool = True, stream: bool = False) -> None:
        """The cells of a sheet read now (a LazySheet; ``stream``: its first rows, the others as they are
        checked), and what Excel hides in it warned about."""
        if isinstance(raw, LazySheet) and not raw.loaded:
            if self.progress is not None:
                self.progress(self.done, self.total, f"正在读取 {title} 表…")
            try:
                raw.load(stream)
            except UserError:
                raise
            except Exception as exc:  # a damaged part of the file
                path = raw.book.path
                raise UserError(f"{path.name} 不是有效的工作簿，读取时出错：{exc}") from None
        if warn:
            self.hidden_things(title, raw)

    def hidden_things(self, title: str, raw: RawSheet, layout: Layout | None = None) -> None:
        """Warn about what Excel does not show but the import reads, and about merged cells filled in
        (below the header: title and header rows are not data)."""
        last_header = layout.last_header_row if layout is not None else raw.header_row
        if raw.state != "visible" and raw.rows:
            how = "深度隐藏（veryHidden，只能用宏显示）" if raw.state == "veryHidden" else "隐藏"
            self.warning(
                title, None, None, "", f"工作表“{title}”在 Excel 中被{how}，其中的数据也会导入，请核对"
            )
        hidden_rows = [r for r in raw.hidden_rows if r > last_header]
        if hidden_rows:
            shown = "、".join(str(r) for r in hidden_rows[:10])
            more = f"等 {len(hidden_rows)} 行" if len(hidden_rows) > 10 else ""
            self.warning(
                title, hidden_rows[0], None, "", f"第 {shown}{more} 行在 Excel 中被隐藏，也会导入，请核对"
            )
        for ref, value in raw.merged:
            box = parse_range(ref)
            if box is not None and box[0] <= last_header:
                continue
            self.warning(
                title,
                None,
                None,
                value,
                f"合并单元格 {ref} 的值已填入其中的每一行（Excel 只在第一行保存它），请核对",
            )

    # -- one sheet

    def parse_sheet(
        self,
        sheet: Sheet,
        raw: RawSheet,
        settle: Callable[[ParsedRow], None] | None = None,
        consume: Callable[[ParsedRow], bool] | None = None,
    ) -> ParsedSheet:
        """The rows of one sheet parsed, each settled (``settle``) and then given to ``consume`` (which
        says whether the row is held in the result) as soon as its cells are parsed."""
        parsed = ParsedSheet(sheet, [], [])
        positions: list[tuple[int, Column]] = []
        seen: dict[str, int] = {}
        for index, header in enumerate(raw.headers):
            if not header:
                continue
            col = sheet.by_header.get(header)
            if col is None:
                self.warning(sheet.name, raw.header_row, header, header, f"未识别的列“{header}”，已忽略")
                continue
            if header in seen:
                self.problem(sheet.name, raw.header_row, header, header, f"列“{header}”出现了两次")
                parsed.failed = True
                continue
            seen[header] = index
            positions.append((index, col))
        parsed.present = [c for _, c in positions]
        missing = [c.header for c in sheet.columns if c.required and c.header not in seen]
        if raw.header_row and missing:
            self.problem(
                sheet.name,
                raw.header_row,
                None,
                "",
                f"缺少必填列：{'、'.join(missing)}（列名须与模板一致），整张表未检查",
            )
            parsed.failed = True
        if parsed.failed:
            return parsed
        text = f"正在检查 {sheet.name} 表…"
        self.tick(text, force=True)
        self.sheet = sheet.name
        # (position, field, column, parser, the value of an empty cell of an optional column)
        plan = [
            (index, col.field, col, *self.column_parser(col), _REQUIRED if col.required else col.default)
            for index, col in positions
        ]
        text_class = str
        rows = parsed.rows
        progress = self.progress
        rest = raw.take_rest() if isinstance(raw, LazySheet) else None
        for number, values in itertools.chain(raw.rows, rest) if rest is not None else raw.rows:
            row = ParsedRow(number, {})
            parsed_values: dict[str, Any] = row.values  # type: ignore[assignment]
            width = len(values)
            for index, name, col, parse, known, empty in plan:
                cell = values[index] if index < width else None
                if cell is None:
                    if empty is not _REQUIRED:
                        parsed_values[name] = empty  # what parse_cell gives an empty optional cell
                        continue
                elif known is not None and cell.__class__ is text_class:
                    value = known.get(cell, _REQUIRED)
                    if value is not _REQUIRED:
                        parsed_values[name] = value  # a text this column has had (parse remembers it)
                        continue
                try:
                    parsed_values[name] = parse(cell, number)
                except ValidationError as exc:
                    row.mark(name)
                    self.problem(sheet.name, number, col.header, cell, exc.message)
            if settle is not None:
                settle(row)
            if consume is None or consume(row):
                rows.append(row)
            parsed.count += 1
            self.done += 1
            if progress is not None and self.done % PROGRESS_EVERY == 0:
                progress(self.done, self.total, text)
        return parsed

    def cell_parser(self, col: Column) -> Callable[[object, int], Any]:
        return self.column_parser(col)[0]

    def column_parser(self, col: Column) -> tuple[Callable[[object, int], Any], dict[Any, Any] | None]:
        """:func:`parse_cell` for the cells of one column, fast for the values that recur on many rows:
        an ID number is parsed once per book (:meth:`id_number`); any other value once per column and
        distinct cell value, one object stored for all its rows (up to :data:`_MEMO_TRIAL` values: a
        column of names or phone numbers stops remembering); a text that needs no folding is only
        stripped. With the parser, the values it remembers of text cells, by cell (None: none)."""
        if col.kind is Kind.ID or col.ref is Ref.PERSON:
            id_number = self.id_number

            def parse_id_cell(raw: object, row: int) -> Any:
                if raw.__class__ is str:
                    return id_number(col, raw, row)
                return parse_cell(col, raw, row)

            return parse_id_cell, self.ids  # a text cell already checked: its number
        parse: Callable[[object, int], Any] = partial(parse_cell, col)
        if col.kind is Kind.TEXT and col.check is None:

            def parse_text_cell(raw: object, row: int) -> Any:
                # parse_cell's path for a text column, without its dispatch on the column's kind
                if type(raw) is str and len(raw) <= MAX_CELL_TEXT:
                    text = _text(raw)
                    if text:
                        return text
                return parse_cell(col, raw, row)

            parse = parse_text_cell
        # Values by cell value: text by itself (a str never equals another type), any other value with
        # its type (1, 1.0 and True are equal in Python, and not the same cell).
        return self.remembering(parse, col)

    def remembering(
        self, parse: Callable[[object, int], Any], col: Column
    ) -> tuple[Callable[[object, int], Any], dict[object, Any]]:
        """``parse`` remembering its values by cell value (see :meth:`cell_parser`), and the dictionary
        of the values of text cells (:meth:`parse_sheet` looks a text cell up there first)."""
        memo: dict[object, Any] = {}
        shared = self.dates if col.kind is Kind.DATE else self.shared
        remember = True
        text = str

        def parse_recurring(raw: object, row: int) -> Any:
            nonlocal remember
            if not remember:
                return parse(raw, row)
            key = raw if raw.__class__ is text else (raw.__class__, raw)
            try:
                return memo[key]
            except KeyError:
                pass
            if len(memo) >= _MEMO_TRIAL:
                remember = False  # so many values: a column of names or numbers (it would only grow)
                memo.clear()
                return parse(raw, row)
            value = parse(raw, row)
            if value and (value.__class__ is str or value.__class__ is dt.date):
                value = shared.setdefault(value, value)  # one object for a value, whatever its cell
            memo[key] = value
            return value

        return parse_recurring, memo

    def check_sheet(self, sheet: Sheet, raw: RawSheet, final: bool = False) -> ParsedSheet:
        """One app sheet's cells parsed and the rules of one row applied, against the database as it is
        (its rows there loaded now); the cells are let go after."""
        existing = self.existing_data()
        existing.load_rows(sheet)
        stream = self.stream_of(sheet, final)
        consume = stream.consume if stream is not None else None
        parsed = self.parse_sheet(sheet, raw, self.settler(sheet, existing), consume)
        _unload(raw)
        if stream is not None and not parsed.failed:
            stream.finish()
            parsed.streamed = True
            self.streamed.add(sheet.name)
            stored = existing.rows.get(sheet.name)
            if stored:  # only the stored rows of its changed rows are looked at again (when written)
                existing.rows[sheet.name] = {r.key: stored[r.key] for r in parsed.rows if r.key in stored}
        return parsed

    def stream_of(self, sheet: Sheet, final: bool) -> _SheetStream | None:
        """How a sheet's rows are written as they are checked, when they can be: there is a writer, and
        every sheet it refers to was written so already (its keys known, and their ids), or (``final``:
        every sheet of the book is known) is not in the book."""
        if self.writer is None or not self.stream:
            return None
        for col in sheet.columns:
            target = col.ref
            if target is None or target.sheet == sheet.name or target.sheet in self.streamed:
                continue
            if not final or target.sheet in self.book_sheets:
                return None
        return _SheetStream(self, sheet)

    def check_early(self, sheet: Sheet, raw: RecognisedSheet) -> None:
        """:meth:`check_sheet` while the book is read, its problems kept apart until :meth:`check` takes
        the result (it does when no other source sheet was joined to this one)."""
        saved, self.report = self.report, ImportReport()
        read = len(raw.rows)
        try:
            parsed = self.check_sheet(sheet, raw) if raw.rows or sheet is PERSONS else None
        finally:
            found, self.report = self.report, saved
            raw.unload()
        self.early[sheet.name] = _Early(raw, read, parsed, found.problems, found.warnings)

    def existing_data(self) -> Existing:
        """The natural keys in the database (loaded once per check)."""
        if self.existing is None:
            self.existing = Existing()
            self.existing.load_keys()
        return self.existing

    # -- rules across rows and sheets

    def settler(self, sheet: Sheet, existing: Existing) -> Callable[[ParsedRow], None]:
        """What is done with each row as soon as its cells are parsed: its natural key (a second row with
        the same key is a problem), its effective values (defaults <- the stored row <- its cells) packed,
        and the rules of one row (:meth:`row_rules`) applied; so a row's cells by field are held only
        while it is parsed."""
        defaults = {c.field: c.default for c in sheet.columns}
        fields = Fields(defaults)
        items = tuple(defaults.items())
        numbered = tuple(enumerate(fields))
        db_rows = existing.rows.get(sheet.name, {})
        first: dict[tuple[Any, ...], int] = {}
        key_fields = sheet.key
        # A row the one-row rules can find nothing in is not looked at by them: a pair of dates or
        # numbers needs both values, a field required with another the other one, a field allowed only
        # with another itself.
        at = fields.at
        both = [(at[a], at[b]) for a, b in sheet.date_order + sheet.ranges]
        truthy = [at[c] for _n, c in sheet.required_with] + [at[n] for n, _c in sheet.only_with]
        rules = bool(both or truthy)

        def may_break(packed: tuple[Any, ...]) -> bool:
            for i, j in both:
                if packed[i] is not None and packed[j] is not None:
                    return True
            return any(packed[i] for i in truthy)

        def settle(row: ParsedRow) -> None:
            values = row.values
            assert values is not None
            bad = row.bad
            for k in key_fields:
                if k in bad or k not in values:
                    return
            key = row.key = tuple([values[k] for k in key_fields])
            found = db_rows.get(key)
            if key in first:
                headers = "、".join(sheet.label(k) for k in key_fields)
                col = key_fields[0]
                self.problem(
                    sheet.name,
                    row.row,
                    sheet.label(col),
                    values.get(col, ""),
                    f"与第 {first[key]} 行重复（{headers}相同）",
                )
                row.mark(col)
            else:
                first[key] = row.row
            if found is None:
                row.pack(fields, tuple([values.get(f, d) for f, d in items]))
            else:  # the stored row has every field: its value where the book has none
                stored = found[1]
                row.pack(fields, tuple([values.get(f, stored[i]) for i, f in numbered]))
            if rules and may_break(row.packed):  # type: ignore[arg-type]
                self.row_rules(sheet, row)

        return settle

    def row_rules(self, sheet: Sheet, row: ParsedRow) -> None:
        """Dates in order, fields required with or only with another, ranges low <= high."""
        eff = row.get

        def usable(*names: str) -> bool:
            return not any(n in row.bad for n in names)

        def both(a: str, b: str) -> bool:
            return eff(a) is not None and eff(b) is not None

        for start, end in sheet.date_order:
            if both(start, end) and usable(start, end) and eff(end) < eff(start):
                self.problem(
                    sheet.name,
                    row.row,
                    sheet.label(end),
                    eff(end),
                    f"{sheet.label(end)} {eff(end)} 早于 {sheet.label(start)} {eff(start)}",
                )
        for name, cond in sheet.required_with:
            if usable(name, cond) and eff(cond) and not eff(name):
                if isinstance(eff(cond), bool):
                    msg = f"{sheet.label(cond)}为“是”时须填写{sheet.label(name)}"
                else:
                    msg = f"填写了{sheet.label(cond)}时须填写{sheet.label(name)}"
                self.problem(sheet.name, row.row, sheet.label(name), "", msg)
        for name, cond in sheet.only_with:
            if usable(name, cond) and eff(name) and not eff(cond):
                self.problem(
                    sheet.name,
                    row.row,
                    sheet.label(name),
                    eff(name),
                    f"未填{sheet.label(cond)}时不能填写{sheet.label(name)}",
                )
        for low, high in sheet.ranges:
            if both(low, high) and usable(low, high) and eff(low) > eff(high):
                self.problem(
                    sheet.name,
                    row.row,
                    sheet.label(high),
                    eff(high),
                    f"{sheet.label(low)} {eff(low)} 大于 {sheet.label(high)} {eff(high)}",
                )

    def references(self, sheets: dict[str, ParsedSheet], existing: Existing) -> None:
        """Each reference found in its sheet of the book or in the database, for the sheets held whole
        (``sheets``); the keys of a streamed sheet were kept as it was checked (:attr:`defined`)."""
        defined: dict[Ref, set[str]] = {ref: set() for ref in Ref}  # the keys of the sheets held whole
        unusable: set[Ref] = set()
        for ref in Ref:
            source = sheets.get(ref.sheet)
            if source is None:
                continue
            if source.failed:
                unusable.add(ref)
                continue
            col = source.sheet.by_header[ref.header]
            defined[ref].update(str(v) for v in (r.get(col.field) for r in source.rows) if v)
        for parsed in sheets.values():
            sheet = parsed.sheet
            for col in parsed.present:
                target = col.ref
                if target is None or target.sheet == sheet.name or target in unusable:
                    continue
                known = (defined[target], existing.ids[target], self.defined[target])
                for row in parsed.rows:
                    self.reference(sheet, col, row, known)

    def reference(
        self,
        sheet: Sheet,
        col: Column,
        row: ParsedRow,
        known: tuple[Container[str], ...],
    ) -> None:
        """The rule of one reference of one row: found among the ``known`` keys (the book's sheets, the
        database)."""
        value = row.get(col.field)
        if col.field in row.bad or not value or any(value in keys for keys in known):
            return
        row.mark(col.field)
        self.problem(
            sheet.name,
            row.row,
            col.header,
            value,
            f"{col.header} {value} 在“{col.ref.sheet if col.ref else ''}”表和已有数据中都找不到",
        )

    def spans(self, sheet: Sheet, spans: list[tuple[Any, Span]], existing: Existing) -> None:
        """No two spans (a registration, a recognition) of one person overlap: ``spans`` are the book's,
        each with its person and its row number as key; a stored one counts unless the book has its key."""
        if sheet.spans is None:
            return
        start_f, end_f = sheet.spans
        by_person: dict[Any, list[Span]] = defaultdict(list)
        in_book: set[tuple[Any, ...]] = set()
        for person, span in spans:
            by_person[person].append(span)
            in_book.add(_book_key(span)[1])
        at = {c.field: i for i, c in enumerate(sheet.columns)}
        person_at, start_at, end_at = at["person"], at[start_f], at[end_f]
        for key, (_id, data) in existing.rows.get(sheet.name, {}).items():
            if key not in in_book and data[person_at] in by_person:
                by_person[data[person_at]].append(Span(data[start_at], data[end_at], None))
        label = sheet.span_label
        start_label = sheet.label(start_f)
        for person_spans in by_person.values():
            if len(person_spans) < 2:
                continue
            reported: set[int] = set()
            for a, b in overlapping(person_spans):
                target, other = (b, a) if b.key is not None else (a, b)
                if target.key is None or _book_key(target)[0] in reported:
                    continue
                row = _book_key(target)[0]
                reported.add(row)
                where = f"第 {_book_key(other)[0]} 行" if other.key is not None else "已有数据中"
                if a.end is None and b.end is None:
                    msg = (
                        f"此人有两条未结束的{label}（{where}的 {other.start} 与本行的 {target.start}）；"
                        f"同一人同一时间最多一条未结束的{label}"
                    )
                else:
                    until = other.end.isoformat() if other.end else "今"
                    msg = f"与{where}的{label}（{other.start} 至 {until}）时间重叠"
                self.problem(sheet.name, row, start_label, target.start, msg)

    def person_name(self, number: str) -> str:
        """The name of a person of the book or the database (for a message)."""
        name = self.names.get(number)
        if name is None:
            found = Person.select(Person.name).where(Person.id_number == number).tuples().first()
            name = found[0] if found else ""
        return name

    def date_rule(self, sheet: Sheet) -> Callable[[ParsedRow, str | None], None] | None:
        """Dates of services, plans and starts of work under the windows' own rule (app.daterules): not
        after today, not before the birth of the row's person (from the ID number). The rule of one row,
        given the person's name when it is at hand (else looked up for a message); None for a sheet with
        no such dates."""
        if not (sheet.not_future or sheet.not_before_birth):
            return None
        # The row's person: its 身份证号 column, or the 人员 sheet's own key.
        own = "id_number" if sheet is PERSONS else "person"
        # (field, label, the latest allowed day, whether not before the person's birth)
        dates = [
            (
                name,
                sheet.label(name),
                self.today if name in sheet.not_future else None,
                name in sheet.not_before_birth,
            )
            for name in dict.fromkeys(sheet.not_future + sheet.not_before_birth)
        ]
        births: dict[str, dt.date] = {}
        remember = sheet is not PERSONS  # a person recurs on the other sheets, not on 人员 (one row each)

        def check(row: ParsedRow, name_of_person: str | None) -> None:
            if row.key is None:
                return
            number = str(row.get(own) or "")
            known = bool(number) and own not in row.bad
            for name, label, latest, after_birth in dates:
                day = row.get(name)
                if day is None or name in row.bad:
                    continue
                birth = None
                if known and after_birth:
                    birth = births.get(number)
                    if birth is None:
                        birth = info_of_checked(number).birth_date
                        if remember:
                            births[number] = birth
                try:
                    check_event_date(day, label, today=latest, birth=birth)
                except ValidationError:
                    who = name_of_person if name_of_person is not None else self.person_name(number)
                    try:  # again, for the message with the person's name
                        check_event_date(day, label, today=latest, birth=birth, name=who)
                    except ValidationError as exc:
                        row.mark(name)
                        self.problem(sheet.name, row.row, label, day, exc.message)

        return check

    def person_dates(self, sheets: dict[str, ParsedSheet]) -> None:
        """:meth:`date_rule` on every row of the sheets held whole."""
        persons = sheets.get(PERSONS.name)
        if persons is not None and not persons.failed:
            for row in persons.rows:
                number, name = row.get("id_number"), row.get("name")
                if number and name and "id_number" not in row.bad and "name" not in row.bad:
                    self.names.setdefault(number, name)
        for parsed in sheets.values():
            rule = self.date_rule(parsed.sheet)
            if rule is None or parsed.failed:
                continue
            for row in parsed.rows:
                rule(row, None)

    # -- everything

    def run(self, path: Path) -> Plan:
        raws = self.read(Path(path))
        try:
            read_warnings = list(self.report.warnings)
            plan = self.check(raws)
        finally:
            self.close()
        plan.read_warnings = read_warnings
        plan.origins = self.origins
        translate(plan.report.problems, self.origins)
        translate(plan.report.warnings, self.origins)
        return plan

    def check(self, raws: dict[str, RawSheet]) -> Plan:
        """Check the cells against the format and the database as it is now, one sheet at a time."""
        persons = raws.get(PERSONS.name)
        if persons is None:
            self.problem(PERSONS.name, None, None, "", "工作簿中没有“人员”表（人员表必须有）")
        self.total = sum(_estimate(r) for r in raws.values()) * self.total_factor
        self.book_sheets = set(raws)
        existing = self.existing_data()
        sheets: dict[str, ParsedSheet] = {}
        rows = 0
        for sheet in SHEETS:
            raw = raws.get(sheet.name)
            if raw is None:
                continue
            early = self.early.pop(sheet.name, None)
            parsed: ParsedSheet | None
            if early is not None and early.raw is not raw and sheet.name in self.streamed:
                raise _Restart  # written as it was checked, then joined with another source sheet
            if early is not None and early.raw is raw:
                parsed = early.parsed
                if sheet is PERSONS and not early.read:
                    self.problem(PERSONS.name, None, None, "", "人员表没有数据")
                self.report.problems.extend(early.problems)
                self.report.warnings.extend(early.warnings)
            else:
                self.load(sheet.name, raw)
                if sheet is PERSONS and not raw.rows:
                    self.problem(PERSONS.name, None, None, "", "人员表没有数据")
                parsed = self.check_sheet(sheet, raw, final=True) if raw.rows or sheet is PERSONS else None
                _unload(raw)
            if parsed is None:
                continue
            rows += parsed.count
            sheets[sheet.name] = parsed
        if any(name in self.streamed for name in self.early):
            raise _Restart  # a sheet written as it was checked is not in the book as split in the end
        # The rules across rows and sheets for the sheets held whole (a streamed sheet had them row by row).
        held = {name: parsed for name, parsed in sheets.items() if not parsed.streamed}
        self.references(held, existing)
        self.person_dates(held)
        for parsed in held.values():
            if not parsed.failed:
                self.spans(parsed.sheet, _spans_of(parsed), existing)
        station = None
        station_raw = self.station_raw
        if station_raw is not None:
            self.load(STATION_SHEET, station_raw)
            station = station_sheet.parse_sheet(station_raw, self.problem)
        self.report.problems.sort(key=lambda p: (_sheet_order(p.sheet), p.row or 0))
        self.total = rows * self.total_factor
        return Plan(self.report, sheets, existing, self.total, station, raws, station_raw=station_raw)


# The grids held at once, the sheet being checked and those built ahead of it, as the size of their XML
# (calamine takes about twice that at its peak; a sheet read row by row, app/workbook/xlsxstream.py,
# holds none): the 人员 sheet of a 50,000-person export (80 MB) is not built beside its 服务记录 (90 MB).
PREFETCH_BYTES = 120 * 1024 * 1024


def _read_ahead(book: SourceBook, names: list[str], position: int) -> None:
    """Queue the sheets after ``names[position]`` on the book's reader thread while the grids they and
    the sheet being checked hold stay within :data:`PREFETCH_BYTES` (a sheet of unknown size: only when
    it is the next one)."""
    held = book.grid_bytes(names[position]) or 0
    for later in range(position + 1, len(names)):
        size = book.grid_bytes(names[later])
        if size is None and later > position + 1:
            break
        if size is not None and held + size > PREFETCH_BYTES:
            break
        held += size or 0
        book.prefetch(names[later])


def _estimate(raw: RawSheet) -> int:
    if isinstance(raw, LazySheet):
        return max(raw.estimate - 1, 0)  # less the header
    return len(raw.rows)


def _unload(raw: RawSheet) -> None:
    if isinstance(raw, LazySheet):
        raw.unload()


def _span_of(row: ParsedRow, start_f: str, end_f: str) -> tuple[Any, Span] | None:
    """A row's span for the overlap rule: its person, and a Span keyed by (row number, natural key)."""
    if row.key is None or row.bad & {start_f, end_f, "person"}:
        return None
    return row.get("person"), Span(row.get(start_f), row.get(end_f), (row.row, row.key))


def _book_key(span: Span) -> tuple[int, tuple[Any, ...]]:
    """A book row's span key: (row number, natural key)."""
    return span.key  # type: ignore[return-value]


def _spans_of(parsed: ParsedSheet) -> list[tuple[Any, Span]]:
    if parsed.sheet.spans is None:
        return []
    start_f, end_f = parsed.sheet.spans
    return [span for row in parsed.rows if (span := _span_of(row, start_f, end_f)) is not None]


class _Restart(Exception):
    """A sheet written as it was checked turned out joined with another source sheet: the import starts
    again (its transaction rolled back), every sheet held whole."""


class _SheetStream:
    """One sheet checked and written row by row, inside the import's transaction: as soon as a row is
    settled, the rules across rows it can meet now (its references, among the sheets written before it
    and the database; its dates, against its person) are applied and its new row written; its span is kept
    for the overlap rule at the sheet's end, a stored row that is unchanged counted, a changed one held
    for the end. So a sheet keeps only its keys (and spans), whatever its size."""

    def __init__(self, validator: _Validator, sheet: Sheet) -> None:
        writer = validator.writer
        assert writer is not None
        existing = validator.existing_data()
        self.validator = validator
        self.writer = writer
        self.sheet = sheet
        self.db_rows = existing.rows.get(sheet.name, {})
        self.result = writer.result(sheet)
        # (column, field, keys of the book's streamed sheets, keys in the database and written)
        self.refs = [
            (col, col.field, validator.defined[ref], existing.ids[ref])
            for col in sheet.columns
            if (ref := col.ref) is not None and ref.sheet != sheet.name
        ]
        # the keys this sheet gives the references of others: (field, where they are kept)
        self.gives = [
            (sheet.by_header[ref.header].field, validator.defined[ref])
            for ref in Ref
            if ref.sheet == sheet.name
        ]
        self.dates = validator.date_rule(sheet)
        self.persons = sheet is PERSONS
        self.span_fields = sheet.spans
        self.spans: list[tuple[Any, Span]] = []
        self.inserter: _Inserter | None = None

    def consume(self, row: ParsedRow) -> bool:
        """The rules across rows for one settled row, and its writing; whether it is held (changed)."""
        get = row.get
        for name, keys in self.gives:
            value = get(name)
            if value:
                keys.add(str(value))
        for col, name, defined, stored in self.refs:
            value = get(name)
            if value and value not in stored and value not in defined:
                self.validator.reference(self.sheet, col, row, (defined, stored))
        persons = self.persons
        if self.dates is not None:
            self.dates(row, (get("name") or None) if persons and "name" not in row.bad else None)
        if self.span_fields is not None:
            span = _span_of(row, *self.span_fields)
            if span is not None:
                self.spans.append(span)
        if row.key is None or row.bad:
            if persons and row.key is not None and not {"id_number", "name"} & row.bad:
                self.validator.names.setdefault(get("id_number"), get("name"))  # not written
            return False
        found = self.db_rows.get(row.key)
        if found is None:
            if self.inserter is None:
                self.inserter = _Inserter(self.writer, self.sheet, row.fields, empty=not self.db_rows)
            self.inserter.add(row)
            return False
        if found[1] == row.packed:
            self.result.unchanged += 1
            return False
        if persons:  # the name the database has is the old one until the end
            self.validator.names.setdefault(get("id_number"), get("name"))
        return True

    def finish(self) -> None:
        """The sheet's last rows written, and its spans checked against each other and the stored ones."""
        if self.inserter is not None:
            self.inserter.close()
        if self.span_fields is not None:
            self.validator.spans(self.sheet, self.spans, self.validator.existing_data())
        self.spans = []


def _sheet_order(name: str) -> int:
    for i, s in enumerate(SHEETS):
        if s.name == name:
            return i
    return len(SHEETS)


def check_workbook(
    path: Path,
    progress: Progress | None = None,
    *,
    total_factor: int = 1,
    today: dt.date | None = None,
    mapping: Mapping | None = None,
    writer: _Writer | None = None,
    stream: bool = True,
) -> Plan:
    """``today`` (default ``datetime.date.today()``): the latest allowed date of a service or a plan.
    ``mapping``: what the sheets and columns are where they are not recognised (app/workbook/mapping.py).
    ``writer`` (inside the import's transaction): with ``stream``, the sheets that can are written as
    they are checked."""
    validator = _Validator(progress, total_factor, today, mapping, writer, stream)
    if writer is not None:
        writer.existing = validator.existing_data()
        writer.validator = validator
    return validator.run(Path(path))


# ---------------------------------------------------------------------------- writing


def _sql_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, Decimal):
        return str(value)
    return value


def _to_sql(col: Column | None) -> Callable[[Any], Any] | None:
    """How the values of a column are given to SQLite when they are not text, whole numbers or NULL."""
    if col is None or col.ref is not None:
        return None  # a reference: the referred row's id
    if col.kind is Kind.DATE:
        return _sql_value  # a date (or a date-time)
    if col.kind is Kind.YES_NO:
        return int
    if col.kind in (Kind.TEXT, Kind.ID, Kind.CODE, Kind.CODES, Kind.REFERENCE, Kind.INT):
        return None
    return _sql_value


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def upsert(model: Any, key: Iterable[str], rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys), updating the row with the same natural key.

    One prepared statement run with executemany: building peewee queries for 10,000 rows costs
    more than writing them. ``created_at`` of an existing row is kept.
    """
    names = list(rows[0])
    meta = model._meta
    columns = [meta.fields[n].column_name for n in names]
    key_columns = [meta.fields[k].column_name for k in key]
    updates = [c for n, c in zip(names, columns, strict=True) if c not in key_columns and n != "created_at"]
    quoted = ", ".join(_quote(c) for c in columns)
    marks = ", ".join("?" for _ in columns)
    target = ", ".join(_quote(c) for c in key_columns)
    action = "UPDATE SET " + ", ".join(f"{_quote(c)} = excluded.{_quote(c)}" for c in updates)
    sql = (
        f"INSERT INTO {_quote(meta.table_name)} ({quoted}) VALUES ({marks}) "
        f"ON CONFLICT ({target}) DO {action if updates else 'NOTHING'}"
    )
    plain = (str, int, type(None))
    params = [
        tuple(v if type(v) in plain else _sql_value(v) for v in (row[n] for n in names)) for row in rows
    ]
    database.cursor().executemany(sql, params)


class _Inserter:
    """The new rows of one sheet, written as they come by one prepared INSERT in chunks: no row of the
    book has the natural key of another or of a stored row (checked), so no conflict clause is needed.
    A person, 用人单位 or 岗位 gets its id here (the next after the table's largest), so the rows that refer
    to it are written without asking the database; a person's new 户编号 becomes a household first. A
    table empty before the import that gets more than a chunk has its indexes built once after its rows
    (db.bulk)."""

    def __init__(self, writer: _Writer, sheet: Sheet, fields: Fields, empty: bool) -> None:
        model = sheet.model
        meta = model._meta
        existing = writer.existing
        assert existing is not None
        self.writer = writer
        self.sheet = sheet
        self.table = meta.table_name
        self.empty = empty
        self.result = writer.result(sheet)
        self.text = f"正在写入 {sheet.name} 表…"
        refs = _fk_natural(sheet)
        self.at_ref = [
            (i, existing.ids[ref]) for i, f in enumerate(fields) if (ref := refs.get(f)) is not None
        ]
        self.household_at = fields.at["household"] if model is Person else -1
        self.id_at = fields.at["id_number"] if model is Person else -1
        own = {Person: Ref.PERSON, Employer: Ref.EMPLOYER, Vacancy: Ref.VACANCY}.get(model)
        self.own_ids = existing.ids[own] if own is not None else None
        self.key_at = fields.at[sheet.key[0]]
        self.next_id = writer.next_id(model) if own is not None else 0
        names = (["id"] if own is not None else []) + list(fields)
        names += list(_PERSON_DERIVED) if model is Person else []
        columns = [meta.fields[n].column_name for n in names]
        self.sql = (
            f"INSERT INTO {_quote(self.table)} ({', '.join(_quote(c) for c in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        # Values SQLite cannot take as they are, converted by column (a column holds one kind of value).
        self.convert = [
            (i, fn) for i, f in enumerate(fields) if (fn := _to_sql(sheet.by_field.get(f))) is not None
        ]
        self.now = _sql_value(writer.now)
        self.params: list[list[Any]] = []
        self.deferred: contextlib.AbstractContextManager[None] | None = None

    def add(self, row: ParsedRow) -> None:
        values = list(row.packed or ())
        if self.household_at >= 0 and values[self.household_at]:
            self.writer.household(values[self.household_at])
        for i, ids in self.at_ref:
            if values[i]:
                found = ids.get(values[i])
                if found is None:
                    return  # refers to a row not written for its problems: the import fails anyway
                values[i] = found
            else:
                values[i] = None
        for i, fn in self.convert:
            if values[i] is not None:
                values[i] = fn(values[i])
        if self.id_at >= 0:
            info = info_of_checked(values[self.id_at])
            values += [info.gender, info.birth_date.isoformat(), self.now, self.now]
        if self.own_ids is not None:
            self.own_ids[row.packed[self.key_at]] = self.next_id  # type: ignore[index]
            values.insert(0, self.next_id)
            self.next_id += 1
        self.params.append(values)
        if len(self.params) >= WRITE_CHUNK:
            self.flush()

    def flush(self) -> None:
        if not self.params:
            return
        conn = database.connection()
        if self.deferred is None and self.empty and len(self.params) >= WRITE_CHUNK:
            self.deferred = indexes_deferred(conn, [self.table])  # more than a chunk into an empty table
            self.deferred.__enter__()
        self.writer.flush_households()
        self.writer.write(self.sql, self.params)
        self.result.created += len(self.params)
        self.writer.advance(len(self.params), self.text)
        self.params = []

    def close(self) -> None:
        self.flush()
        if self.deferred is not None:
            deferred, self.deferred = self.deferred, None
            deferred.__exit__(None, None, None)


class _Writer:
    """What an import writes, inside its transaction: the new rows of each sheet (streamed as the sheet is
    checked, or after the check for a sheet held whole), with the per-row audit triggers suspended (in a
    bulk change a creation is counted, not listed); then the rows that changed, each change recorded by
    the triggers. New rows go first: a changed row may refer to a new one (a new 用人单位), never the other
    way round (no unique key but the natural key, which a change keeps)."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.summary = ImportSummary()
        self.now = dt.datetime.now().replace(microsecond=0)
        self.existing: Existing | None = None  # the validator's (the writer adds the ids it gives)
        self.validator: _Validator | None = None  # whose progress the rows written count in
        self.households: list[tuple[int, str]] = []  # new households not written yet
        self.next_household = 0

    def result(self, sheet: Sheet) -> SheetResult:
        return self.summary.sheets.setdefault(sheet.name, SheetResult())

    def advance(self, rows: int, text: str) -> None:
        validator = self.validator
        if validator is not None:
            validator.done += rows
            validator.tick(text, force=True)

    def next_id(self, model: Any) -> int:
        pk = _quote(model._meta.primary_key.column_name)
        found = database.execute_sql(f"SELECT max({pk}) FROM {_quote(model._meta.table_name)}").fetchone()
        return int(found[0] or 0) + 1

    def household(self, code: str) -> None:
        """A person's 户编号: a new household, written before the persons that refer to it."""
        assert self.existing is not None
        ids = self.existing.ids[Ref.HOUSEHOLD]
        if code in ids:
            return
        if not self.next_household:
            self.next_household = self.next_id(Household)
        ids[code] = self.next_household
        self.households.append((self.next_household, code))
        self.next_household += 1
        self.summary.households_created += 1

    def flush_households(self) -> None:
        if self.households:
            self.write("INSERT INTO household (id, code, address) VALUES (?, ?, '')", self.households)
            self.households = []

    def write(self, sql: str, params: list[Any]) -> None:
        """One chunk of rows (the one place an import's new rows reach the database)."""
        database.connection().executemany(sql, params)

    def insert(self, sheet: Sheet, rows: list[ParsedRow]) -> None:
        """The new rows of a sheet held whole."""
        if not rows:
            self.result(sheet)
            return
        existing = self.existing
        assert existing is not None
        inserter = _Inserter(self, sheet, rows[0].fields, empty=not existing.rows.get(sheet.name))
        for row in rows:
            inserter.add(row)
        inserter.close()

    def changed(self, parsed: ParsedSheet) -> None:
        """Write the changed rows of one sheet that were stored already (each change recorded by the audit
        triggers), and count the sheet's rows."""
        sheet = parsed.sheet
        model = sheet.model
        existing = self.existing
        assert existing is not None
        db_rows = existing.rows.get(sheet.name, {})
        refs = _fk_natural(sheet)
        result = self.result(sheet)
        text = f"正在写入 {sheet.name} 表…"
        changed: list[dict[str, Any]] = []
        for row in parsed.rows if db_rows else ():
            found = db_rows.get(row.key)  # type: ignore[arg-type]
            if found is None:
                continue
            if found[1] == row.packed:
                result.unchanged += 1
                continue
            effective = row.effective
            result.updated += 1
            data = dict(effective)
            for f, ref in refs.items():
                data[f] = existing.ids[ref][data[f]] if data[f] else None
            if model is Person:
                info = info_of_checked(data["id_number"])
                data["gender"] = info.gender
                data["birth_date"] = info.birth_date
                data["created_at"] = self.now
                data["updated_at"] = self.now
            changed.append(data)
            if len(changed) >= WRITE_CHUNK:
                upsert(model, sheet.key, changed)
                self.advance(len(changed), text)
                changed.clear()
        if changed:
            upsert(model, sheet.key, changed)
            self.advance(len(changed), text)

    def held(self, plan: Plan) -> None:
        """The new rows of the sheets held whole, in the order their references need (inside
        ``audit.creations_in_bulk``); a sheet's rows written are let go."""
        for sheet in WRITE_ORDER:
            parsed = plan.sheets.get(sheet.name)
            if parsed is None or parsed.streamed:
                continue
            stored = self.existing.rows.get(sheet.name, {}) if self.existing is not None else {}
            self.insert(sheet, [row for row in parsed.rows if row.key not in stored])
            if not stored:
                parsed.rows = []
        self.flush_households()

    def changes(self, plan: Plan) -> ImportSummary:
        """The changed rows of every sheet (audited), and the summary in the order of the sheets."""
        for sheet in WRITE_ORDER:
            parsed = plan.sheets.get(sheet.name)
            if parsed is not None:
                self.changed(parsed)
                parsed.rows = []
        order = {s.name: i for i, s in enumerate(WRITE_ORDER)}
        sheets = sorted(self.summary.sheets.items(), key=lambda item: order.get(item[0], len(order)))
        self.summary.sheets = dict(sheets)
        for name, result in self.summary.sheets.items():
            result.warnings = [w for w in plan.report.warnings if w.sheet == name]
        self.summary.warnings = list(plan.report.warnings)
        return self.summary


IMPORT_CACHE_KIB = 16384  # SQLite's page cache while an import writes (the file's own: 64 MiB)


@contextlib.contextmanager
def _small_page_cache() -> Iterator[None]:
    """A smaller page cache while the rows are written: the pages of a bulk load are written once (dirty
    pages beyond the cache go to the WAL early), and the rows checked are still held in memory."""
    before = database.execute_sql("PRAGMA cache_size").fetchone()[0]
    database.execute_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        database.execute_sql(f"PRAGMA cache_size = {int(before)}")


def _run(
    path: Path,
    progress: Progress | None,
    today: dt.date | None,
    mapping: Mapping | None,
    *,
    stream: bool,
    dry_run: bool,
) -> tuple[Plan, ImportSummary]:
    """Check the workbook and write it, all inside one IMMEDIATE transaction taken before the first cell
    is read: what is written is checked against the data as it is when written, and nobody else writes
    until it commits. Nothing is kept when any row has a problem (ImportRejected) or for a ``dry_run``."""
    try:
        digest = audit.file_sha256(path)
    except OSError:
        digest = "（无法读取）"  # the reader says why, in its words
    try:
        with database.atomic() as transaction:  # BEGIN IMMEDIATE
            opening = f"导入台账工作簿 {path.name}（sha256 {digest}）"
            with audit.bulk("import", detail=opening) as entry, _small_page_cache():
                writer = _Writer(progress)
                with audit.creations_in_bulk():
                    plan = check_workbook(
                        path,
                        progress,
                        total_factor=2,
                        today=today,
                        mapping=mapping,
                        writer=writer,
                        stream=stream,
                    )
                    if not plan.report.ok:
                        raise ImportRejected(plan.report)
                    fault_point("import-writing")
                    writer.held(plan)
                summary = writer.changes(plan)
                if plan.station is not None:
                    summary.station_settings = station_sheet.apply(plan.station)
            audit.record(
                "import",
                parent=entry,
                detail=f"导入完成：共 {plan.total_rows} 行，新增 {summary.created} 条，"
                f"更新 {summary.updated} 条，新建家庭 {summary.households_created} 户",
            )
            if dry_run:
                transaction.rollback()
    except (sqlite3.Error, pw.PeeweeException) as exc:
        user = translate_sqlite_error(exc, str(database.database) if database.database else None)
        detail = user.message if user is not None else str(exc)
        raise UserError(f"写入数据库时出错，已全部撤销，数据库未改动：{detail}") from exc
    return plan, summary


def _attempts(
    path: Path,
    progress: Progress | None,
    today: dt.date | None,
    mapping: Mapping | None,
    dry_run: bool,
) -> tuple[Plan, ImportSummary]:
    try:
        return _run(Path(path), progress, today, mapping, stream=True, dry_run=dry_run)
    except _Restart:  # rolled back: once more, every sheet held whole
        return _run(Path(path), progress, today, mapping, stream=False, dry_run=dry_run)


def validate_workbook(
    path: Path,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    mapping: Mapping | None = None,
) -> ImportReport:
    """Check the whole workbook against the format and the database: the import run to its end and rolled
    back (the same rules, the same messages), so nothing is changed."""
    try:
        plan, _summary = _attempts(Path(path), progress, today, mapping, dry_run=True)
    except ImportRejected as exc:
        return exc.report
    if progress is not None:
        progress(plan.total_rows, plan.total_rows, "检查完成")
    return plan.report


def import_workbook(
    path: Path,
    *,
    progress: Progress | None = None,
    today: dt.date | None = None,
    mapping: Mapping | None = None,
) -> ImportSummary:
    """Check the whole workbook and write it all in one transaction (or nothing): its rows are written as
    they are checked, and the whole undone when any row has a problem.

    Raises ImportRejected (a UserError carrying the report) when any row has a problem.
    """
    session.require(session.Permission.WRITE)
    plan, summary = _attempts(Path(path), progress, today, mapping, dry_run=False)
    if progress is not None:
        progress(plan.total_rows, plan.total_rows, "导入完成")
    return summary
