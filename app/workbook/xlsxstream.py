"""Reading a very large .xlsx sheet as its XML is decompressed, holding a few MB of it (issue 17).

python-calamine builds a sheet's whole grid before it gives the first row: 628 MB at its peak for the
人员 sheet of a 200,000-person export (200,001 rows × 38 columns), 594 MB for its 服务记录 (800,001 × 8),
each more than the whole import may take. A sheet whose XML is larger than :data:`STREAM_BYTES` is read
here instead (:func:`sheet_rows`): the text is decompressed 4 MB at a time, the cells of whole rows are
read by one regular expression for the forms Excel, WPS and openpyxl write (:data:`_CELL`), and a stretch
with any other form (a formula, rich text, an entity, a cell without its reference) is read row by row by
lxml. It takes about twice calamine's time (10 s for that 人员 sheet, calamine 4.8 s), so a large sheet is
read by a second process of the program on the PC's other core (:func:`rows_in_process`), which sends
its rows back in batches while the importer checks them: the 200,000-person import takes 43 s, not 52–62.

What a row gives is what :func:`app.workbook.reader._calamine_rows` gives from calamine's cells, through
:func:`cell_value`: text, a number, a bool, and for a number in a cell with a date or time format what
calamine makes of it (a date or date-time; a time for a value under 1; a duration for a ``[h]``-style
format; the number itself beyond 9999-12-31); an error value is empty.
``tests/app/workbook/test_xlsxstream.py`` holds both readers to that on the same files. A row holds the
cells up to its last one (calamine pads every row to the sheet's width; the importer reads a missing cell
as empty).

The number formats are classified by :func:`number_format_kind`, calamine's rule (``formats.rs``): the
first section of a format, outside quotes, brackets and escaped characters, with a date or time letter
is a date-time; one with ``[h]``, ``[m]`` or ``[s]`` a duration.

Why this module is over 600 lines: the values calamine gives (number formats, serial dates), the two
ways of reading the cells (the pattern and lxml) and the reading process that runs them must agree on
every cell; split, each part would need the others' rules.
"""

from __future__ import annotations

import codecs
import contextlib
import datetime as dt
import html
import itertools
import logging
import os
import pickle
import posixpath
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

# A sheet whose XML is larger is read row by row (the 人员 sheet of a 50,000-person export is 80 MB, of a
# 200,000-person one 320 MB; calamine's grid takes about twice its XML at its peak). The environment may
# set it (the package check reads a small book the way a large one is read).
STREAM_BYTES = int(os.environ.get("STATIONDESK_STREAM_BYTES", 150 * 1024 * 1024))
# A sheet read row by row whose XML is larger is read by a process of its own (:func:`rows_in_process`), on
# the PC's other core while the importer checks the rows it has sent (the environment may set it too).
PROCESS_BYTES = int(os.environ.get("STATIONDESK_PROCESS_BYTES", 16 * 1024 * 1024))
_BATCH = 2000  # rows a reading process sends at once
log = logging.getLogger(__name__)

DATE = "date"
DURATION = "duration"

_SAFE_INT = 2**53  # a whole float beyond this is not exact: it stays a float
_MS_PER_DAY = 86_400_000
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1900_EARLY = dt.datetime(1899, 12, 31)  # serials before Excel's 1900-02-29 (which never was)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
_LAST = dt.datetime(9999, 12, 31, 23, 59, 59, 999000)

# Built-in format ids with a date or time (ECMA-376 18.8.30); 46 is [h]:mm:ss.
_BUILTIN = {**dict.fromkeys((*range(14, 23), 45, 47), DATE), 46: DURATION}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def number_format_kind(code: str) -> str | None:
    """DATE, DURATION or None (a plain number) for a custom number format code (calamine's rule)."""
    escaped = quoted = ampm = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True  # the next character is a literal
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return None  # the first section only
        elif ch == "[":
            brackets += 1
        elif ch == "]" and brackets == 1 and hms:
            return DURATION
        elif ch == "]":
            brackets = max(brackets - 1, 0)
        elif ch in "aA" and not ampm and brackets == 0:
            ampm = True
        elif brackets == 0 and (ch in "pm/PM" if ampm else ch in "dmhysDMHYS"):
            return DATE  # a date or time letter (after an A of AM/PM: its P, M or /)
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in "mhsMHS"
        prev = ch
    return None


