"""CJK typography with ``autocorrect-py``: which lines to ask it about, and what to keep of its answer.

AutoCorrect (Rust) knows the rules — full-width punctuation in Chinese
sentences, no spaces beside full-width punctuation, spaces between Chinese and
Latin words, half-width letters and digits.  This module only makes it cheap
and fits it to government writing:

- **Pre-filter.**  A cheap regex finds the lines where AutoCorrect could
  possibly change something (a Chinese character next to a Latin letter or a
  half-width ``,:;!?``, a space next to full-width punctuation, full-width
  letters or digits).  Only those lines are linted, all lines of an item in
  one call (separated by blank lines, so Markdown reads each one alone).
- **Digits.**  Official documents write ``2025年3月13日`` and ``第66次``
  without spaces (GB/T 15835 usage, and every State Council document); so by
  default a space AutoCorrect would insert between a Chinese character and a
  digit is dropped from the suggestion (``space_between_cjk_and_digits``).
- **Brackets.**  AutoCorrect would put spaces around half-width brackets next to
  Chinese (``县 (区)``); that is wrong for Chinese text, so ``space-bracket`` is off.

AutoCorrect's configuration is process-wide; :func:`configure` loads it only
when the settings change.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass

import autocorrect_py
from pydantic import BaseModel, ConfigDict, Field

from .textscan import CJK


class TypographySettings(BaseModel):
    """``typography:`` in config/govreg.yaml."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    space_between_cjk_and_latin: bool = Field(default=True, description="中文与英文单词之间加空格(使用 Python 开发)")
    space_between_cjk_and_digits: bool = Field(default=False, description="中文与阿拉伯数字之间加空格;公文惯例不加(2025年3月)")
    fullwidth_punctuation: bool = Field(default=True, description="中文句子中使用全角标点")
    rules: dict[str, int] = Field(default_factory=dict, description="直接传给 AutoCorrect 的规则开关(0 关闭,1 开启)")

    def autocorrect_config(self) -> str:
        rules: dict[str, int] = {
            "space-word": int(self.space_between_cjk_and_latin or self.space_between_cjk_and_digits),
            "space-bracket": 0,
            "space-dash": 0,
            "space-dollar": 0,
            "spellcheck": 0,
            "fullwidth": int(self.fullwidth_punctuation),
        }
        rules.update(self.rules)
        return json.dumps({"rules": rules}, sort_keys=True)


_loaded: list[str] = []


def configure(settings: TypographySettings) -> None:
    config = settings.autocorrect_config()
    if not _loaded or _loaded[-1] != config:
        autocorrect_py.load_config(config)  # type: ignore[attr-defined]  # missing from its stub
        _loaded[:] = [config]


_FULL_PUNCT = "\u3001\u3002\uff01\uff08\uff09\uff0c\uff1a\uff1b\uff1f\u300a\u300b\u201c\u201d\u3010\u3011"
_FULLWIDTH_ALNUM = "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"


def candidate_pattern(settings: TypographySettings) -> re.Pattern[str]:
    """Where AutoCorrect (as configured) might change something; a superset, cheap to search."""
    parts = [
        rf"[{_FULLWIDTH_ALNUM}]",
        rf"[ \t][{_FULL_PUNCT}]|[{_FULL_PUNCT}][ \t]+\S",
    ]
    if settings.fullwidth_punctuation:
        parts.append(rf"[{CJK}][,.:;!?](?:[^0-9A-Za-z]|$)")
    if settings.space_between_cjk_and_latin:
        parts.append(rf"[{CJK}][A-Za-z]|[A-Za-z][{CJK}]")
    if settings.space_between_cjk_and_digits:
        parts.append(rf"[{CJK}][0-9]|[0-9][{CJK}]")
    return re.compile("|".join(parts), re.M)


@dataclass(frozen=True, slots=True)
class TypoFix:
    index: int  # which of the given lines
    offset: int  # first changed character in that line
    old: str  # excerpt as written
    new: str  # excerpt as suggested
    line_new: str  # the whole line (or the part AutoCorrect looked at) as suggested
    count: int = 1  # changes in the line


_CJK_RE = re.compile(f"[{CJK}]")


def _drop_digit_spaces(old: str, new: str) -> str:
    """``new`` without the spaces AutoCorrect inserted between a Chinese character and a digit."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    out: list[str] = []
    for tag, i1, _i2, j1, j2 in matcher.get_opcodes():
        piece = new[j1:j2]
        if tag == "insert" and piece.strip() == "":
            before = old[i1 - 1] if i1 > 0 else ""
            after = old[i1] if i1 < len(old) else ""
            pair = (before, after)
            if (pair[0].isdigit() and _CJK_RE.match(pair[1] or " ")) or (pair[1].isdigit() and _CJK_RE.match(pair[0] or " ")):
                continue
        out.append(piece)
    return "".join(out)


def _excerpt(old: str, new: str, context: int = 4) -> tuple[int, str, str, int]:
    """The first change with a little context: its offset in ``old``, the excerpt as written and as
    suggested (every change inside the excerpt applied), and how many changes the line has."""
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    changes = [op for op in ops if op[0] != "equal"]
    if not changes:
        return 0, old, new, 0
    first = changes[0][1]
    lo = max(first - context, 0)
    hi = min(changes[0][2] + context, len(old))
    for _tag, i1, i2, _j1, _j2 in changes:  # do not cut a change in two
        if i1 < hi < i2:
            hi = i2

    def mapped(pos: int, *, end: bool) -> int:
        for tag, i1, i2, j1, _j2 in ops:
            if tag == "equal" and i1 <= pos <= i2:
                return j1 + (pos - i1)
        for _tag, i1, i2, j1, j2 in ops:
            if i1 <= pos <= i2:
                return j2 if end else j1
        return len(new) if end else 0

    return first, old[lo:hi], new[mapped(lo, end=False) : mapped(hi, end=True)], len(changes)


def lint_lines(lines: list[str], settings: TypographySettings) -> list[TypoFix]:
    """AutoCorrect's suggestions for ``lines`` (Markdown), one per changed line, after the filters above."""
    if not lines:
        return []
    configure(settings)
    result = autocorrect_py.lint_for("\n\n".join(lines), "markdown")
    fixes: list[TypoFix] = []
    for item in result.lines:
        old_line, new_line = str(item.old), str(item.new)
        index = (int(item.line) - 1) // 2
        if index >= len(lines) or "\n" in old_line:
            continue
        if not settings.space_between_cjk_and_digits:
            new_line = _drop_digit_spaces(old_line, new_line)
        if new_line == old_line:
            continue
        column_in_line = int(item.col) - 1
        offset, old, new, count = _excerpt(old_line, new_line)
        fixes.append(TypoFix(index, column_in_line + offset, old, new, new_line, count))
    return fixes
