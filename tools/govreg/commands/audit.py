"""``govreg audit``: the change history of records, with PR numbers and the 审查表 as it stood."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..audit import render_json, render_text, run_audit
from ..findings import Severity
from ..gate.verify import verify
from ..textsafety import visible
from ._output import repository_root

NAME = "audit"
HELP = "审计记录的修改历史：每次修改的提交、时间、作者、PR 编号和当时的审查表"
DESCRIPTION = (
    "从 git 历史列出记录（或全部记录）的每一次修改：提交、日期、作者、合并信息中的 PR 编号，"
    "以及信息文件当时的审查表（review、escalation、emergency_approval、pre_review）和勘误记录（corrections），"
    "用于回答“谁在什么时候批准了这条信息”。可用 --reviews-dir 补充存档的 PR 审核记录。"
    "退出码：0 正常，1 有记录找不到或无法读取历史，2 用法错误，3 内部错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH", help="记录文件或目录（相对仓库根目录）；不给出则审计全部记录")
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")
    parser.add_argument("--format", "-f", choices=("text", "json"), default="text", help="输出格式")
    parser.add_argument("--output", "-o", help="把结果写入文件")
    parser.add_argument("--reviews-dir", type=Path, help="存档的 PR 审核记录目录（<PR 编号>.json，见 govreg gate --save-reviews）")
    parser.add_argument("--rev", default="HEAD", help="审计到哪个提交为止（默认 HEAD）")
    parser.add_argument(
        "--verify", action="store_true",
        help="端到端核对：签核账本未被改动；账本起始提交之后每次合并的记录修改都有签核，三审齐全、按顺序、早于发布时间，签核人在基准提交的名册中有相应角色",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    if args.reviews_dir is not None and not args.reviews_dir.is_dir():
        sys.stderr.write(f"govreg：找不到审核记录目录 {args.reviews_dir}\n")
        return 2
    if args.rev.startswith("-"):
        sys.stderr.write(f"govreg：无效的提交 {args.rev}\n")
        return 2
    if args.verify:
        return _verify(root, args)
    report = run_audit(root, args.paths or None, reviews_dir=args.reviews_dir, rev=args.rev)
    out = render_json(report) if args.format == "json" else render_text(report)
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(visible(out))  # names, logins, commit messages: never raw control characters
    return 1 if any(f.severity is Severity.error for f in report.findings) else 0


def _verify(root: Path, args: argparse.Namespace) -> int:
    result = verify(root, args.rev)
    if args.format == "json":
        payload = {"clean": result.clean, "entries": result.entries, "commits": result.commits_checked, "findings": [f.to_json() for f in result.findings]}
        out = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = []
        for f in result.findings:
            where = f.path + (f":{f.line}" if f.line else "") if f.path else "（仓库）"
            article = f"〔{f.article}〕" if f.article else ""
            lines += [f"{where}  {f.severity.label}  {f.message}{article}  {f.code}", f"    → {f.hint}"]
        verdict = "核对通过" if result.clean else f"发现 {len(result.findings)} 个问题"
        lines.append(f"签核账本 {result.entries} 条，核对了 {result.commits_checked} 次合并的记录修改：{verdict}。")
        out = "\n".join(lines) + "\n"
    if args.output:
        Path(args.output).write_text(out, encoding="utf-8")
    else:
        sys.stdout.write(visible(out))
    return 0 if result.clean else 1
