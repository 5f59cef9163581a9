"""# 附件中的个人信息（第十一条、第十二条）

《管理办法》第十一条：隐私信息要遮掩；第十二条“保密审核”：所发布的信息不得涉及个人隐私。

信息的附件同样公开发布：公示名单的 Excel 表、通知的 Word 文档、PDF 文件、文本和 CSV 文件中
常常有身份证号、手机号。本规则读取 `content/` 下的 `.txt`、`.csv`、`.docx`、`.xlsx`、`.pdf` 附件中的文字，
按“个人信息要遮掩”规则的同样标准查找未遮掩的身份证号、手机号、银行卡号（`attachment-pii`，错误），
报告所在的行、段落、单元格或页码；无法读取的附件（损坏、加密、过大）报告为警告（`attachment-unreadable`），
请人工检查。`config/pii-allowlist.yaml` 中的官方联系号码不报告。

附件中的个人信息请在原文件中遮掩后重新导出（Excel 中可用公式或“查找和替换”），不要只改文件名。

## 不通过

```text
content/…/files/名单.xlsx  工作表「名单」C3:640302199001010016
```

## 通过

```text
content/…/files/名单.xlsx  工作表「名单」C3:640302********0016
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..attachments import SUFFIXES, Unreadable, pieces
from ..context import Context
from ..findings import Finding, Rule, Severity
from ..pii import KIND_NAMES, PiiSettings, find_pii
from ._shared import settings
from .content_pii import allowed_numbers

ATTACHMENT_PII = Rule(
    "attachment-pii",
    "附件中有未遮掩的个人信息",
    "附件的{where}有未遮掩的{kind}，应写作 {masked}",
    article="第十一条",
    hint="请在原文件中遮掩后重新导出、替换附件；如果是单位公开的官方联系号码，请把它列入 config/pii-allowlist.yaml。",
)
UNREADABLE = Rule(
    "attachment-unreadable",
    "附件无法检查",
    "附件无法读取，未检查其中的个人信息：{reason}",
    severity=Severity.warning,
    article="第十一条",
    hint="请确认附件没有损坏、没有加密；发布前请人工检查其中是否有身份证号、手机号等个人信息。",
)
RULES = (ATTACHMENT_PII, UNREADABLE)


def check(ctx: Context) -> Iterator[Finding]:
    conf, _problems = settings(ctx, "pii", PiiSettings)  # problems are reported by content_pii
    allowed, _more = allowed_numbers(ctx)
    root = ctx.repo.root
    for path in ctx.repo.attachments:
        if not path.lower().endswith(SUFFIXES):
            continue
        try:
            for piece in pieces(root / path):
                for match in find_pii(piece.text, conf, allowed):
                    column = None
                    if piece.line is not None:
                        column = match.start + 1
                    where = piece.where if piece.line is None else f"第 {piece.line} 行"
                    yield ATTACHMENT_PII(path, line=piece.line, column=column, where=where, kind=KIND_NAMES[match.kind], masked=match.masked)
        except Unreadable as exc:
            yield UNREADABLE(path, reason=str(exc))
