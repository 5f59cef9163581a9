"""The generated pages' Markdown, turned into HTML without a general Markdown parser.

Every generated page is written by the builders of :mod:`.markup` from values escaped by
:mod:`.escape`: headings (``## text {#anchor}``), pipe tables, one-line raw HTML boxes,
paragraphs with links ``[label](page.md#anchor)``, ``**bold**``, inline ``<a href>`` and
numeric character references.  Re-parsing that with python-markdown (block parser, a dozen
inline patterns per table cell, three HTML parser passes counting MkDocs') was a third of a
large site build; :func:`convert` reads exactly this dialect in one pass and yields the same
HTML, the page's headings (for the table of contents) and its sections as text (for the
search index, so no page is parsed again to be indexed).

:func:`convert` returns ``None`` for anything outside the dialect — a hand-written page, a
construct it does not know, a link it cannot resolve — and the caller renders that page with
python-markdown as before.  ``tools/tests/test_site_dialect.py`` checks that the output is
python-markdown's, page for page, on the sample registry and a generated one.

Pure: no MkDocs; links are resolved by the caller's function.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markdown.extensions.toc import unique

# An internal link target: (src-relative path, anchor) → the URL to write, or None (not found: let MkDocs say so).
Resolve = Callable[[str, str], "str | None"]
Slugify = Callable[[str, str], str]

_HEADING = re.compile(r"(#{1,6}) (.*?)(?: \{#([A-Za-z][A-Za-z0-9_-]*)\})?")
_SEPARATOR = re.compile(r"\|(?:---\|)+")
# One-line raw HTML blocks the builders write (admonitions, the QR figure, the 查验 form).
_RAW = re.compile(r"<(div|figure|form)[ >].*</\1>")
_INLINE = re.compile(
    r"\[([^\[\]\n]*)\]\(([^()\s<>\"'`\\]*)\)"  # 1 label, 2 target: a link between generated pages
    r"|\*\*([^*\n]+?)\*\*"  # 3 bold
    r'|(<a href="[^"<>\s]*" rel="noopener noreferrer">|</a>)'  # 4 escape.link's external link (href escaped by escape.attr)
    r"|(&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"  # 5 a character reference
)
# Left over outside the patterns above, any of these could be Markdown or HTML syntax: not our dialect.
_MARKUP = re.compile(r"[\[*<&]")  # where an inline pattern could start
_SYNTAX = re.compile(r"[\\`*_\[\]<>&]|!\[|  $|\n")
# a cell without any of these is plain text for inline() (no markup, nothing _plain refuses) and for _search_text()
_FANCY = re.compile(r"[\\`*_\[\]<>&!]|[^\S ]|  ")
_IDS = re.compile(r"""\sid=["']([^"']+)["']""")
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


class NotDialect(Exception):
    """The text is not the generator's dialect (internal: :func:`convert` returns ``None``)."""


@dataclass
class Heading:
    level: int
    id: str
    html: str  # inner HTML, as python-markdown's toc token ``html``
    name: str  # the tags stripped (entities kept), as the toc token ``name``


@dataclass
class Section:
    """A heading and the text under it, for the search index (Material's format: text with ``<p>`` kept).

    ``heading`` is ``None`` for text before the first heading.
    """

    heading: Heading | None
    text: list[str] = field(default_factory=list)


@dataclass
class Converted:
    html: str
    headings: list[Heading]
    sections: list[Section]
    ids: set[str]  # every id on the page: link targets for anchor validation
    links: list[tuple[str, str]]  # (target path as written, anchor) of every internal link
    title: str | None  # the first h1's text, unescaped


# The front matter :func:`govreg.site.markup.head` writes: a JSON-quoted title, then an optional search boost.
_FRONT = re.compile(r'---\ntitle: "([^"\\]*)"\n(?:search:\n  boost: (0|[1-9][0-9]{0,8})\n)?---\n')
# what a YAML double-quoted scalar keeps as it is: printable, no line break (NEL, LS, PS) and no escape
_YAML_PLAIN = re.compile(r"[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")


