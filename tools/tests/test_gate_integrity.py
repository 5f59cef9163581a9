"""Issue 11: the holes in the sign-off gate, each with recorded GitHub and Gitea payloads.

Every test here failed on the gate before the fix (earliest approval kept, approvals after
``published_at`` accepted, the PR author's initial review covering commits pushed by others,
hand-typed review times never compared with the forge's, role ids in hints).
"""

from __future__ import annotations

import os
import subprocess

import pytest
from gate_fixture import GatePR, content
from test_gate import AUTHOR, EDU_ITEM, codes, gate, steps

from govreg.gate.rules import CATALOGUE

from conftest import GIT_ENV, GitRepo


@pytest.fixture
def pr(git_repo: GitRepo) -> GatePR:
    return GatePR(git_repo).open({EDU_ITEM: content("edu", "edu-wechat")})


# ---------------------------------------------------------------- hole 3: re-approval counts


@pytest.mark.parametrize("payload", ["github_reapproved.json", "gitea_reapproved.json"])
def test_leader_who_approves_again_after_the_section_head_passes(pr: GatePR, payload: str) -> None:
    code, result = gate(pr, payload)
    assert code == 0, result["findings"]
    assert steps(result, "edu")["leader"] == ("done", "wang-leader")
    leader = result["chains"][0]["steps"][2]["signer"]
    assert leader["at"].startswith("2026-11-20T02:10") or leader["at"].startswith("2026-11-20T10:10")


def test_gate_hints_use_plain_words_not_role_ids() -> None:
    role_ids = ("section-head", "handler", "leader", "supervisor", "escalation-reviewer", "emergency-approver")
    for rule in CATALOGUE:
        for role in role_ids:
            assert role not in rule.hint, (rule.code, rule.hint)
    order = next(r for r in CATALOGUE if r.code == "gate-order")
    assert "再点击一次" in order.hint


# ---------------------------------------------------------------- hole 2: approvals after release


@pytest.mark.parametrize("payload", ["github_after_release.json", "gitea_after_release.json"])
def test_approvals_after_published_at_are_refused(pr: GatePR, payload: str) -> None:
    code, result = gate(pr, payload)
    assert code == 1
    late = [f for f in result["findings"] if f["code"] == "gate-approved-after-release"]
    assert len(late) == 2 and {f["path"] for f in late} == {EDU_ITEM}
    assert all(f["severity"] == "error" and f["article"] == "第十二条" for f in late)
    assert "2026-11-20 12:15" in " ".join(f["message"] for f in late)


def test_future_release_time_is_fine(git_repo: GitRepo) -> None:
    item = content("edu", "edu-wechat").replace("published_at: 2026-11-20T12:00:00+08:00", "published_at: 2026-12-01T09:00:00+08:00")
    pr = GatePR(git_repo).open({EDU_ITEM: item})
    code, result = gate(pr, "github_after_release.json")
    assert code == 0, result["findings"]


def test_typed_review_time_must_be_the_forges(git_repo: GitRepo) -> None:
    # typed 10:05 / 10:10 (+08:00); the forge recorded the approvals at 12:10 / 12:15
    item = content("edu", "edu-wechat", typed=True).replace("published_at: 2026-11-20T12:00:00+08:00", "published_at: 2026-12-01T09:00:00+08:00")
    pr = GatePR(git_repo).open({EDU_ITEM: item})
    _, result = gate(pr, "github_after_release.json", "--format", "json")
    assert code_of(result) == 1
    mismatched = [f for f in result["findings"] if f["code"] == "gate-review-block-mismatch"]
    assert {("review.second" in f["message"], "review.final" in f["message"]) for f in mismatched} == {(True, False), (False, True)}
    assert all("不符" in f["message"] and f["line"] for f in mismatched)


def test_typed_review_times_that_agree_are_fine(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo).open({EDU_ITEM: content("edu", "edu-wechat", typed=True)})
    code, result = gate(pr, "github_complete.json")  # approvals at 10:05 and 10:10 (+08:00)
    assert code == 0, result["findings"]


def code_of(result: dict[str, object]) -> int:
    return 0 if result["complete"] else 1


# ---------------------------------------------------------------- hole 4: pushed after the handler


def _push_as(pr: GatePR, email: str) -> None:
    """Someone else pushes one more commit onto the PR; it becomes the head."""
    pr.repo.write(EDU_ITEM, content("edu", "edu-wechat", body="科长改过的正文。"))
    pr.repo.git("add", "-A")
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": "2026-11-20T09:50:00+08:00", "GIT_COMMITTER_DATE": "2026-11-20T09:50:00+08:00"}
    subprocess.run(["git", "commit", "-q", "-m", "科长修改"], cwd=pr.repo.root, env=env, check=True)
    pr.head = pr.repo.git("rev-parse", "HEAD").strip()


@pytest.mark.parametrize("forge", ["github", "gitea"])
def test_commit_by_section_head_needs_the_handlers_approval(pr: GatePR, forge: str) -> None:
    _push_as(pr, "li-head@users.noreply.github.com")
    code, result = gate(pr, f"{forge}_complete.json")
    assert code == 1
    assert "gate-handler-missing" in codes(result, "error")
    assert "gate-handler-not-final" in codes(result, "warning")
    missing = next(f for f in result["findings"] if f["code"] == "gate-handler-missing")
    assert "他人推送的提交" in missing["message"]
    # the natural fix: the handler checks the final text and approves it
    code, result = gate(pr, f"{forge}_handler_reapproved.json")
    assert code == 0, result["findings"]
    assert steps(result, "edu")["handler"] == ("done", AUTHOR)


def test_commits_by_the_handler_keep_the_implied_initial_review(pr: GatePR) -> None:
    _push_as(pr, "1002+zhang-handler@users.noreply.github.com")
    code, result = gate(pr, "github_complete.json")
    assert code == 0, result["findings"]
