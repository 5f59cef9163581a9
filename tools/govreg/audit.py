"""The audit trail: who changed a record, when, through which pull request, and who had signed its 审查表.

Answers "who approved this, and when" from the repository alone (第十二条, 第十三条,
第十四条), even after a change of forge: the merge commit message carries the PR
number, the content item's ``review`` block as it stood at each change carries the
sign-offs, and stored review payloads (``govreg gate --save-reviews``) can add the
forge's own record of the approvals.

History comes from :mod:`govreg.history` (one ``git log`` pass, renames followed):

* all records: one pass over ``units/ accounts/ sites/ content/`` with front matter;
* one record: a pass over its folder without front matter (to follow renames and
  moves), then a second, narrow pass over just the names that record has had, with
  front matter — so the time does not grow with the number of other records.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import jsonio
from .findings import Finding, Rule, Severity
from .gate.reviews import ForgeReview, load_reviews_file
from .history import FileChange, History, LogicalFile, read_history
from .ledger import Entry, Signoff, read_ledger
from .loader import load_yaml_record
from .models import Unit
from .validation import validate

RECORD_FOLDERS = ("units", "accounts", "sites", "content")
BLOCK_KEYS = ("review", "escalation", "emergency_approval", "pre_review", "corrections")
STATUS_LABELS = {"A": "新增", "M": "修改", "R": "改名/移动", "D": "删除"}

NOT_FOUND = Rule(
    "audit-not-found",
    "没有找到修改历史",
    "在 git 历史中没有找到 {wanted}",
    hint="请给出记录文件相对仓库根目录的路径（如 content/…/x.md、accounts/<单位>/<账号>.yaml），或一个目录。",
)
UNAVAILABLE = Rule(
    "audit-history-unavailable",
    "无法读取修改历史",
    "{reason}",
    hint="请在 git 仓库的工作目录中运行；在 Actions 中请用 actions/checkout 的 fetch-depth: 0 取回完整历史。",
)
INCOMPLETE = Rule(
    "audit-history-incomplete",
    "修改历史不完整",
    "{detail}",
    severity=Severity.warning,
    hint="浅克隆只包含最近的提交；请用 git fetch --unshallow（或 fetch-depth: 0）取回完整历史后再审计。",
)
REVIEWS_INVALID = Rule(
    "audit-reviews-invalid",
    "存档的审核记录无法读取",
    "{name}:{detail}",
    severity=Severity.warning,
    hint="存档文件应为 govreg gate --save-reviews 写出的 JSON，或代码托管平台 API 返回的审核列表，文件名为 PR 编号（如 12.json）。",
)
CATALOGUE = (NOT_FOUND, UNAVAILABLE, INCOMPLETE, REVIEWS_INVALID)


# ---------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class AuditChange:
    """One change of one record, with what the record's 审查表 said after it."""

    change: FileChange
    blocks: Mapping[str, Any] | None  # review / escalation / emergency_approval as they stood (content only)
    approvals: tuple[ForgeReview, ...] = ()  # from stored PR review payloads, when given (fallback: no ledger entry)
    signoffs: tuple[Signoff, ...] = ()  # from the sign-off ledger (read first)

    def to_json(self, names: Mapping[str, str]) -> dict[str, Any]:
        c = self.change
        commit = c.commit
        return {
            "commit": commit.sha,
            "date": commit.committed_at.isoformat(),
            "authored_at": commit.authored_at.isoformat(),
            "author": commit.author_name,
            "author_email": commit.author_email,
            "committer": commit.committer_name,
            "committer_email": commit.committer_email,
            "pr": commit.pr_number,
            "subject": commit.subject,
            "status": c.status,
            "path": c.path,
            "old_path": c.old_path,
            "review": _jsonable(self.blocks) if self.blocks is not None else None,
            "reviewers": {pid: names[pid] for pid in _person_ids(self.blocks) if pid in names},
            "approvals": [r.to_json() for r in self.approvals] if self.approvals else None,
            "signoffs": [s.to_json() for s in self.signoffs] if self.signoffs else None,
        }


