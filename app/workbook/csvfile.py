"""Reading a CSV ledger: one sheet named after the file's stem, every value text.

The encoding is decided from the whole file, strictly: UTF-8 (with or without a byte-order mark) when
every byte decodes as UTF-8, else GB18030 (which contains GBK and GB2312, what Excel and WPS on a
Chinese Windows save as “CSV”). A file that is neither is refused: a GBK file is never read as UTF-8 with
replacement characters (mojibake), nor the other way round. The delimiter (comma, tab or semicolon) is
sniffed from the start of the file.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from app.core.errors import UserError
from app.workbook.limits import MAX_UNPACKED_BYTES

ENCODINGS = ("utf-8-sig", "gb18030")
DELIMITERS = ",\t;"
_CHUNK = 1024 * 1024
_SNIFF = 64 * 1024
_FIELD_LIMIT = 1024 * 1024  # characters of one field (csv's own default is 128 KB)


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """“utf-8-sig” or “gb18030”; UserError naming the file when it is neither."""
    for encoding in ENCODINGS:
        if _decodes(path, encoding):
            return encoding
    raise UserError(
        f"{path.name} 的文字编码无法识别（不是 UTF-8，也不是 GBK/GB18030），未读取。"
        "请在 Excel 或 WPS 中打开它，另存为“CSV UTF-8（逗号分隔）”或 Excel 工作簿后再导入"
    )


def sniff_delimiter(sample: str) -> str:
    """The delimiter of ``sample`` among comma, tab and semicolon (comma when it cannot be told)."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


class CsvSource:
    """A CSV file as one sheet: ``rows()`` streams (line number, values) with '' as None."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.name = self.path.stem
        try:
            size = self.path.stat().st_size
        except OSError as exc:
            raise UserError(f"无法读取文件 {self.path.name}：{exc.strerror or exc}") from None
        if size > MAX_UNPACKED_BYTES:
            raise UserError(
                f"{self.path.name} 有 {size / 1024 / 1024:,.0f} MB，超过上限 "
                f"{MAX_UNPACKED_BYTES / 1024 / 1024:,.0f} MB，未读取"
            )
        self.encoding = detect_encoding(self.path)
        with self.path.open("r", encoding=self.encoding, newline="") as fh:
            self.delimiter = sniff_delimiter(fh.read(_SNIFF))

    def count_lines(self) -> int:
        """Lines in the file (records, when no quoted field spans lines)."""
        lines, last = 0, b"\n"
        with self.path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        return lines + (last != b"\n")

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        old_limit = csv.field_size_limit()
        csv.field_size_limit(_FIELD_LIMIT)
        try:
            with self.path.open("rb") as raw:
                text = io.TextIOWrapper(raw, encoding=self.encoding, newline="")
                reader = csv.reader(text, delimiter=self.delimiter)
                try:
                    # a record's number, as Excel numbers the rows (a quoted field may span lines)
                    for number, values in enumerate(reader, start=1):
                        yield number, tuple(v if v != "" else None for v in values)
                except csv.Error as exc:
                    raise UserError(
                        f"{self.path.name} 第 {reader.line_num} 行不是有效的 CSV：{exc}"
                    ) from None
        finally:
            csv.field_size_limit(old_limit)
