"""Scanning a content item's text fast: whole-file regex passes, positions only for hits.

The content rules search the whole file text with one compiled pattern each
and work out a line and column only where something was found, so a clean
item costs one C-level regex pass per rule.  :class:`ContentText` says
whether a hit lies in *readable* text — the Markdown body outside fenced code
blocks, or the title or summary line of the front matter — and where it is.

:func:`find_links` lists every link target in a text (inline links and images,
reference definitions, autolinks, HTML ``href``/``src``, bare ``http(s)://``
URLs) with its offset.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .loader import Document

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"

Region = Literal["title", "summary", "body"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*$", re.M)


@dataclass(slots=True)
class ContentText:
    """One content file's text with lazy line/column lookup (1-based, columns in characters)."""

    doc: Document
    title: str | None = None
    summary: str | None = None
    _starts: list[int] | None = field(default=None, repr=False)
    _fences: _Spans | None = field(default=None, repr=False)
    _fm_lines: dict[int, Region] | None = field(default=None, repr=False)
    _links: list[Link] | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.doc.text

    @property
    def body_start(self) -> int:
        return self.doc.body_start

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            text = self.doc.text
            starts = [0]
            pos = text.find("\n")
            while pos >= 0:
                starts.append(pos + 1)
                pos = text.find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        starts = self._line_starts()
        line = bisect_right(starts, offset)
        return line, offset - starts[line - 1] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end offsets of the line holding ``offset`` (end excludes ``\\r\\n``)."""
        text = self.doc.text
        start = text.rfind("\n", 0, offset) + 1
        end = text.find("\n", offset)
        if end < 0:
            end = len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        return start, end

    def region(self, offset: int) -> Region | None:
        """``body``, ``title`` or ``summary`` when ``offset`` lies in readable text, else ``None``."""
        if offset >= self.body_start:
            return None if self._in_fence(offset) else "body"
        line, _ = self.position(offset)
        return self._front_matter_lines().get(line)

    def _in_fence(self, offset: int) -> bool:
        if self._fences is None:
            fences: list[tuple[int, int]] = []
            body = self.doc.body
            if "```" in body or "~~~" in body:
                base = self.body_start
                opened: re.Match[str] | None = None
                for m in _FENCE.finditer(body):
                    mark = m.group(1)
                    if opened is None:
                        opened = m
                    elif mark[0] == opened.group(1)[0] and len(mark) >= len(opened.group(1)) and m.group().strip() == mark:
                        fences.append((base + opened.start(), base + m.end()))
                        opened = None
                if opened is not None:
                    fences.append((base + opened.start(), len(self.doc.text)))
            self._fences = _Spans(fences)
        return self._fences.covers(offset)

    def _front_matter_lines(self) -> dict[int, Region]:
        if self._fm_lines is None:
            self._fm_lines = {}
            if self.doc.data_line_offset:
                head = self.doc.text[: self.body_start].split("\n")[1:]
                if head and head[-1] == "":
                    head.pop()
                for i, raw in enumerate(head[:-1], start=2):
                    if raw.startswith("title:") and self.title:
                        self._fm_lines[i] = "title"
                    elif raw.startswith("summary:") and self.summary:
                        self._fm_lines[i] = "summary"
        return self._fm_lines

    def field_start(self, key: Region) -> tuple[int, int] | None:
        """File line and column where the single-line value of ``title`` / ``summary`` begins."""
        value = self.title if key == "title" else self.summary
        if not value:
            return None
        starts = self._line_starts()
        for line, where in self._front_matter_lines().items():
            if where == key:
                start = starts[line - 1]
                end = self.doc.text.find("\n", start)
                raw = self.doc.text[start : end if end >= 0 else len(self.doc.text)]
                found = raw.find(value, len(key) + 1)
                return (line, found + 1) if found >= 0 else None
        return None

    def body_links(self) -> list[Link]:
        """:func:`find_links` of the body (offsets relative to the body), computed once for all rules."""
        if self._links is None:
            self._links = find_links(self.doc.body)
        return self._links

    def readable_spans(self) -> list[tuple[int, int, Region]]:
        """Offsets of the title line, the summary line and the body (for regex passes over parts)."""
        out: list[tuple[int, int, Region]] = []
        if self.title or self.summary:
            starts = self._line_starts()
            for line, where in sorted(self._front_matter_lines().items()):
                start = starts[line - 1]
                end = self.doc.text.find("\n", start)
                out.append((start, end if end >= 0 else len(self.doc.text), where))
        out.append((self.body_start, len(self.doc.text), "body"))
        return out


# ---------------------------------------------------------------- links

LinkKind = Literal["inline", "definition", "autolink", "html", "bare"]


class Link(NamedTuple):
    """One link target (a named tuple: a file may hold hundreds of thousands, each made in a fraction of a microsecond)."""

    kind: LinkKind
    raw: str  # as written
    target: str  # entities decoded, angle brackets removed
    offset: int  # where ``raw`` starts in the text searched
    image: bool = False


_CODE_SPAN = re.compile(r"(`+)[^\n]+?\1")
_INLINE = re.compile(r"(!?)\]\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(<[^>\n]*>|\S+)", re.M)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>")
# an unterminated quoted value runs to the end of the line (as far as we look): failing there and retrying
# at the next ``href="`` would make the search quadratic
_HTML_ATTR = re.compile(r"""\b(href|src)\s*=\s*(?:"([^"\n]*)"?|'([^'\n]*)'?|([^\s>"']+))""", re.I)
_BARE = re.compile(r"(?i)\bhttps?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]+")


