"""# 记录文件格式不规范（可用 govreg fmt 自动整理）

记录文件按统一格式书写，审阅拉取请求时的差异（diff）才会小而清楚：

- 字段按数据模型规定的顺序排列(如账号：`id`、`name`、`platform`、`handle` ……;
  `lifecycle` 中每个事件：`type`、`date`、`filed`、`announcement`、`note`);
- 用 2 个空格缩进，列表的短横线 `-` 比上一级字段缩进 2 格；
- 冒号和短横线后只留 1 个空格，行尾没有空格，文件以换行结束，使用 UTF-8 和 LF 换行。

这条检查只给出**警告** `record-unformatted`，不阻止合并。运行 `govreg fmt` 即可自动整理，
注释会全部保留，并随其下方的字段一起移动：

```sh
govreg fmt                      # 整理整个仓库
govreg fmt accounts/education-bureau/education-bureau-wechat.yaml   # 只整理一个文件
govreg fmt --check              # 只检查不修改(持续集成、pre-commit 中使用)
```

为了让整个仓库的检查保持快速，这里只做廉价的检查（字段顺序取自已读入的数据，缩进和空格用文本匹配）；
`govreg fmt --check` 是完整的判断。Markdown 信息文件只检查开头的元数据块，正文不受影响。

## 不通过

```yaml
id: education-bureau-wechat
platform: wechat
name: 示例教育          # name 应在 platform 之前
lifecycle:
- type: open            # 短横线应比 lifecycle 缩进 2 格
  date: 2019-04-02
```

## 通过

```yaml
id: education-bureau-wechat
name: 示例教育
platform: wechat
lifecycle:
  - type: open
    date: 2019-04-02
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..canonical import Shape, first_misordered, shape_of_kind
from ..context import Context
from ..findings import Finding, Rule, Severity

UNFORMATTED = Rule(
    "record-unformatted",
    "记录文件格式不规范",
    "文件格式不规范：{problem}",
    severity=Severity.warning,
    hint="运行 govreg fmt {file} 自动整理（字段顺序、缩进、空格；注释全部保留），然后提交整理后的文件。",
)
RULES = (UNFORMATTED,)

_KEY = r"[A-Za-z_][\w-]*+:"
# Searched in "\n" + text: a pattern that starts with a literal newline is skipped to quickly by the
# regular-expression engine (a ^ anchor in MULTILINE mode is tried at every character).  The
# quantifiers followed by something they cannot match are possessive (``*+``): on the usual
# ``key: value`` line a failed try gives nothing back character by character (same matches, fewer steps).
_LAYOUT = re.compile(
    "|".join(
        (
            rf"\n(?P<odd>(?:  )*+ (?:- |{_KEY}))",
            # a key that opens a block, then (after blank/comment lines) a child indented too far, or a list dash not indented
            rf"\n(?P<ind>[ ]*+)(?P<dash>- )?{_KEY}[ ]*+(?:[|>][-+0-9]*+[ ]*+)?(?:#[^\n]*+)?\n(?:[ ]*+(?:#[^\n]*+)?\n)*"
            r"(?P=ind)(?(dash)  )(?:(?P<deep>  [ ]+)\S|(?P<flat>- ))",
            r"\n[ ]*+-(?P<dashsp>  +)\S",
        )
    )
)
_COLON_HINT = re.compile(r":  +[^ #\n]")  # cheap pre-filter for the precise pattern below
_COLON = re.compile(rf"\n[ ]*(?:- )?{_KEY}(?P<colon>  +)[^ #\n]")
_TRAILING = re.compile(r"[ \t]+\n")
_PROBLEMS = {
    "odd": "缩进不是 2 个空格的整数倍",
    "deep": "下一级缩进超过了 2 个空格",
    "flat": "列表的短横线 - 应比上一级字段多缩进 2 个空格",
    "dashsp": "短横线 - 后有多个空格",
    "colon": "冒号后有多个空格",
    "trailing": "行尾有多余的空格",
}


def _at(text: str, pos: int) -> tuple[int, int]:
    return text.count("\n", 0, pos) + 1, pos - text.rfind("\n", 0, pos)


def text_problem(text: str, *, yaml_file: bool) -> tuple[str, int, int] | None:
    """The first layout problem ``govreg fmt`` would fix in ``text``: (problem, line, column), or ``None``.

    A cheap subset of what ``fmt`` normalises (it does not re-parse the file).
    """
    if "\r" in text:
        return "使用了 Windows 换行符（CRLF），应为 LF", 1, 1
    if text and not text.endswith("\n"):
        return "文件末尾缺少换行", *_at(text, len(text))
    if yaml_file and text.startswith("---"):
        return "记录文件不需要以 --- 开头", 1, 1
    found: list[tuple[int, str]] = []
    padded = "\n" + text  # positions below are in ``padded``: subtract 1 for ``text``
    match = _LAYOUT.search(padded)
    if match is not None:
        name = next(k for k in ("odd", "deep", "flat", "dashsp") if match.group(k) is not None)
        found.append((match.start(name) - 1, name))
    if _COLON_HINT.search(text):
        colon = _COLON.search(padded)
        if colon is not None:
            found.append((colon.start("colon") - 1, "colon"))
    if " \n" in text or "\t\n" in text:
        trailing = _TRAILING.search(text)
        if trailing is not None:
            found.append((trailing.start(), "trailing"))
    if not found:
        return None
    pos, name = min(found)
    return _PROBLEMS[name], *_at(text, pos)


def check(ctx: Context) -> Iterator[Finding]:
    shapes: dict[str, Shape] = {}
    for path, entry in ctx.repo.entries.items():
        doc = entry.doc
        if doc.data is None or not doc.text:
            continue  # unreadable files have their own findings; fmt cannot format them either
        sh = shapes.get(entry.kind)
        if sh is None:
            sh = shapes[entry.kind] = shape_of_kind(entry.kind)
        loc = first_misordered(doc.data, sh)
        if loc is not None:
            key = loc[-1]
            yield UNFORMATTED(path, loc=loc, problem=f"字段「{key}」的位置不对，应按数据模型规定的顺序排列", file=path)
            continue
        if entry.kind == "content":
            text = doc.text[: doc.body_start]  # the front matter (the body is not sliced out just to be measured)
            found = text_problem(text, yaml_file=False)
        else:
            found = text_problem(doc.text, yaml_file=True)
        if found is not None:
            problem, line, column = found
            yield UNFORMATTED(path, line=line, column=column, problem=problem, file=path)

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
