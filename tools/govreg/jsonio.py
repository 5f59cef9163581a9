"""A small capped JSON reader: every JSON input (review payloads, forge API pages, saved reviews) goes through it.

``json.loads`` recurses once per nesting level: a payload nested 100,000 deep
raises ``RecursionError`` (``govreg gate`` exited 3, an internal error), and a
huge payload is read whole.  :func:`loads` refuses, with a Chinese message,
input over ``max_bytes`` or nested deeper than ``max_depth`` *before* parsing;
the depth is counted in one linear pass over the brackets outside strings.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .filepolicy import read_capped, refusal

MAX_BYTES = 16 * 1024 * 1024  # a forge page of 100 reviews is well under 1 MiB
MAX_DEPTH = 64  # review payloads nest about 5 levels

# a string (an unterminated one runs to the end, so nothing is scanned twice) or a bracket
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.S)


class JsonRefused(ValueError):
    """The input is not JSON we accept: invalid, too large or too deep (``str()`` is a Chinese message)."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON ``text`` (brackets inside strings do not count)."""
    level = deepest = 0
    for m in _TOKEN.finditer(text):
        token = m.group()
        if token in ("[", "{"):
            level += 1
            deepest = max(deepest, level)
        elif token in ("]", "}"):
            level -= 1
    return deepest


def loads(data: str | bytes, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON ``data`` (bytes are UTF-8, a BOM is allowed), refusing what is too large or too deep."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    if size > max_bytes:
        raise JsonRefused(f"JSON 数据有 {size} 字节，超过上限 {max_bytes} 字节，未读取")
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonRefused(f"不是 UTF-8 编码的 JSON（第 {exc.start + 1} 个字节）") from None
    deepest = depth(data)
    if deepest > max_depth:
        raise JsonRefused(f"JSON 嵌套 {deepest} 层，超过上限 {max_depth} 层，未读取")
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise JsonRefused(f"不是有效的 JSON：{exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:  # pragma: no cover - the depth check comes first
        raise JsonRefused("JSON 嵌套过深，未读取") from None


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of a JSON file under the file policy (regular file, capped read); :class:`JsonRefused` otherwise."""
    try:
        raw = read_capped(path, max_bytes)
    except OSError as exc:
        raise JsonRefused(refusal(exc, max_bytes) + "，未读取") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise JsonRefused(f"不是 UTF-8 编码（第 {exc.start + 1} 个字节）") from None
