"""Roles enforced inside app/: a 查阅 account (or nobody, on a file with accounts) trying every kind of write
through the app functions is refused with a Chinese message and nothing changes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from app.accounts import session, users
from app.assessment import assessments
from app.casework import add_service
from app.core.errors import ReadOnlyOperatorError, UserError
from app.core.period import Period
from app.jobs import vacancies
from app.register import ledger, seeking, start_work
from app.station import profile
from app.storage import backup
from app.workbook import export_workbook
from db.models import Person
from tests.app.accounts.conftest import PASSWORD, person, snapshot

D = dt.date


def _phone_changed(pid: int) -> dict[str, object]:
    return {"id_number": Person.get_by_id(pid).id_number, "name": "张三", "phone": "13800000000",
            "employment_status": "未就业", "survey_date": "2026-01-10"}  # fmt: skip


def _writes(pid: int, tmp: Path) -> dict[str, Callable[[], object]]:
    return {
        "person": lambda: ledger.save_person(_phone_changed(pid), pid),
        "registration": lambda: ledger.add_registration(pid, "2026-02-01"),
        "job seeking": lambda: seeking.save_job_seeking(pid, {"registered_on": "2026-02-01"}),
        "service": lambda: add_service(
            {
                "person_id": pid,
                "served_on": "2026-03-01",
                "kind": "跟踪回访",
                "mode": "电话",
                "content": "问候",
            }
        ),
        "start of work": lambda: start_work.apply(
            start_work.propose(pid, "2026-03-01", "灵活就业", today=D(2026, 6, 1)), {start_work.EMPLOYMENT}
        ),
        "employer": lambda: vacancies.save_employer({"name": "甲公司"}),
        "station": lambda: profile.save_profile({"name": "幸福社区就业服务站"}),
        "staff": lambda: profile.save_staff({"name": "李四", "nature": "专职"}),
        "assessment": lambda: assessments.create(
            "guangzhou-full-employment-2024", Period(D(2025, 10, 1), D(2026, 9, 30))
        ),
        "delete": lambda: ledger.delete_person(pid),
        "full-ID export": lambda: export_workbook(tmp / "x.xlsx", mask_ids=False),
        "restore": lambda: backup.restore(tmp / "whatever.sqlite"),
        "account": lambda: users.add_user("新人", session.STAFF, PASSWORD),
    }


WRITES = ("person", "registration", "job seeking", "service", "start of work", "employer", "station", "staff",
          "assessment", "delete", "full-ID export", "restore", "account")  # fmt: skip


@pytest.mark.parametrize("write", WRITES)
def test_a_viewer_is_refused_every_write(accounts, tmp_path: Path, write: str) -> None:
    users.login("王站长", PASSWORD)
    pid = person()
    users.login("检查组", PASSWORD)
    before = snapshot()
    with pytest.raises(UserError) as info:
        _writes(pid, tmp_path)[write]()
    assert isinstance(info.value, ReadOnlyOperatorError | session.PermissionDenied)
    assert "查阅" in info.value.message or "无权" in info.value.message
    assert snapshot() == before
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("write", ("person", "service", "employer", "station", "delete"))
def test_nobody_logged_in_on_a_file_with_accounts_cannot_write(accounts, tmp_path: Path, write: str) -> None:
    users.login("王站长", PASSWORD)
    pid = person()
    session.file_opened(has_accounts=True)  # as after opening the file, before the log-in dialog
    before = snapshot()
    with pytest.raises(UserError):
        _writes(pid, tmp_path)[write]()
    assert snapshot() == before


def test_a_staff_member_writes_records_but_not_full_ids(accounts, tmp_path: Path) -> None:
    users.login("小李", PASSWORD)
    pid = person()
    _writes(pid, tmp_path)["service"]()
    export_workbook(tmp_path / "masked.xlsx", mask_ids=True)
    with pytest.raises(session.PermissionDenied, match="无权导出完整身份证号"):
        export_workbook(tmp_path / "full.xlsx", mask_ids=False)
    assert not (tmp_path / "full.xlsx").exists()


def test_the_head_may_do_everything(accounts, tmp_path: Path) -> None:
    users.login("王站长", PASSWORD)
    pid = person()
    for name in ("service", "employer", "station", "full-ID export"):
        _writes(pid, tmp_path)[name]()
    assert (tmp_path / "x.xlsx").exists()
