"""# 栏目责任单位（第五条）

《管理办法》第五条：政府网站实行栏目责任制，本级政府各部门（单位）是门户网站相关栏目内容保障的责任单位。

本规则检查网站每个栏目 `columns[]`:

- 栏目 id 在同一网站内不重复（信息文件按 id 引用栏目）；
- 责任单位 `responsible_unit` 是部门（单位），而不是内设机构（单位是否存在由 `unknown-reference` 检查）；
- 责任单位与网站主办单位属于同一行政区划（本级政府门户网站的栏目由本级部门保障）。
  跨区划的栏目确有需要时，可在 `config/govreg.yaml` 中关闭这一项：

```yaml
column_responsible_unit:
  same_region: false
```

## 不通过

```yaml
# sites/city-portal.yaml(主办单位 region: "640300")
columns:
  - {id: edu-news, name: 教育动态, responsible_unit: wz-edu-office}   # 内设机构
  - {id: edu-news, name: 教育资讯, responsible_unit: lt-edu}          # id 重复;利通区单位
```

## 通过

```yaml
columns:
  - {id: edu-news, name: 教育动态, responsible_unit: wz-edu}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from ..context import Context
from ..findings import Finding, Rule
from ..models import UnitKind
from ._shared import settings

RESPONSIBLE = Rule(
    "column-responsible-unit",
    "栏目责任单位不符",
    "栏目「{column_name}」的责任单位「{unit}」{problem}",
    article="第五条",
    hint="请把 responsible_unit 改为负责保障该栏目内容的本级部门（单位）的 id。",
)
DUPLICATE = Rule(
    "column-duplicate",
    "栏目 id 重复",
    "栏目 id「{id}」在本网站中重复（第一次在 columns[{first}]）",
    article="第五条",
    hint="同一网站的栏目 id 必须唯一：请给其中一个栏目换一个 id，并同步修改引用它的信息文件的 column。",
)
RULES = (RESPONSIBLE, DUPLICATE)


class ColumnSettings(BaseModel):
    """``column_responsible_unit:`` in config/govreg.yaml."""

    same_region: bool = True


def check(ctx: Context) -> Iterator[Finding]:
    conf, findings = settings(ctx, "column_responsible_unit", ColumnSettings)
    yield from findings
    repo = ctx.repo
    for site in repo.sites.values():
        path = repo.path_of("site", site.id)
        owner = repo.units.get(site.owner)
        first: dict[str, int] = {}
        for i, column in enumerate(site.columns):
            if column.id in first:
                yield DUPLICATE(path, loc=("columns", i, "id"), id=column.id, first=first[column.id])
            else:
                first[column.id] = i
            unit = repo.units.get(column.responsible_unit)
            if unit is None:
                continue  # unknown-reference
            loc: tuple[str | int, ...] = ("columns", i, "responsible_unit")
            if unit.kind is UnitKind.internal_body:
                parent = f"其所属单位「{unit.parent}」" if unit.parent else "其所属单位"
                yield RESPONSIBLE(
                    path, loc=loc, column_name=column.name, unit=unit.name, problem="是内设机构；栏目责任单位应为部门（单位）",
                    hint="请把 responsible_unit 改为{parent}的 id。", parent=parent,
                )
            elif conf.same_region and owner is not None and unit.region != owner.region:
                yield RESPONSIBLE(
                    path, loc=loc, column_name=column.name, unit=unit.name,
                    problem=f"的行政区划 {unit.region} 与网站主办单位「{owner.name}」的 {owner.region} 不同；门户网站栏目由本级部门（单位）保障",
                )


SETTINGS = {"column_responsible_unit": ColumnSettings}  # its sections of config/govreg.yaml (the config schema)
