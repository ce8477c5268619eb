"""``screenshot --page PAGE --out F.png``: render one page of the window offscreen."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from app.cli.commands import db_path

PAGES = (
    "home",
    "register",
    "casework",
    "services",
    "jobs",
    "assessment",
    "documents",
    "station",
    "audit",
    "settings",
)


def _size(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"应为整数像素，现为“{value}”") from None
    if not 200 <= n <= 8000:
        raise argparse.ArgumentTypeError(f"应在 200 至 8000 像素之间，现为 {n}")
    return n


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "screenshot",
        help="离屏渲染窗口的某一页并保存为图片",
        description="不显示窗口，把某一页渲染为 PNG 图片（文档、README 配图、界面检查）。"
        f"页面：{'、'.join(PAGES)}，或页面的中文标题（如 工作台）。",
    )
    p.add_argument("--page", required=True, metavar="PAGE", help="页面标识或中文标题")
    p.add_argument("--out", required=True, metavar="F.png", help="输出图片文件")
    p.add_argument("--width", type=_size, default=1280, metavar="W", help="宽度（像素，默认 1280）")
    p.add_argument("--height", type=_size, default=800, metavar="H", help="高度（像素，默认 800）")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if (
        not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
        and sys.platform
        not in (
            "win32",
            "darwin",
        )
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The window's code is imported only here, by name (nothing else in app/ touches Qt, and the type
    # checker of app/ does not walk into ui/).
    render_page = importlib.import_module("ui.screenshot").render_page
    out = Path(args.out)
    render_page(db_path(args), args.page, out, size=(args.width, args.height))
    print(f"已保存截图：{out}")
    return 0
