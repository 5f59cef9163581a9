"""``govreg mask``: mask personal information in content files (第十一条“隐私信息要遮掩”).

Dry run by default: prints, for every ID number, mobile number and bank card
number found, the file, line and column and the line before and after.  With
``--write`` each file is rewritten atomically (a temporary file in the same
folder, then rename), changing only the matched characters: the byte order
mark, line endings, the encoding and everything else stay as they were.
Detection and the mask format are those of the ``content_pii`` rule
(:mod:`govreg.pii`, ``pii:`` in config/govreg.yaml).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .. import filepolicy
from ..config import load_config
from ..datalists import load_data_list
from ..loader import MAX_BYTES
from ..pii import KIND_NAMES, LineIndex, PiiAllowList, PiiMatch, PiiSettings, find_pii, mask_text
from ..textsafety import visible

NAME = "mask"
HELP = "遮掩信息文件中的身份证号、手机号、银行卡号（默认只预览）"
DESCRIPTION = (
    "查找信息文件（.md）中未遮掩的身份证号、手机号、银行卡号，预览遮掩结果；加 --write 直接改写文件，"
    "只改这些号码，文件其他内容不变。遮掩格式见 config/govreg.yaml 的 pii 设置。"
    "退出码：0 没有需要遮掩的内容或已改写，1 预览中发现需要遮掩的内容，2 用法错误（如路径不存在）。"
)

SUFFIXES = (".md", ".markdown", ".txt")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="信息文件或目录（目录中查找 .md 文件）")
    parser.add_argument("--write", action="store_true", help="直接改写文件（默认只预览，不修改）")
    parser.add_argument("--root", default=None, help="仓库根目录，用于读取 config/govreg.yaml 的 pii 设置（默认从路径向上查找）")


def _files(path: Path) -> Iterator[Path]:
    """Files to mask; links, devices and FIFOs are yielded too, so :func:`_read` can refuse them by name."""
    if path.is_dir() and not path.is_symlink():
        for rel, _kind in filepolicy.walk(path, "", skip=frozenset()):
            if rel.lower().endswith(SUFFIXES):
                yield path / rel
    else:
        yield path


def _find_root(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        if (folder / "config" / "govreg.yaml").is_file():
            return folder
    return None


def _settings(root: Path | None) -> tuple[PiiSettings, str | None]:
    if root is None:
        return PiiSettings(), None
    config, _ = load_config(root)
    raw = (config.model_extra or {}).get("pii")
    if raw is None:
        return PiiSettings(), None
    try:
        return PiiSettings.model_validate(raw), None
    except ValueError as exc:
        return PiiSettings(), f"config/govreg.yaml 中的 pii 设置无效，使用默认格式：{exc}"


def _read(path: Path) -> tuple[bytes, str | None, str | None]:
    """(BOM bytes, text, problem)."""
    try:
        raw = filepolicy.read_capped(path, MAX_BYTES)  # never follows a link, never hangs on a FIFO
    except filepolicy.NotRegular as exc:
        return b"", None, f"是{filepolicy.KIND_NAMES.get(exc.kind, '特殊文件')}，未处理（请直接处理它指向的文件；登记库中不应有符号链接）"
    except filepolicy.TooLarge as exc:
        return b"", None, f"文件大小 {exc.size} 字节，超过上限 {MAX_BYTES} 字节，未处理"
    except OSError as exc:
        return b"", None, f"无法读取：{exc.strerror}"
    bom = b"\xef\xbb\xbf" if raw.startswith(b"\xef\xbb\xbf") else b""
    try:
        return bom, raw[len(bom) :].decode("utf-8"), None
    except UnicodeDecodeError:
        return bom, None, "不是 UTF-8 编码，未处理（请先另存为 UTF-8）"


def _write_atomically(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _preview(out: list[str], shown: str, text: str, matches: list[PiiMatch]) -> None:
    index = LineIndex(text)
    by_line: dict[int, list[PiiMatch]] = {}
    for match in matches:
        line, column = index.position(match.start)
        by_line.setdefault(line, []).append(match)
        out.append(f"{shown}:{line}:{column}: {KIND_NAMES[match.kind]} → {match.masked}\n")
    for line, found in sorted(by_line.items()):
        start, end = index.line_span(line, text)
        old = text[start:end].rstrip("\r")
        new = mask_text(old, [replace(m, start=m.start - start, end=m.end - start) for m in found])
        out.append(f"  {line:>5} - {old}\n  {line:>5} + {new}\n")


def run(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.paths]
    missing = [p for p in paths if not p.exists()]
    if missing:
        sys.stderr.write("govreg：找不到 " + "、".join(str(p) for p in missing) + "\n")
        return 2
    root = Path(args.root) if args.root else _find_root(paths[0].resolve() if paths[0].is_dir() else paths[0].resolve().parent)
    settings, warning = _settings(root)
    allowed = load_data_list(root, "pii-allowlist", PiiAllowList).value.digits() if root is not None else frozenset()
    if warning:
        sys.stderr.write(f"govreg：{warning}\n")
    out: list[str] = []
    found_files = 0
    found = 0
    problems = 0
    for base in paths:
        for path in _files(base):
            bom, text, problem = _read(path)
            if text is None:
                out.append(f"{path}: {problem}\n")
                problems += 1
                continue
            matches = find_pii(text, settings, allowed)
            if not matches:
                continue
            found_files += 1
            found += len(matches)
            _preview(out, str(path), text, matches)
            if args.write:
                if not path.stat().st_mode & 0o222:
                    out.append(f"{path}：是只读文件，未改写（请先确认可以修改，去掉只读属性后再运行）\n")
                    problems += 1
                    found_files -= 1
                    found -= len(matches)
                    continue
                _write_atomically(path, bom + mask_text(text, matches).encode("utf-8"))
    if found == 0 and not problems:
        out.append("没有发现需要遮掩的身份证号、手机号、银行卡号。\n")
    elif args.write:
        out.append(f"已遮掩 {found} 处，改写了 {found_files} 个文件。\n")
    else:
        out.append(f"发现 {found} 处需要遮掩（涉及 {found_files} 个文件）；以上为预览，加 --write 改写文件。\n")
    sys.stdout.write(visible("".join(out)))  # the preview shows lines of the files: never raw control characters
    if problems and (args.write or not found):
        return 1  # something could not be masked: a link, a read-only file, a file that is not UTF-8
    return 1 if found and not args.write else 0
