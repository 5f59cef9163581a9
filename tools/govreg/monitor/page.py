"""What one HTML page says, read with an HTML5 parser (selectolax's lexbor engine), never with regexes on markup.

Why selectolax: lexbor is a complete WHATWG HTML5 parser (the same tree a
browser builds from broken markup, which hacked and old government pages are),
written in C, with a CSS selector engine — we use that engine to apply the
page's own ``<style>`` rules when looking for hidden links.  Regular
expressions are used only on *text* the parser extracted (dates, 备案号).
CSS declarations are parsed with tinycss2.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

# ---------------------------------------------------------------- identity in the footer

SITE_CODE = re.compile(r"(?:网站标识码|标识码)\s*[::]?\s*([0-9A-Za-z]{10})")
ICP = re.compile(r"([\u4e00-\u9fff]ICP[备證证]\s*\d+\s*号(?:\s*-\s*\d+)?)")
PSB = re.compile(r"([\u4e00-\u9fff]公网安备\s*\d+\s*号)")

# ---------------------------------------------------------------- dates in list pages

DATE = re.compile(r"(?<!\d)(\d{4})(?:\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})|\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)(?!\d)")
DATED_ELEMENTS = "li, span, td, time, em, dd, p.date, div.date"

SUBRESOURCES = (
    ("img", "src"),
    ("script", "src"),
    ("iframe", "src"),
    ("frame", "src"),
    ("embed", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("object", "data"),
)


HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
CHINESE = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "euc-cn": "gb18030"}


def decode(body: bytes, content_type: str = "") -> str:
    """The page's text: BOM, then the Content-Type charset, then a ``<meta charset>`` in the first 2 KB
    (the order of the WHATWG encoding sniffing), else UTF-8.  GB2312 and GBK, still common on Chinese
    government sites, are read as their superset GB18030; undecodable bytes become U+FFFD."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", errors="replace")
    found = HEADER_CHARSET.search(content_type)
    label = found.group(1) if found else None
    if label is None:
        meta = META_CHARSET.search(body[:2048])
        label = meta.group(1).decode("ascii", "replace") if meta else None
    encoding = "utf-8"
    if label:
        label = label.strip().lower()
        try:
            encoding = CHINESE.get(label) or CHINESE.get(codecs.lookup(label).name) or codecs.lookup(label).name
        except LookupError:
            encoding = "utf-8"
    return body.decode(encoding, errors="replace")


def normalise_number(text: str) -> str:
    """备案号 as written in a record or on a page, without spaces, 證 → 证."""
    return re.sub(r"\s+", "", text).replace("證", "证")


def dates_in(text: str) -> list[dt.date]:
    out = []
    for m in DATE.finditer(text):
        year = int(m.group(1))
        month = int(m.group(2) or m.group(4))
        day = int(m.group(3) or m.group(5))
        try:
            out.append(dt.date(year, month, day))
        except ValueError:
            continue
    return out


@dataclass(frozen=True, slots=True)
class Link:
    url: str  # absolute
    text: str
    hidden: str | None = None  # why the anchor is hidden (a CSS declaration, ``hidden``), or None


@dataclass
class Page:
    url: str
    title: str = ""
    site_code: str | None = None
    icps: list[str] = field(default_factory=list)
    psbs: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    subresources: list[str] = field(default_factory=list)  # absolute URLs of images, scripts, frames …
    newest: dt.date | None = None
    dates: int = 0  # dated entries found (up to today)


# ---------------------------------------------------------------- hidden elements


def _number(tokens: list[tinycss2.ast.Node]) -> float | None:
    for token in tokens:
        if token.type in ("number", "dimension", "percentage"):
            return float(token.value)
    return None


def hiding(declarations: str) -> str | None:
    """The declaration that hides an element (``display:none`` …), or None — for inline ``style`` and rule bodies."""
    found: dict[str, list[tinycss2.ast.Node]] = {}
    for decl in tinycss2.parse_declaration_list(declarations, skip_whitespace=True, skip_comments=True):
        if decl.type == "declaration":
            found[decl.lower_name] = [t for t in decl.value if t.type not in ("whitespace", "comment")]

    def text(name: str) -> str:
        return str(tinycss2.serialize(found.get(name, []))).strip().lower()

    def say(name: str) -> str:
        return f"{name}:{text(name)}"

    if text("display") == "none":
        return say("display")
    if text("visibility") in ("hidden", "collapse"):
        return say("visibility")
    if "opacity" in found and _number(found["opacity"]) == 0:
        return say("opacity")
    if "font-size" in found and _number(found["font-size"]) == 0:
        return say("font-size")
    for size in ("width", "height", "max-width", "max-height"):
        value = _number(found.get(size, []))
        if value is not None and (value == 0 or (value <= 1 and text("overflow") in ("hidden", "clip"))):
            return say(size)
    if text("position") in ("absolute", "fixed"):
        for side in ("left", "top", "right"):
            value = _number(found.get(side, []))
            if value is not None and value <= -500:
                return say(side)
    indent = _number(found.get("text-indent", []))
    if indent is not None and indent <= -500:
        return say("text-indent")
    clip = text("clip")
    if clip.startswith("rect(") and set(re.findall(r"[\d.]+", clip)) <= {"0", "1"}:
        return say("clip")
    return None


