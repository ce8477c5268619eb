"""Helpers for the workbook tests: build small workbooks, snapshot the database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from app.core.idcard import make_id
from db.models import ALL_MODELS

ID1 = make_id("110101", dt.date(1990, 3, 7), 11)  # male
ID2 = make_id("440106", dt.date(1985, 12, 1), 22)  # female
ID3 = make_id("440106", dt.date(1978, 6, 30), 33)

PERSON_HEADERS = ["身份证号", "姓名", "就业状态", "调查日期"]

Sheets = dict[str, Sequence[Sequence[Any]]]


def write_book(path: Path, sheets: Sheets) -> Path:
    """A workbook with one sheet per entry: rows as given (the first is the header)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def persons(*rows: Sequence[Any], headers: Sequence[str] = PERSON_HEADERS) -> list[Sequence[Any]]:
    return [list(headers), *rows]


def person(id_number: Any = ID1, name: str = "张三", status: str = "未就业", survey: Any = "2024-03-01"):
    return [id_number, name, status, survey]


def snapshot() -> list[list[tuple[Any, ...]]]:
    """Every row of every table, for 'the database is unchanged' assertions."""
    return [list(m.select().order_by(m._meta.primary_key).tuples()) for m in ALL_MODELS]


@pytest.fixture
def book(tmp_path: Path) -> Callable[[Sheets], Path]:
    counter = iter(range(1_000_000))

    def make(sheets: Sheets) -> Path:
        return write_book(tmp_path / f"book{next(counter)}.xlsx", sheets)

    return make


@pytest.fixture(autouse=True)
def _every_sheet_streamed(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    if os.environ.get("STATIONDESK_STREAM_ALL"):
        from app.workbook import xlsxstream

        monkeypatch.setattr(xlsxstream, "STREAM_BYTES", -1)
