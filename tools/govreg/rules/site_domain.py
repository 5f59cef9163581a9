"""# 网站域名（第三条、第四条）

《管理办法》第三条：本级政府办公室负责门户网站的域名管理。按国办发〔2017〕47号的规范：

- 政府网站使用 `.gov.cn` 域名；
- 门户网站的域名是 `www.<地区>.gov.cn`，并且是主办单位所在区划的门户域名
  （区划与门户域名的对照表是数据：`config/regions.yaml`）；
- 经批准开设的部门网站、专项网站使用门户主域名下的子域名 `<名称>.<地区>.gov.cn`;
- 一个域名只能登记一个网站。

## 不通过

```yaml
# 主办单位在示例市(region: "640300")
kind: portal
domain: example.gov.cn          # 缺少 www.
---
kind: special-topic
domain: expo.example.com        # 不是 .gov.cn
```

## 通过

```yaml
kind: portal
domain: www.example.gov.cn
---
kind: special-topic
domain: expo.example.gov.cn
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import SiteKind
from ._shared import regions

SITE_DOMAIN = Rule(
    "site-domain",
    "网站域名不规范",
    "域名「{domain}」{problem}",
    article="第三条",
    hint="政府网站使用 .gov.cn 域名：门户网站为 www.<地区>.gov.cn，部门或专项网站为 <名称>.<地区>.gov.cn（各区划的门户域名见 config/regions.yaml）；请改正 domain。",
)
RULES = (SITE_DOMAIN,)

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
SUFFIX = ".gov.cn"


def problem(domain: str, kind: SiteKind, portal: str | None) -> str | None:
    """What is wrong with ``domain`` for a site of ``kind`` whose region's portal is ``portal``; None if fine."""
    labels = domain.split(".")
    bad = next((label for label in labels if not _LABEL.match(label)), None)
    if bad is not None:
        return f"中的「{bad or '（空）'}」不是有效的域名标签（只能用字母、数字和连字符，不能以连字符开头或结尾，不能有连续的点）"
    if not domain.endswith(SUFFIX):
        return "不是 .gov.cn 域名；政府网站必须使用 .gov.cn 域名"
    if len(labels) != 4:
        shape = "www.<地区>.gov.cn" if kind is SiteKind.portal else "<名称>.<地区>.gov.cn"
        return f"的层级不对，应为 {shape}"
    if kind is SiteKind.portal:
        if labels[0] != "www":
            return "不是门户网站的域名形式 www.<地区>.gov.cn"
        if portal is not None and domain != portal:
            return f"与主办单位所在区划的门户网站域名「{portal}」不一致"
        return None
    if labels[0] == "www":
        return "是门户网站的域名形式；部门或专项网站应使用 <名称>.<地区>.gov.cn"
    if portal is not None and domain.split(".", 1)[1] != portal.split(".", 1)[1]:
        return f"不在主办单位所在区划的门户主域名「{portal.split('.', 1)[1]}」之下"
    return None


def check(ctx: Context) -> Iterator[Finding]:
    known, findings = regions(ctx)
    yield from findings
    repo = ctx.repo
    seen: dict[str, str] = {}
    for site in repo.sites.values():
        path = repo.path_of("site", site.id)
        unit = repo.units.get(site.owner)
        region = known.get(unit.region) if unit is not None else None
        domain = site.domain
        what = problem(domain, site.kind, region.portal if region else None)
        if what is not None:
            yield SITE_DOMAIN(path, loc=("domain",), domain=domain, problem=what)
        if domain in seen:
            yield SITE_DOMAIN(
                path, loc=("domain",), domain=domain, problem=f"已由 {seen[domain]} 登记；一个域名只能对应一个网站",
                hint="同一网站只登记一次：如果是同一个网站，请删除重复的文件；否则请改正 domain。",
            )
        else:
            seen[domain] = path
