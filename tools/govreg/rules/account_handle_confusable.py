"""# 同一平台上不能有看起来相同的账号 ID（第八条）

仿冒者常用看起来一样的账号 ID：末尾加零宽空格（`wzjyfb` + U+200B）、全角字母（`ｗｚｊｙｆｂ`）、
西里尔字母（`wzjyfЬ`）、中间加空格（`wz jyfb`）。本规则按 Unicode 技术标准 UTS #39 计算每个账号 ID 的
“骨架”（confusable skeleton：先规范化，再把形近字符归为同一类，数据取自 Unicode 的 confusables.txt），
同一平台上两个账号 ID 的骨架相同，即为**错误** `account-handle-confusable`,
在后登记的文件上报告，并写明另一个文件。完全相同（只差大小写或首尾空格）的由 `account-duplicate-handle` 报告。

## 不通过

```yaml
# accounts/wz-other/wz-other-wechat.yaml(accounts/wz-edu/wz-edu-wechat.yaml 已登记微信号 wzjyfb)
platform: wechat
handle: "wzjyfЬ"
```

## 通过

```yaml
platform: wechat
handle: "wzjyfbx"
```
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..identity import handle_label, skeleton
from ..models import Account
from ._shared import account_path, opened_on

CONFUSABLE = Rule(
    "account-handle-confusable",
    "账号 ID 与另一个账号形近",
    "{label}「{handle}」与 {other} 的「{other_handle}」看起来相同{detail}，疑似仿冒",
    article="第八条",
    hint="同一平台上的账号 ID 不能形近；请核对这个账号是否真由本单位开设，账号 ID 是否照平台原样复制。",
)
RULES = (CONFUSABLE,)


def describe(text: str) -> str:
    """The characters a reader cannot tell apart, spelled out: U+200B(ZERO WIDTH SPACE)…"""
    odd = []
    for c in text:
        if not c.isascii() or not c.isprintable() or c.isspace():
            odd.append(f"U+{ord(c):04X}（{unicodedata.name(c, '?')}）")
    return "、".join(dict.fromkeys(odd))


def check(ctx: Context) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Account]] = {}
    for account in ctx.repo.accounts.values():
        groups.setdefault((account.platform, skeleton(account.handle)), []).append(account)
    for (platform_id, _), accounts in groups.items():
        if len(accounts) < 2:
            continue
        accounts.sort(key=lambda a: (opened_on(a), account_path(ctx, a)))
        first = accounts[0]
        platform = ctx.config.platform(platform_id)
        for account in accounts[1:]:
            if account.handle.strip().lower() == first.handle.strip().lower():
                continue  # account-duplicate-handle (repository)
            odd = describe(account.handle)
            yield CONFUSABLE(
                account_path(ctx, account), loc=("handle",),
                label=handle_label(platform) if platform else f"{platform_id} 账号 ID",
                handle=account.handle.encode("unicode_escape").decode("ascii") if not account.handle.isprintable() else account.handle,
                other=account_path(ctx, first), other_handle=first.handle, detail=f"（含 {odd}）" if odd else "",
            )

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