def may_have_links(text: str) -> bool:
    """A cheap test (substring searches) that ``text`` might hold a link; :func:`find_links` finds them."""
    return "](" in text or "]:" in text or "://" in text or "<" in text


def _blank_code(text: str) -> str:
    return _CODE_SPAN.sub(lambda m: " " * len(m.group()), text) if "`" in text else text


def _clean(target: str) -> str:
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1]
    return html.unescape(target) if "&" in target else target


def find_links(text: str) -> list[Link]:
    """Every link target in Markdown ``text``, in order; code spans are not links."""
    if not may_have_links(text):
        return []
    text = _blank_code(text)
    out: list[Link] = []
    taken: list[tuple[int, int]] = []  # spans a bare URL must not start in (only needed when one may exist)
    bare = "://" in text
    rfind, find = text.rfind, text.find
    for m in _INLINE.finditer(text):
        bang, raw = m.group(1, 2)
        if raw:
            start = m.start(2)
            target = _clean(raw) if raw[0] == "<" or "&" in raw else raw
            if bang:
                image = True
            else:  # _in_image, inlined: this loop may run for every "](" of a megabyte
                close = m.start()
                bracket = rfind("]", 0, close)
                image = find("![", max(bracket, rfind("\n", bracket + 1, close)) + 1, close) >= 0
            out.append(Link("inline", raw, target, start, image))
            if bare:
                taken.append((start, m.end(2)))
    for m in _DEFINITION.finditer(text):
        out.append(Link("definition", m.group(1), _clean(m.group(1)), m.start(1)))
        taken.append(m.span(1))
    for m in _AUTOLINK.finditer(text):
        out.append(Link("autolink", m.group(1), _clean(m.group(1)), m.start(1)))
        taken.append(m.span(1))
    for m in _HTML_ATTR.finditer(text):
        group = 2 if m.group(2) is not None else 3 if m.group(3) is not None else 4
        raw = m.group(group)
        out.append(Link("html", raw, _clean(raw), m.start(group), image=m.group(1).lower() == "src"))
        taken.append(m.span(group))
    inside: _Spans | None = None
    for m in _BARE.finditer(text):
        if inside is None:
            inside = _Spans(taken)  # only when there is a bare URL to test
        if not inside.covers(m.start()):
            out.append(Link("bare", m.group(), m.group(), m.start()))
    out.sort(key=lambda link: link.offset)
    return out


def _in_image(text: str, close: int) -> bool:
    """Whether the ``](`` at ``close`` ends an image: a ``![`` after the last ``]`` or line break before it.

    Only the stretch back to the previous ``]`` is searched, so all the calls of one
    :func:`find_links` together read each character at most twice (linear).
    """
    bracket = text.rfind("]", 0, close)
    stop = max(bracket, text.rfind("\n", bracket + 1, close))
    return text.find("![", stop + 1, close) >= 0


class _Spans:
    """Half-open spans, sorted and merged once: ``covers`` is a binary search (no pairwise test)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def covers(self, offset: int) -> bool:
        i = bisect_right(self.starts, offset) - 1
        return i >= 0 and offset < self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` meets any span."""
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and start < self.ends[i]:
            return True
        j = i + 1
        return j < len(self.starts) and self.starts[j] < end


_STRIP = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def scheme_of(target: str) -> str | None:
    """The URL scheme as a browser reads it (controls and spaces removed, lower case); ``None`` if none."""
    squeezed = _STRIP.sub("", target)
    if _DRIVE.match(squeezed):
        return None
    m = _SCHEME.match(squeezed)
    return m.group(1).lower() if m else None


def is_drive_path(target: str) -> bool:
    """A Windows path (``C:\\…``) or a network share (``\\\\server\\…``): a file on someone's computer."""
    stripped = target.strip()
    return bool(_DRIVE.match(stripped)) or stripped.startswith("\\\\")


def is_local_path(target: str) -> bool:
    """A path on the site (no scheme, not ``//host``, not only an anchor or a query)."""
    stripped = target.strip()
    if not stripped or stripped[0] in "#?" or stripped.startswith("//"):
        return False
    return is_drive_path(stripped) or scheme_of(stripped) is None
