"""# 常见错别字（第十二条、第十三条）

《管理办法》第十二条“质量审核”：所发布信息的标题、正文等内容中不得出现错别字、表述不当等问题；
第十三条：信息发布前认真校对信息内容。

本规则（`proofread-word`，错误）用一本**政务文稿常见错别字词典**检查标题、摘要和正文，报告行、列和正确写法。
词典是数据文件 `config/proofreading.yaml`（没有该文件时用 govreg 自带的词典），每项可以带条件，避免误报：

- `截止` 只在后面紧跟时间时才是错的（“截止2026年10月底”应为“截至”；“报名截止日期”没有错）；
- `按装` 后面是“修、机、箱……”时不算错（“按装修面积计算”“按装机容量”）；
- `既使` 在“既使……又……”句式中不算错。

只收录几乎总是写错的词；需要增加时，请复制全部条目到 `config/proofreading.yaml` 后补充（该文件完全取代默认词典）。

## 不通过

```markdown
截止2026年10月底,全市已按装充电桩1200个。
```

## 通过

```markdown
截至2026年10月底,全市已安装充电桩1200个。报名截止日期为11月30日。
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..proofreading import Dictionary, ProofreadingList
from ._content import PART_NAMES, content_texts, data_list
from ._shared import once

WORD = Rule(
    "proofread-word",
    "错别字",
    "{where}中的「{wrong}」应为「{right}」",
    article="第十二条",
    hint="请改为「{right}」。如确属误报，请在 config/proofreading.yaml 中为该词补充条件（after、not_after、not_before）。",
)
RULES = (WORD,)

FILE = "proofreading"


def dictionary(ctx: Context) -> tuple[Dictionary, list[Finding]]:
    def build() -> tuple[Dictionary, list[Finding]]:
        loaded = data_list(ctx, FILE, ProofreadingList)
        return Dictionary(loaded.value.words), list(loaded.findings)

    return once(ctx, "proofreading", build)


def check(ctx: Context) -> Iterator[Finding]:
    words, problems = dictionary(ctx)
    yield from problems
    if words.pattern is None:
        return
    for path, _item, text in content_texts(ctx):
        first = words.pattern.search(text.text)
        if first is None:
            continue
        for hit in words.find(text.text, first.start()):  # nothing matches before the first match
            where = text.region(hit.start)
            if where is None:
                continue
            line, column = text.position(hit.start)
            yield WORD(path, line=line, column=column, where=PART_NAMES[where], wrong=hit.wrong, right=hit.right)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
