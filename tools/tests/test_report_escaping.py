"""The HTML reports and the Atom feed escape every value (issue 12): rendered by autoescaping templates / xml.etree.

Each test takes a real report of the sample repository, replaces *every* text value
in it with markup, renders it and parses the result: not one element may come from
the data.  A value a template forgot to escape fails here, whichever it is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import Any, ClassVar

from govreg.engine import Context
from govreg.repository import load_repository
from govreg.supervision import render_assessment, render_inspection
from govreg.supervision.assess import assess, assessment_day
from govreg.supervision.inspect import inspect

from conftest import GitRepo

EVIL = '<b class="evil">"\'&amp;'
KEYS = {"level", "kind", "state", "section", "category", "code", "item", "shape"}  # lookup keys, not text


def poison(value: Any, key: str = "") -> Any:
    """``value`` with every free-text string prefixed by markup (dataclasses, lists, dicts, tuples)."""
    if isinstance(value, str):
        return value if key in KEYS else EVIL + value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: poison(getattr(value, f.name), f.name) for f in dataclasses.fields(value) if f.init}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [poison(v, key) for v in value]
    if isinstance(value, tuple):
        return tuple(poison(v, key) for v in value)
    return value


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.evil = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "b" or any(v and "evil" in v and name == "class" for name, v in attrs):
            self.evil += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _check(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    assert parser.evil == 0
    assert EVIL.replace("&amp;", "&") in "".join(parser.text)  # shown as typed


def test_inspection_html_escapes_every_value(git_sample: GitRepo) -> None:
    ctx = Context(load_repository(git_sample.root), dt.date(2026, 11, 26))
    report = inspect(ctx)
    assert report.units  # something to render
    _check(render_inspection.html(poison(report)))


def test_assessment_html_escapes_every_value(git_sample: GitRepo) -> None:
    day = assessment_day(2026, dt.date(2026, 12, 31))
    ctx = Context(load_repository(git_sample.root), day)
    result = assess(ctx, 2026)
    assert result.units
    _check(render_assessment.html(poison(result)))


def test_atom_feed_is_well_formed_with_hostile_titles() -> None:
    from govreg.site.announcements import feed

    class _Settings:
        base_url = "https://example.gov.cn/"
        title = "登记库]]><x/>&"
        sample_data = True

    class _Notice:
        def __init__(self, i: int) -> None:
            self.title = f"公告 <entry>{i}</entry> ]]> & \x1b[2K"
            self.start = dt.date(2026, 11, i)
            self.end = dt.date(2026, 12, i)
            self.account = {"id": f"a{i}", "name": "名<称>", "platform": "wechat"}
            self.event = {"type": "close", "date": dt.date(2026, 11, i)}
            self.url = "https://example.gov.cn/a?x=1&y=<2>" if i == 1 else "javascript:alert(1)"

    class _Data:
        settings = _Settings()
        today = dt.date(2026, 11, 26)
        announcements: ClassVar[list[Any]] = [_Notice(1), _Notice(2)]

        def platform_name(self, platform: str) -> str:
            return "微信<公众号>"

    text = feed(_Data())  # type: ignore[arg-type]
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.findtext("a:title", namespaces=ns) for e in entries] == ["公告 <entry>2</entry> ]]> & [2K", "公告 <entry>1</entry> ]]> & [2K"]
    assert root.findtext("a:title", namespaces=ns).startswith("登记库]]><x/>&")
    related = [link.get("href") for e in entries for link in e.findall("a:link", ns) if link.get("rel") == "related"]
    assert related == []  # neither is a safe http(s) URL without <>: the javascript: one is dropped
    assert "\x1b" not in text
