"""# 同一单位在同一平台只开设一个账号（第七条）

《管理办法》第七条：一个部门（单位）原则上在同一平台只开设一个政务新媒体账号；在同一平台上开设的多个账号需整合功能和清理关停。

本规则在**在用**(`status: active`)账号中，按「主办单位 `owner` + 平台 `platform`」分组：

- 同组中最早开设的账号是主账号；
- 其余账号若填写了报批文件 `approval`（批准文号、日期），给出**警告** `account-duplicate-platform-approved`，列出两个文件，提醒整合；
- 没有报批文件的，是**错误** `account-duplicate-platform`。

同一单位在**不同平台**上使用相同名称的账号不受影响（国办发〔2018〕123号要求各平台名称一致）。
同一平台的账号 ID 被两个文件登记，由 `account-duplicate-handle` 报告。

## 不通过

```yaml
# accounts/wz-edu/wz-edu-wechat-2.yaml(wz-edu 已有在用的微信公众号 wz-edu-wechat)
id: wz-edu-wechat-2
platform: wechat
owner: wz-edu
status: active
```

## 通过

```yaml
id: wz-edu-wechat-2
platform: wechat
owner: wz-edu
status: active
approval:
  number: 吴政办函〔2025〕12号
  date: 2025-04-01
```

或者将第二个账号关停（`status: closed`，并登记关停事件）。
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..models import Account, AccountStatus
from ._shared import account_path, opened_on

DUPLICATE = Rule(
    "account-duplicate-platform",
    "同一平台重复开设账号",
    "单位「{owner}」在{platform}已有在用账号 {other}，本账号是同一平台上的第 {n} 个在用账号，且没有报批文件",
    article="第七条",
    hint="请把两个账号整合为一个主账号，并按流程关停另一个（登记关停事件和公告）；确需保留的，填写 approval（批准文号 number、日期 date）。",
)
APPROVED = Rule(
    "account-duplicate-platform-approved",
    "同一平台多个账号（已报批）",
    "单位「{owner}」在{platform}有多个在用账号：{other} 与本账号；本账号已报批（{number}，{date}）",
    severity=Severity.warning,
    article="第七条",
    hint="第七条要求集中力量做优做强一个主账号；请定期评估能否整合，报批期满或功能重复时按流程关停。",
)
RULES = (DUPLICATE, APPROVED)


def check(ctx: Context) -> Iterator[Finding]:
    groups: dict[tuple[str, str], list[Account]] = {}
    for account in ctx.repo.accounts.values():
        if account.status is AccountStatus.active:
            groups.setdefault((account.owner, account.platform), []).append(account)
    for (owner, platform_id), accounts in groups.items():
        if len(accounts) < 2:
            continue
        accounts.sort(key=lambda a: (opened_on(a), account_path(ctx, a)))
        main = account_path(ctx, accounts[0])
        unit = ctx.repo.units.get(owner)
        owner_name = unit.name if unit else owner
        platform = ctx.config.platform(platform_id)
        platform_name = platform.name if platform else platform_id
        for n, account in enumerate(accounts[1:], start=2):
            path = account_path(ctx, account)
            if account.approval is None:
                yield DUPLICATE(path, loc=("platform",), owner=owner_name, platform=platform_name, other=main, n=n)
            else:
                yield APPROVED(
                    path, loc=("approval",), owner=owner_name, platform=platform_name, other=main,
                    number=account.approval.number, date=account.approval.date.isoformat(),
                )
