"""# 整改通知：通报 → 整改 → 复查（第二十条）

《管理办法》第二十条要求政府信息公开工作主管部门对未按要求开展工作的单位“进行通报批评，并督促落实整改”。
每份整改通知登记为 `rectifications/<单位 id>/<编号>.yaml`（可由 `govreg inspect --notices 目录` 从检查结果生成草稿）：
问题（`finding`）、下发日期 `issued`、整改期限 `deadline`（不填时按下发日期加 `followup.rectification_days`
个法定工作日，默认 10 个）、单位报送的整改情况 `responses`、政务公开办的复查 `rechecks`。

- 超过整改期限仍未报送整改情况：**错误** `rectification-overdue`（计入年度考评第五项）；
- 已报送整改情况，超过 `followup.recheck_days`（默认 5 个工作日）仍未复查：**警告** `rectification-recheck-late`；
- 复查不合格，却没有重新限定整改期限 `new_deadline`:**错误** `rectification-recheck-failed`；
- 日期不合理（期限、整改或复查早于下发，下发晚于今天）或复查人不在名册中：**错误** `rectification-dates`。

## 不通过

```yaml
id: 2026-11-transport-bureau-toutiao
unit: transport-bureau
subject: 吴忠交通（今日头条）
finding: {code: account-silent, message: 超过 14 天未发布}
issued: 2026-11-02
deadline: 2026-11-16
responses: []          # 期限已过，仍未报送
```

## 通过

```yaml
id: 2026-11-transport-bureau-toutiao
unit: transport-bureau
subject: 吴忠交通（今日头条）
finding: {code: account-silent, message: 超过 14 天未发布}
issued: 2026-11-02
deadline: 2026-11-16
responses:
  - {done: 2026-11-10, action: 已恢复更新并明确专人负责。}
rechecks:
  - {verified: 2026-11-12, by: wzgo-lin, result: passed}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from ..engine import Context
from ..findings import Finding, Rule, Severity
from ..followup import FollowupSettings, RectState, rectification_status
from ._shared import calendar, settings

OVERDUE = Rule(
    "rectification-overdue",
    "逾期未整改",
    "整改通知「{subject}」的整改期限 {deadline} 已过，仍未报送整改情况{extra}",
    article="第二十条",
    hint="请被通报单位尽快整改，并在 responses 中写明完成日期 done 和整改措施 action（附证明材料）。",
)
RECHECK_LATE = Rule(
    "rectification-recheck-late",
    "整改情况未及时复查",
    "单位已于 {done} 报送整改情况，复查时限 {due} 已过，政务公开办仍未复查",
    severity=Severity.warning,
    article="第二十条",
    hint="请政务公开办复查整改情况，并在 rechecks 中写明复查日期 verified、复查人 by 和结果 result。",
)
RECHECK_FAILED = Rule(
    "rectification-recheck-failed",
    "复查不合格未重新限期",
    "{verified} 复查不合格，但没有重新限定整改期限",
    article="第二十条",
    hint="请在该次复查中填写 new_deadline（重新限定的整改期限），督促单位继续整改。",
)
DATES = Rule(
    "rectification-dates",
    "整改通知的日期或复查人有误",
    "整改通知有误：{problem}",
    article="第二十条",
    hint="请照整改通知、整改报告和复查记录改正。",
)
RULES = (OVERDUE, RECHECK_LATE, RECHECK_FAILED, DATES)


def check(ctx: Context) -> Iterator[Finding]:
    repo = ctx.repo
    if not repo.rectifications:
        return
    conf, problems = settings(ctx, "followup", FollowupSettings)
    yield from problems
    cal = calendar(ctx)
    for notice in repo.rectifications.values():
        path = repo.path_of("rectification", notice.id)
        if notice.issued > ctx.today:
            yield DATES(path, loc=("issued",), problem=f"下发日期 {notice.issued} 晚于今天 {ctx.today}")
        if notice.deadline is not None and notice.deadline < notice.issued:
            yield DATES(path, loc=("deadline",), problem=f"整改期限 {notice.deadline} 早于下发日期 {notice.issued}")
        for i, response in enumerate(notice.responses):
            if response.done < notice.issued:
                yield DATES(path, loc=("responses", i, "done"), problem=f"整改完成日期 {response.done} 早于下发日期 {notice.issued}")
        for i, recheck in enumerate(notice.rechecks):
            if recheck.verified < notice.issued:
                yield DATES(path, loc=("rechecks", i, "verified"), problem=f"复查日期 {recheck.verified} 早于下发日期 {notice.issued}")
            if repo.people and recheck.by not in repo.people:
                yield DATES(path, loc=("rechecks", i, "by"), problem=f"复查人「{recheck.by}」不在人员名册中")
        status = rectification_status(notice, ctx.today, conf, cal)
        if status.state is RectState.overdue:
            extra = f"（第 {status.rounds + 1} 轮）" if status.rounds else ""
            extra += f";{status.warning}" if status.warning else ""
            yield OVERDUE(path, loc=("responses",) if "responses" in _keys(ctx, path) else ("issued",),
                          subject=notice.subject, deadline=status.deadline.isoformat(), extra=extra)
        elif status.state is RectState.recheck_late:
            yield RECHECK_LATE(path, loc=("responses",), done=str(status.responded), due=str(status.recheck_due))
        elif status.state is RectState.failed_no_deadline:
            last = max(range(len(notice.rechecks)), key=lambda i: notice.rechecks[i].verified)
            yield RECHECK_FAILED(path, loc=("rechecks", last, "result"), verified=notice.rechecks[last].verified.isoformat())


def _keys(ctx: Context, path: str) -> set[str]:
    entry = ctx.repo.entries.get(path)
    data = entry.doc.data if entry is not None else None
    return set(data) if isinstance(data, dict) else set()
