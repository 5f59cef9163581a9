"""# 链接：协议、禁止链接的网站、政府网站的明文链接（第十二条）

《管理办法》第十二条“质量审核”：所发布的信息不得与非法网站建立连接。

本规则检查正文中的每个链接(Markdown 链接和图片、引用式链接定义、`<…>` 自动链接、HTML 的 `href`/`src`、
正文中直接写出的 `http(s)://` 网址)以及转载来源网址 `source.url`:

| 代码 | 级别 | 检查内容 |
|---|---|---|
| `link-scheme` | 错误 | 只允许 `http`、`https`、`mailto` 链接和站内相对链接；`javascript:`、`data:`、`file:`、`vbscript:` 及 `//host` 这类省略协议的链接是错误。浏览器会忽略协议中的空白和控制字符、会解码 HTML 字符实体，检查时同样处理（`java&#10;script:` 也会被发现） |
| `link-blocked` | 错误 | 链接的网站在 `config/link-blocklist.yaml` 的禁止清单中（按注册域名匹配，不按字符串包含匹配） |
| `link-insecure-gov` | 警告 | 以明文 `http://` 链接到 `gov.cn` 政府网站；政府网站应使用 `https://` |

允许的协议可在 `config/govreg.yaml` 的 `links:` 中设置（如加入 `tel`）。

## 不通过

```markdown
[点击领取补贴](javascript:alert(1))
详见 [通知](http://www.nx.gov.cn/zwgk/1.html)
```

## 通过

```markdown
详见 [通知](https://www.nx.gov.cn/zwgk/1.html)、[附件](files/notice.pdf)、[联系我们](mailto:zwgk@example.gov.cn)
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..context import Context
from ..datalists import refused
from ..domains import DomainList, host_of, is_gov_cn
from ..findings import Finding, Rule, Severity
from ..textscan import Link, is_drive_path, scheme_of
from ._content import content_texts, data_list
from ._shared import once, settings

SCHEME = Rule(
    "link-scheme",
    "不允许的链接协议",
    "链接「{target}」{problem}",
    article="第十二条",
    hint="只允许 https://、http://、mailto: 链接和站内相对链接；请删除该链接或改为网站上的正式地址。",
)
BLOCKED = Rule(
    "link-blocked",
    "链接到禁止的网站",
    "链接「{target}」指向禁止链接的网站 {host}（清单条目「{entry}」）",
    article="第十二条",
    hint="所发布的信息不得与非法网站建立连接：请删除该链接。清单见 {source}。",
)
INSECURE = Rule(
    "link-insecure-gov",
    "政府网站使用明文 http 链接",
    "链接「{target}」以明文 http:// 指向政府网站 {host}",
    severity=Severity.warning,
    article="第十二条",
    hint="请改为 https://{rest}（政府网站均已支持 HTTPS）。",
)
RULES = (SCHEME, BLOCKED, INSECURE)

FILE = "link-blocklist"


class LinkSettings(BaseModel):
    """``links:`` in config/govreg.yaml."""

    model_config = ConfigDict(extra="forbid")
    allowed_schemes: list[str] = Field(default_factory=lambda: ["http", "https", "mailto"], description="允许的链接协议")


class LinkBlocklist(BaseModel):
    model_config = ConfigDict(extra="forbid")
    domains: list[str] = Field(default_factory=list, description="禁止链接的域名")


def blocklist(ctx: Context) -> tuple[DomainList, str, list[Finding]]:
    def build() -> tuple[DomainList, str, list[Finding]]:
        loaded = data_list(ctx, FILE, LinkBlocklist)
        parsed, bad = DomainList.parse(loaded.value.domains)
        return parsed, loaded.source, [*loaded.findings, *refused(loaded.source, "domains", bad, ctx.repo.root)]

    return once(ctx, "link-blocklist", build)


def _short(target: str, limit: int = 80) -> str:
    return target if len(target) <= limit else target[: limit - 1] + "…"


def judge(link_target: str, allowed: set[str], blocked: DomainList, source: str) -> Iterator[tuple[Rule, dict[str, Any]]]:
    """What is wrong with one link target: (rule, message parameters)."""
    target = link_target.strip()
    shown = _short(target)
    if is_drive_path(target):
        return  # a file on someone's computer: reported by content_attachments (attachment-outside)
    scheme = scheme_of(target)
    if scheme is None:
        if target.startswith("//"):
            yield SCHEME, {"target": shown, "problem": "省略了协议（//开头），会随页面协议变化，且不是站内链接"}
        return
    if scheme not in allowed:
        written = f"{scheme}:"  # as written in a link
        yield SCHEME, {"target": shown, "problem": f"使用了 {written} 协议"}
        return
    if scheme == "mailto":
        host = target.split("?", 1)[0].rsplit("@", 1)[-1] if "@" in target else None
    else:
        host = host_of(target)
    entry = blocked.match(host) if host else None
    if entry is not None and host is not None:
        yield BLOCKED, {"target": shown, "host": host, "entry": entry.raw, "source": source}
    if scheme == "http" and host is not None and is_gov_cn(host):
        rest = target.split("://", 1)[1] if "://" in target else target
        yield INSECURE, {"target": shown, "host": host, "rest": _short(rest, 60)}


def check(ctx: Context) -> Iterator[Finding]:
    conf, problems = settings(ctx, "links", LinkSettings)
    yield from problems
    blocked, source, more = blocklist(ctx)
    yield from more
    allowed = {s.lower() for s in conf.allowed_schemes}
    for path, item, text in content_texts(ctx):
        if item.source.url:
            for rule, params in judge(item.source.url, allowed, blocked, source):
                yield rule(path, loc=("source", "url"), **params)
        links = text.body_links()  # found once per item for both link rules (none: a few substring searches)
        if not links:
            continue
        base = text.body_start
        link: Link
        verdicts: dict[str, list[tuple[Rule, dict[str, Any]]]] = {}  # one verdict per distinct target
        for link in links:
            problems_found = verdicts.get(link.target)
            if problems_found is None:
                problems_found = verdicts[link.target] = list(judge(link.target, allowed, blocked, source))
            if not problems_found or text.region(base + link.offset) != "body":
                continue
            line, column = text.position(base + link.offset)
            for rule, params in problems_found:
                yield rule(path, line=line, column=column, **params)


SETTINGS = {"links": LinkSettings}  # its sections of config/govreg.yaml (the config schema)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
