"""# 名册：政务公开办和上级审核角色

人员名册 `people` 中的角色只能由有权担任的单位的人员持有：

- 政务公开办审核人（`supervisor`，审核名册、规则和工作流的变更，第二十条）只能是政务公开办所在单位
  （`config/govreg.yaml` 的 `supervising_office`）的人员；
- 党委、政府有关业务部门审核人（`escalation-reviewer`，第十二条）只能是党委部门、政府及其部门的人员；
- 党委、政府分管负责同志（`emergency-approver`，第十二条）只能是人民政府、政府办公室或党委部门的人员。

后两项允许的单位类型是数据，可在 `config/govreg.yaml` 中调整：

```yaml
roster_office_role:
  escalation_reviewer_kinds: [government, government-office, agency, party-body]
  emergency_approver_kinds: [government, government-office, party-body]
  pre_reviewer_kinds: [government, government-office, agency, party-body]
```

## 不通过

```yaml
# units/wz-edu.yaml(市教育局,不是政务公开办)
people:
  - {id: wz-edu-zhao, name: 赵某, roles: [supervisor]}
```

## 通过

```yaml
# units/city-gov-office.yaml
people:
  - {id: gov-office-zhao, name: 赵某, roles: [supervisor]}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from ..context import Context
from ..findings import Finding, Rule
from ..models import Role, UnitKind
from ._shared import KIND_NAMES, kind_names, settings

OFFICE_ROLE = Rule(
    "roster-office-role",
    "角色不属于本单位",
    "「{name}」（{person}）是{unit}的人员，不能担任{role}：{reason}",
    article="第十二条",
    hint="请删除该角色，改由有权担任此角色的单位（政务公开办、党委或政府有关部门）的人员担任。",
)
HINT = "请删除该角色；此角色应登记在{where}的人员名册中。"
RULES = (OFFICE_ROLE,)


class RosterSettings(BaseModel):
    """``roster_office_role:`` in config/govreg.yaml."""

    escalation_reviewer_kinds: list[UnitKind] = [UnitKind.government, UnitKind.government_office, UnitKind.agency, UnitKind.party_body]
    emergency_approver_kinds: list[UnitKind] = [UnitKind.government, UnitKind.government_office, UnitKind.party_body]
    pre_reviewer_kinds: list[UnitKind] = [UnitKind.government, UnitKind.government_office, UnitKind.agency, UnitKind.party_body]


def check(ctx: Context) -> Iterator[Finding]:
    conf, findings = settings(ctx, "roster_office_role", RosterSettings)
    yield from findings
    repo = ctx.repo
    office_id = ctx.config.supervising_office
    office = repo.units.get(office_id)
    office_name = office.name if office else office_id
    kinds = {
        Role.escalation_reviewer: ("党委、政府有关业务部门审核人", conf.escalation_reviewer_kinds),
        Role.emergency_approver: ("党委、政府分管负责同志", conf.emergency_approver_kinds),
        Role.pre_reviewer: ("铸牢中华民族共同体意识前置审核人", conf.pre_reviewer_kinds),
    }
    for unit in repo.units.values():
        path = repo.path_of("unit", unit.id)
        for i, person in enumerate(unit.people):
            for j, role in enumerate(person.roles):
                loc = ("people", i, "roles", j)
                common: dict[str, Any] = {"name": person.name, "person": person.id, "unit": unit.name}
                if role is Role.supervisor and unit.id != office_id:
                    yield OFFICE_ROLE(
                        path, loc=loc, role="政务公开办审核人（supervisor）", reason=f"此角色只属于政务公开办所在单位「{office_name}」",
                        where=f"「{office_name}」", hint=HINT, **common,
                    )
                elif role in kinds and unit.kind not in kinds[role][1]:
                    label, allowed = kinds[role]
                    yield OFFICE_ROLE(
                        path, loc=loc, role=f"{label}（{role.value}）", reason=f"{KIND_NAMES[unit.kind]}不在可担任此角色的单位类型（{kind_names(allowed)}）之内",
                        where=kind_names(allowed), hint=HINT, **common,
                    )


SETTINGS = {"roster_office_role": RosterSettings}  # its sections of config/govreg.yaml (the config schema)
