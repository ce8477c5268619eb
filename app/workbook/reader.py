"""Reading a station's ledger file, whatever program wrote it: .xlsx, .xlsm, .xls, .et (WPS), .ods and
CSV, recognised by their content, not by their suffix; and saving workbooks with clear Chinese messages.

Cells are read by python-calamine (Rust): the whole grid of every sheet from its top row, title rows
included (:class:`SourceSheet`); an .xlsx sheet whose XML is larger than a grid should take is read as it
is decompressed instead, by a process of its own when it is large (app/workbook/xlsxstream.py, the same
values; its merged ranges come from the scan below). What a grid holds is what the ledger's author
typed: text, numbers (``int`` when whole), booleans, and ``datetime.date`` / ``datetime.datetime`` ONLY
for a cell that has a date format (so the date rule of :func:`app.core.dates.parse_date` can tell an
Excel serial from 2024). A blank cell is ``None``. CSV files are read by :mod:`app.workbook.csvfile`.

What Excel does not show is given too: the sheet's state (visible / hidden / veryHidden, all formats
calamine knows), merged ranges (.xlsx, .xlsm, .xls, .et) and hidden rows (.xlsx and .xlsm only, from a
quick scan of the sheet's XML: calamine does not report them, and for .xls / .ods they are not known).

Before calamine builds a sheet (it allocates the whole rectangle from A1 to the last cell), the extent
of an .xlsx sheet is checked against :mod:`app.workbook.limits` by the same scan, so that two cells at A1
and XFD1048576 are refused with a message rather than taking the PC down.

openpyxl stays for writing (:func:`load_for_edit`, :func:`save_workbook`).

Why this module is over 600 lines: telling the formats apart, the limits checked before a sheet is built,
the sheet views the importer reads (whole, lazy, streamed) and the book with its reader thread belong
together; the XML scan, CSV and the limits already live beside it.
"""

from __future__ import annotations

import itertools
import logging
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from app.core import excel
from app.core.errors import UserError
from app.core.textnorm import clean
from app.workbook import xlsxstream
from app.workbook.limits import (
    MAX_CELLS,
    MAX_ROWS,
    RowCounter,
    cells_message,
    check_package,
    encrypted_message,
    is_encrypted,
    rows_message,
)
from app.workbook.xlsxscan import Extent, relationships, scan_sheet, sheet_parts
from app.workbook.xlsxstream import cell_value

log = logging.getLogger(__name__)

LOCKED_MESSAGE = "文件正被其他程序（如 Excel）打开，请关闭后重试"
NOT_A_WORKBOOK = "不是有效的 Excel 工作簿"
SUPPORTED = "Excel 工作簿（.xlsx .xlsm .xls）、WPS 表格（.et）、OpenDocument 表格（.ods）或 CSV 文件"
# Suffixes offered by the file dialogs (the content decides how a file is read).
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
OPEN_FILTER = (
    "台账文件 (*.xlsx *.xlsm *.xls *.et *.ods *.csv *.tsv *.txt);;"
    "Excel 工作簿 (*.xlsx *.xlsm *.xls);;WPS 表格 (*.et);;OpenDocument 表格 (*.ods);;"
    "CSV 文件 (*.csv *.tsv *.txt);;所有文件 (*)"
)

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def clean_header(value: object) -> str:
    if value is None:
        return ""
    return clean(str(value)).replace(" ", "").replace("\n", "")


# ---------------------------------------------------------------------------- what a reader gives


class CellRange(NamedTuple):
    """A merged range: Excel row numbers (1-based) and 0-based column indexes, both ends included."""

    top: int
    left: int
    bottom: int
    right: int

    @property
    def ref(self) -> str:
        """The range as Excel writes it (“B3:B5”)."""
        return f"{_letters(self.left)}{self.top}:{_letters(self.right)}{self.bottom}"


def _letters(col: int) -> str:
    out = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@dataclass
