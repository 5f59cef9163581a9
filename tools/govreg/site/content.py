"""信息发布: published items by channel and column, with source and release time (Art. 14)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from . import paths
from .data import SOURCE_KIND_LABELS, PublicData, Record
from .escape import cell, link, md
from .markup import a, head, heading, page, table

ITEM_HEADERS = ("标题", "发布时间", "来源", "发布单位", "公开期限")


def released(item: Record) -> str:
    return str(item["_released"].strftime("%Y-%m-%d %H:%M"))


def source_text(item: Record) -> str:
    source = item["source"]
    kind = SOURCE_KIND_LABELS.get(source["kind"], source["kind"])
    return f"{kind}:{link(source['name'], source.get('url'))}"


def retention_text(item: Record) -> str:
    retention = item["retention"]
    return "长期" if retention == "permanent" else f"至 {retention}"


def items_table(data: PublicData, items: list[Record]) -> str:
    rows = (
        (
            cell(item["title"]),
            released(item),
            source_text(item),
            cell(data.unit_name(item["unit"])),
            retention_text(item),
        )
        for item in items
    )
    return table(ITEM_HEADERS, rows, empty="暂无已发布的信息。")


def render(data: PublicData) -> Iterator[tuple[str, str]]:
    by_channel = data.content_by_channel()
    yield paths.CONTENT, _index(data, by_channel)
    for site in data.sites.values():
        by_column: dict[str, list[Record]] = defaultdict(list)
        for item in by_channel.get(site["id"], []):
            by_column[item.get("column") or ""].append(item)
        seen: set[str] = set()
        for column in site["columns"]:
            if column["id"] in seen:
                continue
            seen.add(column["id"])
            src = paths.column(site["id"], column["id"])
            items = by_column.get(column["id"], [])
            yield (
                src,
                page(
                    head(f"{column['name']}（{site['name']}）"),
                    f"网站：{a(md(site['name']), src, paths.site(site['id']))}；"
                    f"内容保障责任单位：{cell(data.unit_name(column['responsible_unit']))}；"
                    f"已发布信息 {len(items)} 条（不含已超过公开期限的信息）。",
                    items_table(data, items),
                ),
            )


def _latest(items: list[Record]) -> str:
    return released(items[0]) if items else "—"


def _index(data: PublicData, by_channel: dict[str, list[Record]]) -> str:
    src = paths.CONTENT
    blocks = [
        head("信息发布"),
        "各政府网站栏目和政务新媒体账号已发布的信息，逐条列出信息来源和发布时间（第十四条）。"
        "只列出主动公开、仍在公开期限内的信息；超过公开期限的信息已按第十五条清理，不再列出。",
        heading(2, "政府网站", "sites"),
    ]
    for site in data.sites.values():
        items = by_channel.get(site["id"], [])
        counts: dict[str, list[Record]] = defaultdict(list)
        for item in items:
            counts[item.get("column") or ""].append(item)
        rows = []
        seen: set[str] = set()
        for column in site["columns"]:
            if column["id"] in seen:
                continue
            seen.add(column["id"])
            col_items = counts.get(column["id"], [])
            rows.append(
                (
                    a(md(column["name"]), src, paths.column(site["id"], column["id"])),
                    cell(data.unit_name(column["responsible_unit"])),
                    str(len(col_items)),
                    _latest(col_items),
                )
            )
        blocks.append(heading(3, a(md(site["name"]), src, paths.site(site["id"])), f"site-{site['id']}"))
        blocks.append(table(("栏目", "内容保障责任单位", "信息条数", "最近发布"), rows, empty="该网站未登记栏目。"))
    blocks.append(heading(2, "政务新媒体账号", "accounts"))
    account_rows = []
    for account in data.accounts.values():
        items = by_channel.get(account["id"], [])
        if not items:
            continue
        account_rows.append(
            (
                a(md(account["name"]), src, paths.account(account["id"]) + "#published"),
                cell(data.platform_name(account["platform"])),
                cell(data.unit_name(account["owner"])),
                str(len(items)),
                _latest(items),
            )
        )
    blocks.append(table(("账号", "平台", "主办单位", "信息条数", "最近发布"), account_rows, empty="暂无政务新媒体账号登记的发布信息。"))
    return page(*blocks)
