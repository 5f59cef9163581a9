"""# 发布时间和来源不得改动（第十四条）

《管理办法》第十四条：信息录入时认真填写来源和发布时间，**严禁篡改发布时间**，保证信息的权威性和真实性。

`published_at` 是信息**对外发布的时间**：可以填将来的时间（定时发布），公开网站在这个时间之前不显示该信息，
发布工作流每 15 分钟运行一次，到时发布；三审必须在这个时间之前完成（`govreg gate` 核对）。

本规则读取仓库的 git 历史（对 `content/` 只运行一次 `git log`，不逐个文件运行 git），找到每条信息
**首次填写发布时间**（`published_at` 第一次不为空）的那次提交，与当前文件比较：

| 代码 | 检查内容 |
|---|---|
| `release-time-changed` | 已经到了发布时间（已对外发布）的信息，`published_at` 与首次填写时相同（按时刻比较，`+08:00` 与 `Z` 的等价写法不算改动）；删去发布时间也算改动；文件删除后在同一路径重新添加，视为同一页面，同样比较。尚未到发布时间的信息可以改期，但不能改到改动之时以前（不能倒填） |
| `source-changed` | `source`（来源类型、名称、网址、文件级别）与首次发布时相同；确属填错的，可登记**勘误**（见下） |
| `source-corrected` | （提示）来源在发布后改动，并有发布时间之后的勘误记录 `corrections`：允许，并在审计中显示 |
| `release-history-unreadable` | 首次发布之前（含）的历史版本都能用与当前文件**同一套严格规则**读取；读不出的版本不跳过，而是报告 |

“改动之时”取签核账本（`ledger/signoffs.jsonl`）中代码托管平台记录的合并时间；账本中没有的改动（如尚未合并的 PR）
取检查运行的时间。**从不使用提交时间**（提交时间由提交者自己设置，可以伪造）。

文件**改名或移动**（git 能识别的重命名，包括移到其他目录）保留原来的历史；只改正文不受影响；
删除信息（撤稿）不受影响。不在 git 仓库中（如解压的副本）时，本规则什么也不报告；浅克隆中历史不完整的文件，
以能看到的最早发布版本为准。改期时允许的误差在 `config/govreg.yaml` 中设置：

```yaml
release_time:
  future_tolerance_minutes: 30
```

**勘误。** 来源填错（例如把转载的新华社稿件写成了人民日报）时，只改来源而不留痕，等于篡改；不许改，
部门又只能关闭规则。折中办法：在 `corrections` 中登记勘误（`field: source`，勘误人 `by`、时间 `at`、理由 `reason`），
随改动一起经三审合并；勘误时间须晚于发布时间。**发布时间不能勘误**（`field` 只能是 `source`）。

```yaml
corrections:
  - field: source
    by: wz-edu-wangxd
    at: 2026-11-25T09:00:00+08:00
    reason: 原稿来源误填为人民日报,实为新华社通稿
```

## 不通过

```yaml
# 提交 3f2a…首次发布时:published_at: 2026-03-02T10:00:00+08:00(早已发布)
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
from ..findings import Finding, Rule, Severity
from ..history import FileChange, History, LogicalFile
from ..ledger import read_ledger
from ..models import ContentItem, Source
from ._content import when
from ._shared import once, settings

TIME_CHANGED = Rule(
    "release-time-changed",
    "发布时间被改动",
    "发布时间{change}；该信息首次发布于提交 {sha}（{date}，「{subject}」），当时的发布时间是 {old}{again}",
    article="第十四条",
    hint="严禁篡改发布时间（第十四条）：请把 published_at 恢复为 {old_raw}。",
)
SOURCE_CHANGED = Rule(
    "source-changed",
    "来源被改动",
    "来源已改动（{fields}）；该信息首次发布于提交 {sha}（{date}，「{subject}」），当时的来源是 {old}{again}",
    article="第十四条",
    hint="来源在发布后不得改动：请把 source 恢复为首次发布时的内容；确属当初填错需要勘误的，请在 corrections 中登记勘误（field: source、by、at、reason），勘误经三审后合并。",
)
SOURCE_CORRECTED = Rule(
    "source-corrected",
    "来源已勘误",
    "来源已改动（{fields}），有勘误记录：{reason}（{who}，{at}）；首次发布时的来源是 {old}",
    severity=Severity.info,
    article="第十四条",
    hint="无需处理；勘误记录和改动前后的来源保留在 git 历史中，govreg audit 可查。",
)
UNREADABLE = Rule(
    "release-history-unreadable",
    "历史版本无法读取",
    "提交 {sha}（{subject}）中的该文件版本无法按规定读取：{problem}；无法确认它是否就是首次发布的版本",
    article="第十四条",
    hint="历史版本与当前文件用同一套规则读取，读不出的版本不能跳过：请政务公开办核对该版本的发布时间和来源，把 published_at、source 恢复为首次发布时的内容。",
)
RULES = (TIME_CHANGED, SOURCE_CHANGED, UNREADABLE, SOURCE_CORRECTED)

_FIELDS = {"kind": "类型", "name": "名称", "url": "网址", "document_level": "文件级别"}


class ReleaseTimeSettings(BaseModel):
    """``release_time:`` in config/govreg.yaml."""

    model_config = ConfigDict(extra="forbid")
    future_tolerance_minutes: int = Field(default=30, ge=0, le=24 * 60, description="改期时新的发布时间可早于改动时间的分钟数")


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


def unreadable_before(history: History, lineage: LogicalFile, published: _Published | None) -> list[FileChange]:
    """Revisions up to the first published one that the strict loader could not read (any of them might have published it)."""
    out: list[FileChange] = []
    for change in lineage.changes:
        if published is not None and change is published.change:
            break
        if change.status != "D" and history.front_matter_at(change) is None and history.front_matter_problem(change) is not None:
            out.append(change)
    return out


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
    if not ctx.repo.content:
        return  # nothing to judge (the engine's batch of accounts): the history is not asked for
    history = ctx.history
    if not history.available:
        return
    tolerance = dt.timedelta(minutes=conf.future_tolerance_minutes)
    deleted = once(ctx, "deleted-lineages", lambda: _deleted_by_path(history))
    merge_times = once(ctx, "ledger-merge-times", lambda: read_ledger(ctx.repo.root).merge_times())
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
            for change in unreadable_before(history, current, published) if current is not None else ():
                problem = history.front_matter_problem(change)
                yield UNREADABLE(
                    path, loc=("published_at",), sha=change.commit.sha[:10], subject=change.commit.subject[:60],
                    problem=problem.message if problem else "未知原因",
                )
        # a published item deleted earlier at this path: the page is the same, so is its release time
        reference, again = published, ""
        for previous in deleted.get(path, ()):
            if current is not None and previous.lineage == current.lineage:
                continue
            earlier = first_published(history, previous)
            if earlier is not None:
                reference, again = earlier, "（该文件曾被删除，后在同一路径重新添加，视为同一信息）"
                break
        if reference is not None and (reference is not published or not unchanged):
            changed_at = _change_time(ctx, path, current, merge_times)
            yield from _compare(path, item, reference, tolerance, again, changed_at)


def _same_blob(ctx: Context, path: str, change: FileChange) -> bool:
    """The file in the work tree is byte for byte the blob of ``change`` (git's object id, SHA-1 or SHA-256)."""
    entry = ctx.repo.entries.get(path)
    if entry is None or change.blob is None:
        return False
    if entry.blob:  # tracked and unmodified: git named the content already (govreg.cache.clean_blob_ids)
        return entry.blob == change.blob
    if not entry.doc.text:
        return False
    data = entry.doc.text.encode("utf-8")
    header = b"blob %d\0" % len(data)
    digest = hashlib.sha256 if len(change.blob) == 64 else hashlib.sha1
    return digest(header + data).hexdigest() == change.blob


def _change_time(ctx: Context, path: str, current: LogicalFile | None, merge_times: Mapping[str, dt.datetime]) -> dt.datetime:
    """When the item took its present form: the forge's merge time from the ledger, else the time the check runs.

    Never a commit date (its author sets it).  The work tree differing from the last commit, or a last
    commit the ledger does not know (an unmerged PR), is a change happening now.
    """
    if current is not None and current.changes and _same_blob(ctx, path, current.changes[-1]):
        known = merge_times.get(current.changes[-1].commit.sha.lower())
        if known is not None:
            return known
    return ctx.now


def _deleted_by_path(history: History) -> dict[str, list[LogicalFile]]:
    out: dict[str, list[LogicalFile]] = {}
    for lineage in history.files:
        if not lineage.exists:
            out.setdefault(lineage.changes[-1].path, []).append(lineage)
    return out


def _compare(path: str, item: ContentItem, published: _Published, tolerance: dt.timedelta, again: str, changed_at: dt.datetime) -> Iterator[Finding]:
    info = _commit(published)
    old_raw = _raw(published.raw_time)
    now = item.published_at
    if now is None:
        yield TIME_CHANGED(path, loc=("published_at",), change="已被删去", old=old_raw, old_raw=old_raw, again=again, **info)
    elif published.time is None:
        if _raw(now) != old_raw:
            yield TIME_CHANGED(path, loc=("published_at",), change=f"已改为 {now.isoformat()}", old=old_raw, old_raw=old_raw, again=again, **info)
    elif now != published.time:
        # a scheduled release not yet reached may be moved, but not back before the time of the change
        rescheduled = published.time > changed_at and now >= changed_at - tolerance
        if not rescheduled:
            yield TIME_CHANGED(path, loc=("published_at",), change=f"已改为 {now.isoformat()}", old=old_raw, old_raw=old_raw, again=again, **info)
    if published.source is not None:
        before = published.source.model_dump()
        after = item.source.model_dump()
        if before != after:
            fields = "、".join(_FIELDS.get(k, k) for k in before if before[k] != after.get(k))
            # a correction counts only when made after the release (the release time is immutable; commit times are not trusted)
            released = published.time
            correction = next((c for c in reversed(item.corrections) if c.field == "source" and (released is None or c.at >= released)), None)
            if correction is None:
                yield SOURCE_CHANGED(path, loc=("source",), fields=fields, old=_source_text(published.source), again=again, **info)
            else:
                i = item.corrections.index(correction)
                yield SOURCE_CORRECTED(
                    path, loc=("corrections", i), fields=fields, reason=correction.reason, who=correction.by,
                    at=when(correction.at), old=_source_text(published.source),
                )


SETTINGS = {"release_time": ReleaseTimeSettings}  # its sections of config/govreg.yaml (the config schema)
#: per-file: its findings on an item depend on that item, its own history and the ledger, so ``check --base``
#: runs it on the changed items only; not cached by blob id, since the same content can have another history
SCOPE = "file"
CACHEABLE = False
