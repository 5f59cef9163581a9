"""# 中文排版：全角标点、中英文间距（第十二条、第十三条）

《管理办法》第十三条：用好集约化平台校正提示功能，做好文字排版，规范发布格式；第十二条：不得出现表述不当等问题。

本规则（`typography`,**警告**）用 [AutoCorrect](https://github.com/huacnlee/autocorrect)(`autocorrect-py`)
检查标题、摘要和正文的中文排版，报告行、列和修改建议：

- 中文句子中使用全角标点（`,` → `,`、`:` → `:`）；
- 全角标点两侧不加空格；全角字母、数字改为半角；
- 中文与英文单词之间加空格（`使用Python开发` → `使用 Python 开发`）。

**中文与阿拉伯数字之间默认不要求空格**：公文写作惯例（GB/T 15835，国务院各类文件）写作“2025年3月13日”“第66次”，
不写“2025 年 3 月”。设置在 `config/govreg.yaml` 的 `typography:` 中：

```yaml
typography:
  enabled: true                       # false 关闭本规则
  space_between_cjk_and_latin: true   # 中文与英文单词之间加空格
  space_between_cjk_and_digits: false # 中文与数字之间加空格(公文惯例不加)
  fullwidth_punctuation: true         # 中文句子中用全角标点
  rules: {}                           # 直接传给 AutoCorrect 的规则开关,如 {no-space-fullwidth: 0}
```

代码块（```` ``` ````）中的内容不检查。

## 不通过

```markdown
各县(市、区)人民政府,市直各部门:请使用PDF格式报送。
```

## 通过

```markdown
各县(市、区)人民政府,市直各部门:请使用 PDF 格式报送。
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..findings import Finding, Rule, Severity
from ..typography import TypographySettings, candidate_pattern, lint_lines, next_candidate, prefilter_pattern
from ._content import content_texts
from ._shared import once, settings

TYPOGRAPHY = Rule(
    "typography",
    "中文排版",
    "「{old}」宜改为「{new}」{more}",
    article="第十三条",
    hint="建议改为：{suggestion}",
    severity=Severity.warning,
)
RULES = (TYPOGRAPHY,)


def _short(value: str, limit: int = 120) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def check(ctx: Context) -> Iterator[Finding]:
    conf, problems = settings(ctx, "typography", TypographySettings)
    yield from problems
    if not conf.enabled:
        return
    pattern: re.Pattern[str] = once(ctx, "typography-pattern", lambda: candidate_pattern(conf))
    quick: re.Pattern[str] = once(ctx, "typography-prefilter", lambda: prefilter_pattern(conf))
    for path, item, text in content_texts(ctx):
        lines: list[str] = []
        where: list[tuple[int, int] | str] = []  # file position, or the front-matter key when not found
        for key in ("title", "summary"):
            value = getattr(item, key)
            if value and "\n" not in value and quick.search(value) and pattern.search(value):
                lines.append(value)
                where.append(text.field_start(key) or key)
        source = text.text
        pos = text.body_start
        while True:
            m = next_candidate(pattern, quick, source, pos)
            if m is None:
                break
            start, end = text.line_bounds(m.start())
            if text.region(start) == "body":
                lines.append(source[start:end])
                where.append((text.position(start)[0], 1))
            pos = end + 1
        if not lines:
            continue
        for fix in lint_lines(lines, conf):
            at = where[fix.index]
            more = f"（本行共 {fix.count} 处）" if fix.count > 1 else ""
            params: dict[str, Any] = {"old": fix.old, "new": fix.new, "more": more, "suggestion": _short(fix.line_new)}
            if isinstance(at, str):
                yield TYPOGRAPHY(path, loc=(at,), **params)
            else:
                yield TYPOGRAPHY(path, line=at[0], column=at[1] + fix.offset, **params)


SETTINGS = {"typography": TypographySettings}  # its sections of config/govreg.yaml (the config schema)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
