"""What a workbook may hold before it is read: hostile or broken files are refused early, with the limit.

An .xlsx (or .ods) file is a zip of XML: 600 KB of compressed empty rows or shared strings can unpack to
gigabytes and take a 4 GB office PC down. So the package is checked before any XML is parsed (its zip
directory gives every part's unpacked size), and the row and cell counts are checked while the rows stream in,
whatever reads the cells (this module does not depend on the reader).

The limits are several times a town-scale ledger: the export of a 20,000-person station unpacks to
68 MB with 80,000 service rows; a 50,000-person town to about 170 MB and 200,000 rows; a 200,000-person
district to 659 MB with 800,001 rows in its 服务记录 sheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from app.core.errors import UserError

MAX_UNPACKED_BYTES = 1536 * 1024 * 1024  # all parts together, unpacked (a 200,000-person export: 659 MB)
MAX_PART_BYTES = 1024 * 1024 * 1024  # one sheet or the shared strings, unpacked (200k: 345 MB)
MAX_RATIO = 200  # unpacked / packed size of a large part (ledgers pack about 10:1)
RATIO_FROM_BYTES = 8 * 1024 * 1024  # the ratio is checked for parts larger than this
MAX_PARTS = 10_000
MAX_ROWS = 1_048_576  # rows of one sheet, empty rows included: Excel's own maximum (200k: 800,001)
# cells of one sheet, empty cells included: Excel's maximum of rows by 26 columns (A–Z) fits (the sheet scan
# of the reader does not look at one-letter columns and counts 26)
MAX_CELLS = 30_000_000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def check_package(path: Path) -> None:
    """Refuse a zip whose parts unpack beyond the limits (before any of them is read)."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # the reader says the file is damaged, with its own message
    if len(infos) > MAX_PARTS:
        raise UserError(
            f"{path.name} 含 {len(infos):,} 个部件，超过上限 {MAX_PARTS:,}，不像是台账工作簿，未读取"
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise UserError(
            f"{path.name} 解压后有 {_mb(total)}，超过上限 {_mb(MAX_UNPACKED_BYTES)}，未读取。"
            "请删除多余的工作表、空行或格式后再导入（5 万人的台账约 170 MB，20 万人约 660 MB）"
        )
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise UserError(
                f"{path.name} 的部件 {info.filename} 解压后有 {_mb(info.file_size)}，"
                f"超过单个部件的上限 {_mb(MAX_PART_BYTES)}，未读取"
            )
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise UserError(
                f"{path.name} 的部件 {info.filename} 压缩比异常（{ratio:,} 倍，"
                f"上限 {MAX_RATIO} 倍），可能含大量空行或恶意内容，未读取"
            )


def is_encrypted(path: Path) -> bool:
    """An .xlsx with an opening password is an OLE file holding an “EncryptedPackage” stream."""
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
            if head != OLE_MAGIC:
                return False
            return _ENCRYPTED in fh.read(64 * 1024 * 1024)
    except OSError:
        return False


def encrypted_message(path: Path) -> str:
    return (
        f"{path.name} 设置了打开密码（已加密），本程序无法读取。请在 Excel 中打开它，"
        "在“文件 → 信息 → 保护工作簿 → 用密码进行加密”中清除密码并保存后再导入"
    )


def rows_message(sheet: str) -> str:
    return f"工作表“{sheet}”超过 {MAX_ROWS:,} 行（空行也计入），超过上限，未读取。请删除多余的空行后再导入"


def cells_message(sheet: str) -> str:
    return (
        f"工作表“{sheet}”超过 {MAX_CELLS:,} 个单元格（空单元格也计入），超过上限，未读取。"
        "请删除多余的列、空行或格式后再导入"
    )


class RowCounter:
    """Counts the rows and cells of one sheet as they stream in; refuses beyond the limits."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.rows = 0
        self.cells = 0

    def add(self, cells: int) -> None:
        self.rows += 1
        self.cells += cells
        if self.rows > MAX_ROWS:
            raise UserError(rows_message(self.sheet))
        if self.cells > MAX_CELLS:
            raise UserError(cells_message(self.sheet))
