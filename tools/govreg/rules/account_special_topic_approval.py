"""# 专项账号须报批（第六条）

《管理办法》第六条：开展单项活动或专项工作时，原则上不单独开设政务新媒体；
**确需开设的，依规履行报批、备案程序**。

用途为专项（`purpose: special-topic`）的账号必须填写报批文件 `approval`
（批准文号 `number`、批准日期 `date`），且批准日期不能晚于账号的开设日期。

## 不通过

```yaml
id: wz-sports-games
purpose: special-topic
lifecycle:
  - {type: open, date: 2025-05-06, filed: 2025-05-08}
```

## 通过

```yaml
id: wz-sports-games
purpose: special-topic
approval:
  number: 吴政办函〔2025〕31号
  date: 2025-04-28
lifecycle:
  - {type: open, date: 2025-05-06, filed: 2025-05-08}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ._shared import account_path, opened_on

SPECIAL_TOPIC = Rule(
    "account-special-topic-approval",
    "专项账号缺少报批文件",
    "专项账号报批不全：{problem}",
    article="第六条",
    hint="专项账号须先报批、备案：请在 approval 中填写批准文号 number 和批准日期 date；未经批准的，请改用本单位主账号开设专栏，并关停该账号。",
)
RULES = (SPECIAL_TOPIC,)


def check(ctx: Context) -> Iterator[Finding]:
    for account in ctx.repo.accounts.values():
        if account.purpose != "special-topic":
            continue
        path = account_path(ctx, account)
        if account.approval is None:
            yield SPECIAL_TOPIC(path, loc=("purpose",), problem="用途为专项（special-topic）的账号没有填写报批文件 approval")
            continue
        opened = opened_on(account)
        if account.approval.date > opened:
            yield SPECIAL_TOPIC(
                path, loc=("approval", "date"),
                problem=f"批准日期 {account.approval.date.isoformat()} 晚于开设日期 {opened.isoformat()}；专项账号应先报批后开设",
                hint="请核对 approval.date 与 lifecycle 中开设事件的日期，改正填错的一项；未经批准先行开设的，请补办报批并由政务公开办确认后再登记。",
            )
