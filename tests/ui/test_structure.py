"""The shape of ui/: module sizes, the main window's use of the Page protocol, the jobs page by tab."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "ui"
LIMIT = 600
REASON = "Why this module is over 600 lines"


def test_a_module_over_600_lines_says_why():
    unexplained = []
    for path in sorted(UI.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LIMIT:
            doc = ast.get_docstring(ast.parse(text)) or ""
            if REASON not in doc:
                unexplained.append(str(path.relative_to(UI.parent)))
    assert unexplained == []


def test_the_main_window_does_not_probe_its_pages():
    source = (UI / "main_window.py").read_text(encoding="utf-8")
    calls = {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & {"getattr", "hasattr"}


def test_the_jobs_page_is_one_module_per_tab():
    package = UI / "pages" / "jobs"
    assert {p.stem for p in package.glob("*.py")} >= {
        "vacancies",
        "employers",
        "matching",
        "referrals",
        "page",
    }
    for tab in ("vacancies", "employers", "matching", "referrals"):
        tree = ast.parse((package / f"{tab}.py").read_text(encoding="utf-8"))
        classes = [n.name for n in tree.body if isinstance(n, ast.ClassDef)]
        assert len(classes) == 1 and classes[0].endswith("Tab"), (tab, classes)
