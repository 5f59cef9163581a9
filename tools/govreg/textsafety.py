"""Characters that make text lie about itself: control, bidirectional-override and zero-width characters.

A name with ``\\x1b[2K\\r\\x1b[32m…通过`` erases a log line and prints a fake "passed";
U+202E (RIGHT-TO-LEFT OVERRIDE) makes ``gpj.exe`` look like ``exe.jpg``; a zero-width
space makes two handles that look the same differ.  Records refuse them in every
text field (rule ``text-control-character``); outputs never print them raw
(:func:`visible`, :func:`json_safe`).  Tab and line feed are ordinary text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

# C0 except tab and line feed (carriage return too: it rewinds a terminal line), DEL, C1,
# zero-width and invisible formatting, bidi marks, embeddings, overrides and isolates, BOM
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

# C0/C1 controls have no Unicode name; these are the ones that fake a log line
_NAMES = {"\x00": "NULL", "\x08": "BACKSPACE", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x7f": "DELETE"}


def describe(ch: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE`` — the code point and its name, for messages."""
    name = _NAMES.get(ch) or unicodedata.name(ch, "")
    if not name:
        name = "C1 控制字符" if 0x80 <= ord(ch) <= 0x9F else "控制字符"
    kind = unicodedata.category(ch)
    what = "双向文字控制符" if unicodedata.bidirectional(ch) in {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"} else (
        "零宽或不可见字符" if kind == "Cf" else "控制字符"
    )
    return f"U+{ord(ch):04X} {name}（{what}）"


def unsafe_chars(text: str) -> Iterator[tuple[int, str]]:
    """(index, character) of every unsafe character in ``text``."""
    for m in UNSAFE.finditer(text):
        yield m.start(), m.group()


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with each unsafe character written as an escape (``\\x1b``, ``\\u202e``); with ``newlines``
    also ``\\n``, for one-line outputs."""
    def esc(m: re.Match[str]) -> str:
        code = ord(m.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    out = UNSAFE.sub(esc, text) if UNSAFE.search(text) else text
    return out.replace("\n", "\\n") if newlines else out


def json_safe(dumped: str) -> str:
    """JSON text (``ensure_ascii=False``) with the unsafe characters JSON leaves raw (C1, bidi, zero-width)
    written as ``\\uXXXX`` escapes: the same data once parsed, harmless when printed."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped) if UNSAFE.search(dumped) else dumped
