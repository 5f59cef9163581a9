"""Topics that need the 铸牢中华民族共同体意识主线 pre-review (第十二条): a word list as data, matched in one pass.

Pure: :class:`TopicMatcher` is built once per check from
``config/pre-review-topics.yaml`` (or the packaged default).  The rules and the
sign-off gate ask the same question through :func:`needs_pre_review`, so the
two never disagree about which items need the step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from .models import ContentItem

FILE = "pre-review-topics"


class TopicList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    terms: list[str] = Field(default_factory=list, description="触发前置审核的词语（涉及民族、宗教事务）")
    ignore: list[str] = Field(default_factory=list, description="含有上述词语、但不属于民族宗教事务的固定说法")


@dataclass(frozen=True, slots=True)
class TopicHit:
    part: str  # "title" | "summary" | "body"
    start: int  # offset in that part
    term: str


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted({w for w in words if w}, key=len, reverse=True)))


class TopicMatcher:
    def __init__(self, topics: TopicList) -> None:
        terms = _alternation(topics.terms)
        ignore = _alternation(topics.ignore)
        self.terms: re.Pattern[str] | None = re.compile(terms) if terms else None
        self.ignore: re.Pattern[str] | None = re.compile(ignore) if ignore else None
        # blanking the ignored phrases (with NULs) can only hide a term, never make one, unless a term holds a NUL
        self._blank_first = any("\0" in t for t in topics.terms)

    def first(self, text: str) -> tuple[int, str] | None:
        """The first term in ``text`` outside the ignored phrases: (offset, term)."""
        if self.terms is None or not text:
            return None
        m = self.terms.search(text)
        if self.ignore is None or (m is None and not self._blank_first):  # a text without any term: one pass
            return (m.start(), m.group()) if m else None
        blanked = self.ignore.sub(lambda hit: "\0" * len(hit.group()), text)
        m = self.terms.search(blanked)
        return (m.start(), m.group()) if m else None

    def hit(self, item: ContentItem, body: str) -> TopicHit | None:
        """Where ``item`` first touches a listed topic: title, then summary, then body."""
        for part, text in (("title", item.title), ("summary", item.summary or ""), ("body", body)):
            found = self.first(text)
            if found is not None:
                return TopicHit(part, found[0], found[1])
        return None


def needs_pre_review(item: ContentItem, body: str, matcher: TopicMatcher) -> tuple[bool, TopicHit | None]:
    """(whether the item needs the pre-review, the topic hit that makes it so, if any)."""
    hit = matcher.hit(item, body)
    return item.ethnic or hit is not None, hit
