"""``python -m app --db F todo [--json] [--today D]``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.idcard import make_id
from app.register import ledger
from app.workbench import reminders
from db.connection import close_database


def _ledger() -> int:
    pid = ledger.save_person(
        {
            "id_number": make_id("440106", dt.date(1985, 1, 1), 1),
            "name": "张三",
            "employment_status": "未就业",
            "survey_date": "2024-03-01",
        }
    ).id
    ledger.add_recognition(pid, "2024-04-01", "大龄")
    close_database()
    return pid


def test_todo_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pid = _ledger()
    assert main(["--db", str(db), "todo", "--json", "--today", "2024-05-15"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["today"] == "2024-05-15" and data["count"] == 3 and data["overdue"] == 1
    assert [i["rule"] for i in data["items"]] == ["difficulty_plan", "monthly_contact", "six_clear_missing"]
    assert data["items"][1]["text"] == "就业困难人员 张三 本月尚未联系"
    assert data["items"][0]["subject"] == {"kind": "person", "id": pid}
    assert data["rules"]["monthly_contact"] == {"title": "每月联系"}
    # The same list as the window's.
    assert [i["text"] for i in data["items"]] == [i.text for i in reminders.todo_list(dt.date(2024, 5, 15))]


def test_todo_text(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _ledger()
    assert main(["--db", str(db), "todo", "--today", "2024/5/15"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert (
        lines[0]
        == "已逾期 14 天\t2024-05-01\t一人一策\t就业困难人员 张三 认定于 4月1日，5月1日前须制定一人一策"
    )
    assert lines[-1] == "共 3 项，其中逾期 1 项。"


def test_todo_empty(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    close_database()
    assert main(["--db", str(db), "todo"]) == 0
    assert capsys.readouterr().out == "没有待办事项。\n"


def test_todo_bad_date(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    close_database()
    assert main(["--db", str(db), "todo", "--today", "2024-02-30"]) == 1
    assert "--today 日期 2024-02-30 不存在" in capsys.readouterr().err