def front_matter(source: str) -> tuple[str, dict[str, Any]] | None:
    """``(markdown, meta)`` as MkDocs' ``get_data`` reads the generator's front matter; ``None`` for any other form.

    Saves a YAML parse per page; a title with an escape or any character YAML would treat
    specially (a line break, a non-printable one) is left to ``get_data``.
    """
    match = _FRONT.match(source)
    if match is None or not _YAML_PLAIN.fullmatch(match.group(1)):
        return None
    meta: dict[str, Any] = {"title": match.group(1)}
    if match.group(2) is not None:
        meta["search"] = {"boost": int(match.group(2))}
    return source[match.end() :].lstrip("\n"), meta


_PLACEHOLDER = re.compile("<h([1-6])\x00([0-9]+)\x00>")


def _with_ids(text: str, headings: list[Heading]) -> str:
    """``text`` with the placeholder of each heading (``<h{level}\\0{index}\\0>``) made its opening tag with its id.

    One pass when the placeholders are exactly the headings', in order (always: the text around them is
    escaped); else each is replaced in turn, first occurrence first, as a pass per heading would.
    """
    parts = _PLACEHOLDER.split(text)
    if len(parts) == 3 * len(headings) + 1 and all(
        parts[3 * i + 1] == str(heading.level) and parts[3 * i + 2] == str(i) for i, heading in enumerate(headings)
    ):
        for i, heading in enumerate(headings):
            parts[3 * i + 1] = f'<h{heading.level} id="{heading.id}">'
            parts[3 * i + 2] = ""
        return "".join(parts)
    for i, heading in enumerate(headings):
        text = text.replace(f"<h{heading.level}\x00{i}\x00>", f'<h{heading.level} id="{heading.id}">', 1)
    return text


def convert(markdown: str, resolve: Resolve, slugify: Slugify, separator: str = "-") -> Converted | None:
    """The HTML python-markdown (toc, tables, attr_list) makes of ``markdown``, or ``None`` outside the dialect."""
    try:
        return _Converter(resolve, slugify, separator).run(markdown)
    except NotDialect:
        return None


class _Converter:
    def __init__(self, resolve: Resolve, slugify: Slugify, separator: str) -> None:
        self.resolve = resolve
        self.slugify = slugify
        self.separator = separator
        self.links: list[tuple[str, str]] = []

    def run(self, markdown: str) -> Converted:
        out: list[str] = []
        headings: list[Heading] = []
        sections: list[Section] = []
        raw_ids: set[str] = set()
        explicit: list[str] = []
        title: str | None = None
        for block in _blocks(markdown):
            first = block[0]
            if first.startswith("#"):
                match = _HEADING.fullmatch(first)
                if match is None or len(block) != 1:
                    raise NotDialect(first)
                inner = self.inline(match.group(2).strip())
                level = len(match.group(1))
                name = " ".join(_TAGS.sub("", inner).split())
                anchor = match.group(3)
                if anchor:
                    explicit.append(anchor)
                headings.append(Heading(level, anchor or "", inner, name))
                out.append(f"<h{level}\x00{len(headings) - 1}\x00>{inner}</h{level}>")
                if title is None and level == 1:
                    title = html.unescape(name)
                sections.append(Section(headings[-1]))
                continue
            if not sections:
                sections.append(Section(None))
            text = sections[-1].text
            if first.startswith("|"):
                out.append(self.table(block, text))
            elif first.startswith("<"):
                if len(block) != 1 or not _RAW.fullmatch(first):
                    raise NotDialect(first)
                out.append(first + "\n")  # python-markdown keeps a raw block as written, then a blank line
                raw_ids.update(_IDS.findall(first))
                text.append(_search_text(first))
            else:
                for line in block:
                    if _NOT_PARAGRAPH.match(line):
                        raise NotDialect(line)
                inner = self.inline("\n".join(block))
                out.append(f"<p>{inner}</p>")
                text.append(f"<p>{_search_text(inner)}</p>")
        # ids the way the toc extension gives them: explicit ones kept, then slugs made unique in order
        used = set(explicit)
        counters: dict[str, int] = {}
        for heading in headings:
            if not heading.id:
                heading.id = unique(self.slugify(html.unescape(heading.name), self.separator), used, counters)
        return Converted(_with_ids("\n".join(out), headings), headings, sections, used | raw_ids, self.links, title)

    def table(self, block: list[str], text: list[str]) -> str:
        if len(block) < 2 or not _SEPARATOR.fullmatch(block[1]):
            raise NotDialect(block[0])
        header = _cells(block[0])
        if len(header) != block[1].count("|") - 1:
            raise NotDialect(block[1])
        lines = ["<table>", "<thead>", "<tr>"]
        lines += [f"<th>{self.inline(c)}</th>" for c in header]
        lines += ["</tr>", "</thead>", "<tbody>"]
        words = [_search_text(c) for c in header]
        for row in block[2:]:
            cells = _cells(row)
            if len(cells) != len(header):
                raise NotDialect(row)
            lines.append("<tr>")
            for c in cells:
                if _FANCY.search(c):
                    inner = self.inline(c)
                    lines.append(f"<td>{inner}</td>")
                    words.append(_search_text(inner))
                else:  # plain text (most cells): inline() and _search_text() give it back as it is
                    lines.append(f"<td>{c}</td>")
                    words.append(c)
            lines.append("</tr>")
        lines += ["</tbody>", "</table>"]
        text.append(" ".join(w for w in words if w))
        return "\n".join(lines)

    def inline(self, source: str) -> str:
        if not _MARKUP.search(source):  # most table cells: plain text
            return _plain(source)
        out: list[str] = []
        pos = 0
        for match in _INLINE.finditer(source):
            out.append(_plain(source[pos : match.start()]))
            pos = match.end()
            if match.group(2) is not None:
                target = match.group(2)
                path, _, anchor = target.partition("#")
                if not path or ":" in path or source[match.start() - 1 : match.start()] == "!":  # "![…](…)" is an image
                    raise NotDialect(target)
                url = self.resolve(path, anchor)
                if url is None:
                    raise NotDialect(target)
                self.links.append((path, anchor))
                out.append(f'<a href="{html.escape(url)}">{self.inline(match.group(1))}</a>')
            elif match.group(3) is not None:
                out.append(f"<strong>{self.inline(match.group(3))}</strong>")
            else:
                out.append(match.group(0))
        out.append(_plain(source[pos:]))
        return "".join(out)


