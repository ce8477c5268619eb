from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from app.accounts import session, users
from app.core.idcard import make_id
from app.register import ledger
from db.models import DATA_MODELS

PASSWORD = "secret-1"


def person(name: str = "张三", seq: int = 11) -> int:
    values = {
        "id_number": make_id("440117", dt.date(1985, 3, 1), seq),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-01-10",
    }
    return ledger.save_person(values).id


def snapshot() -> list[list[tuple[object, ...]]]:
    return [list(m.select().order_by(m._meta.primary_key).tuples()) for m in DATA_MODELS]


@pytest.fixture
def accounts(db) -> Iterator[None]:
    """A file with a 站长 (王站长), a 工作人员 (小李) and a 查阅 (检查组), nobody logged in."""
    users.add_user("王站长", session.HEAD, PASSWORD)
    users.login("王站长", PASSWORD)
    users.add_user("小李", session.STAFF, PASSWORD)
    users.add_user("检查组", session.VIEWER, PASSWORD)
    session.file_opened(has_accounts=True)
    yield
    session.file_opened(has_accounts=False)
