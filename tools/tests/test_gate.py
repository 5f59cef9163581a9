"""``govreg gate`` end to end: real git repositories, recorded GitHub and Gitea review payloads."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gate_fixture import EDU, GatePR, content

from govreg.gate import gitio

from conftest import GitRepo, run_cli

AUTHOR = "zhang-handler"
EDU_ITEM = "content/edu/notice.md"
HEALTH_ITEM = "content/health/notice.md"


@pytest.fixture
def pr(git_repo: GitRepo) -> GatePR:
    """The usual PR: the handler edits one of the education bureau's items."""
    return GatePR(git_repo).open({EDU_ITEM: content("edu", "edu-wechat")})


def gate(pr: GatePR, payload: str, *extra: str, author: str | None = AUTHOR, tmp: Path | None = None) -> tuple[int, dict[str, Any]]:
    target = (tmp or pr.repo.root.parent) / f"reviews-{payload}"
    pr.write_payload(payload, target)
    args = ["gate", str(pr.repo.root), "--reviews", str(target), "--format", "json", *extra]
    if author is not None:
        args += ["--author", author, "--base", pr.base, "--head", pr.head]
    code, out, err = run_cli(*args)
    assert "Traceback" not in err, err
    assert code in (0, 1), err
    return code, json.loads(out)


def gate_markdown(pr: GatePR, payload: str) -> tuple[int, str]:
    target = pr.repo.root.parent / f"md-{payload}"
    pr.write_payload(payload, target)
    code, out, _ = run_cli("gate", str(pr.repo.root), "--reviews", str(target), "--author", AUTHOR, "--base", pr.base, "--head", pr.head, "--format", "markdown")
    return code, out


def codes(result: dict[str, Any], severity: str | None = None) -> set[str]:
    return {f["code"] for f in result["findings"] if severity is None or f["severity"] == severity}


def steps(result: dict[str, Any], subject: str) -> dict[str, tuple[str, str | None]]:
    chain = next(c for c in result["chains"] if c["subject"] == subject)
    return {s["step"]: (s["status"], s["signer"]["login"] if s["signer"] else None) for s in chain["steps"]}


# ---------------------------------------------------------------- the three reviews


def test_complete_chain_passes(pr: GatePR) -> None:
    code, result = gate(pr, "github_complete.json")
    assert code == 0 and result["complete"]
    assert codes(result) == set()
    assert steps(result, "edu") == {
        "handler": ("done", AUTHOR),
        "section-head": ("done", "li-head"),
        "leader": ("done", "wang-leader"),
    }
    handler = result["chains"][0]["steps"][0]["signer"]
    assert handler["by_author"] and handler["person"] == "edu-handler"


def test_handler_may_approve_when_the_author_is_not_a_handler(pr: GatePR) -> None:
    # the vendor drafts (allowed), a handler signs the initial review by approving first
    code, result = gate(pr, "github_self_approval.json", author="qian-vendor")
    assert steps(result, "edu")["handler"] == ("done", "zhang-handler")
    assert steps(result, "edu")["section-head"] == ("done", "li-head")
    assert code == 0, result["findings"]


def test_author_who_is_no_handler_and_no_handler_approval(pr: GatePR) -> None:
    code, result = gate(pr, "github_complete.json", author="outsider")
    assert code == 1
    assert "gate-handler-missing" in codes(result, "error")


def test_wrong_order_fails(pr: GatePR) -> None:
    code, result = gate(pr, "github_wrong_order.json")
    assert code == 1
    assert "gate-order" in codes(result, "error")
    assert steps(result, "edu")["leader"][0] == "order"
    order = next(f for f in result["findings"] if f["code"] == "gate-order")
    assert order["article"] == "第十二条" and "终审 王局长" in order["message"]


def test_stale_approval_after_new_push(pr: GatePR) -> None:
    code, result = gate(pr, "github_stale.json")
    assert code == 1
    assert {"gate-leader-missing"} <= codes(result, "error")
    assert "gate-stale-approval" in codes(result, "warning")
    # li-head approved again on the new head: that one counts
    assert steps(result, "edu")["section-head"] == ("done", "li-head")


def test_self_approval_does_not_count(pr: GatePR) -> None:
    code, result = gate(pr, "github_self_approval.json", author="li-head")
    assert code == 1
    assert "gate-self-approval" in codes(result, "warning")
    assert "gate-section-head-missing" in codes(result, "error")
    assert steps(result, "edu")["handler"] == ("done", "zhang-handler")


