"""What the commands share (not a subcommand): the repository argument, date arguments, writing output."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..textsafety import visible


def write_output(text: str, output: str | None) -> None:
    """``text`` to the file ``output`` as is, or to standard output with control, bidi and zero-width
    characters written as escapes (data reaches every report; a terminal must not interpret it)."""
    if not output:
        sys.stdout.write(visible(text))
        return
    write_bytes(text.encode("utf-8"), output)


def write_bytes(data: bytes, output: str) -> None:
    target = Path(output)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def date_arg(text: str) -> dt.date:
    """argparse type for a YYYY-MM-DD date, with a Chinese message."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期「{text}」应写成 YYYY-MM-DD，例如 2026-11-26") from None


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("root", nargs="?", default=".", help="仓库根目录（默认当前目录）")


def repository_root(args: argparse.Namespace) -> Path | None:
    """The repository folder given on the command line, or None after telling the user what to do."""
    root = Path(args.root)
    if root.is_dir():
        return root
    sys.stderr.write(f"govreg：找不到目录 {root}；请在仓库根目录运行，或给出仓库路径。\n")
    return None
