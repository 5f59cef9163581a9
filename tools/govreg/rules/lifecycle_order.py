"""# 账号生命周期的顺序（第八条）

第八条的备案和公告按开设、变更、关停、注销各个操作计算期限，因此账号的 `lifecycle` 必须是一份可信的操作记录：

- 第一个事件是开设（`open`），且只能有一个开设事件；
- 事件按日期先后排列（同一天的多个事件按书写顺序）；
- 注销（`cancel`）之后不能再有任何事件；
- 事件日期不能晚于今天（只登记已经完成的操作）。

## 不通过

```yaml
lifecycle:
  - {type: change, date: 2025-06-02, filed: 2025-06-03}
  - {type: open, date: 2025-01-06, filed: 2025-01-07}
```

## 通过

```yaml
lifecycle:
  - {type: open, date: 2025-01-06, filed: 2025-01-07}
  - type: change
    date: 2025-06-02
    filed: 2025-06-03
    announcement: {from: 2025-06-03, to: 2025-06-30}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import EventType
from ._shared import EVENT_NAMES, account_path

ORDER = Rule(
    "lifecycle-order",
    "生命周期事件未按日期排列",
    "{event}事件的日期 {date} 早于前一个事件的日期 {previous}",
    article="第八条",
    hint="请按日期先后排列 lifecycle 中的事件，并核对日期是否填错。",
)
OPEN_FIRST = Rule(
    "lifecycle-open-first",
    "第一个事件应为开设",
    "开设事件的位置不对：{problem}",
    article="第八条",
    hint="lifecycle 的第一个事件应是开设（type: open），且只有这一个开设事件；重新启用已关停的账号请登记为变更（change）。",
)
AFTER_CANCEL = Rule(
    "lifecycle-after-cancel",
    "注销后仍有事件",
    "账号已于 {cancelled} 注销，之后不应再有{event}事件",
    article="第八条",
    hint="注销是账号的最后一个事件；如果注销登记错了，请删除注销事件并改正 status；新开设的账号请另建文件。",
)
FUTURE = Rule(
    "lifecycle-future",
    "事件日期晚于今天",
    "{event}事件的日期 {date} 晚于今天（{today}）；lifecycle 只登记已经完成的操作",
    article="第八条",
    hint="请核对日期；计划中的操作请在完成后再登记。",
)
RULES = (ORDER, OPEN_FIRST, AFTER_CANCEL, FUTURE)


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for account in ctx.repo.accounts.values():
        path = account_path(ctx, account)
        events = account.lifecycle
        cancelled = None
        for i, event in enumerate(events):
            name = EVENT_NAMES[event.type]
            if i == 0 and event.type is not EventType.open:
                yield OPEN_FIRST(path, loc=("lifecycle", 0, "type"), problem=f"第一个事件是{name}，而不是开设（open）")
            elif i > 0 and event.type is EventType.open:
                yield OPEN_FIRST(path, loc=("lifecycle", i, "type"), problem=f"第 {i + 1} 个事件又是开设；一个账号只有一个开设事件")
            if i > 0 and event.date < events[i - 1].date:
                yield ORDER(path, loc=("lifecycle", i, "date"), event=name, date=event.date.isoformat(), previous=events[i - 1].date.isoformat())
            if cancelled is not None:
                yield AFTER_CANCEL(path, loc=("lifecycle", i, "type"), cancelled=cancelled.isoformat(), event=name)
            elif event.type is EventType.cancel:
                cancelled = event.date
            if event.date > today:
                yield FUTURE(path, loc=("lifecycle", i, "date"), event=name, date=event.date.isoformat(), today=today.isoformat())

SCOPE = "file"  # findings on a file depend only on that file, the configuration and the date (govreg.engine.scope_of)
DATED = True
