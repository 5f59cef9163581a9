"""# 认证主体须为主办单位（第六条）

《管理办法》第六条不允许以内设机构或个人名义开设政务新媒体；国办发〔2018〕123号要求账号认证信息
显示主办单位。因此账号的认证主体 `certified_subject` 必须是主办单位 `owner` 的名称
（比较时忽略空格，半角括号视同全角括号）。委托第三方运维时，认证主体也不能是运维单位。

单位另有规范简称等在平台认证时使用的名称的，可在 `config/govreg.yaml` 中登记：

```yaml
account_certified_subject:
  aliases:
    wz-edu: [示例市教育局(示例市语言文字工作委员会办公室)]
```

## 不通过

```yaml
owner: wz-edu                      # units/wz-edu.yaml: name: 示例市教育局
certified_subject: 示例市教育局办公室
```

## 通过

```yaml
owner: wz-edu
certified_subject: 示例市教育局
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..context import Context
from ..findings import Finding, Rule
from ._shared import account_path, normalise_name, settings

CERTIFIED_SUBJECT = Rule(
    "account-certified-subject",
    "认证主体不是主办单位",
    "认证主体「{subject}」{problem}",
    article="第六条",
    hint="请在平台上把认证主体变更为主办单位，再把 certified_subject 改为主办单位的名称（与 units/ 中的 name 一致）；如单位在平台认证时使用经批准的其他名称，请在 config/govreg.yaml 的 account_certified_subject.aliases 中登记。",
)
HINT = "请在平台上把认证主体变更为主办单位「{owner}」，再把 certified_subject 改为「{owner}」；如单位在平台认证时使用经批准的其他名称，请在 config/govreg.yaml 的 account_certified_subject.aliases 中登记。"
RULES = (CERTIFIED_SUBJECT,)


class CertifiedSubjectSettings(BaseModel):
    """``account_certified_subject:`` in config/govreg.yaml."""

    aliases: dict[str, list[str]] = {}


def check(ctx: Context) -> Iterator[Finding]:
    conf, findings = settings(ctx, "account_certified_subject", CertifiedSubjectSettings)
    yield from findings
    repo = ctx.repo
    for account in repo.accounts.values():
        unit = repo.units.get(account.owner)
        if unit is None:
            continue  # reported by unknown-reference / account-owner-kind
        subject = normalise_name(account.certified_subject)
        names = {normalise_name(unit.name), *(normalise_name(a) for a in conf.aliases.get(unit.id, ()))}
        if subject in names:
            continue
        vendor = account.operation.vendor
        if vendor and subject == normalise_name(vendor):
            problem = f"是第三方运维单位，而不是主办单位「{unit.name}」；外包运维不改变账号的主办单位"
        else:
            problem = f"与主办单位「{unit.name}」（owner: {unit.id}）的名称不一致"
        yield CERTIFIED_SUBJECT(account_path(ctx, account), loc=("certified_subject",), subject=account.certified_subject, problem=problem, owner=unit.name, hint=HINT)


SETTINGS = {"account_certified_subject": CertifiedSubjectSettings}  # its sections of config/govreg.yaml (the config schema)

SCOPE = "file"  # an account, read with the names of every unit (govreg.engine.scope_of)
DEPENDS = ("unit",)
