"""Bad files, the error workbook, progress reports and a write that fails."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from app.core.errors import UserError
from app.workbook import ImportRejected, import_workbook, validate_workbook
from app.workbook.schema import ERRORS_SHEET
from db.models import Person

from .conftest import ID1, ID2, person, persons, snapshot, write_book


def refused(path: Path) -> str:
    before = snapshot()
    with pytest.raises(UserError) as info:
        import_workbook(path)
    assert not isinstance(info.value, ImportRejected)
    assert snapshot() == before
    return info.value.message


def test_random_bytes_are_not_a_workbook(db, tmp_path):
    path = tmp_path / "随机.xlsx"
    path.write_bytes(bytes(range(256)) * 8)
    assert "不是有效的 Excel 工作簿" in refused(path)


def test_renamed_text_file_is_not_a_workbook(db, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_text("身份证号,姓名\n", encoding="utf-8")
    assert "不是有效的 Excel 工作簿" in refused(path)


def test_damaged_zip_is_not_a_workbook(db, tmp_path):
    path = tmp_path / "坏.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "不是有效的 Excel 工作簿" in refused(path)


def test_missing_file(db, tmp_path):
    assert "找不到文件" in refused(tmp_path / "没有.xlsx")


def test_a_damaged_xls_is_not_a_workbook(db, tmp_path):
    """.xls is read (tests/app/workbook/test_formats.py); a truncated one is refused, not crashed on."""
    path = tmp_path / "旧台账.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert "不是有效的 Excel 工作簿" in refused(path)


def test_file_open_in_another_program(db, tmp_path, monkeypatch):
    path = write_book(tmp_path / "台账.xlsx", {"人员": persons(person())})
    real_open = Path.open

    def locked(self, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", locked)
    message = refused(path)
    assert message.startswith("文件正被其他程序（如 Excel）打开，请关闭后重试")


def test_validate_writes_nothing(db, book):
    before = snapshot()
    report = validate_workbook(book({"人员": persons(person(ID1), person(ID2, "李四"))}))
    assert report.ok and report.problems == []
    assert snapshot() == before


def test_error_workbook_highlights_bad_cells(db, book, tmp_path):
    source = book({"人员": persons(person(ID1, "张"), person(ID2, "李四", "待定")), "统计": [["x"]]})
    with pytest.raises(ImportRejected) as info:
        import_workbook(source)
    report = info.value.report
    dest = tmp_path / "错误报告.xlsx"
    report.save_xlsx(source, dest)
    wb = openpyxl.load_workbook(dest)
    assert wb.sheetnames[0] == ERRORS_SHEET
    listing = list(wb[ERRORS_SHEET].iter_rows(values_only=True))
    assert listing[0] == ("类别", "工作表", "行", "列", "值", "问题")
    assert listing[1][:5] == ("错误", "人员", 2, "姓名", "张")
    assert listing[2][:5] == ("错误", "人员", 3, "就业状态", "待定")
    assert listing[3][0] == "提示" and "未识别的工作表" in listing[3][5]
    ws = wb["人员"]
    assert ws["B2"].fill.fgColor.rgb == "FFFF9999"
    assert "2至30个字" in ws["B2"].comment.text
    assert ws["C3"].fill.fgColor.rgb == "FFFF9999" and "可选" in ws["C3"].comment.text
    assert ws["A2"].comment is None
    # The source itself is untouched.
    assert ERRORS_SHEET not in openpyxl.load_workbook(source).sheetnames


def test_rejection_message_lists_problems(db, book):
    with pytest.raises(ImportRejected) as info:
        import_workbook(book({"人员": persons(person(ID1, "张"))}))
    assert "【人员】 第 2 行 姓名：" in info.value.message


def test_progress_is_reported_in_chinese(db, book):
    rows = [person(ID1), person(ID2, "李四")]
    calls: list[tuple[int, int, str]] = []
    import_workbook(book({"人员": persons(*rows)}), progress=lambda d, t, s: calls.append((d, t, s)))
    texts = [c[2] for c in calls]
    assert "正在读取 人员 表…" in texts
    assert "正在检查 人员 表…" in texts
    assert "正在写入 人员 表…" in texts
    assert calls[-1] == (4, 4, "导入完成")


def test_progress_every_500_rows(db, book):
    import datetime as dt

    from app.core.idcard import make_id

    rows = [person(make_id("110101", dt.date(1980, 1, 1 + i // 500), i % 500), "张三") for i in range(1200)]
    calls: list[tuple[int, int, str]] = []
    validate_workbook(book({"人员": persons(*rows)}), progress=lambda d, t, s: calls.append((d, t, s)))
    checks = [d for d, _t, s in calls if s == "正在检查 人员 表…"]
    assert checks == [0, 500, 1000]


def test_write_failure_rolls_back(db, book, monkeypatch):
    from app.workbook import importer

    path = book({"人员": persons(person(ID1)), "失业登记": [["身份证号", "登记日期"], [ID1, "2024-01-01"]]})
    before = snapshot()
    real = importer._Writer.write
    written: list[str] = []

    def failing(self, sql, params):
        if '"registration"' in sql:  # after the 人员 rows were written
            full = sqlite3.OperationalError("database or disk is full")
            full.sqlite_errorcode = 13  # SQLITE_FULL
            raise full
        written.append(sql)
        return real(self, sql, params)

    monkeypatch.setattr(importer._Writer, "write", failing)
    with pytest.raises(UserError) as info:
        import_workbook(path)
    assert any('"person"' in sql for sql in written)
    assert "已全部撤销" in info.value.message and "磁盘空间已满" in info.value.message
    assert snapshot() == before
    assert Person.select().count() == 0


# ---------------------------------------------------------------------------- checked under the lock


def test_the_import_holds_the_write_lock_from_its_first_read(db, book):
    """The import takes the write lock before it reads the book, so what it writes is checked against the
    data as it is when written: another window cannot save while it runs (it waits, then is told the file
    is busy), and saves again after it."""
    path = book({"人员": persons(person(ID1), person(ID2, "李四"))})
    refused: list[str] = []

    def another_window_saves(done, total, text):
        if not refused and text.startswith("正在检查"):
            other = sqlite3.connect(db, timeout=0)
            try:
                with other:
                    other.execute("UPDATE setting SET value = value WHERE key = 'x'")
                    other.execute("INSERT INTO household (code, address) VALUES ('H-other', '')")
            except sqlite3.OperationalError as exc:
                refused.append(str(exc))
            finally:
                other.close()

    summary = import_workbook(path, progress=another_window_saves)
    assert refused == ["database is locked"]
    assert summary.created == 2 and Person.select().count() == 2
    other = sqlite3.connect(db)
    with other:
        other.execute("INSERT INTO household (code, address) VALUES ('H-other', '')")
    other.close()


def test_a_save_before_the_import_is_checked_against_and_the_book_read_once(db, book, monkeypatch):
    import datetime as dt

    from app.register.ledger import add_registration, save_person
    from app.workbook import reader
    from db.models import Registration

    save_person(
        {"id_number": ID1, "name": "张三", "employment_status": "未就业", "survey_date": dt.date(2024, 3, 1)}
    )
    add_registration(Person.get(Person.id_number == ID1).id, dt.date(2024, 3, 15))  # an open registration
    path = book({"人员": persons(person(ID1)), "失业登记": [["身份证号", "登记日期"], [ID1, "2024-04-01"]]})
    opened: list[Path] = []
    real_open = reader.SourceBook.__init__
    monkeypatch.setattr(
        reader.SourceBook, "__init__", lambda self, p, kind: opened.append(p) or real_open(self, p, kind)
    )
    with pytest.raises(ImportRejected) as info:
        import_workbook(path)
    assert len(opened) == 1
    [problem] = info.value.report.problems
    assert (problem.sheet, problem.row) == ("失业登记", 2) and "未结束" in problem.message
    assert Registration.select().count() == 1  # only the one saved before
