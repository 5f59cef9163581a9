"""# 不可见的控制字符（第十二条）

《管理办法》第十二条“质量审核”：所发布的信息应当准确无误。

名称、账号 ID、标题等文字中如果夹带**控制字符**（如终端转义符 ESC、回车、NUL、C1 控制字符）、
**双向文字控制符**（U+202A–U+202E、U+2066–U+2069，会颠倒文字的显示顺序，让 `gpj.exe` 看起来像 `exe.jpg`）
或**零宽字符**（U+200B 零宽空格、U+200D 零宽连接符、U+FEFF 等，让两个看起来一样的账号 ID 实际不同），
显示出来的内容就不是实际保存的内容：可能伪造检查日志（“通过”）、冒充他人账号、躲过关键词检查。
本规则检查每条记录（单位、网站、账号、信息文件的元数据、留言记录）的**每一个文字字段**,
报告字符的位置和码位（`text-control-character`，错误）。制表符和换行不在此列。

这些字符通常来自从网页、聊天软件或 Word 中复制粘贴，在编辑器里看不见：
VS Code 会把它们显示为带红框的小方块；删除后重新输入即可。

## 不通过

```yaml
name: "示例教育\\u202e"      # 结尾有 U+202E RIGHT-TO-LEFT OVERRIDE
handle: "wzjy\\u200bfb"      # 中间有 U+200B ZERO WIDTH SPACE
```

## 通过

```yaml
name: 示例教育
handle: wzjyfb
```
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..context import Context
from ..findings import Finding, Rule
from ..textsafety import UNSAFE, describe, unsafe_chars

CONTROL = Rule(
    "text-control-character",
    "文字中有控制字符或不可见字符",
    "字段「{field}」的第 {index} 个字符是 {what}，显示出来的内容与实际保存的不同",
    article="第十二条",
    hint="请删除该字符（常见于从网页、聊天软件或 Word 复制粘贴；VS Code 会把它显示为带红框的小方块），再重新输入这段文字。",
)
RULES = (CONTROL,)

Loc = tuple[str | int, ...]


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and any(True for _ in unsafe_chars(key)):
                yield (*loc, key), key
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, (*loc, i))


def _field(loc: Loc) -> str:
    out = ""
    for step in loc:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out


def check(ctx: Context) -> Iterator[Finding]:
    for path, entry in ctx.repo.entries.items():
        data = entry.doc.data
        if not data:
            continue
        doc = entry.doc
        text = doc.text
        # the data of a content item is its front matter: the body (most of the text) holds none of it
        end = doc.body_start if doc.data_line_offset else len(text)
        if text and text.find("\\", 0, end) < 0 and UNSAFE.search(text, 0, end) is None:
            continue  # nothing unsafe where the data was read, and no escape (YAML's "\u200b") that could make one
        for loc, value in _strings(data, ()):
            for index, ch in unsafe_chars(value):
                yield CONTROL(path, loc=loc, field=_field(loc), index=index + 1, what=describe(ch))
                break  # one finding per field is enough to find it

SCOPE = "file"  # findings on a file depend only on that file and the configuration (govreg.engine.scope_of)
