"""# 公开字段中的个人信息（第十一条、第十二条）

《管理办法》第十一条：隐私信息要遮掩；第十二条“保密审核”：所发布的信息不得涉及个人隐私。

单位、网站、账号、留言记录中除标为“不公开”的字段（人员名册、外包协议、来信人信息等）以外的**每一个文字字段**
都会出现在公开网站、站内搜索、CSV 和 `registry.json` 中：账号简介 `description`、开设变更记录的说明 `note`、
公告标题、单位对外联系方式、栏目名称、留言的公开标题和摘要（数据模型要求其中**不得含个人信息**）、答复摘要……
本规则逐一检查这些字段（字段清单由数据模型自动得出，新增的公开字段自动纳入检查），报告未遮掩的身份证号、
手机号、银行卡号（`public-field-pii`，错误）和疑似输错一位的身份证号（`public-field-id-checksum`，警告）。
信息文件（content/）的标题、摘要和正文由“个人信息要遮掩”规则检查。

单位公开的官方联系号码（如服务热线、招聘公告的联系手机）列入 `config/pii-allowlist.yaml` 后不报告。

## 不通过

```yaml
# messages/education-bureau/wz-2026-0088.yaml
subject: 咨询转学手续
summary: 家长(电话 13800008000)咨询转学需要哪些材料
```

## 通过

```yaml
subject: 咨询转学手续
summary: 家长咨询转学需要哪些材料
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..pii import KIND_NAMES, PiiSettings, find_pii, id_check_character
from ..publicfields import public_strings
from ._shared import settings
from .content_pii import allowed_numbers

PUBLIC_PII = Rule(
    "public-field-pii",
    "公开字段中有未遮掩的个人信息",
    "公开字段「{field}」中有未遮掩的{kind}，会出现在公开网站上，应写作 {masked}",
    article="第十一条",
    hint="请删除或遮掩该号码；如果是单位公开的官方联系号码，请把它列入 config/pii-allowlist.yaml（写明是谁的号码）。",
)
PUBLIC_ID_TYPO = Rule(
    "public-field-id-checksum",
    "公开字段中有疑似输错一位的身份证号",
    "公开字段「{field}」中的 18 位号码地区码和出生日期都像身份证号，但校验码不符（应为 {expected}），多半是输错了一位的真实号码，应写作 {masked}",
    severity=Severity.warning,
    article="第十一条",
    hint="输错一位的身份证号仍能指向本人：请删除或遮掩。",
)
RULES = (PUBLIC_PII, PUBLIC_ID_TYPO)

KINDS = ("unit", "account", "site", "message")  # content items are scanned whole by content_pii


def _field(loc: tuple[str | int, ...]) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def check(ctx: Context) -> Iterator[Finding]:
    conf, _problems = settings(ctx, "pii", PiiSettings)  # problems are reported by content_pii
    allowed, _more = allowed_numbers(ctx)
    for path, entry in ctx.repo.entries.items():
        if entry.kind not in KINDS or entry.record is None:
            continue
        for loc, value in public_strings(entry.record):
            for match in find_pii(value, conf, allowed):
                field = _field(loc)
                if match.kind == "id_number_typo":
                    yield PUBLIC_ID_TYPO(path, loc=loc, field=field, expected=id_check_character(match.value[:17]), masked=match.masked)
                else:
                    yield PUBLIC_PII(path, loc=loc, field=field, kind=KIND_NAMES[match.kind], masked=match.masked)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
