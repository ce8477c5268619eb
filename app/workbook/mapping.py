"""Saved and remembered column mappings of the import (issue 13 item 4).

A mapping says, per source sheet, what the sheet is (one of the app's sheets, one of the real ledger
shapes of REAL_LEDGERS.md, or 忽略) and, per source column, which field it fills (“人员:择业意向”) or
忽略. It is saved as JSON (``import --mapping MAP.json``, the import dialog's 保存映射) and remembered
per station file in the ``setting`` table under ``import_mapping.<signature>``, where the signature is
a digest of the sheet's headers: the next file with the same headers gets the same mapping.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.core.errors import UserError
from app.core.files import write_bytes

IGNORE = "忽略"
FORMAT_VERSION = 1
SETTING_PREFIX = "import_mapping."


@dataclass
class SheetMapping:
    target: str = ""  # an app sheet, a shape name, IGNORE, or "" = recognise as usual
    columns: dict[str, str] = field(default_factory=dict)  # source column label -> "表:列" or IGNORE


@dataclass
class Mapping:
    sheets: dict[str, SheetMapping] = field(default_factory=dict)  # source sheet name -> its mapping

    def for_sheet(self, name: str) -> SheetMapping | None:
        return self.sheets.get(name)

    def to_json(self) -> str:
        data = {
            "version": FORMAT_VERSION,
            "sheets": {
                name: {"target": m.target, "columns": dict(m.columns)} for name, m in self.sheets.items()
            },
        }
        return json.dumps(data, ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str, source: str = "映射文件") -> Mapping:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise UserError(f"{source}不是有效的 JSON：第 {exc.lineno} 行 {exc.msg}") from None
        if not isinstance(data, dict) or not isinstance(data.get("sheets"), dict):
            raise UserError(f"{source}格式不对：应有 “sheets” 一项（工作表名 → 映射）")
        if data.get("version", FORMAT_VERSION) != FORMAT_VERSION:
            raise UserError(f"{source}的版本 {data.get('version')} 不受支持（应为 {FORMAT_VERSION}）")
        out = cls()
        for name, item in data["sheets"].items():
            if not isinstance(item, dict):
                raise UserError(f"{source}中工作表“{name}”的映射格式不对")
            columns = item.get("columns", {})
            if not isinstance(columns, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
            ):
                raise UserError(f"{source}中工作表“{name}”的 columns 应为 列名 → “表:列” 或 “忽略”")
            out.sheets[str(name)] = SheetMapping(str(item.get("target", "") or ""), dict(columns))
        return out


def load_mapping(path: Path) -> Mapping:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"找不到映射文件：{path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"无法读取映射文件 {path.name}：{exc}") from None
    return Mapping.from_json(text, f"映射文件 {path.name} ")


def save_mapping(mapping: Mapping, path: Path) -> None:
    """Write the mapping as JSON (to a temporary name, then renamed)."""
    write_bytes(Path(path), (mapping.to_json() + "\n").encode("utf-8"), action="保存映射文件")


def signature(headers: Iterable[str]) -> str:
    """A short digest of a sheet's header labels (order kept): the key a mapping is remembered by."""
    digest = hashlib.sha256("\x1f".join(headers).encode("utf-8")).hexdigest()
    return digest[:20]


def remember(sheet_headers: dict[str, list[str]], mapping: Mapping) -> None:
    """Remember each sheet's mapping in this station file, keyed by its headers."""
    from app.core.settings import set_setting

    for name, headers in sheet_headers.items():
        item = mapping.sheets.get(name)
        if item is None or (not item.target and not item.columns):
            continue
        data = {"target": item.target, "columns": item.columns}
        set_setting(SETTING_PREFIX + signature(headers), json.dumps(data, ensure_ascii=False))


def recall(sheet_headers: dict[str, list[str]]) -> Mapping:
    """The mappings remembered for sheets with these headers (sheets with none are left out)."""
    from app.core.settings import get_setting

    out = Mapping()
    for name, headers in sheet_headers.items():
        text = get_setting(SETTING_PREFIX + signature(headers))
        if not text:
            continue
        try:
            data = json.loads(text)
            out.sheets[name] = SheetMapping(str(data.get("target", "")), dict(data.get("columns", {})))
        except (json.JSONDecodeError, AttributeError, TypeError, ValueError):
            continue  # a damaged entry is forgotten, not fatal
    return out