def cell_value(v: Any) -> Any:
    """A cell as the importer takes it, from calamine or from :func:`sheet_rows`: '' is None, a whole
    float an int, a date-time at midnight a date, a time or a duration its text."""
    t = type(v)
    if t is str:
        return v if v else None
    if t is float:
        return int(v) if v.is_integer() and -_SAFE_INT < v < _SAFE_INT else v
    if t is dt.datetime:
        return v.date() if not (v.hour or v.minute or v.second or v.microsecond) else v
    if t is int or t is bool or t is dt.date or v is None:
        return v
    if isinstance(v, dt.time):
        return v.isoformat()
    if isinstance(v, dt.timedelta):
        return str(v)
    return str(v)  # an error value such as #N/A, as its text


def _unescape(text: str) -> str:
    """OOXML's ``_xHHHH_`` escapes of characters XML cannot hold (calamine reads them as the character)."""
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def serial_value(value: float, kind: str, date1904: bool) -> Any:
    """A number in a cell with a date or time format, as calamine gives it."""
    if kind == DURATION:
        return dt.timedelta(milliseconds=_round(value * _MS_PER_DAY))
    ms = _round(value * _MS_PER_DAY)
    days, rest = divmod(ms, _MS_PER_DAY)
    if value < 1:
        return (dt.datetime.min + dt.timedelta(milliseconds=rest)).time()
    if date1904:
        epoch = _EPOCH_1904
    elif days < 60:
        epoch = _EPOCH_1900_EARLY
    elif days == 60:
        epoch, days = _EPOCH_1900_EARLY, 59  # 1900-02-29 read as the day before
    else:
        epoch = _EPOCH_1900
    if days > (_LAST - epoch).days:
        return value
    moment = epoch + dt.timedelta(days=days, milliseconds=rest)
    return moment.date() if not rest else moment


def _round(x: float) -> int:
    """Half away from zero (Rust's ``f64::round``)."""
    return int(x + 0.5) if x >= 0 else -int(-x + 0.5)


@dataclass
class Package:
    """What a sheet's values need from the rest of the package: the date system, the kind of each cell
    style's number format, and the shared strings (read on first use)."""

    zf: zipfile.ZipFile
    date1904: bool = False
    styles: list[str | None] = field(default_factory=list)  # cell style index -> DATE / DURATION / None
    _strings: list[str] | None = None
    _strings_part: str | None = None

    @classmethod
    def open(cls, zf: zipfile.ZipFile, book_part: str, rels: dict[str, tuple[str, str]]) -> Package:
        pkg = cls(zf)
        root = _parse(zf.read(book_part))
        for node in root.iter("{*}workbookPr"):
            pkg.date1904 = node.get("date1904", "").lower() in ("1", "true")
        for rel_type, target in rels.values():
            if rel_type.endswith("/styles") and target in zf.NameToInfo:
                pkg.styles = _style_kinds(_parse(zf.read(target)))
            elif rel_type.endswith("/sharedStrings") and target in zf.NameToInfo:
                pkg._strings_part = target
        return pkg

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            if self._strings_part is not None:
                with self.zf.open(self._strings_part) as src:
                    self._strings = _shared_strings(src)
        return self._strings


def _parse(data: bytes) -> Any:
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def _style_kinds(root: Any) -> list[str | None]:
    formats: dict[int, str | None] = {}
    for node in root.iter("{*}numFmt"):
        try:
            formats[int(node.get("numFmtId", ""))] = number_format_kind(node.get("formatCode", ""))
        except ValueError:
            continue
    kinds: list[str | None] = []
    for xfs in root.iter("{*}cellXfs"):
        for xf in xfs.iter("{*}xf"):
            try:
                number = int(xf.get("numFmtId", "0"))
            except ValueError:
                number = 0
            kinds.append(formats[number] if number in formats else _BUILTIN.get(number))
    return kinds


def _text_of(node: Any) -> str:
    """The text of a string item (``<si>`` or ``<is>``): its ``<t>`` or its runs' ``<t>``, not the
    phonetic runs (``<rPh>``)."""
    parts = []
    for child in node:
        tag = child.tag
        local = tag[tag.rfind("}") + 1 :] if isinstance(tag, str) else ""
        if local == "t":
            parts.append(child.text or "")
        elif local == "r":
            for t in child:
                if isinstance(t.tag, str) and t.tag.endswith("t") and t.tag[t.tag.rfind("}") + 1 :] == "t":
                    parts.append(t.text or "")
    return _unescape("".join(parts))


