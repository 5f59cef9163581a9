"""The public view of the repository: what the site may show, as plain data.

Every record passes through :func:`govreg.models.public_dump` here, once;
page modules only ever see these dictionaries, so a field the models mark
private cannot reach a page or a download.  Content is reduced to what is
published: released, proactively disclosed and not past its retention.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..clock import CHINA, now_default, today_default
from ..config import SiteSettings
from ..models import public_dump
from ..repository import Repository
from ..validation import validate

Record = dict[str, Any]


class SiteSettingsError(ValueError):
    """``site:`` in config/govreg.yaml is not valid (the message is Chinese, for the person who edits it)."""


def site_settings(repo: Repository) -> SiteSettings:
    """The ``site:`` section of config/govreg.yaml; :class:`SiteSettingsError` when it is wrong."""
    raw = (repo.config.model_extra or {}).get("site")
    if raw is not None and not isinstance(raw, (dict, SiteSettings)):
        raise SiteSettingsError("config/govreg.yaml 中的 site 应为“字段: 值”的映射")  # typography: verbatim (YAML syntax: an ASCII colon and a space)
    if isinstance(raw, dict):
        checked, findings = validate(SiteSettings, raw, "config/govreg.yaml")
        if checked is None:
            details = "；".join(f.message.replace("「", "「site.", 1) for f in findings)
            raise SiteSettingsError(f"config/govreg.yaml 中的 site 设置有误：{details}")
    settings: SiteSettings = repo.config.section("site", SiteSettings)
    if not settings.title:
        settings.title = repo.config.city.registry_title
    return settings


STATUS_LABELS = {"active": "正常运行", "closed": "已关停", "cancelled": "已注销"}
EVENT_LABELS = {"open": "开设", "change": "变更", "close": "关停", "cancel": "注销"}
SITE_KIND_LABELS = {"portal": "政府门户网站", "department": "部门网站", "special-topic": "专项网站"}
SOURCE_KIND_LABELS = {"original": "原创", "reprint": "转载"}
PURPOSE_LABELS = {"general": "综合", "special-topic": "专项"}


@dataclass
class Announcement:
    """One public notice of a change, closure or cancellation (Art. 8)."""

    account: Record
    event: Record
    start: dt.date
    end: dt.date
    title: str
    url: str | None

    def state(self, today: dt.date) -> str:
        if today < self.start:
            return "upcoming"
        return "current" if today <= self.end else "ended"


@dataclass
class PublicData:
    today: dt.date
    settings: SiteSettings
    platforms: dict[str, str]  # platform id -> name
    handle_labels: dict[str, str]  # platform id -> what the platform calls a handle (微信号 …)
    units: dict[str, Record]
    accounts: dict[str, Record]
    sites: dict[str, Record]
    content: list[Record]  # published items only, newest first
    announcements: list[Announcement] = field(default_factory=list)
    incidents: dict[str, list[Record]] = field(default_factory=dict)  # channel id -> open incidents (site/incidents.py)
    _by_channel: dict[str, list[Record]] | None = field(default=None, repr=False)

    # ------------------------------------------------------------ lookups
    def unit_name(self, unit_id: str | None) -> str:
        if not unit_id:
            return ""
        unit = self.units.get(unit_id)
        return str(unit["name"]) if unit else unit_id

    def platform_name(self, platform_id: str) -> str:
        return self.platforms.get(platform_id, platform_id)

    def accounts_by_unit(self, accounts: list[Record] | None = None) -> dict[str, list[Record]]:
        grouped: dict[str, list[Record]] = defaultdict(list)
        for account in self.accounts.values() if accounts is None else accounts:
            grouped[account["owner"]].append(account)
        order = {unit_id: i for i, unit_id in enumerate(self.units)}
        return dict(sorted(grouped.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    def content_by_channel(self) -> dict[str, list[Record]]:
        """Published items by channel id, newest first (computed once)."""
        if self._by_channel is None:
            grouped: dict[str, list[Record]] = defaultdict(list)
            for item in self.content:
                grouped[item["channel"]].append(item)
            self._by_channel = dict(grouped)
        return self._by_channel


def closing_event(account: Record) -> Record | None:
    """The event that ended the account (its last close/cancel), if it is no longer active."""
    if account["status"] == "active":
        return None
    for event in reversed(account["lifecycle"]):
        if event["type"] in ("close", "cancel"):
            return dict(event)
    return None


def opened_on(account: Record) -> str | None:
    for event in account["lifecycle"]:
        if event["type"] == "open":
            return str(event["date"])
    return None


def status_text(account: Record) -> str:
    label = str(STATUS_LABELS.get(account["status"], account["status"]))
    ended = closing_event(account)
    if ended is not None:
        return f"{label}（{ended['date']} 起）"
    return label


_KIND_ORDER = {
    "government": 0,
    "government-office": 1,
    "party-body": 2,
    "agency": 3,
    "public-institution-with-admin-functions": 4,
    "park": 5,
    "township": 6,
    "internal-body": 7,
}


def _released(item: Record, today: dt.date, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the item was released (China time), if its release time has come and it is still within its retention.

    ``published_at`` is the release time: an item scheduled for later (even later today) is not shown
    before it; the publish workflow rebuilds the site every 15 minutes to release scheduled items.
    """
    released = item.get("published_at")
    if released is None or item.get("disclosure") != "proactive":
        return None
    when = dt.datetime.fromisoformat(released)
    if when.tzinfo is None:
        when = when.replace(tzinfo=CHINA)
    when = when.astimezone(CHINA)
    if when.date() > today or (now is not None and when > now):
        return None
    retention = item.get("retention")
    if retention == "permanent" or (isinstance(retention, str) and dt.date.fromisoformat(retention) >= today):
        return when
    return None


