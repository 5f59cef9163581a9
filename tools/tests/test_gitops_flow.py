"""The whole GitOps path on the real sample data, in a real git repository:

a department's handler registers an account on a branch (`govreg new account`), the pull request
is reviewed (recorded GitHub payloads), `govreg gate` judges the sign-offs, the branch is merged
with the forge's merge message, and then `govreg check`, `govreg audit` and the public registry
all see the new account.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from govreg.repository import load_repository
from govreg.site.render import render_pages

from conftest import TODAY, GitRepo, check_json, run_cli

ACCOUNT = "accounts/education-bureau/education-bureau-douyin.yaml"
HANDLER, SECTION_HEAD, LEADER = "wangxd-jyj", "liulj-jyj", "zhaogq-jyj"  # from units/education-bureau.yaml


def review(login: str, state: str, sha: str, at: str, review_id: int) -> dict[str, Any]:
    """One review in the shape of GitHub's GET /repos/{owner}/{repo}/pulls/{n}/reviews."""
    return {
        "id": review_id,
        "user": {"login": login, "type": "User"},
        "body": "",
        "state": state,
        "commit_id": sha,
        "submitted_at": at,
        "author_association": "MEMBER",
        "html_url": f"https://github.com/wuzhong-gov/govreg/pull/42#pullrequestreview-{review_id}",
    }


def open_pull_request(repo: GitRepo) -> tuple[str, str]:
    base = repo.git("rev-parse", "HEAD").strip()
    repo.git("checkout", "-q", "-b", "register-douyin")
    code, out, err = run_cli(
        "new", "account", "--root", str(repo.root), "--non-interactive", "--yes",
        "--unit", "education-bureau", "--platform", "douyin", "--name", "吴忠教育",
        "--handle", "wuzhong-jiaoyu", "--url", "https://www.douyin.com/user/wuzhong-jiaoyu-sample",
        "--date", "2026-11-23", "--filed", "2026-11-24",
    )  # fmt: skip
    assert code == 0, out + err
    assert (repo.root / ACCOUNT).is_file()
    repo.commit("登记教育局抖音账号", date=f"{TODAY}T10:00:00+08:00")
    # the handler's own commit (author e-mail as in the roster): opening the PR is the initial review
    repo.git("commit", "-q", "--amend", "--no-edit", "--author", "王晓东 <wangxd.jyj@example.com>", date=f"{TODAY}T10:00:00+08:00")
    head = repo.git("rev-parse", "HEAD").strip()
    return base, head


def gate(repo: GitRepo, base: str, head: str, reviews: list[dict[str, Any]], tmp_path: Path) -> tuple[int, dict[str, Any]]:
    payload = tmp_path / "reviews.json"
    payload.write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli(
        "gate", str(repo.root), "--base", base, "--head", head, "--author", HANDLER,
        "--reviews", str(payload), "--format", "json", "--summary", str(tmp_path / "summary.md"),
    )  # fmt: skip
    assert "Traceback" not in err, err
    return code, json.loads(out)


def test_register_review_merge_publish(git_sample: GitRepo, tmp_path: Path) -> None:
    repo = git_sample
    base, head = open_pull_request(repo)

    # the leader approves before the section head: the chain is out of order, the gate stays shut
    wrong = [
        review(LEADER, "APPROVED", head, "2026-11-26T02:00:00Z", 1),
        review(SECTION_HEAD, "APPROVED", head, "2026-11-26T02:10:00Z", 2),
    ]
    code, result = gate(repo, base, head, wrong, tmp_path)
    assert code == 1
    assert "gate-order" in {f["code"] for f in result["findings"]}

    # handler (the author) → section head → leader, all on the head commit: complete
    right = [
        review(SECTION_HEAD, "APPROVED", head, "2026-11-26T02:10:00Z", 3),
        review(LEADER, "APPROVED", head, "2026-11-26T02:20:00Z", 4),
    ]
    code, result = gate(repo, base, head, right, tmp_path)
    assert code == 0, result
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "教育局" in summary

    # merged the way the forge does it; the PR number travels in the merge message
    repo.git("checkout", "-q", "main")
    repo.git("merge", "--no-ff", "-q", "-m", "Merge pull request #42 from wuzhong-gov/register-douyin", "register-douyin", date=f"{TODAY}T11:00:00+08:00")

    code, report = check_json(repo.root)
    assert code == 0, [f for f in report["findings"] if f["severity"] == "error"]
    assert report["stats"]["accounts"] == 30

    code, out, err = run_cli("audit", "--root", str(repo.root), ACCOUNT, "--format", "json")
    assert code == 0, err
    [record] = json.loads(out)["records"]
    [change] = record["changes"]  # one change on main: the merge that carries the PR number
    assert (change["pr"], change["status"], change["subject"]) == (42, "A", "Merge pull request #42 from wuzhong-gov/register-douyin")

    pages = render_pages(load_repository(repo.root), today=dt.date.fromisoformat(TODAY))
    account_pages = [text for path, text in pages.items() if "education-bureau-douyin" in path]
    assert account_pages and "吴忠教育" in account_pages[0] and "wuzhong-jiaoyu" in account_pages[0]
    assert "wuzhong-jiaoyu" in pages["data/registry.json"]
