"""# 敏感信息报请审核、重特大突发事件信息审批（第十二条）

《管理办法》第十二条：遇到重要信息或敏感信息不能作出判断时，须请**党委、政府有关业务部门**审核，
审核通过后方可发布；发布涉及**重特大突发事件、突发性群体事件**等信息时，必须经**党委、政府分管负责同志**
审批，同意后方可发布。

两种审批人都是名册中的角色，不是随手填写的文字：

| 代码 | 检查内容 |
|---|---|
| `escalation-missing` | `sensitive: true` 的信息发布前有 `escalation`（审核人 `by`、时间 `at`） |
| `escalation-role` | `escalation.by` 是名册中具有 `escalation-reviewer` 角色的人员 |
| `escalation-late` | 审核时间不晚于发布时间 |
| `emergency-approval-missing` | `emergency: true` 的信息发布前有 `emergency_approval` |
| `emergency-approval-role` | `emergency_approval.by` 是名册中具有 `emergency-approver` 角色的人员 |
| `emergency-approval-late` | 审批时间不晚于发布时间 |

审批人可以是其他单位（如市委宣传部、市政府分管副市长）的人员。第三方运维人员参与审批由
`review-vendor` 报告。草稿（`published_at` 为空）不要求已审批。

## 不通过

```yaml
sensitive: true
emergency: true
published_at: 2026-07-02T10:00:00+08:00
# 没有 escalation 和 emergency_approval
```

## 通过

```yaml
sensitive: true
emergency: true
published_at: 2026-07-02T10:00:00+08:00
escalation: {by: propaganda-dept-haixf, at: 2026-07-02T09:00:00+08:00, opinion: 同意}
emergency_approval: {by: city-gov-office-jinzq, at: 2026-07-02T09:30:00+08:00, opinion: 同意发布}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import ContentItem, Escalation, Role
from ._content import when
from .content_review import VENDOR

ESCALATION_MISSING = Rule(
    "escalation-missing",
    "敏感信息未报请审核",
    "信息标为敏感（sensitive: true）并已发布，但没有党委、政府有关业务部门的审核记录 escalation",
    article="第十二条",
    hint="请填写 escalation：审核人 by（名册中具有 escalation-reviewer 角色的人员 id）、时间 at、意见 opinion；审核通过后方可发布。",
)
ESCALATION_ROLE = Rule(
    "escalation-role",
    "敏感信息审核人不符",
    "敏感信息审核人「{person}」{problem}",
    article="第十二条",
    hint="敏感信息须由党委、政府有关业务部门审核：请填写名册中具有 escalation-reviewer 角色的人员 id。",
)
ESCALATION_LATE = Rule(
    "escalation-late",
    "敏感信息审核晚于发布",
    "敏感信息审核时间 {at} 晚于发布时间 {published}",
    article="第十二条",
    hint="审核通过后方可发布；请核对审核时间和发布时间。",
)
EMERGENCY_MISSING = Rule(
    "emergency-approval-missing",
    "突发事件信息未经审批",
    "信息涉及重特大突发事件或群体性事件（emergency: true）并已发布，但没有党委、政府分管负责同志的审批记录 emergency_approval",
    article="第十二条",
    hint="请填写 emergency_approval：审批人 by（名册中具有 emergency-approver 角色的人员 id）、时间 at、意见 opinion；同意后方可发布。",
)
EMERGENCY_ROLE = Rule(
    "emergency-approval-role",
    "突发事件信息审批人不符",
    "突发事件信息审批人「{person}」{problem}",
    article="第十二条",
    hint="须经党委、政府分管负责同志审批：请填写名册中具有 emergency-approver 角色的人员 id。",
)
EMERGENCY_LATE = Rule(
    "emergency-approval-late",
    "突发事件信息审批晚于发布",
    "突发事件信息审批时间 {at} 晚于发布时间 {published}",
    article="第十二条",
    hint="同意后方可发布；请核对审批时间和发布时间。",
)
RULES = (ESCALATION_MISSING, ESCALATION_ROLE, ESCALATION_LATE, EMERGENCY_MISSING, EMERGENCY_ROLE, EMERGENCY_LATE)

_KINDS = (
    ("sensitive", "escalation", Role.escalation_reviewer, "敏感信息审核", ESCALATION_MISSING, ESCALATION_ROLE, ESCALATION_LATE),
    ("emergency", "emergency_approval", Role.emergency_approver, "突发事件信息审批", EMERGENCY_MISSING, EMERGENCY_ROLE, EMERGENCY_LATE),
)


def check(ctx: Context) -> Iterator[Finding]:
    for path, item in ctx.repo.content.items():
        yield from _check_item(ctx, path, item)


def _check_item(ctx: Context, path: str, item: ContentItem) -> Iterator[Finding]:
    for flag, key, role, step, missing, wrong_role, late in _KINDS:
        record: Escalation | None = getattr(item, key)
        if record is None:
            if getattr(item, flag) and item.published_at is not None:
                yield missing(path, loc=(flag,))
            continue
        hit = ctx.repo.people.get(record.by)
        if hit is None:
            yield wrong_role(path, loc=(key, "by"), person=record.by, problem="不在任何单位的人员名册中")
        else:
            unit, person = hit
            if role not in person.roles:
                yield wrong_role(path, loc=(key, "by"), person=f"{person.name}（{person.id}，{unit.name}）", problem=f"在名册中没有 {role.value} 角色")
            if person.vendor:
                yield VENDOR(path, loc=(key, "by"), step=step, name=person.name, person=person.id)
        if item.published_at is not None and record.at is not None and record.at > item.published_at:
            yield late(path, loc=(key, "at"), at=when(record.at), published=when(item.published_at))

SCOPE = "file"  # an item, read with the rosters of every unit (govreg.engine.scope_of)
DEPENDS = ("unit",)
