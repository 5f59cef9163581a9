"""The sign-off gate as a pure function: changes, author, reviews and two repository snapshots in, a verdict out.

第十二条 requires 三审 — the handler's initial review, the section head's second
review, the leader in charge's final review — in that order, by three people;
sensitive information also needs the relevant Party/government department's
review, major emergencies the responsible leader's approval.  第十三条 requires
checking, before release, that everyone responsible has signed the 审查表.
In this repository the pull request is where those sign-offs happen:

* every changed record (account, site, content item) belongs to one or more units
  (its owner at head and at base; a record moved between units needs both);
* for each unit, from people in that unit's roster **at the base commit** (matched by
  ``login``): the handler (the PR author when a handler, or an approving handler), then a
  section head, then the leader in charge — three different people, strictly in that order
  by ``submitted_at``, each approval on the PR's current head commit, none from vendor
  staff (第九条), none from the author except the handler step;
* a ``CHANGES_REQUESTED`` from a person who could fill a required step blocks until that
  person approves again;
* for content, the people named in the item's ``review`` block must be the people who
  approved; sensitive items need an ``escalation-reviewer``'s approval, emergencies an
  ``emergency-approver``'s;
* anything that is not a unit's record (``units/``, ``schemas/``, ``config/``, ``.github/``,
  the tool itself, docs …) needs a ``supervisor`` of the supervising office.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any, Literal

from ..clock import CHINA
from ..findings import Finding, Severity, sort_key
from ..models import Account, ContentItem, Escalation, Person, Role, Site, Unit
from ..repository import Repository
from ..topics import TopicMatcher
from . import codes as R
from .gitio import Change, CommitAuthor
from .prereview import default_topics, pre_review_chain, topics_of
from .reviews import ForgeReview

StepKey = Literal["handler", "section-head", "leader", "supervisor", "escalation", "emergency", "pre-review"]
ChainKind = Literal["unit", "supervisor", "escalation", "emergency", "pre-review"]
StepStatus = Literal["done", "missing", "order", "same-person", "waiting"]

STEP_LABELS: dict[str, tuple[str, str]] = {
    "handler": ("初审", "承办人"),
    "section-head": ("复审", "承办科室负责人"),
    "leader": ("终审", "分管领导"),
    "supervisor": ("变更审核", "政务公开办审核人"),
    "escalation": ("有关部门审核", "党委、政府有关业务部门审核人"),
    "emergency": ("突发事件审批", "党委、政府分管负责同志"),
    "pre-review": ("前置审核", "铸牢中华民族共同体意识主线前置审核人"),
}
UNIT_STEPS: tuple[StepKey, ...] = ("handler", "section-head", "leader")
_STEP_ROLE: dict[str, Role] = {
    "handler": Role.handler,
    "section-head": Role.section_head,
    "leader": Role.leader,
    "supervisor": Role.supervisor,
    "escalation": Role.escalation_reviewer,
    "emergency": Role.emergency_approver,
    "pre-review": Role.pre_reviewer,
}
_MISSING_RULE = {
    "handler": R.HANDLER_MISSING,
    "section-head": R.SECTION_HEAD_MISSING,
    "leader": R.LEADER_MISSING,
}
_BLOCK_FIELDS: tuple[tuple[str, StepKey], ...] = (("initial", "handler"), ("second", "section-head"), ("final", "leader"))


# ---------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Signer:
    """A sign-off that counts: who, as which roster person, and when (``None``: the author's own, by opening the PR)."""

    login: str
    person_id: str
    name: str
    unit_id: str
    at: datetime | None
    review_index: int | None = None

    @property
    def by_author(self) -> bool:
        return self.at is None

    @property
    def key(self) -> str:
        return self.login.casefold()

    def order_key(self) -> tuple[float, int]:
        if self.at is None:
            return (float("-inf"), -1)
        return (self.at.timestamp(), self.review_index if self.review_index is not None else 0)

    def to_json(self) -> dict[str, Any]:
        return {
            "login": self.login,
            "person": self.person_id,
            "name": self.name,
            "unit": self.unit_id,
            "at": self.at.isoformat() if self.at else None,
            "by_author": self.by_author,
        }


@dataclass(slots=True)
class Step:
    key: StepKey
    status: StepStatus = "missing"
    signer: Signer | None = None
    candidates: list[Signer] = field(default_factory=list)

    @property
    def label(self) -> str:
        return STEP_LABELS[self.key][0]

    @property
    def role_label(self) -> str:
        return STEP_LABELS[self.key][1]

    @property
    def done(self) -> bool:
        return self.status == "done"

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.key,
            "label": self.label,
            "role": self.role_label,
            "status": self.status,
            "signer": self.signer.to_json() if self.signer else None,
            "candidates": [c.to_json() for c in self.candidates],
        }


