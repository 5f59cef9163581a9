"""The gate's verdict for people: a Chinese Markdown summary (one table per chain) and plain text."""

from __future__ import annotations

from ..clock import CHINA
from ..findings import Finding, Severity
from .core import Chain, GateResult, Step

_STATUS = {
    "done": "✅ 已完成",
    "missing": "❌ 缺少",
    "order": "❌ 顺序不对",
    "same-person": "❌ 同一人",
    "waiting": "⏳ 待前一步",
}
_ICON = {Severity.error: "❌", Severity.warning: "⚠️", Severity.info: "ℹ️"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _who(step: Step) -> str:
    if step.signer is None:
        if step.candidates:
            c = step.candidates[0]
            return f"（{c.name} @{c.login} 已批准，但未计入）"
        return "—"
    s = step.signer
    return f"{s.name}（@{s.login}{'，PR 作者' if s.by_author else ''}）"


def _when(step: Step) -> str:
    if step.signer is None:
        return "—"
    if step.signer.at is None:
        return "提交 PR"
    return step.signer.at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _finding_line(f: Finding) -> str:
    article = f"〔{f.article}〕" if f.article else ""
    where = f" `{f.path}" + (f":{f.line}" if f.line else "") + "`" if f.path else ""
    return f"- {_ICON[f.severity]} `{f.code}`{article}{where} {_cell(f.message)}\n  → {_cell(f.hint)}"


def _chain_md(i: int, chain: Chain) -> list[str]:
    mark = "✅ 已完成" if chain.complete else "❌ 未完成"
    lines = [f"### {i}. {_cell(chain.title)} — {mark}", ""]
    files = "、".join(f"`{p}`" for p in chain.paths[:5]) + (f" 等 {len(chain.paths)} 个文件" if len(chain.paths) > 5 else "")
    lines += [f"涉及文件：{files}", "", "| 步骤 | 应由 | 审核人 | 批准时间 | 状态 |", "| --- | --- | --- | --- | --- |"]
    for step in chain.steps:
        lines.append(f"| {step.label} | {step.role_label} | {_cell(_who(step))} | {_when(step)} | {_STATUS[step.status]} |")
    for review in chain.blocked_by:
        lines.append(f"| 要求修改 | — | @{_cell(review.login)} | {review.submitted_at.astimezone(CHINA).strftime('%Y-%m-%d %H:%M') if review.submitted_at else '—'} | ❌ 未重新批准 |")
    lines.append("")
    return lines


def markdown(result: GateResult, *, pr_number: int | None = None, base_sha: str | None = None) -> str:
    """The summary written to ``$GITHUB_STEP_SUMMARY`` (and shown with ``--format markdown``)."""
    done = sum(c.complete for c in result.chains)
    lines = ["## 三审签核检查（govreg gate）", ""]
    if not result.chains:
        verdict = "✅ 通过：本 PR 没有修改任何文件。" if not result.changes else "✅ 通过。"
    elif result.complete:
        verdict = f"✅ 通过：{len(result.chains)} 条审核链全部完成，可以合并。"
    elif done == len(result.chains):
        errors = sum(f.severity is Severity.error for f in result.findings)
        verdict = f"❌ 未通过：审核链已完成，但还有 {errors} 个错误（见下），暂不能合并。"
    else:
        verdict = f"❌ 未通过：{len(result.chains)} 条审核链中 {len(result.chains) - done} 条未完成，暂不能合并。"
    lines.append(f"**{verdict}**")
    lines.append("")
    facts = [f"作者 @{_cell(result.author)}", f"头提交 `{result.head_sha[:8]}`"]
    if pr_number is not None:
        facts.insert(0, f"PR #{pr_number}")
    if base_sha:
        facts.append(f"名册取自基准提交 `{base_sha[:8]}`")
    lines += ["、".join(facts) + "。批准须针对头提交；顺序为初审 → 复审 → 终审（第十二条）。", ""]
    for i, chain in enumerate(result.chains, 1):
        lines += _chain_md(i, chain)
    if result.findings:
        lines += ["### 问题与说明", ""]
        lines += [_finding_line(f) for f in result.findings]
        lines.append("")
    if not result.complete:
        lines += ["下一步：请按上面的 → 提示补齐审核；每次推送新提交后，已有的批准都需要在新提交上重新批准。", ""]
    return "\n".join(lines)


def text(result: GateResult, *, pr_number: int | None = None, base_sha: str | None = None) -> str:
    """Plain text for a terminal: one block per chain, then the findings."""
    lines: list[str] = []
    for chain in result.chains:
        lines.append(f"{'✔' if chain.complete else '✘'} {chain.title}  [{'、'.join(chain.paths[:3])}{' …' if len(chain.paths) > 3 else ''}]")
        for step in chain.steps:
            lines.append(f"    {step.label}（{step.role_label}）：{_who(step)}  {_when(step)}  {_STATUS[step.status]}")
        for review in chain.blocked_by:
            lines.append(f"    要求修改：@{review.login}，尚未重新批准")
    if lines:
        lines.append("")
    for f in result.findings:
        where = f.path + (f":{f.line}:{f.column or 1}" if f.line else "") if f.path else "(PR)"
        article = f"〔{f.article}〕" if f.article else ""
        lines.append(f"{where}  {f.severity.label}  {f.message}{article}  {f.code}")
        if f.hint:
            lines.append(f"    → {f.hint}")
    if result.complete:
        verdict = "通过：每条审核链都已完成。"
    elif all(c.complete for c in result.chains):
        verdict = "未通过：审核链已完成，但还有错误需要改正，暂不能合并。"
    else:
        verdict = "未通过：审核链未完成，暂不能合并。"
    head = f"PR #{pr_number} " if pr_number is not None else ""
    roster = f"（名册取自基准提交 {base_sha[:8]}）" if base_sha else ""
    lines.append(f"{head}三审签核检查{roster}{verdict}")
    return "\n".join(lines) + "\n"
