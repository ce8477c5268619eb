"""A small demo station (300 residents) generated once per module into a temporary file; each test
opens it (documents only read)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

needs_poppler = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils 未安装")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.demo.generator import generate_demo
    from db.connection import close_database, open_database

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("STATIONDESK_HOME", str(path.parent / "home"))
        open_database(path)
        try:
            generate_demo(persons=300, seed=7)
        finally:
            close_database()
    return path


@pytest.fixture
def demo(demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    from db.connection import close_database, open_database

    monkeypatch.setenv("STATIONDESK_HOME", str(demo_file.parent / "home"))
    open_database(demo_file)
    yield demo_file
    close_database()


def run(*args: str | Path) -> str:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True).stdout


def text_of(path: Path) -> str:
    """pdftotext of the whole PDF with all white space removed."""
    return re.sub(r"\s+", "", run("pdftotext", path, "-"))


def pages_of(path: Path) -> int:
    m = re.search(r"Pages:\s+(\d+)", run("pdfinfo", path))
    assert m is not None
    return int(m.group(1))


def check_pdf(path: Path, tmp_path: Path) -> str:
    """The checks every document passes: the CJK font embedded and no unembedded font, page 1 rendered
    to PNG. Returns the text (white space removed)."""
    fonts = run("pdffonts", path).splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        cols = line.split()
        # name type [encoding] emb sub uni object ID: emb is the 5th from the end
        assert cols[-5] == "yes", f"font not embedded: {line}"
    assert any("WenQuanYiMicroHei" in f for f in fonts)
    prefix = tmp_path / "page"
    run("pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", path, prefix)
    pngs = list(tmp_path.glob("page*.png"))
    assert len(pngs) == 1 and pngs[0].stat().st_size > 1000
    return text_of(path)


def this_year() -> tuple[dt.date, dt.date]:
    today = dt.date.today()
    return dt.date(today.year, 1, 1), today
