"""hub import: every bad input of issue 16 is refused with a Chinese message and leaves the hub unchanged;
a good package is stored byte for byte; a resend replaces and keeps the history."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from app.core.errors import UserError
from app.hub import importing, store
from app.station.signing import make_key_pair, sign_with
from db.hub_models import ItemFigure, MonthFigure, Received

from .packages import (
    FakeStation,
    figures_of,
    month_figures,
    write_assessment,
    write_month,
    write_package_unchecked,
)

A = FakeStation("310110012003", "幸福社区")
B = FakeStation("310110012004", "安康社区")


@pytest.fixture
def registered(hub: str) -> str:
    store.add_station(A.code, A.name, A.fingerprint)
    store.add_station(B.code, B.name, B.fingerprint)
    return hub


def snapshot() -> tuple[int, int, int, list[tuple[str, bool]]]:
    rows = [(r.sha256, bool(r.current)) for r in Received.select().order_by(Received.sha256)]
    return Received.select().count(), MonthFigure.select().count(), ItemFigure.select().count(), rows


def refused(paths: list[Path], words: str) -> str:
    before = snapshot()
    with pytest.raises(UserError) as err:
        importing.import_packages(paths)
    assert words in err.value.message, err.value.message
    assert "汇总库未作任何改动" in err.value.message
    assert snapshot() == before
    return err.value.message


def test_import_stores_the_bytes_unmodified(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03")
    [result] = importing.import_packages([path])
    assert result.text().startswith("已导入 幸福社区（310110012003）2026-03 月度统计")
    row = Received.get()
    assert bytes(row.content) == path.read_bytes()
    assert row.current and row.period_key == "2026-03"
    assert MonthFigure.select().where(MonthFigure.path == "ep1.new_employment").get().value == 3


def test_import_an_assessment(registered: str, tmp_path: Path) -> None:
    importing.import_packages([write_assessment(tmp_path, A)])
    assert ItemFigure.select().count() == 12
    assert Received.get().period_key == "test-standard:2025-10-01:2026-09-30"


def test_one_changed_byte_in_a_member(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03")
    with zipfile.ZipFile(path) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    members["figures.json"] = members["figures.json"].replace(
        b'"new_employment": 3', b'"new_employment": 4', 1
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
    path.write_bytes(buf.getvalue())
    refused([path], "与清单记录的校验值不符")


def test_one_changed_byte_anywhere_in_the_file(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03")
    raw = bytearray(path.read_bytes())
    for offset in range(0, len(raw), max(1, len(raw) // 40)):
        bad = bytearray(raw)
        bad[offset] ^= 0x01
        path.write_bytes(bytes(bad))
        before = snapshot()
        with pytest.raises(UserError) as err:
            importing.import_packages([path])
        assert any(w in err.value.message for w in ("损坏", "改动", "签名无效", "校验值")), err.value.message
        assert snapshot() == before


def test_signed_by_another_key(registered: str, tmp_path: Path) -> None:
    private, public = make_key_pair()
    path = write_month(tmp_path, A, "2026-03", signer=private, public=public)
    refused([path], "签名密钥与登记的不符")


def test_signature_not_matching_the_key_in_the_manifest(registered: str, tmp_path: Path) -> None:
    private, _public = make_key_pair()
    path = write_month(tmp_path, A, "2026-03", signer=private)  # A's public key, another private key
    refused([path], "签名无效")


def test_unregistered_station(registered: str, tmp_path: Path) -> None:
    stranger = FakeStation("310110012099", "陌生社区")
    refused([write_month(tmp_path, stranger, "2026-03")], "未在本汇总库登记")


def test_newer_format_version(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03", manifest_extra={"format_version": 2})
    refused([path], "格式版本为 2")


def test_the_same_package_twice(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03")
    importing.import_packages([path])
    refused([path], "已于")


def test_the_same_package_twice_in_one_import(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03")
    copy = tmp_path / "copy.sdpkg"
    copy.write_bytes(path.read_bytes())
    refused([path, copy], "同一站点同一期间")


def test_a_resend_that_changes_a_number_replaces_and_keeps_history(registered: str, tmp_path: Path) -> None:
    first = write_month(tmp_path / "1", A, "2026-03", created_at="2026-04-02T10:00:00")
    importing.import_packages([first])
    figures = month_figures("2026-03", 0)
    figures["work"]["services"] = 99
    second = write_month(tmp_path / "2", A, "2026-03", figures, created_at="2026-04-03T10:00:00")
    [result] = importing.import_packages([second])
    assert result.replaced
    assert "原包保留在历史中" in result.text() and "work.services 20→99" in result.text()
    rows = importing.history(A.code, "month", "2026-03")
    assert [bool(r.current) for r in rows] == [True, False]
    assert bytes(rows[0].content) == second.read_bytes()
    assert bytes(rows[1].content) == first.read_bytes()
    current = MonthFigure.select().join(Received).where(Received.current, MonthFigure.path == "work.services")
    assert [f.value for f in current] == [99]


def test_a_resend_older_than_the_current_one_is_refused(registered: str, tmp_path: Path) -> None:
    importing.import_packages([write_month(tmp_path / "1", A, "2026-03", created_at="2026-04-03T10:00:00")])
    older = write_month(tmp_path / "2", A, "2026-03", created_at="2026-04-02T10:00:00", seed=1)
    refused([older], "早于已收到的同期上报包")


def test_zip_bomb(registered: str, tmp_path: Path) -> None:
    good = write_month(tmp_path, A, "2026-03")
    with zipfile.ZipFile(good) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    bomb = tmp_path / "bomb.sdpkg"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, data in members.items():
            zf.writestr(n, data)
        zf.writestr("padding.bin", b"\0" * (16 * 1024 * 1024))  # 16 MiB packed into ~16 KiB
    assert bomb.stat().st_size < 200_000
    refused([bomb], "压缩炸弹")


def test_too_many_members(registered: str, tmp_path: Path) -> None:
    path = tmp_path / "many.sdpkg"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(40):
            zf.writestr(f"m{i}.txt", b"x")
    refused([path], "超过上限")


def test_figures_that_do_not_add_up(registered: str, tmp_path: Path) -> None:
    figures = month_figures("2026-03", 0)
    figures["ep1"]["reemployed_ytd"] = figures["ep1"]["new_employment_ytd"] + 5  # 就业 > 登记
    path = write_month(tmp_path, A, "2026-03", figures)
    message = refused([path], "数据不能自洽")
    assert "失业人员实现再就业人数" in message


def test_schema_violation(registered: str, tmp_path: Path) -> None:
    figures = month_figures("2026-03", 0)
    del figures["new_employment"]["by_age"]
    refused([write_month(tmp_path, A, "2026-03", figures)], "不符合格式要求")


def test_not_a_zip(registered: str, tmp_path: Path) -> None:
    path = tmp_path / "x.sdpkg"
    path.write_bytes(b"hello")
    refused([path], "不是有效的上报包")


def test_extra_member_not_in_the_manifest(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("extra.pdf", b"%PDF")
    refused([path], "与清单不符")


def test_all_or_nothing(registered: str, tmp_path: Path) -> None:
    good = write_month(tmp_path / "a", A, "2026-03")
    stranger = write_month(tmp_path / "s", FakeStation("310110012099", "陌生社区"), "2026-03")
    message = refused([good, stranger], "未在本汇总库登记")
    assert "以下上报包未能导入" in message


def test_manifest_member_list_tampered_and_resigned_by_other_key(registered: str, tmp_path: Path) -> None:
    private, _ = make_key_pair()
    figures = json.dumps(figures_of(write_month(tmp_path / "g", A, "2026-03"))).encode()
    path = write_package_unchecked(
        tmp_path / "t.sdpkg",
        {"station": {"code": A.code, "name": A.name, "street": "", "district": "", "level": "station"},
         "kind": "month", "period": "2026-03", "period_from": "2026-03-01", "period_to": "2026-03-31",
         "standard": None, "app_version": "0", "created_at": "2026-04-01T00:00:00", "operator": "",
         "with_people": False},
        {"figures.json": figures},
        lambda b: sign_with(private, b),
        A.public,
    )  # fmt: skip
    refused([path], "签名无效")


def test_one_changed_byte_in_a_zip_header(registered: str, tmp_path: Path) -> None:
    path = write_month(tmp_path, A, "2026-03")
    raw = bytearray(path.read_bytes())
    raw[10] ^= 0x01  # the first member's modification time: contents unchanged
    path.write_bytes(bytes(raw))
    refused([path], "文件结构与生成时不同")
