"""What the authoring commands share: running the checks for the files they wrote, and talking to the user."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ..authoring.errors import UserError
from ..authoring.prompts import Prompter
from ..engine import run_check
from ..findings import Finding, Severity


def add_common(parser: argparse.ArgumentParser, *, interactive: bool = True) -> None:
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")
    if interactive:
        parser.add_argument("--non-interactive", action="store_true", help="不提问：缺少的必填项直接报错（标准输入不是终端时自动如此）")
        parser.add_argument("--yes", "-y", action="store_true", help="不再确认，直接写入")
    parser.add_argument("--no-check", action="store_true", help="写入后不运行 govreg check")


def prompter_for(args: argparse.Namespace) -> Prompter | None:
    """A prompter when a person is at the terminal (and did not ask for none)."""
    if getattr(args, "non_interactive", False) or not sys.stdin.isatty():
        return None
    return Prompter()


def finding_lines(findings: Sequence[Finding]) -> list[str]:
    lines: list[str] = []
    for f in findings:
        where = f"{f.line}:{f.column or 1}" if f.line else "-"
        article = f"〔{f.article}〕" if f.article else ""
        lines.append(f"  {where.ljust(8)}{f.severity.label}  {f.message}{article}  {f.code}")
        if f.hint:
            lines.append(f"  {' ' * 8}→ {f.hint}")
    return lines


def check_files(root: Path, paths: Sequence[str]) -> tuple[int, str]:
    """Run ``govreg check`` on the repository and describe only the findings in ``paths``.

    Returns (exit status: 1 when those files have errors, the text to print).
    """
    report = run_check(root)
    wanted = set(paths)
    # a finding on another file that names one of ours (a conflict with it) is ours too
    mine = [f for f in report.findings if f.path in wanted or any(p in f.message for p in wanted)]
    others = sum(1 for f in report.findings if f not in mine and f.severity is Severity.error)
    lines = [f"运行 govreg check（只列出 {'、'.join(paths)} 的结果）："]
    errors = sum(1 for f in mine if f.severity is Severity.error)
    if mine:
        lines += finding_lines(mine)
    if errors:
        lines.append(f"✗ 有 {errors} 个错误：请按每条下面的 → 提示修改文件，再运行 govreg check 确认。")
    elif mine:
        lines.append("✓ 没有错误（提示和警告请酌情处理）。")
    else:
        lines.append("✓ 检查通过。")
    if others:
        lines.append(f"（仓库中其他文件另有 {others} 个错误；运行 govreg check 可查看全部。）")
    return (1 if errors else 0), "\n".join(lines) + "\n"


def fail(error: UserError) -> int:
    sys.stderr.write(error.render())
    return error.status
