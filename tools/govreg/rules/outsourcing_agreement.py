"""# 委托第三方运维（第九条）

《管理办法》第九条：政务新媒体主办单位委托第三方专业机构运维的，应与第三方**签署外包保密协议**,
**建立外包服务管理制度、运营监管制度**，明确主办单位和运维方的职责。

`operation.mode: outsourced` 的账号必须填写：

- `vendor`：运维单位名称；
- `agreement`：外包保密协议的编号 `reference` 和签署日期 `date`（不公开）；
- `rules`：外包服务管理制度、运营监管制度的名称或文号（不公开）。

自行运维（`mode: self`，默认）的账号却填写了运维单位或协议的，给出**警告** `outsourcing-mode`，请确认运维方式。

保密协议有期限的，填写 `agreement.expires`（有效期至，含当日）：过期仍在委托运维的，是**错误**
`outsourcing-agreement-expired`——过期的保密协议等于没有协议。第九条要求“明确主办单位和运维方的职责”，
可在 `duties` 中记录（合同条款或制度名称，不公开）。

内容审核不得外包，见 `vendor-reviewer`。

## 不通过

```yaml
operation:
  mode: outsourced
  vendor: 宁夏某某传媒有限公司
```

## 通过

```yaml
operation:
  mode: outsourced
  vendor: 宁夏某某传媒有限公司
  agreement: {reference: WZJY-2025-007, date: 2025-02-20, expires: 2027-02-19}
  rules: 示例市教育局政务新媒体外包服务管理制度(2025 年修订)
  duties: 运维服务合同第三条(主办单位负责内容审核,运维方负责发布操作和账号安全)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ._shared import account_path

AGREEMENT = Rule(
    "outsourcing-agreement",
    "外包运维手续不全",
    "账号委托第三方运维，但没有填写{missing}",
    article="第九条",
    hint="请与运维单位签署外包保密协议、建立外包服务管理和运营监管制度，并在 operation 中填写 vendor（运维单位）、agreement（协议编号 reference、签署日期 date）和 rules（制度名称或文号）。",
)
MODE = Rule(
    "outsourcing-mode",
    "运维方式与外包信息不一致",
    "运维方式是自行运维（mode: self），却填写了{present}",
    severity=Severity.warning,
    article="第九条",
    hint="如果账号委托第三方运维，请把 operation.mode 改为 outsourced；否则请删除这些外包信息。",
)
EXPIRED = Rule(
    "outsourcing-agreement-expired",
    "外包保密协议已过期",
    "外包保密协议「{reference}」的有效期至 {expires}，已过期，账号仍委托第三方运维",
    article="第九条",
    hint="请与运维单位续签保密协议，并更新 operation.agreement 的 reference、date 和 expires；不再委托的，请把 mode 改为 self。",
)
RULES = (AGREEMENT, MODE, EXPIRED)

FIELDS = (("vendor", "运维单位 vendor"), ("agreement", "外包保密协议 agreement"), ("rules", "外包服务管理制度 rules"))


def check(ctx: Context) -> Iterator[Finding]:
    for account in ctx.repo.accounts.values():
        operation = account.operation
        filled = [(key, label) for key, label in FIELDS if getattr(operation, key)]
        if operation.mode == "outsourced":
            missing = [label for key, label in FIELDS if not getattr(operation, key)]
            if missing:
                yield AGREEMENT(account_path(ctx, account), loc=("operation", "mode"), missing="、".join(missing))
            agreement = operation.agreement
            if agreement is not None and agreement.expires is not None and agreement.expires < ctx.today and account.status.value == "active":
                yield EXPIRED(account_path(ctx, account), loc=("operation", "agreement", "expires"), reference=agreement.reference, expires=agreement.expires.isoformat())
        elif filled:
            yield MODE(account_path(ctx, account), loc=("operation", "mode") if _has_mode(ctx, account.id) else ("operation",), present="、".join(label for _, label in filled))


def _has_mode(ctx: Context, account_id: str) -> bool:
    entry = ctx.repo.entries.get(ctx.repo.path_of("account", account_id))
    data = entry.doc.data if entry is not None else None
    operation = data.get("operation") if data else None
    return isinstance(operation, dict) and "mode" in operation
