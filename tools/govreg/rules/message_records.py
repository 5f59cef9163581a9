"""# 领导信箱、留言转办记录（第二十一条第四项）

《管理办法》第二十一条把“对政府网站领导信箱、留言转办，未按要求及时办理回应”列为考核扣分情形；
国办秘函〔2019〕19号检查指标规定，有效留言**超过 3 个月未答复**的网站单项否决。

每条来信、留言登记为 `messages/<承办单位 id>/<留言编号>.yaml`：收到日期 `received`、转办单位
`assigned_unit`、办理时限 `due`、答复日期 `answered`（未答复为空）、公开的标题和摘要；来信人的姓名、
电话等放在 `sender` 中，**不公开**。

- 日期顺序不合理（答复早于收到、时限早于收到、转办早于收到或晚于答复、收到日期晚于今天）：**错误** `message-dates`;
- 标为无效留言（`valid: false`）却没有在 `note` 中说明理由：**错误** `message-invalid-note`;
- 超过办理时限仍未答复：**警告** `message-overdue`（超过 3 个月时注明将导致网站单项否决）。

逾期情况由 `govreg inspect`（逐月）和 `govreg assess`（年度扣分）统计；“超过 3 个月”的月数取自
`config/govreg.yaml` 的 `inspection.message_unanswered_months`。

## 不通过

```yaml
id: wz-2026-0153
kind: leader-mailbox
channel: city-portal
received: 2026-08-03
assigned_unit: housing-construction-bureau
due: 2026-08-17
answered: null          # 已过时限仍未答复
subject: 小区电梯加装进度咨询
summary: 来信人询问所在小区加装电梯的审批进度。
```

## 通过

```yaml
id: wz-2026-0153
kind: leader-mailbox
channel: city-portal
received: 2026-08-03
assigned_unit: housing-construction-bureau
due: 2026-08-17
answered: 2026-08-12
subject: 小区电梯加装进度咨询
summary: 来信人询问所在小区加装电梯的审批进度。
reply: 已答复审批进度及预计开工时间。
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..message_status import MessageState, message_status
from ..supervision_settings import InspectionSettings, SettingsError, load_section

DATES = Rule(
    "message-dates",
    "留言日期不合理",
    "{problem}",
    article="第二十一条",
    hint="请照互动交流系统中的记录改正日期。",
)
INVALID_NOTE = Rule(
    "message-invalid-note",
    "无效留言未说明理由",
    "留言标为无效（valid: false），但没有在 note 中说明理由",
    article="第二十一条",
    hint="请在 note 中写明无效的理由（如重复留言、无实质内容、恶意留言）；有效留言请删除 valid: false。",
)
OVERDUE = Rule(
    "message-overdue",
    "留言逾期未答复",
    "{received} 收到的留言，办理时限 {due} 已过 {days} 天，仍未答复{veto}",
    severity=Severity.warning,
    article="第二十一条",
    hint="请承办单位尽快答复，并在 answered 中填写答复日期。",
)
RULES = (DATES, INVALID_NOTE, OVERDUE)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    try:
        months = load_section(ctx.config, "inspection", InspectionSettings).message_unanswered_months
    except SettingsError:  # reported with its line by supervision_config
        months = InspectionSettings().message_unanswered_months
    for message in repo.messages.values():
        path = repo.path_of("message", message.id)
        if message.received > ctx.today:
            yield DATES(path, loc=("received",), problem=f"收到日期 {message.received} 晚于今天 {ctx.today}")
        if message.due < message.received:
            yield DATES(path, loc=("due",), problem=f"办理时限 {message.due} 早于收到日期 {message.received}")
        if message.answered is not None and message.answered < message.received:
            yield DATES(path, loc=("answered",), problem=f"答复日期 {message.answered} 早于收到日期 {message.received}")
        if message.assigned is not None:
            if message.assigned < message.received:
                yield DATES(path, loc=("assigned",), problem=f"转办日期 {message.assigned} 早于收到日期 {message.received}")
            elif message.answered is not None and message.assigned > message.answered:
                yield DATES(path, loc=("assigned",), problem=f"转办日期 {message.assigned} 晚于答复日期 {message.answered}")
        if not message.valid and not (message.note or "").strip():
            yield INVALID_NOTE(path, loc=("valid",))
        status = message_status(message, ctx.today, months)
        if status.state in (MessageState.overdue, MessageState.overdue_veto):
            veto = f"；已超过 {months} 个月，网站将被单项否决" if status.state is MessageState.overdue_veto else ""
            yield OVERDUE(path, loc=("answered",) if "answered" in _keys(ctx, path) else ("due",),
                          received=message.received.isoformat(), due=message.due.isoformat(), days=status.days_late, veto=veto)


def _keys(ctx: Context, path: str) -> set[str]:
    entry = ctx.repo.entries.get(path)
    data = entry.doc.data if entry is not None else None
    return set(data) if isinstance(data, dict) else set()
