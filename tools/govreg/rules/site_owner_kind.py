"""# 谁可以开设网站（第四条）

《管理办法》第二条、第四条：政府网站是市、县（区）两级人民政府的门户网站，由本级政府办公室主管（第三条）；
政府部门（单位）和乡镇（街道）原则上不开设网站，通过本级政府门户网站开展政务公开。

本规则检查网站的主办单位 `owner`:

- 门户网站（`kind: portal`）只能由人民政府（`government`）或政府办公室（`government-office`）主办；
- 任何网站都不能由内设机构（`internal-body`）主办；
- 部门网站和专项网站是否经过报批，由 `site-approval` 检查。

门户网站允许的主办单位类型是数据，可在 `config/govreg.yaml` 中调整：

```yaml
site_owner:
  portal_kinds: [government, government-office]
```

## 不通过

```yaml
# sites/wz-edu-portal.yaml
kind: portal
owner: wz-edu          # kind: agency(市教育局)
```

## 通过

```yaml
# sites/city-portal.yaml
kind: portal
owner: city-gov-office   # kind: government-office
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..context import Context
from ..findings import Finding, Rule
from ..models import SiteKind, UnitKind
from ._shared import KIND_NAMES, kind_names, settings

SITE_OWNER = Rule(
    "site-owner-kind",
    "网站主办单位类型不符",
    "网站的主办单位「{owner}」是{kind}，{problem}",
    article="第四条",
    hint="门户网站应由本级人民政府或政府办公室主办：请把 owner 改为本级政府办公室的 id；部门、乡镇的信息请在门户网站的栏目中发布（columns 的 responsible_unit 填该部门）。",
)
RULES = (SITE_OWNER,)


class SiteOwnerSettings(BaseModel):
    """``site_owner:`` in config/govreg.yaml."""

    portal_kinds: list[UnitKind] = [UnitKind.government, UnitKind.government_office]


def check(ctx: Context) -> Iterator[Finding]:
    conf, findings = settings(ctx, "site_owner", SiteOwnerSettings)
    yield from findings
    portal_kinds = set(conf.portal_kinds)
    repo = ctx.repo
    for site in repo.sites.values():
        unit = repo.units.get(site.owner)
        if unit is None:
            continue  # unknown-reference
        path = repo.path_of("site", site.id)
        if unit.kind is UnitKind.internal_body:
            yield SITE_OWNER(
                path, loc=("owner",), owner=unit.name, kind=KIND_NAMES[unit.kind], problem="不得以内设机构名义开设网站",
                hint="请把 owner 改为其所属单位；部门信息请在本级政府门户网站的栏目中发布。",
            )
        elif site.kind is SiteKind.portal and unit.kind not in portal_kinds:
            yield SITE_OWNER(path, loc=("owner",), owner=unit.name, kind=KIND_NAMES[unit.kind], problem=f"不能主办门户网站（只能是{kind_names(conf.portal_kinds)}）")


SETTINGS = {"site_owner": SiteOwnerSettings}  # its sections of config/govreg.yaml (the config schema)
