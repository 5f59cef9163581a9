"""# 舆情的回应（第十九条）

第十九条要求各单位加强与宣传、网信、公安等部门沟通协调会商，合力做好舆论引导、舆情应对。
舆情事件登记为 `opinions/<单位 id>/<编号>.yaml`（一份轻量的记录）：发现时间 `detected`、概要 `subject`、
涉及的账号或网站 `channels` 和信息 `items`、会商部门 `coordinated_with`、首次公开回应时间 `responded`。
内部研判意见 `note` 不公开。

回应时限是配置 `followup.opinion_response_hours`，默认 24 小时（国办发〔2016〕61号：对重要政务舆情
“最迟应在 24 小时内予以回应”）。

- 超过时限才回应，或超过时限仍未回应：**错误** `opinion-response-late`；
- 回应时间早于发现时间，或发现时间晚于今天：**错误** `opinion-dates`。

## 不通过

```yaml
id: 2026-11-bus-route
unit: transport-bureau
detected: 2026-11-18T08:00:00+08:00
subject: 网民反映公交线路调整未提前公告
channels: [transport-bureau-wechat]
responded: 2026-11-20T10:00:00+08:00   # 超过 24 小时
```

## 通过

```yaml
id: 2026-11-bus-route
unit: transport-bureau
detected: 2026-11-18T08:00:00+08:00
subject: 网民反映公交线路调整未提前公告
channels: [transport-bureau-wechat]
coordinated_with: [propaganda, cac]
responded: 2026-11-18T16:00:00+08:00
response_url: https://www.example.gov.cn/xxgk/gggs/1.html
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..followup import CHINA, FollowupSettings, moment, opinion_late
from ._shared import settings

LATE = Rule(
    "opinion-response-late",
    "舆情回应不及时",
    "{detected} 发现的舆情「{subject}」，{what}，超过 {hours:g} 小时的回应时限",
    article="第十九条",
    hint="请会同宣传、网信等部门尽快公开回应，并在 responded 中填写回应时间、response_url 中填写回应网址。",
)
DATES = Rule(
    "opinion-dates",
    "舆情记录的时间不合理",
    "舆情记录时间不合理：{problem}",
    article="第十九条",
    hint="请照舆情处置记录改正时间（带时区）。",
)
RULES = (LATE, DATES)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    if not repo.opinions:
        return
    conf, problems = settings(ctx, "followup", FollowupSettings)
    yield from problems
    now = moment(ctx.today)
    for event in repo.opinions.values():
        path = repo.path_of("opinion", event.id)
        detected = event.detected.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
        if event.detected > now:
            yield DATES(path, loc=("detected",), problem=f"发现时间 {detected} 晚于今天")
        if event.responded is not None and event.responded < event.detected:
            yield DATES(path, loc=("responded",), problem=f"回应时间早于发现时间 {detected}")
            continue
        late, _ = opinion_late(event, now, conf)
        if late:
            if event.responded is not None:
                what = event.responded.astimezone(CHINA).strftime("%Y-%m-%d %H:%M") + " 才回应"
                loc: tuple[str, ...] = ("responded",)
            else:
                what = "至今未回应"
                loc = ("detected",)
            yield LATE(path, loc=loc, detected=detected, subject=event.subject, what=what, hours=conf.opinion_response_hours)
