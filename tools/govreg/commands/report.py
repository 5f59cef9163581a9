"""``govreg report annual --year Y``: the annual work report （工作年度报表）, XLSX and printable HTML."""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..engine import CHINA, Context, today_default
from ..models_supervision import ReportKind
from ..repository import load_repository
from ..supervision.annual import annual_report
from ..supervision.assess import assessment_day
from ..supervision.render_annual import FORMATS, to_html, to_json, to_xlsx
from ..supervision_settings import SettingsError
from ._keeping import archive_report
from ._output import add_root, repository_root, write_bytes, write_output

NAME = "report"
HELP = "年度报表：政府网站和政务新媒体工作年度报表（XLSX 和可打印的 HTML）"
DESCRIPTION = (
    "按国办发〔2017〕47号、国办发〔2018〕123号公开的年度报表格式，统计网站和账号的信息发布、留言办理、"
    "检查与整改、安全事件、舆情回应；登记库没有的数据（访问量、关注量）留空并注明。"
    "--archive 把 HTML、XLSX 和 JSON 存档到 reports/annual/，作为记录经拉取请求合并。退出码：0 完成，2 用法或配置错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("which", choices=("annual",), help="报表种类：annual 年度报表")
    add_root(parser)
    parser.add_argument("--year", type=int, required=True, help="年度，如 2026")
    parser.add_argument("--format", "-f", choices=FORMATS, default="html", help="输出格式（默认 html；xlsx 须用 --output 写入文件）")
    parser.add_argument("--output", "-o", help="写入文件（默认输出到屏幕）")
    parser.add_argument("--archive", action="store_true", help="存档到 reports/annual/(HTML、XLSX、JSON 和记录文件）")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    if args.format == "xlsx" and not args.output and not args.archive:
        sys.stderr.write("govreg report：XLSX 是二进制文件，请用 --output 文件名.xlsx 写入文件\n")
        return 2
    repo = load_repository(root)
    try:
        day = assessment_day(args.year, today_default())
        report = annual_report(Context(repo, day), args.year)
    except (SettingsError, ValueError) as exc:
        sys.stderr.write(f"govreg report：{exc}\n")
        return 2
    now = dt.datetime.now(CHINA).replace(microsecond=0)
    if args.format == "xlsx":
        if args.output:
            write_bytes(to_xlsx(report, created=now.replace(tzinfo=None)), args.output)
    elif args.output or not args.archive:
        write_output(to_html(report) if args.format == "html" else to_json(report), args.output)
    if args.archive:
        files = {
            ".html": to_html(report).encode("utf-8"),
            ".xlsx": to_xlsx(report, created=now.replace(tzinfo=None)),
            ".json": to_json(report).encode("utf-8"),
        }
        summary = {label: int(v) for _, label, v in report.summary if isinstance(v, int)}
        written = archive_report(root, ReportKind.annual, str(args.year), report.title, day, files, summary)
        sys.stderr.write(f"已存档：{'、'.join(written)}。请提交拉取请求合并。\n")
    if args.output:
        sys.stderr.write(f"已写入 {args.output}：{report.title}。\n")
    return 0
