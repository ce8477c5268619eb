"""What an import would take from a workbook, without writing (``import --preview``, the import
dialog's mapping step): each sheet and what it was recognised as, each column and the field it fills,
the columns left out, the rows read, and the first rows of each app sheet as they will be stored."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import ValidationError
from app.core.idcard import mask_id
from app.workbook.importer import _Validator, parse_cell
from app.workbook.mapping import IGNORE, Mapping
from app.workbook.reader import RawSheet
from app.workbook.recognise import EXACT, Recognised, field_text
from app.workbook.report import Problem
from app.workbook.schema import SHEETS_BY_NAME, Kind, Ref

SAMPLE_ROWS = 5


@dataclass
class SampleCell:
    value: Any  # as it will be stored
    error: str = ""  # why it will be refused


@dataclass
class Preview:
    path: Path
    sheets: list[Recognised]
    tables: dict[str, RawSheet]  # app sheet -> its rows as read
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def sheet_headers(self) -> dict[str, list[str]]:
        """Each recognised source sheet's column labels (the key a mapping is remembered by)."""
        return {s.name: [c.label for c in s.columns] for s in self.sheets if s.layout is not None}

    def sample(
        self, table: str, limit: int = SAMPLE_ROWS
    ) -> tuple[list[str], list[tuple[int, list[SampleCell]]]]:
        """The headers of ``table`` and its first rows, each cell as it will be stored (ID numbers
        masked)."""
        raw = self.tables[table]
        sheet = SHEETS_BY_NAME[table]
        positions = [(i, sheet.by_header[h]) for i, h in enumerate(raw.headers) if h in sheet.by_header]
        headers = [col.header for _i, col in positions]
        rows: list[tuple[int, list[SampleCell]]] = []
        for number, values in raw.rows[:limit]:
            cells: list[SampleCell] = []
            for index, col in positions:
                value = values[index] if index < len(values) else None
                masked = col.kind is Kind.ID or col.ref is Ref.PERSON
                try:
                    stored = parse_cell(col, value, number)
                    cells.append(SampleCell(mask_id(stored) if masked and stored else stored))
                except ValidationError as exc:
                    cells.append(SampleCell(mask_id(str(value)) if masked else value, exc.message))
            rows.append((number, cells))
        return headers, rows

    def to_dict(self, limit: int = SAMPLE_ROWS) -> dict[str, Any]:
        tables: dict[str, Any] = {}
        for name in self.tables:
            headers, rows = self.sample(name, limit)
            tables[name] = {
                "rows": len(self.tables[name].rows),
                "sample": [
                    {
                        "row": number,
                        "values": {h: _plain(c.value) for h, c in zip(headers, cells, strict=True)},
                        "errors": {h: c.error for h, c in zip(headers, cells, strict=True) if c.error},
                    }
                    for number, cells in rows
                ],
            }
        return {
            "file": str(self.path),
            "sheets": [
                {
                    "sheet": s.name,
                    "target": s.kind or None,
                    "tables": list(s.targets),
                    "header_row": s.layout.header_row if s.layout is not None else None,
                    "rows": s.rows,
                    "columns": [
                        {
                            "column": c.label,
                            "field": field_text(c.target) if c.target else None,
                            "how": c.how,
                            **({"note": c.note} if c.note else {}),
                        }
                        for c in s.columns
                    ],
                    "unmatched": [c.label for c in s.unmatched],
                }
                for s in self.sheets
            ],
            "tables": tables,
            "problems": [_problem(p) for p in self.problems],
            "warnings": [_problem(p) for p in self.warnings],
        }

    def lines(self) -> list[str]:
        out: list[str] = []
        for s in self.sheets:
            if s.kind == IGNORE:
                out.append(f"工作表“{s.name}” → 忽略（按映射）")
                continue
            if not s.kind:
                why = f"：{s.no_header}" if s.no_header else ""
                out.append(f"工作表“{s.name}” → 未识别，不导入{why}")
                continue
            split = (
                f"（拆分为 {'、'.join(s.targets)}）" if len(s.targets) > 1 or s.targets[0] != s.kind else ""
            )
            where = (
                f"表头第 {s.layout.header_row} 行，" if s.layout is not None and s.layout.header_row else ""
            )
            out.append(f"工作表“{s.name}” → {s.kind}{split}，{where}数据 {s.rows} 行")
            same = [c.label for c in s.columns if c.how == EXACT]
            if same:
                out.append(f"  列名一致（{len(same)} 列）：{'、'.join(same)}")
            for c in s.columns:
                if c.how == EXACT:
                    continue
                target = f" → {field_text(c.target)}" if c.target else ""
                note = f"；{c.note}" if c.note else ""
                out.append(f"  {c.label}{target}（{c.how}{note}）")
            if s.unmatched:
                out.append("  未匹配的列：" + "、".join(c.label for c in s.unmatched))
        if self.tables:
            out.append("将导入：" + "，".join(f"{n} {len(r.rows)} 行" for n, r in self.tables.items()))
        for name in self.tables:
            headers, rows = self.sample(name, 3)
            for number, cells in rows:
                shown = "，".join(_cell_text(h, c) for h, c in zip(headers, cells, strict=True))
                out.append(f"  {name} 第 {number} 行：{shown}")
        return out


def _cell_text(header: str, cell: SampleCell) -> str:
    value = "" if cell.value is None else _plain(cell.value)
    return f"{header}={value}" + (f"（{cell.error}）" if cell.error else "")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _problem(p: Problem) -> dict[str, Any]:
    return {"sheet": p.sheet, "row": p.row, "column": p.column, "value": p.value, "message": p.message}


def preview_workbook(path: Path, *, mapping: Mapping | None = None, today: dt.date | None = None) -> Preview:
    """Read and recognise ``path``; nothing is checked against the database and nothing is written."""
    validator = _Validator(None, 1, today, mapping)
    validator.keep_rows = True  # the first rows are shown, and the rows counted
    try:
        tables = validator.read(Path(path))
    finally:
        validator.close()
    return Preview(
        Path(path),
        validator.recognised,
        tables,
        list(validator.report.problems),
        list(validator.report.warnings),
    )
