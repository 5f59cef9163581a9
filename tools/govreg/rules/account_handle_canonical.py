"""# 账号 ID 必须按规范写法登记（第八条）

账号 ID（微信号、微博 ID、抖音号……）是群众查验账号的依据，登记时只能有一种写法：
按 Unicode NFKC 规范化（全角字母数字变为半角）、不含空格和零宽、双向控制等看不见的字符；
不区分大小写的平台一律小写；并符合 `config/platforms.yaml` 中该平台的 `handle_pattern`
（例如微信号只含字母、数字、“_”和“-”）。不符合的是**错误** `account-handle-noncanonical`,
消息中写明是哪个字符（含 Unicode 码位）。

## 不通过

```yaml
platform: wechat
handle: "ｗｚｊｙｆｂ"   # 全角字母；或 "wzjyfb\u200b"（末尾有零宽空格）、"wz jyfb"、"wzjyfЬ"（西里尔字母）
```

## 通过

```yaml
platform: wechat
handle: "wzjyfb"
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..identity import handle_label, handle_problem
from ._shared import account_path

NONCANONICAL = Rule(
    "account-handle-noncanonical",
    "账号 ID 不是规范写法",
    "{label}「{handle}」{problem}",
    article="第八条",
    hint="请从平台上复制账号 ID，只保留字母、数字等平台允许的字符，用半角、小写登记；不要带空格或看不见的字符。",
)
RULES = (NONCANONICAL,)


def check(ctx: Context) -> Iterator[Finding]:
    for account in ctx.repo.accounts.values():
        platform = ctx.config.platform(account.platform)
        if platform is None:
            continue
        problem = handle_problem(account.handle, platform)
        if problem is not None:
            shown = account.handle.encode("unicode_escape").decode("ascii") if not account.handle.isprintable() else account.handle
            yield NONCANONICAL(
                account_path(ctx, account), loc=("handle",), label=handle_label(platform),
                handle=shown, problem=problem,
            )

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
