"""Opening and saving workbook files with clear Chinese messages for every way that can fail."""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import UserError
from app.textnorm import clean

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


def _load(path: Path, *, read_only: bool) -> Any:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

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
        raise UserError(f"{path.name} {NOT_A_WORKBOOK}（可能是其他格式的文件改了扩展名），请选择 .xlsx 文件")
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}：{path.name}") from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise UserError(f"{path.name} {NOT_A_WORKBOOK}，文件可能已损坏") from None


def open_for_read(path: Path) -> Any:
    """A read-only openpyxl workbook (cell values, not formulas)."""
    return _load(Path(path), read_only=True)


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
    """Save via a temporary file next to ``dest``, so a failed save leaves no half-written file."""
    dest = Path(dest)
    check_destination(dest)
    tmp = dest.with_name(f".{dest.stem}.part{os.getpid()}.xlsx")
    try:
        wb.save(tmp)
        os.replace(tmp, dest)
    except PermissionError:
        raise UserError(f"{LOCKED_MESSAGE}（或该位置没有写入权限）：{dest}") from None
    except OSError as exc:
        raise UserError(f"无法保存文件 {dest}：{exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


@dataclass
class RawSheet:
    """The cell values of one sheet: the header row and the non-blank data rows."""

    name: str
    header_row: int  # Excel row number of the header (0 = the sheet is empty)
    headers: list[str]
    rows: list[tuple[int, tuple[Any, ...]]]  # (Excel row number, values)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_sheet(ws: Any) -> RawSheet:
    """The header (first non-blank row) and every later non-blank row."""
    header_row = 0
    headers: list[str] = []
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
        if all(_blank(v) for v in values):
            continue
        if not header_row:
            header_row = number
            headers = [clean_header(v) for v in values]
            continue
        rows.append((number, values))
    return RawSheet(ws.title, header_row, headers, rows)
