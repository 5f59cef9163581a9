"""Small Markdown builders shared by the page modules (values must already be escaped)."""

from __future__ import annotations

import functools
import html
import json
import posixpath
from collections.abc import Iterable, Sequence

from .escape import md


def rel(src: str, dest: str) -> str:
    """A Markdown link target from page ``src`` to file ``dest`` (both docs-relative paths)."""
    path, hash_, anchor = dest.partition("#")
    return _relpath(path, posixpath.dirname(src) or ".") + hash_ + anchor


@functools.lru_cache(maxsize=8192)  # the same few targets from every page of a folder (posixpath.relpath asks for the cwd)
def _relpath(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


def a(label: str, src: str, dest: str) -> str:
    """A link between generated pages; ``label`` is already-escaped Markdown."""
    return f"[{label}]({rel(src, dest)})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, empty: str = "（暂无）") -> str:
    """A Markdown table; ``rows`` hold already-escaped cells."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    count = 0
    for row in rows:
        lines.append("| " + " | ".join(c if c else "—" for c in row) + " |")
        count += 1
    if not count:
        return empty
    return "\n".join(lines)


def notice(kind: str, title: str, *paragraphs: str) -> str:
    """An admonition box as raw HTML (its text is not parsed as Markdown); arguments are escaped text."""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f'<div class="admonition {kind}"><p class="admonition-title">{title}</p>{body}</div>'


def heading(level: int, text: str, anchor: str | None = None) -> str:
    suffix = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * level} {text}{suffix}"


def page(*blocks: str) -> str:
    """Join blocks with blank lines; drop empty ones."""
    return "\n\n".join(b for b in blocks if b) + "\n"


def head(title: str, *, boost: int | None = None) -> str:
    """Front matter and the page heading, from the raw (unescaped) ``title``.

    MkDocs themes print ``page.meta.title`` into ``<title>`` and the header unescaped,
    and a title taken from the heading is unescaped again; so the title is given
    explicitly, HTML-escaped, and the heading is escaped Markdown.
    """
    lines = ["---", f"title: {json.dumps(html.escape(title), ensure_ascii=False)}"]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]  # rank record pages above the lists that mention them
    lines.append("---")
    return "\n".join(lines) + "\n\n" + heading(1, md(title))
