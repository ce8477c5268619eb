"""The PyInstaller spec collects every module the program loads with importlib (no build needed).

The spec names the packages whose every submodule goes into the bundle (COLLECTED_PACKAGES) and the
modules left out (EXCLUDES); these tests read both from the spec's text and check them against the
page registry, the sub-command folder and the resources, so a new page, command or package that the
bundle would miss fails here instead of in an empty window on a station's PC.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import commands as cli_commands
from app.cli.main import command_modules

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "stationdesk.spec"


def spec_constant(name: str) -> object:
    """A top-level ``NAME = <literal>`` of the spec."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} not found in {SPEC.name}")


def collected(module: str) -> bool:
    """Whether the spec's collection (collect_submodules of COLLECTED_PACKAGES minus EXCLUDES) has it."""
    packages = spec_constant("COLLECTED_PACKAGES")
    excludes = spec_constant("EXCLUDES")
    assert isinstance(packages, tuple) and isinstance(excludes, list)
    in_package = any(module == p or module.startswith(p + ".") for p in packages)
    excluded = any(module == e or module.startswith(e + ".") for e in excludes)
    return in_package and not excluded


def submodules(package: str) -> set[str]:
    pkg = importlib.import_module(package)
    found = {package}
    for info in pkgutil.walk_packages(pkg.__path__, prefix=package + "."):
        found.add(info.name)
    return found


def page_modules() -> list[str]:
    from ui.pages import PAGES

    return [spec.module for spec in PAGES]


def test_the_spec_collects_the_apps_own_packages() -> None:
    packages = spec_constant("COLLECTED_PACKAGES")
    assert isinstance(packages, tuple)
    assert {"app", "db", "ui"} <= set(packages)


@pytest.mark.parametrize("module", page_modules())
def test_every_page_of_the_navigation_is_collected(module: str) -> None:
    assert module in submodules("ui"), f"{module} (ui/pages/__init__.py) has no module file"
    assert collected(module), f"the bundle would miss the page module {module}"


@pytest.mark.parametrize("module", [m.__name__ for m in command_modules()])
def test_every_sub_command_is_collected(module: str) -> None:
    assert collected(module), f"the bundle would miss the command module {module}"


def test_the_command_folder_holds_only_collected_modules() -> None:
    """Every file in app/cli/commands/, registered or not (a helper imported by importlib too)."""
    names = [f"{cli_commands.__name__}.{i.name}" for i in pkgutil.iter_modules(cli_commands.__path__)]
    assert len(names) >= 8
    missing = [n for n in names if not collected(n)]
    assert missing == []


def test_modules_imported_by_name_in_the_code_are_collected() -> None:
    """``importlib.import_module("ui.…")`` strings in app/ and ui/ (the screenshot command, the pages)."""
    targets: set[str] = set()
    for path in [*ROOT.joinpath("app").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                targets.add(node.args[0].value)
    assert targets, "no import_module call with a literal name found: the test looks in the wrong place"
    assert [t for t in sorted(targets) if not collected(t)] == []


def test_excludes_leave_no_module_the_app_imports() -> None:
    excludes = spec_constant("EXCLUDES")
    assert isinstance(excludes, list)
    assert not [e for e in excludes if e.split(".")[0] in ("app", "db", "ui", "reportlab", "pypdfium2")]


def test_the_resources_travel_as_the_package_the_program_looks_for() -> None:
    from app.core.paths import RESOURCE_PACKAGE

    text = SPEC.read_text(encoding="utf-8")
    assert f'(str(root / "resources"), "{RESOURCE_PACKAGE}")' in text
    assert '"db" / "migrations"' in text


def test_no_excluded_module_is_loaded_by_the_pages_and_commands() -> None:
    """Import the window, every page (with its charts) and every command in a fresh interpreter: none of
    EXCLUDES may come in (an excluded module a page imports makes the page vanish from the bundle)."""
    excludes = spec_constant("EXCLUDES")
    assert isinstance(excludes, list)
    script = (
        "import json, sys\n"
        "import ui.main_window, ui.screenshot\n"
        "from ui.pages import PAGES\n"
        "from app.cli.main import command_modules\n"
        "assert all(spec.load() for spec in PAGES)\n"
        "command_modules()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert "PySide6.QtWidgets" in loaded
    assert [m for m in loaded if any(m == e or m.startswith(e + ".") for e in excludes)] == []


def test_the_c_accelerators_are_installed_and_collected() -> None:
    """reportlab's rl_accel and openpyxl's lxml are dependencies (the ledger PDF and the export are faster
    with them) loaded in ways PyInstaller does not see: the spec names them."""
    accelerators = spec_constant("ACCELERATORS")
    assert isinstance(accelerators, list) and {"_rl_accel", "lxml.etree"} <= set(accelerators)
    for module in accelerators:
        importlib.import_module(module)
    from reportlab.lib import rl_accel

    assert "fp_str" in rl_accel._c_funcs  # reportlab found the C functions
