"""The sign-off ledger end to end, in a real git repository (issue 11, "the audit trail in the repository itself").

PR branch → ``govreg gate`` (reviews saved) → merge → ``govreg ledger record`` writes the sign-offs →
``govreg audit --verify`` is clean → an edited ledger entry, or a change merged without sign-offs, is
reported; ``govreg form`` takes the times and opinions from the ledger, not from the typed block.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gate_fixture import GatePR, content
from test_gate import AUTHOR, EDU_ITEM

from govreg import ledger

from conftest import GitRepo, run_cli

MERGED_AT = "2026-11-20T11:00:00+08:00"


def cli(*args: str) -> tuple[int, str, str]:
    code, out, err = run_cli(*args)
    assert "Traceback" not in err, err
    return code, out, err


def verify(root: Path) -> tuple[int, dict[str, Any]]:
    code, out, _ = cli("audit", "--root", str(root), "--verify", "--format", "json")
    return code, json.loads(out)


def merged(git_repo: GitRepo, payload: str = "github_complete.json", *, item: str | None = None) -> GatePR:
    """The whole path: genesis, PR, gate with --save-reviews, merge, ledger record, ledger commit."""
    pr = GatePR(git_repo)
    code, _, err = cli("ledger", "init", "--root", str(git_repo.root), "--since", "HEAD")
    assert code == 0, err
    pr.base = pr.old = git_repo.commit("建立签核账本")
    pr.open({EDU_ITEM: item or content("edu", "edu-wechat")})
    reviews, saved = git_repo.root.parent / "reviews.json", git_repo.root.parent / "saved-12.json"
    pr.write_payload(payload, reviews)
    code, _, err = cli(
        "gate", str(git_repo.root), "--reviews", str(reviews), "--author", AUTHOR, "--base", pr.base, "--head", pr.head,
        "--pr", "12", "--save-reviews", str(saved), "--format", "json",
    )  # fmt: skip
    assert saved.is_file(), "--save-reviews must work with --reviews too (hole 8)"
    git_repo.git("checkout", "-q", "main")
    git_repo.git("merge", "-q", "--no-ff", "pr", "-m", "Merge pull request #12 from wz/pr")
    code, _, err = cli("ledger", "record", "--root", str(git_repo.root), "--reviews", str(saved), "--merged-at", MERGED_AT)
    assert code == 0, err
    git_repo.commit("签核账本:PR #12")
    return pr


def test_merged_pr_is_recorded_and_verifies_clean(git_repo: GitRepo) -> None:
    merged(git_repo)
    lines = (git_repo.root / ledger.LEDGER_PATH).read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[1])
    assert entry["pr"] == 12 and entry["complete"] is True and entry["merged_at"] == MERGED_AT
    assert [(s["step"], s["person"], s["at"]) for s in entry["signoffs"]] == [
        ("handler", "edu-handler", None),
        ("section-head", "edu-head", "2026-11-20T02:05:00+00:00"),
        ("leader", "edu-leader", "2026-11-20T02:10:00+00:00"),
    ]
    assert entry["signoffs"][2]["opinion"] == "同意发布"
    code, result = verify(git_repo.root)
    assert (code, result["findings"]) == (0, [])
    assert result["commits"] == 1


def test_an_edited_ledger_entry_is_detected(git_repo: GitRepo) -> None:
    merged(git_repo)
    path = git_repo.root / ledger.LEDGER_PATH
    path.write_text(path.read_text(encoding="utf-8").replace("2026-11-20T02:10:00+00:00", "2026-11-20T02:01:00+00:00"), encoding="utf-8")
    code, result = verify(git_repo.root)
    assert code == 1
    assert [(f["code"], f["line"]) for f in result["findings"] if f["code"] == "audit-ledger-tampered"] == [("audit-ledger-tampered", 2)]


def test_a_change_merged_without_signoffs_is_reported(git_repo: GitRepo) -> None:
    merged(git_repo)
    git_repo.write("content/edu/notice.md", content("edu", "edu-wechat", body="绕过审核直接推送的正文。"))
    sha = git_repo.commit("直接推送")
    code, result = verify(git_repo.root)
    assert code == 1
    missing = [f for f in result["findings"] if f["code"] == "audit-signoff-missing"]
    assert len(missing) == 1 and sha[:10] in missing[0]["message"] and missing[0]["path"] == EDU_ITEM


def test_a_recorded_merge_with_an_incomplete_chain_is_reported(git_repo: GitRepo) -> None:
    merged(git_repo, "github_wrong_order.json")
    code, result = verify(git_repo.root)
    assert code == 1
    assert "audit-signoff-incomplete" in {f["code"] for f in result["findings"]}


def test_no_ledger_is_reported(git_repo: GitRepo) -> None:
    GatePR(git_repo)
    code, result = verify(git_repo.root)
    assert code == 1 and [f["code"] for f in result["findings"]] == ["audit-ledger-missing"]


def test_form_takes_times_and_opinions_from_the_ledger(git_repo: GitRepo) -> None:
    merged(git_repo)
    out = git_repo.root.parent / "form.html"
    code, _, err = cli("form", str(git_repo.root / EDU_ITEM), "--root", str(git_repo.root), "-o", str(out))
    assert code == 0, err
    page = out.read_text(encoding="utf-8")
    assert page.count("（据签核账本）") == 3
    assert "2026-11-20<br>10:10" in page and "2026-11-20<br>10:05" in page


def test_ledger_refuses_to_extend_a_broken_chain(tmp_path: Path) -> None:
    ledger.append(tmp_path, [{"kind": "genesis", "since": "abc"}])
    path = tmp_path / ledger.LEDGER_PATH
    path.write_text(path.read_text(encoding="utf-8").replace('"abc"', '"abd"'), encoding="utf-8")
    with pytest.raises(ValueError, match="账本已损坏"):
        ledger.append(tmp_path, [{"kind": "merge"}])


def test_audit_reads_the_ledger_first(git_repo: GitRepo) -> None:
    merged(git_repo)
    code, out, err = cli("audit", EDU_ITEM, "--root", str(git_repo.root), "--format", "json")
    assert code == 0, err
    changes = json.loads(out)["records"][0]["changes"]
    merge = next(c for c in changes if c["pr"] == 12)
    assert [(s["step"], s["person"]) for s in merge["signoffs"]] == [("handler", "edu-handler"), ("section-head", "edu-head"), ("leader", "edu-leader")]
    code, out, _ = cli("audit", EDU_ITEM, "--root", str(git_repo.root))
    assert "签核（账本）：初审 张承办（@zhang-handler） 提交 PR 时；复审 李科长（@li-head） 2026-11-20T02:05:00+00:00" in out


def test_a_rewritten_chain_is_caught_by_the_committed_versions(git_repo: GitRepo) -> None:
    merged(git_repo)
    path = git_repo.root / ledger.LEDGER_PATH
    lines = path.read_text(encoding="utf-8").splitlines()
    # rewrite entry 2 with an earlier leader time and recompute every hash: the chain itself is valid again
    entry = json.loads(lines[1])
    entry["signoffs"][2]["at"] = "2026-11-20T02:01:00+00:00"
    genesis = ledger.parse_ledger(lines[0] + "\n")
    rewritten = ledger.new_entry(genesis, {k: v for k, v in entry.items() if k not in ("seq", "prev", "hash")})
    path.write_text(lines[0] + "\n" + ledger.canonical(rewritten) + "\n", encoding="utf-8")
    assert not ledger.read_ledger(git_repo.root).problems
    sha = git_repo.commit("改写账本")
    code, result = verify(git_repo.root)
    assert code == 1
    tampered = [f for f in result["findings"] if f["code"] == "audit-ledger-tampered"]
    assert len(tampered) == 1 and tampered[0]["line"] == 2 and sha[:10] in tampered[0]["message"]
