"""The wheel's configuration (setup.py, pyproject.toml): every package and resource file goes in."""

from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

import app
from app.core.paths import RESOURCE_PACKAGE

ROOT = Path(__file__).resolve().parents[2]


def setup_call() -> dict[str, ast.expr]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setup":
            return {kw.arg: kw.value for kw in node.keywords if kw.arg}
    raise AssertionError("no setup() call in setup.py")


def package_data() -> dict[str, list[str]]:
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    consts = {
        t.id: ast.literal_eval(n.value)
        for n in tree.body
        if isinstance(n, ast.Assign)
        for t in n.targets
        if isinstance(t, ast.Name)
    }
    node = setup_call()["package_data"]
    assert isinstance(node, ast.Dict)
    out = {}
    for key, value in zip(node.keys, node.values, strict=True):
        name = consts[key.id] if isinstance(key, ast.Name) else ast.literal_eval(key)  # type: ignore[union-attr]
        out[name] = ast.literal_eval(value)
    return out


def test_the_resource_package_name_matches_the_program() -> None:
    assert f'RESOURCES = "{RESOURCE_PACKAGE}"' in (ROOT / "setup.py").read_text(encoding="utf-8")


def test_every_shipped_resource_file_is_package_data() -> None:
    globs = package_data()[RESOURCE_PACKAGE]
    files = [
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources").rglob("*")
        if p.is_file() and p.name != "__init__.py" and "__pycache__" not in p.parts
    ]
    assert any(f.startswith("standards/") for f in files)
    assert [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs)] == []


def test_every_migration_is_package_data() -> None:
    globs = package_data()["db"]
    sql = [p.relative_to(ROOT / "db").as_posix() for p in (ROOT / "db" / "migrations").glob("*.sql")]
    assert sql
    assert [f for f in sql if not any(fnmatch.fnmatch(f, g) for g in globs)] == []


def test_license_is_an_spdx_string_with_its_file() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"
    assert "LICENSE" in project["project"]["license-files"]
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    requires = project["build-system"]["requires"]
    assert any(
        r.replace(" ", "").startswith("setuptools>=") and int(r.split(">=")[1].split(".")[0]) >= 77
        for r in requires
    )


def test_the_version_lives_in_one_place() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}
    assert app.__version__.count(".") == 2
    iss = (ROOT / "packaging" / "stationdesk.iss").read_text(encoding="utf-8")
    assert app.__version__ not in iss, "the installer script must take the version from the program"
