"""# 三审：初审、复审、终审（第十二条、第十三条、第九条）

《管理办法》第十二条要求认真执行“三审三校”制度：具体**承办人**初审，**承办科室负责人**复审，
**分管领导**终审并签署发布意见；第十三条要求发布前查验审查表上各审核责任人是否签字；
第九条规定信息内容审核不可外包。

本规则检查每条信息的 `review`（审核记录）：

| 代码 | 检查内容 |
|---|---|
| `review-missing` | 已发布（`published_at` 不为空）的信息，初审 `initial`、复审 `second`、终审 `final` 三项齐全；草稿不要求 |
| `review-unknown-person` | 审核人 `by` 是名册（`units/*.yaml` 的 `people`）中登记的人员 |
| `review-role` | 审核人是**本信息发布单位**(`unit`)的人员，并具有相应角色：初审 `handler`、复审 `section-head`、终审 `leader` |
| `review-same-person` | 三审由三个不同的人完成 |
| `review-order` | 时间顺序：初审 ≤ 复审 ≤ 终审 ≤ 发布时间 `published_at` |
| `review-vendor` | 审核人（含敏感信息审核、突发事件审批）不是第三方运维机构人员（`vendor: true`） |

## 不通过

```yaml
published_at: 2026-03-02T10:00:00+08:00
review:
  initial: {by: wz-edu-wangxd, at: 2026-03-01T09:00:00+08:00}
  second: {by: wz-edu-wangxd, at: 2026-03-01T10:00:00+08:00}   # 同一人复审
  # 缺少终审 final
```

## 通过

```yaml
published_at: 2026-03-02T10:00:00+08:00
review:
  initial: {by: wz-edu-wangxd, at: 2026-03-01T09:00:00+08:00}   # 承办人
  second: {by: wz-edu-lij, at: 2026-03-01T10:00:00+08:00}       # 承办科室负责人
  final: {by: wz-edu-zhaom, at: 2026-03-01T15:00:00+08:00, opinion: 同意发布}  # 分管领导
```
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..context import Context
from ..findings import Finding, Rule
from ..models import ContentItem, Role
from ._content import when

MISSING = Rule(
    "review-missing",
    "三审记录不全",
    "信息已发布，但缺少{step}（{role}）{what}记录",
    article="第十二条",
    hint="请在 review.{key} 中填写审核人 by（名册中的人员 id）和审核时间 at；发布前须完成初审、复审、终审（第十三条）。",
)
UNKNOWN_PERSON = Rule(
    "review-unknown-person",
    "审核人不在名册中",
    "{step}审核人「{person}」不在任何单位的人员名册中",
    article="第十二条",
    hint="请填写名册（units/<单位>.yaml 的 people）中的人员 id；新人员请先登记到名册。",
)
ROLE = Rule(
    "review-role",
    "审核人角色不符",
    "{step}应由本单位「{unit}」的{role}完成，但「{name}」（{person}）{problem}",
    article="第十二条",
    hint="{step}须由发布单位具有 {role_id} 角色的人员完成；请更换审核人，或在名册中为其登记该角色。",
)
SAME_PERSON = Rule(
    "review-same-person",
    "同一人完成多个审核环节",
    "{step}与{other}都由「{name}」（{person}）完成，三审须由三个不同的人完成",
    article="第十二条",
    hint="请由另一名具有相应角色的人员完成{step}。",
)
ORDER = Rule(
    "review-order",
    "审核时间顺序不对",
    "{step}时间 {at} 早于{before}时间 {before_at}",
    article="第十二条",
    hint="初审合格后复审，复审合格后终审，终审后方可发布；请核对审查表上的签字时间。",
)
VENDOR = Rule(
    "review-vendor",
    "第三方运维人员参与审核",
    "{step}审核人「{name}」（{person}）是第三方运维机构人员，信息内容审核不可外包",
    article="第九条",
    hint="内容审核须由本单位人员完成（第九条）；请更换审核人。",
)
RULES = (MISSING, UNKNOWN_PERSON, ROLE, SAME_PERSON, ORDER, VENDOR)

STEPS: tuple[tuple[str, str, Role, str], ...] = (
    ("initial", "初审", Role.handler, "承办人"),
    ("second", "复审", Role.section_head, "承办科室负责人"),
    ("final", "终审", Role.leader, "分管领导"),
)


def check(ctx: Context) -> Iterator[Finding]:
    for path, item in ctx.repo.content.items():
        yield from _check_item(ctx, path, item)


def _check_item(ctx: Context, path: str, item: ContentItem) -> Iterator[Finding]:
    unit = ctx.repo.units.get(item.unit)
    published = item.published_at is not None
    seen: dict[str, str] = {}  # person id -> step name
    previous: tuple[str, dt.datetime] | None = None
    review = item.review
    for key, step, role, role_name in STEPS:
        record = getattr(review, key)
        if record is None:
            if published:
                what = "和发布意见" if key == "final" else ""
                yield MISSING(path, loc=("review",) if _has(ctx, path, "review") else ("published_at",), step=step, role=role_name, what=what, key=key)
            continue
        loc = ("review", key, "by")
        hit = ctx.repo.people.get(record.by)
        if hit is None:
            yield UNKNOWN_PERSON(path, loc=loc, step=step, person=record.by)
        else:
            person_unit, person = hit
            if person.vendor:
                yield VENDOR(path, loc=loc, step=step, name=person.name, person=person.id)
            if unit is not None:
                problem = ""
                if person_unit.id != unit.id:
                    problem = f"是「{person_unit.name}」的人员"
                elif role not in person.roles:
                    problem = "在名册中没有该角色"
                if problem:
                    yield ROLE(
                        path, loc=loc, step=step, unit=unit.name, role=role_name, role_id=role.value,
                        name=person.name, person=person.id, problem=problem,
                    )
            if record.by in seen:
                yield SAME_PERSON(path, loc=loc, step=step, other=seen[record.by], name=person.name, person=person.id)
            else:
                seen[record.by] = step
        if record.at is None:
            continue  # not typed: the time is the forge's, checked by govreg gate and the sign-off ledger
        if previous is not None:
            before_step, before_at = previous
            if record.at < before_at:
                yield ORDER(path, loc=("review", key, "at"), step=step, at=when(record.at), before=before_step, before_at=when(before_at))
        previous = (step, record.at)
    if item.published_at is not None and previous is not None:
        last_step, last_at = previous
        if item.published_at < last_at:
            yield ORDER(path, loc=("published_at",), step="发布", at=when(item.published_at), before=last_step, before_at=when(last_at))


def _has(ctx: Context, path: str, key: str) -> bool:
    entry = ctx.repo.entries.get(path)
    return bool(entry and entry.doc.data and key in entry.doc.data)

SCOPE = "file"  # an item, read with the rosters of every unit (govreg.engine.scope_of)
DEPENDS = ("unit",)
