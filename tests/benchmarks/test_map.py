"""Recognising and splitting a station's own ledger costs little beside reading it (issue 17: the
importer's layers are per-row cheap and keep no second copy of the rows of an app sheet).

A 失业人员管理台帐 of ``persons`` rows (a title, a station line, a two-row 安置情况 header written without
merged ranges, as a write-only workbook or a CSV has them, 序号, 性别 checked against the ID) is read
by the reader, then the rows read are recognised and split (header finding, recognition, 性别 against the
ID, the split into 人员 / 失业登记 / 就业记录) on their own. Both in one process: the ratio of the two
medians is fairer than either time on a busy machine. The whole check of the import (reading, this
layer, every cell and rule, nothing written) is measured too: this layer should be a small part of it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest

from tests.benchmarks.conftest import Collector, check, measure

RUNS = 5


def _ledger(path: Path, persons: int) -> Path:
    from openpyxl import Workbook

    from app.core.idcard import make_id

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    ws.append(["XX社区失业人员管理台帐"])
    ws.append(["填报单位：XX社区就业服务站"])
    ws.append(["序号", "姓名", "性别", "年龄", "身份证号", "失业时间", "安置情况", None, "联系电话"])
    ws.append([None, None, None, None, None, None, "再就业时间", "现就业单位", None])
    start = dt.date(1960, 1, 1)
    for i in range(persons):
        # (birth day, sequence) unique for every i: 37 is prime to 15,000, each block of 15,000 its own seq
        seq = i // 15000 + 1
        birth = start + dt.timedelta(days=(i * 37) % 15000)
        number = make_id("440106", birth, seq)
        placed = i % 3 == 0
        ws.append(
            [
                i + 1,
                f"人员{i}",
                "男" if seq % 2 else "女",
                None,
                number,
                "2024-01-15",
                "2024-06-01" if placed else None,
                "某公司" if placed else None,
                f"138{i:08d}",
            ]
        )
    wb.save(path)
    return path


def test_recognise_and_split_beside_reading(
    collector: Collector, persons: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.storage.datafile import close_station, open_station

    monkeypatch.setenv("STATIONDESK_HOME", str(tmp_path / "home"))
    from app.workbook.reader import RawSheet, open_values

    folder = Path(tempfile.gettempdir()) / "stationdesk-bench"
    folder.mkdir(exist_ok=True)
    path = folder / f"map-unemployed-{persons}.xlsx"
    if not path.exists():
        _ledger(path, persons)

    def read_only() -> None:
        book = open_values(path)
        try:
            for name in book.sheetnames:
                book.read(name)
        finally:
            book.close()

    book = open_values(path)
    try:
        read = book.read("Sheet1")
        merged = list(getattr(book, "merges", {}).get("Sheet1", []))
    finally:
        book.close()

    def split_only() -> None:
        """Header finding, recognition, the derived checks and the split of rows already read."""
        from app.workbook.recognise import recognise
        from app.workbook.split import Splitter

        raw = RawSheet(read.name, read.header_row, read.headers, list(read.rows))
        problems: list[object] = []
        splitter = Splitter(dt.date(2024, 10, 8), lambda *a: problems.append(a), lambda *a: None)
        splitter.add(recognise("Sheet1", raw, merged, None), raw)
        tables = splitter.finish().raws
        assert len(tables["人员"].rows) == persons and not problems

    def validate() -> None:
        from app.workbook import validate_workbook

        assert validate_workbook(path, today=dt.date(2024, 10, 8)).ok

    reading = measure(RUNS, read_only, warmup=1)
    splitting = measure(RUNS, split_only, warmup=1)
    open_station(tmp_path / "station.sqlite", create=True)
    try:
        checking = measure(RUNS, validate)
    finally:
        close_station()
    collector.timing("失业人员管理台帐 读取（读取器）", persons, reading, None, f"median of {RUNS}")
    collector.timing("失业人员管理台帐 识别+核对+拆分", persons, splitting, None, f"median of {RUNS}")
    collector.timing("失业人员管理台帐 全部检查（不写入）", persons, checking, None, f"median of {RUNS}")
    collector.record(
        "识别+核对+拆分 ÷ 读取",
        splitting.median / reading.median,
        None,
        "medians of the two (the reader will change: recorded, no goal)",
        "×",
        persons=persons,
    )
    check(
        collector.record(
            "识别+核对+拆分 ÷ 全部检查",
            splitting.median / checking.median,
            0.25,
            "medians of the two; goal: at most a quarter of the import's check",
            "×",
            persons=persons,
        )
    )
