"""``govreg audit --verify``: every merged change to a record has its sign-offs, in order, before release.

Reads the sign-off ledger (:mod:`govreg.ledger`) and the first-parent history of ``accounts/ sites/
content/`` (one ``git log``), then checks end to end:

* the ledger's hash chain is intact (an edited, removed or reordered entry is reported at its line),
  and every committed version of the ledger begins with the previous one (appending is the only change:
  a chain rewritten with recomputed hashes is caught by the older committed versions);
* every commit on the main line after the ledger's ``since`` commit (``git rev-list since..HEAD``) that
  changed a record has an entry (the merge commit, or the squash commit, is the entry's ``merge``);
* each entry's gate verdict was complete, and for every unit whose records the change touched (the
  content item's ``unit``, the account's folder) there are the three steps, by three people, in order;
* each sign-off came before the ``published_at`` of every content item the change released;
* each signer held the step's role in the roster **as it stood at the entry's base commit** (read
  with a fixed number of git processes: one per distinct roster version, plus one batch read).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..findings import Finding, Rule
from ..history import FileChange, cat_file_answers, read_history
from ..ledger import LEDGER_PATH, Entry, Ledger, Signoff, read_ledger
from ..loader import parse_yaml
from ..models import Unit
from .gitio import GitError, _git, read_blobs

RECORDS = ("accounts", "sites", "content")
_ORDER = {"handler": 0, "section-head": 1, "leader": 2}

NO_LEDGER = Rule(
    "audit-ledger-missing",
    "没有签核账本",
    "仓库中没有签核账本 {ledger}，无法核对合并的修改是否经过三审",
    hint="请由政务公开办运行 govreg ledger init 建立账本并合并；之后发布工作流在每次合并时自动记录签核。",
)
TAMPERED = Rule(
    "audit-ledger-tampered",
    "签核账本被改动",
    "签核账本第 {line_no} 行：{detail}",
    article="第十四条",
    hint="账本只能由发布工作流在末尾追加：请用 git log -p ledger/signoffs.jsonl 找出改动它的提交，恢复原来的内容。",
)
SIGNOFF_MISSING = Rule(
    "audit-signoff-missing",
    "合并的修改没有签核记录",
    "提交 {sha}（{subject}）修改了 {paths}，但签核账本中没有它的记录",
    article="第十三条",
    hint="每次修改记录都须经拉取请求三审后合并；请政务公开办核查这次修改是如何进入主分支的（分支保护是否被绕过），并补办审核。",
)
SIGNOFF_INCOMPLETE = Rule(
    "audit-signoff-incomplete",
    "签核不完整",
    "PR #{pr}（合并提交 {sha}）：{detail}",
    article="第十二条",
    hint="三审须由所涉单位的承办人、承办科室负责人、分管领导依次完成；请政务公开办核查并补办审核。",
)
SIGNOFF_AFTER_RELEASE = Rule(
    "audit-signoff-after-release",
    "签核晚于发布时间",
    "PR #{pr}：{who}的{step}签核时间 {at} 晚于 {item} 的发布时间 {published}",
    article="第十二条",
    hint="三审须在发布之前完成（第十二条、第十三条）；请政务公开办核查。",
)
SIGNOFF_ROLE = Rule(
    "audit-signoff-role",
    "签核人当时没有相应角色",
    "PR #{pr}：{who}在基准提交 {base} 的名册中{detail}",
    article="第十二条",
    hint="审核人须在合并前的名册中具有相应角色；请政务公开办核查这次合并。",
)
CATALOGUE = (NO_LEDGER, TAMPERED, SIGNOFF_MISSING, SIGNOFF_INCOMPLETE, SIGNOFF_AFTER_RELEASE, SIGNOFF_ROLE)


@dataclass
class Verification:
    findings: list[Finding] = field(default_factory=list)
    commits_checked: int = 0
    entries: int = 0

    @property
    def clean(self) -> bool:
        return not self.findings


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else None
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed if parsed.tzinfo else None
    return None


def _fmt(at: dt.datetime | None) -> str:
    return at.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M") if at else "提交 PR 时"


Roster = dict[str, tuple[str, frozenset[str]]]  # person id -> (unit id, roles incl. leader-in-charge)


def _rosters(root: Path, bases: list[str]) -> dict[str, Roster | None]:
    """Base commit → roster at that commit; one batch-check, one ls-tree per distinct ``units/`` tree, one batch read."""
    if not bases:
        return {}
    out = _git(root, ["cat-file", "--batch-check"], stdin="".join(f"{b}:units\n" for b in bases).encode())
    tree_of: dict[str, str | None] = {}
    for base, line in zip(bases, out.decode().splitlines(), strict=False):
        parts = line.split()
        tree_of[base] = parts[0] if len(parts) == 3 and parts[1] == "tree" else None
    files: dict[str, list[str]] = {}
    for tree in dict.fromkeys(t for t in tree_of.values() if t):
        names = _git(root, ["ls-tree", "-z", "--name-only", tree]).decode("utf-8", "surrogateescape").split("\0")
        files[tree] = [n for n in names if n.endswith(".yaml")]
    blobs = read_blobs(root, [(tree, name) for tree, names in files.items() for name in names])
    rosters: dict[str, Roster] = {}
    for tree, names in files.items():
        roster: Roster = {}
        for name in names:
            data, problems = parse_yaml(blobs.get((tree, name), b"").decode("utf-8", "replace"), f"units/{name}")
            if problems or not isinstance(data, dict):
                continue
            try:
                unit = Unit.model_validate(data)
            except ValidationError:
                continue
            for person in unit.people:
                roles = {r.value for r in person.roles} | ({"leader"} if unit.leader_in_charge == person.id else set())
                if person.vendor:
                    roles = set()
                roster[person.id] = (unit.id, frozenset(roles))
        rosters[tree] = roster
    return {base: rosters.get(tree) if tree else None for base, tree in tree_of.items()}


def verify(root: Path, rev: str = "HEAD", ledger: Ledger | None = None) -> Verification:
    result = Verification()
    ledger = ledger if ledger is not None else read_ledger(root)
    if not ledger.exists:
        result.findings.append(NO_LEDGER(LEDGER_PATH, ledger=LEDGER_PATH))
        return result
    result.entries = len(ledger.entries)
    for problem in ledger.problems:
        result.findings.append(TAMPERED(LEDGER_PATH, line=problem.line, column=1, line_no=problem.line, detail=problem.message))
    result.findings += _append_only(root, rev)
    genesis = ledger.genesis
    history = read_history(root, RECORDS, rev=rev, with_front_matter="lazy")
    if not history.available:
        result.findings.append(SIGNOFF_MISSING("", sha="?", subject="", paths=history.reason or "无法读取 git 历史"))
        return result
    since = str(genesis.data.get("since", "")) if genesis is not None else ""
    in_scope: set[str] | None = None  # None: every commit (no genesis)
    if since:
        try:
            listed = _git(root, ["rev-list", f"{since}..{rev}", "--"]).decode().split()
        except GitError as exc:
            result.findings.append(TAMPERED(LEDGER_PATH, line=genesis.line if genesis else 1, column=1, line_no=genesis.line if genesis else 1, detail=f"起始提交 since 无法读取：{exc}"))
            return result
        in_scope = set(listed)
    by_commit: dict[str, list[FileChange]] = {}
    for change in history.changes:
        if in_scope is None or change.commit.sha in in_scope:
            by_commit.setdefault(change.commit.sha, []).append(change)
    entries = ledger.by_merge()
    todo: list[tuple[Entry, list[FileChange]]] = []
    for sha, changes in by_commit.items():
        result.commits_checked += 1
        entry = entries.get(sha)
        if entry is None:
            shown = "、".join(c.path for c in changes[:3]) + (f" 等 {len(changes)} 个文件" if len(changes) > 3 else "")
            result.findings.append(SIGNOFF_MISSING(changes[0].path, sha=sha[:10], subject=changes[0].commit.subject[:60], paths=shown))
        else:
            todo.append((entry, changes))
    history.load_front_matter([c for _, changes in todo for c in changes if c.path.endswith(".md") and c.status != "D"])
    try:
        rosters = _rosters(root, sorted({str(e.data.get("base", "")) for e, _ in todo if e.data.get("base")}))
    except GitError as exc:
        result.findings.append(SIGNOFF_MISSING("", sha="?", subject="", paths=f"无法读取名册：{exc}"))
        rosters = {}
    for entry, changes in todo:
        result.findings += _check_entry(entry, changes, history.front_matter_at, rosters.get(str(entry.data.get("base", ""))))
    return result


def _append_only(root: Path, rev: str) -> list[Finding]:
    """Every committed version of the ledger starts with the previous one (two git processes).

    The hash chain shows an edit inside one version; this shows a chain rewritten from an edited
    entry onwards (all hashes recomputed): the older committed version is no longer a prefix.
    """
    history = read_history(root, (LEDGER_PATH,), rev=rev)
    if not history.available:
        return []
    revisions = [c for c in history.changes_for(LEDGER_PATH) if c.blob]
    if len(revisions) < 2:
        return []
    blobs = _read_objects(root, [c.blob or "" for c in revisions])
    out: list[Finding] = []
    for before, after in itertools.pairwise(revisions):
        old, new = blobs.get(before.blob or "", b""), blobs.get(after.blob or "", b"")
        if not new.startswith(old):
            common = 0
            for a, b in zip(old.split(b"\n"), new.split(b"\n"), strict=False):
                if a != b:
                    break
                common += 1
            detail = f"提交 {after.commit.sha[:10]}（{after.commit.subject[:40]}）没有只在末尾追加，而是改动了此前已提交的内容"
            out.append(TAMPERED(LEDGER_PATH, line=common + 1, column=1, line_no=common + 1, detail=detail))
    return out


def _read_objects(root: Path, oids: list[str]) -> dict[str, bytes]:
    """Blob contents by object id, one ``git cat-file --batch``."""
    wanted = list(dict.fromkeys(o for o in oids if o))
    out = _git(root, ["cat-file", "--batch"], stdin="".join(f"{o}\n" for o in wanted).encode())
    return {oid: content for oid, (_, content) in zip(wanted, cat_file_answers(out), strict=False) if content is not None}


def _check_entry(entry: Entry, changes: list[FileChange], front_matter: Any, roster: Roster | None) -> list[Finding]:
    out: list[Finding] = []
    pr = entry.data.get("pr")
    sha = entry.merge[:10]
    base = str(entry.data.get("base", ""))[:10]
    signoffs = entry.signoffs
    if entry.data.get("complete") is not True:
        codes = "、".join(entry.data.get("findings") or []) or "未说明"
        out.append(SIGNOFF_INCOMPLETE(LEDGER_PATH, line=entry.line, column=1, pr=pr, sha=sha, detail=f"合并时三审签核检查未通过（{codes}）"))
    units: set[str] = set()
    released: list[tuple[str, dt.datetime]] = []
    for change in changes:
        top, _, rest = change.path.partition("/")
        if top == "accounts" and "/" in rest:
            units.add(rest.split("/", 1)[0])
        if change.path.endswith(".md") and change.status != "D":
            fm: Mapping[str, Any] | None = front_matter(change)
            if fm is not None and isinstance(fm.get("unit"), str):
                units.add(fm["unit"])
            published = _time(fm.get("published_at")) if fm is not None else None
            if published is not None:
                released.append((change.path, published))
    for unit in sorted(units):
        chain = sorted((s for s in signoffs if s.chain == unit and s.step in _ORDER), key=lambda s: _ORDER[s.step])
        steps = [s.step for s in chain]
        if steps != ["handler", "section-head", "leader"]:
            out.append(SIGNOFF_INCOMPLETE(LEDGER_PATH, line=entry.line, column=1, pr=pr, sha=sha, detail=f"{unit} 的三审记录不全（有：{'、'.join(steps) or '无'}）"))
            continue
        if len({s.person for s in chain}) != 3:
            out.append(SIGNOFF_INCOMPLETE(LEDGER_PATH, line=entry.line, column=1, pr=pr, sha=sha, detail=f"{unit} 的三审不是由三个不同的人完成"))
        times = [s.at for s in chain]
        if any(a is not None and (b is None or b <= a) for a, b in itertools.pairwise(times)):
            actual = " → ".join(f"{s.step} {s.person}（{_fmt(s.at)}）" for s in chain)
            out.append(SIGNOFF_INCOMPLETE(LEDGER_PATH, line=entry.line, column=1, pr=pr, sha=sha, detail=f"{unit} 的三审顺序不对：{actual}"))
    for signoff in signoffs:
        out += _check_signoff(entry, signoff, released, roster, pr, base)
    return out


def _check_signoff(entry: Entry, s: Signoff, released: list[tuple[str, dt.datetime]], roster: Roster | None, pr: Any, base: str) -> list[Finding]:
    out: list[Finding] = []
    who = f"{s.person}（@{s.login}）"
    for path, published in released:
        if s.at is not None and s.at > published:
            out.append(SIGNOFF_AFTER_RELEASE(path, pr=pr, who=who, step=s.step, at=_fmt(s.at), item=path, published=_fmt(published)))
    if roster is None:
        out.append(SIGNOFF_ROLE(LEDGER_PATH, line=entry.line, column=1, pr=pr, who=who, base=base, detail="无法读取（基准提交不在仓库中）"))
        return out
    hit = roster.get(s.person)
    if hit is None:
        out.append(SIGNOFF_ROLE(LEDGER_PATH, line=entry.line, column=1, pr=pr, who=who, base=base, detail="不存在"))
    elif s.role not in hit[1]:
        out.append(SIGNOFF_ROLE(LEDGER_PATH, line=entry.line, column=1, pr=pr, who=who, base=base, detail=f"没有 {s.role} 角色"))
    elif s.step in _ORDER and hit[0] != s.chain:
        out.append(SIGNOFF_ROLE(LEDGER_PATH, line=entry.line, column=1, pr=pr, who=who, base=base, detail=f"属于 {hit[0]}，不是 {s.chain} 的人员"))
    return out
