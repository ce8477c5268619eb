"""Opening and saving workbook files with clear Chinese messages for every way that can fail."""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from app.core import excel
from app.core.errors import UserError
from app.core.textnorm import clean
from app.workbook.limits import RowCounter, check_package, encrypted_message, is_encrypted

LOCKED_MESSAGE = "文件正被其他程序（如 Excel）打开，请关闭后重试"
NOT_A_WORKBOOK = "不是有效的 Excel 工作簿"


def clean_header(value: object) -> str:
    if value is None:
        return ""
    return clean(str(value)).replace(" ", "").replace("\n", "")


def _check_path(path: Path) -> None:
    if path.suffix.lower() == ".xls":
        raise UserError(
            f"{path.name} 是旧版 Excel 格式（.xls），本程序只能读取 .xlsx。"
            "请在 Excel 中“另存为” Excel 工作簿（*.xlsx）后再导入"
        )
    if not path.exists():
        raise UserError(f"找不到文件：{path}")
    if path.is_dir():
        raise UserError(f"这是一个文件夹，不是 Excel 工作簿：{path}")


def _check_readable(path: Path) -> None:
    """Refuse a missing, locked or non-zip file with a Chinese message."""
    _check_path(path)
    try:
        # Opening the file ourselves first tells a locked file (PermissionError) from a bad one.
        with path.open("rb") as fh:
            head = fh.read(4)
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}：{path.name}") from None
    except OSError as exc:
        raise UserError(f"无法读取文件 {path.name}：{exc.strerror or exc}") from None
    if head != b"PK\x03\x04":
        if is_encrypted(path):
            raise UserError(encrypted_message(path))
        raise UserError(f"{path.name} {NOT_A_WORKBOOK}（可能是其他格式的文件改了扩展名），请选择 .xlsx 文件")
    check_package(path)  # unpacked sizes, before any XML is parsed


def _damaged(path: Path) -> UserError:
    return UserError(f"{path.name} {NOT_A_WORKBOOK}，文件可能已损坏")


def _load(path: Path, *, read_only: bool) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    _check_readable(path)
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}：{path.name}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise _damaged(path) from None


def load_for_edit(path: Path) -> Any:
    return _load(Path(path), read_only=False)


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


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def raw_sheet(name: str, rows: Iterable[tuple[int, Sequence[Any]]]) -> RawSheet:
    """The header (first non-blank row) and every later non-blank row of ``(row number, values)``."""
    header_row = 0
    headers: list[str] = []
    out: list[tuple[int, tuple[Any, ...]]] = []
    counter = RowCounter(name)
    try:
        _collect(rows, counter, out)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()  # a generator stopped by a limit lets go of its file now, not when collected
    if out:
        number, values = out[0]
        header_row, headers, out = number, [clean_header(v) for v in values], out[1:]
    return RawSheet(name, header_row, headers, out)


def _collect(
    rows: Iterable[tuple[int, Sequence[Any]]], counter: RowCounter, out: list[tuple[int, tuple[Any, ...]]]
) -> None:
    """The non-blank rows (the first is the header), counted against the limits."""
    for number, values in rows:
        counter.add(len(values))
        if all(_blank(v) for v in values):
            continue
        out.append((number, tuple(values)))


def _cell_ref(ref: str) -> tuple[int, int]:
    """(row, 0-based column) of “D12”."""
    letters = ref.rstrip("0123456789")
    return int(ref[len(letters) :]), _column_number(letters.upper()) - 1


def fill_merged(raw: RawSheet, ranges: Iterable[str]) -> list[tuple[str, Any]]:
    """Give every data row of a vertically merged range the value of its top cell (Excel shows it in
    each row; the file stores it only in the first). The ranges filled and their values."""
    index = {number: i for i, (number, _values) in enumerate(raw.rows)}
    filled: list[tuple[str, Any]] = []
    for ref in ranges:
        if ":" not in ref:
            continue
        try:
            (top, col), (bottom, _last) = (_cell_ref(p) for p in ref.split(":", 1))
        except ValueError:
            continue
        if bottom <= top or top <= raw.header_row or top not in index:
            continue
        first = raw.rows[index[top]][1]
        value = first[col] if col < len(first) else None
        if _blank(value):
            continue
        changed = False
        for number in range(top + 1, bottom + 1):
            i = index.get(number)
            if i is None:
                continue
            values = list(raw.rows[i][1])
            if len(values) <= col:
                values.extend([None] * (col + 1 - len(values)))
            if _blank(values[col]):
                values[col] = value
                raw.rows[i] = (number, tuple(values))
                changed = True
        if changed:
            filled.append((ref, value))
    return filled