def test_same_person_cannot_take_two_steps(pr: GatePR) -> None:
    code, result = gate(pr, "github_same_person.json")
    assert code == 1
    assert "gate-same-person" in codes(result, "error")
    message = next(f["message"] for f in result["findings"] if f["code"] == "gate-same-person")
    assert "孙主任" in message and "复审和终审" in message


def test_vendor_reviewer_does_not_count(pr: GatePR) -> None:
    code, result = gate(pr, "github_vendor.json")
    assert code == 1
    assert "gate-section-head-missing" in codes(result, "error")
    vendor = next(f for f in result["findings"] if f["code"] == "gate-vendor")
    assert vendor["article"] == "第九条"


def test_reviewer_from_another_unit_does_not_count(pr: GatePR) -> None:
    code, result = gate(pr, "github_other_unit.json")
    assert code == 1
    assert "gate-section-head-missing" in codes(result, "error")
    assert "gate-wrong-unit" in codes(result, "warning")


def test_changes_requested_and_not_withdrawn_blocks(pr: GatePR) -> None:
    code, result = gate(pr, "github_changes_requested.json")
    assert code == 1
    assert "gate-changes-requested" in codes(result, "error")
    assert result["chains"][0]["blocked_by"] == ["wang-leader"]
    # another leader approved: the steps are filled, the block alone fails the chain
    assert all(status == "done" for status, _ in steps(result, "edu").values())
    assert not result["chains"][0]["complete"]


def test_changes_requested_then_approved_passes(pr: GatePR) -> None:
    # the change request was on the older commit; a later approval withdraws it.
    # A change request from another unit's handler does not block this unit's chain.
    code, result = gate(pr, "github_changes_requested_withdrawn.json")
    assert code == 0, result["findings"]
    assert result["chains"][0]["blocked_by"] == []


def test_dismissed_approval_does_not_count(pr: GatePR) -> None:
    code, result = gate(pr, "github_dismissed.json")
    assert code == 1 and "gate-leader-missing" in codes(result)


# ---------------------------------------------------------------- Gitea / Forgejo shapes


def test_gitea_complete_from_envelope(pr: GatePR) -> None:
    # author, base and head come from the recorded pull-request object
    code, result = gate(pr, "gitea_complete.json", author=None)
    assert code == 0, result["findings"]
    assert result["pr"] == 12 and result["author"] == AUTHOR and result["base"] == pr.base


def test_gitea_stale_flag(pr: GatePR) -> None:
    code, result = gate(pr, "gitea_stale.json")
    assert code == 1
    assert "gate-leader-missing" in codes(result) and "gate-stale-approval" in codes(result)


def test_gitea_request_changes_blocks(pr: GatePR) -> None:
    code, result = gate(pr, "gitea_changes_requested.json")
    assert code == 1 and "gate-changes-requested" in codes(result)


def test_gitea_dismissed(pr: GatePR) -> None:
    code, result = gate(pr, "gitea_dismissed.json")
    assert code == 1 and "gate-leader-missing" in codes(result)


# ---------------------------------------------------------------- the review block


def test_review_block_naming_someone_who_never_approved(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo).open({EDU_ITEM: content("edu", "edu-wechat", second="edu-head2")})
    code, result = gate(pr, "github_complete.json")
    assert code == 1
    assert result["chains"][0]["complete"]  # the chain itself is fine …
    mismatch = next(f for f in result["findings"] if f["code"] == "gate-review-block-mismatch")
    assert mismatch["path"] == EDU_ITEM and mismatch["article"] == "第十三条"
    assert "edu-head2" in mismatch["message"] and "没有在本 PR 中批准" in mismatch["message"]
    text = (pr.repo.root / EDU_ITEM).read_text(encoding="utf-8").splitlines()
    assert "by: edu-head2" in text[mismatch["line"] - 1]
    code, md = gate_markdown(pr, "github_complete.json")
    assert code == 1 and "审核链已完成，但还有 1 个错误" in md


def test_review_block_naming_unknown_person(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo).open({EDU_ITEM: content("edu", "edu-wechat", final="nobody")})
    code, result = gate(pr, "github_complete.json")
    assert code == 1
    assert any(f["code"] == "gate-review-block-mismatch" and "不在基准提交的名册中" in f["message"] for f in result["findings"])


