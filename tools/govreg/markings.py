"""Forbidden markings (密级标志、“不公开”标注): found as markings, not as ordinary words.

A marking word such as ``秘密`` or ``不宜公开`` also occurs in ordinary
sentences of government text (“不得涉及国家秘密”, “不宜公开的文件”), so a word
counts as a *marking* only where documents put markings:

- followed by ``★`` / ``☆`` (the secrecy period: ``秘密★1年``, ``机密★``);
- enclosed in brackets: ``【内部资料】``, ``(不宜公开)``, ``〔秘密〕``;
- alone on its line, maybe with Markdown markup (``#``, ``**``, ``>``), brackets, the
  secrecy period and companions (``内部资料 注意保存``);
- a *phrase* (``此件不予公开``) anywhere.

Pure: :class:`MarkingMatcher` is built once per check from
``config/forbidden-markings.yaml`` (or the packaged default).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

OPEN = "\\[\u3010\u3014\u3016(\uff08<\u300a\u300c\u300e"
CLOSE = "\\]\u3011\u3015\u3017)\uff09>\u300b\u300d\u300f"
STAR = "\u2605\u2606"
_PERIOD = rf"[{STAR}]\s*(?:[0-9\uff10-\uff19〇一二三四五六七八九十]+\s*(?:年|个月|月|天|日)|长期)?"
_MARKUP = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")
_DECOR = re.compile(r"\*\*|__|~~|<[^>]{0,40}>|[*_]")
_SEPARATORS = "\\s\u3000\u00b7\u30fb,\uff0c\u3001;\uff1b:\uff1a|/"


class MarkingsList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    markings: list[str] = Field(default_factory=list, description="密级标志和“不公开”标注")
    companions: list[str] = Field(default_factory=list, description="只随标注出现的词(如“注意保存”)")
    phrases: list[str] = Field(default_factory=list, description="在任何位置出现都算违规的说法")


@dataclass(frozen=True, slots=True)
class MarkingHit:
    start: int
    end: int
    text: str
    how: str  # Chinese: 单独成行 / 带保密期限 / 加括号 / 公开属性标注


def _alternation(words: list[str]) -> str:
    return "|".join(map(re.escape, sorted({w for w in words if w}, key=len, reverse=True)))


class MarkingMatcher:
    def __init__(self, markings: MarkingsList) -> None:
        marks = _alternation(markings.markings)
        every = _alternation(markings.markings + markings.companions)
        phrases = _alternation(markings.phrases)
        words = _alternation(markings.markings + markings.phrases)
        self.any: re.Pattern[str] | None = re.compile(words) if words else None
        self.phrase: re.Pattern[str] | None = re.compile(phrases) if phrases else None
        self.starred: re.Pattern[str] | None = re.compile(rf"(?:{marks})(?=\s*{_PERIOD})") if marks else None
        self.bracketed: re.Pattern[str] | None = (
            re.compile(rf"[{OPEN}]\s*(?:{marks})(?:\s*{_PERIOD})?\s*[{CLOSE}]") if marks else None
        )
        # unambiguous on purpose: each space belongs to exactly one part, so a line that is not a marking
        # fails in linear time (``[OPEN]?\s*…\s*[CLOSE]?`` next to the separators backtracked exponentially)
        unit = rf"(?:[{OPEN}]\s*)?(?:{every})(?:\s*{_PERIOD})?(?:\s*[{CLOSE}])?" if every else None
        self.line: re.Pattern[str] | None = re.compile(rf"(?:{unit})(?:[{_SEPARATORS}]*(?:{unit}))*[{_SEPARATORS}]*") if unit else None
        self.mark_word: re.Pattern[str] | None = re.compile(marks) if marks else None

    def find(self, text: str, start: int = 0, end: int | None = None, limit: int | None = None) -> Iterator[MarkingHit]:
        """Markings in ``text[start:end]`` (a line or a whole file), in order, one per position.

        With ``limit``, at most that many (the search stops there: linear work, bounded output).
        """
        stop = len(text) if end is None else end
        if self.any is None or not self.any.search(text, start, stop):
            return
        seen: set[int] = set()
        hits: list[MarkingHit] = []
        cap = limit if limit is not None else stop + 1
        if self.phrase is not None:
            for m in self.phrase.finditer(text, start, stop):
                if len(hits) >= cap:
                    break
                hits.append(MarkingHit(m.start(), m.end(), m.group(), "公开属性标注"))
                seen.update(range(m.start(), m.end()))
        if self.starred is not None:
            for m in self.starred.finditer(text, start, stop):
                if len(hits) >= cap:
                    break
                if m.start() not in seen:
                    hits.append(MarkingHit(m.start(), m.end(), m.group(), "带★保密期限"))
                    seen.add(m.start())
        if self.bracketed is not None:
            for m in self.bracketed.finditer(text, start, stop):
                if len(hits) >= cap:
                    break
                word = self.mark_word.search(m.group()) if self.mark_word else None
                at = m.start() + (word.start() if word else 0)
                if at not in seen:
                    hits.append(MarkingHit(at, at + (len(word.group()) if word else len(m.group())), word.group() if word else m.group(), "加括号标注"))
                    seen.add(at)
        if self.line is not None and self.mark_word is not None:
            # one line judged once, however many words it holds (hits come in order: no search back)
            line_end = -1
            alone = False
            for m in self.mark_word.finditer(text, start, stop):
                if len(hits) >= cap:
                    break
                if m.start() >= line_end:
                    lo = max(line_end, 0)
                    newline = text.rfind("\n", lo, m.start())
                    line_start = newline + 1 if newline >= 0 else lo
                    found = text.find("\n", m.start())
                    line_end = len(text) if found < 0 else found
                    alone = self._alone(text[line_start:line_end])
                if m.start() in seen:
                    continue
                if alone:
                    hits.append(MarkingHit(m.start(), m.end(), m.group(), "单独成行"))
                    seen.add(m.start())
        hits.sort(key=lambda h: h.start)
        yield from hits

    def _alone(self, line: str) -> bool:
        assert self.line is not None
        stripped = _DECOR.sub("", _MARKUP.sub("", line.rstrip("\r"))).strip().strip("\u3000")
        return bool(stripped) and self.line.fullmatch(stripped) is not None
