"""# 同一单位各平台账号名称一致（第七条；国办发〔2018〕123号）

国办发〔2018〕123号《关于推进政务新媒体健康有序发展的意见》：政务新媒体名称应简洁、规范，与主办单位职责相关，
**同一主办单位在不同平台上的账号名称应保持一致**，便于群众辨识真伪（第七条“集中力量做优做强一个主账号”）。

本规则在同一单位的**在用主账号**（`purpose: general`、没有报批文件）中比较名称：与多数账号名称不同的，
给出**警告** `account-name-mismatch`。经批准的专项账号和第二个账号（`approval`）有自己的名称，不比较。

## 不通过

```yaml
# accounts/wz-edu/wz-edu-wechat.yaml
name: 示例教育
# accounts/wz-edu/wz-edu-douyin.yaml
name: 示例市教育局发布
```

## 通过

```yaml
name: 示例教育   # 两个平台同名
```
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..models import Account, AccountStatus
from ._shared import account_path, opened_on

MISMATCH = Rule(
    "account-name-mismatch",
    "账号名称与本单位其他平台不一致",
    "账号名称「{name}」与本单位其他平台的账号名称「{usual}」（{where}）不一致",
    severity=Severity.warning,
    article="第七条",
    hint="同一单位在各平台的账号名称应保持一致（国办发〔2018〕123号），便于群众辨识；请统一名称，或说明理由后由政务公开办决定。",
)
RULES = (MISMATCH,)


def check(ctx: Context) -> Iterator[Finding]:
    by_unit: dict[str, list[Account]] = {}
    for account in ctx.repo.accounts.values():
        if account.status is AccountStatus.active and account.purpose == "general" and account.approval is None:
            by_unit.setdefault(account.owner, []).append(account)
    for accounts in by_unit.values():
        names = Counter(a.name for a in accounts)
        if len(names) < 2:
            continue
        ordered = sorted(accounts, key=lambda a: (opened_on(a), a.id))
        # the most common name; on a tie, the name of the earliest opened account
        usual = max(names, key=lambda n: (names[n], -next(i for i, a in enumerate(ordered) if a.name == n)))
        where = "、".join(_platform(ctx, a.platform) for a in ordered if a.name == usual)
        for account in ordered:
            if account.name != usual:
                yield MISMATCH(account_path(ctx, account), loc=("name",), name=account.name, usual=usual, where=where)


def _platform(ctx: Context, platform_id: str) -> str:
    found = ctx.config.platform(platform_id)
    return found.name if found is not None else platform_id

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