# a line python-markdown could read as something else than paragraph text: list item, quote, code, rule, setext underline …
_NOT_PARAGRAPH = re.compile(r"[ \t>=~`]|[-+*](?:\s|$)|\d+[.)]|-{3,}|_{3,}")


def _plain(text: str) -> str:
    if _SYNTAX.search(text):
        raise NotDialect(text)
    return text


def _blocks(markdown: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in markdown.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def _cells(row: str) -> list[str]:
    if not (row.startswith("| ") and row.endswith(" |")):
        raise NotDialect(row)
    return [c.strip() for c in row[2:-2].split(" | ")]


def _search_text(fragment: str) -> str:
    """Text of an HTML fragment as Material's search index holds it: ``&<>`` escaped, spaces collapsed,
    tags dropped except the ones it keeps (``<p>``, lists, code), which lose their attributes."""
    if not _SPECIAL.search(fragment):  # plain text: nothing to drop, unescape or escape
        return fragment.strip(" ")
    parts: list[str] = []
    pos = 0
    for match in _TAG.finditer(fragment):
        parts.append(_text(fragment[pos : match.start()]))
        if match.group(2).lower() in _KEEP:
            parts.append(f"<{match.group(1)}{match.group(2).lower()}>")
        pos = match.end()
    parts.append(_text(fragment[pos:]))
    joined = "".join(parts)
    return (_SPACE.sub(" ", joined) if _SPECIAL_SPACE.search(joined) else joined).strip()


def _text(text: str) -> str:
    """``html.escape(html.unescape(text), quote=False)``: the identity on text without ``&<>`` (most text between tags)."""
    if "&" in text or "<" in text or ">" in text:
        return html.escape(html.unescape(text), quote=False)
    return text


_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*>")
_SPECIAL = re.compile(r"[<>&]|[^\S ]|  ")  # markup, or whitespace other than single spaces
_SPECIAL_SPACE = re.compile(r"[^\S ]|  ")  # what _SPACE.sub(" ", …) changes
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # Material's Parser.keep