@dataclass(frozen=True, slots=True)
class AuditRecord:
    path: str
    paths: tuple[str, ...]
    exists: bool
    complete: bool
    changes: tuple[AuditChange, ...]

    def to_json(self, names: Mapping[str, str]) -> dict[str, Any]:
        return {
            "path": self.path,
            "paths": list(self.paths),
            "exists": self.exists,
            "complete": self.complete,
            "changes": [c.to_json(names) for c in self.changes],
        }


@dataclass
class AuditReport:
    records: list[AuditRecord]
    findings: list[Finding]
    history: History | None
    names: dict[str, str] = field(default_factory=dict)  # person id → name, from the current roster

    def to_json(self) -> dict[str, Any]:
        h = self.history
        return {
            "history": {
                "available": bool(h and h.available),
                "shallow": bool(h and h.shallow),
                "truncated": bool(h and h.truncated),
                "reason": h.reason if h else None,
                "commits": len(h.commits) if h else 0,
            },
            "records": [r.to_json(self.names) for r in self.records],
            "findings": [f.to_json() for f in self.findings],
        }


# ---------------------------------------------------------------------------- helpers


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _person_ids(blocks: Mapping[str, Any] | None) -> list[str]:
    if not blocks:
        return []
    out: list[str] = []
    for key in BLOCK_KEYS:
        block = blocks.get(key)
        if isinstance(block, list):
            entries: list[Any] = block
        elif isinstance(block, Mapping):
            entries = [block] if key != "review" else [v for v in block.values() if isinstance(v, Mapping)]
        else:
            continue
        out += [str(e["by"]) for e in entries if isinstance(e, Mapping) and e.get("by")]
    return out


def _is_record(path: str) -> bool:
    top = path.split("/", 1)[0]
    if top not in RECORD_FOLDERS:
        return False
    return path.endswith(".md") if top == "content" else path.endswith((".yaml", ".yml"))


def roster_names(root: Path) -> dict[str, str]:
    """Person id → name from the working tree's ``units/`` (for showing who the review block names)."""
    names: dict[str, str] = {}
    folder = root / "units"
    if not folder.is_dir():
        return names
    for file in sorted(folder.glob("*.y*ml")):
        doc = load_yaml_record(root, file.relative_to(root).as_posix())
        if doc.data is None:
            continue
        unit, _ = validate(Unit, doc.data, doc.path)
        if isinstance(unit, Unit):
            names.update({p.id: p.name for p in unit.people})
    return names


def load_review_archive(folder: Path, numbers: Iterable[int]) -> tuple[dict[int, list[ForgeReview]], list[Finding]]:
    """Stored review payloads ``<folder>/<PR number>.json`` for the given PR numbers (missing files are skipped)."""
    out: dict[int, list[ForgeReview]] = {}
    findings: list[Finding] = []
    for number in sorted(set(numbers)):
        file = folder / f"{number}.json"
        if not file.is_file():
            continue
        try:
            text = jsonio.read_text(file)  # regular file, capped read (issue 12)
        except jsonio.JsonRefused as exc:
            findings.append(REVIEWS_INVALID(str(file), name=file.name, detail=str(exc)))
            continue
        _, reviews, problems = load_reviews_file(text, str(file))
        findings += [REVIEWS_INVALID(str(file), name=file.name, detail=p.message) for p in problems]
        out[number] = [r for r in reviews if r.state in ("approved", "changes_requested", "dismissed")]
    return out, findings


# ---------------------------------------------------------------------------- the audit


def _records_from(history: History, wanted: Sequence[str] | None) -> tuple[list[LogicalFile], list[str]]:
    """The logical files asked for (all records when ``wanted`` is None) and the paths not found."""
    if wanted is None:
        return [f for f in history.files if any(_is_record(p) for p in f.paths)], []
    chosen: dict[str, LogicalFile] = {}
    missing: list[str] = []
    for raw in wanted:
        path = raw.strip("/")
        found = history.file(path)
        if found is not None:
            chosen[found.lineage] = found
            continue
        prefix = path + "/"
        under = [f for f in history.files if any(p.startswith(prefix) for p in f.paths) and any(_is_record(p) for p in f.paths)]
        if under:
            chosen.update((f.lineage, f) for f in under)
        else:
            missing.append(raw)
    return list(chosen.values()), missing


