"""A small station whose March 2026 figures are known by hand, and a key-holding station file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from app.core.idcard import make_id
from app.register import ledger
from app.station import profile as station
from db.models import Employer

CODE = "310110012003"


@dataclass
class Ledger:
    a: int  # female, 1990, 大学本科, registered 2026-01-10, hired 2026-03-05 by a 机关事业单位
    b: int  # male, 2003, 灵活就业 at a 家政服务队 2026-03-10
    c: int  # male, 1975, 就业困难人员 since 2026-02-01, 公益性岗位 2026-03-20
    d: int  # female, 1985, 单位裁员, registered 2026-02-15, still open
    e: int  # male, 1962, registration cancelled 2026-02-28: 达到法定退休年龄
    f: int  # female, 1995, 个体经营 2026-01-15


def person(name: str, birth: dt.date, seq: int, **extra: object) -> int:
    values: dict[str, object] = {
        "id_number": make_id("310110", birth, seq),
        "name": name,
        "employment_status": "未就业",
        "survey_date": "2026-01-05",
    }
    values.update(extra)
    return ledger.save_person(values).id


@pytest.fixture
def march(db) -> Ledger:
    station.save_profile(
        {
            "name": "幸福社区就业服务站",
            "kind": "社区",
            "street": "殷行街道",
            "district": "杨浦区",
            "area_code": CODE,
        }
    )
    Employer.create(name="区人社局", kind="机关事业单位")
    a = person("王甲", dt.date(1990, 6, 1), 12, education="大学本科", unemployment_reason="辞职")
    b = person("王乙", dt.date(2003, 5, 1), 13)
    c = person("王丙", dt.date(1975, 2, 1), 15)
    d = person("王丁", dt.date(1985, 9, 9), 22, unemployment_reason="单位裁员")
    e = person("王戊", dt.date(1962, 1, 1), 17)
    f = person("王己", dt.date(1995, 1, 1), 24)
    reg = ledger.add_registration(a, "2026-01-10")
    ledger.add_employment(a, "2026-03-05", "单位就业", employer="区人社局")
    ledger.cancel_registration(reg.id, "2026-03-05", "被用人单位录用")
    ledger.add_employment(b, "2026-03-10", "灵活就业", employer="家政服务队")
    ledger.add_recognition(c, "2026-02-01", "大龄")
    ledger.add_employment(c, "2026-03-20", "公益性岗位", employer="社区保洁")
    ledger.add_registration(d, "2026-02-15")
    ledger.add_registration(e, "2025-06-01", cancelled_on="2026-02-28", cancel_reason="达到法定退休年龄")
    ledger.add_employment(f, "2026-01-15", "个体经营", employer="己记小吃")
    return Ledger(a, b, c, d, e, f)
