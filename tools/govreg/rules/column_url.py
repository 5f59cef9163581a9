"""# 栏目列表页地址（第三条、第十八条）

栏目的 `url` 是该栏目列表页的地址，`govreg monitor` 从这个页面上读出最新一条信息的日期，核对栏目实际的
更新情况（第十八条）。所以它必须是本网站的页面：

- 主机名是网站登记的域名 `domain`（或其下的子域名）；指向别的网站时，实测的是别人的更新情况；
- 使用 `https://`（国办发〔2017〕47号要求政府网站支持 HTTPS）。

## 不通过

```yaml
# sites/city-portal.yaml(domain: www.example.gov.cn)
columns:
  - id: news
    name: 要闻动态
    url: https://www.nx.gov.cn/zwxx/              # 自治区网站的页面
  - id: notices
    name: 通知公告
    url: http://www.example.gov.cn/xwzx/tzgg/     # 不是 https
```

## 通过

```yaml
columns:
  - id: news
    name: 要闻动态
    url: https://www.example.gov.cn/xwzx/wzyw/
```
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from ..context import Context
from ..findings import Finding, Rule, Severity

COLUMN_URL = Rule(
    "column-url",
    "栏目列表页地址不在本网站",
    "栏目「{column_name}」的列表页地址 {url} {problem}",
    article="第三条",
    hint="url 应填本网站上该栏目列表页的地址（https://{domain}/…）；不清楚时可以不填。",
)
COLUMN_URL_HTTP = Rule(
    "column-url-http",
    "栏目列表页地址不是 HTTPS",
    "栏目「{column_name}」的列表页地址 {url} 使用不加密的 http://",
    severity=Severity.warning,
    article="第三条",
    hint="请改为 https:// 地址（国办发〔2017〕47号要求政府网站支持 HTTPS）。",
)
RULES = (COLUMN_URL, COLUMN_URL_HTTP)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    for site in repo.sites.values():
        path = repo.path_of("site", site.id)
        domain = site.domain.lower()
        for i, column in enumerate(site.columns):
            if column.url is None:
                continue
            parts = urlsplit(str(column.url))
            host = (parts.hostname or "").lower().rstrip(".")
            loc: tuple[str | int, ...] = ("columns", i, "url")
            if host != domain and not host.endswith("." + domain):
                yield COLUMN_URL(path, loc=loc, column_name=column.name, url=str(column.url), domain=site.domain,
                                 problem=f"不在本网站的域名 {site.domain} 下")
            elif parts.scheme != "https":
                yield COLUMN_URL_HTTP(path, loc=loc, column_name=column.name, url=str(column.url))
