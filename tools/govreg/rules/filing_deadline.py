"""# 3 个工作日内备案（第八条）

《管理办法》第八条：政务新媒体主办单位应在**开设、变更、关停、注销操作结束后 3 个工作日内**,
在“全国政务新媒体信息报送系统”中准确填报备案信息。

每个 `lifecycle` 事件的 `filed` 是在报送系统中备案的日期。工作日按国务院办公厅公布的节假日安排
（含调休上班的周末）计算；依《民法典》第二百零一条，操作当日不计入，从次日起算。例如 2026 年
9 月 30 日（周三）的操作：10 月 1 日至 7 日放假，10 月 8 日、9 日是第 1、2 个工作日，10 月 10 日（周六）
调休上班，是第 3 个工作日，也就是期限的最后一天。

- 已备案但晚于期限：**错误** `filing-late`;
- 尚未备案且期限已过：**错误** `filing-overdue`;
- 尚未备案、仍在期限内：**提示** `filing-pending`，给出最后期限；
- 备案日期早于操作日期或晚于今天：**错误** `filing-date-invalid`。

期限天数是数据，可在 `config/govreg.yaml` 中调整。《管理办法》自印发之日（2025-03-13）起施行（第二十三条），
此前的事件不按本办法追究：`since` 默认就是 2025-03-13;要检查全部事件，写 `since: null`。
在报送系统中取得的备案受理编号可记入事件的 `receipt`（有则填）。

```yaml
filing:
  deadline_working_days: 3
  since: 2025-03-13
```

## 不通过

```yaml
lifecycle:
  - {type: open, date: 2026-09-30, filed: 2026-10-12}   # 期限是 2026-10-10(周六调休上班)
```

## 通过

```yaml
lifecycle:
  - {type: open, date: 2026-09-30, filed: 2026-10-10}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..findings import Finding, Rule, Severity
from ._shared import EVENT_NAMES, EventFacts, FilingSettings, calendar, filing_settings, lifecycle_facts

LATE = Rule(
    "filing-late",
    "备案超过期限",
    "{event}事件（{date}）于 {filed} 备案，超过了 {days} 个工作日的期限（{due}）{estimated}",
    article="第八条",
    hint="请核对 filed 是否填错；今后在操作后 3 个工作日内完成备案。",
)
LATE_HINT = "请核对 filed 是否填错；今后在操作后 {days} 个工作日内完成备案。"
OVERDUE = Rule(
    "filing-overdue",
    "逾期未备案",
    "{event}事件（{date}）尚未备案，期限 {due} 已过{estimated}",
    article="第八条",
    hint="请立即在“全国政务新媒体信息报送系统”中填报备案信息，并在该事件的 filed 中填写备案日期。",
)
PENDING = Rule(
    "filing-pending",
    "待备案",
    "{event}事件（{date}）尚未备案，须在 {due} 前（含当日）备案，还剩 {left} 个工作日{estimated}",
    severity=Severity.info,
    article="第八条",
    hint="请在最后期限前在“全国政务新媒体信息报送系统”中填报备案信息，并在该事件的 filed 中填写备案日期。",
)
PENDING_HINT = "请在 {due} 前在“全国政务新媒体信息报送系统”中填报备案信息，并在该事件的 filed 中填写备案日期。"
BAD_DATE = Rule(
    "filing-date-invalid",
    "备案日期不合理",
    "{event}事件（{date}）的备案日期 {filed} {problem}",
    article="第八条",
    hint="请照报送系统中的备案记录改正 filed 的日期。",
)
RULES = (LATE, OVERDUE, PENDING, BAD_DATE)


def estimated(facts: EventFacts) -> str:
    warning = facts.due.warning
    return f"（期限按估算：{warning}）" if warning else ""


def check(ctx: Context) -> Iterator[Finding]:
    conf, findings = filing_settings(ctx)
    yield from findings
    days = conf.deadline_working_days
    today = ctx.today
    cal = calendar(ctx)
    for facts in lifecycle_facts(ctx):  # dates that contradict each other are errors however old; deadlines only from ``since``
        event = facts.event
        due = facts.due.date
        common: dict[str, Any] = {"event": EVENT_NAMES[event.type], "date": event.date.isoformat(), "due": due.isoformat(), "days": days, "estimated": estimated(facts)}
        if event.filed is not None:
            loc = ("lifecycle", facts.index, "filed")
            if event.filed < event.date:
                yield BAD_DATE(facts.path, loc=loc, filed=event.filed.isoformat(), problem="早于操作日期；备案应在操作结束后进行", **common)
            elif event.filed > today:
                yield BAD_DATE(facts.path, loc=loc, filed=event.filed.isoformat(), problem=f"晚于今天（{today.isoformat()}）", **common)
            elif event.filed > due and facts.judged:
                yield LATE(facts.path, loc=loc, filed=event.filed.isoformat(), hint=LATE_HINT, **common)
        elif event.date > today or not facts.judged:
            continue  # an event in the future (lifecycle-future), or before the measures applied
        elif today > due:
            yield OVERDUE(facts.path, loc=("lifecycle", facts.index, "type"), **common)
        else:
            left = cal.working_days_between(today, due) + (1 if cal.is_working_day(today) else 0)
            yield PENDING(facts.path, loc=("lifecycle", facts.index, "type"), left=left, hint=PENDING_HINT, **common)


SETTINGS = {"filing": FilingSettings}  # its sections of config/govreg.yaml (the config schema)

SCOPE = "file"  # findings on a file depend only on that file, the configuration and the date (govreg.engine.scope_of)
DATED = True
