"""# ICP 备案号（第三条）

政府网站须在页脚公示 ICP 备案号。宁夏的网站备案号形如 `宁ICP备12345678号`,
同一主办单位的多个网站在后面加 `-序号`，如 `宁ICP备12345678号-2`。
本规则检查 `icp` 的形式（不检查备案是否真实有效）。

号码的形式是数据，可在 `config/govreg.yaml` 中调整（正则表达式与示例）：

```yaml
site_icp:
  pattern: "^宁ICP备[0-9]{8}号(?:-[0-9]+)?$"
  example: 宁ICP备12345678号
```

## 不通过

```yaml
icp: 宁ICP备12345678          # 缺少“号”
```

## 通过

```yaml
icp: 宁ICP备12345678号-1
```
"""

from __future__ import annotations

from collections.abc import Iterable

from ..context import Context
from ..findings import Finding, Rule
from ._shared import SitePatternSettings, check_site_pattern

SITE_ICP = Rule(
    "site-icp",
    "ICP 备案号格式不对",
    "ICP 备案号「{value}」的格式不对，应形如「{example}」",
    article="第三条",
    hint="请照工业和信息化部 ICP/IP 地址/域名信息备案管理系统中的备案号原样填写（全角、半角和空格都要一致）。",
)
RULES = (SITE_ICP,)


class IcpSettings(SitePatternSettings):
    """``site_icp:`` in config/govreg.yaml."""

    pattern: str = r"^宁ICP备[0-9]{8}号(?:-[0-9]+)?$"
    example: str = "宁ICP备12345678号"  # typography: verbatim (the number as registered)


def check(ctx: Context) -> Iterable[Finding]:
    return check_site_pattern(ctx, "site_icp", IcpSettings, SITE_ICP, "icp")


SETTINGS = {"site_icp": IcpSettings}  # its sections of config/govreg.yaml (the config schema)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
