"""# 公开属性（第十一条、第十二条）

《管理办法》第十一条：涉密信息不公开、敏感信息不上网；第十二条初审“重点审查保密事项和**公开属性**”。
每条信息登记公开属性 `disclosure`:`proactive`（主动公开，默认）、`on-request`（依申请公开）、
`not-public`（不予公开）。政府网站和政务新媒体上发布的只能是主动公开的信息（第十条）。

| 代码 | 检查内容 |
|---|---|
| `disclosure-not-public` | 已发布（`published_at` 不为空）的信息，公开属性是不予公开（`not-public`）：错误 |
| `disclosure-on-request` | 已发布的信息，公开属性是依申请公开（`on-request`）：依申请公开的信息答复申请人，不主动上网发布；错误 |

草稿不检查：登记一份不予公开的草稿、再决定不发布，是正当的工作过程。
严重程度可在 `config/govreg.yaml` 的 `severity` 中调整(例如某类依申请公开信息经批准转为主动公开时，
应改 `disclosure`，而不是关闭本规则)。

## 不通过

```yaml
disclosure: not-public
published_at: 2026-11-20T10:00:00+08:00
```

## 通过

```yaml
disclosure: proactive
published_at: 2026-11-20T10:00:00+08:00
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import Disclosure

NOT_PUBLIC = Rule(
    "disclosure-not-public",
    "不予公开的信息已发布",
    "信息的公开属性是不予公开（disclosure: not-public），却已发布",
    article="第十一条",
    hint="请立即撤下该信息并按保密规定处理；如经审核确可公开，请改正 disclosure 为 proactive 并补全三审记录。",
)
ON_REQUEST = Rule(
    "disclosure-on-request",
    "依申请公开的信息被主动发布",
    "信息的公开属性是依申请公开（disclosure: on-request），却在网站或政务新媒体上主动发布",
    article="第十一条",
    hint="依申请公开的信息应答复申请人，不主动上网发布；如经审核转为主动公开，请改正 disclosure 为 proactive。",
)
RULES = (NOT_PUBLIC, ON_REQUEST)


def check(ctx: Context) -> Iterator[Finding]:
    for path, item in ctx.repo.content.items():
        if item.published_at is None:
            continue
        if item.disclosure is Disclosure.not_public:
            yield NOT_PUBLIC(path, loc=("disclosure",))
        elif item.disclosure is Disclosure.on_request:
            yield ON_REQUEST(path, loc=("disclosure",))

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
