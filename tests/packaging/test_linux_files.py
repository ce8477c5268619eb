"""The files the .deb installs besides the bundle: the menu entry and the icons."""

from __future__ import annotations

import configparser
import re
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_desktop_entry_is_chinese_in_office_with_the_icon() -> None:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(ROOT / "packaging" / "stationdesk.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "就业服务站工作台"
    assert entry["Exec"] == "stationdesk"
    assert entry["Icon"] == "stationdesk"
    assert "Office" in entry["Categories"].split(";")
    assert entry["Terminal"] == "false"


@pytest.mark.parametrize("size", SIZES)
def test_an_icon_of_each_size(size: int) -> None:
    assert png_size(ICONS / f"stationdesk-{size}.png") == (size, size)


def test_the_windows_icon_holds_every_size() -> None:
    data = (ICONS / "stationdesk.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = {data[6 + 16 * i] or 256 for i in range(count)}
    assert sizes == set(SIZES)


def test_the_deb_installs_every_icon_size_into_hicolor() -> None:
    script = (ROOT / "packaging" / "build_deb.sh").read_text(encoding="utf-8")
    loop = re.search(r"for size in ([\d ]+); do\s+install -D -m 644 \"resources/icons/", script)
    assert loop is not None
    assert tuple(int(s) for s in loop.group(1).split()) == SIZES
    assert "usr/share/icons/hicolor/${size}x${size}/apps/stationdesk.png" in script
