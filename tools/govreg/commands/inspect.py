"""``govreg inspect``: the daily patrol and the monthly inspection (第十八条、第二十条)."""

from __future__ import annotations

import argparse
import sys

from ..engine import Context, today_default
from ..repository import load_repository
from ..supervision.inspect import inspect, period
from ..supervision.render_inspection import FORMATS, render
from ..supervision.settings import InspectionSettings, SettingsError, load_section
from ._output import add_root, date_arg, repository_root, write_output

NAME = "inspect"
HELP = "日常巡检与月度检查：逐单位列出未更新账号、栏目、逾期备案、留言等（有单项否决时退出码为 1）"
DESCRIPTION = (
    "按单位列出:2 周未发布的账号（单项否决）、超过更新时限的栏目和空白栏目、逾期或即将到期的备案、"
    "公告情况、超过公开期限的信息、审核记录不完整或发布时间被修改的信息、未明确分管领导和工作人员的单位、"
    "逾期未答复的留言。更新时间取自内容记录及其 git 历史。"
    "退出码:0 没有单项否决，1 有单项否决，2 用法或配置错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", type=date_arg, help="检查日期（YYYY-MM-DD，默认今天）")
    when.add_argument("--month", help="检查月份（YYYY-MM）；按该月最后一天（未结束的月份按今天）检查")
    parser.add_argument("--format", "-f", choices=FORMATS, default="markdown", help="输出格式（默认 markdown）")
    parser.add_argument("--output", "-o", help="写入文件（默认输出到屏幕）")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    repo = load_repository(root)
    try:
        settings = load_section(repo.config, "inspection", InspectionSettings)
        today = args.date or today_default()
        _, day, _ = period(today, args.month, settings)
        inspection = inspect(Context(repo, day), month=args.month)
    except (SettingsError, ValueError) as exc:
        sys.stderr.write(f"govreg inspect:{exc}\n")
        return 2
    write_output(render(inspection, args.format), args.output)
    if args.output:
        sys.stderr.write(
            f"已写入 {args.output}:{inspection.title},"
            + (f"{inspection.vetoes} 项单项否决。\n" if inspection.has_veto else "没有单项否决。\n")
        )
    return 1 if inspection.has_veto else 0
