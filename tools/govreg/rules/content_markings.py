"""# 密级标志和“不公开”标注（第十一条、第十二条）

《管理办法》第十一条：涉密信息不公开、敏感信息不上网；第十二条“保密审核”：不得涉及国家秘密，
不得擅自公开发布不宜公开的文件、信息。

带有密级标志（绝密、机密、秘密）或“内部资料”“不宜公开”等标注的文稿不得发布。本规则在标题、摘要和正文中
查找这些标注（`forbidden-marking`，错误）。清单在 `config/forbidden-markings.yaml`（没有该文件时用 govreg 自带的清单）：

- `markings`：标注词。**单独成行**（可带 `#` 标题、加粗、括号、★ 保密期限）、**后接 ★**（如“秘密★1年”）
  或**加括号**（如“【内部资料】”）时报告（一个文件超过 100 处时只列出前 100 处，并报告 `forbidden-marking-many`）；在句子中作为普通词语出现（“不得涉及国家秘密”“不宜公开的文件”）不报；
- `companions`：只随标注出现在同一行的词（如“内部资料 注意保存”）；
- `phrases`：在任何位置出现都报告的说法（如公文末尾的“此件不予公开”）。

不算标注的：**列表项**（保密宣传中的“1. 绝密 2. 机密 3. 秘密”是在列举密级，文件的密级标志从不写成列表项）；
**书名号**中的词（《秘密》是书名、片名，不是标注）。这两种误报曾让部门只能关闭本规则，现已排除。

## 不通过

```markdown
机密★1年

关于××工作的情况通报
```

## 通过

```markdown
关于××工作的情况通报

(此件公开发布)
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..markings import MarkingMatcher, MarkingsList
from ._content import PART_NAMES, content_texts, data_list
from ._shared import once

FORBIDDEN = Rule(
    "forbidden-marking",
    "含有密级或不公开标注",
    "{where}中有{how}「{text}」，带此类标注的文稿不得公开发布",
    article="第十一条",
    hint="涉密或不宜公开的文稿不得发布：请撤下该信息并按保密规定处理；若只是转述词语，请改写，不要让它单独成行、加括号或带★。",
)
MORE = Rule(
    "forbidden-marking-many",
    "标注过多，未逐一列出",
    "正文中的密级或不公开标注超过 {limit} 处，只列出了前 {limit} 处",
    article="第十一条",
    hint="带此类标注的文稿不得公开发布：请撤下该信息并按保密规定处理。",
)
RULES = (FORBIDDEN, MORE)
LIMIT = 100  # per file: bounded work and a readable log, however many times a word repeats

FILE = "forbidden-markings"


def matcher(ctx: Context) -> tuple[MarkingMatcher, list[Finding]]:
    def build() -> tuple[MarkingMatcher, list[Finding]]:
        loaded = data_list(ctx, FILE, MarkingsList)
        return MarkingMatcher(loaded.value), list(loaded.findings)

    return once(ctx, "forbidden-markings", build)


def check(ctx: Context) -> Iterator[Finding]:
    found, problems = matcher(ctx)
    yield from problems
    for path, item, text in content_texts(ctx):
        for key in ("title", "summary"):
            value = getattr(item, key)
            if not value:
                continue
            for hit in found.find(value):
                start = text.field_start(key)
                if start is None:
                    yield FORBIDDEN(path, loc=(key,), where=PART_NAMES[key], how=hit.how, text=hit.text)
                else:
                    yield FORBIDDEN(path, line=start[0], column=start[1] + hit.start, where=PART_NAMES[key], how=hit.how, text=hit.text)
        hits = list(found.find(text.text, text.body_start, limit=LIMIT))
        if len(hits) >= LIMIT:
            yield MORE(path, line=text.position(text.body_start)[0], column=1, limit=LIMIT)
        for hit in hits:
            if text.region(hit.start) != "body":
                continue
            line, column = text.position(hit.start)
            yield FORBIDDEN(path, line=line, column=column, where="正文", how=hit.how, text=hit.text)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