def test_sensitive_content_needs_escalation(git_repo: GitRepo) -> None:
    extra = "sensitive: true\nescalation:\n  by: office-esc\n  at: 2026-11-20T10:20:00+08:00\n  opinion: 同意\n"
    pr = GatePR(git_repo).open({EDU_ITEM: content("edu", "edu-wechat", extra=extra)})
    code, result = gate(pr, "github_complete.json")
    assert code == 1 and "gate-escalation-missing" in codes(result, "error")
    code, result = gate(pr, "github_sensitive.json")
    assert code == 0, result["findings"]
    escalation = next(c for c in result["chains"] if c["kind"] == "escalation")
    assert escalation["steps"][0]["signer"]["login"] == "esc-wu"


# ---------------------------------------------------------------- rosters and other files


def test_roster_change_without_supervising_office(git_repo: GitRepo) -> None:
    roster = EDU + "  - id: edu-new\n    name: 新科长\n    roles: [section-head]\n    login: li-head2\n"
    pr = GatePR(git_repo).open({"units/edu.yaml": roster})
    code, result = gate(pr, "github_roster_no_supervisor.json", author=None)
    assert code == 1
    assert "gate-supervisor-missing" in codes(result, "error")
    assert [c["kind"] for c in result["chains"]] == ["supervisor"]
    code, result = gate(pr, "github_roster_supervisor.json", author=None)
    assert code == 0, result["findings"]
    assert result["chains"][0]["steps"][0]["signer"]["login"] == "sup-zhou"


def test_adding_oneself_to_the_roster_does_not_make_one_a_reviewer(git_repo: GitRepo) -> None:
    """The roster is read from the base commit: a PR cannot add its reviewer and be approved by them."""
    roster = EDU + "  - id: edu-mallory\n    name: 马某\n    roles: [section-head]\n    login: mallory\n"
    pr = GatePR(git_repo).open({"units/edu.yaml": roster, EDU_ITEM: content("edu", "edu-wechat", second="edu-mallory")})
    code, result = gate(pr, "github_roster_self_added.json", author=None)
    assert code == 1
    found = codes(result)
    assert {"gate-supervisor-missing", "gate-section-head-missing", "gate-unknown-reviewer", "gate-review-block-mismatch"} <= found


def test_workflow_and_docs_changes_need_the_supervising_office(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo).open({".github/workflows/check.yml": "name: x\n", "docs/guide.md": "# 指南\n"})
    code, result = gate(pr, "github_complete.json")
    assert code == 1
    chain = result["chains"][0]
    assert chain["kind"] == "supervisor" and sorted(chain["paths"]) == [".github/workflows/check.yml", "docs/guide.md"]


def test_multi_unit_pr_needs_each_units_chain(git_repo: GitRepo) -> None:
    health = content("health", "health-wechat", initial="health-handler", second="health-head", final="health-leader")
    pr = GatePR(git_repo).open({EDU_ITEM: content("edu", "edu-wechat"), HEALTH_ITEM: health})
    code, result = gate(pr, "github_multi_unit.json")
    assert code == 0, result["findings"]
    assert [c["subject"] for c in result["chains"]] == ["edu", "health"]
    assert steps(result, "health")["handler"] == ("done", "he-handler")

    code, result = gate(pr, "github_multi_unit_partial.json")
    assert code == 1
    assert next(c for c in result["chains"] if c["subject"] == "edu")["complete"]
    assert steps(result, "health") == {
        "handler": ("missing", None),
        "section-head": ("waiting", None),
        "leader": ("missing", None),
    }
    health_codes = {f["code"] for f in result["findings"] if f["path"] == HEALTH_ITEM}
    assert {"gate-handler-missing", "gate-leader-missing"} <= health_codes


def test_account_moved_to_another_unit_needs_both(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo)
    moved = (git_repo.root / "accounts/edu/edu-wechat.yaml").read_text(encoding="utf-8").replace("owner: edu", "owner: health")
    git_repo.git("checkout", "-q", "-b", "pr")
    git_repo.git("mv", "accounts/edu/edu-wechat.yaml", "accounts/health/edu-wechat.yaml")
    git_repo.write("accounts/health/edu-wechat.yaml", moved)
    pr.old = pr.head = git_repo.commit("移交账号")
    code, result = gate(pr, "github_multi_unit.json")
    assert [c["subject"] for c in result["chains"]] == ["edu", "health"]
    assert result["changes"] == [{"status": "R", "path": "accounts/health/edu-wechat.yaml", "old_path": "accounts/edu/edu-wechat.yaml"}]
    assert code == 0, result["findings"]


def test_deleted_record_is_owned_as_it_was_at_base(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo).open({HEALTH_ITEM: None})
    code, result = gate(pr, "github_complete.json")
    assert code == 1
    assert [c["subject"] for c in result["chains"]] == ["health"]