class SourceSheet:
    """One sheet as the file holds it: every row from the top (title rows included).

    ``rows()`` streams ``(Excel row number, values)`` once per call, blank rows left out; the values are
    str / int / float / bool / date / datetime / None (a date only where the cell has a date format).
    Rows and cells are counted against the limits as they stream.
    """

    name: str
    state: str = "visible"  # "hidden" or "veryHidden" (shown again only with VBA)
    merged: list[CellRange] = field(default_factory=list)
    hidden_rows: list[int] = field(default_factory=list)  # Excel row numbers hidden in Excel
    _source: Any = None  # () -> iterator of (row number, values), not counted yet

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        counter = RowCounter(self.name)
        if self._source is None:
            return
        source = self._source()
        try:
            for number, values in source:
                counter.add(len(values))
                for v in values:
                    if v is not None:
                        yield number, values
                        break
        finally:
            close = getattr(source, "close", None)
            if close is not None:
                close()


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _not_blank(rows: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """The rows with a cell that is not blank (``None`` or only spaces), as tuples."""
    text = str
    for number, values in rows:
        for v in values:
            if v is not None and (v.__class__ is not text or v.strip()):
                yield number, tuple(values)
                break


# ---------------------------------------------------------------------------- the adapter
#
# The importer still takes the first non-blank row of a sheet as its header (the "map" task finds the
# header below title rows on top of SourceSheet); RawSheet is that view.


@dataclass
class RawSheet:
    """The cell values of one sheet: the header row and the non-blank data rows."""

    name: str
    header_row: int  # Excel row number of the header (0 = the sheet is empty)
    headers: list[str]
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values)
    state: str = "visible"  # "hidden" or "veryHidden" (shown again only with VBA)
    hidden_rows: list[int] = field(default_factory=list)  # data rows hidden in Excel (still imported)
    merged: list[tuple[str, Any]] = field(default_factory=list)  # (range, value) filled into each row


def raw_sheet(name: str, rows: Iterable[tuple[int, Sequence[Any]]]) -> RawSheet:
    """The header (first non-blank row) and every later non-blank row of ``(row number, values)``
    (rows not counted against the limits here: :meth:`SourceSheet.rows` does)."""
    out = list(_not_blank(rows))
    if not out:
        return RawSheet(name, 0, [], [])
    number, values = out[0]
    return RawSheet(name, number, [clean_header(v) for v in values], out[1:])


def header_and_rows(
    sheet: SourceSheet, filled: dict[CellRange, Any] | None = None
) -> tuple[int, list[str], Iterator[tuple[int, tuple[Any, ...]]]]:
    """The first non-blank row as the header (Excel row number, cleaned headers) and an iterator over the
    rows below it, streaming; merged ranges below the header fill their top value down (``filled``
    collects them)."""
    rows = sheet.rows()
    header_row, headers = 0, []
    for number, values in rows:
        if all(_blank(v) for v in values):
            continue
        header_row, headers = number, [clean_header(v) for v in values]
        break
    return header_row, headers, fill_down(rows, sheet.merged, header_row, filled)