@dataclass(slots=True)
class Chain:
    """One required chain of sign-offs: a unit's 三审, the supervising office, an escalation."""

    kind: ChainKind
    subject: str  # unit id, or the content item's path for escalation/emergency
    title: str
    paths: list[str]
    steps: list[Step]
    blocked_by: list[ForgeReview] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return all(s.done for s in self.steps) and not self.blocked_by and not any(p.severity is Severity.error for p in self.problems)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "title": self.title,
            "complete": self.complete,
            "paths": self.paths,
            "steps": [s.to_json() for s in self.steps],
            "blocked_by": [r.login for r in self.blocked_by],
            "problems": [p.code for p in self.problems],
        }


@dataclass(slots=True)
class GateResult:
    author: str
    head_sha: str
    changes: list[Change]
    chains: list[Chain]
    findings: list[Finding]

    @property
    def complete(self) -> bool:
        """True only when every chain is complete and nothing blocks (exit status 0)."""
        return all(c.complete for c in self.chains) and not any(f.severity is Severity.error for f in self.findings)

    def to_json(self) -> dict[str, Any]:
        return {
            "complete": self.complete,
            "author": self.author,
            "head": self.head_sha,
            "changes": [c.to_json() for c in self.changes],
            "chains": [c.to_json() for c in self.chains],
            "findings": [f.to_json() for f in self.findings],
        }


# ---------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class Member:
    unit: Unit
    person: Person

    def has(self, step: str) -> bool:
        role = _STEP_ROLE[step]
        if role in self.person.roles:
            return True
        return step == "leader" and self.unit.leader_in_charge == self.person.id


@dataclass(slots=True)
class _LoginState:
    """Where one reviewer stands at the end of the review list."""

    login: str
    approved: ForgeReview | None = None  # the latest review, when it is an approval of the head commit
    blocking: ForgeReview | None = None  # a change request not followed by an approval
    stale: ForgeReview | None = None  # the latest approval on an older commit
    approvals: int = 0


def _login_states(reviews: Sequence[ForgeReview], head_sha: str) -> dict[str, _LoginState]:
    head = head_sha.lower()
    states: dict[str, _LoginState] = {}
    for review in sorted(reviews, key=ForgeReview.sort_key):
        if review.dismissed or review.state not in ("approved", "changes_requested"):
            continue  # comments, pending reviews, review requests and dismissed reviews do not count either way
        state = states.setdefault(review.key, _LoginState(review.login))
        if review.state == "changes_requested":
            state.blocking, state.approved = review, None
            continue
        state.approvals += 1
        state.blocking = None
        # each reviewer's *latest* state counts, as on the forges: approving again after the
        # previous step moves that reviewer's sign-off to the later time
        if review.commit_id == head and not review.stale:
            state.approved = review
        else:
            state.approved, state.stale = None, review
    return states


def _owners(path: str, repo: Repository) -> tuple[set[str], str | None]:
    """Units owning the file at ``path`` in ``repo`` (a snapshot), or a reason why unknown."""
    entry = repo.entries.get(path)
    record = entry.record if entry is not None else None
    if isinstance(record, Account | Site):
        return {record.owner}, None
    if isinstance(record, ContentItem):
        return {record.unit}, None
    top, _, rest = path.partition("/")
    if top == "accounts" and "/" in rest:
        return {rest.split("/", 1)[0]}, None  # the folder is the owner (accounts/<unit>/<id>.yaml)
    if top == "content" and not path.endswith(".md"):
        folder = PurePosixPath(path).parent
        units = {item.unit for p, item in repo.content.items() if PurePosixPath(p).parent == folder}
        return units, None  # an attachment: the units of the items beside it (none: the office)
    if entry is not None:
        return set(), "（文件格式有误）"
    return set(), None


