"""# 工作日日历未知的年份

第八条的期限按工作日计算，工作日取自国务院办公厅每年公布的节假日安排（放假和调休上班）。
软件使用维护中的 `chinesecalendar` 库，并允许仓库在 `config/calendar.yaml` 中以数据补充或更正某一年的安排
（例如 11 月公布的下一年安排）。

某个期限用到了两者都不知道的年份时，软件**不会悄悄猜测**：按普通工作日（周一至周五）计算，
并对该事件给出**警告** `calendar-unknown-year`，说明是哪一年。`config/calendar.yaml` 本身写错时，
给出**错误** `calendar-config-invalid`，并只用库中的安排计算。

## 不通过（警告）

```yaml
# config/calendar.yaml 中还没有 2027 年
lifecycle:
  - {type: open, date: 2026-12-30}       # 备案期限落在 2027 年
```

## 通过

```yaml
# config/calendar.yaml
years:
  2027:
    holidays: ["2027-01-01", "2027-01-02", "2027-01-03"]
    workdays: []
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..workdays import CALENDAR_CONFIG, unknown_years_message
from ._shared import EVENT_NAMES, calendar_error, judged_facts

UNKNOWN_YEAR = Rule(
    "calendar-unknown-year",
    "节假日安排未知",
    "{event}事件（{date}）的期限计算用到了{message}",
    severity=Severity.warning,
    article="第八条",
    hint="国务院办公厅公布该年度节假日安排后，请在 config/calendar.yaml 的 years 下添加该年的 holidays 和 workdays；在此之前，期限只是估算。",
)
CONFIG = Rule(
    "calendar-config-invalid",
    "节假日补充文件有误",
    "config/calendar.yaml：{message}；工作日暂按 chinesecalendar 库计算",
    article="第八条",
    hint="请对照该文件开头的说明改正；日期写成 \"YYYY-MM-DD\"。",
)
RULES = (UNKNOWN_YEAR, CONFIG)


def check(ctx: Context) -> Iterator[Finding]:
    error = calendar_error(ctx)
    if error is not None:
        yield CONFIG(CALENDAR_CONFIG.as_posix(), line=error.line or 1, column=error.column or 1, message=error.message)
    for facts in judged_facts(ctx):
        years = facts.unknown_years
        if years:
            event = facts.event
            yield UNKNOWN_YEAR(
                facts.path, loc=("lifecycle", facts.index, "date"), event=EVENT_NAMES[event.type], date=event.date.isoformat(),
                message=unknown_years_message(years),
            )

SCOPE = "file"  # an account's events against the calendar in config/ (govreg.engine.scope_of)