def fill_down(
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    merged: Sequence[CellRange],
    header_row: int,
    filled: dict[CellRange, Any] | None = None,
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Non-blank rows, the cells under the top of each vertically merged range below ``header_row``
    given its top cell's value (Excel shows it in each row; the file stores it only in the first).
    ``filled`` collects the ranges that changed a row, with their values."""
    ranges = sorted((r for r in merged if r.bottom > r.top and r.top > header_row), key=lambda r: r.top)
    active: list[tuple[CellRange, Any]] = []
    i = 0
    for number, values in rows:
        if all(_blank(v) for v in values):
            continue
        if active:
            active = [(r, v) for r, v in active if r.bottom >= number]
        while i < len(ranges) and ranges[i].top <= number:
            r = ranges[i]
            i += 1
            if r.top == number and r.left < len(values) and not _blank(values[r.left]):
                active.append((r, values[r.left]))
        if active:
            cells = list(values)
            for r, v in active:
                if r.top == number:
                    continue
                if len(cells) <= r.left:
                    cells.extend([None] * (r.left + 1 - len(cells)))
                if _blank(cells[r.left]):
                    cells[r.left] = v
                    if filled is not None:
                        filled[r] = v
            values = tuple(cells)
        yield number, values


def fill_merged(raw: RawSheet, merged: Sequence[CellRange]) -> list[tuple[str, Any]]:
    """Fill vertically merged ranges into the rows of ``raw`` (see :func:`fill_down`); the ranges that
    changed a row and their values."""
    filled: dict[CellRange, Any] = {}
    raw.rows = list(fill_down(iter(raw.rows), merged, raw.header_row, filled))
    return [(r.ref, v) for r, v in filled.items()]


STREAM_HEAD = 64  # rows a streamed sheet reads ahead: its header is found in the first 40 (header.py)


class LazySheet(RawSheet):
    """A RawSheet whose header and rows are read from the open book only when :meth:`load` is called,
    and let go by :meth:`unload`: the importer holds one sheet's cells at a time.

    ``load(stream=True)`` reads only the first :data:`STREAM_HEAD` rows into ``rows`` and leaves the others
    to ``rest``, an iterator the importer's check consumes row by row (so a 200,000-row sheet is never a
    list of Python rows); a sheet with cells merged down over rows is always read whole (its merged
    values are filled in and warned about first). :meth:`materialize` reads the rest into ``rows``."""

    def __init__(self, book: SourceBook, name: str, state: str, estimate: int) -> None:
        super().__init__(name, 0, [], [], state)
        self.book = book
        self.estimate = estimate  # rows in the sheet (header and blank rows included), for progress
        self.loaded = False
        self.ranges: list[CellRange] = []  # every merged range of the sheet, once loaded
        self.rest: Iterator[tuple[int, tuple[Any, ...]]] | None = None

    def load(self, stream: bool = False) -> None:
        sheet = self.book.sheet(self.name)
        self.state = sheet.state
        self.ranges = sheet.merged
        if stream and not any(r.bottom > r.top for r in sheet.merged):
            rows = _not_blank(sheet.rows())
            head = list(itertools.islice(rows, STREAM_HEAD))
            self.header_row, self.headers = (
                (head[0][0], [clean_header(v) for v in head[0][1]]) if head else (0, [])
            )
            self.rows = head[1:]
            self.rest = rows if len(head) == STREAM_HEAD else None
            self.merged = []
        else:
            raw = raw_sheet(self.name, sheet.rows())
            self.header_row, self.headers, self.rows = raw.header_row, raw.headers, raw.rows
            self.merged = fill_merged(self, sheet.merged)
        self.hidden_rows = [r for r in sheet.hidden_rows if r > self.header_row]
        self.loaded = True

    def materialize(self) -> None:
        """The rows not read yet (a streamed sheet's ``rest``) read into ``rows``."""
        if self.rest is not None:
            rest, self.rest = self.rest, None
            self.rows.extend(rest)

    def take_rest(self) -> Iterator[tuple[int, tuple[Any, ...]]] | None:
        """The rows not read yet, handed over (this sheet no longer holds them)."""
        rest, self.rest = self.rest, None
        return rest

    def unload(self) -> None:
        self.rows = []
        rest, self.rest = self.rest, None
        close = getattr(rest, "close", None)
        if close is not None:
            close()
        self.loaded = False


# ---------------------------------------------------------------------------- checking the file


def _check_path(path: Path) -> None:
    if not path.exists():
        raise UserError(f"找不到文件：{path}")
    if path.is_dir():
        raise UserError(f"这是一个文件夹，不是 Excel 工作簿：{path}")


def _head(path: Path) -> bytes:
    try:
        # Opening the file ourselves first tells a locked file (PermissionError) from a bad one.
        with path.open("rb") as fh:
            return fh.read(8)
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}：{path.name}") from None
    except OSError as exc:
        raise UserError(f"无法读取文件 {path.name}：{exc.strerror or exc}") from None


