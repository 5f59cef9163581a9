"""# 名册：同一人、同一角色不重复登记

名册是审核权限的依据（第五条、第十二条），重复登记会让“谁能审核”变得不清楚：

- 单位的 `staff` 中同一人员 id 只能出现一次；
- 一个人的 `roles` 中同一角色只能出现一次；
- 同一个人不能以两个人员 id 登记：姓名相同且联系电话或电子邮箱相同的两条登记视为同一人
  （人员 id 重复由 `person-duplicate` 检查，`login` 重复由 `roster-login-unique` 检查）。

## 不通过

```yaml
staff: [wz-edu-li, wz-edu-li]
people:
  - {id: wz-edu-li, name: 李明, roles: [handler, handler], phone: "13800000001"}
  - {id: wz-edu-liming, name: 李明, roles: [section-head], phone: "13800000001"}
```

## 通过

```yaml
staff: [wz-edu-li]
people:
  - {id: wz-edu-li, name: 李明, roles: [handler, section-head], phone: "13800000001"}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule

DUPLICATE = Rule(
    "roster-duplicate",
    "名册重复登记",
    "名册重复登记：{problem}",
    article="第五条",
    hint="同一人只登记一次，一人多职时在 roles 中列出多个角色；请删除重复的一项。",
)
RULES = (DUPLICATE,)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    seen: dict[tuple[str, str, str], tuple[str, str]] = {}  # (name, 'phone'|'email', value) -> (person id, path)
    for unit in repo.units.values():
        path = repo.path_of("unit", unit.id)
        first: dict[str, int] = {}
        for i, person_id in enumerate(unit.staff):
            if person_id in first:
                yield DUPLICATE(path, loc=("staff", i), problem=f"staff 中人员 id「{person_id}」重复（第一次在 staff[{first[person_id]}]）")
            else:
                first[person_id] = i
        for i, person in enumerate(unit.people):
            roles: set[str] = set()
            for j, role in enumerate(person.roles):
                if role.value in roles:
                    yield DUPLICATE(path, loc=("people", i, "roles", j), problem=f"「{person.name}」的角色 {role.value} 重复")
                roles.add(role.value)
            name = "".join(person.name.split())
            for key, value in (("phone", person.phone), ("email", person.email)):
                if not value:
                    continue
                mark = (name, key, value.strip().lower())
                other = seen.get(mark)
                if other is not None and other[0] != person.id:
                    label = "联系电话" if key == "phone" else "电子邮箱"
                    yield DUPLICATE(
                        path, loc=("people", i, "id"),
                        problem=f"「{person.name}」（{person.id}）与 {other[1]} 中的 {other[0]} 姓名和{label}相同，是同一人登记了两次",
                        hint="同一人只登记一个人员 id：请删除其中一条，并把引用它的 staff、leader_in_charge 和审核记录改为保留的 id；一人在两个单位任职时，登记在实际承担审核工作的单位。",
                    )
                    break
                seen.setdefault(mark, (person.id, path))
