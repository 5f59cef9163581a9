"""# 分管领导和工作人员（第五条）

《管理办法》第五条：各部门（单位）应建立政府网站和政务新媒体管理工作机制，**明确分管领导，落实专（兼）职工作人员**;
第二十一条把“未明确主管领导、管理机构和专门工作人员”列为考核扣分情形。

主办在用账号、或负责在用网站栏目的单位，必须：

- 在 `leader_in_charge` 中填写分管领导的人员 id;
- 在 `staff` 中至少填写一名专（兼）职工作人员的人员 id;
- 这些人员都登记在**本单位**的人员名册 `people` 中。

## 不通过

```yaml
id: wz-edu
leader_in_charge: wz-edu-ma    # 名册中没有这个人
staff: []
people:
  - {id: wz-edu-li, name: 李明, roles: [handler]}
```

## 通过

```yaml
id: wz-edu
leader_in_charge: wz-edu-ma
staff: [wz-edu-li]
people:
  - {id: wz-edu-ma, name: 马强, roles: [leader]}
  - {id: wz-edu-li, name: 李明, roles: [handler]}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import AccountStatus, Unit
from ._shared import once, unit_path

LEADER = Rule(
    "unit-leader-in-charge",
    "未明确分管领导",
    "未明确分管领导：{problem}",
    article="第五条",
    hint="请在 leader_in_charge 中填写本单位分管政府网站和政务新媒体工作的领导的人员 id，并确保此人登记在本单位的 people 中。",
)
STAFF = Rule(
    "unit-staff",
    "未落实专（兼）职工作人员",
    "未落实专（兼）职工作人员：{problem}",
    article="第五条",
    hint="请在 staff 中列出本单位负责政府网站和政务新媒体工作的专（兼）职工作人员的人员 id，并确保他们登记在本单位的 people 中。",
)
RULES = (LEADER, STAFF)


def responsible_units(ctx: Context) -> dict[str, str]:
    """Unit id → why it needs a leader and staff (the first account or column found), built once per check."""

    def build() -> dict[str, str]:
        repo = ctx.repo
        why: dict[str, str] = {}
        for account in repo.accounts.values():
            if account.status is AccountStatus.active:
                why.setdefault(account.owner, f"主办在用账号「{account.name}」")
        for site in repo.sites.values():
            if site.status == "active":
                for column in site.columns:
                    why.setdefault(column.responsible_unit, f"负责网站「{site.name}」的栏目「{column.name}」")
        return why

    return once(ctx, "responsible-units", build)


def _not_member(ctx: Context, unit: Unit, person_id: str) -> str:
    holder = ctx.repo.unit_of_person(person_id)
    if holder is None:
        return f"人员 id「{person_id}」不在本单位的人员名册 people 中"
    return f"人员 id「{person_id}」是「{holder.name}」的人员，不在本单位的人员名册 people 中"


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    for unit_id, why in responsible_units(ctx).items():
        unit = repo.units.get(unit_id)
        if unit is None:
            continue  # unknown-reference
        path = unit_path(ctx, unit)
        members = {person.id for person in unit.people}
        if unit.leader_in_charge is None:
            yield LEADER(path, loc=("id",), problem=f"本单位{why}，但没有填写 leader_in_charge")
        elif unit.leader_in_charge not in members:
            yield LEADER(path, loc=("leader_in_charge",), problem=_not_member(ctx, unit, unit.leader_in_charge))
        if not unit.staff:
            yield STAFF(path, loc=("staff",) if "staff" in _keys(ctx, path) else ("id",), problem=f"本单位{why}，但没有填写 staff")
        for i, person_id in enumerate(unit.staff):
            if person_id not in members:
                yield STAFF(path, loc=("staff", i), problem=_not_member(ctx, unit, person_id))


def _keys(ctx: Context, path: str) -> set[str]:
    entry = ctx.repo.entries.get(path)
    data = entry.doc.data if entry is not None else None
    return set(data) if data else set()
