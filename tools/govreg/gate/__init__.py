"""``govreg gate``: the pull-request sign-off gate (第十二条 三审, 第十三条 审查表, 第九条 no outsourced review).

- :mod:`.core` – :func:`evaluate`, the pure judgement;
- :mod:`.reviews` – GitHub and Gitea/Forgejo review payloads, normalised;
- :mod:`.forge` – fetching a pull request's reviews over HTTPS (urllib);
- :mod:`.gitio` – the changed files and the records at base and head, from git;
- :mod:`.summary` – the Chinese summary table;
- :mod:`.rules` – the catalogue of finding codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .core import Chain, GateResult, Signer, Step, evaluate
from .gitio import Change, CommitAuthor, GitError, changed_files, load_snapshots, pr_commits, resolve
from .reviews import ForgeReview, PullRequest, load_reviews_file, parse_reviews
from .rules import CATALOGUE

__all__ = [
    "CATALOGUE",
    "Chain",
    "Change",
    "CommitAuthor",
    "ForgeReview",
    "GateResult",
    "GateRun",
    "GitError",
    "PullRequest",
    "Signer",
    "Step",
    "evaluate",
    "gate_repository",
    "load_reviews_file",
    "parse_reviews",
]


@dataclass(frozen=True, slots=True)
class GateRun:
    result: GateResult
    base_sha: str
    head_sha: str


def gate_repository(root: Path, base: str, head: str, author: str, reviews: Sequence[ForgeReview]) -> GateRun:
    """Read the PR from git (a handful of git processes) and :func:`evaluate` it.  Raises :class:`GitError`."""
    base_sha, head_sha = resolve(root, base, head)
    changes = changed_files(root, base_sha, head_sha)
    commits = pr_commits(root, base_sha, head_sha)
    repo_at_base, repo_at_head = load_snapshots(root, base_sha, head_sha, changes)
    result = evaluate(changes, author, reviews, head_sha, repo_at_head, repo_at_base, commits)
    return GateRun(result, base_sha, head_sha)