def _is_person(email: str, person: Person) -> bool:
    """Is ``email`` (a commit's author) this roster person's: the roster e-mail or the forge's no-reply address of the login."""
    address = email.strip().casefold()
    if not address:
        return False
    if person.email and address == person.email.strip().casefold():
        return True
    login = (person.login or "").casefold()
    if not login:
        return False
    local, _, domain = address.partition("@")
    if domain == "users.noreply.github.com":
        return local == login or local.endswith("+" + login)  # GitHub: login@… or 12345+login@…
    return local == login and domain.startswith("noreply.")  # Gitea/Forgejo: login@noreply.<host>


def _is_record(path: str) -> bool:
    return path.split("/", 1)[0] in ("accounts", "sites", "content")


def _fmt_time(at: datetime | None) -> str:
    return "提交 PR 时" if at is None else at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _who(member: Member | None, login: str) -> str:
    return f"{member.person.name}（@{login}）" if member else f"@{login}"


def _few(paths: Sequence[str], n: int = 3) -> str:
    shown = "、".join(paths[:n])
    return shown + (f" 等 {len(paths)} 个文件" if len(paths) > n else "")


# ---------------------------------------------------------------------------- evaluation


def evaluate(
    changes: Sequence[Change],
    author: str,
    reviews: Sequence[ForgeReview],
    head_sha: str,
    repo_at_head: Repository,
    repo_at_base: Repository,
    commits: Sequence[CommitAuthor] | None = None,
    topics: TopicMatcher | None = None,
) -> GateResult:
    """Judge one pull request.  Pure: no git, no network, no printing.

    ``commits`` are the PR's commits (``base..head``) with their author e-mail: when any was
    not made by the PR author, the author's own initial review (by opening the PR) no longer
    covers the final text and the handler must approve the head commit.  ``None``: not known.
    ``topics``: the pre-review topic list (default: the base's, see :mod:`.prereview`).
    """
    evaluation = _Evaluation(list(changes), author, list(reviews), head_sha, repo_at_head, repo_at_base, commits)
    evaluation.topics = topics if topics is not None else topics_of(repo_at_base)
    return evaluation.run()


