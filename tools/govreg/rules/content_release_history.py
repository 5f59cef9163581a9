"""# 发布时间和来源不得改动(第十四条)

《管理办法》第十四条:信息录入时认真填写来源和发布时间,**严禁篡改发布时间**,保证信息的权威性和真实性。

本规则读取仓库的 git 历史(对 `content/` 只运行一次 `git log`,不逐个文件运行 git),找到每条信息
**首次发布**(`published_at` 第一次不为空)的那次提交,与当前文件比较:

| 代码 | 检查内容 |
|---|---|
| `release-time-changed` | `published_at` 与首次发布时相同(按时刻比较,`+08:00` 与 `Z` 的等价写法不算改动);删去发布时间也算改动;文件删除后在同一路径重新添加,视为同一页面,同样比较 |
| `source-changed` | `source`(来源类型、名称、网址、文件级别)与首次发布时相同 |
| `published-in-future` | 首次发布时填写的发布时间不晚于该次提交的时间(容差默认 30 分钟);尚未提交的信息,发布时间不晚于今天 |

文件**改名或移动**(git 能识别的重命名,包括移到其他目录)保留原来的历史;只改正文不受影响;
删除信息(撤稿)不受影响。首次发布时把发布时间填成了将来的时间,唯一允许的改动是把它改为该次提交的实际时间
(容差以内),此时不报 `release-time-changed`。

不在 git 仓库中(如解压的副本)时,本规则什么也不报告;浅克隆中历史不完整的文件,以能看到的最早发布版本为准。
容差在 `config/govreg.yaml` 中设置:

```yaml
release_time:
  future_tolerance_minutes: 30
```

## 不通过

```yaml
# 提交 3f2a…(2026-03-02 10:05)首次发布时:published_at: 2026-03-02T10:00:00+08:00
published_at: 2026-02-20T10:00:00+08:00   # 之后被改早
```

## 通过

```yaml
published_at: 2026-03-02T10:00:00+08:00   # 与首次发布时相同;正文可以修改
```
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..clock import CHINA
from ..context import Context
from ..findings import Finding, Rule
from ..history import FileChange, History, LogicalFile
from ..models import ContentItem, Source
from ._content import when
from ._shared import once, settings

TIME_CHANGED = Rule(
    "release-time-changed",
    "发布时间被改动",
    "发布时间{change};该信息首次发布于提交 {sha}({date},「{subject}」),当时的发布时间是 {old}{again}",
    article="第十四条",
    hint="严禁篡改发布时间(第十四条):请把 published_at 恢复为 {old_raw}。",
)
SOURCE_CHANGED = Rule(
    "source-changed",
    "来源被改动",
    "来源已改动({fields});该信息首次发布于提交 {sha}({date},「{subject}」),当时的来源是 {old}{again}",
    article="第十四条",
    hint="来源在发布后不得改动:请把 source 恢复为首次发布时的内容;确需更正的,请另发更正说明。",
)
FUTURE = Rule(
    "published-in-future",
    "发布时间晚于实际发布",
    "发布时间 {published} 晚于{reference}",
    article="第十四条",
    hint="published_at 应是实际发布的时间,不得预填将来的时间;{fix}",
)
RULES = (TIME_CHANGED, SOURCE_CHANGED, FUTURE)

_FIELDS = {"kind": "类型", "name": "名称", "url": "网址", "document_level": "文件级别"}


class ReleaseTimeSettings(BaseModel):
    """``release_time:`` in config/govreg.yaml."""

    model_config = ConfigDict(extra="forbid")
    future_tolerance_minutes: int = Field(default=30, ge=0, le=24 * 60, description="发布时间可晚于发布提交时间的分钟数")


class _Published:
    """The revision that first published a lineage: its commit, release time and source."""

    __slots__ = ("change", "raw_time", "source", "time")

    def __init__(self, change: FileChange, raw_time: Any, time: dt.datetime | None, source: Source | None) -> None:
        self.change = change
        self.raw_time = raw_time
        self.time = time
        self.source = source


def _as_time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=CHINA)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=CHINA)
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=CHINA)
    return None


def _raw(value: Any) -> str:
    return value.isoformat() if isinstance(value, (dt.date, dt.datetime)) else str(value)


def first_published(history: History, lineage: LogicalFile) -> _Published | None:
    for change in lineage.changes:
        if change.status == "D":
            continue
        fm: Mapping[str, Any] | None = history.front_matter_at(change)
        if not fm or fm.get("published_at") is None:
            continue
        source: Source | None = None
        raw_source = fm.get("source")
        if isinstance(raw_source, dict):
            try:
                source = Source.model_validate(raw_source)
            except ValidationError:
                source = None
        return _Published(change, fm["published_at"], _as_time(fm["published_at"]), source)
    return None


def _commit(p: _Published) -> dict[str, Any]:
    c = p.change.commit
    return {"sha": c.sha[:10], "date": when(c.committed_at), "subject": c.subject[:60]}


def _source_text(source: Source) -> str:
    parts = [f"{source.kind}", source.name]
    if source.url:
        parts.append(source.url)
    if source.document_level != "none":
        parts.append(source.document_level)
    return "、".join(parts)


def check(ctx: Context) -> Iterator[Finding]:
    conf, problems = settings(ctx, "release_time", ReleaseTimeSettings)
    yield from problems
    history = ctx.history
    if not history.available:
        return
    tolerance = dt.timedelta(minutes=conf.future_tolerance_minutes)
    deleted = once(ctx, "deleted-lineages", lambda: _deleted_by_path(history))
    plan: list[tuple[str, ContentItem, LogicalFile | None, bool]] = []
    needed: list[FileChange] = []
    for path, item in ctx.repo.content.items():
        lineage = history.file(path)
        current = lineage if lineage is not None and lineage.exists and lineage.path == path else None
        # the usual case, an item committed once and not changed since: the revision that first published
        # it is the file as it is now, so nothing needs reading from git
        unchanged = current is not None and len(current.changes) == 1 and _same_blob(ctx, path, current.changes[0])
        if current is not None and not unchanged:
            needed.extend(current.changes)
        for previous in deleted.get(path, ()):
            needed.extend(previous.changes)
        plan.append((path, item, current, unchanged))
    history.load_front_matter(needed)  # one git cat-file for the few revisions that matter
    for path, item, current, unchanged in plan:
        if unchanged and current is not None:
            change = current.changes[0]
            published = _Published(change, item.published_at, item.published_at, item.source) if item.published_at else None
        else:
            published = first_published(history, current) if current is not None else None
        # a published item deleted earlier at this path: the page is the same, so is its release time
        reference, again = published, ""
        for previous in deleted.get(path, ()):
            if current is not None and previous.lineage == current.lineage:
                continue
            earlier = first_published(history, previous)
            if earlier is not None:
                reference, again = earlier, "(该文件曾被删除,后在同一路径重新添加,视为同一信息)"
                break
        if reference is not None and (reference is not published or not unchanged):
            yield from _compare(path, item, reference, tolerance, again)
        if published is None:
            yield from _uncommitted_future(ctx, path, item)
            continue
        if published.time is not None and item.published_at is not None and published.time == item.published_at:
            committed = published.change.commit.committed_at
            if published.time > committed + tolerance:
                yield FUTURE(
                    path, loc=("published_at",), published=when(published.time),
                    reference=f"首次发布它的提交 {published.change.commit.sha[:10]} 的时间 {when(committed)}(容差 {conf.future_tolerance_minutes} 分钟)",
                    fix=f"请改为该次提交的时间 {committed.astimezone(CHINA).isoformat()}(这是发布后唯一允许的改动)。",
                )


def _same_blob(ctx: Context, path: str, change: FileChange) -> bool:
    """The file in the work tree is byte for byte the blob of ``change`` (git's object id, SHA-1 or SHA-256)."""
    entry = ctx.repo.entries.get(path)
    if entry is None or change.blob is None or not entry.doc.text:
        return False
    data = entry.doc.text.encode("utf-8")
    header = b"blob %d\0" % len(data)
    digest = hashlib.sha256 if len(change.blob) == 64 else hashlib.sha1
    return digest(header + data).hexdigest() == change.blob


def _deleted_by_path(history: History) -> dict[str, list[LogicalFile]]:
    out: dict[str, list[LogicalFile]] = {}
    for lineage in history.files:
        if not lineage.exists:
            out.setdefault(lineage.changes[-1].path, []).append(lineage)
    return out


def _compare(path: str, item: ContentItem, published: _Published, tolerance: dt.timedelta, again: str) -> Iterator[Finding]:
    info = _commit(published)
    old_raw = _raw(published.raw_time)
    now = item.published_at
    if now is None:
        yield TIME_CHANGED(path, loc=("published_at",), change="已被删去", old=old_raw, old_raw=old_raw, again=again, **info)
    elif published.time is None:
        if _raw(now) != old_raw:
            yield TIME_CHANGED(path, loc=("published_at",), change=f"已改为 {now.isoformat()}", old=old_raw, old_raw=old_raw, again=again, **info)
    elif now != published.time:
        committed = published.change.commit.committed_at
        correcting = published.time > committed + tolerance and abs(now - committed) <= tolerance
        if not correcting:
            yield TIME_CHANGED(path, loc=("published_at",), change=f"已改为 {now.isoformat()}", old=old_raw, old_raw=old_raw, again=again, **info)
    if published.source is not None:
        before = published.source.model_dump()
        after = item.source.model_dump()
        if before != after:
            fields = "、".join(_FIELDS.get(k, k) for k in before if before[k] != after.get(k))
            yield SOURCE_CHANGED(path, loc=("source",), fields=fields, old=_source_text(published.source), again=again, **info)


def _uncommitted_future(ctx: Context, path: str, item: ContentItem) -> Iterator[Finding]:
    if item.published_at is None:
        return
    day = item.published_at.astimezone(CHINA).date()
    if day > ctx.today:
        yield FUTURE(
            path, loc=("published_at",), published=when(item.published_at),
            reference=f"今天({ctx.today.isoformat()});该信息尚未提交",
            fix="请在实际发布时填写发布时间。",
        )


SETTINGS = {"release_time": ReleaseTimeSettings}  # its sections of config/govreg.yaml (the config schema)
