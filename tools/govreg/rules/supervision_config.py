"""# 监督检查的配置（第二十条、第二十一条、第八条）

`govreg inspect`（日常巡检、月度检查）、`govreg assess`（年度考评）和 `govreg export filing`
（备案表导出）的标准都是数据，写在配置文件里；本规则在每次 `govreg check` 时检查它们的写法，
让写错的配置在合并前就被发现，而不是等到月底检查时才报错。

- `config/govreg.yaml` 的 `inspection:`（检查标准：账号 14 天、栏目更新时限、留言 3 个月……）与
  `assessment:`（评分办法：满分、各项分值与每处扣分）：字段名和取值范围不对时为**错误** `schema`
  或 `config-invalid`;
- `config/filing-columns.yaml`（备案表的列）：表头为空、字段名不在可用字段中时为**错误**
  `filing-columns-invalid`。

## 不通过

```yaml
# config/govreg.yaml
inspection:
  account_silent_days: 0      # 至少 1 天
assessment:
  items:
    "2": {weight: 95, per: 2}   # 各项分值之和超过满分 100
```

## 通过

```yaml
inspection:
  account_silent_days: 14
assessment:
  items:
    "2": {weight: 40, per: 2}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..rules._filing import COLUMNS_FILE, ColumnsError, load_columns
from ..supervision_settings import AssessmentSettings, InspectionSettings
from ._shared import settings

COLUMNS = Rule(
    "filing-columns-invalid",
    "备案表的列配置有误",
    "{detail}",
    hint="请对照 config/filing-columns.yaml 开头的说明修改：每一列写 header（表头）和 field（可用字段之一）。",
)
RULES = (COLUMNS,)


def check(ctx: Context) -> Iterator[Finding]:
    yield from settings(ctx, "inspection", InspectionSettings)[1]
    yield from settings(ctx, "assessment", AssessmentSettings)[1]
    try:
        load_columns(ctx.repo.root)
    except ColumnsError as exc:
        yield COLUMNS(COLUMNS_FILE, line=exc.line, column=1 if exc.line else None, detail=exc.detail)


SETTINGS = {"inspection": InspectionSettings, "assessment": AssessmentSettings}  # its sections of config/govreg.yaml (the config schema)
