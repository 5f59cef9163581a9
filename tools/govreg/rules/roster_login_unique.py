"""# 名册：代码托管平台账号唯一

人员的 `login` 是其在代码托管平台（GitHub、Gitea 等）上的账号，用于把拉取请求上的审核对应到名册中的人
和角色（第十二条的三审、第十三条的审查表）。一个 `login` 只能属于一个人，否则无法判断是谁完成了审核。
比较时不区分大小写。

## 不通过

```yaml
# units/wz-edu.yaml
people:
  - {id: wz-edu-li, name: 李明, login: liming}
# units/wz-health.yaml
people:
  - {id: wz-health-li, name: 李明, login: LiMing}
```

## 通过

```yaml
people:
  - {id: wz-edu-li, name: 李明, login: liming-wzedu}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule

LOGIN = Rule(
    "roster-login-unique",
    "代码托管平台账号重复",
    "login「{login}」已被 {other} 中的 {person} 使用",
    article="第十二条",
    hint="每人使用自己的代码托管平台账号，一个账号只登记给一个人；请改正 login，或删除重复登记的人员。",
)
RULES = (LOGIN,)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    seen: dict[str, tuple[str, str]] = {}
    for unit in repo.units.values():
        path = repo.path_of("unit", unit.id)
        for i, person in enumerate(unit.people):
            if not person.login:
                continue
            key = person.login.strip().lower()
            if key in seen:
                other_path, other_person = seen[key]
                yield LOGIN(path, loc=("people", i, "login"), login=person.login, other=other_path, person=other_person)
            else:
                seen[key] = (path, person.id)
