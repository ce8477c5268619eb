"""``python -m app --db F station show`` / ``station set KEY VALUE``: the station's own settings
(辖区法定劳动年龄人口数, 场地面积, 开始运行日期, 星级评定（2024年） …) from the command line, checked with the
same rules as the 站点信息 page (:mod:`app.station.settings`)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "station",
        help="查看或修改站点信息（辖区法定劳动年龄人口数、场地面积、星级评定等）",
        description="查看或修改站点信息，校验规则与“站点信息”页面相同。",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION")
    sub.add_parser("show", help="列出全部站点信息", description="列出全部站点信息")
    setter = sub.add_parser(
        "set",
        help="修改一项站点信息",
        description="修改一项站点信息，如：station set 辖区法定劳动年龄人口数 1200；"
        "station set 场地面积 65.5；station set 星级评定（2024年） 三星",
    )
    setter.add_argument("key", metavar="KEY", help="项目名称（与“站点信息”页面一致），或“星级评定（年份）”")
    setter.add_argument("value", metavar="VALUE", help='内容；空字符串 "" 清空该项')
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from app.cli.commands import open_db
    from app.station import settings

    if args.action not in ("show", "set"):
        print("用法错误：请指定 show 或 set KEY VALUE", file=sys.stderr)
        return 2
    open_db(args)
    if args.action == "set":
        print(f"已保存：{settings.set_setting(args.key, args.value)}")
        return 0
    for label, value in settings.lines():
        print(f"{label}\t{settings.display(value)}")
    return 0
