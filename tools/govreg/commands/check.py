"""``govreg check``: validate the repository and run every rule."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from ..engine import RULE_CRASHED, run_check
from ..report import FORMATS, render

NAME = "check"
HELP = "检查整个仓库:格式、引用、各项规则"
DESCRIPTION = "检查整个仓库的记录文件是否符合《吴忠市政府网站和政务新媒体管理办法》的要求。退出码:0 通过,1 有错误,2 用法错误,3 内部错误。"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("root", nargs="?", default=".", help="仓库根目录(默认当前目录)")
    parser.add_argument("--format", "-f", choices=FORMATS, default=None, help="输出格式;在 GitHub/Gitea Actions 中默认 github")
    parser.add_argument("--output", "-o", help="把结果写入文件(默认输出到屏幕)")
    parser.add_argument("--today", type=dt.date.fromisoformat, help="按指定日期检查(YYYY-MM-DD),用于复查")
    parser.add_argument("--rules", help="只运行这些规则模块(逗号分隔)")
    parser.add_argument("--no-color", action="store_true", help="不使用颜色")


def run(args: argparse.Namespace) -> int:
    root = Path(args.root)
    if not root.is_dir():
        sys.stderr.write(f"govreg:找不到目录 {root};请在仓库根目录运行,或给出仓库路径。\n")
        return 2
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    wanted = {r.strip() for r in args.rules.split(",")} if args.rules else None
    report = run_check(root, today=args.today, select=(lambda name: name in wanted) if wanted else None)
    colour = fmt == "text" and not args.no_color and not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    out = render(report, fmt, colour=colour)
    if args.output:
        target = Path(args.output)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(out, encoding="utf-8")
        tmp.replace(target)
    else:
        sys.stdout.write(out)
    if fmt == "github" and not args.output:
        sys.stdout.write(render(report, "text"))
    if any(f.code == RULE_CRASHED.code for f in report.findings):
        return 3  # a rule itself failed: the other findings are printed, but the run is not a verdict
    return 0 if report.valid else 1