def test_unknown_unit_in_the_pr(git_repo: GitRepo) -> None:
    item = content("newunit", "edu-wechat")
    pr = GatePR(git_repo).open({"content/new/notice.md": item})
    code, result = gate(pr, "github_complete.json")
    assert code == 1 and "gate-unit-unknown" in codes(result)


def test_unreadable_record_is_a_finding(git_repo: GitRepo) -> None:
    pr = GatePR(git_repo).open({EDU_ITEM: "---\ntitle: [未闭合\n---\n正文\n"})
    code, result = gate(pr, "github_complete.json")
    assert code == 1 and "gate-owner-unknown" in codes(result)


# ---------------------------------------------------------------- output and input handling


def test_step_summary_is_written(pr: GatePR, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# 前面的步骤\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, _ = gate(pr, "github_wrong_order.json")
    assert code == 1
    md = summary.read_text(encoding="utf-8")
    assert md.startswith("# 前面的步骤\n")  # appended, not overwritten
    assert "| 步骤 | 应由 | 审核人 | 批准时间 | 状态 |" in md
    assert "| 复审 | 承办科室负责人 | 李科长（@li-head） | 2026-11-20 10:10 | ✅ 已完成 |" in md
    assert "❌ 顺序不对" in md and "`gate-order`〔第十二条〕" in md


def test_text_and_markdown_formats(pr: GatePR, tmp_path: Path) -> None:
    payload = pr.write_payload("github_complete.json", tmp_path / "r.json")
    base = ["gate", str(pr.repo.root), "--reviews", str(payload), "--author", AUTHOR, "--base", pr.base, "--head", pr.head]
    code, out, _ = run_cli(*base)
    assert code == 0 and "通过：每条审核链都已完成" in out and "李科长（@li-head）" in out
    code, out, _ = run_cli(*base, "--format", "markdown")
    assert code == 0 and out.startswith("## 三审签核检查") and "✅ 通过" in out


def test_invalid_reviews_file_is_a_finding(pr: GatePR, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"state": "APPROVED",,}]', encoding="utf-8")
    code, out, err = run_cli("gate", str(pr.repo.root), "--reviews", str(bad), "--author", AUTHOR, "--base", pr.base, "--head", pr.head, "--format", "json")
    assert code == 1 and "Traceback" not in err
    finding = next(f for f in json.loads(out)["findings"] if f["code"] == "gate-reviews-invalid")
    assert finding["line"] == 1 and finding["column"] is not None


def test_unknown_review_state_is_a_finding(pr: GatePR, tmp_path: Path) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps([{"user": {"login": "li-head"}, "state": "LGTM", "submitted_at": "2026-11-20T02:00:00Z", "commit_id": pr.head}]), encoding="utf-8")
    code, out, _ = run_cli("gate", str(pr.repo.root), "--reviews", str(odd), "--author", AUTHOR, "--base", pr.base, "--head", pr.head, "--format", "json")
    assert code == 1 and any(f["code"] == "gate-reviews-invalid" and "LGTM" in f["message"] for f in json.loads(out)["findings"])


def test_usage_errors(pr: GatePR, tmp_path: Path) -> None:
    payload = pr.write_payload("github_complete.json", tmp_path / "r.json")
    code, _, err = run_cli("gate", str(pr.repo.root), "--reviews", str(payload), "--author", AUTHOR)
    assert code == 2 and "基准提交" in err
    code, _, err = run_cli("gate", str(pr.repo.root), "--reviews", str(payload), "--author", AUTHOR, "--base", "no-such-branch")
    assert code == 2 and "找不到提交" in err and "Traceback" not in err


def test_git_processes_do_not_grow_with_the_pr(git_repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edits: dict[str, str | None] = {f"content/edu/item-{i:03d}.md": content("edu", "edu-wechat", body=f"第 {i} 条。") for i in range(60)}
    edits["units/edu.yaml"] = EDU + "# 注释\n"
    pr = GatePR(git_repo).open(edits)
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(args: list[str], *a: Any, **kw: Any) -> Any:
        calls.append(list(args))
        return real(args, *a, **kw)

    monkeypatch.setattr(gitio.subprocess, "run", counting)
    code, result = gate(pr, "github_roster_supervisor.json", tmp=tmp_path)
    assert len(result["changes"]) == 61
    assert len(calls) == 5, [c[3] for c in calls]  # rev-parse, diff, log (the PR's commit authors), ls-tree, cat-file
    assert code == 1  # the edu chain lacks its leader; the roster change is approved
    assert "gate-supervisor-missing" not in codes(result)
