"""# 同一平台的账号 ID 只登记一次（第七条）

《管理办法》第七条：一个部门（单位）原则上在同一平台只开设一个政务新媒体账号。同一平台上的同一个账号
（账号 ID 相同，不区分大小写、忽略首尾空格）被两个文件登记，名录就会出现两条记录、两个主办单位，群众无从辨别真伪。

本规则按「平台 `platform` + 账号 ID `handle`」检查全部账号文件（包括已关停、注销的账号）：
先读到的文件保留，之后每个重复登记的文件都是**错误** `account-duplicate-handle`。
同一单位在同一平台上的**不同**账号由 `account-duplicate-platform` 检查。

## 不通过

```yaml
# accounts/wz-edu/wz-edu-wechat.yaml
id: wz-edu-wechat
platform: wechat
handle: wzjyfb
---
# accounts/wz-culture/wz-culture-wechat.yaml:同一个微信号又登记了一次
id: wz-culture-wechat
platform: wechat
handle: WZJYFB
```

## 通过

```yaml
# 同一个账号只保留一个文件;确是两个账号时,填写各自正确的账号 ID
id: wz-culture-wechat
platform: wechat
handle: wzwlfb
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import Account

DUPLICATE_HANDLE = Rule(
    "account-duplicate-handle",
    "同一平台账号 ID 重复",
    "{platform}账号 ID「{handle}」已被 {other} 使用",
    article="第七条",
    hint="同一平台上的账号 ID 只能登记一次；如果是同一个账号，请删除重复的文件。",
)

RULES = (DUPLICATE_HANDLE,)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo

    # A handle used twice is reported on the account that came later (opened later; then by path), the one that
    # introduced the conflict, never on the older record a clerk did not touch.
    def opened(account: Account) -> tuple[dt.date, str]:
        return min((e.date for e in account.lifecycle), default=dt.date.max), repo.path_of("account", account.id)

    seen: dict[tuple[str, str], str] = {}
    for account in sorted(repo.accounts.values(), key=opened):
        path = repo.path_of("account", account.id)
        key = (account.platform, account.handle.strip().lower())
        if key in seen:
            platform = repo.config.platform(account.platform)
            name = platform.name if platform else account.platform  # the platform's Chinese name
            yield DUPLICATE_HANDLE(path, loc=("handle",), platform=name, handle=account.handle, other=seen[key])
        else:
            seen[key] = path
