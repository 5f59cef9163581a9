"""# 公安机关备案号（第三条）

政府网站须在页脚公示公安机关互联网站安全备案号，宁夏的形如 `宁公网安备 64030202000001号`
（“宁公网安备”、可选的一个空格、14 位数字、“号”）。本规则检查 `psb` 的形式（不检查备案是否真实有效）。

号码的形式是数据，可在 `config/govreg.yaml` 中调整（正则表达式与示例）：

```yaml
site_psb:
  pattern: "^宁公网安备 ?[0-9]{14}号$"
  example: 宁公网安备 64030202000001号
```

## 不通过

```yaml
psb: 宁公网安备 6403020200001号    # 只有 13 位数字
```

## 通过

```yaml
psb: 宁公网安备 64030202000001号
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ..context import Context
from ..findings import Finding, Rule
from ._shared import SitePatternSettings, check_site_pattern

SITE_PSB = Rule(
    "site-psb",
    "公安机关备案号格式不对",
    "公安机关备案号「{value}」的格式不对，应形如「{example}」",
    article="第三条",
    hint="请照全国互联网安全管理服务平台中的备案号原样填写：“宁公网安备” + 14 位数字 + “号”。",
)
RULES = (SITE_PSB,)


class PsbSettings(SitePatternSettings):
    """``site_psb:`` in config/govreg.yaml."""

    pattern: str = r"^宁公网安备 ?[0-9]{14}号$"
    example: str = "宁公网安备 64030202000001号"


def check(ctx: Context) -> Iterable[Finding]:
    return check_site_pattern(ctx, "site_psb", PsbSettings, SITE_PSB, "psb")


SETTINGS = {"site_psb": PsbSettings}  # its sections of config/govreg.yaml (the config schema)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
