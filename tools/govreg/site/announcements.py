"""公告: notices of changes, closures and cancellations (Art. 8), and their Atom feed."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from . import paths
from .data import EVENT_LABELS, Announcement, PublicData
from .escape import cell, link, md, safe_url, xml_text
from .markup import a, head, heading, page, table

STATE_LABELS = {"current": "公告中", "upcoming": "即将公告", "ended": "公告期已结束"}


def rows(data: PublicData, src: str, notices: list[Announcement]) -> Iterator[tuple[str, ...]]:
    for notice in notices:
        account = notice.account
        yield (
            link(notice.title, notice.url) if notice.url else md(notice.title),
            a(md(account["name"]), src, paths.account(account["id"])),
            cell(data.platform_name(account["platform"])),
            EVENT_LABELS.get(notice.event["type"], md(notice.event["type"])),
            str(notice.event["date"]),
            f"{notice.start} 至 {notice.end}",
            STATE_LABELS[notice.state(data.today)],
        )


HEADERS = ("公告", "账号", "平台", "事项", "日期", "公告期", "状态")


def render(data: PublicData) -> Iterator[tuple[str, str]]:
    src = paths.ANNOUNCEMENTS
    today = data.today
    current = [n for n in data.announcements if n.state(today) != "ended"]
    ended = [n for n in data.announcements if n.state(today) == "ended"]
    yield (
        src,
        page(
            head("公告"),
            "政务新媒体账号变更、关停、注销后，主办单位向社会公告不少于 15 个工作日（第八条）。"
            f"正在公告的排在前面。也可以{a('订阅公告（Atom）', src, paths.FEED)}。",
            heading(2, "正在公告", "current"),
            table(HEADERS, rows(data, src, current), empty="目前没有正在公告的事项。"),
            heading(2, "公告期已结束", "ended"),
            table(HEADERS, rows(data, src, ended), empty="暂无。"),
        ),
    )
    yield paths.FEED, feed(data)


ATOM = "http://www.w3.org/2005/Atom"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00+08:00"


def feed(data: PublicData) -> str:
    """An Atom feed of the announcements (RFC 4287), newest first, absolute links.

    Built with ``xml.etree`` (which escapes every text and attribute) rather than by formatting
    strings; characters XML 1.0 cannot hold are dropped first (:func:`.escape.xml_text`).
    """
    base = data.settings.base_url
    notices = sorted(data.announcements, key=lambda n: (n.start, n.account["id"]), reverse=True)
    updated = max((n.start for n in notices), default=data.today)
    title = data.settings.title + "：公告" + (("（示例数据）") if data.settings.sample_data else "")
    root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "zh-CN"})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            element.text = xml_text(text)
        return element

    sub(root, "title", title)
    sub(root, "id", base + paths.url(paths.ANNOUNCEMENTS))
    sub(root, "link", rel="self", type="application/atom+xml", href=base + paths.FEED)
    sub(root, "link", rel="alternate", type="text/html", href=base + paths.url(paths.ANNOUNCEMENTS))
    sub(root, "updated", _stamp(updated))
    sub(sub(root, "author"), "name", data.settings.title)
    for notice in notices:
        account = notice.account
        page_url = base + paths.url(paths.account(account["id"]))
        label = EVENT_LABELS.get(notice.event["type"], notice.event["type"])
        summary = (
            f"{data.platform_name(account['platform'])}账号“{account['name']}”{label}（日期：{notice.event['date']}）；"
            f"公告期 {notice.start} 至 {notice.end}。"
        )
        entry = sub(root, "entry")
        sub(entry, "title", notice.title)
        sub(entry, "id", page_url + "#" + notice.event["type"] + "-" + str(notice.event["date"]))
        sub(entry, "link", rel="alternate", type="text/html", href=page_url)
        official = safe_url(notice.url)
        if official:
            sub(entry, "link", rel="related", type="text/html", href=official)
        sub(entry, "updated", _stamp(notice.start))
        sub(entry, "summary", summary)
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