# ---------------------------------------------------------------------------- fast cell values
#
# openpyxl's read-only mode builds an object per inline or shared string and, for a sheet without a
# <dimension> element (openpyxl's own write-only files), parses the whole sheet twice; reading the
# cell values straight from the XML is several times faster. Cell values are the same as
# ``openpyxl.load_workbook(read_only=True, data_only=True)`` gives: numbers, text, booleans, dates and
# times for cells with a date format, the cached result of a formula, the text of an error value.

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_STRICT_NS = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, target part name) of ``part``."""
    folder, base = posixpath.split(part)
    name = posixpath.join(folder, "_rels", base + ".rels")
    if name not in zf.NameToInfo:
        return {}
    out: dict[str, tuple[str, str]] = {}
    root = ElementTree.fromstring(zf.read(name))
    for rel in root.iter(f"{{{_PKG_RELS_NS}}}Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id", "")] = (rel.get("Type", ""), posixpath.normpath(path))
    return out


def _text_of(node: Any, t_tag: str, r_tag: str) -> str:
    """The plain text of a string item (<si> or <is>): its <t> and the <t> of its runs, no phonetics."""
    parts: list[str] = []
    for child in node:
        if child.tag == t_tag:
            parts.append(child.text or "")
        elif child.tag == r_tag:
            for t in child.iter(t_tag):
                parts.append(t.text or "")
    return "".join(parts)


def _number(text: str) -> int | float:
    """A number cell's value as openpyxl gives it (int unless it has a point or an exponent)."""
    return float(text) if ("." in text or "E" in text or "e" in text) else int(text)


def _column_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


