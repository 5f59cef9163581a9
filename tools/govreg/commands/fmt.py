"""``govreg fmt``: put records in canonical key order and layout, keeping every comment."""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from ..authoring.errors import UserError
from ..authoring.files import DATA_FOLDERS, atomic_write, read_record_text, relative, repository_root
from ..authoring.yamlfmt import FormatError, format_record, kind_of_path

NAME = "fmt"
HELP = "整理记录文件的格式：字段顺序、2 空格缩进（保留全部注释）；--check 只检查"
DESCRIPTION = (
    "把 units/、sites/、accounts/、content/ 中的记录整理为统一格式：字段按数据模型的顺序排列，2 个空格缩进，"
    "注释随其下方的字段一起保留；Markdown 信息文件只整理开头的元数据，正文不变。"
    "不给路径时整理整个仓库。退出码：0 无需整理（或已整理），1 --check 发现需要整理的文件或有文件无法整理，2 用法错误。"
)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="路径", help="要整理的文件或目录（默认整个仓库的记录文件）")
    parser.add_argument("--check", action="store_true", help="只检查不修改；有需要整理的文件时退出码为 1")
    parser.add_argument("--diff", action="store_true", help="显示整理前后的差异")
    parser.add_argument("--root", default=".", help="仓库根目录（默认当前目录）")
    parser.add_argument("--quiet", "-q", action="store_true", help="只输出需要整理或无法整理的文件")


def _walk(base: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def _targets(root: Path, paths: list[str]) -> tuple[list[tuple[Path, str, str]], list[str]]:
    """(file, relative path, kind) of every record to format, and the paths given that are not records."""
    found: dict[str, tuple[Path, str, str]] = {}
    skipped: list[str] = []
    given = [Path(p) for p in paths] or [root / folder for folder in DATA_FOLDERS]
    for target in given:
        if not paths and not target.is_dir():
            continue
        if not target.exists():
            raise UserError(f"找不到 {target}", "请检查路径的拼写；路径相对于当前目录。")
        files = _walk(target) if target.is_dir() else iter([target])
        for file in files:
            rel = relative(root, file)
            kind = kind_of_path(rel)
            if kind is None:
                if not target.is_dir():
                    skipped.append(rel)
                continue
            found.setdefault(rel, (file, rel, kind))
    return sorted(found.values(), key=lambda t: t[1]), skipped


def run(args: argparse.Namespace) -> int:
    try:
        root = repository_root(Path(args.root))
        targets, skipped = _targets(root, args.paths)
    except UserError as error:
        sys.stderr.write(error.render())
        return error.status
    out = sys.stdout
    for rel in skipped:
        sys.stderr.write(f"跳过 {rel}：不是记录文件（只整理 units/、sites/、accounts/ 中的 .yaml 和 content/ 中的 .md）。\n")
    changed: list[str] = []
    failed = 0
    for file, rel, kind in targets:
        try:
            text = read_record_text(file, rel)
            formatted = format_record(text, kind, rel)
        except UserError as error:
            failed += 1
            sys.stderr.write(error.render())
            continue
        except FormatError as error:
            failed += 1
            where = ":".join(str(x) for x in (rel, error.line, error.column) if x is not None)
            sys.stderr.write(f"govreg：无法整理 {where}：{error.message}\n  → 请先运行 govreg check，按提示改正这个文件的语法错误，再运行 govreg fmt。\n")
            continue
        raw_changed = formatted != text or file.read_bytes().startswith(b"\xef\xbb\xbf")
        if not raw_changed:
            continue
        changed.append(rel)
        if args.diff:
            out.writelines(difflib.unified_diff(text.splitlines(keepends=True), formatted.splitlines(keepends=True), f"a/{rel}", f"b/{rel}"))
        if args.check:
            out.write(f"需要整理：{rel}\n")
        else:
            atomic_write(file, formatted)
            out.write(f"已整理：{rel}\n")
    total = len(targets)
    if args.check:
        if changed:
            out.write(f"{len(changed)} 个文件需要整理（共检查 {total} 个）。运行 govreg fmt 自动整理（保留全部注释），然后提交。\n")
        elif not args.quiet:
            out.write(f"{total} 个记录文件格式都已规范。\n")
    elif not args.quiet or changed:
        out.write(f"整理了 {len(changed)} 个文件，其余 {total - len(changed) - failed} 个已是规范格式。\n")
    if failed:
        sys.stderr.write(f"{failed} 个文件无法整理，见上面的说明。\n")
    return 1 if failed or (args.check and changed) else 0