class _Evaluation:
    def __init__(
        self,
        changes: list[Change],
        author: str,
        reviews: list[ForgeReview],
        head_sha: str,
        head: Repository,
        base: Repository,
        commits: Sequence[CommitAuthor] | None = None,
    ) -> None:
        self.commits = commits
        self.changes = changes
        self.author = author
        self.author_key = author.casefold()
        self.head_sha = head_sha.lower()
        self.head = head
        self.base = base
        self.office = base.config.supervising_office
        self.findings: list[Finding] = []
        self.states = _login_states(reviews, head_sha)
        self.roster: dict[str, list[Member]] = {}
        for unit in base.units.values():
            for person in unit.people:
                if person.login:
                    self.roster.setdefault(person.login.casefold(), []).append(Member(unit, person))
        self.chains: list[Chain] = []
        self.relevant: set[str] = set()  # logins that could fill a required step (whether or not they approved)
        self.topics: TopicMatcher | None = None  # the pre-review topic list (set by :func:`evaluate`)

    # -- requirements ------------------------------------------------------

    def run(self) -> GateResult:
        unit_paths: dict[str, list[str]] = {}
        supervised: list[str] = []
        for change in self.changes:
            owners: set[str] = set()
            if _is_record(change.path) or (change.old_path and _is_record(change.old_path)):
                if change.status != "D":
                    found, problem = _owners(change.path, self.head)
                    owners |= found
                    if problem and not found:
                        self.findings.append(R.OWNER_UNKNOWN(change.path, detail=problem))
                if change.status != "A":
                    found, _ = _owners(change.old_path or change.path, self.base)
                    owners |= found
            if owners:
                for unit_id in sorted(owners):
                    unit_paths.setdefault(unit_id, []).append(change.path)
            elif not any(f.path == change.path for f in self.findings):
                supervised.append(change.path)

        for unit_id, paths in unit_paths.items():
            self.chains.append(self._unit_chain(unit_id, paths))
        if supervised:
            self.chains.append(self._supervisor_chain(supervised))
        for change in self.changes:
            item = self.head.content.get(change.path) if change.status != "D" else None
            if item is None:
                continue
            if item.sensitive:
                self.chains.append(self._special_chain("escalation", change.path, item, item.escalation, "escalation"))
            if item.emergency:
                self.chains.append(self._special_chain("emergency", change.path, item, item.emergency_approval, "emergency_approval"))
            pre_review = pre_review_chain(self, change.path, item, self.topics or default_topics())
            if pre_review is not None:
                self.chains.append(pre_review)
            self._check_review_block(change.path, item)
            self._check_release_time(change.path, item)
        self._blocks()
        self._explain_ignored()
        findings = [self.head.locate(f) if f.path in self.head.entries else f for f in self.findings]
        findings.sort(key=lambda f: (f.severity is not Severity.error, *sort_key(f)))
        return GateResult(self.author, self.head_sha, self.changes, self.chains, findings)

    # -- candidates --------------------------------------------------------

    def _members(self, login_key: str) -> list[Member]:
        return self.roster.get(login_key, [])

    def _candidates(self, step: StepKey, accept: Any) -> list[Signer]:
        """Counted approvals on head for ``step`` from members accepted by ``accept(member)``, oldest first."""
        out: list[Signer] = []
        for key, members in self.roster.items():
            if key == self.author_key and step != "handler":
                continue  # the author may sign only the initial review (by opening the PR, or by approving its head)
            eligible = [m for m in members if not m.person.vendor and m.has(step) and accept(m)]
            if not eligible:
                continue
            self.relevant.add(key)
            state = self.states.get(key)
            if state is None or state.approved is None or state.approved.submitted_at is None:
                continue
            m = eligible[0]
            out.append(Signer(state.login, m.person.id, m.person.name, m.unit.id, state.approved.submitted_at, state.approved.index))
        out.sort(key=Signer.order_key)
        return out

    def _author_as_handler(self, unit_id: str) -> Signer | None:
        for m in self._members(self.author_key):
            if m.unit.id == unit_id and m.has("handler"):
                if m.person.vendor:
                    self.findings.append(R.VENDOR("", who=_who(m, self.author), what="作为 PR 作者的初审"))
                    continue
                foreign = self._foreign_commits(m.person)
                if foreign:
                    shown = "、".join(c.sha[:8] for c in foreign[:3]) + (f" 等 {len(foreign)} 个" if len(foreign) > 3 else "")
                    self.findings.append(R.HANDLER_NOT_FINAL("", commits=shown, who=_who(m, self.author)))
                    return None
                return Signer(self.author, m.person.id, m.person.name, unit_id, None)
        return None

    def _foreign_commits(self, person: Person) -> list[CommitAuthor]:
        """The PR's commits not made by ``person`` (the PR author), known by the roster's e-mail or the forge's no-reply address."""
        if self.commits is None:
            return []
        return [c for c in self.commits if not _is_person(c.email, person)]

    # -- chains ------------------------------------------------------------

    def _unit_chain(self, unit_id: str, paths: list[str]) -> Chain:
        unit = self.base.units.get(unit_id)
        title = f"{unit.name}（{unit_id}）" if unit else unit_id
        chain = Chain("unit", unit_id, title, paths, [Step(k) for k in UNIT_STEPS])
        if unit is None:
            chain.problems.append(R.UNIT_UNKNOWN(paths[0], unit=unit_id))
            self.findings.extend(chain.problems)
            return chain
        candidates: list[list[Signer]] = []
        for step in chain.steps:
            found = self._candidates(step.key, lambda m: m.unit.id == unit_id)
            if step.key == "handler":
                own = self._author_as_handler(unit_id)
                if own is not None:
                    found.insert(0, own)
            step.candidates = found
            candidates.append(found)
        self._judge(chain, candidates, title, paths[0])
        return chain

    def _judge(self, chain: Chain, candidates: list[list[Signer]], subject: str, path: str) -> None:
        """Pick three distinct people in order; otherwise say what is missing, out of order or doubled."""
        full = _assign(candidates)
        if full is not None:
            for step, signer in zip(chain.steps, full, strict=True):
                step.status, step.signer = "done", signer
            return
        # the longest prefix that works, for the table
        prefix: list[Signer] = []
        for k in range(len(candidates), 0, -1):
            got = _assign(candidates[:k])
            if got is not None:
                prefix = got
                break
        for step, signer in zip(chain.steps, prefix, strict=False):
            step.status, step.signer = "done", signer
        problem_found = False
        for step, found in zip(chain.steps, candidates, strict=True):
            if not found:
                step.status = "missing"
                chain.problems.append(_MISSING_RULE[step.key](path, unit=subject, detail=self._missing_detail(step.key, chain)))
                problem_found = True
        if not problem_found:
            unordered = _assign(candidates, ordered=False)
            nxt = chain.steps[len(prefix)]
            if unordered is not None:
                nxt.status = "order"
                actual = " → ".join(
                    f"{STEP_LABELS[s.key][0]} {sig.name}（{_fmt_time(sig.at)}）"
                    for s, sig in sorted(zip(chain.steps, unordered, strict=True), key=lambda p: p[1].order_key())
                )
                chain.problems.append(R.ORDER(path, subject=subject, actual=actual))
            else:
                nxt.status = "same-person"
                doubled = _doubled(chain.steps, candidates)
                chain.problems.append(R.SAME_PERSON(path, subject=subject, who=doubled[0], steps=doubled[1]))
        for step in chain.steps:
            if step.status == "missing" and step.candidates and step.signer is None:
                step.status = "waiting"
        self.findings.extend(chain.problems)

    def _missing_detail(self, step: StepKey, chain: Chain) -> str:
        if step == "handler":
            if any(f.code == R.HANDLER_NOT_FINAL.code for f in self.findings):
                return "（PR 中有他人推送的提交，承办人还没有在最新提交上批准）"
            return "（PR 作者不是该单位的承办人，也没有承办人批准）"
        return ""

    def _supervisor_chain(self, paths: list[str]) -> Chain:
        office = self.base.units.get(self.office)
        title = f"政务公开办：{office.name}（{self.office}）" if office else f"政务公开办（{self.office}）"
        step = Step("supervisor")
        chain = Chain("supervisor", self.office, title, paths, [step])
        step.candidates = self._candidates("supervisor", lambda m: m.unit.id == self.office)
        if step.candidates:
            step.status, step.signer = "done", step.candidates[0]
        else:
            detail = "" if office else f"（基准提交中没有单位 {self.office}，请检查 config/govreg.yaml 的 supervising_office）"
            chain.problems.append(R.SUPERVISOR_MISSING(paths[0], what=_few(paths), office=title, detail=detail))
            self.findings.extend(chain.problems)
        return chain

    def _special_chain(self, kind: Literal["escalation", "emergency"], path: str, item: ContentItem, block: Escalation | None, block_field: str) -> Chain:
        step = Step(kind)
        chain = Chain(kind, path, f"{STEP_LABELS[kind][0]}:{item.title}", [path], [step])
        step.candidates = self._candidates(kind, lambda m: True)
        named = block.by if block is not None else None
        chosen = next((c for c in step.candidates if c.person_id == named), None) or (step.candidates[0] if step.candidates else None)
        if chosen is not None:
            step.status, step.signer = "done", chosen
        else:
            rule = R.ESCALATION_MISSING if kind == "escalation" else R.EMERGENCY_MISSING
            detail = f"（审查表 {block_field} 填写的是「{named}」）" if named else ""
            chain.problems.append(rule(path, loc=(block_field,) if named else ("sensitive" if kind == "escalation" else "emergency",), detail=detail))
        if block is not None and chosen is not None and chosen.person_id == named:
            self._check_typed_time(path, (block_field, "at"), f"{block_field}.at", block.at, chosen)
        if named is not None and chosen is not None and chosen.person_id != named:
            chain.problems.append(
                R.REVIEW_BLOCK_MISMATCH(path, loc=(block_field, "by"), field=f"{block_field}.by", detail=f"填写的「{named}」{self._why_not(named, kind, None)}")
            )
        elif named is None and chosen is not None and item.published_at is not None:
            chain.problems.append(
                R.REVIEW_BLOCK_MISMATCH(path, loc=(block_field,), field=block_field, detail=f"未填写；本 PR 中由 {chosen.name}（@{chosen.login}）批准")
            )
        self.findings.extend(chain.problems)
        return chain

    # -- the review block --------------------------------------------------

    def _check_review_block(self, path: str, item: ContentItem) -> None:
        chain = next((c for c in self.chains if c.kind == "unit" and c.subject == item.unit), None)
        if chain is None or item.unit not in self.base.units:
            return
        named: list[tuple[StepKey, Signer]] = []
        for field_name, step_key in _BLOCK_FIELDS:
            entry = getattr(item.review, field_name)
            step = next(s for s in chain.steps if s.key == step_key)
            label = f"review.{field_name}（{STEP_LABELS[step_key][0]}）"
            if entry is None:
                if item.published_at is not None:
                    done_by = f"；本 PR 中由 {step.signer.name}（@{step.signer.login}）完成" if step.signer else ""
                    self.findings.append(R.REVIEW_BLOCK_MISMATCH(path, loc=("review",), field=label, detail=f"未填写{done_by}"))
                continue
            match = next((c for c in step.candidates if c.person_id == entry.by), None)
            if match is None:
                self.findings.append(
                    R.REVIEW_BLOCK_MISMATCH(path, loc=("review", field_name, "by"), field=label, detail=f"填写的「{entry.by}」{self._why_not(entry.by, step_key, item.unit)}")
                )
            else:
                named.append((step_key, match))
                self._check_typed_time(path, ("review", field_name, "at"), f"{label}.at", entry.at, match)
        if len(named) < 2 or any(p.code in (R.ORDER.code, R.SAME_PERSON.code) for p in chain.problems):
            return  # the chain's own finding already says it
        seen: dict[str, StepKey] = {}
        for step_key, signer in named:
            if signer.key in seen:
                steps = f"{STEP_LABELS[seen[signer.key]][0]}和{STEP_LABELS[step_key][0]}"
                self.findings.append(R.SAME_PERSON(path, loc=("review",), subject="审查表（review）", who=_who(None, signer.login), steps=steps))
                return
            seen[signer.key] = step_key
        ordered = sorted(named, key=lambda p: p[1].order_key())
        if [k for k, _ in ordered] != [k for k, _ in named]:
            actual = " → ".join(f"{STEP_LABELS[k][0]} {s.name}（{_fmt_time(s.at)}）" for k, s in ordered)
            self.findings.append(R.ORDER(path, loc=("review",), subject="审查表（review）所填人员", actual=actual))

    def _check_typed_time(self, path: str, loc: tuple[str, ...], label: str, typed: datetime | None, signer: Signer) -> None:
        """A time typed into the 审查表 must be the forge's record of that approval (one record of one signature)."""
        if typed is None or signer.at is None or abs((typed - signer.at).total_seconds()) < 60:
            return
        detail = f"填写的时间 {_fmt_time(typed)} 与代码托管平台记录的批准时间 {_fmt_time(signer.at)} 不符（审核时间以平台记录为准，不必手填，请删去 at）"
        self.findings.append(R.REVIEW_BLOCK_MISMATCH(path, loc=loc, field=label, detail=detail))

    def _check_release_time(self, path: str, item: ContentItem) -> None:
        """第十二条、第十三条: every sign-off this PR counts for the item comes before its ``published_at``."""
        if item.published_at is None:
            return
        for chain in self.chains:
            if path not in chain.paths or chain.kind == "supervisor":
                continue
            for step in chain.steps:
                signer = step.signer
                if signer is None or signer.at is None or signer.at <= item.published_at:
                    continue
                self.findings.append(
                    R.APPROVED_AFTER_RELEASE(
                        path, loc=("published_at",), who=f"{signer.name}（@{signer.login}）", step=step.label,
                        at=_fmt_time(signer.at), published=_fmt_time(item.published_at),
                    )
                )

    def _why_not(self, person_id: str, step: StepKey, unit_id: str | None) -> str:
        hit = self.base.people.get(person_id)
        if hit is None:
            return "不在基准提交的名册中"
        unit, person = hit
        member = Member(unit, person)
        if unit_id is not None and unit.id != unit_id:
            return f"属于 {unit.name}，不是本条信息所属单位的人员"
        if person.vendor:
            return "是第三方运维机构人员，不能审核（第九条）"
        if not member.has(step):
            return f"没有 {STEP_LABELS[step][1]}（{_STEP_ROLE[step].value}）角色"
        if not person.login:
            return "在名册中没有登记 login，无法核对其批准"
        key = person.login.casefold()
        if key == self.author_key:
            return "是 PR 作者，不能审核自己的 PR" if step != "handler" else "是 PR 作者"
        state = self.states.get(key)
        if state is None or state.approvals == 0:
            return f"（@{person.login}）没有在本 PR 中批准"
        if state.blocking is not None:
            return f"（@{person.login}）要求修改后没有重新批准"
        if state.approved is None:
            return f"（@{person.login}）的批准针对旧提交，已过期"
        return f"（@{person.login}）的批准不符合顺序要求"

    # -- blocks and ignored approvals ---------------------------------------

    def _blocks(self) -> None:
        for key, state in self.states.items():
            review = state.blocking
            if review is None or key == self.author_key or key not in self.relevant:
                continue
            members = self._members(key)
            for chain in self.chains:
                if any(self._could_fill(m, chain) for m in members):
                    chain.blocked_by.append(review)
                    at = _fmt_time(review.submitted_at)
                    finding = R.CHANGES_REQUESTED(chain.paths[0], who=_who(members[0] if members else None, review.login), at=at)
                    chain.problems.append(finding)
                    self.findings.append(finding)

    def _could_fill(self, member: Member, chain: Chain) -> bool:
        if member.person.vendor:
            return False
        if chain.kind == "unit":
            return member.unit.id == chain.subject and any(member.has(s) for s in UNIT_STEPS)
        if chain.kind == "supervisor":
            return member.unit.id == self.office and member.has("supervisor")
        return member.has(chain.kind)

    def _explain_ignored(self) -> None:
        """Say why each approval that counts for nothing was ignored."""
        counted = {s.signer.key for c in self.chains for s in c.steps if s.signer is not None}
        candidates = {c.key for ch in self.chains for s in ch.steps for c in s.candidates}
        needed = "、".join(c.title for c in self.chains if c.kind == "unit") or "政务公开办审核"
        for key, state in self.states.items():
            members = self._members(key)
            if state.approvals and key == self.author_key and key not in counted:
                self.findings.append(R.SELF_APPROVAL("", who=_who(members[0] if members else None, state.login)))
                continue
            if state.approvals == 0 or key in counted:
                continue
            if not members:
                self.findings.append(R.UNKNOWN_REVIEWER("", who=f"@{state.login}"))
            elif all(m.person.vendor for m in members):
                self.findings.append(R.VENDOR("", who=_who(members[0], state.login), what="其批准"))
            elif key in self.relevant:
                if state.approved is None and state.stale is not None and state.blocking is None:
                    commit = (state.stale.commit_id or "?")[:8]
                    self.findings.append(R.STALE_APPROVAL("", who=_who(members[0], state.login), commit=commit, head=self.head_sha[:8]))
                # otherwise: a valid approval not needed (or out of order), already explained by the chain
            elif key not in candidates:
                chain_units = {c.subject for c in self.chains if c.kind == "unit"}
                same_unit = [m for m in members if m.unit.id in chain_units]
                if same_unit:
                    m = same_unit[0]
                    self.findings.append(R.NO_ROLE("", who=_who(m, state.login), unit=m.unit.name, needed="承办人、科室负责人或分管领导"))
                else:
                    m = members[0]
                    self.findings.append(R.WRONG_UNIT("", who=_who(m, state.login), unit=m.unit.name, needed=needed))


