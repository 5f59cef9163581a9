"""首页: what the registry is, the account check box, counts, the latest announcements."""

from __future__ import annotations

from collections import Counter

from . import paths
from .announcements import HEADERS as NOTICE_HEADERS
from .announcements import rows as notice_rows
from .data import PublicData
from .escape import md
from .markup import a, head, heading, page, rel, table


def search_form(src: str) -> str:
    """The 查验 box: it opens the verify page with the query (``/verify/?q=…``)."""
    action = rel(src, paths.VERIFY).replace("index.md", "")
    return (
        f'<form class="govreg-check" action="{action}" method="get" role="search">'
        '<input type="search" name="q" placeholder="账号名称、账号 ID，或粘贴账号链接" aria-label="账号名称、账号 ID 或链接" required>'
        '<button type="submit" class="md-button md-button--primary">查验账号</button>'
        "</form>"
    )


def render(data: PublicData) -> str:
    src = paths.HOME
    active = sum(1 for acc in data.accounts.values() if acc["status"] == "active")
    blocks = [
        head(data.settings.title),
        search_form(src),
        f"名录中共有政务新媒体账号 {len(data.accounts)} 个（正常运行 {active} 个）、政府网站 {len(data.sites)} 个，"
        f"涉及 {len(data.units)} 个单位。已关停、已注销的账号仍列在{a('账号名录', src, paths.ACCOUNTS)}中并标明日期。",
    ]
    notices = data.announcements[: data.settings.latest_announcements]
    if notices:
        blocks.append(heading(2, "最新公告", "announcements"))
        blocks.append(table(NOTICE_HEADERS, notice_rows(data, src, notices)))
        blocks.append(a("全部公告", src, paths.ANNOUNCEMENTS))
    blocks.append(heading(2, "各平台账号数", "platforms"))
    per_platform: Counter[str] = Counter()
    per_platform_active: Counter[str] = Counter()
    for account in data.accounts.values():
        per_platform[account["platform"]] += 1
        if account["status"] == "active":
            per_platform_active[account["platform"]] += 1
    order = list(data.platforms)
    platform_rows = [
        (
            a(md(data.platform_name(pid)), src, paths.platform(pid)),
            str(per_platform_active[pid]),
            str(per_platform[pid] - per_platform_active[pid]),
            str(per_platform[pid]),
        )
        for pid in sorted(per_platform, key=lambda p: (order.index(p) if p in order else len(order), p))
    ]
    blocks.append(table(("平台", "正常运行", "已关停或注销", "合计"), platform_rows))
    blocks.append(heading(2, "各单位账号和网站数", "units"))
    accounts_per_unit = Counter(acc["owner"] for acc in data.accounts.values())
    sites_per_unit = Counter(site["owner"] for site in data.sites.values())
    unit_rows = []
    for unit_id, unit in data.units.items():
        if not accounts_per_unit[unit_id] and not sites_per_unit[unit_id]:
            continue
        name = md(unit["name"])
        label = a(name, src, paths.unit_anchor(unit_id)) if accounts_per_unit[unit_id] else name
        unit_rows.append((label, str(accounts_per_unit[unit_id]), str(sites_per_unit[unit_id])))
    blocks.append(table(("单位", "政务新媒体账号", "政府网站"), unit_rows))
    return page(*blocks)
