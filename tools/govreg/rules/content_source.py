"""# 信息来源与转载来源（第十条、第十二条、第十四条）

《管理办法》第十条：信息来源包括主动公开的信息和转载主流媒体的信息；第十四条：认真填写来源；
第十二条“转载审核”：转载**中央文件、国务院文件及国务院各部委、各直属机构文件**，应当从《人民日报》、
新华社等中央新闻单位或中国政府网、国务院各部委、各直属机构官方网站等权威平台转载；转载**自治区政府
文件**，应当从自治区人民政府门户网站、自治区政府各组成部门、各直属机构官方网站转载。

| 代码 | 检查内容 |
|---|---|
| `reprint-source` | 转载（`source.kind: reprint`）须写明来源名称 `name` 和网址 `url`；中央或自治区文件（`document_level: central/region`）只能是转载，不能标为原创 `original` |
| `reprint-authority` | 转载中央文件时，`source.url` 的网站在 `config/reprint-sources.yaml` 的 `central` 清单中；转载自治区文件时在 `region` 清单中 |
| `reprint-media` | 一般信息（`document_level` 为 `none` 或 `local`）的转载：`source.url` 的网站在 `media`、`central` 或 `region` 清单中（第十条“转载主流媒体的信息”）；不接受任意网站 |

网站按**注册域名**匹配（依据公共后缀列表），不按字符串包含匹配：`www.nx.gov.cn`、`fzggw.nx.gov.cn`
属于 `nx.gov.cn`;`gov.cn.evil.com` 的注册域名是 `evil.com`，不属于任何政府网站。
仓库没有 `config/reprint-sources.yaml` 时使用 govreg 自带的清单(中国政府网、人民网、新华网、
国务院各部委网站；自治区：`nx.gov.cn` 及其下级网站)。

## 不通过

```yaml
source:
  kind: reprint
  name: 某资讯网
  url: https://www.gov.cn.example.com/policy/1.html   # 注册域名是 example.com
  document_level: central
```

## 通过

```yaml
source:
  kind: reprint
  name: 中国政府网
  url: https://www.gov.cn/zhengce/content/202608/content_7061234.htm
  document_level: central
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict, Field

from ..context import Context
from ..datalists import refused
from ..domains import DomainList, host_of, registered_domain
from ..findings import Finding, Rule
from ._content import data_list
from ._shared import once

REPRINT_SOURCE = Rule(
    "reprint-source",
    "来源填写不全",
    "{detail}",
    article="第十条",
    hint="转载的信息请在 source 中写明来源名称 name 和原文网址 url；中央、自治区文件请标为转载（kind: reprint）并写明出处。",
)
REPRINT_AUTHORITY = Rule(
    "reprint-authority",
    "转载来源不是权威平台",
    "转载{level}文件，但来源网站 {host}（注册域名 {domain}）不在{list_name}中",
    article="第十二条",
    hint="{level}文件只能从{where}转载；请改从权威平台转载并更新 source.url。若该网站确属权威平台，请由政务公开办加入 {source} 的 {key} 清单。",
)
REPRINT_MEDIA = Rule(
    "reprint-media",
    "稿源不是主流媒体",
    "转载的信息来自 {host}（注册域名 {domain}），不在稿源清单中",
    article="第十条",
    hint="第十条：转载的只能是主流媒体的信息；请改从主流媒体或政府网站转载并更新 source.url。若该网站确属主流媒体，请由政务公开办加入 {source} 的 media 清单。",
)
RULES = (REPRINT_SOURCE, REPRINT_AUTHORITY, REPRINT_MEDIA)

FILE = "reprint-sources"


class ReprintSources(BaseModel):
    model_config = ConfigDict(extra="forbid")
    central: list[str] = Field(default_factory=list, description="中央文件的权威转载来源")
    region: list[str] = Field(default_factory=list, description="自治区文件的权威转载来源")
    media: list[str] = Field(default_factory=list, description="一般信息可转载的主流媒体和政府网站（central、region 中的网站同样可以）")


LEVELS = {
    "central": ("中央、国务院及部委", "中央转载来源清单", "《人民日报》、新华社等中央新闻单位或中国政府网、国务院各部委和直属机构官方网站"),
    "region": ("自治区政府及其部门", "自治区转载来源清单", "自治区人民政府门户网站或自治区政府各组成部门、各直属机构官方网站"),
}


def allow_lists(ctx: Context) -> tuple[dict[str, DomainList], str, list[Finding]]:
    def build() -> tuple[dict[str, DomainList], str, list[Finding]]:
        loaded = data_list(ctx, FILE, ReprintSources)
        findings = list(loaded.findings)
        lists: dict[str, DomainList] = {}
        for key in ("central", "region", "media"):
            parsed, bad = DomainList.parse(getattr(loaded.value, key))
            lists[key] = parsed
            findings += refused(loaded.source, key, bad, ctx.repo.root)
        return lists, loaded.source, findings

    return once(ctx, "reprint-allow-lists", build)


def check(ctx: Context) -> Iterator[Finding]:
    lists, source_file, findings = allow_lists(ctx)
    yield from findings
    for path, item in ctx.repo.content.items():
        source = item.source
        level = source.document_level
        if source.kind == "original":
            if level in LEVELS:
                yield REPRINT_SOURCE(
                    path, loc=("source", "kind"),
                    detail=f"document_level 是 {level}（{LEVELS[level][0]}文件），本单位不是原发单位，应为转载（kind: reprint）并写明来源网址",
                )
            continue
        if source.url is None:
            yield REPRINT_SOURCE(path, loc=("source",), detail=f"转载自「{source.name}」，但没有填写原文网址 source.url")
            continue
        host = host_of(source.url)
        if level not in LEVELS:
            if not any(lists[key].match(host) is not None for key in ("central", "region", "media")):
                yield REPRINT_MEDIA(path, loc=("source", "url"), host=host or source.url, domain=(registered_domain(host) or "无") if host else "无", source=source_file)
            continue
        if lists[level].match(host) is None:
            name, list_name, where = LEVELS[level]
            yield REPRINT_AUTHORITY(
                path, loc=("source", "url"), level=name, host=host or source.url,
                domain=(registered_domain(host) or "无") if host else "无", list_name=list_name, where=where, source=source_file, key=level,
            )

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
