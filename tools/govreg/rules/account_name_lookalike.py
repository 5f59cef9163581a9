"""# 账号名称不能仿照其他单位的账号（第八条）

群众按名称找政务账号。一个账号的名称与**另一个单位**的账号名称相同或形近（全角、混用其他文字、
夹带空格或看不见的字符，按 UTS #39 骨架比较），或者只是在它前后加上“官方”“官微”“发布”“号”等词
（词表可在 `config/govreg.yaml` 的 `identity.decorations` 中修改），是**警告** `account-name-lookalike`,
消息中写明两个账号的文件。同一单位在不同平台使用相同名称不受影响（国办发〔2018〕123号要求名称一致）。

## 不通过

```yaml
# accounts/wz-other/wz-other-wechat.yaml（wz-edu 已有账号“示例教育”）
name: 示例教育官方
owner: wz-other
```

## 通过

```yaml
name: 示例职教中心
owner: wz-other
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..identity import LookalikeSettings, skeleton, strip_decorations
from ..models import Account
from ._shared import account_path, opened_on, settings

LOOKALIKE = Rule(
    "account-name-lookalike",
    "账号名称仿照其他单位的账号",
    "账号名称「{name}」{how}：{other_owner}的账号「{other_name}」（{other}）",
    severity=Severity.warning,
    article="第八条",
    hint="请使用能区分本单位的名称；如果这个账号并非本单位开设，请核实是否为仿冒账号。",
)
RULES = (LOOKALIKE,)


def check(ctx: Context) -> Iterator[Finding]:
    config, problems = settings(ctx, "identity", LookalikeSettings)
    yield from problems
    by_skeleton: dict[str, list[Account]] = {}
    skeletons: dict[str, str] = {}
    of_name: dict[str, str] = {}  # a unit's accounts on every platform share a name: each name is reduced once
    cores_of: dict[str, list[str]] = {}
    for account in ctx.repo.accounts.values():
        if account.name not in of_name:
            of_name[account.name] = skeleton(account.name)
        skeletons[account.id] = of_name[account.name]
        by_skeleton.setdefault(skeletons[account.id], []).append(account)
    for accounts in by_skeleton.values():
        accounts.sort(key=lambda a: (opened_on(a), account_path(ctx, a)))
    for account in ctx.repo.accounts.values():
        skel = skeletons[account.id]
        matches: list[tuple[str, Account]] = []
        earlier = [a for a in by_skeleton[skel] if a.owner != account.owner]
        if earlier and (opened_on(earlier[0]), account_path(ctx, earlier[0])) < (opened_on(account), account_path(ctx, account)):
            same = account.name == earlier[0].name
            matches.append(("与其他单位的账号名称相同" if same else "与其他单位的账号名称形近", earlier[0]))
        if skel not in cores_of:
            cores_of[skel] = sorted(strip_decorations(skel, config.decorations))
        for core in cores_of[skel]:
            for other in by_skeleton.get(core, []):
                if other.owner != account.owner:
                    matches.append(("是在其他单位的账号名称前后加词", other))
                    break
        for how, other in matches[:1]:
            unit = ctx.repo.units.get(other.owner)
            yield LOOKALIKE(
                account_path(ctx, account), loc=("name",), name=account.name, how=how,
                other_owner=unit.name if unit else other.owner, other_name=other.name, other=account_path(ctx, other),
            )


SETTINGS = {"identity": LookalikeSettings}  # its sections of config/govreg.yaml (the config schema)
