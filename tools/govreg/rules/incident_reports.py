"""# 安全事件的报告和处置（第十六条、第十七条）

第十七条：发生信息泄露、篡改、丢失等情况时，应立即采取补救措施，并向**网信、公安和政府信息公开工作主管部门**报告。
每个安全事件登记为 `incidents/<单位 id>/<编号>.yaml`：类别 `kind`(defacement 网页被篡改、hijacked-account 账号被劫持、
account-stolen 账号被盗、leak 信息泄露、loss 信息丢失、outage 无法访问、other）、受影响的网站或账号 `affects`、
发现时间 `detected`、报告记录 `reports`（报告对象、时间）、补救措施 `measures`、处置完毕时间 `closed`。
报告人和文号不公开。

报告时限是配置（`config/govreg.yaml` 的 `followup.report_hours`，默认网信、公安 4 小时，政务公开办 24 小时；
`followup.report_to` 可按类别规定报告对象）。账号被劫持、被盗或网页被篡改且未处置完毕时，公开网站在该账号、网站的页面和
“辨别真伪”的结果上显示警示。

- 超过时限才报告：**错误** `incident-report-late`；
- 超过时限仍未向应报告的部门报告：**错误** `incident-report-missing`；
- 时间不合理（发现时间晚于现在，报告、处置完毕早于发现）：**错误** `incident-dates`；
- 已处置完毕却没有写补救措施：**错误** `incident-measures`。

## 不通过

```yaml
id: 2026-11-wechat-hijack
unit: culture-tourism-bureau
kind: hijacked-account
affects: [culture-tourism-bureau-wechat]
detected: 2026-11-20T09:00:00+08:00
summary: 公众号被冒用发布与本单位无关的信息。
reports:
  - {to: cac, at: 2026-11-21T09:00:00+08:00}   # 超过 4 小时
```

## 通过

```yaml
id: 2026-11-wechat-hijack
unit: culture-tourism-bureau
kind: hijacked-account
affects: [culture-tourism-bureau-wechat]
detected: 2026-11-20T09:00:00+08:00
summary: 公众号被冒用发布与本单位无关的信息。
reports:
  - {to: cac, at: 2026-11-20T10:00:00+08:00}
  - {to: police, at: 2026-11-20T10:30:00+08:00}
  - {to: disclosure-office, at: 2026-11-20T11:00:00+08:00}
measures: [冻结账号并修改密码, 删除冒用发布的信息]
closed: 2026-11-21T17:00:00+08:00
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..engine import Context
from ..findings import Finding, Rule
from ..followup import AUTHORITY_NAMES, CHINA, FollowupSettings, moment, report_statuses
from ._shared import settings

LATE = Rule(
    "incident-report-late",
    "安全事件报告不及时",
    "{detected} 发现的事件，{at} 才向{authority}报告，超过 {hours:g} 小时的时限",
    article="第十七条",
    hint="发生安全事件应立即报告；请查明延误原因，今后按 followup.report_hours 的时限报告。",
)
MISSING = Rule(
    "incident-report-missing",
    "安全事件未报告",
    "{detected} 发现的事件，超过 {hours:g} 小时仍未向{authority}报告",
    article="第十七条",
    hint="请立即向{authority}报告，并在 reports 中登记报告对象 to 和时间 at。",
)
DATES = Rule(
    "incident-dates",
    "安全事件的时间不合理",
    "事件时间不合理：{problem}",
    article="第十七条",
    hint="请照处置记录改正时间（带时区，如 2026-11-20T09:00:00+08:00）。",
)
MEASURES = Rule(
    "incident-measures",
    "未写补救措施",
    "事件已处置完毕（closed），但没有写明采取的补救措施",
    article="第十七条",
    hint="请在 measures 中逐条写明采取的补救措施（如冻结账号、修改密码、删除被篡改的内容）。",
)
RULES = (LATE, MISSING, DATES, MEASURES)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    if not repo.incidents:
        return
    conf, problems = settings(ctx, "followup", FollowupSettings)
    yield from problems
    now = moment(ctx.today)
    for incident in repo.incidents.values():
        path = repo.path_of("incident", incident.id)
        detected = _show(incident.detected)
        if incident.detected > now:
            yield DATES(path, loc=("detected",), problem=f"发现时间 {detected} 晚于今天")
        for i, report in enumerate(incident.reports):
            if report.at < incident.detected:
                yield DATES(path, loc=("reports", i, "at"), problem=f"报告时间 {_show(report.at)} 早于发现时间 {detected}")
        if incident.closed is not None:
            if incident.closed < incident.detected:
                yield DATES(path, loc=("closed",), problem=f"处置完毕时间 {_show(incident.closed)} 早于发现时间 {detected}")
            if not incident.measures:
                yield MEASURES(path, loc=("closed",))
        for status in report_statuses(incident, conf):
            hours = conf.report_hours.get(status.to, 24.0)
            name = AUTHORITY_NAMES[status.to.value]
            if status.at is None:
                if now > status.due:
                    yield MISSING(path, loc=("reports",) if "reports" in _keys(ctx, path) else ("detected",),
                                  detected=detected, hours=hours, authority=name)
            elif status.late:
                yield LATE(path, loc=("reports", status.index or 0, "at"), detected=detected, at=_show(status.at), hours=hours, authority=name)


def _show(moment: dt.datetime) -> str:
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _keys(ctx: Context, path: str) -> set[str]:
    entry = ctx.repo.entries.get(path)
    data = entry.doc.data if entry is not None else None
    return set(data) if isinstance(data, dict) else set()
