"""# 网站标识码（第三条）

每个政府网站都有全国政府网站基本数据库分配的**网站标识码** `site_code`，在网站页脚公示。它由 10 个字符组成：

- 地方网站：6 位行政区划代码 + 4 位顺序号，例如 `6403000001`;
- 国务院部门网站：`bm` + 8 位数字。

本规则检查标识码的形式，检查前 6 位与主办单位的行政区划 `region` 一致（地方单位不会有 `bm` 开头的标识码），
并检查同一标识码没有被两个网站使用。

## 不通过

```yaml
owner: city-gov-office    # region: "640300"
site_code: "6403020001"      # 前 6 位是利通区
```

## 通过

```yaml
owner: city-gov-office
site_code: "6403000001"
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule

SITE_CODE = Rule(
    "site-code",
    "网站标识码不正确",
    "网站标识码「{code}」{problem}",
    article="第三条",
    hint="请照网站页脚或全国政府网站基本数据库中的网站标识码填写：10 个字符，地方网站为 6 位行政区划代码 + 4 位顺序号（如 \"6403000001\"），并加引号。",
)
RULES = (SITE_CODE,)

LOCAL = re.compile(r"^[1-8][0-9]{5}[0-9]{4}$")
CENTRAL = re.compile(r"^bm[0-9]{8}$")


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    seen: dict[str, str] = {}
    for site in repo.sites.values():
        path = repo.path_of("site", site.id)
        code = site.site_code
        unit = repo.units.get(site.owner)
        if LOCAL.match(code):
            if unit is not None and code[:6] != unit.region:
                yield SITE_CODE(
                    path, loc=("site_code",), code=code,
                    problem=f"的前 6 位 {code[:6]} 与主办单位「{unit.name}」的行政区划代码 {unit.region} 不一致",
                )
        elif CENTRAL.match(code):
            if unit is not None:
                yield SITE_CODE(
                    path, loc=("site_code",), code=code,
                    problem=f"以 bm 开头，是国务院部门网站的标识码；主办单位「{unit.name}」应使用以 {unit.region} 开头的标识码",
                )
        else:
            yield SITE_CODE(path, loc=("site_code",), code=code, problem=f"的形式不对（现有 {len(code)} 个字符），应为 6 位行政区划代码 + 4 位数字，或 bm + 8 位数字")
        if code in seen:
            yield SITE_CODE(
                path, loc=("site_code",), code=code, problem=f"已由 {seen[code]} 使用；每个网站的标识码唯一",
                hint="请核对两个网站的标识码；如果是同一个网站，请删除重复的文件。",
            )
        else:
            seen[code] = path
