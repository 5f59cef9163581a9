"""``govreg check``: validate the repository and run every rule."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace

from ..engine import RULE_CRASHED, Report, catalogue, rule_modules, run_check
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
    parser.add_argument(
        "--rules", help="只运行这些检查(逗号分隔):检查代码(如 account-duplicate-handle,见公开网站的“规则”页)或规则模块名(如 site_icp)"
    )
    parser.add_argument("--no-color", action="store_true", help="不使用颜色")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    fmt = args.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    selection = _selection(args.rules) if args.rules else None
    if isinstance(selection, str):
        sys.stderr.write(selection)
        return 2
    if selection is None:
        report = run_check(root, today=args.today)
    else:
        modules, codes, core_codes = selection
        report = _only(run_check(root, today=args.today, select=lambda name: name in modules), codes, core_codes)
    colour = fmt == "text" and not args.no_color and not args.output and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    out = render(report, fmt, colour=colour)
    if args.output:
        write_output(out, args.output)
    else:
        sys.stdout.write(out)  # render() already escapes the data; the colour codes are ours
    if fmt == "github" and not args.output:
        sys.stdout.write(render(report, "text"))
    if any(f.code == RULE_CRASHED.code for f in report.findings):
        return 3  # a rule itself failed: the other findings are printed, but the run is not a verdict
    return 0 if report.valid else 1


def _selection(text: str) -> tuple[set[str], set[str], set[str]] | str:
    """``--rules``: finding codes or rule module names → (modules to run, codes to keep, core codes asked for); or an error."""
    modules = {m.__name__.rsplit(".", 1)[-1]: m for m in rule_modules()}
    codes = catalogue()
    run: set[str] = set()
    keep: set[str] = set()
    core: set[str] = set()
    unknown = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        if item in modules:
            run.add(item)
            keep.update(rule.code for rule in modules[item].RULES)
        elif item in codes:
            where = codes[item][1].rsplit(".", 1)[-1]
            keep.add(item)
            if where in modules:
                run.add(where)
            else:
                core.add(item)
        else:
            unknown.append(item)
    if unknown or not keep:
        return (
            f"govreg check:没有这些检查代码或规则模块:{'、'.join(unknown) or text}。"
            "检查代码见公开网站的“规则”页(如 account-duplicate-handle),规则模块名如 site_icp。\n"
        )
    keep.add(RULE_CRASHED.code)
    return run, keep, core


def _only(report: Report, keep: set[str], core: set[str]) -> Report:
    """The selected codes; the core's findings (files that cannot be read …) unless core codes were selected."""
    module_codes = {rule.code for module in rule_modules() for rule in module.RULES}
    findings = [f for f in report.findings if f.code in keep or (not core and f.code not in module_codes and f.code != RULE_CRASHED.code)]
    stats = dict(report.stats)
    for level, key in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
        stats[key] = sum(1 for f in findings if f.severity.value == level)
    return replace(report, findings=findings, stats=stats)
