"""The proofreading dictionary: common wrong words of government writing, with context conditions.

Pure: :class:`Dictionary` is built once from ``config/proofreading.yaml`` (or the
packaged default) and finds every wrong word in a text with one regex pass.
An entry may require what follows (``after``: ``截止`` is wrong only before a
date) or exclude contexts (``not_after`` / ``not_before``: ``按装修面积`` is
``按`` + ``装修``, not a typo for ``安装``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, field_validator


def _compiles(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"不是有效的正则表达式:{exc}") from exc
    return value


class WordEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    wrong: str = Field(min_length=1, description="错误写法")
    right: str = Field(min_length=1, description="正确写法")
    after: str | None = Field(default=None, description="正则:后文须匹配才算错")
    not_after: str | None = Field(default=None, description="正则:后文匹配则不算错")
    not_before: str | None = Field(default=None, description="正则:前文匹配则不算错")
    note: str | None = None

    @field_validator("after", "not_after", "not_before")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        return _compiles(value)


class ProofreadingList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    words: list[WordEntry] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WordHit:
    start: int
    end: int
    wrong: str
    right: str
    note: str | None


@dataclass(frozen=True, slots=True)
class _Compiled:
    entry: WordEntry
    after: re.Pattern[str] | None
    not_after: re.Pattern[str] | None
    not_before: re.Pattern[str] | None


class Dictionary:
    """All entries compiled into one alternation (longest first) plus per-entry conditions."""

    def __init__(self, entries: list[WordEntry]) -> None:
        self.by_word: dict[str, list[_Compiled]] = {}
        for entry in entries:
            self.by_word.setdefault(entry.wrong, []).append(
                _Compiled(
                    entry,
                    re.compile(entry.after) if entry.after else None,
                    re.compile(entry.not_after) if entry.not_after else None,
                    re.compile(f"(?:{entry.not_before})$") if entry.not_before else None,
                )
            )
        words = sorted(self.by_word, key=len, reverse=True)
        self.pattern: re.Pattern[str] | None = re.compile("|".join(map(re.escape, words))) if words else None

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[WordHit]:
        """Every wrong word in ``text[start:end]`` whose conditions hold (context is read from the same line)."""
        if self.pattern is None:
            return
        stop = len(text) if end is None else end
        for m in self.pattern.finditer(text, start, stop):
            line_end = text.find("\n", m.end())
            line_end = len(text) if line_end < 0 else line_end
            line_start = text.rfind("\n", 0, m.start()) + 1
            for c in self.by_word[m.group()]:
                if c.after is not None and not c.after.match(text, m.end(), line_end):
                    continue
                if c.not_after is not None and c.not_after.match(text, m.end(), line_end):
                    continue
                if c.not_before is not None and c.not_before.search(text, line_start, m.start()):
                    continue
                yield WordHit(m.start(), m.end(), c.entry.wrong, c.entry.right, c.entry.note)
                break
