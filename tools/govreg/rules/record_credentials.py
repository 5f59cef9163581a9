"""# 账号密码不得写进登记库（第十六条）

《管理办法》第十六条：账号管理人员应加强政府网站集约化平台和政务新媒体系统**账号密码的安全管理**,
防止账号被盗用；人员变动时做好账号密码移交。登记库是多人共享、保留全部历史的仓库，公开名录也由它生成：
密码一旦提交，即使删掉，也留在 git 历史中。密码应当面或通过保密渠道移交，不写进任何记录。

本规则在单位、账号、网站、信息和留言记录的全文（含注释）中查找“密码/口令/password”后面紧跟冒号或等号
和一串字符的写法（`credential-in-record`，错误）。“账号密码安全管理”这类普通说法不报。

## 不通过

```yaml
handle: "wzjyfb"  # 微信号;登录密码:Wz@2026abc
```

## 通过

```yaml
handle: "wzjyfb"  # 微信号;密码由账号管理员保管,人员变动时当面移交(第十六条)
```
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule

CREDENTIAL = Rule(
    "credential-in-record",
    "记录中有账号密码",
    "记录中写有{what}「{shown}」，账号密码不得写进登记库",
    article="第十六条",
    hint="请删除密码并立即在平台上修改密码（它已留在 git 历史中）；密码由账号管理员保管，人员变动时当面移交。",
)
RULES = (CREDENTIAL,)

# The word is 密码, 口令, or password, passwd, pwd in any case.  Written to begin with a set of characters
# (the case-blind p is exactly p or P), so the regular-expression engine skips to the next 密, 口, p or P
# in C, instead of trying the whole pattern at every character of the file.
_PATTERN = re.compile(r"([密口pP](?:(?<=密)码|(?<=口)令|(?<=[pP])(?i:assword|asswd|wd)))\s*[:：=]\s*[\"'“]?([^\s\"'”,，。;；、)）]{4,})")


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def check(ctx: Context) -> Iterator[Finding]:
    for path, entry in ctx.repo.entries.items():
        text = entry.doc.text
        if not text or not _PATTERN.search(text):
            continue
        starts: list[int] | None = None
        for m in _PATTERN.finditer(text):
            starts = starts or _line_starts(text)
            line = bisect_right(starts, m.start())
            secret = m.group(2)
            shown = secret[:2] + "*" * (len(secret) - 2)
            yield CREDENTIAL(path, line=line, column=m.start() - starts[line - 1] + 1, what=m.group(1), shown=shown)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
