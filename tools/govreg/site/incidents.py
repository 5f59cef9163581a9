"""Warning banners for open security incidents (第十七条) on the public site.

An account or site hit by an incident of a hijacking kind (account hijacked or stolen,
page defaced) that is not closed yet gets a warning at the top of its page — and the
verify page can show the same box with :func:`incident_notice`.  Only public fields
reach the banner (kind, detection time, the public summary): who reported, to whom,
reference numbers and internal notes are private in the model and never read here.
"""

from __future__ import annotations

import datetime as dt

from ..engine import CHINA
from ..followup import INCIDENT_NAMES, open_account_incidents
from ..models import public_dump
from ..repository import Repository
from .data import PublicData, Record
from .escape import md
from .markup import notice


def open_incidents(repo: Repository, today: dt.date) -> dict[str, list[Record]]:
    """Channel id → public records of the open incidents affecting it, as the site is built on ``today``."""
    now = dt.datetime.combine(today, dt.time(23, 59, 59), CHINA)
    return {channel: [public_dump(i) for i in listed] for channel, listed in open_account_incidents(repo.incidents.values(), now).items()}


#: what an open incident on an account means for what is published in its name (the page, the verify card, govreg verify)
ACCOUNT_CAUTION = "处置完毕前，以该账号名义发布的信息可能不代表主办单位；请以主办单位网站发布的信息为准。"


def public_incident(incident: Record) -> dict[str, str]:
    """What the public sees of one open incident: its kind in words, when it was found (China time), the summary."""
    return {
        "kind": INCIDENT_NAMES.get(str(incident["kind"]), str(incident["kind"])),
        "detected": dt.datetime.fromisoformat(str(incident["detected"])).astimezone(CHINA).strftime("%Y-%m-%d %H:%M"),
        "summary": str(incident["summary"]),
    }


def incident_notice(data: PublicData, channel_id: str, what: str = "账号") -> str:
    """The warning box for ``channel_id`` (empty when it has no open incident)."""
    listed = data.incidents.get(channel_id, [])
    if not listed:
        return ""
    paragraphs = []
    for incident in map(public_incident, listed):
        paragraphs.append(f"{incident['detected']} 发现{incident['kind']}：{md(incident['summary'])}")
    if what == "账号":
        paragraphs.append(ACCOUNT_CAUTION)
    else:
        paragraphs.append("处置完毕前，该网站上的内容可能被篡改，不代表主办单位；请以主办单位的正式渠道为准。")
    return notice("warning", f"安全警示：此{what}正在处置安全事件", *paragraphs)
