"""The architecture's contracts (``[tool.importlinter]`` in pyproject.toml, docs/ARCHITECTURE.md):
ui -> app -> db, no Qt below ui, and the domain packages of app/ with only their declared edges."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = Path(sys.executable).with_name("lint-imports")
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "ui")


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["importlinter"]["contracts"])


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={"PYTHONPATH": str(root), "PATH": str(LINT.parent)},
    )


def test_every_domain_package_is_in_the_domain_contract() -> None:
    domain = next(c for c in _contracts() if c.get("containers") == ["app"])
    named = {name.strip() for layer in domain["layers"] for name in str(layer).split("|")}  # type: ignore[attr-defined]
    packages = {p.parent.name for p in (ROOT / "app").glob("*/__init__.py")}
    assert packages == named, "every package of app/ must have its place (and its edges) in the contract"


def test_contracts_hold() -> None:
    done = _lint(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "broken" not in done.stdout.lower().replace("0 broken", "")


@pytest.mark.parametrize(
    ("path", "line", "contract"),
    [
        ("db/models.py", "import app.core.codes", "ui -> app -> db"),
        ("app/core/dates.py", "import PySide6.QtCore", "import no Qt"),
        ("app/core/dates.py", "import app.register.ledger", "Domain packages"),
        ("app/register/ledger.py", "import app.casework.services", "Domain packages"),
        ("app/jobs/matching.py", "import app.assessment.scoring", "Domain packages"),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path: Path, path: str, line: str, contract: str) -> None:
    for name in ("app", "db", "ui"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / path
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # noqa\n", encoding="utf-8")
    done = _lint(tmp_path)
    assert done.returncode != 0
    broken = done.stdout[done.stdout.find("Broken contracts") :]
    assert contract in broken, done.stdout


def test_importing_every_module_loads_no_qt() -> None:
    # import-linter sees static imports; this also catches a dynamic one (importlib) at import time.
    modules = []
    for path in sorted(p for pkg in ("app", "db") for p in (ROOT / pkg).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules.append(".".join(parts))
    script = (
        "import importlib, json, sys\n"
        f"modules = {modules!r}\n"
        "for m in modules:\n"
        "    importlib.import_module(m)\n"
        "print(json.dumps(sorted(k for k in sys.modules if k.split('.')[0] in "
        f"{list(FORBIDDEN)!r})))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout.strip().splitlines()[-1])
    assert loaded == [], f"importing app/ and db/ loaded {loaded}"
    assert len(modules) >= 10


def test_a_module_of_app_or_db_over_600_lines_says_why() -> None:
    # The same rule tests/ui/test_structure.py keeps for ui/.
    unexplained = []
    for path in sorted(p for pkg in ("app", "db") for p in (ROOT / pkg).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > 600:
            doc = ast.get_docstring(ast.parse(text)) or ""
            if "over 600 lines" not in doc:
                unexplained.append(str(path.relative_to(ROOT)))
    assert unexplained == []
