"""Reports of a monitor run: text (like ``govreg check``), JSON (the check contract), Markdown, HTML."""

from __future__ import annotations

import html
import json
from collections import Counter
from itertools import groupby
from typing import Any

from .run import MonitorResult
from .snapshot import SiteSeen

FORMATS = ("text", "json", "markdown", "html")


def stats(result: MonitorResult) -> dict[str, Any]:
    snap = result.snapshot
    counts = Counter(f.severity.value for f in result.findings)
    return {
        "sites": len(snap.sites),
        "accounts": len(snap.accounts),
        "requests": snap.traffic.requests,
        "bytes_downloaded": snap.traffic.bytes_downloaded,
        "not_modified": snap.traffic.not_modified,
        "errors": counts.get("error", 0),
        "warnings": counts.get("warning", 0),
        "infos": counts.get("info", 0),
        "today": snap.day.isoformat(),
    }


def render(result: MonitorResult, fmt: str) -> str:
    if fmt == "json":
        data = {"valid": result.valid, "stats": stats(result), "findings": [f.to_json() for f in result.findings]}
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return markdown(result)
    if fmt == "html":
        return page(result)
    return text(result)


def _summary(result: MonitorResult) -> str:
    s = stats(result)
    line = f"巡测了 {s['sites']} 个网站、{s['accounts']} 个账号（请求 {s['requests']} 次）：{s['errors']} 个错误，{s['warnings']} 个警告。"
    return line + (" 通过。" if result.valid else " 未通过：请按每条错误下面的 → 提示处理。")


def text(result: MonitorResult) -> str:
    lines: list[str] = []
    for path, group in groupby(result.findings, key=lambda f: f.path):
        lines.append(path or "（仓库）")
        for f in group:
            where = f"{f.line}:{f.column or 1}" if f.line else "-"
            article = f"〔{f.article}〕" if f.article else ""
            lines.append(f"  {where.ljust(8)}{f.severity.label}  {f.message}{article}  {f.code}")
            if f.hint:
                lines.append(f"  {' ' * 8}→ {f.hint}")
        lines.append("")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _site_row(site: SiteSeen) -> list[str]:
    home = site.home
    status = str(home.status) if home.status is not None else (home.error or "无应答")
    stale = sum(1 for c in site.columns if c.days is not None and c.limit is not None and c.days > c.limit)
    return [
        site.id,
        status,
        f"{home.seconds:.2f}",
        "是" if home.https else "否",
        home.newest.isoformat() if home.newest else "—",
        f"{stale}/{len(site.columns)}",
        str(len(site.dead_links)),
        str(len(site.hidden_links)),
    ]


HEAD = ["网站", "首页状态", "用时（秒）", "HTTPS", "首页最新日期", "超期栏目/已巡测栏目", "死链接", "暗链"]


def markdown(result: MonitorResult) -> str:
    snap = result.snapshot
    out = [f"# 政府网站巡测报告（{snap.day.isoformat()}）", "", _summary(result), "", "| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in _site_row(site)) + " |" for site in snap.sites]
    out += ["", "## 发现的问题", ""]
    if not result.findings:
        out.append("没有发现问题。")
    for f in result.findings:
        where = f"{f.path}:{f.line}" if f.line else f.path
        out.append(f"- **{f.severity.label}** `{where}` {f.message}〔{f.article}〕({f.code})")
    return "\n".join(out) + "\n"


def page(result: MonitorResult) -> str:
    snap = result.snapshot
    e = html.escape
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in _site_row(s)) + "</tr>" for s in snap.sites)
    items = "".join(
        f'<li class="{f.severity.value}"><b>{e(f.severity.label)}</b> <code>{e(f.path)}{":" + str(f.line) if f.line else ""}</code> '
        f"{e(f.message)}〔{e(f.article)}〕<small>{e(f.code)}</small></li>"
        for f in result.findings
    ) or "<li>没有发现问题。</li>"
    title = f"政府网站巡测报告（{snap.day.isoformat()}）"
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}</title>'
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px}"
        ".error b{color:#b00}.warning b{color:#a60}.info b{color:#06a}</style></head><body>"
        f"<h1>{e(title)}</h1><p>{e(_summary(result))}</p><table><thead><tr>"
        + "".join(f"<th>{e(h)}</th>" for h in HEAD)
        + f"</tr></thead><tbody>{rows}</tbody></table><h2>发现的问题</h2><ul>{items}</ul></body></html>\n"
    )
