"""# 谁可以开设政务新媒体（第六条）

《管理办法》第二条、第六条：政务新媒体由各级行政机关、承担行政职能的事业单位和工（农）业园区开设；
**不得以内设机构名义或个人名义开设**。

本规则检查账号的主办单位 `owner`:

- 必须是 `units/` 中登记的单位，且单位类型 `kind` 在允许的范围内
  （默认：人民政府、政府办公室、行政机关、承担行政职能的事业单位、工（农）业园区、乡镇（街道））；
- 内设机构（`internal-body`）不得开设，应由其所属单位（`parent`）开设；
- `owner` 填的是人员 id 时，说明是以个人名义开设，同样不允许。

允许的单位类型是数据，可在 `config/govreg.yaml` 中调整：

```yaml
account_owner:
  allowed_kinds: [government, government-office, agency, public-institution-with-admin-functions, park, township]
  out_of_scope_kinds: [party-body]
```

**党委部门的账号不是错误。** 《管理办法》第二条只调整行政机关、承担行政职能的事业单位和园区的政务新媒体；
党委部门（宣传部、网信办等）的账号不归它管，但可以在本库登记（例如为了在公开名录中供群众辨别真伪）。
这类单位列在 `out_of_scope_kinds` 中（默认 `party-body`），其账号只给出**提示** `account-out-of-scope`;
本地另有规定要求一并管理时，把 `party-body` 加进 `allowed_kinds`，提示即消失、账号按本办法检查。

## 不通过

```yaml
# units/wz-edu-office.yaml
id: wz-edu-office
name: 示例市教育局办公室
kind: internal-body
parent: wz-edu
---
# accounts/wz-edu-office/wz-edu-office-wechat.yaml
owner: wz-edu-office
```

## 通过

```yaml
# accounts/wz-edu/wz-edu-wechat.yaml
owner: wz-edu        # kind: agency
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..models import UnitKind
from ._shared import KIND_NAMES, account_path, kind_names, settings

OWNER_KIND = Rule(
    "account-owner-kind",
    "账号主办单位类型不符",
    "账号的主办单位「{owner}」{problem}",
    article="第六条",
    hint="政务新媒体只能由有权开设的单位开设：请把 owner 改为该单位的 id，并把文件移到 accounts/<单位 id>/ 下。",
)
OUT_OF_SCOPE = Rule(
    "account-out-of-scope",
    "账号不在《管理办法》调整范围内",
    "账号的主办单位「{owner}」是{kind}，其账号不在《管理办法》调整范围内（第二条），仅作登记",
    severity=Severity.info,
    article="第二条",
    hint="无需处理；如本地规定要求按本办法管理此类账号，请由政务公开办在 config/govreg.yaml 的 account_owner.allowed_kinds 中加入该单位类型。",
)
RULES = (OWNER_KIND, OUT_OF_SCOPE)


class AccountOwnerSettings(BaseModel):
    """``account_owner:`` in config/govreg.yaml."""

    allowed_kinds: list[UnitKind] = [
        UnitKind.government,
        UnitKind.government_office,
        UnitKind.agency,
        UnitKind.public_institution,
        UnitKind.park,
        UnitKind.township,
    ]
    #: unit kinds the measures do not govern (第二条): their accounts are registered, with an info, not an error
    out_of_scope_kinds: list[UnitKind] = [UnitKind.party_body]


def check(ctx: Context) -> Iterator[Finding]:
    conf, findings = settings(ctx, "account_owner", AccountOwnerSettings)
    yield from findings
    allowed = set(conf.allowed_kinds)
    repo = ctx.repo
    for account in repo.accounts.values():
        path = account_path(ctx, account)
        unit = repo.units.get(account.owner)
        if unit is None:
            holder = repo.unit_of_person(account.owner)
            if holder is not None:  # an unknown unit id is reported by unknown-reference
                yield OWNER_KIND(
                    path, loc=("owner",), owner=account.owner,
                    problem=f"是「{holder.name}」的一名人员；不得以个人名义开设政务新媒体",
                    hint="请把 owner 改为单位 id「{unit_id}」，并把文件移到 accounts/{unit_id}/。", unit_id=holder.id,
                )
            continue
        if unit.kind in allowed:
            continue
        if unit.kind in conf.out_of_scope_kinds:
            yield OUT_OF_SCOPE(path, loc=("owner",), owner=unit.name, kind=KIND_NAMES[unit.kind])
            continue
        if unit.kind is UnitKind.internal_body:
            parent = repo.units.get(unit.parent) if unit.parent else None
            where = f"其所属单位「{parent.name}」（owner: {parent.id}）" if parent else "其所属单位"
            yield OWNER_KIND(
                path, loc=("owner",), owner=unit.name, problem="是内设机构；不得以内设机构名义开设政务新媒体",
                hint="请由{where}开设并登记该账号，或将其整合进所属单位的主账号。", where=where,
            )
            continue
        yield OWNER_KIND(
            path, loc=("owner",), owner=unit.name,
            problem=f"的类型是{KIND_NAMES[unit.kind]}，不在可开设政务新媒体的单位类型（{kind_names(conf.allowed_kinds)}）之内",
            hint="请确认主办单位是否正确；如该类单位确可开设，请由政务公开办在 config/govreg.yaml 的 account_owner.allowed_kinds 中加入。",
        )


SETTINGS = {"account_owner": AccountOwnerSettings}  # its sections of config/govreg.yaml (the config schema)
