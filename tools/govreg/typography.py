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


def prefilter_pattern(settings: TypographySettings) -> re.Pattern[str]:
    """Any character :func:`candidate_pattern` needs (ASCII letters, ``,.:;!?``, spaces, full-width
    letters and digits); one C-level scan that rules out most Chinese paragraphs at once."""
    digits = "0-9" if settings.space_between_cjk_and_digits else ""
    return re.compile(f"[,.:;!?A-Za-z \t{digits}{_FULLWIDTH_ALNUM}]")


def next_candidate(pattern: re.Pattern[str], quick: re.Pattern[str], text: str, pos: int) -> re.Match[str] | None:
    """``pattern.search(text, pos)`` for the patterns above, skipping plain Chinese text first.

    Every candidate holds a character of the prefilter as its first or second character, so none
    starts before the character just before the prefilter's next hit: one C-level pass over the
    characters between (the candidate pattern has no cheap first character to skip to).
    """
    q = quick.search(text, pos)
    return None if q is None else pattern.search(text, max(pos, q.start() - 1))


@dataclass(frozen=True, slots=True)
class TypoFix:
    index: int  # which of the given lines
    offset: int  # first changed character in that line
    old: str  # excerpt as written
    new: str  # excerpt as suggested
    line_new: str  # the whole line (or the part AutoCorrect looked at) as suggested
    count: int = 1  # changes in the line


_CJK_RE = re.compile(f"[{CJK}]")

Edit = tuple[int, int, int, int]  # old[i1:i2] became new[j1:j2]


def _edits(old: str, new: str) -> list[Edit]:
    """An edit script from ``old`` to ``new`` in one linear pass.

    AutoCorrect's changes are local — spaces inserted or removed, one punctuation mark
    replaced by another — so a greedy walk finds them; unlike :mod:`difflib` it costs
    microseconds per line.  The script is always correct (equal runs are equal), if
    not always minimal.
    """
    edits: list[Edit] = []
    i = j = 0
    n, m = len(old), len(new)
    while i < n and j < m:
        if old[i] == new[j]:
            i += 1
            j += 1
        elif new[j].isspace() and j + 1 < m and new[j + 1] == old[i]:
            edits.append((i, i, j, j + 1))
            j += 1
        elif old[i].isspace() and i + 1 < n and old[i + 1] == new[j]:
            edits.append((i, i + 1, j, j))
            i += 1
        else:
            edits.append((i, i + 1, j, j + 1))
            i += 1
            j += 1
    if i < n or j < m:
        edits.append((i, n, j, m))
    merged: list[Edit] = []
    for edit in edits:
        if merged and merged[-1][1] == edit[0] and merged[-1][3] == edit[2]:
            last = merged[-1]
            merged[-1] = (last[0], edit[1], last[2], edit[3])
        else:
            merged.append(edit)
    return merged


def _apply(old: str, new: str, edits: list[Edit]) -> str:
    out: list[str] = []
    pos = 0
    for i1, i2, j1, j2 in edits:
        out.append(old[pos:i1])
        out.append(new[j1:j2])
        pos = i2
    out.append(old[pos:])
    return "".join(out)


def _digit_space(old: str, edit: Edit, new: str) -> bool:
    """An inserted space between a Chinese character and a digit."""
    i1, i2, j1, j2 = edit
    if i1 != i2 or not new[j1:j2].isspace():
        return False
    before = old[i1 - 1] if i1 > 0 else " "
    after = old[i1] if i1 < len(old) else " "
    return (before.isdigit() and _CJK_RE.match(after) is not None) or (after.isdigit() and _CJK_RE.match(before) is not None)


def _excerpt(old: str, new: str, edits: list[Edit], context: int = 4) -> tuple[int, str, str]:
    """The first change with a little context: its offset in ``old``, the excerpt as written and as
    suggested (every change inside the excerpt applied)."""
    first = edits[0][0]
    lo = max(first - context, 0)
    hi = min(edits[0][1] + context, len(old))
    inside = []
    for edit in edits:
        if edit[0] < hi:
            inside.append(edit)
            hi = max(hi, edit[1])  # do not cut a change in two
    shifted = [(i1 - lo, i2 - lo, j1, j2) for i1, i2, j1, j2 in inside]
    return first, old[lo:hi], _apply(old[lo:hi], new, shifted)


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
        edits = _edits(old_line, new_line)
        if not settings.space_between_cjk_and_digits:
            edits = [e for e in edits if not _digit_space(old_line, e, new_line)]
        if not edits:
            continue
        suggested = _apply(old_line, new_line, edits)
        offset, old, new = _excerpt(old_line, new_line, edits)
        fixes.append(TypoFix(index, int(item.col) - 1 + offset, old, new, suggested, len(edits)))
    return fixes
