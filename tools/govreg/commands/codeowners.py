"""``govreg codeowners``: generate (or check) CODEOWNERS from the units' rosters."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from ..codeowners import DEFAULT_PATHS, render
from ..repository import load_repository
from ._output import add_root, repository_root

NAME = "codeowners"
HELP = "根据名册生成 .github/CODEOWNERS（--check 检查是否过期）"
DESCRIPTION = (
    "根据 units/ 中的名册生成 CODEOWNERS：各单位的账号、网站和信息由该单位的审核人员负责审核，"
    "名册、模式、配置、工作流和工具由政务公开办的审核人负责。--check 只检查已提交的文件是否与名册一致。"
    "退出码：0 正常（或文件是最新的），1 文件已过期，2 用法错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--flavour", choices=sorted(DEFAULT_PATHS), default="github", help="格式：github（默认）或 gitea（Gitea/Forgejo 的正则格式）")
    parser.add_argument("--output", "-o", help="输出文件（默认 github 为 .github/CODEOWNERS，gitea 为 .gitea/CODEOWNERS；- 表示屏幕）")
    parser.add_argument("--check", action="store_true", help="不写文件，只检查现有文件是否是最新的")


def run(args: argparse.Namespace) -> int:
    root = repository_root(args)
    if root is None:
        return 2
    text = render(load_repository(root), args.flavour)
    if args.output == "-":
        sys.stdout.write(text)
        return 0
    target = Path(args.output) if args.output else root / DEFAULT_PATHS[args.flavour]
    if args.check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current == text:
            sys.stdout.write(f"{target} 是最新的。\n")
            return 0
        diff = difflib.unified_diff(current.splitlines(), text.splitlines(), str(target), "名册生成的结果", lineterm="", n=1)
        sys.stdout.write("\n".join(list(diff)[:60]) + "\n")
        sys.stdout.write(f"{target} 与名册不一致（已过期）：请运行 govreg codeowners 重新生成，并与名册变更一起提交。\n")
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    sys.stdout.write(f"已写入 {target}。\n")
    return 0
