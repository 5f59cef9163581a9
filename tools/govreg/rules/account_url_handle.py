"""# 账号链接必须指向本账号（第八条）

平台的账号主页链接里常常带着账号 ID（微博 `weibo.com/u/6412345001`、头条 `toutiao.com/c/user/…`、
百家号 `author.baidu.com/home/…`、哔哩哔哩 `space.bilibili.com/…`）。哪些链接形式带着什么，
写在 `config/platforms.yaml` 的 `urls` 中。

- 链接里的账号 ID 与登记的 `handle` 不同，或链接是另一个平台的账号链接：**错误** `account-url-handle`;
- 链接在平台的域名上，但不是账号主页（文章链接、短链接、首页）：**警告** `account-url-not-profile`。

## 不通过

```yaml
platform: weibo
handle: "6412345001"
url: https://weibo.com/u/6412345999
```

## 通过

```yaml
platform: weibo
handle: "6412345001"
url: https://m.weibo.cn/u/6412345001
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..identity import canonical_handle, handle_label
from ._shared import account_links, account_path

URL_HANDLE = Rule(
    "account-url-handle",
    "账号链接指向别的账号",
    "账号链接 {url} 指向{linked}，不是登记的{label}「{handle}」",
    article="第八条",
    hint="请核对账号 ID 和链接：从平台上复制本账号主页的链接，或改正 handle。",
)
NOT_PROFILE = Rule(
    "account-url-not-profile",
    "账号链接不是账号主页",
    "账号链接 {url} 不是账号主页链接：{reason}",
    severity=Severity.warning,
    article="第八条",
    hint="请在平台上打开本账号的主页，复制地址栏中的链接填入 url。",
)
RULES = (URL_HANDLE, NOT_PROFILE)


def check(ctx: Context) -> Iterator[Finding]:
    platforms = ctx.config.platforms
    for account, platform, url, found in account_links(ctx):
        path = account_path(ctx, account)
        if found.code in ("short-link", "not-account") and found.domain in platform.domains:
            yield NOT_PROFILE(path, loc=("url",), url=url, reason=found.reason(platforms))
            continue
        if not found.ok:
            continue  # account-url-domain
        handle = canonical_handle(account.handle, platform)
        if found.platform != platform.id:
            other = ctx.config.platform(found.platform or "")
            linked = f"{other.name if other else found.platform}的账号"
        elif found.kind == "handle" and found.value != handle:
            linked = f"{platform.handle_label}「{found.value}」"
        else:
            continue
        yield URL_HANDLE(path, loc=("url",), url=url, linked=linked, label=handle_label(platform), handle=account.handle)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