class XlsxValues:
    """The cell values of an .xlsx file, sheet by sheet (use as a context manager)."""

    def __init__(self, path: Path) -> None:
        from openpyxl.styles.numbers import builtin_format_code, is_date_format, is_timedelta_format
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

        self.path = path
        self.zip = zipfile.ZipFile(path)
        try:
            names = self.zip.NameToInfo
            book = "xl/workbook.xml"
            for rel_type, target in _rels(self.zip, "").values():
                if rel_type.endswith("/officeDocument"):
                    book = target
            root = ElementTree.fromstring(self.zip.read(book))
            ns = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
            if ns not in (_MAIN_NS, _STRICT_NS):
                raise ValueError(ns)
            self.ns = ns
            q = f"{{{ns}}}"
            rels = _rels(self.zip, book)
            pr = root.find(f"{q}workbookPr")
            date1904 = pr is not None and pr.get("date1904", "").lower() in ("1", "true")
            self.epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
            self.sheets: dict[str, str | None] = {}  # sheet name -> part (None: not a worksheet)
            self.states: dict[str, str] = {}  # sheet name -> visible | hidden | veryHidden
            self.hidden_rows: dict[str, list[int]] = {}
            self.merges: dict[str, list[str]] = {}
            for node in root.iter(f"{q}sheet"):
                rid = next((node.get(f"{{{r}}}id") for r in _DOC_RELS_NS if node.get(f"{{{r}}}id")), "")
                rel_type, target = rels.get(rid or "", ("", ""))
                worksheet = rel_type.endswith("/worksheet") and target in names
                self.sheets[node.get("name", "")] = target if worksheet else None
                self.states[node.get("name", "")] = node.get("state", "visible")
            self.shared: list[str] = []
            self.date_styles: set[int] = set()
            self.timedelta_styles: set[int] = set()
            for rel_type, target in rels.values():
                if rel_type.endswith("/sharedStrings") and target in names:
                    self._read_shared(target)
                elif rel_type.endswith("/styles") and target in names:
                    styles = ElementTree.fromstring(self.zip.read(target))
                    custom = {
                        int(f.get("numFmtId", "0")): f.get("formatCode", "")
                        for f in styles.iter(f"{q}numFmt")
                    }
                    xfs = styles.find(f"{q}cellXfs")
                    for index, xf in enumerate(xfs if xfs is not None else ()):
                        fmt_id = int(xf.get("numFmtId", "0"))
                        fmt = custom[fmt_id] if fmt_id in custom else builtin_format_code(fmt_id)
                        if is_date_format(fmt):
                            self.date_styles.add(index)
                        if is_timedelta_format(fmt):
                            self.timedelta_styles.add(index)
        except BaseException:
            self.zip.close()
            raise

    def __enter__(self) -> XlsxValues:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    @property
    def sheetnames(self) -> list[str]:
        return list(self.sheets)

    def _read_shared(self, part: str) -> None:
        q = f"{{{self.ns}}}"
        si, t_tag, r_tag = f"{q}si", f"{q}t", f"{q}r"
        with self.zip.open(part) as src:
            for _event, node in ElementTree.iterparse(src):
                if node.tag == si:
                    # as openpyxl: the escape _x005F_ of a literal underscore is dropped
                    self.shared.append(_text_of(node, t_tag, r_tag).replace("x005F_", ""))
                    node.clear()

    def rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        """(Excel row number, cell values) of every row present in the sheet's XML."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        part = self.sheets[name]
        if part is None:
            return
        q = f"{{{self.ns}}}"
        row_tag, v_tag, is_tag, t_tag, r_tag = f"{q}row", f"{q}v", f"{q}is", f"{q}t", f"{q}r"
        shared = self.shared
        date_styles, timedelta_styles, epoch = self.date_styles, self.timedelta_styles, self.epoch
        columns: dict[str, int] = {}  # column letters -> 0-based index
        digits = "0123456789"

        def value_of(cell: Any) -> Any:
            kind = cell.get("t", "n")
            if kind == "inlineStr":
                node = cell.find(is_tag)
                return None if node is None else _text_of(node, t_tag, r_tag)
            text = cell.findtext(v_tag) or None
            if text is None:
                return None
            if kind == "n":
                style = cell.get("s")
                if style and int(style) in date_styles:
                    try:
                        return from_excel(_number(text), epoch, timedelta=int(style) in timedelta_styles)
                    except (OverflowError, ValueError):
                        return "#VALUE!"
                return _number(text)
            if kind == "s":
                return shared[int(text)]
            if kind == "b":
                return bool(int(text))
            if kind == "d":
                return from_ISO8601(text)
            return text  # "str" (a formula's text result), "e" (an error such as #N/A)

        merge_tag = f"{q}mergeCell"
        hidden = self.hidden_rows[name] = []
        merges = self.merges[name] = []
        row_number = 0
        with self.zip.open(part) as src:
            for _event, row in ElementTree.iterparse(src):
                if row.tag != row_tag:
                    if row.tag == merge_tag:
                        merges.append(row.get("ref", ""))
                    continue
                r = row.get("r")
                row_number = int(float(r)) if r else row_number + 1
                if row.get("hidden") in ("1", "true"):
                    hidden.append(row_number)
                values: list[Any] = []
                for cell in row:
                    ref = cell.get("r")
                    if not ref:
                        values.append(value_of(cell))
                        continue
                    letters = ref.rstrip(digits)
                    index = columns.get(letters)
                    if index is None:
                        index = columns[letters] = _column_number(letters.upper()) - 1
                    if index == len(values):
                        values.append(value_of(cell))
                    elif index > len(values):
                        values.extend([None] * (index - len(values)))
                        values.append(value_of(cell))
                    else:
                        values[index] = value_of(cell)
                row.clear()
                yield row_number, values

    def read(self, name: str) -> RawSheet:
        """The header and the non-blank rows of one sheet, with what Excel hides: the sheet's state,
        hidden rows, and merged ranges (a merged cell's value filled into each row it covers)."""
        raw = raw_sheet(name, self.rows(name))
        raw.state = self.states.get(name, "visible")
        raw.hidden_rows = [r for r in self.hidden_rows.get(name, []) if r > raw.header_row]
        raw.merged = fill_merged(raw, self.merges.get(name, []))
        return raw


def open_values(path: Path) -> XlsxValues:
    """The workbook at ``path`` for reading cell values; UserError for a missing, locked or bad file."""
    path = Path(path)
    _check_readable(path)
    try:
        return XlsxValues(path)
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}：{path.name}") from None
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, ValueError, OSError, TypeError):
        raise _damaged(path) from None