def public_data(repo: Repository, today: dt.date, now: dt.datetime | None = None) -> PublicData:
    """Everything the site shows, built from ``public_dump`` of each record (items released by ``now``, default: the build's time)."""
    if now is None:
        now = now_default() if today == today_default() else dt.datetime(today.year, today.month, today.day, 23, 59, 59, tzinfo=CHINA)
    units = [public_dump(u) for u in repo.units.values()]
    units.sort(key=lambda u: (u["region"], _KIND_ORDER.get(u["kind"], 9), u["id"]))
    accounts = sorted((public_dump(a) for a in repo.accounts.values()), key=lambda a: (a["owner"], a["platform"], a["id"]))
    sites = sorted((public_dump(s) for s in repo.sites.values()), key=lambda s: s["id"])
    content: list[Record] = []
    for path, item in repo.content.items():
        record = public_dump(item)
        released = _released(record, today, now)
        if released is not None:
            record["_released"] = released
            record["_path"] = path
            content.append(record)
    content.sort(key=lambda c: (c["_released"], c["_path"]), reverse=True)
    data = PublicData(
        today=today,
        settings=site_settings(repo),
        platforms={p.id: p.name for p in repo.config.platforms},
        handle_labels={p.id: p.handle_label for p in repo.config.platforms},
        units={u["id"]: u for u in units},
        accounts={a["id"]: a for a in accounts},
        sites={s["id"]: s for s in sites},
        content=content,
    )
    data.announcements = _announcements(data)
    from .incidents import open_incidents  # the banner hook (issue 16)

    data.incidents = open_incidents(repo, today)
    return data


def _announcements(data: PublicData) -> list[Announcement]:
    """Current notices first (newest start first), then upcoming, then ended ones."""
    out: list[Announcement] = []
    for account in data.accounts.values():
        for event in account["lifecycle"]:
            notice = event.get("announcement")
            if not notice:
                continue
            label = EVENT_LABELS.get(event["type"], event["type"])
            platform = data.platform_name(account["platform"])
            title = notice.get("title") or f"关于{platform}账号“{account['name']}”{label}的公告"
            out.append(
                Announcement(
                    account=account,
                    event=event,
                    start=dt.date.fromisoformat(notice["from"]),
                    end=dt.date.fromisoformat(notice["to"]),
                    title=str(title),
                    url=notice.get("url"),
                )
            )
    rank = {"current": 0, "upcoming": 1, "ended": 2}
    out.sort(key=lambda a: (rank[a.state(data.today)], -a.start.toordinal(), a.account["id"]))
    return out
