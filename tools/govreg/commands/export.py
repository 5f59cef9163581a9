"""``govreg export filing``: the accounts and their lifecycle events for the national filing system (第八条)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..clock import CHINA, today_default
from ..context import Context
from ..repository import load_repository
from ..rules._filing import ColumnsError, filing_rows, load_columns
from ..supervision.spreadsheet import to_csv, to_xlsx
from ._output import date_arg, repository_root, write_bytes

NAME = "export"
HELP = "导出：filing 为全国政务新媒体信息报送系统的备案表（CSV、XLSX）"
DESCRIPTION = "导出登记库中的数据。目前支持 filing：按全国政务新媒体信息报送系统备案表的列导出账号及其开设、变更、关停、注销事项。"
FORMATS = ("csv", "xlsx")


def configure(parser: argparse.ArgumentParser) -> None:
    targets = parser.add_subparsers(dest="target", metavar="内容")
    filing = targets.add_parser(
        "filing",
        help="备案表：每个账号的每个开设、变更、关停、注销事项一行",
        description=(
            "按 config/filing-columns.yaml 中的列（缺省为内置的备案表列）导出。CSV 为带 BOM 的 UTF-8,"
            "Excel 可直接打开而中文不乱码；XLSX 每个主办单位一个工作表。给出 --from/--to 时，只导出在此期间备案"
            "或备案期限落在此期间的事项。退出码：0 完成，2 用法或配置错误。"
        ),
    )
    filing.add_argument("root", nargs="?", default=".", help="仓库根目录（默认当前目录）")
    filing.add_argument("--from", dest="start", type=date_arg, help="起始日期（含），YYYY-MM-DD")
    filing.add_argument("--to", dest="end", type=date_arg, help="截止日期（含），YYYY-MM-DD")
    filing.add_argument("--format", "-f", choices=FORMATS, help="csv 或 xlsx（默认按 --output 的扩展名）")
    filing.add_argument("--output", "-o", required=True, help="输出文件，如 备案表.xlsx")


def run(args: argparse.Namespace) -> int:
    if getattr(args, "target", None) != "filing":
        sys.stderr.write("govreg export：请指定要导出的内容，例如 govreg export filing --output 备案表.xlsx\n")
        return 2
    root = repository_root(args)
    if root is None:
        return 2
    fmt = args.format or Path(args.output).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        sys.stderr.write(f"govreg export filing：无法从文件名 {args.output} 判断格式，请加 --format csv 或 --format xlsx\n")
        return 2
    if args.start and args.end and args.start > args.end:
        sys.stderr.write(f"govreg export filing：起始日期 {args.start} 晚于截止日期 {args.end}\n")
        return 2
    repo = load_repository(root, kinds=("unit", "account"))  # the filing needs no content
    try:
        columns = load_columns(repo.root)
    except ColumnsError as exc:
        sys.stderr.write(f"govreg export filing：{exc}\n")
        return 2
    today = today_default()
    sheets = filing_rows(Context(repo, today), args.start, args.end)
    if fmt == "csv":
        data = to_csv(sheets, columns)
    else:
        created = dt.datetime.combine(today, dt.time(), CHINA).replace(tzinfo=None)
        data = to_xlsx(sheets, columns, title="政务新媒体备案信息", created=created)
    write_bytes(data, args.output)
    rows = sum(len(s.rows) for s in sheets)
    period = f"（{args.start or '最早'} 至 {args.end or '最新'}）" if args.start or args.end else ""
    note = "CSV 为带 BOM 的 UTF-8 编码，Excel 可直接打开，中文不会乱码。" if fmt == "csv" else "每个主办单位一个工作表。"
    sys.stderr.write(f"已导出 {args.output}：{len(sheets)} 个单位、{rows} 个备案事项{period}。{note}\n")
    return 0
