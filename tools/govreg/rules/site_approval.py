"""# 部门网站、专项网站须报批（第四条）

《管理办法》第四条：政府部门（单位）和乡镇（街道）原则上不开设网站；开展重大活动或专项工作时，
原则上不单独开设专项网站，可在政府门户网站开设专题专栏。**确需开设的，依规履行报批、备案程序。**

部门网站（`kind: department`）和专项网站（`kind: special-topic`）必须填写报批文件 `approval`
（批准文号 `number`、批准日期 `date`）。已关停的网站（`status: closed`）不检查。

## 不通过

```yaml
id: wz-expo
kind: special-topic
owner: city-gov-office
```

## 通过

```yaml
id: wz-expo
kind: special-topic
owner: city-gov-office
approval:
  number: 吴政办函〔2025〕8号
  date: 2025-03-20
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import SiteKind

SITE_APPROVAL = Rule(
    "site-approval",
    "部门网站或专项网站缺少报批文件",
    "{kind}「{name}」没有填写报批文件 approval；部门和专项工作原则上不单独开设网站",
    article="第四条",
    hint="请改在本级政府门户网站开设专题专栏，并关停该网站（status: closed）；确需保留的，在 approval 中填写批准文号 number 和批准日期 date。",
)
RULES = (SITE_APPROVAL,)

KINDS = {SiteKind.department: "部门网站", SiteKind.special_topic: "专项网站"}


def check(ctx: Context) -> Iterator[Finding]:
    for site in ctx.repo.sites.values():
        if site.kind in KINDS and site.approval is None and site.status == "active":
            yield SITE_APPROVAL(ctx.repo.path_of("site", site.id), loc=("kind",), kind=KINDS[site.kind], name=site.name)
