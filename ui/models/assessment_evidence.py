"""The evidence files attached to one item of an assessment, on the generic table model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.assessment.assessments import EvidenceInfo
from app.assessment.view import size_text
from ui.models.table_base import Column, TableModel

__all__ = ["EvidenceModel", "size_text"]

COLUMNS: tuple[Column[EvidenceInfo], ...] = (
    Column("文件名", lambda e: e.name, align=""),
    Column("大小", lambda e: size_text(e.size), key=lambda e: e.size, align=""),
    Column("添加时间", lambda e: f"{e.added_at:%Y-%m-%d %H:%M}" if e.added_at else "", align=""),
)


class EvidenceModel(TableModel[EvidenceInfo]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(COLUMNS, None, parent)

    def load(self, rows: Sequence[EvidenceInfo]) -> None:
        self.set_rows(rows)

    def evidence(self, row: int) -> EvidenceInfo:
        return self._rows[row]
