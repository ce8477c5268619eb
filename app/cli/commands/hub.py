"""``python -m app hub …``: the hub (汇总库) of a 街道/镇 or 区 that gathers its stations' packages.

hub init F --level town|district --code C --name N       new hub (F: a file, or postgresql://…)
hub --db F key                                           the hub's key fingerprint (to register upward)
hub --db F station add CODE NAME --key FINGERPRINT       register a station (list / remove)
hub --db F import PKG…                                   check and store packages (all or nothing)
hub --db F status --month YYYY-MM                        who sent, who is late
hub --db F report --month YYYY-MM | --from M --to M | --standard ID --from D --to D [--json] [--xlsx F]
hub --db F package --month YYYY-MM [--out DIR]           the hub's own package for the level above
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from app.core.errors import UserError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "hub",
        help="汇总库：街道/镇、区汇总各站点的上报包",
        description="汇总库（SQLite 文件或 PostgreSQL 数据库）：登记站点、导入上报包、"
        "查看报送情况、汇总报表。",
    )
    parser.add_argument(
        "--db", dest="hub_db", metavar="F", help="汇总库文件，或 postgresql://用户@主机/数据库名"
    )
    sub = parser.add_subparsers(title="汇总库子命令", dest="hub_command", metavar="COMMAND", required=True)

    p = sub.add_parser("init", help="新建汇总库")
    p.add_argument("target", metavar="F", help="新汇总库文件，或 postgresql://用户@主机/数据库名（空数据库）")
    p.add_argument(
        "--level", choices=("town", "district"), default="town", help="town 街道/镇（默认）或 district 区"
    )
    p.add_argument("--code", required=True, help="本街道/镇或区的12位统计用区划代码")
    p.add_argument("--name", required=True, help="名称，如 殷行街道")
    p.set_defaults(func=run_init)

    p = sub.add_parser("key", help="显示本汇总库的密钥指纹（向上级登记）")
    p.set_defaults(func=run_key)

    p = sub.add_parser("station", help="登记、列出或删除站点")
    st = p.add_subparsers(dest="station_command", metavar="ACTION", required=True)
    a = st.add_parser("add", help="登记站点")
    a.add_argument("code", metavar="CODE", help="站点的12位统计用区划代码")
    a.add_argument("name", metavar="NAME", help="站点名称")
    a.add_argument("--key", required=True, metavar="FINGERPRINT", help="站点信息页显示的密钥指纹")
    a.set_defaults(func=run_station_add)
    st.add_parser("list", help="列出已登记站点").set_defaults(func=run_station_list)
    r = st.add_parser("remove", help="删除未上报过的站点")
    r.add_argument("code", metavar="CODE")
    r.set_defaults(func=run_station_remove)

    p = sub.add_parser("import", help="导入上报包（全部校验通过才导入）")
    p.add_argument("packages", nargs="+", metavar="PKG", help=".sdpkg 文件")
    p.set_defaults(func=run_import)

    p = sub.add_parser("status", help="某月的报送情况")
    p.add_argument("--month", required=True, help="月份，如 2026-03")
    p.add_argument("--due-day", type=int, default=5, help="次月几日前报送（默认 5）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.set_defaults(func=run_status)

    p = sub.add_parser("report", help="汇总报表：站点 × 统计项目或评估项目，含合计")
    p.add_argument("--month", help="月份，如 2026-03")
    p.add_argument("--standard", help="评估标准编号（自评结果汇总）")
    p.add_argument("--from", dest="date_from", help="开始：月份（月度汇总）或日期（自评汇总）")
    p.add_argument("--to", dest="date_to", help="结束：月份（月度汇总）或日期（自评汇总）")
    p.add_argument("--json", action="store_true", help="输出 JSON")
    p.add_argument("--xlsx", help="按上级报表样式另存为 Excel（每张表一个工作表，月度统计）")
    p.set_defaults(func=run_report)

    p = sub.add_parser("package", help="生成本级上报包（汇总各站点的月度统计或自评结果，交上级导入）")
    p.add_argument("--month", help="月份，如 2026-03（月度统计）")
    p.add_argument("--standard", help="评估标准编号（自评结果汇总）")
    p.add_argument("--from", dest="date_from", help="自评报告期开始日期")
    p.add_argument("--to", dest="date_to", help="自评报告期结束日期")
    p.add_argument("--out", default=".", help="写到哪个文件夹")
    p.add_argument("--operator", default="", help="经办人（可不填）")
    p.set_defaults(func=run_package)


def _target(args: argparse.Namespace) -> str:
    target = getattr(args, "hub_db", None) or getattr(args, "db", None)
    if not target:
        raise UserError("请用 --db 指定汇总库（文件或 postgresql://…）；新建请用 hub init")
    return str(target)


def _open(args: argparse.Namespace) -> Any:
    from app.hub import store

    return store.open_existing(_target(args))


def run_init(args: argparse.Namespace) -> int:
    from app.hub import store

    ident = store.init_hub(args.target, level=args.level, code=args.code, name=args.name)
    print(f"已新建{ident.level_text}汇总库：{ident.name}（{ident.code}）")
    print(f"本汇总库的密钥指纹（向上级登记）：{store.hub_fingerprint()}")
    store.close()
    return 0


def run_key(args: argparse.Namespace) -> int:
    from app.hub import store

    ident = _open(args)
    print(f"{ident.name}（{ident.code}）密钥指纹：{store.hub_fingerprint()}")
    return 0


def run_station_add(args: argparse.Namespace) -> int:
    from app.hub import store

    _open(args)
    row = store.add_station(args.code, args.name, args.key)
    print(f"已登记站点：{row.name}（{row.code}），密钥指纹 {row.fingerprint}")
    return 0


def run_station_list(args: argparse.Namespace) -> int:
    from app.hub import store

    _open(args)
    rows = store.list_stations()
    for row in rows:
        print(f"{row.code}  {row.name}  {row.fingerprint}")
    print(f"共 {len(rows)} 个站点")
    return 0


def run_station_remove(args: argparse.Namespace) -> int:
    from app.hub import store

    _open(args)
    store.remove_station(args.code)
    print(f"已删除站点 {args.code}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from app.cli.commands import print_progress
    from app.hub.importing import import_packages

    _open(args)
    for result in import_packages(args.packages, progress=print_progress()):
        print(result.text())
    return 0


def run_status(args: argparse.Namespace) -> int:
    from app.hub import reports

    _open(args)
    rows = reports.status(args.month, due_day=args.due_day)
    if args.json:
        data = [
            {
                "code": r.code,
                "name": r.name,
                "state": r.state,
                "late": r.late,
                "received_at": r.received_at.isoformat() if r.received_at else None,
                "resends": r.resends,
            }
            for r in rows
        ]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    key = reports.parse_month(args.month)
    print(f"{key} 月度统计报送情况（{reports.due_date(key, args.due_day).isoformat()} 前报送）")
    for r in rows:
        when = f"{r.received_at:%Y-%m-%d %H:%M}" if r.received_at else ""
        again = f"（重报 {r.resends} 次）" if r.resends else ""
        print(f"{r.code}  {r.name}  {r.state}  {when}{again}")
    sent = sum(1 for r in rows if r.received_at)
    late = sum(1 for r in rows if r.late)
    print(f"共 {len(rows)} 个站点：已报 {sent}，未报 {len(rows) - sent}，逾期 {late}")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from app.core.dates import parse_date
    from app.hub import reports

    ident = _open(args)
    if args.standard:
        if args.month:
            raise UserError("--standard 与 --month 不能同时使用")
        start = parse_date(args.date_from, "开始日期") if args.date_from else None
        end = parse_date(args.date_to, "结束日期") if args.date_to else None
        if start is None or end is None:
            raise UserError("自评汇总请用 --from 和 --to 指定报告期，如 --from 2025-10-01 --to 2026-09-30")
        if args.xlsx:
            raise UserError("--xlsx 只用于月度统计（上级报表样式）；自评汇总请用 --json")
        a_report = reports.assessment_report(args.standard, start, end)
        if args.json:
            print(json.dumps(a_report.to_json(), ensure_ascii=False, indent=2))
        else:
            _print_assessment(a_report)
        return 0
    if args.month and (args.date_from or args.date_to):
        raise UserError("--month 与 --from/--to 不能同时使用")
    if not args.month and not (args.date_from and args.date_to):
        raise UserError("请用 --month 指定月份，或用 --from/--to 指定月份范围，或用 --standard 汇总自评")
    m_report = reports.month_report(args.month or args.date_from, args.month or args.date_to)
    if args.xlsx:
        from app.hub.xlsx import write_month_xlsx

        write_month_xlsx(m_report, args.xlsx, ident.name)
    if args.json:
        print(json.dumps(m_report.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_month(m_report)
        if args.xlsx:
            print(f"已写出上级报表样式的 Excel：{args.xlsx}")
    return 0


def _print_month(report: Any) -> None:
    from app.upward import tables as t

    print(report.title)
    labels = [label for _k, label in t.EP1]
    print("站点代码      站点  " + "  ".join(labels) + "  期末登记失业")
    paths = [f"ep1.{k}" for k, _l in t.EP1] + ["registered_unemployed.total"]
    for s in report.stations:
        values = "  ".join(str(s["values"].get(p, "")) if s["values"] else "—" for p in paths)
        print(f"{s['code']}  {s['name']}  {values}  {s['state']}")
    print("合计  " + "  ".join(str(report.totals.get(p, 0)) for p in paths))


def _print_assessment(report: Any) -> None:
    print(
        f"{report.name}（{report.standard}）{report.period_from} 至 {report.period_to}，"
        f"{len(report.stations)} 个站点"
    )
    for it in report.items:
        tot = report.totals[it["id"]]
        rate = f"  合计 {tot['numerator']}/{tot['denominator']} = {tot['rate']}" if tot["denominator"] else ""
        print(
            f"{it['id']:>5}  {it['title']}  达标 {tot['met']}/{tot['stations']}  "
            f"失分站点 {tot['stations_lost']}{rate}"
        )
    lost = report.most_lost(5)
    if lost:
        print("失分最多的项目：" + "；".join(f"{i} {title}（{n} 个站点）" for i, title, n, _p in lost))


def run_package(args: argparse.Namespace) -> int:
    from app.core.dates import parse_date
    from app.hub.export import build_hub_assessment_package, build_hub_package

    _open(args)
    if args.standard:
        start = parse_date(args.date_from, "开始日期") if args.date_from else None
        end = parse_date(args.date_to, "结束日期") if args.date_to else None
        if start is None or end is None or args.month:
            raise UserError("自评汇总的本级上报包请用 --standard 与 --from、--to 指定，不与 --month 同用")
        path, missing = build_hub_assessment_package(Path(args.out), args.standard, start, end, args.operator)
    elif args.month:
        path, missing = build_hub_package(Path(args.out), args.month, operator=args.operator)
    else:
        raise UserError("请用 --month 指定月份，或用 --standard、--from、--to 指定自评汇总")
    print(f"已写出本级上报包：{path}")
    if missing:
        print(f"注意：{len(missing)} 个站点尚未报送，未计入：{'、'.join(missing[:10])}")
    return 0
