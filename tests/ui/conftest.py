"""Fixtures for the window tests: a small ledger built through app.ledger, and a CJK font."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from app.core.idcard import make_id
from app.register import ledger
from db.models import Graduate, Household, StationProfile, ZeroFamily


@dataclass
class SmallLedger:
    zhang: int  # 张三, H001 户主, open registration, training need, phone 13800000001
    li: int  # 李四, H001 配偶
    wang: int  # 王五, H002, open recognition, phone 13900000003
    zhao: int  # 赵六, graduate not placed
    sun: int  # 孙七, retired (not working age)
    zhou: int  # 周八, H003 zero-employment family

    def id_number(self, name: str) -> str:
        return _IDS[name]


_IDS = {
    "zhang": make_id("110101", dt.date(1980, 5, 1), 11),
    "li": make_id("110101", dt.date(1982, 7, 15), 22),
    "wang": make_id("110101", dt.date(1990, 1, 20), 31),
    "zhao": make_id("110101", dt.date(2001, 3, 3), 42),
    "sun": make_id("110101", dt.date(1955, 1, 1), 51),
    "zhou": make_id("110101", dt.date(1985, 9, 9), 61),
}


def person_values(key: str, name: str, **extra: object) -> dict[str, object]:
    values: dict[str, object] = {
        "id_number": _IDS[key],
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-03-01",
    }
    values.update(extra)
    return values


@pytest.fixture
def small_ledger(db) -> SmallLedger:
    StationProfile.create(id=1, name="幸福社区就业服务站")
    zhang = ledger.save_person(
        person_values(
            "zhang", "张三", phone="13800000001", household_code="H001", relation="户主", training_need="是"
        )
    ).id
    li = ledger.save_person(person_values("li", "李四", household_code="H001", relation="配偶")).id
    wang = ledger.save_person(
        person_values(
            "wang", "王五", phone="13900000003", household_code="H002", employment_status="灵活就业"
        )
    ).id
    zhao = ledger.save_person(person_values("zhao", "赵六")).id
    sun = ledger.save_person(person_values("sun", "孙七", employment_status="退休")).id
    zhou = ledger.save_person(person_values("zhou", "周八", household_code="H003", relation="户主")).id
    ledger.add_registration(zhang, "2025-01-01")
    ledger.add_recognition(wang, "2025-03-01", "大龄")
    Graduate.create(person=zhao, grad_year=2025)
    ZeroFamily.create(household=Household.get(Household.code == "H003"), recognized_on=dt.date(2026, 1, 1))
    return SmallLedger(zhang, li, wang, zhao, sun, zhou)


@pytest.fixture
def fifty_persons(db) -> list[int]:
    """50 persons for qtmodeltester (small data: the tester is slow on big models)."""
    ids = []
    for i in range(50):
        birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        ids.append(
            ledger.save_person(
                {
                    "id_number": make_id("440106", birth, i),
                    "name": f"测试{i:02d}",
                    "phone": f"138{i:08d}",
                    "household_code": f"H{i // 3:03d}",
                    "employment_status": "未就业" if i % 2 else "单位就业",
                    "survey_date": "2026-03-01",
                    "training_need": "是" if i % 5 == 0 else "否",
                }
            ).id
        )
    return ids


@pytest.fixture(autouse=True, scope="session")
def _qt_in_chinese(qapp):
    """Qt's own texts in Chinese, as the program loads them (ui.app.make_application)."""
    from ui.translation import install_qt_chinese

    assert install_qt_chinese(qapp)


@pytest.fixture(autouse=True)
def _no_modal_boxes(monkeypatch):
    """A test that would block on a confirmation or an error box fails instead of hanging."""
    from ui.forms import common

    def refuse(_parent, title, text):
        if title == "放弃修改":
            return True  # closing a form with unsaved edits at teardown
        raise AssertionError(f"unexpected confirmation dialog: {text}")

    monkeypatch.setattr(common, "confirm", refuse)
    import ui.errors

    def no_box(_parent, _title, text):
        raise AssertionError(f"unexpected message box: {text}")

    monkeypatch.setattr(ui.errors, "_message_box", no_box)
