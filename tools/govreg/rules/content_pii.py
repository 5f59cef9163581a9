"""# 个人信息要遮掩（第十一条、第十二条）

《管理办法》第十一条：信息审核发布坚持“涉密信息不公开、敏感信息不上网、**隐私信息要遮掩**”的原则；
第十二条“保密审核”：所发布的信息不得涉及个人隐私。

本规则在信息文件的全部文字（标题、摘要、正文及其他元数据）中查找未遮掩的个人信息，报告行、列和应使用的遮掩写法：

| 代码 | 检查内容 |
|---|---|
| `pii-id-number` | 18 位居民身份证号码：出生日期有效，且校验码符合 ISO 7064 MOD 11-2 |
| `pii-mobile` | 手机号码：1 开头、第二位 3–9 的 11 位数字（也识别 `138 0000 8000`、`138-0000-8000`、`+86` 前缀） |
| `pii-bank-card` | 银行卡号：3–6 开头的 16–19 位数字（可四位一组），通过 Luhn 校验 |

| `pii-many` | 一个文件中的个人信息超过 100 处时只列出前 100 处，并报告此项（`govreg mask` 会一次遮掩全部） |
| `pii-id-number-checksum`（警告） | 地区码、出生日期都像身份证号但校验码不符的 18 位号码：多半是输错一位的真实号码，同样要遮掩 |

单位公开的官方联系号码（如服务热线、招聘公告的联系手机）列在 `config/pii-allowlist.yaml` 中(号码、谁的号码、
公布单位)，不报告、也不遮掩；不要为此关闭手机号检测。

为避免误报：网址、链接地址（含 `[1]: files/…` 这样的引用式链接定义）中的数字不检查；与英文字母或其他数字相连的数字不算；固定电话不检查
（政务信息中的固定电话几乎都是公开的办公电话）；15 位旧身份证号不检查（没有校验码，误报太多）。

遮掩格式可在 `config/govreg.yaml` 的 `pii:` 中设置，默认身份证号保留前 6 位和后 4 位
(`640302********0016`)，手机号保留前 3 位和后 4 位（`138****8000`），银行卡号保留后 4 位。
`govreg mask 文件或目录` 预览遮掩结果，加 `--write` 直接改写文件（只改这些号码，文件其他内容不变）。

## 不通过

```markdown
经审核,申请人张某(身份证号 640302199001010016,联系电话 13800008000)符合条件。
```

## 通过

```markdown
经审核,申请人张某(身份证号 640302********0016,联系电话 138****8000)符合条件。
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..pii import PiiAllowList, PiiSettings, find_pii, id_check_character
from ._content import content_texts, data_list
from ._shared import settings

_HINT = "请改为遮掩后的写法 {masked}；可运行 govreg mask {file} --write 自动遮掩（只改号码，不动其他内容）。"
ID_NUMBER = Rule(
    "pii-id-number",
    "未遮掩的身份证号",
    "有未遮掩的身份证号，应写作 {masked}",
    article="第十一条",
    hint=_HINT,
)
MOBILE = Rule(
    "pii-mobile",
    "未遮掩的手机号",
    "有未遮掩的手机号，应写作 {masked}",
    article="第十一条",
    hint=_HINT,
)
BANK_CARD = Rule(
    "pii-bank-card",
    "未遮掩的银行卡号",
    "有未遮掩的银行卡号，应写作 {masked}",
    article="第十一条",
    hint=_HINT,
)
ID_TYPO = Rule(
    "pii-id-number-checksum",
    "疑似输错一位的身份证号",
    "有 18 位号码的地区码和出生日期都像身份证号，但校验码不符（应为 {expected}），多半是输错了一位的真实号码，应写作 {masked}",
    severity=Severity.warning,
    article="第十一条",
    hint="输错一位的身份证号仍能指向本人：请同样遮掩；" + _HINT,
)
MORE = Rule(
    "pii-many",
    "个人信息过多，未逐一列出",
    "本文件中的个人信息超过 {limit} 处，只列出了前 {limit} 处",
    article="第十一条",
    hint="请运行 govreg mask {file} --write 一次遮掩全部号码（不受此上限限制），再重新检查。",
)
RULES = (ID_NUMBER, MOBILE, BANK_CARD, ID_TYPO, MORE)
LIMIT = 100  # per file: a file with 100,000 numbers must not make a check (and its log) 100,000 findings long
BY_KIND = {"id_number": ID_NUMBER, "mobile": MOBILE, "bank_card": BANK_CARD, "id_number_typo": ID_TYPO}

ALLOWLIST = "pii-allowlist"


def allowed_numbers(ctx: Context) -> tuple[frozenset[str], list[Finding]]:
    """Digits of the official numbers in ``config/pii-allowlist.yaml`` (read once per check)."""
    loaded = data_list(ctx, ALLOWLIST, PiiAllowList)
    return loaded.value.digits(), list(loaded.findings)


def check(ctx: Context) -> Iterator[Finding]:
    conf, problems = settings(ctx, "pii", PiiSettings)
    yield from problems
    allowed, more = allowed_numbers(ctx)
    yield from more
    for path, _item, text in content_texts(ctx):
        matches = find_pii(text.text, conf, allowed, limit=LIMIT)
        if len(matches) >= LIMIT:
            yield MORE(path, line=1, column=1, limit=LIMIT, file=path)
        for match in matches:
            line, column = text.position(match.start)
            expected = id_check_character(match.value[:17]) if match.kind == "id_number_typo" else ""
            yield BY_KIND[match.kind](path, line=line, column=column, masked=match.masked, file=path, expected=expected)


SETTINGS = {"pii": PiiSettings}  # its sections of config/govreg.yaml (the config schema)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