def _shared_strings(src: Any) -> list[str]:
    out: list[str] = []
    for _event, si in etree.iterparse(
        src, events=("end",), tag="{*}si", resolve_entities=False, no_network=True
    ):
        out.append(_text_of(si))
        si.clear()
        while si.getprevious() is not None:
            del si.getparent()[0]
    return out


def _column(ref: str) -> int:
    """0-based column of a cell reference such as "AB12"."""
    n = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            n = n * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            n = n * 26 + ord(ch) - 96
        else:
            break
    return n - 1


# A cell as Excel, WPS and openpyxl write it: its reference first, then an optional style and type, and a
# value or a plain inline string. A row with any other cell (a formula, rich text, CDATA, attributes in
# another order) is parsed by lxml instead (:meth:`_Cells.parsed_row`).
_CELL = re.compile(
    r'<c r="([A-Z]{1,3})(\d+)"(?: s="(\d+)")?(?: t="([a-zA-Z]+)")?\s*'
    r'(?:/>|>(?:<v>([^<]*)</v>|<is><t(?: xml:space="preserve")?>([^<]*)</t></is>)?</c>)'
)
# How every cell element starts, whatever its form (no other element of a row starts with "c").
_CELL_STARTS = ("<c ", "<c>", "<c/", "<c\t", "<c\n", "<c\r")
_ROW = re.compile(r"<row\b([^>]*?)(?:/>|>(.*?)</row>)", re.S)
_ROW_NUMBER = re.compile(r"""\br=["'](\d+)["']""")
_WORKSHEET = re.compile(r"<(\w+:)?worksheet\b[^>]*>")
_END = re.compile(r"</worksheet>\s*$")
_CHUNK = 1024 * 1024  # of text decompressed at a time (4 MB took twice the memory and longer)
_DATES_KEPT = 100_000


class _Cells:
    """Turns a row's cells into values (see the module's docstring)."""

    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        self.strings: list[str] | None = None
        # the cell styles (by their index as written) whose number format is a date, time or duration
        self.kinds = {str(i): kind for i, kind in enumerate(pkg.styles) if kind is not None}
        self.date1904 = pkg.date1904
        self.columns: dict[str, int] = {}
        self.dates: dict[str, dict[str, Any]] = {}  # a date cell's value by its style and text
        self.ns = ""

    def column(self, letters: str) -> int:
        col = self.columns.get(letters)
        if col is None:
            col = self.columns[letters] = _column(letters)
        return col

    def value(self, t: str | None, text: str, style: str | None) -> Any:
        """The value of a cell of type ``t`` whose ``<v>`` is ``text`` (None: leave the cell empty)."""
        if t is None or t == "n":
            if not text:
                return None
            number = float(text)
            kind = self.kinds.get(style) if style is not None else None
            return serial_value(number, kind, self.date1904) if kind is not None else number
        if t == "s":
            if self.strings is None:
                self.strings = self.pkg.strings
            return self.strings[int(text)]
        if t == "str":
            return _unescape(text)
        if t == "b":
            return text.strip() in ("1", "true")
        if t == "d":
            return _iso(text)
        return None  # "e": an error value, given as empty (as calamine does)

    def matched_rows(self, text: str) -> list[tuple[int, tuple[Any, ...]]] | None:
        """The rows of a stretch of whole rows by the pattern, each cell's row from its reference; None
        when a cell there is not of that simple form."""
        out: list[tuple[int, tuple[Any, ...]]] = []
        values: list[Any] = []
        current = ""
        columns = self.columns
        kinds = self.kinds
        dates = self.dates
        cells = _CELL.findall(text)  # (letters, row, style, type, value, inline text); "" when absent
        for letters, number, style, t, v, inline in cells:
            if number != current:
                if values:
                    out.append((int(current), tuple(values)))
                    values = []
                current = number
            if inline:
                if t != "inlineStr":
                    return None
                value: Any = inline
                if "&" in value:
                    value = html.unescape(value)
                if "_x" in value:
                    value = _unescape(value)
                if "\r" in value:
                    return None  # line ends as the XML parser gives them
            elif not v:
                continue
            elif t == "" or t == "n":
                if not style or style not in kinds:
                    value = float(v)
                    if value.is_integer() and -_SAFE_INT < value < _SAFE_INT:
                        value = int(value)
                else:
                    by_text = dates.get(style)
                    if by_text is None:
                        by_text = dates[style] = {}
                    value = by_text.get(v)
                    if value is None:
                        value = cell_value(self.value(None, v, style))
                        if len(by_text) < _DATES_KEPT:
                            by_text[v] = value  # a date recurs on many rows
            elif "&" in v or "\r" in v:
                return None
            else:
                value = cell_value(self.value(t, v, style or None))
                if value is None:
                    continue
            col = columns.get(letters)
            if col is None:
                col = columns[letters] = _column(letters)
            if col >= len(values):
                values.extend([None] * (col + 1 - len(values)))
            values[col] = value
        if values:
            out.append((int(current), tuple(values)))
        every = sum(text.count(start) for start in _CELL_STARTS)
        if len(cells) != every:
            return None
        numbers = [n for n, _v in out]
        if any(a >= b for a, b in itertools.pairwise(numbers)):
            return None  # rows out of order or cells of one row apart: row by row
        return out

    def parsed_row(self, row: Any) -> list[Any]:
        """The values of a row element parsed by lxml (any form the format allows)."""
        ns = self.ns
        v_tag, is_tag = ns + "v", ns + "is"
        values: list[Any] = []
        col = -1
        for c in row:
            if not isinstance(c.tag, str) or c.tag != ns + "c":
                continue
            ref = c.get("r")
            col = self.column(ref.rstrip("0123456789")) if ref else col + 1
            t = c.get("t")
            value: Any = None
            if t == "inlineStr":
                node = c.find(is_tag)
                value = _text_of(node) if node is not None else None
            else:
                text = c.findtext(v_tag)
                if text is not None:
                    value = cell_value(self.value(t, text, c.get("s")))
            if value is not None and value != "":
                if col >= len(values):
                    values.extend([None] * (col + 1 - len(values)))
                values[col] = value
        return values


