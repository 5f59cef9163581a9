"""# 变更、关停、注销的公告不少于 15 个工作日（第八条）

《管理办法》第八条：政务新媒体主办单位在变更、关停、注销操作结束后 3 个工作日内备案，
**同时向社会发布公告且不少于 15 个工作日**（开设除外）。

变更（`change`）、关停（`close`）、注销（`cancel`）事件须有 `announcement`:

- `from`：公告发布日期，不能晚于备案期限（操作后第 3 个工作日）；可以早于操作日（如关停前发布的停更公告）；
- `to`：公告撤下（或计划撤下）的日期，不能早于 `from`，也**不能早于操作日**：公告须与这次操作对应，
  一份在操作前就已撤下的公告（如 3 月的公告用于 7 月的关停）不算；
- 公告期按工作日计算：依《民法典》第二百零一条，发布当日不计入，自次日起到 `to`（含）至少 15 个工作日。

规则的代码：

- 没有公告且备案期限已过：**错误** `announcement-missing`；仍在期限内：**提示** `announcement-pending`;
- `to` 早于 `from`:**错误** `announcement-period`;
- 不足 15 个工作日：**错误** `announcement-too-short`;
- 发布晚于备案期限：**错误** `announcement-late`;
- 公告在操作日之前就已结束：**错误** `announcement-not-covering`。

**为什么以“操作后 3 个工作日”为发布期限：** 第八条写的是操作结束后 3 个工作日内备案，“同时”发布公告；
国办发〔2018〕123号要求关停前发布停更公告，所以公告可以更早，但必须覆盖操作日。
`config/govreg.yaml` 的 `filing.since`（默认 2025-03-13,《管理办法》施行之日，第二十三条）之前的事件不检查。

## 不通过

```yaml
- type: close
  date: 2026-09-28
  filed: 2026-09-29
  announcement: {from: 2026-09-29, to: 2026-10-16}    # (9/29, 10/16] 只有 9 个工作日(国庆放假 7 天)
```

## 通过

```yaml
- type: close
  date: 2026-09-28
  filed: 2026-09-29
  announcement: {from: 2026-09-29, to: 2026-10-26, url: "https://www.example.gov.cn/..."}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..workdays import unknown_years_message
from ._shared import EVENT_NAMES, calendar, filing_settings, judged_facts

MISSING = Rule(
    "announcement-missing",
    "缺少公告",
    "{event}事件（{date}）没有登记公告 announcement；公告最迟应在 {due} 发布",
    article="第八条",
    hint="请立即在门户网站或该账号上发布公告（不少于 15 个工作日），并在该事件下填写 announcement 的 from、to 和 url。",
)
MISSING_HINT = "请立即在门户网站或该账号上发布{event}公告（不少于 {days} 个工作日），并在该事件下填写 announcement 的 from、to 和 url。"
PENDING = Rule(
    "announcement-pending",
    "待发布公告",
    "{event}事件（{date}）尚未登记公告，须在 {due} 前（含当日）发布，公告期不少于 {days} 个工作日",
    severity=Severity.info,
    article="第八条",
    hint="请在期限内发布公告，并在该事件下填写 announcement 的 from、to 和 url。",
)
PENDING_HINT = "请在 {due} 前发布{event}公告，并在该事件下填写 announcement 的 from、to 和 url。"
PERIOD = Rule(
    "announcement-period",
    "公告起止日期颠倒",
    "公告的结束日期 {to} 早于开始日期 {from_}",
    article="第八条",
    hint="请改正 announcement 的 from（发布日期）和 to（撤下日期）。",
)
TOO_SHORT = Rule(
    "announcement-too-short",
    "公告期不足",
    "公告期 {from_} 至 {to} 只有 {count} 个工作日（发布当日不计入），不足 {days} 个工作日；至少应到 {until}{estimated}",
    article="第八条",
    hint="请延长公告并改正 to，使公告期（发布当日不计入）不少于 15 个工作日；公告已撤下的，请重新发布并补足期限。",
)
TOO_SHORT_HINT = "公告应保留到 {until} 及以后：请延长公告并改正 to；公告已撤下的，请重新发布并补足期限。"
LATE = Rule(
    "announcement-late",
    "公告发布晚于期限",
    "{event}事件（{date}）的公告于 {from_} 发布，晚于期限 {due}",
    article="第八条",
    hint="公告应与备案同时发布（操作后 3 个工作日内）；请核对 from 是否填错，今后及时发布。",
)
LATE_HINT = "公告应与备案同时发布（操作后 {deadline} 个工作日内）；请核对 from 是否填错，今后及时发布。"
NOT_COVERING = Rule(
    "announcement-not-covering",
    "公告与操作不对应",
    "{event}事件（{date}）的公告 {from_} 至 {to} 在操作之前就已结束，不是这次{event}的公告",
    article="第八条",
    hint="公告应与这次{event}对应：在操作后 {deadline} 个工作日内（与备案同时）发布，公告期不少于 {days} 个工作日；请登记这次{event}的公告，或改正事件日期。",
)
RULES = (MISSING, PENDING, PERIOD, TOO_SHORT, LATE, NOT_COVERING)


def check(ctx: Context) -> Iterator[Finding]:
    conf, _ = filing_settings(ctx)  # config findings are reported by filing_deadline
    days = conf.announcement_working_days
    today = ctx.today
    cal = calendar(ctx)
    for facts in judged_facts(ctx):
        event = facts.event
        if not facts.needs_announcement:
            continue
        due = facts.due.date
        common: dict[str, Any] = {"event": EVENT_NAMES[event.type], "date": event.date.isoformat(), "due": due.isoformat(), "days": days}
        notice = event.announcement
        if notice is None:
            if event.date > today:
                continue  # lifecycle-future
            if today > due:
                yield MISSING(facts.path, loc=("lifecycle", facts.index, "type"), hint=MISSING_HINT, **common)
            else:
                yield PENDING(facts.path, loc=("lifecycle", facts.index, "type"), hint=PENDING_HINT, **common)
            continue
        loc = ("lifecycle", facts.index, "announcement")
        if notice.to < notice.from_:
            yield PERIOD(facts.path, loc=(*loc, "to"), to=notice.to.isoformat(), from_=notice.from_.isoformat())
            continue
        if notice.to < event.date:
            yield NOT_COVERING(facts.path, loc=(*loc, "to"), from_=notice.from_.isoformat(), to=notice.to.isoformat(), deadline=conf.deadline_working_days, **common)
            continue
        if notice.from_ > due:
            yield LATE(facts.path, loc=(*loc, "from"), from_=notice.from_.isoformat(), deadline=conf.deadline_working_days, hint=LATE_HINT, **common)
        counted = facts.announced_days
        if counted is not None and counted.days < days:
            result = cal.add_working_days_checked(notice.from_, days)
            warning = unknown_years_message(result.unknown_years | counted.unknown_years)
            estimated = f"（按估算：{warning}）" if warning else ""
            yield TOO_SHORT(
                facts.path, loc=(*loc, "to"), from_=notice.from_.isoformat(), to=notice.to.isoformat(), count=counted.days,
                days=days, until=result.date.isoformat(), estimated=estimated, hint=TOO_SHORT_HINT,
            )


SCOPE = "file"  # findings on a file depend only on that file, the configuration and the date (govreg.engine.scope_of)
DATED = True
