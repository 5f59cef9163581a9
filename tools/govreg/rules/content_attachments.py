"""# 图片和附件：文件存在，且在仓库之内（第十二条、第十三条）

《管理办法》第十二条“质量审核”：所发布信息的图片、附件等内容不得出错；第十三条：做好文字、图片、视频等内容的排版，
预览确认无误后方可发布。

本规则检查正文引用的每个图片（`![说明](路径)`、`<img src>`）和附件(链接到 `.pdf`、`.docx`、`.xlsx`、`.ofd`、
`.zip`、`.md` 等文件):

| 代码 | 检查内容 |
|---|---|
| `attachment-missing` | 引用的文件在仓库中存在（区分大小写，网站服务器区分大小写） |
| `attachment-outside` | 路径不离开仓库：不用 `../` 跳出仓库根目录，不引用本机路径（`C:\\`、`\\\\服务器\\共享`），不通过符号链接指向仓库外 |

相对路径相对于信息文件所在目录；以 `/` 开头的路径相对于仓库根目录。路径中的 `%20` 等编码会先解码，
`?` 和 `#` 之后的部分不计；网址中的 `\\` 按浏览器的做法视为 `/`。一个文件的问题超过 100 处时只列出前 100 处，
并报告 `attachment-many`。

## 不通过

```markdown
![现场照片](images/photo-1.JPG)        <!-- 实际文件名是 photo-1.jpg -->
[下载申请表](../../../../etc/passwd.pdf)
```

## 通过

```markdown
![现场照片](images/photo-1.jpg)
[下载申请表](files/application-form.docx)
```
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..context import Context
from ..findings import Finding, Rule
from ..repository import ATTACHMENT_SUFFIXES
from ..textscan import is_drive_path, is_local_path
from ._content import content_texts
from ._shared import listed_paths

MISSING = Rule(
    "attachment-missing",
    "图片或附件不存在",
    "引用的{what}「{target}」在仓库中不存在{detail}",
    article="第十二条",
    hint="请把文件放到 {expected}，或改正路径（注意大小写和扩展名）。",
)
OUTSIDE = Rule(
    "attachment-outside",
    "图片或附件在仓库之外",
    "引用的{what}「{target}」{problem}",
    article="第十二条",
    hint="图片和附件须放在仓库中（通常是信息文件旁的 images/、files/ 目录），用相对路径引用。",
)
MANY = Rule(
    "attachment-many",
    "图片或附件问题过多，未逐一列出",
    "本文件中图片或附件的问题超过 {limit} 处，只列出了前 {limit} 处",
    article="第十二条",
    hint="请先改正已列出的问题（多半是同一个目录或文件名写错了），再重新检查。",
)
RULES = (MISSING, OUTSIDE, MANY)
LIMIT = 100  # findings per file: bounded work and a readable log

SUFFIXES = frozenset(ATTACHMENT_SUFFIXES) | {".md", ".rar", ".7z", ".ppt", ".pptx", ".bmp", ".tif", ".tiff", ".mp3", ".avi", ".mov"}


class _Listing:
    """Directory listings read once per check, for exact-case existence."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.cache: dict[str, frozenset[str] | None] = {}

    def names(self, rel_dir: str) -> frozenset[str] | None:
        if rel_dir not in self.cache:
            try:
                self.cache[rel_dir] = frozenset(os.listdir(self.root / rel_dir if rel_dir else self.root))
            except OSError:
                self.cache[rel_dir] = None
        return self.cache[rel_dir]

    def exists(self, rel: str) -> tuple[bool, str | None]:
        """(exists with this exact case, the name with other case if only that exists)."""
        parts = rel.split("/")
        current = ""
        for i, part in enumerate(parts):
            names = self.names(current)
            if names is None:
                return False, None
            if part not in names:
                folded = {n.lower(): n for n in names}.get(part.lower())
                if folded is not None:
                    return False, "/".join([*parts[:i], folded, *parts[i + 1 :]])
                return False, None
            current = f"{current}/{part}" if current else part
        return True, None


def _resolve(target: str, image: bool, folder: str) -> str | None:
    """The path under the root a local link target (already stripped) names, or ``None``: not a file of the repository."""
    clean = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not clean:
        return None
    suffix = posixpath.splitext(clean)[1].lower()
    if not image and suffix not in SUFFIXES:
        return None  # a page of the site, not a file in the repository
    joined = clean.lstrip("/") if clean.startswith("/") else posixpath.join(folder, clean)
    return posixpath.normpath(joined)


def _reached(targets: Iterable[tuple[str, bool]], folder: str) -> frozenset[str]:
    """Every path under the root whose existence the verdicts on ``targets`` depend on (lower case: a name in
    another case is reported too)."""
    out = set()
    for target, image in targets:
        target = target.strip()
        if is_local_path(target) and not is_drive_path(target):
            rel = _resolve(target, image, folder)
            if rel is not None:
                out.add(rel.lower())
    return frozenset(out)


def _judge(target: str, image: bool, folder: str, listing: _Listing, root: Path, real_root: str) -> tuple[Rule, dict[str, Any]] | None:
    """What is wrong with one local link target (the same for every link to it in a file)."""
    target = target.strip()
    if not is_local_path(target):
        return None
    what = "图片" if image else "附件"
    shown = target if len(target) <= 80 else target[:79] + "…"
    if is_drive_path(target):
        return OUTSIDE, {"what": what, "target": shown, "problem": "是本机或局域网上的路径，网站访问者无法打开"}
    rel = _resolve(target, image, folder)
    if rel is None:
        return None
    if rel == ".." or rel.startswith("../") or posixpath.isabs(rel):
        return OUTSIDE, {"what": what, "target": shown, "problem": "的路径跳出了仓库根目录"}
    found, other_case = listing.exists(rel)
    if not found:
        detail = f"（仓库中有 {other_case}，大小写不同）" if other_case else ""
        return MISSING, {"what": what, "target": shown, "detail": detail, "expected": rel}
    real = os.path.realpath(root / rel)
    if real != real_root and not real.startswith(real_root + os.sep):
        return OUTSIDE, {"what": what, "target": shown, "problem": "是指向仓库之外的符号链接"}
    return None


def check(ctx: Context) -> Iterator[Finding]:
    root = ctx.repo.root
    real_root = os.path.realpath(root)
    listing = _Listing(root)
    noted = listed_paths(ctx)
    for path, _item, text in content_texts(ctx):
        links = text.body_links()  # found once per item for both link rules (none: a few substring searches)
        if not links:
            noted[path] = frozenset()
            continue
        base = text.body_start
        folder = posixpath.dirname(path)
        # one verdict per distinct target: a file with 100,000 links to the same picture is judged once
        verdicts: dict[tuple[str, bool], tuple[Rule, dict[str, Any]] | None] = {}
        reported = 0
        for link in links:
            key = (link.target, link.image)
            if key not in verdicts:
                verdicts[key] = _judge(link.target, link.image, folder, listing, root, real_root)
            verdict = verdicts[key]
            if verdict is None or text.region(base + link.offset) != "body":
                continue
            if reported == LIMIT:
                yield MANY(path, line=text.position(base)[0], column=1, limit=LIMIT)
                break
            reported += 1
            line, column = text.position(base + link.offset)
            rule, params = verdict
            yield rule(path, line=line, column=column, **params)
        noted[path] = _reached({(link.target, link.image) for link in links}, folder)

SCOPE = "file"  # an item, read with what exists under the root (govreg.engine.scope_of)
DEPENDS = ("listing",)