def sheet_rows(pkg: Package, part: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(Excel row number, values) of each row of a worksheet part that has a cell, in order: the rows
    found in the text as it is decompressed, each row's cells by :data:`_CELL` (or by lxml, for a row
    with a cell of another form, and for a whole sheet written with a namespace prefix). Text that is
    not UTF-8 (a part cut off inside a character) is a ValueError in Chinese."""
    try:
        yield from _sheet_rows(pkg, part)
    except UnicodeDecodeError:
        raise ValueError("工作表的内容不完整或不是有效的 UTF-8 文本") from None


def _sheet_rows(pkg: Package, part: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    cells = _Cells(pkg)
    with pkg.zf.open(part) as src:
        decoder = codecs.getincrementaldecoder("utf-8")()
        text = decoder.decode(src.read(_CHUNK))
        start = _WORKSHEET.search(text)
        if start is None or start.group(1):
            yield from _parsed_rows(cells, pkg, part)
            return
        opening = start.group(0)
        ns_match = re.search(r'\bxmlns="([^"]*)"', opening)
        cells.ns = "{" + ns_match.group(1) + "}" if ns_match else ""
        number = 0
        while True:
            block = src.read(_CHUNK)
            if block:
                text += decoder.decode(block)
                cut = text.rfind("</row>")
                if cut < 0:
                    continue
                cut += 6
            else:
                text += decoder.decode(b"", final=True)
                cut = len(text)
                if not _END.search(text):
                    raise ValueError("工作表的 XML 不完整")  # cut off: calamine refuses it too
            fast = cells.matched_rows(text[:cut])
            if fast is not None:
                yield from fast
                if fast:
                    number = fast[-1][0]
                text = text[cut:]
                if not block:
                    return
                continue
            for m in _ROW.finditer(text, 0, cut):  # a stretch with a cell of another form: row by row
                attrs, inner = m.groups()
                r = _ROW_NUMBER.search(attrs)
                number = int(r.group(1)) if r else number + 1
                if not inner:
                    continue
                one = cells.matched_rows(inner)
                if one is not None and all(n == number for n, _v in one):
                    yield from one
                    continue
                xml = f"{opening}<sheetData><row>{inner}</row></sheetData></worksheet>"
                values = cells.parsed_row(_parse(xml.encode())[0][0])
                if values:
                    yield number, tuple(values)
            text = text[cut:]
            if not block:
                return


def _parsed_rows(cells: _Cells, pkg: Package, part: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Every row by lxml's incremental parser (a sheet whose elements carry a namespace prefix)."""
    with pkg.zf.open(part) as src:
        number = 0
        for _event, row in etree.iterparse(
            src, events=("end",), tag="{*}row", resolve_entities=False, no_network=True
        ):
            if not cells.ns:
                tag = row.tag
                cells.ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
            r = row.get("r")
            number = int(r) if r else number + 1
            values = cells.parsed_row(row)
            row.clear()
            while row.getprevious() is not None:
                del row.getparent()[0]
            if values:
                yield number, tuple(values)