def build_audit(
    history: History,
    files: Sequence[LogicalFile],
    approvals: Mapping[int, list[ForgeReview]] | None = None,
    ledger_entries: Mapping[str, Entry] | None = None,
) -> list[AuditRecord]:
    """Pure: the audit records of ``files`` from a history read with front matter.

    Sign-offs come from the ledger first (by merge commit); stored forge payloads only for changes the ledger does not know.
    """
    records: list[AuditRecord] = []
    for lf in files:
        changes: list[AuditChange] = []
        for change in lf.changes:
            blocks: dict[str, Any] | None = None
            if change.path.endswith(".md") and change.status != "D" and history.front_matter_loaded:
                fm = history.front_matter_at(change)
                if fm is not None:
                    blocks = {k: fm[k] for k in BLOCK_KEYS if k in fm}
            pr = change.commit.pr_number
            entry = ledger_entries.get(change.commit.sha.lower()) if ledger_entries else None
            signed = tuple(entry.signoffs) if entry is not None else ()
            found = tuple(approvals.get(pr, ())) if approvals and pr is not None and entry is None else ()
            changes.append(AuditChange(change, blocks, found, signed))
        records.append(AuditRecord(lf.path, lf.paths, lf.exists, lf.complete, tuple(changes)))
    records.sort(key=lambda r: r.path)
    return records


def run_audit(root: Path, paths: Sequence[str] | None = None, *, reviews_dir: Path | None = None, rev: str = "HEAD") -> AuditReport:
    """Read the history (one pass for all records; two narrow passes for named files) and build the audit."""
    root = root.resolve()
    findings: list[Finding] = []
    wanted = [_relative(root, p) for p in paths] if paths else None
    if wanted is not None and all(_is_record(p) for p in wanted):
        # named record files: find their lineages (renames and moves) cheaply, then read only those names with front matter
        folders = sorted({p.split("/", 1)[0] for p in wanted})
        outline = read_history(root, folders, rev=rev)
        if not outline.available:
            return AuditReport([], [UNAVAILABLE("", reason=outline.reason or "无法读取 git 历史")], outline)
        names = sorted({name for p in wanted if (lf := outline.file(p)) is not None for name in lf.paths})
        history = read_history(root, names, with_front_matter=True, rev=rev) if names else outline
    else:
        history = read_history(root, RECORD_FOLDERS, with_front_matter=True, rev=rev)
    if not history.available:
        return AuditReport([], [UNAVAILABLE("", reason=history.reason or "无法读取 git 历史")], history)
    if history.shallow:
        findings.append(INCOMPLETE("", detail="当前是浅克隆（shallow clone），较早的修改不在本地历史中"))
    files, missing = _records_from(history, wanted)
    findings += [NOT_FOUND(p, wanted=p) for p in missing]
    archive: dict[int, list[ForgeReview]] = {}
    if reviews_dir is not None:
        numbers = [c.commit.pr_number for f in files for c in f.changes if c.commit.pr_number is not None]
        archive, more = load_review_archive(reviews_dir, numbers)
        findings += more
    report = AuditReport(build_audit(history, files, archive, read_ledger(root).by_merge()), findings, history)
    report.names = roster_names(root)
    return report


def _relative(root: Path, path: str) -> str:
    p = Path(path)
    if p.is_absolute():
        try:
            return p.resolve().relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()
    return Path(path).as_posix().removeprefix("./")


# ---------------------------------------------------------------------------- rendering


