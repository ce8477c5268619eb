"""app.upward: building a period package and reading it back (manifest, digests, signature, schema)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from app.assessment import assessments
from app.core.errors import UserError
from app.core.period import Period
from app.station import profile as station
from app.station.signing import station_fingerprint
from app.upward import builder, schemas
from app.upward.format import (
    FORMAT_VERSION,
    PackageError,
    read_package,
    read_package_file,
    schema_dir,
    schema_errors,
    sha256,
)

from .conftest import CODE


def test_month_package_name_members_and_manifest(march, tmp_path: Path) -> None:
    path = builder.build_month_package(tmp_path, "2026-03")
    assert path.name == f"{CODE}-2026-03.sdpkg"
    assert not list(tmp_path.glob("*.part"))
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
        for member, entry in manifest["members"].items():
            assert sha256(zf.read(member)) == entry["sha256"]
    assert names == {"manifest.json", "manifest.sig", "figures.json", "monthly-report.pdf"}
    assert manifest["format_version"] == FORMAT_VERSION
    assert manifest["station"] == {
        "code": CODE, "name": "幸福社区就业服务站", "street": "殷行街道", "district": "杨浦区",
        "level": "station",
    }  # fmt: skip
    assert manifest["kind"] == "month" and manifest["period"] == "2026-03"
    assert manifest["period_from"] == "2026-03-01" and manifest["period_to"] == "2026-03-31"
    assert manifest["operator"] == "" and manifest["with_people"] is False
    assert manifest["app_version"] and manifest["created_at"]


def test_month_package_reads_back_and_carries_the_figures(march, tmp_path: Path) -> None:
    package = read_package_file(builder.build_month_package(tmp_path, "2026-03"))
    assert package.station_code == CODE
    assert package.figures["ep1"]["new_employment"] == 3
    assert package.pdfs()["monthly-report.pdf"].startswith(b"%PDF")
    assert package.people is None


def test_no_names_or_ids_by_default(march, tmp_path: Path) -> None:
    raw = builder.build_month_package(tmp_path, "2026-03").read_bytes()
    package = read_package(raw)
    text = (
        b"".join(v for k, v in package.members.items() if k.endswith(".json")).decode()
        + package.manifest_bytes.decode()
    )
    assert "王甲" not in text and "310110" not in text.replace(CODE, "")


def test_with_people_adds_masked_lists_and_says_so(march, tmp_path: Path) -> None:
    package = read_package_file(builder.build_month_package(tmp_path, "2026-03", with_people=True))
    assert package.manifest["with_people"] is True
    people = package.people
    assert people is not None and people["masked"] is True
    hired = people["lists"][0]["people"]
    assert {p["name"] for p in hired} == {"王甲", "王乙", "王丙"}
    assert all("********" in p["id_number"] for p in hired)


def test_package_needs_the_station_code(db, tmp_path: Path) -> None:
    station.save_profile({"name": "幸福社区", "kind": "社区"})
    out = tmp_path / "out"
    with pytest.raises(UserError, match="统计用区划代码"):
        builder.build_month_package(out, "2026-03")
    assert not out.exists()


def test_signature_is_by_the_station_key(march, tmp_path: Path) -> None:
    from app.station.signing import fingerprint

    package = read_package_file(builder.build_month_package(tmp_path, "2026-03"))
    assert fingerprint(package.public_key) == station_fingerprint()


def test_assessment_package_has_every_item(march, tmp_path: Path) -> None:
    row = assessments.create("guangzhou-full-employment-2024", Period.guangzhou_default(2026))
    path = builder.build_assessment_package(tmp_path, row.id, with_people=True)
    assert path.name == f"{CODE}-guangzhou-full-employment-2024-20251001-20260930.sdpkg"
    package = read_package_file(path)
    figures = package.figures
    result = assessments.result_json(row.id)
    assert [i["id"] for i in figures["items"]] == [i["id"] for i in result["items"]]
    for mine, theirs in zip(figures["items"], result["items"], strict=True):
        assert mine["points"] == theirs["points"] and mine["met"] == theirs["met"]
        ind = theirs["indicator"] or {}
        assert mine["numerator"] == ind.get("numerator") and mine["denominator"] == ind.get("denominator")
        assert mine["sets"] == (ind.get("sets") or {})
    assert package.manifest["standard"] == "guangzhou-full-employment-2024"
    assert "score-sheet.pdf" in package.pdfs()
    assert package.people is not None


def test_shipped_schemas_equal_the_tables() -> None:
    for name in schemas.SCHEMA_FILES:
        assert (schema_dir() / name).read_text(encoding="utf-8") == schemas.schema_text(name), (
            f"{name} is stale: run python -m app.upward.schemas"
        )


def test_schema_refuses_a_missing_table_key(march) -> None:
    from app.upward.figures import month_statistics
    from tests.app.upward.test_figures import MARCH

    data = month_statistics(MARCH)
    assert schema_errors("figures.json", data) == []
    del data["new_employment"]["by_age"]["46-60岁"]
    assert schema_errors("figures.json", data)
    data = month_statistics(MARCH)
    data["ep1"]["new_employment"] = -1
    assert schema_errors("figures.json", data)


def test_cli_package_month(march, tmp_path: Path, capsys) -> None:
    from app.cli.main import main

    status = main(["--db", str(march_db(march)), "package", "--month", "2026-03", "--out", str(tmp_path)])
    out = capsys.readouterr()
    assert status == 0, out.err
    assert (tmp_path / f"{CODE}-2026-03.sdpkg").exists()
    assert "已写出上报包" in out.out


def test_cli_package_needs_month_or_assessment(db, capsys) -> None:
    from app.cli.main import main

    assert main(["--db", str(db), "package"]) == 2


def march_db(_ledger: object) -> Path:
    from app.storage.datafile import current_path

    path = current_path()
    assert path is not None
    return path


def test_package_error_is_a_user_error() -> None:
    assert issubclass(PackageError, UserError)
    with pytest.raises(PackageError, match="不是有效的上报包"):
        read_package(b"not a zip")


def test_operator_as_given_on_a_file_without_accounts(march, tmp_path: Path) -> None:
    package = read_package_file(builder.build_month_package(tmp_path, "2026-03", operator="王芳"))
    assert package.manifest["operator"] == "王芳"


def test_package_is_noted_in_the_audit_trail(march, tmp_path: Path) -> None:
    from app.accounts import audit

    path = builder.build_month_package(tmp_path, "2026-03", with_people=True)
    [entry] = [e for e in audit.entries() if e.kind == "package"]
    assert entry.key == path.name
    assert "含抽查名单" in entry.detail and sha256(path.read_bytes()) in entry.detail


def test_operator_is_the_logged_in_account(march, tmp_path: Path) -> None:
    from app.accounts import session, users

    users.add_user("王站长", session.HEAD, "secret-1")
    users.login("王站长", "secret-1")
    try:
        package = read_package_file(builder.build_month_package(tmp_path, "2026-03", operator="别人"))
        assert package.manifest["operator"] == "王站长"  # the account, not what was typed
    finally:
        session.file_opened(has_accounts=False)


def test_a_locked_file_refuses_to_package(march, tmp_path: Path) -> None:
    from app.accounts import session, users

    users.add_user("王站长", session.HEAD, "secret-1")
    session.file_opened(has_accounts=True)  # nobody logged in
    try:
        with pytest.raises(UserError, match="请先登录"):
            builder.build_month_package(tmp_path / "out", "2026-03")
        assert not (tmp_path / "out").exists()
    finally:
        session.file_opened(has_accounts=False)
