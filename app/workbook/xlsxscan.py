"""A quick look at an .xlsx package without parsing its XML: which part holds which sheet, and for each
sheet its extent (largest row number and column) and the rows marked hidden.

python-calamine allocates the whole rectangle from A1 to a sheet's last cell and does not report hidden
rows; one pass over the sheet's bytes with a few regular expressions gives both, so that a sheet whose
extent is beyond the limits is refused before calamine builds it (two cells at A1 and XFD1048576 would
ask for 500 GB).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO
from xml.etree import ElementTree

# One pass over a sheet's XML, bytes only, no parsing: the largest row number and column (calamine
# allocates the rectangle up to them) and the rows marked hidden.
#
# One pass over a sheet's XML, bytes only, no parsing: the largest row number and column (calamine
# allocates the rectangle up to them) and the rows marked hidden.

_PREFIX = re.compile(rb"<(\w+:)?worksheet\b")
_ROW_NUMBER = re.compile(rb"""\br=["'](\d+)""")
_HIDDEN = re.compile(rb"""\bhidden=["'](?:1|true)["']""")
# The column letters of a cell reference of two or three letters (AA1 … XFD1): single letters need no
# look, and the pattern starts with a literal, so the regular-expression engine skips ahead fast.
_WIDE_CELL = re.compile(rb""" r=["']([A-Z]{2,3})\d""")
_MERGE = re.compile(rb"""<(?:\w+:)?mergeCell\b[^>]*?\bref=["']([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?["']""")


def _row_pattern(prefix: bytes) -> re.Pattern[bytes]:
    return re.compile(b"<" + re.escape(prefix) + rb"row\b([^>]*)>")


_CHUNK = 4 * 1024 * 1024
_OVERLAP = 4096  # longer than any tag the patterns look at


@dataclass
class Extent:
    rows: int = 0
    cols: int = 0
    hidden: list[int] = field(default_factory=list)
    # merged ranges: (top row, left column, bottom row, right column), rows 1-based, columns 0-based
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def scan_sheet(src: IO[bytes], light: bool = False) -> Extent:
    """The extent, hidden rows and merged ranges of a sheet. ``light``: only the number of its rows, not the
    largest row number nor the widest column (a sheet read row by row allocates no rectangle; the reader
    counts its rows and cells against the limits as they come)."""
    extent = Extent(cols=26)
    widest = b""
    hidden: set[int] = set()
    first = src.read(_CHUNK)
    m = _PREFIX.search(first)
    prefix = m.group(1) or b"" if m else b""
    row_tag = _row_pattern(prefix)
    numbered = re.compile(b"<" + re.escape(prefix) + rb"""row\b[^>]*?\br=["'](\d+)["']""")
    row_starts = (b"<" + prefix + b"row ", b"<" + prefix + b"row>")
    tail, pending = b"", first
    while True:
        chunk, pending = pending, (src.read(_CHUNK) if pending else b"")
        data = tail + chunk
        # Look at whole tags only: the last ``_OVERLAP`` bytes are looked at again with the next chunk.
        end = len(data) if not chunk else max(len(data) - _OVERLAP, 0)
        cut = data.rfind(b"<", 0, end) if chunk else end
        if cut <= 0:
            cut = end
        part = data[:cut]
        counted = sum(part.count(start) for start in row_starts)
        if light and b"hidden" not in part:
            extent.rows += counted  # about as many rows as there are (the estimate needs no more)
        elif b"hidden" not in part and len(numbers := numbered.findall(part)) == counted:
            extent.rows = max(extent.rows, max(map(int, numbers), default=0))  # every row numbered
        else:
            for attrs in row_tag.findall(part):
                m = _ROW_NUMBER.search(attrs)
                number = int(m.group(1)) if m else extent.rows + 1
                extent.rows = max(extent.rows, number)
                if b"hidden" in attrs and _HIDDEN.search(attrs):
                    hidden.add(number)
        if b"mergeCell" in part:
            for left, top, right, bottom in _MERGE.findall(part):
                extent.merged.append(
                    (
                        int(top),
                        _column_number(left) - 1,
                        int(bottom or top),
                        _column_number(right or left) - 1,
                    )
                )
        for letters in () if light else set(_WIDE_CELL.findall(part)):
            if (len(letters), letters) > (len(widest), widest):
                widest = letters
        tail = data[cut:]
        if not chunk:
            break
    if widest:
        extent.cols = max(extent.cols, _column_number(widest))
    extent.hidden = sorted(hidden)
    return extent


_PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)


def relationships(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
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


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its worksheet part in an .xlsx package."""
    book = "xl/workbook.xml"
    for rel_type, target in relationships(zf, "").values():
        if rel_type.endswith("/officeDocument"):
            book = target
    if book not in zf.NameToInfo:
        return {}
    root = ElementTree.fromstring(zf.read(book))
    rels = relationships(zf, book)
    parts: dict[str, str] = {}
    for node in root.iter():
        if not node.tag.endswith("}sheet") and node.tag != "sheet":
            continue
        rid = next((node.get(f"{{{r}}}id") for r in _DOC_RELS_NS if node.get(f"{{{r}}}id")), "")
        rel_type, target = rels.get(rid or "", ("", ""))
        if rel_type.endswith("/worksheet") and target in zf.NameToInfo:
            parts[node.get("name", "")] = target
    return parts