def _block_text(blocks: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    def who(entry: Mapping[str, Any]) -> tuple[str, str]:
        pid = str(entry.get("by", "?"))
        at = entry.get("at")
        at_text = at.isoformat() if isinstance(at, dt.datetime | dt.date) else str(at or "")
        name = names.get(pid)
        return f"{name}（{pid}）" if name else pid, at_text

    parts: list[str] = []
    review = blocks.get("review")
    if isinstance(review, Mapping):
        for key, label in (("initial", "初审"), ("second", "复审"), ("final", "终审")):
            entry = review.get(key)
            if isinstance(entry, Mapping):
                person, at = who(entry)
                opinion = f"，发布意见「{entry['opinion']}」" if entry.get("opinion") else ""
                parts.append(f"{label} {person} {at}{opinion}")
            else:
                parts.append(f"{label} （未填）")
    for key, label in (("escalation", "有关部门审核"), ("emergency_approval", "突发事件审批"), ("pre_review", "前置审核")):
        entry = blocks.get(key)
        if isinstance(entry, Mapping):
            person, at = who(entry)
            parts.append(f"{label} {person} {at}")
    corrections = blocks.get("corrections")
    for entry in corrections if isinstance(corrections, list) else []:
        if isinstance(entry, Mapping):
            person, at = who(entry)
            parts.append(f"勘误（{entry.get('field', '?')}） {person} {at}，理由「{entry.get('reason', '')}」")
    return ["审查表：" + "；".join(parts)] if parts else ["审查表：（无）"]


def render_text(report: AuditReport) -> str:
    lines: list[str] = []
    for record in report.records:
        former = [p for p in record.paths if p != record.path]
        title = record.path + (f"（曾用名：{'、'.join(former)}）" if former else "") + ("" if record.exists else "〔已删除〕")
        lines.append(title)
        if not record.complete:
            lines.append("  （历史不完整：更早的修改不在本地历史中）")
        for ac in record.changes:
            c, commit = ac.change, ac.change.commit
            pr = f"PR #{commit.pr_number}" if commit.pr_number is not None else "（无 PR 编号）"
            moved = f"{c.old_path} → {c.path}" if c.old_path else ""
            lines.append(
                f"  {commit.committed_at.strftime('%Y-%m-%d %H:%M %z')}  {commit.sha[:10]}  {STATUS_LABELS[c.status]:<5} "
                f"{commit.author_name} <{commit.author_email}>  {pr}  {commit.subject}" + (f"  [{moved}]" if moved else "")
            )
            if ac.blocks is not None:
                lines += ["      " + t for t in _block_text(ac.blocks, report.names)]
            if ac.signoffs:
                labels = {"handler": "初审", "section-head": "复审", "leader": "终审", "supervisor": "政务公开办审核", "escalation": "有关部门审核", "emergency": "突发事件审批"}
                items = [
                    f"{labels.get(x.step, x.step)} {report.names.get(x.person, x.person)}（@{x.login}）{' ' + x.at.isoformat() if x.at else ' 提交 PR 时'}"
                    + (f"，意见「{x.opinion}」" if x.opinion else "")
                    for x in ac.signoffs
                ]
                lines.append("      签核（账本）：" + "；".join(items))
            if ac.approvals:
                states = {"approved": "批准", "changes_requested": "要求修改", "dismissed": "已撤销"}
                items = [
                    f"@{r.login} {states.get(r.state, r.state)} {r.submitted_at.isoformat() if r.submitted_at else ''}"
                    + (f"（提交 {r.commit_id[:8]}）" if r.commit_id else "")
                    for r in ac.approvals
                ]
                lines.append("      PR 审核：" + "；".join(items))
        lines.append("")
    for f in report.findings:
        lines.append(f"{f.path or '（仓库）'}  {f.severity.label}  {f.message}  {f.code}")
        if f.hint:
            lines.append(f"    → {f.hint}")
    total = sum(len(r.changes) for r in report.records)
    lines.append(f"共 {len(report.records)} 条记录、{total} 次修改。")
    return "\n".join(lines) + "\n"


def render_json(report: AuditReport) -> str:
    """The report as JSON: one record per line (the C encoder; ``indent=`` would use the slow pure-Python one)."""
    data = report.to_json()
    records = data.pop("records")

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))

    lines = ["{"] + [f"  {dump(key)}: {dump(value)}," for key, value in data.items()]
    lines.append('  "records": [')
    lines += [f"    {dump(r)}," for r in records]
    if records:
        lines[-1] = lines[-1][:-1]
    lines += ["  ]", "}"]
    return "\n".join(lines) + "\n"
