"""# 人员变动时的账号密码移交（第十六条）

第十六条：“若人员变动，须做好平台操作培训和账号密码移交工作。”
人员离开岗位，从单位的人员名册（`units/<单位 id>.yaml` 的 `people`）中删去、或不再担任承办人、承办科室负责人、
分管领导时，工具从名册的 **git 历史**中发现这一变动（合并到主分支的那一天算作离岗日期），并要求在
`followup.handover_days`（默认 5 个工作日）内登记移交记录 `handovers/<单位 id>/<编号>.yaml`：离岗人员 `person`、
离岗日期 `left`、该单位在用的每个账号 `accounts`、修改密码和更换管理员的日期 `credentials_rotated`、办理人 `by`、
接手人 `successor`。

- 超过时限仍没有覆盖该单位全部在用账号的移交记录：**错误** `handover-missing`（报在该单位的名册文件上）；
- 移交晚于时限：**警告** `handover-late`；
- 移交日期早于离岗日期、办理人或接手人不在名册中：**错误** `handover-invalid`。

`followup.handovers_since` 之前的人员变动不检查（登记库开始登记交接之前的历史）。

## 不通过

```yaml
# units/transport-bureau.yaml：合并删去了承办人 tb-zhao,5 个工作日后仍无移交记录
people:
  - {id: tb-sun, name: 孙某, roles: [section-head]}
```

## 通过

```yaml
# handovers/transport-bureau/2026-11-tb-zhao.yaml
id: 2026-11-tb-zhao
unit: transport-bureau
person: tb-zhao
left: 2026-11-02
accounts: [transport-bureau-wechat, transport-bureau-toutiao]
credentials_rotated: 2026-11-03
by: tb-sun
successor: tb-qian
trained: true
```
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..followup import Departure, FollowupSettings, role_names, roster_departures
from ..models import Account, AccountStatus, EventType
from ._shared import calendar, once, settings

MISSING = Rule(
    "handover-missing",
    "人员变动后未移交账号密码",
    "{name}（{person}，{roles}）于 {left} 离岗，移交时限 {due} 已过，账号 {accounts} 没有移交记录",
    article="第十六条",
    hint="请在 handovers/{unit}/ 中登记移交记录：修改密码、更换绑定手机和管理员的日期 credentials_rotated、办理人 by 和接手人 successor。",
)
LATE = Rule(
    "handover-late",
    "账号密码移交不及时",
    "{left} 离岗，{rotated} 才完成移交，超过时限 {due}",
    severity=Severity.warning,
    article="第十六条",
    hint="人员变动后应及时修改密码、移交账号；请查明延误原因。",
)
INVALID = Rule(
    "handover-invalid",
    "移交记录有误",
    "移交记录有误：{problem}",
    article="第十六条",
    hint="请照实际办理情况改正移交记录。",
)
RULES = (MISSING, LATE, INVALID)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    conf, problems = settings(ctx, "followup", FollowupSettings)
    yield from problems
    cal = calendar(ctx)
    for handover in repo.handovers.values():
        path = repo.path_of("handover", handover.id)
        if handover.credentials_rotated < handover.left:
            yield INVALID(path, loc=("credentials_rotated",), problem=f"移交日期 {handover.credentials_rotated} 早于离岗日期 {handover.left}")
        for key in ("by", "successor"):
            who = getattr(handover, key)
            if who is not None and repo.people and who not in repo.people:
                yield INVALID(path, loc=(key,), problem=f"「{who}」不在人员名册中")
        due = cal.add_working_days(handover.left, conf.handover_days)
        if handover.credentials_rotated > due:
            yield LATE(path, loc=("credentials_rotated",), left=handover.left.isoformat(), rotated=handover.credentials_rotated.isoformat(), due=due.isoformat())
    if not repo.accounts:
        return
    found, _ = once(ctx, "roster-departures", lambda: roster_departures(repo.root, ctx.cache_dir))
    for departure in found:
        if conf.handovers_since is not None and departure.left < conf.handovers_since:
            continue
        due = cal.add_working_days(departure.left, conf.handover_days)
        if ctx.today <= due:
            continue
        covered = {
            account
            for h in repo.handovers.values()
            if h.unit == departure.unit and h.person == departure.person and h.left <= ctx.today
            for account in h.accounts
        }
        missing = [a.id for a in _operated(repo.accounts.values(), departure) if a.id not in covered]
        if missing:
            path = repo.path_of("unit", departure.unit) or f"units/{departure.unit}.yaml"
            yield MISSING(path, loc=("people",), name=departure.name, person=departure.person, roles=role_names(departure.roles),
                          left=departure.left.isoformat(), due=due.isoformat(), accounts="、".join(missing), unit=departure.unit)


def _operated(accounts: Iterable[Account], departure: Departure) -> list[Account]:
    """The unit's accounts in use on the day the person left (opened by then, not yet closed or cancelled)."""
    out = []
    for account in accounts:
        if account.owner != departure.unit:
            continue
        opened = min((e.date for e in account.lifecycle if e.type is EventType.open), default=None)
        ended = min((e.date for e in account.lifecycle if e.type in (EventType.close, EventType.cancel)), default=None)
        if opened is not None and opened > departure.left:
            continue
        if account.status is not AccountStatus.active and ended is not None and ended <= departure.left:
            continue
        out.append(account)
    return sorted(out, key=lambda a: a.id)
