"""# 同一平台第二个账号的复核(第七条)

《管理办法》第七条:一个部门(单位)原则上在同一平台只开设一个账号,多个账号“需整合功能和清理关停”。
经批准保留的第二个账号(及专项账号)不是永久的:批准时约定**复核日期** `approval.review_by`,
到期后由主办单位重新评估是否仍需保留。

| 代码 | 检查内容 |
|---|---|
| `account-approval-review` | (警告)在用账号的报批文件已过复核日期:请重新评估,整合或关停,或报批延续并更新 `review_by` |
| `account-approval-review-missing` | (提示)同一平台的第二个在用账号有报批文件,但没有复核日期 |

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

from ..engine import Context
from ..findings import Finding, Rule, Severity
from ..models import AccountStatus
from ._shared import account_path, opened_on

REVIEW = Rule(
    "account-approval-review",
    "账号保留批准已到复核日期",
    "账号的报批文件「{number}」约定 {review_by} 复核,已过期 {days} 天;请重新评估是否仍需保留",
    severity=Severity.warning,
    article="第七条",
    hint="请评估该账号是否仍需保留:整合进主账号或按第八条程序关停;确需保留的,报批延续并更新 approval 的 number、date 和 review_by。",
)
REVIEW_MISSING = Rule(
    "account-approval-review-missing",
    "第二个账号的批准没有复核日期",
    "本单位在该平台有多个在用账号,本账号的报批文件「{number}」没有约定复核日期 review_by",
    severity=Severity.info,
    article="第七条",
    hint="请在 approval 中填写复核日期 review_by,到期重新评估是否仍需保留。",
)
RULES = (REVIEW, REVIEW_MISSING)


def check(ctx: Context) -> Iterator[Finding]:
    active = [a for a in ctx.repo.accounts.values() if a.status is AccountStatus.active]
    groups: dict[tuple[str, str], list[str]] = {}
    for account in sorted(active, key=lambda a: (opened_on(a), a.id)):
        groups.setdefault((account.owner, account.platform), []).append(account.id)
    for account in active:
        approval = account.approval
        if approval is None:
            continue
        path = account_path(ctx, account)
        if approval.review_by is not None:
            if approval.review_by < ctx.today:
                yield REVIEW(path, loc=("approval", "review_by"), number=approval.number, review_by=approval.review_by.isoformat(),
                             days=(ctx.today - approval.review_by).days)
        elif groups[(account.owner, account.platform)][0] != account.id:
            yield REVIEW_MISSING(path, loc=("approval",), number=approval.number)
