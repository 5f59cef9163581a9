"""The sensitive and serious wording dictionary (第十一条、第十二条): categories as data, one regex pass per text.

Pure.  Two data files, each replaced wholesale by the repository's copy in ``config/``:

- ``wording.yaml``: categories (规范政治表述、地名、机构名称、民族宗教用语 …), each with an
  ``action`` — ``error`` (a wrong form, with its right form) or ``escalate`` (the item must
  have the Art. 12 escalation review) — and its terms;
- ``leaders.yaml``: the office's list of leaders with their current titles; a title written
  right before or after a leader's name that is not one of theirs is an error
  (“副市长马国强” when 马国强 is 市长).  The check is generated from this list.

The proofreading dictionary (``proofreading.yaml``, rule ``proofread-word``) is the
错别字 category of the same scheme, kept in its own file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

WORDING_FILE = "wording"
LEADERS_FILE = "leaders"


class Term(BaseModel):
    model_config = ConfigDict(extra="forbid")
    term: str = Field(min_length=1, description="原样匹配的写法")
    right: str | None = Field(default=None, description="正确写法（error 类必填）")
    note: str | None = None


class Category(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    name: str = Field(min_length=1, description="类别名称（中文）")
    action: Literal["error", "escalate"] = Field(description="error：须改正；escalate：须报请审核（第十二条）")
    words: list[Term] = Field(default_factory=list)

    @model_validator(mode="after")
    def _rights(self) -> Category:
        missing = [t.term for t in self.words if self.action == "error" and not t.right]
        if missing:
            raise ValueError(f"类别 {self.id} 的处理方式是 error，词条 {'、'.join(missing)} 须写明正确写法 right")
        return self


class WordingList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    categories: list[Category] = Field(default_factory=list)


class Leader(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=2)
    titles: list[str] = Field(min_length=1, description="现任职务")


class LeaderList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    titles: list[str] = Field(default_factory=list, description="可能出现在姓名前后的职务称谓")
    leaders: list[Leader] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WordingHit:
    start: int
    end: int
    text: str
    category: Category
    term: Term


@dataclass(frozen=True, slots=True)
class TitleHit:
    start: int  # where the wrong title begins
    end: int
    title: str
    leader: Leader


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted({w for w in words if w}, key=len, reverse=True)))


class WordingMatcher:
    def __init__(self, wording: WordingList, leaders: LeaderList) -> None:
        self.terms: dict[str, tuple[Category, Term]] = {}
        for category in wording.categories:
            for term in category.words:
                self.terms.setdefault(term.term, (category, term))
        words = _alternation(list(self.terms))
        self.pattern: re.Pattern[str] | None = re.compile(words) if words else None
        self.leaders = {leader.name: leader for leader in leaders.leaders}
        titles = set(leaders.titles) | {t for leader in leaders.leaders for t in leader.titles}
        self.titles = sorted(titles, key=len, reverse=True)
        names = _alternation(list(self.leaders))
        self.names: re.Pattern[str] | None = re.compile(names) if names else None
        # every term and every name: one pass finds where the first of either is (most texts have none)
        either = _alternation([*self.terms, *self.leaders])
        self.either: re.Pattern[str] | None = re.compile(either) if either else None

    def first(self, text: str) -> int | None:
        """Where the first term or leader's name in ``text`` begins: :meth:`find` and :meth:`wrong_titles`
        find nothing before it (``None``: nothing anywhere)."""
        m = self.either.search(text) if self.either is not None else None
        return m.start() if m is not None else None

    def find(self, text: str, start: int = 0) -> Iterator[WordingHit]:
        if self.pattern is None:
            return
        for m in self.pattern.finditer(text, start):
            category, term = self.terms[m.group()]
            yield WordingHit(m.start(), m.end(), m.group(), category, term)

    def wrong_titles(self, text: str, start: int = 0) -> Iterator[TitleHit]:
        """A title right before or after a leader's name that is not one of the leader's titles."""
        if self.names is None or not self.titles:
            return
        for m in self.names.finditer(text, start):
            leader = self.leaders[m.group()]
            before = next((t for t in self.titles if text.endswith(t, 0, m.start())), None)
            after = next((t for t in self.titles if text.startswith(t, m.end())), None)
            if before is not None and before not in leader.titles:
                yield TitleHit(m.start() - len(before), m.start(), before, leader)
            elif after is not None and after not in leader.titles:
                yield TitleHit(m.end(), m.end() + len(after), after, leader)