def detect_format(path: Path) -> str:
    """“xlsx” (also .xlsm and an .et saved as one), “ods”, “xls” (also an .et saved as one) or “csv”, by
    the file's first bytes; UserError for anything else (a missing, locked, encrypted or foreign file)."""
    path = Path(path)
    _check_path(path)
    head = _head(path)
    if head.startswith(ZIP_MAGIC):
        check_package(path)  # unpacked sizes, before any XML is parsed
        try:
            with zipfile.ZipFile(path) as zf:
                if "mimetype" in zf.NameToInfo and b"opendocument.spreadsheet" in zf.read("mimetype"):
                    return "ods"
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            raise _damaged(path) from None
        return "xlsx"
    if head == OLE_MAGIC:
        if is_encrypted(path):
            raise UserError(encrypted_message(path))
        return "xls"
    if path.suffix.lower() in TEXT_SUFFIXES:
        return "csv"
    raise UserError(f"{path.name} {NOT_A_WORKBOOK}（可能是其他格式的文件改了扩展名），请选择{SUPPORTED}")


def _damaged(path: Path) -> UserError:
    return UserError(f"{path.name} {NOT_A_WORKBOOK}，文件可能已损坏")


# ---------------------------------------------------------------------------- values


def _calamine_rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, values) of a calamine sheet. python-calamine yields the rows from the sheet's
    first row (blank rows above the used area included) and the columns from the first used column."""
    first_col = sheet.start[1] if sheet.start is not None else 0
    pad = (None,) * first_col
    value = cell_value
    text = str
    for i, cells in enumerate(sheet.iter_rows(), start=1):
        # most cells are non-empty text, which cell_value gives back as it is
        yield i, pad + tuple([c if c.__class__ is text and c else value(c) for c in cells])


# The suffixes calamine's ``from_path`` reads as each format (it goes by the suffix).
_CALAMINE_SUFFIXES = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",), "csv": ()}

_STATES = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}


class SourceBook:
    """A ledger file open for reading (use as a context manager): its sheet names in order and each
    sheet's :class:`SourceSheet`."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.kind = kind
        self._file: BinaryIO | None = None
        self._zip: zipfile.ZipFile | None = None
        self._parts: dict[str, str] = {}
        self._package: xlsxstream.Package | None = None  # for the sheets read row by row
        self._extents: dict[str, Extent] = {}
        self._csv: Any = None
        # calamine builds a sheet on one reader thread (it lets go of the GIL while it parses): the next
        # sheet is read there while the importer checks this one (:meth:`prefetch`).
        self._pool: ThreadPoolExecutor | None = None
        self._grids: dict[str, Future[Any]] = {}
        if kind == "csv":
            from app.workbook.csvfile import CsvSource

            self._csv = CsvSource(path)
            self.sheetnames = [self._csv.name]
            self._states = {self._csv.name: "visible"}
            return
        import python_calamine as pc

        self._file = path.open("rb")
        try:
            if path.suffix.lower() in _CALAMINE_SUFFIXES[kind]:
                # From the path: calamine reads the parts it needs (a file object is copied whole).
                self._book: Any = pc.CalamineWorkbook.from_path(str(path))
            else:  # calamine goes by the suffix; a file object by the content (a misnamed file, .et)
                self._book = pc.CalamineWorkbook.from_filelike(self._file)
            meta = self._book.sheets_metadata
            self.sheetnames = [m.name for m in meta if str(m.typ).endswith("WorkSheet")]
            self._states = {m.name: _STATES.get(str(m.visible).rsplit(".", 1)[-1], "visible") for m in meta}
            if kind == "xlsx":
                self._zip = zipfile.ZipFile(self._file)
                self._parts = sheet_parts(self._zip)
                if not self._parts and self.sheetnames:
                    raise ValueError("no worksheet part")
                if not self.sheetnames and not any(n.endswith("workbook.xml") for n in self._zip.NameToInfo):
                    raise ValueError("no workbook part")
        except BaseException:
            self.close()
            raise

    def __enter__(self) -> SourceBook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            for future in self._grids.values():
                future.cancel()
            pool.shutdown(wait=True)
        self._grids.clear()
        if self._zip is not None:
            self._zip.close()
            self._zip = None
        if self._file is not None:
            self._file.close()
            self._file = None
        book = getattr(self, "_book", None)
        if book is not None:
            book.close()
            self._book = None

    def _extent(self, name: str) -> Extent | None:
        """The scan of an .xlsx sheet (once per sheet); None for other formats."""
        part = self._parts.get(name)
        if self._zip is None or part is None:
            return None
        if name not in self._extents:
            with self._zip.open(part) as src:
                self._extents[name] = scan_sheet(src, light=self.streamed(name))
        return self._extents[name]

    def sheet(self, name: str) -> SourceSheet:
        """The sheet ``name``; UserError when it is larger than the limits allow."""
        state = self._states.get(name, "visible")
        if self._csv is not None:
            return SourceSheet(name, state, _source=self._csv.rows)
        hidden = self._check_extent(name)
        if self.streamed(name):
            extent = self._extent(name)
            assert extent is not None
            merged = [CellRange(*box) for box in extent.merged]
            return SourceSheet(name, state, merged, hidden, _source=lambda: self._stream(name))
        future = self._grids.pop(name, None)
        grid = (future or self._submit(name)).result()
        merged = [
            CellRange(top + 1, left, bottom + 1, right)
            for (top, left), (bottom, right) in (grid.merged_cell_ranges or [])
        ]
        return SourceSheet(name, state, merged, hidden, _source=lambda: _calamine_rows(grid))

    def _check_extent(self, name: str) -> list[int]:
        """UserError when an .xlsx sheet is larger than the limits allow (before calamine builds it);
        its hidden rows."""
        extent = self._extent(name)
        if extent is None:
            return []
        if extent.rows > MAX_ROWS:
            raise UserError(rows_message(name))
        if extent.rows * extent.cols > MAX_CELLS:
            raise UserError(cells_message(name))
        return extent.hidden

    def grid_bytes(self, name: str) -> int | None:
        """What a sheet's grid costs while it is held, as the size of its XML (calamine takes about twice
        that at its peak, whatever the shape of the sheet): None when not known (not .xlsx); 0 for a sheet
        read row by row (:meth:`streamed`: it holds no grid)."""
        size = self._part_size(name)
        if size is None:
            return None
        return 0 if size > xlsxstream.STREAM_BYTES else size

    def _part_size(self, name: str) -> int | None:
        part = self._parts.get(name)
        if self._zip is None or part is None:
            return None
        return self._zip.getinfo(part).file_size

    def streamed(self, name: str) -> bool:
        """Whether an .xlsx sheet is read row by row (app/workbook/xlsxstream.py): one whose XML is larger
        than :data:`~app.workbook.xlsxstream.STREAM_BYTES`, whose grid would take more memory than the
        import may."""
        return self.grid_bytes(name) == 0

    def _stream(self, name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """The rows of a sheet read row by row, as :func:`_calamine_rows` gives them; a damaged part
        is a UserError."""
        assert self._zip is not None
        try:
            if (self._part_size(name) or 0) > xlsxstream.PROCESS_BYTES:
                try:
                    yield from xlsxstream.rows_in_process(str(self.path), self._parts[name])
                    return
                except xlsxstream.ReaderNotStarted:
                    log.warning("the reading process of %s did not start; reading here", name)
            if self._package is None:
                book = xlsxstream.book_part(self._zip, relationships(self._zip, ""))
                self._package = xlsxstream.Package.open(self._zip, book, relationships(self._zip, book))
            yield from xlsxstream.sheet_rows(self._package, self._parts[name])
        except UserError:
            raise
        except Exception as exc:  # a damaged part of the file
            raise UserError(f"{self.path.name} 不是有效的工作簿，读取时出错：{exc}") from None

    def _submit(self, name: str) -> Future[Any]:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="calamine")
        return self._pool.submit(self._book.get_sheet_by_name, name)

    def prefetch(self, name: str) -> None:
        """Start building sheet ``name`` on the reader thread, so that it is ready when :meth:`sheet` asks
        for it (a sheet beyond the limits is left: :meth:`sheet` refuses it)."""
        if self._csv is not None or name in self._grids or name not in self.sheetnames:
            return
        if self.streamed(name):
            return  # nothing to build ahead
        try:
            self._check_extent(name)
        except UserError:
            return
        self._grids[name] = self._submit(name)

    # The importer's view until header finding lands (the first non-blank row is the header).

    def lazy(self, name: str) -> LazySheet:
        """The sheet as a :class:`LazySheet` (nothing read yet but its size, for progress)."""
        return LazySheet(self, name, self._states.get(name, "visible"), self.estimate(name))

    def estimate(self, name: str) -> int:
        """About how many rows the sheet has (exact for .xlsx and .xls without blank rows)."""
        if self._csv is not None:
            return self._csv.count_lines()
        extent = self._extent(name)
        if extent is not None:
            return extent.rows
        return int(self._submit(name).result().height or 0)

    def read(self, name: str) -> RawSheet:
        """The header and the non-blank rows of one sheet, with what Excel hides: the sheet's state,
        hidden rows, and merged ranges (a merged cell's value filled into each row it covers)."""
        sheet = self.sheet(name)
        raw = raw_sheet(name, sheet.rows())
        raw.state = sheet.state
        raw.hidden_rows = [r for r in sheet.hidden_rows if r > raw.header_row]
        raw.merged = fill_merged(raw, sheet.merged)
        return raw

    def rows(self, name: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
        return self.sheet(name).rows()


def open_source(path: Path) -> SourceBook:
    """The ledger file at ``path`` for reading; UserError for a missing, locked, encrypted or bad file."""
    path = Path(path)
    kind = detect_format(path)
    try:
        return SourceBook(path, kind)
    except UserError:
        raise
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}：{path.name}") from None
    except Exception as exc:  # calamine's errors, a damaged zip, bad XML
        if type(exc).__name__ == "PasswordError":
            raise UserError(encrypted_message(path)) from None
        raise _damaged(path) from None


