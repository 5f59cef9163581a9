"""``govreg check``: validate the repository and run every rule."""

from __future__ import annotations

import argparse
import os
import sys

from ..engine import RULE_CRASHED, rule_modules, run_check
from ..report import FORMATS, render
from ._output import add_root, date_arg, repository_root, write_output

NAME = "check"
HELP = "检查整个仓库:格式、引用、各项规则"
DESCRIPTION = "检查整个仓库的记录文件是否符合管理办法(config/govreg.yaml 的 city.measures)的要求。退出码:0 通过,1 有错误,2 用法错误,3 内部错误。"


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, help="输出格式;在 GitHub/Gitea Actions 中默认 github")
    parser.add_argument("--output", "-o", help="把结果写入文件(默认输出到屏幕)")
    parser.add_argument("--today", type=date_arg, help="按指定日期检查(YYYY-MM-DD),用于复查")
    parser.add_argument("--rules", help="只运行这些规则模块(逗号分隔)")
    parser.add_argument("--no-color", action="store_true", help="不使用颜色")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    wanted = {r.strip() for r in args.rules.split(",")} if args.rules else None
    if wanted:
        known = {m.__name__.rsplit(".", 1)[-1] for m in rule_modules()}
        unknown = sorted(wanted - known)
        if unknown:
            sys.stderr.write(f"govreg check:没有这些规则模块:{'、'.join(unknown)}。可用的有:{'、'.join(sorted(known))}\n")
            return 2
    report = run_check(root, today=args.today, select=(lambda name: name in wanted) if wanted else None)
    colour = fmt == "text" and not args.no_color and not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    out = render(report, fmt, colour=colour)
    write_output(out, args.output)
    if fmt == "github" and not args.output:
        sys.stdout.write(render(report, "text"))
    if any(f.code == RULE_CRASHED.code for f in report.findings):
        return 3  # a rule itself failed: the other findings are printed, but the run is not a verdict
    return 0 if report.valid else 1