def _hidden_by_rules(tree: LexborHTMLParser) -> dict[int, str]:
    """Elements hidden by the page's own ``<style>`` rules (top level, not inside @media), by node id."""
    hidden: dict[int, str] = {}
    for style in tree.css("style"):
        for rule in tinycss2.parse_stylesheet(style.text(), skip_whitespace=True, skip_comments=True):
            if rule.type != "qualified-rule":
                continue
            why = hiding(tinycss2.serialize(rule.content))
            if why is None:
                continue
            selector = tinycss2.serialize(rule.prelude).strip()
            try:
                matched = tree.css(selector)
            except (SelectolaxError, ValueError):
                continue  # a selector lexbor does not support: cannot tell
            for node in matched:
                hidden.setdefault(node.mem_id, f"{selector} {{{why}}}")
    return hidden


def _why_hidden(node: LexborNode, by_rules: dict[int, str]) -> str | None:
    current: LexborNode | None = node
    while current is not None and current.tag not in ("body", "html", "-undef"):
        attrs = current.attributes
        if "hidden" in attrs:
            return f"<{current.tag} hidden>"
        style = attrs.get("style")
        if style:
            why = hiding(style)
            if why is not None:
                return f'style="{why}"' if current is node else f'<{current.tag} style="{why}">'
        if current.mem_id in by_rules:
            return by_rules[current.mem_id]
        current = current.parent
    return None


# ---------------------------------------------------------------- reading a page


def read_page(url: str, body: bytes, *, today: dt.date, content_type: str = "") -> Page:
    """Parse ``body`` (the bytes of ``url``, served with ``content_type``) and collect what the checks need."""
    tree = LexborHTMLParser(decode(body, content_type))
    base = url
    base_node = tree.css_first("base[href]")
    if base_node is not None:
        base = urljoin(url, base_node.attributes.get("href") or "")
    page = Page(url=url)
    title = tree.css_first("title")
    page.title = title.text(strip=True) if title is not None else ""

    # identity: prefer the footer, fall back to the whole page
    footer = tree.css_first("footer, #footer, .footer, #foot, .foot, .bottom, #bottom")
    scopes = [footer] if footer is not None else []
    if tree.body is not None:
        scopes.append(tree.body)
    for scope in scopes:
        text = scope.text(separator=" ")
        if page.site_code is None:
            m = SITE_CODE.search(text)
            page.site_code = m.group(1) if m else None
        if not page.icps:
            page.icps = list(dict.fromkeys(normalise_number(m) for m in ICP.findall(text)))
        if not page.psbs:
            page.psbs = list(dict.fromkeys(normalise_number(m) for m in PSB.findall(text)))

    if page.site_code is None:
        # the national “找错” widget carries the code as an attribute: <script id="_jiucuo_" sitecode="…">
        widget = tree.css_first("[sitecode]")
        code = (widget.attributes.get("sitecode") or "").strip() if widget is not None else ""
        page.site_code = code or None

    by_rules = _hidden_by_rules(tree)
    for anchor in tree.css("a[href]"):
        href = (anchor.attributes.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
            continue
        absolute = urljoin(base, href)
        if urlsplit(absolute).scheme not in ("http", "https"):
            continue
        page.links.append(Link(absolute.split("#", 1)[0], anchor.text(strip=True)[:80], _why_hidden(anchor, by_rules)))

    for tag, attr in SUBRESOURCES:
        for node in tree.css(f"{tag}[{attr}]"):
            value = (node.attributes.get(attr) or "").strip()
            if value and not value.startswith("data:"):
                page.subresources.append(urljoin(base, value))
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower()
        if "stylesheet" in rel or "icon" in rel:
            page.subresources.append(urljoin(base, node.attributes.get("href") or ""))

    for node in tree.css(DATED_ELEMENTS):
        stamp = node.attributes.get("datetime") if node.tag == "time" else None
        own = node.text(deep=False)
        for day in dates_in(f"{stamp or ''} {own}"):
            if dt.date(2000, 1, 1) <= day <= today:
                page.dates += 1
                if page.newest is None or day > page.newest:
                    page.newest = day
    return page