# ---------------------------------------------------------------------------- assignment


def _assign(candidates: Sequence[Sequence[Signer]], *, ordered: bool = True) -> list[Signer] | None:
    """One signer per step: different people, and (when ``ordered``) strictly later step by step.

    Candidates are few (a unit's roster), so a depth-first search over them in
    time order finds the earliest valid chain.
    """

    def search(i: int, chosen: list[Signer]) -> list[Signer] | None:
        if i == len(candidates):
            return chosen
        for c in candidates[i]:
            if any(c.key == x.key for x in chosen):
                continue
            if ordered and chosen and not chosen[-1].order_key() < c.order_key():
                continue
            found = search(i + 1, [*chosen, c])
            if found is not None:
                return found
        return None

    return search(0, [])


def _doubled(steps: Iterable[Step], candidates: Sequence[Sequence[Signer]]) -> tuple[str, str]:
    """Who is the only candidate for more than one step, and which steps."""
    by_login: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for step, found in zip(steps, candidates, strict=True):
        for c in found:
            by_login.setdefault(c.key, []).append(step.label)
            names[c.key] = f"{c.name}（@{c.login}）"
    for key, labels in by_login.items():
        if len(labels) > 1:
            return names[key], "和".join(dict.fromkeys(labels))
    return "同一人", "多个步骤"

