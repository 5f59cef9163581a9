"""# 公开期限已过的信息（第十五条）

《管理办法》第十五条：各部门（单位）结合实际明确各类信息公开时限，定期巡查已公开信息，
及时清理不需长期保留、不符合当前社会发展需要的信息。

每条信息都有公开期限 `retention`：一个日期（公开到该日为止），或 `permanent`（长期公开）。
公开期限已过的信息报告为**警告** `retention-expired`，写明过期多久，供每月检查（第二十条）列出待清理的信息。
期限当天仍在公开期内，次日起算过期。

## 不通过（检查日期 2026-11-26）

```yaml
title: 2025年冬季供暖报修电话
retention: 2026-03-31
```

## 通过

```yaml
title: 2026年冬季供暖报修电话
retention: 2027-03-31
```

或者把过期的信息从 `content/` 中删除（git 历史会保留记录）。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity

EXPIRED = Rule(
    "retention-expired",
    "公开期限已过",
    "公开期限 {retention} 已过 {days} 天{approx}，应及时清理",
    severity=Severity.warning,
    article="第十五条",
    hint="请确认该信息是否还需公开：不需要的，从网站或账号撤下并删除本文件；仍需公开的，延长 retention 并说明理由。",
)
RULES = (EXPIRED,)


def _approx(days: int) -> str:
    if days >= 365:
        return f"（约 {days / 365:.1f} 年）"
    if days >= 60:
        return f"（约 {days // 30} 个月）"
    return ""


def check(ctx: Context) -> Iterator[Finding]:
    today = ctx.today
    for path, item in ctx.repo.content.items():
        retention = item.retention
        if isinstance(retention, dt.date) and retention < today:
            days = (today - retention).days
            yield EXPIRED(path, loc=("retention",), retention=retention.isoformat(), days=days, approx=_approx(days))

SCOPE = "file"  # findings on a file depend only on that file, the configuration and the date (govreg.engine.scope_of)
DATED = True
