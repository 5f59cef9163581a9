"""# 账号链接必须在平台自己的域名上（第八条）

账号的 `url` 会显示在公开网站上，并生成二维码，群众会照着它去关注账号；链接必须真的通向登记的平台。
本规则按 `config/platforms.yaml` 中该平台的 `domains`（用公共后缀列表算出链接主机的“可注册域名”再比较）检查：

- 链接的域名前带“@”（`https://weibo.com@evil.example/…` 真正打开的是 `evil.example`）；
- 链接主机只是以平台域名开头（`www.douyin.com.x.evil.cn` 属于 `evil.cn`）；
- 链接是别的平台或别的网站的；

都是**错误** `account-url-domain`。没有配置 `domains` 的平台（小程序、移动客户端）不检查。

## 不通过

```yaml
platform: weibo
handle: "6412345001"
url: https://weibo.com@evil.example/u/6412345001
```

## 通过

```yaml
platform: weibo
handle: "6412345001"
url: https://weibo.com/u/6412345001
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ._shared import account_links, account_path

URL_DOMAIN = Rule(
    "account-url-domain",
    "账号链接不在平台的域名上",
    "账号链接 {url} 不是{platform}的链接：{reason}（允许的域名：{domains}）",
    article="第八条",
    hint="请从平台上复制本账号主页的链接填入 url；不确定时删去 url，只登记账号 ID。",
)
RULES = (URL_DOMAIN,)


def check(ctx: Context) -> Iterator[Finding]:
    platforms = ctx.config.platforms
    for account, platform, url, found in account_links(ctx):
        if found.code in ("scheme", "userinfo", "host"):
            reason = found.reason(platforms)
        elif found.domain not in platform.domains:
            reason = f"链接属于 {found.domain}"
        else:
            continue
        yield URL_DOMAIN(
            account_path(ctx, account), loc=("url",), url=url, platform=platform.name, reason=reason,
            domains="、".join(platform.domains),
        )

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
