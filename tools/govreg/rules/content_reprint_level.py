"""# 从标题推断转载文件的级别（第十条、第十二条）

《管理办法》第十二条第二款第 3 项：转载中央、国务院及部委文件，只能从中央新闻单位、中国政府网和部委网站转载；
转载自治区政府及其部门文件，只能从自治区政府及其部门网站转载。`source.document_level` 由承办人填写，
填成 `none` 就绕过了这项检查。本规则从**标题**推断文件级别，不依赖承办人的填写：

- 标题以发文机关开头（“国务院办公厅关于……”“自治区人民政府办公厅印发……”）；或
- 标题中带有发文字号（“（国办发〔2025〕12号）”“宁政办发〔2026〕8号”）。

发文机关和发文字号的代字是数据：`config/document-issuers.yaml`（没有该文件时用 govreg 自带的清单）。
标题开头的发文机关优先于标题中引用的字号（“示例市人民政府关于贯彻落实国发〔2025〕1号文件的通知”是本市文件）。

| 代码 | 检查内容 |
|---|---|
| `reprint-level-inferred` | 标题显示是中央（`central`）或自治区（`region`）文件，`document_level` 却不是该级别：改正后，`reprint-authority` 按该级别检查转载来源 |

## 不通过

```yaml
title: 国务院办公厅关于印发《政务公开工作要点》的通知
source: {kind: reprint, name: 某资讯网, url: "https://news.example.com/1.html", document_level: none}
```

## 通过

```yaml
title: 国务院办公厅关于印发《政务公开工作要点》的通知
source: {kind: reprint, name: 中国政府网, url: "https://www.gov.cn/zhengce/content/1.htm", document_level: central}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..documents import FILE, IssuerList, IssuerMatcher
from ..findings import Finding, Rule
from ._content import data_list
from ._shared import once

LEVEL_INFERRED = Rule(
    "reprint-level-inferred",
    "转载文件级别与标题不符",
    "标题显示这是{level_name}文件（「{evidence}」），但 source.document_level 是 {declared}",
    article="第十二条",
    hint="请把 source.document_level 改为 {level}，并从{where}转载（source.url）；若确非该级别文件，请改正标题。",
)
RULES = (LEVEL_INFERRED,)

NAMES = {"central": "中央、国务院及部委", "region": "自治区政府及其部门"}
WHERE = {"central": "中央新闻单位、中国政府网或国务院部委网站", "region": "自治区人民政府门户网站或自治区政府部门网站"}


def matcher(ctx: Context) -> tuple[IssuerMatcher, list[Finding]]:
    def build() -> tuple[IssuerMatcher, list[Finding]]:
        loaded = data_list(ctx, FILE, IssuerList)
        return IssuerMatcher(loaded.value), list(loaded.findings)

    return once(ctx, "document-issuers", build)


def check(ctx: Context) -> Iterator[Finding]:
    found, problems = matcher(ctx)
    yield from problems
    for path, item in ctx.repo.content.items():
        inferred = found.infer(item.title)
        if inferred is None or inferred.level not in NAMES:
            continue
        declared = item.source.document_level
        if declared != inferred.level:
            yield LEVEL_INFERRED(
                path, loc=("source", "document_level") if _has_level(ctx, path) else ("source",),
                level_name=NAMES[inferred.level], evidence=inferred.evidence, declared=declared,
                level=inferred.level, where=WHERE[inferred.level],
            )


def _has_level(ctx: Context, path: str) -> bool:
    entry = ctx.repo.entries.get(path)
    data = entry.doc.data if entry is not None else None
    source = data.get("source") if isinstance(data, dict) else None
    return isinstance(source, dict) and "document_level" in source

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
