"""# 账号状态与生命周期一致

账号的状态 `status` 必须与 `lifecycle` 中的事件一致：开设后为在用（`active`），关停后为已关停（`closed`），
注销后为已注销（`cancelled`）；变更不改变状态。第七条的“同一平台只开设一个账号”按在用账号计算，
第八条的备案和公告按事件计算，两者不一致时检查结果就不可信。

## 不通过

```yaml
status: active
lifecycle:
  - {type: open, date: 2024-03-01, filed: 2024-03-04}
  - type: close
    date: 2025-09-01
    filed: 2025-09-02
    announcement: {from: 2025-09-01, to: 2025-09-30}
```

## 通过

```yaml
status: closed
lifecycle:
  - {type: open, date: 2024-03-01, filed: 2024-03-04}
  - type: close
    date: 2025-09-01
    filed: 2025-09-02
    announcement: {from: 2025-09-01, to: 2025-09-30}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import AccountStatus, EventType
from ._shared import EVENT_NAMES, account_path

STATUS = Rule(
    "lifecycle-status",
    "状态与生命周期不一致",
    "status 是 {status}，但按 lifecycle 的最后一个{event}事件（{date}），状态应为 {expected}",
    article="第八条",
    hint="请核对：如果操作已经完成，把 status 改为与最后一个开设、关停或注销事件相符的状态；如果 status 是对的，请补登或改正 lifecycle 中的事件。",
)
HINT = "请核对：如果操作已经完成，把 status 改为 {expected}；如果 status 是对的，请补登或改正 lifecycle 中的事件。"
RULES = (STATUS,)

AFTER = {EventType.open: AccountStatus.active, EventType.close: AccountStatus.closed, EventType.cancel: AccountStatus.cancelled}


def check(ctx: Context) -> Iterator[Finding]:
    for account in ctx.repo.accounts.values():
        expected = None
        last = None
        for event in account.lifecycle:
            if event.type in AFTER:
                expected = AFTER[event.type]
                last = event
        if expected is None or last is None or account.status is expected:
            continue
        yield STATUS(
            account_path(ctx, account), loc=("status",), status=account.status.value, event=EVENT_NAMES[last.type],
            date=last.date.isoformat(), expected=expected.value, hint=HINT,
        )

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