open_values = open_source  # the name the importer used for the .xlsx reader


# ---------------------------------------------------------------------------- writing (openpyxl)


def load_for_edit(path: Path) -> Any:
    """An .xlsx workbook loaded by openpyxl for editing (the error report marks its cells)."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    if detect_format(path) != "xlsx":
        raise UserError(f"{path.name} 不是 .xlsx 工作簿，不能在其中标出问题")
    try:
        return openpyxl.load_workbook(path, read_only=False, data_only=True)
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}：{path.name}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise _damaged(path) from None


def load_for_report(path: Path) -> Any:
    """The workbook an error report is written into: a copy of an .xlsx source (its bad cells are marked
    there), a new workbook for any other format (the report lists the problems only)."""

    path = Path(path)
    if detect_format(path) == "xlsx":
        return load_for_edit(path)
    wb = excel.new_workbook()
    wb.remove(wb.active)
    return wb


def check_destination(dest: Path) -> None:
    """Refuse a destination that cannot be a workbook file, before any work is done."""
    if dest.suffix.lower() != ".xlsx":
        raise UserError(f"请保存为 .xlsx 文件：{dest.name}")
    if not dest.parent.is_dir():
        raise UserError(f"保存位置不存在：{dest.parent}")
    if dest.is_dir():
        raise UserError(f"这是一个文件夹，不能保存为文件：{dest}")


def save_workbook(wb: Any, dest: Path) -> None:
    """Check the destination, then the one atomic, formula-free save
    (:func:`app.core.excel.save_workbook`)."""
    dest = Path(dest)
    check_destination(dest)
    excel.save_workbook(wb, dest)
