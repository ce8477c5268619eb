"""Layering: ``app/`` and ``db/`` import no Qt and nothing from ``ui/`` (ui -> app -> db, never back)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORBIDDEN = ("PySide6", "shiboken6", "pyqtgraph", "ui")
# Files allowed to import the window lazily, inside a function (the launcher and the screenshot command).
LAZY_ALLOWED = {Path("app/__main__.py"), Path("app/cli_commands/screenshot.py")}


def _python_files() -> list[Path]:
    files = sorted(p for pkg in ("app", "db") for p in (ROOT / pkg).rglob("*.py"))
    assert files, "no source files found"
    return files


def _imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _forbidden(module: str) -> bool:
    return module.split(".")[0] in FORBIDDEN


def _violations(source: str, rel: Path) -> list[str]:
    tree = ast.parse(source, filename=str(rel))
    # Import nodes found inside a function body (lazy imports).
    inside_function: set[int] = set()
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            inside_function.update(id(n) for n in ast.walk(fn) if n is not fn)
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        for module in _imported_modules(node):
            if not _forbidden(module):
                continue
            if rel in LAZY_ALLOWED and id(node) in inside_function:
                continue
            out.append((node.lineno, f"{rel}:{node.lineno} imports {module}"))
        # importlib.import_module("PySide6...") / __import__("ui...") with a literal name.
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            arg = node.args[0].value
            dynamic = name in ("import_module", "__import__") and isinstance(arg, str) and _forbidden(arg)
            if dynamic and not (rel in LAZY_ALLOWED and id(node) in inside_function):
                out.append((node.lineno, f"{rel}:{node.lineno} imports {arg} dynamically"))
    return [text for _line, text in sorted(out)]


def test_app_and_db_import_no_qt_and_no_ui() -> None:
    violations = [
        v
        for path in _python_files()
        for v in _violations(path.read_text(encoding="utf-8"), path.relative_to(ROOT))
    ]
    assert violations == []


def test_scanner_catches_violations() -> None:
    source = (
        "import os\n"
        "from PySide6.QtWidgets import QLabel\n"
        "import pyqtgraph as pg\n"
        "\n"
        "def show():\n"
        "    import ui.main_window\n"
        "    import importlib\n"
        "    importlib.import_module('shiboken6')\n"
    )
    assert _violations(source, Path("app/report.py")) == [
        "app/report.py:2 imports PySide6.QtWidgets",
        "app/report.py:3 imports pyqtgraph",
        "app/report.py:6 imports ui.main_window",
        "app/report.py:8 imports shiboken6 dynamically",
    ]
    # The launcher may import the window lazily, but not at module level.
    assert _violations(source, Path("app/__main__.py")) == [
        "app/__main__.py:2 imports PySide6.QtWidgets",
        "app/__main__.py:3 imports pyqtgraph",
    ]
    assert _violations("from app import ledger\nimport peewee\n", Path("db/x.py")) == []


def test_importing_every_module_loads_no_qt() -> None:
    modules = []
    for path in _python_files():
        rel = path.relative_to(ROOT).with_suffix("")
        parts = list(rel.parts)
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
