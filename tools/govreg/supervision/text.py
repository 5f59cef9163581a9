"""Shared pieces of the Markdown and HTML reports: labels, cell escaping, the HTML page shell."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

LEVELS = {"veto": "单项否决", "error": "错误", "warning": "警告", "info": "提示"}
STATES = {"ok": "正常", "over": "超过时限", "blank": "空白", "new": "新开设，暂无发布", "free": "无更新时限"}
KINDS = {"account": "账号", "site": "网站首页", "column": "栏目"}
BASIS = "第十八条、第二十条；国办秘函〔2019〕19号检查指标"  # after the measures' title (config/govreg.yaml city:)


def basis(measures: str) -> str:
    """The inspection's basis line: the city's measures (``City.basis``), the articles and the national indicators."""
    return f"{measures}{BASIS}"


def md_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # "<" as an entity: a Markdown viewer must not take a title for HTML
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\r", " ").replace("\n", " ").strip() or " "


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def short_commit(commit: str | None) -> str:
    return commit[:10] if commit else ""


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def html_table(header: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    """Rows are already-escaped HTML cells."""
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{css}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


CSS = """
:root{--ink:#1f2933;--muted:#52606d;--line:#d9e2ec;--veto:#b71c1c;--error:#d84315;--warning:#a66f00;--info:#1565c0;--ok:#2e7d32}
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 'Noto Sans CJK SC','WenQuanYi Zen Hei','Microsoft YaHei','PingFang SC',sans-serif;color:var(--ink);background:#f5f7fa}
main{max-width:1040px;margin:0 auto;padding:24px 32px 64px;background:#fff}
h1{font-size:24px;margin:8px 0 4px;color:#102a43}
h2{font-size:19px;margin:32px 0 12px;padding-bottom:4px;border-bottom:2px solid #102a43}
h3{font-size:17px;margin:28px 0 8px}
h4{font-size:15px;margin:16px 0 6px;color:#334e68}
.meta{color:var(--muted);margin:0 0 8px;padding-left:18px}
.verdict{display:inline-block;padding:4px 12px;border-radius:4px;font-weight:bold;color:#fff;background:var(--ok)}
.verdict.fail{background:var(--veto)}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13.5px}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f8;font-weight:600;white-space:nowrap}
td.num{text-align:right;white-space:nowrap}
.level{white-space:nowrap;font-weight:600}
.level-veto{color:var(--veto)}.level-error{color:var(--error)}.level-warning{color:var(--warning)}.level-info{color:var(--info)}
.state-over,.state-blank{color:var(--veto);font-weight:600}.state-ok{color:var(--ok)}
.hint{color:var(--muted);font-size:12.5px}
code{font-size:12.5px;background:#f0f4f8;padding:0 3px;border-radius:3px;word-break:break-all}
.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start;margin:8px 0}
svg.chart{max-width:100%;height:auto;background:#fff;border:1px solid var(--line);border-radius:4px}
nav.toc{columns:3;font-size:13px;margin:8px 0 16px}
nav.toc a{color:#243b53;text-decoration:none}
.notes li{color:var(--muted)}
footer{margin-top:40px;color:var(--muted);font-size:12.5px}
@media print{body{background:#fff}main{padding:0;max-width:none}section.unit{break-inside:avoid-page}nav.toc{display:none}}
"""


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{e(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
