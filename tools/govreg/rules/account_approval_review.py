"""# 同一平台第二个账号的复核（第七条）

《管理办法》第七条：一个部门（单位）原则上在同一平台只开设一个账号，多个账号“需整合功能和清理关停”。
经批准保留的第二个账号（及专项账号）不是永久的：批准时约定**复核日期** `approval.review_by`,
到期后由主办单位重新评估是否仍需保留。复核日期是可选字段：没有约定的，本规则不检查（建议在报批时约定）。

| 代码 | 检查内容 |
|---|---|
| `account-approval-review` | （警告）在用账号的报批文件已过复核日期：请重新评估，整合或关停，或报批延续并更新 `review_by` |

## 不通过

```yaml
approval: {number: 吴政办函〔2025〕18号, date: 2025-04-10, review_by: 2026-04-10}   # 今天已过复核日期
```

## 通过

```yaml
approval: {number: 吴政办函〔2026〕18号, date: 2026-04-10, review_by: 2027-04-10}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..models import AccountStatus
from ._shared import account_path

REVIEW = Rule(
    "account-approval-review",
    "账号保留批准已到复核日期",
    "账号的报批文件「{number}」约定 {review_by} 复核，已过期 {days} 天；请重新评估是否仍需保留",
    severity=Severity.warning,
    article="第七条",
    hint="请评估该账号是否仍需保留：整合进主账号或按第八条程序关停；确需保留的，报批延续并更新 approval 的 number、date 和 review_by。",
)
RULES = (REVIEW,)


def check(ctx: Context) -> Iterator[Finding]:
    for account in ctx.repo.accounts.values():
        approval = account.approval
        if account.status is not AccountStatus.active or approval is None or approval.review_by is None:
            continue
        if approval.review_by < ctx.today:
            yield REVIEW(account_path(ctx, account), loc=("approval", "review_by"), number=approval.number,
                         review_by=approval.review_by.isoformat(), days=(ctx.today - approval.review_by).days)
