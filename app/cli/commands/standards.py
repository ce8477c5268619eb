"""``python -m app standards``: list the shipped standards (id, name, max points, pass mark)."""

from __future__ import annotations

import argparse

from app.assessment.scoring import json_points
from app.assessment.standards import shipped_standards, standards_dir
from app.core.errors import UserError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("standards", help="列出内置的评估标准", description="列出内置的评估标准")
    parser.set_defaults(func=run)


def _fmt(value: object) -> str:
    return "—" if value is None else str(value)


def run(args: argparse.Namespace) -> int:
    standards = shipped_standards()
    if not standards:  # a broken install: say so instead of an empty list and success
        raise UserError(f"找不到评估标准文件（应在 {standards_dir()} 中）。请重新安装本程序。")
    print("编号\t名称\t满分(基础+加分)\t达标分")
    for std in standards:
        if std.is_score:
            max_text = (
                f"{json_points(std.max_points)}（{json_points(std.base_max)}+{json_points(std.bonus_max)}）"
            )
        else:
            max_text = f"条件清单，{len(std.items)} 项"
        print(f"{std.id}\t{std.name}\t{max_text}\t{_fmt(json_points(std.pass_mark))}")
    return 0
