"""# 敏感和严重表述、领导同志职务（第十一条、第十二条）

《管理办法》第十一条：敏感信息不上网；第十二条：确保所发信息**政治正确**、内容合规，不得出现错别字、
**表述不当**等问题；遇到敏感信息不能作出判断时，须请党委、政府有关业务部门审核。严重表述错误是全国政府网站
和政务新媒体检查的单项否决项。

词典是数据，分类、每类的处理方式和词条都由政务公开办维护：

- `config/wording.yaml`：类别（规范政治表述、地名、机构名称、民族宗教用语 ……），每类的处理方式 `action`:
  `error`（错误写法，附正确写法 `right`）或 `escalate`（出现即须报请审核，第十二条的“请示”）；
- `config/leaders.yaml`：领导同志的姓名和现任职务；文中紧挨着姓名的职务不是其现任职务的，为错误
  （“副市长马国强”而马国强是市长）。本检查由这份名单生成，人事变动后只需改名单；
- 常见错别字是同一体系中的“错别字”类，仍在 `config/proofreading.yaml`（规则 `proofread-word`）。

| 代码 | 检查内容 |
|---|---|
| `wording-error` | 标题、摘要、正文中出现 `error` 类的错误写法 |
| `wording-escalate` | 出现 `escalate` 类的词语，且信息已发布却没有党委、政府有关业务部门的审核记录 `escalation` |
| `leader-title` | 领导同志姓名前后紧挨着的职务不是其现任职务 |

没有这两个文件时用 govreg 自带的词典（领导名单为空）。

## 不通过

```markdown
全市上下要筑牢中华民族共同体意识。副市长马国强出席会议。
```

## 通过

```markdown
全市上下要铸牢中华民族共同体意识。市长马国强出席会议。
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..textscan import ContentText
from ..wording import LEADERS_FILE, WORDING_FILE, LeaderList, WordingList, WordingMatcher
from ._content import PART_NAMES, content_texts, data_list
from ._shared import once

ERROR = Rule(
    "wording-error",
    "表述错误",
    "{where}中的「{term}」是错误表述（{category}），应为「{right}」{note}",
    article="第十二条",
    hint="请改为「{right}」。词典见 config/wording.yaml；如确属误报，请由政务公开办修改词典。",
)
ESCALATE = Rule(
    "wording-escalate",
    "敏感表述未报请审核",
    "{where}中有「{term}」（{category}）{note}，须报请党委、政府有关业务部门审核，但信息已发布且没有审核记录 escalation",
    article="第十二条",
    hint="请报请党委、政府有关业务部门审核，审核通过后方可发布，并填写 escalation（审核人 by、时间 at、意见 opinion）。",
)
LEADER_TITLE = Rule(
    "leader-title",
    "领导同志职务错误",
    "{where}中「{name}」的职务写作「{title}」，其现任职务是{titles}",
    article="第十二条",
    hint="请核对领导同志的现任职务；名单见 config/leaders.yaml（人事变动后由政务公开办更新）。",
)
RULES = (ERROR, ESCALATE, LEADER_TITLE)


def matcher(ctx: Context) -> tuple[WordingMatcher, list[Finding]]:
    def build() -> tuple[WordingMatcher, list[Finding]]:
        wording = data_list(ctx, WORDING_FILE, WordingList)
        leaders = data_list(ctx, LEADERS_FILE, LeaderList)
        return WordingMatcher(wording.value, leaders.value), [*wording.findings, *leaders.findings]

    return once(ctx, "wording", build)


def _where(text: ContentText, offset: int) -> str | None:
    region = text.region(offset)
    return PART_NAMES[region] if region is not None else None


def check(ctx: Context) -> Iterator[Finding]:
    found, problems = matcher(ctx)
    yield from problems
    for path, item, text in content_texts(ctx):
        first = found.first(text.text)
        if first is None:
            continue
        for hit in found.find(text.text, first):
            where = _where(text, hit.start)
            if where is None:
                continue
            line, column = text.position(hit.start)
            note = f"({hit.term.note})" if hit.term.note else ""
            if hit.category.action == "error":
                yield ERROR(path, line=line, column=column, where=where, term=hit.text, category=hit.category.name, right=hit.term.right or "", note=note)
            elif item.escalation is None and item.published_at is not None:
                yield ESCALATE(path, line=line, column=column, where=where, term=hit.text, category=hit.category.name, note=note)
        for wrong in found.wrong_titles(text.text, first):
            where = _where(text, wrong.start)
            if where is None:
                continue
            line, column = text.position(wrong.start)
            yield LEADER_TITLE(path, line=line, column=column, where=where, name=wrong.leader.name, title=wrong.title, titles="、".join(wrong.leader.titles))

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
