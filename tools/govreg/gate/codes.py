"""The gate's catalogue of findings: stable codes, the article each enforces, a Chinese hint.

Errors block the merge; warnings explain why an approval was not counted
(the missing step itself is the error).
"""

from __future__ import annotations

from ..findings import Rule, Severity
from .prereview import RULES as PRE_REVIEW_RULES

A9, A12, A13, A3 = "第九条", "第十二条", "第十三条", "第三条"

HANDLER_MISSING = Rule(
    "gate-handler-missing",
    "缺少承办人初审",
    "{unit}：缺少承办人（初审）的签核{detail}",
    article=A12,
    hint="请由 {unit} 的承办人提交本 PR；或请承办人打开本 PR，在最新提交上点击“批准”（Approve）。",
)
SECTION_HEAD_MISSING = Rule(
    "gate-section-head-missing",
    "缺少承办科室负责人复审",
    "{unit}：缺少承办科室负责人（复审）的批准{detail}",
    article=A12,
    hint="请 {unit} 的承办科室负责人（不能是 PR 作者）在初审之后打开本 PR，在最新提交上点击“批准”（Approve）。",
)
LEADER_MISSING = Rule(
    "gate-leader-missing",
    "缺少分管领导终审",
    "{unit}：缺少分管领导（终审）的批准{detail}",
    article=A12,
    hint="请 {unit} 的分管领导在科室负责人批准之后打开本 PR，在最新提交上点击“批准”（Approve）。",
)
ORDER = Rule(
    "gate-order",
    "审核顺序不对",
    "{subject}：审核顺序应为初审 → 复审 → 终审，实际为 {actual}",
    article=A12,
    hint="审核要按初审、复审、终审的顺序进行：请批准得过早的人在前一步完成之后再点击一次“批准”（Approve），以每个人最后一次审核为准，不必撤销原来的批准。",
)
SAME_PERSON = Rule(
    "gate-same-person",
    "同一人承担了两步审核",
    "{subject}：{who} 不能同时承担{steps}",
    article=A12,
    hint="三审须由三个不同的人完成；请由名册中另一位有相应角色的人审核。",
)
STALE_APPROVAL = Rule(
    "gate-stale-approval",
    "批准已过期",
    "{who} 的批准针对的是旧提交 {commit}，PR 之后又有新的提交，不再计入",
    severity=Severity.warning,
    article=A13,
    hint="发布前审查的必须是最终稿：请 {who} 在最新提交 {head} 上重新批准。",
)
SELF_APPROVAL = Rule(
    "gate-self-approval",
    "作者自己批准",
    "PR 作者 {who} 批准了自己的 PR，不计入复审、终审",
    severity=Severity.warning,
    article=A12,
    hint="作者只能作为承办人完成初审；复审和终审须由其他人完成。",
)
VENDOR = Rule(
    "gate-vendor",
    "第三方运维人员审核",
    "{who} 是第三方运维机构人员，{what}不计入审核",
    severity=Severity.warning,
    article=A9,
    hint="政务新媒体信息内容审核不可外包：请由本单位工作人员审核。",
)
WRONG_UNIT = Rule(
    "gate-wrong-unit",
    "审核人不属于所涉单位",
    "{who}（{unit}）的批准不计入：本 PR 涉及的是 {needed}，其审核须由所涉单位名册中的人完成",
    severity=Severity.warning,
    article=A12,
    hint="请由所涉单位名册中相应角色的人批准；跨单位的 PR 需要每个单位各自完成三审。",
)
UNKNOWN_REVIEWER = Rule(
    "gate-unknown-reviewer",
    "审核人不在名册中",
    "{who} 不在基准提交的任何单位名册中（按 login 匹配），其批准不计入",
    severity=Severity.warning,
    article=A12,
    hint="请先由政务公开办审核合并名册变更（units/ 中该人员的 login），再请其审核。",
)
NO_ROLE = Rule(
    "gate-no-role",
    "审核人没有审核角色",
    "{who} 在 {unit} 名册中没有 {needed} 角色，其批准不计入",
    severity=Severity.warning,
    article=A12,
    hint="请由有相应角色的人审核；角色变更须先经政务公开办审核合并。",
)
CHANGES_REQUESTED = Rule(
    "gate-changes-requested",
    "审核人要求修改",
    "{who} 在 {at} 要求修改，之后没有重新批准",
    article=A12,
    hint="请按意见修改后请 {who} 重新审核并批准；在其批准之前不能合并。",
)
REVIEW_BLOCK_MISMATCH = Rule(
    "gate-review-block-mismatch",
    "审查表与实际审核不符",
    "审查表 {field} {detail}",
    article=A13,
    hint="审查表（review 块）只能填写在本 PR 最新提交上实际批准的人；请改正，或请所填人员在 PR 中批准。",
)
ESCALATION_MISSING = Rule(
    "gate-escalation-missing",
    "缺少有关部门审核",
    "敏感信息须经党委、政府有关业务部门审核，本 PR 中没有 escalation-reviewer 的有效批准{detail}",
    article=A12,
    hint="请党委、政府有关业务部门的审核人打开本 PR，在最新提交上点击“批准”（Approve），并在 escalation 中记录。",
)
EMERGENCY_MISSING = Rule(
    "gate-emergency-missing",
    "缺少分管负责同志审批",
    "重特大突发事件信息须经党委、政府分管负责同志审批，本 PR 中没有 emergency-approver 的有效批准{detail}",
    article=A12,
    hint="请党委、政府分管负责同志打开本 PR，在最新提交上点击“批准”（Approve），并在 emergency_approval 中记录。",
)
SUPERVISOR_MISSING = Rule(
    "gate-supervisor-missing",
    "缺少政务公开办审核",
    "本 PR 修改了 {what}，须经政务公开办（{office}）审核人批准{detail}",
    article=A3,
    hint="名册、模式、规则配置和工作流的变更，请 {office} 负责审核的同志（不能是作者）打开本 PR，在最新提交上点击“批准”（Approve）。",
)
UNIT_UNKNOWN = Rule(
    "gate-unit-unknown",
    "单位不在基准名册中",
    "记录属于单位「{unit}」，但该单位不在基准提交的 units/ 中，无法确定审核人",
    article=A12,
    hint="新增单位请先单独提交 units/ 的变更，经政务公开办审核合并后，再提交该单位的记录。",
)
OWNER_UNKNOWN = Rule(
    "gate-owner-unknown",
    "无法确定所属单位",
    "无法读取该记录，不能确定它属于哪个单位{detail}",
    article=A12,
    hint="请先运行 govreg check 改正该文件的格式错误。",
)
APPROVED_AFTER_RELEASE = Rule(
    "gate-approved-after-release",
    "发布时间早于审核",
    "{who}的{step}批准时间 {at} 晚于本条信息的发布时间 published_at {published}；三审须在发布之前完成",
    article=A12,
    hint="published_at 是对外发布的时间，只能在三审全部完成之后：请把 published_at 改为终审之后的时间（可以是将来的时间，到时自动发布），推送后请各审核人在新提交上重新批准。",
)
HANDLER_NOT_FINAL = Rule(
    "gate-handler-not-final",
    "承办人没有看过最终稿",
    "提交 {commits} 的作者不是承办人 {who}，PR 作者的初审只覆盖他自己提交的内容",
    severity=Severity.warning,
    article=A12,
    hint="他人在承办人之后推送了修改：请承办人 {who} 核对最新提交后，在 PR 上点击“批准”（Approve），作为对最终稿的初审。",
)
REVIEWS_INVALID = Rule(
    "gate-reviews-invalid",
    "审核记录无法读取",
    "审核记录{detail}",
    hint="审核记录应为代码托管平台 API 返回的 JSON（GitHub 或 Gitea/Forgejo 的 pulls/<编号>/reviews），见 docs/dev/gitops.md。",
)
FORGE_ERROR = Rule(
    "gate-forge-error",
    "无法从代码托管平台读取审核",
    "{detail}",
    hint="请检查令牌（GITHUB_TOKEN / GITEA_TOKEN）是否有读取拉取请求的权限，以及 --api-url、--repo、--pr 是否正确。",
)

CATALOGUE = (
    HANDLER_MISSING,
    SECTION_HEAD_MISSING,
    LEADER_MISSING,
    ORDER,
    SAME_PERSON,
    STALE_APPROVAL,
    SELF_APPROVAL,
    VENDOR,
    WRONG_UNIT,
    UNKNOWN_REVIEWER,
    NO_ROLE,
    CHANGES_REQUESTED,
    REVIEW_BLOCK_MISMATCH,
    APPROVED_AFTER_RELEASE,
    HANDLER_NOT_FINAL,
    ESCALATION_MISSING,
    EMERGENCY_MISSING,
    SUPERVISOR_MISSING,
    UNIT_UNKNOWN,
    OWNER_UNKNOWN,
    REVIEWS_INVALID,
    FORGE_ERROR,
    *PRE_REVIEW_RULES,
)


def catalogue() -> dict[str, tuple[Rule, str]]:
    """Every finding code, the check's and the gate's (the public rules page, SARIF): code → (rule, module)."""
    from ..engine import catalogue as check_catalogue

    out = check_catalogue()
    for rule in CATALOGUE:
        out[rule.code] = (rule, __name__)
    return out
