"""Escaping for every value that comes from the repository's data.

Record values reach the site inside Markdown (headings, table cells, link
labels), inside raw HTML, inside XML (the Atom feed) and inside CSV.  Each
context has one function here; page modules never format a data value any
other way.  A value is always rendered as text: HTML is escaped and every
character Markdown could read as syntax becomes a numeric character
reference, so ``<script>``, ``**bold**``, ``[x](y)`` or ``| a |`` show as
typed.  Links are only made for ``http``/``https`` URLs.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from xml.sax.saxutils import escape as _xml_escape

# Characters Markdown (with tables and attr_list) or HTML could read as syntax.
_MARKDOWN_CHARS = "\\`*_[](){}<>#|!~^=&\"'$:+"
_TABLE = {ord(c): f"&#{ord(c)};" for c in _MARKDOWN_CHARS}
_TABLE.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " "})
_LEADING = re.compile(r"^([-+*]\s|\d+[.)])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$", re.IGNORECASE)


def md(value: object) -> str:
    """Any value as inline Markdown that renders exactly as the text (one line, no markup)."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value)).translate(_TABLE).strip()
    # "- x", "+ x", "1. x", "1) x" could start a list when the value begins a line
    if _LEADING.match(text):
        text = f"&#{ord(text[0])};" + text[1:]
    return text


def cell(value: object, empty: str = "—") -> str:
    """A table cell: like :func:`md`, with a visible placeholder for missing values."""
    text = md(value)
    return text if text else empty


def safe_url(value: object) -> str | None:
    """``value`` when it is an absolute http(s) URL that cannot break out of an attribute; else ``None``."""
    if not isinstance(value, str) or not _SAFE_URL.match(value):
        return None
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return value


def attr(value: str) -> str:
    """A value for a double-quoted HTML attribute (also inert in Markdown)."""
    return md(value) if value else ""


def link(label: object, url: object) -> str:
    """An external link when ``url`` is a safe http(s) URL, otherwise the label as plain text.

    Written as inline HTML (not ``[label](url)``) so nothing in the URL is read as Markdown.
    """
    target = safe_url(url)
    text = md(label) or md(url if target else "")
    if target is None:
        return text
    return f'<a href="{attr(target)}" rel="noopener noreferrer">{text}</a>'


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def xml_text(value: object) -> str:
    """Text for ``xml.etree`` (which escapes it): characters XML 1.0 cannot hold removed."""
    return "" if value is None else _NOT_XML.sub("", str(value))


def xml(value: object) -> str:
    """Text for an XML element or attribute (the Atom feed)."""
    if value is None:
        return ""
    return _xml_escape(_CONTROL.sub("", str(value)), {'"': "&quot;"})


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_value(value: object) -> str:
    """A CSV field that spreadsheet programs will not run as a formula."""
    if value is None:
        return ""
    text = _CONTROL.sub("", str(value))
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text
