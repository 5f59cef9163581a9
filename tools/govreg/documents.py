"""Which government a document comes from, read from its title: the issuer it begins with or its document number.

Pure: :class:`IssuerMatcher` is built once per check from ``config/document-issuers.yaml``
(or the packaged default).  Used by the reprint rules (第十条、第十二条第二款第 3 项): a clerk's
``document_level: none`` on “国务院办公厅关于印发……” is contradicted by the title itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

FILE = "document-issuers"
LEVELS = ("central", "region", "local")


class IssuerLevel(BaseModel):
    model_config = ConfigDict(extra="forbid")
    issuers: list[str] = Field(default_factory=list, description="发文机关（标题以其开头）")
    numbers: list[str] = Field(default_factory=list, description="发文字号的代字（如 国办发）")


class IssuerList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    central: IssuerLevel = Field(default_factory=IssuerLevel)
    region: IssuerLevel = Field(default_factory=IssuerLevel)
    local: IssuerLevel = Field(default_factory=IssuerLevel)


@dataclass(frozen=True, slots=True)
class Inferred:
    level: str  # central | region | local
    evidence: str  # the issuer or the document number found


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted({w for w in words if w}, key=len, reverse=True)))


_BRACKETS = "〔\\[［(（【"


class IssuerMatcher:
    def __init__(self, issuers: IssuerList) -> None:
        self.starts: list[tuple[str, re.Pattern[str]]] = []
        self.numbers: list[tuple[str, re.Pattern[str]]] = []
        for level in LEVELS:
            conf: IssuerLevel = getattr(issuers, level)
            if conf.issuers:
                self.starts.append((level, re.compile(rf"^\s*(?:转载[:：]\s*)?({_alternation(conf.issuers)})")))
            if conf.numbers:
                self.numbers.append((level, re.compile(rf"(?<![\u4e00-\u9fff])({_alternation(conf.numbers)})\s*[{_BRACKETS}]\s*[0-9]{{4}}\s*[〕\]］)）】]\s*[0-9]+\s*号")))

    def infer(self, title: str) -> Inferred | None:
        """The level the title shows: its issuer at the start wins over a number in it (a local notice may cite 国发)."""
        best: Inferred | None = None
        for level, pattern in self.starts:
            m = pattern.match(title)
            if m and (best is None or len(m.group(1)) > len(best.evidence)):
                best = Inferred(level, m.group(1))
        if best is not None:
            return best
        for level, pattern in self.numbers:
            m = pattern.search(title)
            if m:
                return Inferred(level, m.group(0))
        return None
