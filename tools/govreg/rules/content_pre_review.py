"""# 铸牢中华民族共同体意识主线前置审核（第十二条）

《管理办法》第十二条：发布信息要严格落实《本市全面贯彻铸牢中华民族共同体意识主线前置审核办法（试行）》
有关要求。涉及民族、宗教事务的信息，在三审之外还须经**前置审核**，审核通过后才进入复审。

哪些信息须前置审核：

- 信息标有 `ethnic: true`（承办人认为涉及民族、宗教事务）；或
- 标题、摘要或正文出现题材清单中的词语(`config/pre-review-topics.yaml`，没有该文件时用 govreg 自带的清单；
  `ignore` 中的固定说法如“中华民族伟大复兴”不算)。清单是数据，由政务公开办维护。

前置审核人是名册中的角色 `pre-reviewer`；由哪个单位担任是配置(`config/govreg.yaml` 的 `pre_review.units`,
例如市委统战部、市民族宗教事务局；不填时任何单位具有该角色的人员均可)。

| 代码 | 检查内容 |
|---|---|
| `pre-review-missing` | 须前置审核的信息已发布，但没有 `pre_review`（审核人 `by`、时间 `at`、意见 `opinion`） |
| `pre-review-role` | `pre_review.by` 是名册中具有 `pre-reviewer` 角色、且属于 `pre_review.units` 所列单位的人员 |
| `pre-review-order` | 前置审核在复审（`review.second`）之前完成，且不晚于发布时间 |

草稿（`published_at` 为空）不要求已审核。第三方运维人员参与审核由 `review-vendor` 报告。

**为什么按词语和标记两条路判断：** 只靠承办人自己标记，漏标无从发现；只靠词语，清单之外的题材会漏。
两者任一成立即须审核。误触发时（词语出现但确与民族宗教事务无关），请把该固定说法加入清单的 `ignore`,
而不是关闭本规则。

## 不通过

```yaml
title: 我市举办民族团结进步创建示范活动
published_at: 2026-11-20T10:00:00+08:00
review:
  initial: {by: culture-tourism-bureau-naxf, at: 2026-11-19T09:00:00+08:00}
  second: {by: culture-tourism-bureau-changl, at: 2026-11-19T10:00:00+08:00}
  final: {by: culture-tourism-bureau-heyz, at: 2026-11-19T15:00:00+08:00, opinion: 同意发布}
# 没有 pre_review
```

## 通过

```yaml
title: 我市举办民族团结进步创建示范活动
ethnic: true
published_at: 2026-11-20T10:00:00+08:00
review:
  initial: {by: culture-tourism-bureau-naxf, at: 2026-11-19T09:00:00+08:00}
  second: {by: culture-tourism-bureau-changl, at: 2026-11-19T10:00:00+08:00}
  final: {by: culture-tourism-bureau-heyz, at: 2026-11-19T15:00:00+08:00, opinion: 同意发布}
pre_review: {by: propaganda-dept-mayl, at: 2026-11-19T09:30:00+08:00, opinion: 经前置审核,同意}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, Field

from ..context import Context
from ..findings import Finding, Rule
from ..models import ContentItem, Role
from ..textscan import ContentText
from ..topics import FILE, TopicHit, TopicList, TopicMatcher, needs_pre_review
from ._content import PART_NAMES, content_texts, data_list, when
from ._shared import once, settings
from .content_review import VENDOR

MISSING = Rule(
    "pre-review-missing",
    "缺少铸牢中华民族共同体意识前置审核",
    "信息{why}，须经铸牢中华民族共同体意识主线前置审核，但已发布且没有前置审核记录 pre_review",
    article="第十二条",
    hint="请由名册中具有 pre-reviewer 角色的人员在复审之前审核，并填写 pre_review：审核人 by、时间 at、意见 opinion；与民族宗教事务无关的固定说法可加入 config/pre-review-topics.yaml 的 ignore。",
)
ROLE = Rule(
    "pre-review-role",
    "前置审核人不符",
    "前置审核人「{person}」{problem}",
    article="第十二条",
    hint="请填写名册中具有 pre-reviewer 角色的人员 id{units}。",
)
ORDER = Rule(
    "pre-review-order",
    "前置审核时间顺序不对",
    "前置审核时间 {at} 晚于{other}时间 {other_at}；前置审核应在复审之前完成",
    article="第十二条",
    hint="前置审核通过后才进入复审、终审和发布；请核对审查表上的时间。",
)
RULES = (MISSING, ROLE, ORDER)


class PreReviewSettings(BaseModel):
    """``pre_review:`` in config/govreg.yaml."""

    units: list[str] = Field(default_factory=list, description="担任前置审核的单位 id；空表示任何单位具有 pre-reviewer 角色的人员均可")


SETTINGS = {"pre_review": PreReviewSettings}  # its section of config/govreg.yaml


def matcher(ctx: Context) -> tuple[TopicMatcher, list[Finding]]:
    def build() -> tuple[TopicMatcher, list[Finding]]:
        loaded = data_list(ctx, FILE, TopicList)
        return TopicMatcher(loaded.value), list(loaded.findings)

    return once(ctx, "pre-review-topics", build)


def check(ctx: Context) -> Iterator[Finding]:
    conf, findings = settings(ctx, "pre_review", PreReviewSettings)
    yield from findings
    found, problems = matcher(ctx)
    yield from problems
    for path, item, text in content_texts(ctx):
        yield from _check_item(ctx, conf, found, path, item, text)


def _why(item: ContentItem, hit: TopicHit | None) -> str:
    if hit is not None:
        return f"{PART_NAMES[hit.part]}中有「{hit.term}」（涉及民族、宗教事务）"
    return "标为涉及民族、宗教事务（ethnic: true）"


def _check_item(ctx: Context, conf: PreReviewSettings, found: TopicMatcher, path: str, item: ContentItem, text: ContentText) -> Iterator[Finding]:
    record = item.pre_review
    if record is None:
        if item.published_at is None:
            return
        needed, hit = needs_pre_review(item, text.doc.body, found)
        if not needed:
            return
        if hit is None:
            yield MISSING(path, loc=("ethnic",), why=_why(item, hit))
        elif hit.part == "body":
            line, column = text.position(text.body_start + hit.start)
            yield MISSING(path, line=line, column=column, why=_why(item, hit))
        else:
            start = text.field_start(hit.part)  # type: ignore[arg-type]
            if start is None:
                yield MISSING(path, loc=(hit.part,), why=_why(item, hit))
            else:
                yield MISSING(path, line=start[0], column=start[1] + hit.start, why=_why(item, hit))
        return
    units = f"（担任前置审核的单位：{'、'.join(conf.units)}）" if conf.units else ""
    person_hit = ctx.repo.people.get(record.by)
    if person_hit is None:
        yield ROLE(path, loc=("pre_review", "by"), person=record.by, problem="不在任何单位的人员名册中", units=units)
    else:
        unit, person = person_hit
        who = f"{person.name}（{person.id}，{unit.name}）"
        if Role.pre_reviewer not in person.roles:
            yield ROLE(path, loc=("pre_review", "by"), person=who, problem="在名册中没有 pre-reviewer 角色", units=units)
        elif conf.units and unit.id not in conf.units:
            yield ROLE(path, loc=("pre_review", "by"), person=who, problem=f"所在单位不是配置中担任前置审核的单位（{'、'.join(conf.units)}）", units=units)
        if person.vendor:
            yield VENDOR(path, loc=("pre_review", "by"), step="前置审核", name=person.name, person=person.id)
    # times written in the record (sign-offs on a pull request are ordered by the gate from the forge's times)
    at = record.at
    if at is None:
        return
    second = item.review.second
    if second is not None and second.at is not None and at > second.at:
        yield ORDER(path, loc=("pre_review", "at"), at=when(at), other="复审", other_at=when(second.at))
    elif item.published_at is not None and at > item.published_at:
        yield ORDER(path, loc=("pre_review", "at"), at=when(at), other="发布", other_at=when(item.published_at))

SCOPE = "file"  # an item, read with the rosters of every unit (govreg.engine.scope_of)
DEPENDS = ("unit",)