def _iso(text: str) -> Any:
    """An ISO 8601 date cell (``t="d"``)."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().rstrip("Z"))
    except ValueError:
        return text
    return moment.date() if moment.time() == dt.time() else moment


def book_part(zf: zipfile.ZipFile, package_rels: dict[str, tuple[str, str]]) -> str:
    for rel_type, target in package_rels.values():
        if rel_type.endswith("/officeDocument"):
            return target
    return posixpath.join("xl", "workbook.xml")


# ---------------------------------------------------------------------------- in a process of its own

READER_ARGUMENT = "__xlsx_rows__"  # ``stationdesk __xlsx_rows__ FILE PART``: the reading process
READER_PEAKS_KB: list[int] = []  # the peak memory of each reading process this one started (logged too)


class ReaderNotStarted(Exception):
    """The reading process gave nothing, not even an error (it could not start): read in this one."""


def rows_in_process(path: str, part: str) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """:func:`sheet_rows` of the worksheet ``part`` of the .xlsx at ``path``, read by a process of its own
    (the program itself, started with :data:`READER_ARGUMENT`) on another core while the importer checks
    what it has sent: batches of rows through a pipe, whose buffer holds the process back when the
    importer is behind (the 200,000-person export imports in about 50 s instead of about 60). The process
    ends with the rows, or is ended when they are not all wanted. An error there is a ValueError here;
    a process that gives nothing at all is :class:`ReaderNotStarted`."""
    if getattr(sys, "frozen", False):  # the packaged program
        command = [sys.executable, READER_ARGUMENT, path, part]
    else:
        command = [sys.executable, "-m", "app", READER_ARGUMENT, path, part]
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=1 << 20,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),  # no console window on Windows
        )
    except OSError as exc:
        raise ReaderNotStarted(str(exc)) from None
    stream = process.stdout
    assert stream is not None
    started = False
    try:
        while True:
            head = stream.read(4)
            size = int.from_bytes(head, "little") if len(head) == 4 else -1
            data = stream.read(size) if size >= 0 else b""
            if size < 0 or len(data) < size:
                if not started:
                    raise ReaderNotStarted(f"退出码 {process.wait()}")
                raise ValueError(f"读取工作表的进程意外结束（退出码 {process.wait()}）")
            started = True
            kind, payload = pickle.loads(data)
            if kind == "rows":
                yield from payload
            elif kind == "error":
                raise ValueError(payload)
            else:
                READER_PEAKS_KB.append(int(payload))
                log.info("the reading process of %s took %d KB at its peak", part, payload)
                return
    finally:
        stream.close()
        if process.poll() is None:
            process.kill()
        process.wait()


def reader_main(argv: list[str]) -> int:
    """The reading process of :func:`rows_in_process`: the rows of one sheet on standard output in
    batches of :data:`_BATCH`, each a little-endian length and a pickle, first an empty batch (it has
    started); a damaged file is said there."""
    from app.workbook.xlsxscan import relationships

    path, part = argv
    out = sys.stdout.buffer

    def send(message: object) -> None:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(4, "little"))
        out.write(data)
        out.flush()

    try:
        send(("rows", []))
        with zipfile.ZipFile(path) as zf:
            book = book_part(zf, relationships(zf, ""))
            pkg = Package.open(zf, book, relationships(zf, book))
            batch: list[tuple[int, tuple[Any, ...]]] = []
            for row in sheet_rows(pkg, part):
                batch.append(row)
                if len(batch) >= _BATCH:
                    send(("rows", batch))
                    batch = []
            send(("rows", batch))
        send(("done", _peak_kb()))
    except (BrokenPipeError, ConnectionResetError):
        return 0  # the importer wanted no more rows
    except Exception as exc:  # the file is damaged: said in the importer's words
        with contextlib.suppress(OSError):
            send(("error", str(exc)))
        return 1
    return 0


def _peak_kb() -> int:
    """This process's peak memory (VmHWM; the maximum resident set where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource  # not on Windows

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
