"""# 内容审核不得外包（第九条）

《管理办法》第九条：**政务新媒体信息内容审核不可外包**，主办单位要加强内容审核，确保管理不缺位。
第十二条的“三审”由承办人、承办科室负责人和分管领导完成。

第三方运维机构的人员（名册中 `vendor: true`）不能：

- 担任任何审核或审批角色（`roles` 中的 handler、section-head、leader、supervisor、escalation-reviewer、emergency-approver）；
- 被登记为单位的分管领导 `leader_in_charge`;
- 出现在信息文件的审核记录（`review` 的初审、复审、终审，`escalation`、`emergency_approval`）中。

## 不通过

```yaml
people:
  - {id: wz-edu-vendor-wang, name: 王某, vendor: true, roles: [handler]}
```

## 通过

```yaml
people:
  - {id: wz-edu-vendor-wang, name: 王某, vendor: true, roles: []}   # 只负责排版、运维
  - {id: wz-edu-li, name: 李明, roles: [handler]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import Role

VENDOR_REVIEWER = Rule(
    "vendor-reviewer",
    "第三方人员承担审核",
    "第三方运维人员「{name}」（{person}）{problem}；内容审核不得外包",
    article="第九条",
    hint="审核和审批只能由本单位工作人员承担：请改由本单位人员担任，并删除该第三方人员的审核角色（第三方人员可保留在名册中，roles 留空）。",
)
RULES = (VENDOR_REVIEWER,)

ROLE_NAMES = {
    Role.handler: "承办人（初审）",
    Role.section_head: "承办科室负责人（复审）",
    Role.leader: "分管领导（终审）",
    Role.supervisor: "政务公开办审核人",
    Role.escalation_reviewer: "有关业务部门审核人",
    Role.emergency_approver: "分管负责同志（审批）",
}
STEPS = (("review", "initial", "初审"), ("review", "second", "复审"), ("review", "final", "终审"))


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    for unit in repo.units.values():
        path = repo.path_of("unit", unit.id)
        for i, person in enumerate(unit.people):
            if not person.vendor:
                continue
            for j, role in enumerate(person.roles):
                yield VENDOR_REVIEWER(path, loc=("people", i, "roles", j), name=person.name, person=person.id, problem=f"担任{ROLE_NAMES[role]}")
            if unit.leader_in_charge == person.id:
                yield VENDOR_REVIEWER(path, loc=("leader_in_charge",), name=person.name, person=person.id, problem="被登记为分管领导")


def check_items(ctx: Context) -> Iterator[Finding]:
    """The items whose review a vendor's staff signed: each item judged alone, with every roster (see ``PER_FILE_PART``)."""
    repo = ctx.repo
    vendors = {person.id for unit in repo.units.values() for person in unit.people if person.vendor}
    if not vendors:
        return
    for path, item in repo.content.items():
        for parent, key, label in STEPS:
            step = getattr(item.review, key)
            if step is not None and step.by in vendors:
                holder = repo.person(step.by)
                yield VENDOR_REVIEWER(path, loc=(parent, key, "by"), name=holder.name if holder else step.by, person=step.by, problem=f"完成了{label}")
        for key, label in (("escalation", "有关部门审核"), ("emergency_approval", "审批")):
            record = getattr(item, key)
            if record is not None and record.by in vendors:
                holder = repo.person(record.by)
                yield VENDOR_REVIEWER(path, loc=(key, "by"), name=holder.name if holder else record.by, person=record.by, problem=f"完成了{label}")


#: the rosters are judged together (global); each item alone, with every roster read whole (govreg.engine.per_file_parts)
PER_FILE_PART = (check_items, ("unit",))
